/**
 * A mount table over a root file system: paths at or below a mount point go to
 * the mounted file system (with the mount point as its root). Resolution is by
 * path prefix; a symlink in one file system that points into another mount is
 * not followed across (good enough for /dev and /proc).
 */
import { FsError, type DirEntry, type FileSystem, type FileType, type Stat, type WriteOptions } from './types.ts';

export interface Mount {
  at: string;
  /** The mounted file system, or a factory called on first use (e.g. a container's /dev). */
  fs: FileSystem | (() => FileSystem);
}

export class MountFs implements FileSystem {
  readonly root: FileSystem;
  readonly mounts: Mount[];

  constructor(root: FileSystem, mounts: Mount[]) {
    this.root = root;
    // Longest mount point first.
    this.mounts = mounts.map((m) => ({ ...m })).sort((a, b) => b.at.length - a.at.length);
  }

  #fs(m: Mount): FileSystem {
    if (typeof m.fs === 'function') m.fs = m.fs();
    return m.fs;
  }

  #route(path: string): [FileSystem, string] {
    for (const m of this.mounts) {
      if (path === m.at) return [this.#fs(m), '/'];
      if (path.startsWith(m.at + '/')) return [this.#fs(m), path.slice(m.at.length)];
    }
    return [this.root, path];
  }

  #isMountPoint(path: string): boolean {
    return this.mounts.some((m) => m.at === path);
  }

  stat(path: string): Stat {
    const [fs, p] = this.#route(path);
    return fs.stat(p);
  }
  lstat(path: string): Stat {
    const [fs, p] = this.#route(path);
    return fs.lstat(p);
  }
  exists(path: string): boolean {
    const [fs, p] = this.#route(path);
    return fs.exists(p);
  }
  readdir(path: string): DirEntry[] {
    const [fs, p] = this.#route(path);
    const list = fs.readdir(p);
    // Mount points show up in their parent even if the lower tree lacks them.
    const prefix = path === '/' ? '/' : path + '/';
    let added = false;
    for (const m of this.mounts) {
      if (!m.at.startsWith(prefix)) continue;
      const name = m.at.slice(prefix.length);
      if (!name || name.includes('/')) continue;
      const i = list.findIndex((e) => e.name === name);
      // A bind-mounted file (/etc/hosts) is a file; a mounted tree is a directory.
      const type = this.#fs(m).lstat('/').type;
      if (i < 0) {
        list.push({ name, type });
        added = true;
      } else list[i] = { name, type };
    }
    if (added) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return list;
  }
  readFile(path: string): Uint8Array {
    const [fs, p] = this.#route(path);
    return fs.readFile(p);
  }
  readText(path: string): string {
    const [fs, p] = this.#route(path);
    return fs.readText(p);
  }
  writeFile(path: string, data: Uint8Array | string, opts?: WriteOptions): void {
    const [fs, p] = this.#route(path);
    fs.writeFile(p, data, opts);
  }
  mkdir(path: string, opts?: { mode?: number; parents?: boolean }): void {
    if (this.#isMountPoint(path)) {
      if (opts?.parents) return;
      throw new FsError('EEXIST', path);
    }
    if (opts?.parents) {
      // Walk so that each component goes to the file system that owns it.
      let cur = '';
      for (const part of path.split('/').filter(Boolean)) {
        cur += '/' + part;
        if (this.#isMountPoint(cur)) continue;
        const [fs, p] = this.#route(cur);
        if (!fs.exists(p)) fs.mkdir(p, { mode: opts.mode });
        else if (fs.stat(p).type !== 'dir') throw new FsError(cur === path ? 'EEXIST' : 'ENOTDIR', path);
      }
      return;
    }
    const [fs, p] = this.#route(path);
    fs.mkdir(p, opts);
  }
  unlink(path: string): void {
    if (this.#isMountPoint(path)) throw new FsError('EISDIR', path);
    const [fs, p] = this.#route(path);
    fs.unlink(p);
  }
  rmdir(path: string): void {
    if (this.#isMountPoint(path)) throw new FsError('EPERM', path);
    const [fs, p] = this.#route(path);
    fs.rmdir(p);
  }
  rename(from: string, to: string): void {
    const [a, pa] = this.#route(from);
    const [b, pb] = this.#route(to);
    if (a !== b || this.#isMountPoint(from) || this.#isMountPoint(to)) throw new FsError('EXDEV', to);
    a.rename(pa, pb);
  }
  symlink(target: string, path: string): void {
    const [fs, p] = this.#route(path);
    fs.symlink(target, p);
  }
  readlink(path: string): string {
    const [fs, p] = this.#route(path);
    return fs.readlink(p);
  }
  chmod(path: string, mode: number): void {
    const [fs, p] = this.#route(path);
    fs.chmod(p, mode);
  }
  chown(path: string, uid: number, gid: number): void {
    const [fs, p] = this.#route(path);
    fs.chown(p, uid, gid);
  }
  utimes(path: string, mtimeMs: number): void {
    const [fs, p] = this.#route(path);
    fs.utimes(p, mtimeMs);
  }
  link(existing: string, path: string): void {
    const [a, pa] = this.#route(existing);
    const [b, pb] = this.#route(path);
    if (a !== b) throw new FsError('EXDEV', path);
    if (!a.link) throw new FsError('EPERM', path);
    a.link(pa, pb);
  }
  mknod(path: string, type: FileType, mode: number, rdev?: number): void {
    const [fs, p] = this.#route(path);
    if (!fs.mknod) throw new FsError('EPERM', path);
    fs.mknod(p, type, mode, rdev);
  }
  realpath(path: string): string {
    for (const m of this.mounts) {
      if (path === m.at || path.startsWith(m.at + '/')) {
        const fs = this.#fs(m);
        const inner = fs.realpath ? fs.realpath(path.slice(m.at.length) || '/') : path.slice(m.at.length) || '/';
        return inner === '/' ? m.at : m.at + inner;
      }
    }
    return this.root.realpath ? this.root.realpath(path) : path;
  }
}
