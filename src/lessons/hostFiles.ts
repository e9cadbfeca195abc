/** The simulated host's files as the docker client sees them (`-o`, `-i`, `import FILE`, a build context), relative to a working directory. */
import type { HostFileStat, HostFiles } from '../sim/cli/io.ts';
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

/** stat/lstat of a MemoryFs path in the HostFiles shape; a missing path rejects like Go's os.Lstat (code ENOENT). */
export function memoryStat(fs: MemoryFs, full: string, shown: string, follow: boolean): HostFileStat {
  try {
    const s = follow ? fs.stat(full) : fs.lstat(full);
    const type = s.type === 'file' || s.type === 'dir' || s.type === 'symlink' ? s.type : 'other';
    return {
      type,
      mode: s.mode,
      size: type === 'dir' ? 0 : s.size,
      mtimeMs: s.mtimeMs,
      ...(type === 'symlink' ? { linkTarget: fs.readlink(full) } : {}),
    };
  } catch (e) {
    // an FsError (not imported: this module is on the lesson page before the simulator is)
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw e;
    const text = code === 'ENOENT' ? 'no such file or directory' : code === 'ENOTDIR' ? 'not a directory' : (e as Error).message;
    throw Object.assign(new Error(`${follow ? 'stat' : 'lstat'} ${shown}: ${text}`), { code });
  }
}

/** A MemoryFs directory listing for HostFiles.readdir. */
export function memoryReaddir(fs: MemoryFs, full: string, shown: string): string[] {
  try {
    return fs.readdir(full).map((e) => e.name);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw e;
    throw Object.assign(new Error(`open ${shown}: ${(e as Error).message}`), { code });
  }
}

export function memoryHostFiles(fs: MemoryFs, cwd: () => string = () => '/root'): HostFiles {
  const at = (path: string) => resolveHostPath(cwd(), path);
  return {
    readFile: async (path) => fs.readFile(at(path)),
    writeFile: async (path, data, opts = {}) => {
      const full = at(path);
      if (opts.parents) fs.mkdir(full.slice(0, full.lastIndexOf('/')) || '/', { parents: true, mode: 0o755 });
      fs.writeFile(full, data, opts.mode !== undefined ? { mode: opts.mode } : {});
    },
    stat: async (path, opts = {}) => memoryStat(fs, at(path), path, opts.follow ?? false),
    readdir: async (path) => memoryReaddir(fs, at(path), path),
    cwd: () => resolveHostPath(cwd(), '.'),
  };
}
