/**
 * A directory of another file system seen as a file system of its own: what a
 * bind mount (`-v /host/dir:/data`) shows the container. Paths cannot climb out:
 * "/.." of the subtree is its own root.
 */
import { normalize, resolvePath } from './path.ts';
import { FsError, type DirEntry, type FileSystem, type Stat, type WriteOptions } from './types.ts';

export class SubtreeFs implements FileSystem {
  readonly base: FileSystem;
  /** The subtree's directory in `base`, normalised, without a trailing slash ('' for the base's own root). */
  readonly root: string;
  readonly readOnly: boolean;

  constructor(base: FileSystem, root: string, opts: { readOnly?: boolean } = {}) {
    this.base = base;
    const r = normalize(root);
    this.root = r === '/' ? '' : r;
    this.readOnly = opts.readOnly ?? false;
  }

  /** The base file system's path for `path`: normalised, so the subtree's own root is `root` itself, not `root + "/"`. */
  #p(path: string): string {
    const inner = resolvePath('/', path || '/');
    if (inner === '/') return this.root || '/';
    return this.root + inner;
  }

  #w(path: string): string {
    if (this.readOnly) throw new FsError('EROFS', path);
    return this.#p(path);
  }

  stat(path: string): Stat {
    return this.base.stat(this.#p(path));
  }
  lstat(path: string): Stat {
    return this.base.lstat(this.#p(path));
  }
  exists(path: string): boolean {
    return this.base.exists(this.#p(path));
  }
  readdir(path: string): DirEntry[] {
    return this.base.readdir(this.#p(path));
  }
  readFile(path: string): Uint8Array {
    return this.base.readFile(this.#p(path));
  }
  readText(path: string): string {
    return this.base.readText(this.#p(path));
  }
  writeFile(path: string, data: Uint8Array | string, opts?: WriteOptions): void {
    this.base.writeFile(this.#w(path), data, opts);
  }
  mkdir(path: string, opts?: { mode?: number; parents?: boolean }): void {
    this.base.mkdir(this.#w(path), opts);
  }
  unlink(path: string): void {
    this.base.unlink(this.#w(path));
  }
  rmdir(path: string): void {
    this.base.rmdir(this.#w(path));
  }
  rename(from: string, to: string): void {
    this.base.rename(this.#w(from), this.#w(to));
  }
  symlink(target: string, path: string): void {
    this.base.symlink(target, this.#w(path));
  }
  readlink(path: string): string {
    return this.base.readlink(this.#p(path));
  }
  chmod(path: string, mode: number): void {
    this.base.chmod(this.#w(path), mode);
  }
  chown(path: string, uid: number, gid: number): void {
    this.base.chown(this.#w(path), uid, gid);
  }
  utimes(path: string, mtimeMs: number): void {
    this.base.utimes(this.#w(path), mtimeMs);
  }
}
