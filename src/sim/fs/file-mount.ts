/**
 * A file system that is one file: what a bind mount of a single file looks like
 * from inside the mount (Docker bind-mounts /etc/hostname, /etc/hosts,
 * /etc/resolv.conf and, with --init, /sbin/docker-init over the container's files).
 */
import { FsError, type DirEntry, type FileSystem, type Stat, type WriteOptions } from './types.ts';

export interface FileMountOptions {
  mode?: number;
  exe?: string;
  /** Synthetic size (content is not stored), for executables. */
  size?: number;
  readOnly?: boolean;
  now: () => number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class FileMount implements FileSystem {
  #data: Uint8Array;
  #mode: number;
  #mtime: number;
  readonly #opts: FileMountOptions;

  constructor(content: string | Uint8Array, opts: FileMountOptions) {
    this.#data = typeof content === 'string' ? encoder.encode(content) : content;
    this.#mode = opts.mode ?? 0o644;
    this.#mtime = opts.now();
    this.#opts = opts;
  }

  #only(path: string): void {
    if (path !== '/' && path !== '') throw new FsError('ENOTDIR', path);
  }

  stat(path: string): Stat {
    this.#only(path);
    return {
      type: 'file',
      mode: this.#mode,
      uid: 0,
      gid: 0,
      size: this.#opts.size ?? this.#data.length,
      mtimeMs: this.#mtime,
      nlink: 1,
      ...(this.#opts.exe ? { exe: this.#opts.exe } : {}),
    };
  }
  lstat(path: string): Stat {
    return this.stat(path);
  }
  exists(path: string): boolean {
    return path === '/' || path === '';
  }
  readdir(path: string): DirEntry[] {
    throw new FsError('ENOTDIR', path);
  }
  readFile(path: string): Uint8Array {
    this.#only(path);
    return this.#data;
  }
  readText(path: string): string {
    return decoder.decode(this.readFile(path));
  }
  writeFile(path: string, data: Uint8Array | string, opts: WriteOptions = {}): void {
    this.#only(path);
    if (this.#opts.readOnly) throw new FsError('EROFS', path);
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (opts.append) {
      const joined = new Uint8Array(this.#data.length + bytes.length);
      joined.set(this.#data);
      joined.set(bytes, this.#data.length);
      this.#data = joined;
    } else this.#data = bytes;
    this.#mtime = this.#opts.now();
  }
  mkdir(path: string): void {
    throw new FsError('EEXIST', path);
  }
  unlink(path: string): void {
    throw new FsError('EPERM', path);
  }
  rmdir(path: string): void {
    throw new FsError('ENOTDIR', path);
  }
  rename(from: string): void {
    throw new FsError('EXDEV', from);
  }
  symlink(_target: string, path: string): void {
    throw new FsError('EEXIST', path);
  }
  readlink(path: string): string {
    throw new FsError('EINVAL', path);
  }
  chmod(path: string, mode: number): void {
    this.#only(path);
    if (this.#opts.readOnly) throw new FsError('EROFS', path);
    this.#mode = mode & 0o7777;
  }
  chown(path: string): void {
    this.#only(path);
    if (this.#opts.readOnly) throw new FsError('EROFS', path);
  }
  utimes(path: string, mtimeMs: number): void {
    this.#only(path);
    this.#mtime = mtimeMs;
  }
}
