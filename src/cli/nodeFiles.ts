/** Host files for the runner: real files, relative to a working directory. */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { HostFiles } from '../sim/cli/io.ts';

export function nodeFiles(cwd: string): HostFiles {
  return {
    readFile: async (path) => new Uint8Array(await readFile(resolve(cwd, path))),
    writeFile: async (path, data) => writeFile(resolve(cwd, path), data),
  };
}
