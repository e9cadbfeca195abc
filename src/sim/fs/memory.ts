/**
 * An in-memory file system with inodes (files, dirs, symlinks, device nodes,
 * hard links), modes, owners and mtimes taken from a `now()` function (the
 * virtual clock).
 *
 * Trees can be shared copy-on-write: `fork()` gives a new MemoryFs that starts
 * with the same root; the first change to any directory or file clones just
 * that inode (and the directories on the way to it), so the original tree is
 * never modified and unchanged parts stay shared. ContainerFs builds on this.
 */
import { FsError, type DirEntry, type FileSystem, type FileType, type Stat, type WriteOptions } from './types.ts';
import { components } from './path.ts';

export interface Inode {
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  nlink: number;
  /** Owner token: the MemoryFs allowed to modify this inode in place. */
  own: object | null;
  /** Regular file: bytes [0, size) of data; data === undefined means synthetic content. */
  data?: Uint8Array;
  size: number;
  /** Name of the simulated program this executable runs (e.g. 'busybox'). */
  exe?: string;
  entries?: Map<string, Inode>;
  target?: string;
  rdev?: number;
}

const MAX_SYMLINKS = 40;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Deterministic content of a synthetic file: a 64-byte ELF header, then zeros. */
export function syntheticBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  const hdr = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0];
  out.set(hdr.slice(0, Math.min(size, hdr.length)));
  return out;
}

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? enc.encode(data) : data;
}

export interface MemoryFsOptions {
  /** Clock for mtimes (ms since epoch). Defaults to 0. */
  now?: () => number;
  /** Refuse every change with EROFS (a shared image tree). */
  readOnly?: boolean;
  /**
   * What kind of file system st_size/st_blocks of directories look like: 'disk'
   * (ext4/overlay: 4096 bytes, 8 blocks; the default), 'tmpfs' (40 + 20 per
   * entry, no blocks) or 'pseudo' (devpts, sysfs: 0).
   */
  kind?: 'disk' | 'tmpfs' | 'pseudo';
}

export interface MemWriteOptions extends WriteOptions {
  uid?: number;
  gid?: number;
  mtimeMs?: number;
}

interface Found {
  parent: Inode;
  name: string;
  node: Inode | undefined;
  /** The resolved absolute path of the entry. */
  path: string;
}

export class MemoryFs implements FileSystem {
  root: Inode;
  readonly now: () => number;
  readOnly: boolean;
  readonly kind: 'disk' | 'tmpfs' | 'pseudo';
  readonly token: object = {};

  constructor(opts: MemoryFsOptions = {}, root?: Inode) {
    this.now = opts.now ?? (() => 0);
    this.readOnly = opts.readOnly ?? false;
    this.kind = opts.kind ?? 'disk';
    this.root = root ?? this.#newInode('dir', 0o755);
  }

  /** A new file system sharing this tree copy-on-write. */
  fork(opts: MemoryFsOptions = {}): MemoryFs {
    return new MemoryFs({ now: opts.now ?? this.now, readOnly: opts.readOnly, kind: opts.kind ?? this.kind }, this.root);
  }

  // ---- lookup ----

