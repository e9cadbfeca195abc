/** Host files for the runner: real files, relative to a working directory. */
import { chmod, lstat, mkdir, readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { HostFileStat, HostFiles } from '../sim/cli/io.ts';

export function nodeFiles(cwd: string): HostFiles {
  return {
    readFile: async (path) => new Uint8Array(await readFile(resolve(cwd, path))),
    writeFile: async (path, data, opts = {}) => {
      const full = resolve(cwd, path);
      if (opts.parents) await mkdir(dirname(full), { recursive: true, mode: 0o755 });
      await writeFile(full, data, opts.mode !== undefined ? { mode: opts.mode } : {});
      // the process umask must not change what the script asked for
      if (opts.mode !== undefined) await chmod(full, opts.mode);
    },
    stat: async (path, opts = {}) => {
      const full = resolve(cwd, path);
      const s = opts.follow ? await stat(full) : await lstat(full);
      const type: HostFileStat['type'] = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other';
      return {
        type,
        mode: s.mode & 0o7777,
        size: type === 'dir' ? 0 : s.size,
        mtimeMs: s.mtimeMs,
        ...(type === 'symlink' ? { linkTarget: await readlink(full) } : {}),
      };
    },
    readdir: async (path) => readdir(resolve(cwd, path)),
    cwd: () => resolve(cwd),
  };
}
