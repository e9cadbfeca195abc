/**
 * The host's files of one `classroom serve` session: a real directory that stands in
 * for `/`, with the part of MemoryFs's interface the terminal's host commands use
 * (src/play/terminal: ls, cat, rm, mkdir, touch, redirections, the docker CLI's -o/-i
 * files). Bind mounts of the session's containers are made in the same directory
 * (NativeEngine's hostRoot), so `echo hi > /srv/x` on the host and
 * `docker run -v /srv:/data busybox cat /data/x` see the same file, as on a real host.
 * Every path is resolved inside the directory (hostRoot.ts); nothing outside is read
 * or written. Errors are FsError with the errno, as MemoryFs throws them.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  unlinkSync,
  utimesSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { resolveInRoot } from '../native/engine/hostRoot.ts';
import { FsError, type DirEntry, type FileType, type FsErrorCode, type Stat } from '../sim/fs/types.ts';

const CODES = new Set<FsErrorCode>(['ENOENT', 'EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY', 'EACCES', 'EPERM', 'EINVAL', 'ELOOP', 'EROFS', 'EXDEV', 'ENOSPC']);

function fsError(e: unknown, path: string): FsError {
  if (e instanceof FsError) return e;
  const code = (e as NodeJS.ErrnoException).code as FsErrorCode | undefined;
  return new FsError(code && CODES.has(code) ? code : 'EINVAL', path);
}

function typeOf(st: Stats): FileType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  return 'socket';
}

function toStat(st: Stats): Stat {
  const s: Stat = { type: typeOf(st), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size, mtimeMs: st.mtimeMs, nlink: st.nlink, blocks: st.blocks };
  if (st.isCharacterDevice() || st.isBlockDevice()) s.rdev = st.rdev;
  return s;
}

/** Largest file the host commands read into memory (the docker CLI's -i/-o files included). */
export const MAX_HOST_FILE = 256 * 1024 * 1024;

export class HostDirFs {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** The real path of a host path (symlinks followed inside the root). */
  real(path: string, followLast = true): string {
    return resolveInRoot(this.root, path, followLast);
  }

  #lstatReal(real: string, path: string): Stats {
    try {
      return lstatSync(real);
    } catch (e) {
      throw fsError(e, path);
    }
  }

  stat(path: string): Stat {
    return toStat(this.#lstatReal(this.real(path), path));
  }

  lstat(path: string): Stat {
    return toStat(this.#lstatReal(this.real(path, false), path));
  }

  exists(path: string): boolean {
    try {
      this.stat(path);
      return true;
    } catch {
      return false;
    }
  }

  readdir(path: string): DirEntry[] {
    const real = this.real(path);
    try {
      return readdirSync(real, { withFileTypes: true })
        .map((d) => ({
          name: d.name,
          type: (d.isFile() ? 'file' : d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'symlink' : d.isCharacterDevice() ? 'char' : d.isBlockDevice() ? 'block' : d.isFIFO() ? 'fifo' : 'socket') as FileType,
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      throw fsError(e, path);
    }
  }

  readFile(path: string): Uint8Array {
    const real = this.real(path);
    let fd: number;
    try {
      // O_NOFOLLOW: the last component was resolved above; a link put there since is refused.
      fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (e) {
      throw fsError(e, path);
    }
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new FsError('EISDIR', path);
      if (!st.isFile()) return new Uint8Array(0);
      if (st.size > MAX_HOST_FILE) throw new FsError('ENOSPC', path);
      return new Uint8Array(readFileSync(fd));
    } catch (e) {
      throw fsError(e, path);
    } finally {
      closeSync(fd);
    }
  }

  readText(path: string): string {
    return new TextDecoder().decode(this.readFile(path));
  }

  writeFile(path: string, data: Uint8Array | string, opts: { append?: boolean; mode?: number } = {}): void {
    const real = this.real(path);
    let fd: number;
    try {
      const st = lstatSync(real, { throwIfNoEntry: false });
      if (st?.isDirectory()) throw new FsError('EISDIR', path);
      if (st && !st.isFile()) return; // writes to devices are not the host's business here
      fd = openSync(real, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (opts.append ? constants.O_APPEND : constants.O_TRUNC), opts.mode ?? 0o644);
    } catch (e) {
      throw fsError(e, path);
    }
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      throw fsError(e, path);
    } finally {
      closeSync(fd);
    }
  }

  mkdir(path: string, opts: { mode?: number; parents?: boolean } = {}): void {
    const mode = opts.mode ?? 0o755;
    if (opts.parents) {
      let p = '';
      for (const part of path.split('/').filter(Boolean)) {
        p += `/${part}`;
        let st: Stat | undefined;
        try {
          st = this.stat(p);
        } catch (e) {
          if (!(e instanceof FsError) || e.code !== 'ENOENT') throw e;
        }
        if (st) {
          if (st.type !== 'dir') throw new FsError(p === path ? 'EEXIST' : 'ENOTDIR', path);
          continue;
        }
        this.mkdir(p, { mode });
      }
      return;
    }
    if (path === '/' || path === '') throw new FsError('EEXIST', path);
    try {
      mkdirSync(this.real(path, false), { mode });
    } catch (e) {
      throw fsError(e, path);
    }
  }

  unlink(path: string): void {
    const real = this.real(path, false);
    const st = this.#lstatReal(real, path);
    if (st.isDirectory()) throw new FsError('EISDIR', path);
    try {
      unlinkSync(real);
    } catch (e) {
      throw fsError(e, path);
    }
  }

  rmdir(path: string): void {
    if (path === '/') throw new FsError('EPERM', path);
    const real = this.real(path, false);
    const st = this.#lstatReal(real, path);
    if (!st.isDirectory()) throw new FsError('ENOTDIR', path);
    try {
      rmdirSync(real);
    } catch (e) {
      throw fsError(e, path);
    }
  }

  readlink(path: string): string {
    const real = this.real(path, false);
    const st = this.#lstatReal(real, path);
    if (!st.isSymbolicLink()) throw new FsError('EINVAL', path);
    return readlinkSync(real, 'utf8');
  }

  utimes(path: string, mtimeMs: number): void {
    try {
      const t = new Date(mtimeMs);
      utimesSync(this.real(path), t, t);
    } catch (e) {
      throw fsError(e, path);
    }
  }
}