  #newInode(type: FileType, mode: number): Inode {
    const n: Inode = { type, mode: mode & 0o7777, uid: 0, gid: 0, mtime: this.now(), nlink: type === 'dir' ? 2 : 1, own: this.token, size: 0 };
    if (type === 'dir') n.entries = new Map();
    return n;
  }

  /** Makes `child` (an entry of the writable dir `parent`) writable, cloning it if shared. */
  #own(parent: Inode, name: string, child: Inode): Inode {
    if (child.own === this.token) return child;
    const c: Inode = { ...child, own: this.token };
    if (child.entries) c.entries = new Map(child.entries);
    if (child.data) c.data = child.data.subarray(0, child.size);
    parent.entries!.set(name, c);
    return c;
  }

  #ownRoot(): Inode {
    if (this.root.own !== this.token) {
      this.root = { ...this.root, own: this.token, entries: new Map(this.root.entries) };
    }
    return this.root;
  }

  /**
   * Walks `path`. Intermediate symlinks are always followed; the last component
   * only when `follow`. With `write`, every directory passed is made writable.
   */
  #walk(path: string, follow: boolean, write: boolean, depth = 0): Found {
    if (write && this.readOnly) throw new FsError('EROFS', path);
    const parts = components(path);
    let dir = write ? this.#ownRoot() : this.root;
    let cur = '';
    if (parts.length === 0) return { parent: dir, name: '', node: dir, path: '/' };
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      const last = i === parts.length - 1;
      if (dir.type !== 'dir') throw new FsError('ENOTDIR', path);
      let node = dir.entries!.get(name);
      if (last && !follow) return { parent: dir, name, node, path: cur + '/' + name };
      if (node === undefined) {
        if (last) return { parent: dir, name, node, path: cur + '/' + name };
        throw new FsError('ENOENT', path);
      }
      if (node.type === 'symlink') {
        if (depth >= MAX_SYMLINKS) throw new FsError('ELOOP', path);
        const target = node.target!;
        const base = target.startsWith('/') ? target : cur + '/' + target;
        const rest = parts.slice(i + 1).join('/');
        const next = normalizeLoose(rest ? base + '/' + rest : base);
        return this.#walk(next, follow, write, depth + 1);
      }
      if (!last) {
        if (node.type !== 'dir') throw new FsError('ENOTDIR', path);
        if (write) node = this.#own(dir, name, node);
        dir = node;
        cur += '/' + name;
      } else {
        return { parent: dir, name, node, path: cur + '/' + name };
      }
    }
    /* c8 ignore next */
    throw new FsError('ENOENT', path);
  }

  #get(path: string, follow: boolean): Inode {
    const f = this.#walk(path, follow, false);
    if (!f.node) throw new FsError('ENOENT', path);
    return f.node;
  }

  /** The inode at path (following symlinks), for callers that need exe tags etc. */
  inode(path: string, follow = true): Inode {
    return this.#get(path, follow);
  }

  /** Resolves every symlink in path; the result names an existing entry or throws. */
  realpath(path: string): string {
    const f = this.#walk(path, true, false);
    if (!f.node) throw new FsError('ENOENT', path);
    return f.path;
  }

  #stat(n: Inode): Stat {
    let nlink = n.nlink;
    let size = n.size;
    let blocks = 0;
    if (n.type === 'dir') {
      nlink = 2;
      for (const c of n.entries!.values()) if (c.type === 'dir') nlink++;
      if (this.kind === 'disk') {
        size = 4096;
        blocks = 8;
      } else size = this.kind === 'tmpfs' ? 40 + 20 * n.entries!.size : 0;
    } else if (n.type === 'symlink') size = n.target!.length;
    else if (n.type === 'file') blocks = Math.ceil(size / 4096) * 8;
    const st: Stat = { type: n.type, mode: n.mode, uid: n.uid, gid: n.gid, size, mtimeMs: n.mtime, nlink, blocks };
    if (n.rdev !== undefined) st.rdev = n.rdev;
    if (n.exe !== undefined) st.exe = n.exe;
    return st;
  }

  // ---- FileSystem ----

  stat(path: string): Stat {
    return this.#stat(this.#get(path, true));
  }

  lstat(path: string): Stat {
    return this.#stat(this.#get(path, false));
  }

  exists(path: string): boolean {
    try {
      return this.#walk(path, true, false).node !== undefined;
    } catch {
      return false;
    }
  }

  readdir(path: string): DirEntry[] {
    const n = this.#get(path, true);
    if (n.type !== 'dir') throw new FsError('ENOTDIR', path);
    const out: DirEntry[] = [];
    for (const [name, c] of n.entries!) out.push({ name, type: c.type });
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out;
  }

  readFile(path: string): Uint8Array {
    const n = this.#get(path, true);
    if (n.type === 'dir') throw new FsError('EISDIR', path);
    if (n.type !== 'file') return new Uint8Array(0);
    if (!n.data) return syntheticBytes(n.size);
    return n.data.slice(0, n.size);
  }

  readText(path: string): string {
    return dec.decode(this.readFile(path));
  }

  writeFile(path: string, data: Uint8Array | string, opts: MemWriteOptions = {}): void {
    const f = this.#walk(path, true, true);
    let node = f.node;
    const now = opts.mtimeMs ?? this.now();
    if (!node) {
      node = this.#newInode('file', opts.mode ?? 0o644);
      if (opts.uid !== undefined) node.uid = opts.uid;
      if (opts.gid !== undefined) node.gid = opts.gid;
      f.parent.entries!.set(f.name, node);
      f.parent.mtime = now;
    } else {
      if (node.type === 'dir') throw new FsError('EISDIR', path);
      if (node.type !== 'file') return; // writes to devices are the caller's business
      node = this.#own(f.parent, f.name, node);
    }
    if (opts.exe !== undefined) node.exe = opts.exe;
    node.mtime = now;
    if (opts.size !== undefined) {
      node.data = undefined;
      node.size = opts.size;
      return;
    }
    const bytes = toBytes(data);
    if (opts.append) {
      const old = node.data ?? syntheticBytes(node.size);
      const need = node.size + bytes.length;
      let buf = old;
      if (need > old.length) {
        buf = new Uint8Array(Math.max(need, old.length * 2, 64));
        buf.set(old.subarray(0, node.size));
      }
      buf.set(bytes, node.size);
      node.data = buf;
      node.size = need;
    } else {
      node.data = bytes.slice();
      node.size = bytes.length;
    }
  }

  /** Sets a file's length (truncate(2)). */
  truncate(path: string, size: number): void {
    const f = this.#walk(path, true, true);
    if (!f.node) throw new FsError('ENOENT', path);
    if (f.node.type === 'dir') throw new FsError('EISDIR', path);
    const n = this.#own(f.parent, f.name, f.node);
    const old = n.data ?? syntheticBytes(n.size);
    const buf = new Uint8Array(size);
    buf.set(old.subarray(0, Math.min(size, n.size)));
    n.data = buf;
    n.size = size;
    n.mtime = this.now();
  }

  mkdir(path: string, opts: { mode?: number; parents?: boolean; uid?: number; gid?: number; mtimeMs?: number } = {}): void {
    if (opts.parents) {
      const parts = components(path);
      let p = '';
      for (const part of parts) {
        p += '/' + part;
        const f = this.#walk(p, true, false);
        if (f.node) {
          if (f.node.type !== 'dir') throw new FsError(p === path ? 'EEXIST' : 'ENOTDIR', path);
          continue;
        }
        this.mkdir(p, { ...opts, parents: false });
      }
      return;
    }
    const f = this.#walk(path, false, true);
    if (f.node || path === '/') throw new FsError('EEXIST', path);
    const n = this.#newInode('dir', opts.mode ?? 0o755);
    if (opts.uid !== undefined) n.uid = opts.uid;
    if (opts.gid !== undefined) n.gid = opts.gid;
    if (opts.mtimeMs !== undefined) n.mtime = opts.mtimeMs;
    f.parent.entries!.set(f.name, n);
    f.parent.mtime = this.now();
  }

  unlink(path: string): void {
    const f = this.#walk(path, false, true);
    if (!f.node) throw new FsError('ENOENT', path);
    if (f.node.type === 'dir') throw new FsError('EISDIR', path);
    f.parent.entries!.delete(f.name);
    if (f.node.own === this.token) f.node.nlink--;
    f.parent.mtime = this.now();
  }

  rmdir(path: string): void {
    if (path === '/') throw new FsError('EPERM', path);
    const f = this.#walk(path, false, true);
    if (!f.node) throw new FsError('ENOENT', path);
    if (f.node.type !== 'dir') throw new FsError('ENOTDIR', path);
    if (f.node.entries!.size) throw new FsError('ENOTEMPTY', path);
    f.parent.entries!.delete(f.name);
    f.parent.mtime = this.now();
  }

  rename(from: string, to: string): void {
    const src = this.#walk(from, false, true);
    if (!src.node) throw new FsError('ENOENT', from);
    const dst = this.#walk(to, false, true);
    // Re-resolve the source: walking `to` may have cloned its parent.
    const s = this.#walk(from, false, true);
    const node = s.node!;
    if (dst.node === node) return;
    if (node.type === 'dir' && (to === from || to.startsWith(s.path + '/'))) throw new FsError('EINVAL', to);
    if (dst.node) {
      if (dst.node.type === 'dir') {
        if (node.type !== 'dir') throw new FsError('EISDIR', to);
        if (dst.node.entries!.size) throw new FsError('ENOTEMPTY', to);
      } else if (node.type === 'dir') throw new FsError('ENOTDIR', to);
    }
    s.parent.entries!.delete(s.name);
    const d = this.#walk(to, false, true);
    d.parent.entries!.set(d.name, node);
    const now = this.now();
    s.parent.mtime = now;
    d.parent.mtime = now;
  }

  symlink(target: string, path: string): void {
    const f = this.#walk(path, false, true);
    if (f.node) throw new FsError('EEXIST', path);
    const n = this.#newInode('symlink', 0o777);
    n.target = target;
    f.parent.entries!.set(f.name, n);
    f.parent.mtime = this.now();
  }

  readlink(path: string): string {
    const n = this.#get(path, false);
    if (n.type !== 'symlink') throw new FsError('EINVAL', path);
    return n.target!;
  }

  /** A hard link: `path` becomes another name for the inode at `existing`. */
  link(existing: string, path: string): void {
    const src = this.#walk(existing, false, true);
    if (!src.node) throw new FsError('ENOENT', existing);
    if (src.node.type === 'dir') throw new FsError('EPERM', existing);
    const node = this.#own(src.parent, src.name, src.node);
    const f = this.#walk(path, false, true);
    if (f.node) throw new FsError('EEXIST', path);
    node.nlink++;
    f.parent.entries!.set(f.name, node);
    f.parent.mtime = this.now();
  }

  mknod(path: string, type: FileType, mode: number, rdev = 0): void {
    const f = this.#walk(path, false, true);
    if (f.node) throw new FsError('EEXIST', path);
    const n = this.#newInode(type, mode);
    if (type === 'char' || type === 'block') n.rdev = rdev;
    f.parent.entries!.set(f.name, n);
    f.parent.mtime = this.now();
  }

  #modify(path: string, follow: boolean, fn: (n: Inode) => void): void {
    const f = this.#walk(path, follow, true);
    if (!f.node) throw new FsError('ENOENT', path);
    fn(f.node === this.root ? this.#ownRoot() : this.#own(f.parent, f.name, f.node));
  }

  chmod(path: string, mode: number): void {
    this.#modify(path, true, (n) => (n.mode = mode & 0o7777));
  }

  chown(path: string, uid: number, gid: number): void {
    this.#modify(path, true, (n) => {
      if (uid >= 0) n.uid = uid;
      if (gid >= 0) n.gid = gid;
    });
  }

  lchown(path: string, uid: number, gid: number): void {
    this.#modify(path, false, (n) => {
      if (uid >= 0) n.uid = uid;
      if (gid >= 0) n.gid = gid;
    });
  }

  utimes(path: string, mtimeMs: number): void {
    this.#modify(path, true, (n) => (n.mtime = mtimeMs));
  }

  lutimes(path: string, mtimeMs: number): void {
    this.#modify(path, false, (n) => (n.mtime = mtimeMs));
  }
}

/** Like normalize() but for internal symlink resolution (keeps it absolute). */
function normalizeLoose(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}
