/** The simulated host's files as the docker client sees them (`-o`, `-i`, `import FILE`), relative to a working directory. */
import type { HostFiles } from '../sim/cli/io.ts';
import type { MemoryFs } from '../sim/fs/memory.ts';

export function resolveHostPath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

export function memoryHostFiles(fs: MemoryFs, cwd: () => string = () => '/root'): HostFiles {
  return {
    readFile: async (path) => fs.readFile(resolveHostPath(cwd(), path)),
    writeFile: async (path, data) => fs.writeFile(resolveHostPath(cwd(), path), data),
  };
}
