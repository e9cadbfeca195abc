/**
 * The simulator's FileSystem interface over a real directory taken as `/` (a mounted
 * build layer): what the builder's COPY/ADD and WORKDIR code writes goes to real files.
 *
 * Paths are the container's. Every symlink on the way is resolved here, inside the
 * root, as the daemon's FollowSymlinkInScope does (an absolute target starts at the
 * root, `..` stops there), before Node sees the path; the last component is followed
 * or not as the call says (lstat, readlink, unlink, symlink, lchown … do not). So a
 * symlink in the image or in an ADDed archive never leads a write out of the root.
 * The directory must not change under it meanwhile (nothing runs in a build layer).
 */
import {
  chmodSync,
  chownSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { major, minor } from '../../sim/archive/types.ts';
import { FsError, type DirEntry, type FileSystem, type FileType, type FsErrorCode, type Stat, type WriteOptions } from '../../sim/fs/types.ts';
import { mknodAll } from '../images/sys.ts';

const MAX_LINKS = 255;
const CODES = new Set<string>(['ENOENT', 'EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY', 'EACCES', 'EPERM', 'EINVAL', 'ELOOP', 'EROFS', 'EXDEV', 'ENOSPC']);

function typeOf(st: Stats): FileType {
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  return 'file';
}

function statOf(st: Stats): Stat {
  const type = typeOf(st);
  return {
    type,
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    mtimeMs: st.mtimeMs,
    nlink: st.nlink,
    ...(type === 'char' || type === 'block' ? { rdev: st.rdev } : {}),
  };
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export class RootedFs implements FileSystem {
  readonly root: string;

  constructor(root: string) {
    this.root = root.replace(/\/+$/, '');
  }

  /** The container path with every symlink resolved in the root (the last one only if `follow`); missing names stay as they are. */
  resolve(path: string, follow: boolean): string {
    const todo = path.split('/').filter((p) => p !== '' && p !== '.');
    const done: string[] = [];
    let hops = 0;
    while (todo.length) {
      const name = todo.shift()!;
      if (name === '..') {
        done.pop();
        continue;
      }
      const cur = '/' + [...done, name].join('/');
      let st: Stats | undefined;
      try {
        st = lstatSync(this.root + cur);
      } catch {
        st = undefined;
      }
      if (!st?.isSymbolicLink() || (todo.length === 0 && !follow)) {
        done.push(name);
        continue;
      }
      if (++hops > MAX_LINKS) throw new FsError('ELOOP', path);
      const target = readlinkSync(this.root + cur, 'utf8');
      if (target.startsWith('/')) done.length = 0;
      todo.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
    }
    return '/' + done.join('/');
  }

  /** The host path of a container path. */
  host(path: string, follow: boolean): string {
    return this.root + this.resolve(path, follow);
  }

  /** Runs a Node call, its error as the FsError the simulator's code expects. */
  #do<T>(path: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof FsError) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? '';
      throw new FsError((CODES.has(code) ? code : 'EINVAL') as FsErrorCode, path);
    }
  }

  stat(path: string): Stat {
    return this.#do(path, () => statOf(lstatSync(this.host(path, true))));
  }

  lstat(path: string): Stat {
    return this.#do(path, () => statOf(lstatSync(this.host(path, false))));
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
    return this.#do(path, () => {
      const dir = this.host(path, true);
      return readdirSync(dir)
        .sort(byteOrder)
        .map((name) => ({ name, type: typeOf(lstatSync(`${dir}/${name}`)) }));
    });
  }

  readFile(path: string): Uint8Array {
    return this.#do(path, () => new Uint8Array(readFileSync(this.host(path, true))));
  }

  readText(path: string): string {
    return new TextDecoder().decode(this.readFile(path));
  }

  writeFile(path: string, data: Uint8Array | string, opts: WriteOptions = {}): void {
    this.#do(path, () => writeFileSync(this.host(path, true), data, { mode: opts.mode ?? 0o644, flag: opts.append ? 'a' : 'w' }));
  }

  mkdir(path: string, opts: { mode?: number; parents?: boolean } = {}): void {
    const mode = opts.mode ?? 0o755;
    this.#do(path, () => {
      if (opts.parents) {
        let cur = '';
        for (const part of path.split('/').filter(Boolean)) {
          cur += '/' + part;
          if (!this.exists(cur)) this.mkdir(cur, { mode });
        }
        return;
      }
      const p = this.host(path, false);
      mkdirSync(p, { mode });
      // the mode asked for, not the umask's
      chmodSync(p, mode);
    });
  }

  unlink(path: string): void {
    this.#do(path, () => unlinkSync(this.host(path, false)));
  }

  rmdir(path: string): void {
    this.#do(path, () => rmdirSync(this.host(path, false)));
  }

  rename(from: string, to: string): void {
    this.#do(from, () => renameSync(this.host(from, false), this.host(to, false)));
  }

  symlink(target: string, path: string): void {
    this.#do(path, () => symlinkSync(target, this.host(path, false)));
  }

  readlink(path: string): string {
    return this.#do(path, () => readlinkSync(this.host(path, false), 'utf8'));
  }

  realpath(path: string): string {
    return this.resolve(path, true);
  }

  chmod(path: string, mode: number): void {
    this.#do(path, () => chmodSync(this.host(path, true), mode & 0o7777));
  }

  chown(path: string, uid: number, gid: number): void {
    this.#do(path, () => chownSync(this.host(path, true), uid, gid));
  }

  lchown(path: string, uid: number, gid: number): void {
    this.#do(path, () => lchownSync(this.host(path, false), uid, gid));
  }

  utimes(path: string, mtimeMs: number): void {
    this.#do(path, () => utimesSync(this.host(path, true), mtimeMs / 1000, mtimeMs / 1000));
  }

  lutimes(path: string, mtimeMs: number): void {
    this.#do(path, () => lutimesSync(this.host(path, false), mtimeMs / 1000, mtimeMs / 1000));
  }

  link(existing: string, path: string): void {
    this.#do(path, () => linkSync(this.host(existing, false), this.host(path, false)));
  }

  mknod(path: string, type: FileType, mode: number, rdev = 0): void {
    if (type !== 'char' && type !== 'block' && type !== 'fifo') throw new FsError('EINVAL', path);
    this.#do(path, () => mknodAll([{ path: this.host(path, false), kind: type, mode, major: major(rdev), minor: minor(rdev) }]));
  }
}
