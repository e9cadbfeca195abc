/**
 * The file-system seam every simulated program goes through. Paths are absolute,
 * already normalised by the caller ("/a/b", never "a/../b"); symlinks are resolved
 * by the implementation (except the final component for lstat/readlink/unlink/symlink).
 * Failures throw FsError with an errno-style code, so shell applets can print
 * busybox's messages ("can't open 'x': No such file or directory").
 *
 * Issue 2 ships a simple implementation; issue 3 replaces it with the copy-on-write
 * union of image layers + init layer + container layer behind this same interface.
 */
export type FsErrorCode =
  | 'ENOENT'
  | 'EEXIST'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'ENOTEMPTY'
  | 'EACCES'
  | 'EPERM'
  | 'EINVAL'
  | 'ELOOP'
  | 'EROFS'
  | 'EXDEV'
  | 'ENOSPC';

/** Text as strerror(3) prints it, for messages such as "sh: can't create x: Read-only file system". */
export const FS_ERROR_TEXT: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EINVAL: 'Invalid argument',
  ELOOP: 'Symbolic link loop',
  EROFS: 'Read-only file system',
  EXDEV: 'Invalid cross-device link',
  ENOSPC: 'No space left on device',
};

export class FsError extends Error {
  readonly code: FsErrorCode;
  readonly path: string;
  constructor(code: FsErrorCode, path: string) {
    super(`${code}: ${FS_ERROR_TEXT[code]}, '${path}'`);
    this.code = code;
    this.path = path;
  }
}

export type FileType = 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo' | 'socket';

export interface Stat {
  type: FileType;
  /** Permission bits only (e.g. 0o755), without the file-type bits. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Modification time, ms since the epoch. */
  mtimeMs: number;
  nlink: number;
  /** Device numbers for char/block devices. */
  rdev?: number;
  /** The simulated program this executable runs (see WriteOptions.exe). */
  exe?: string;
  /** (optional) 512-byte blocks allocated, as st_blocks (ls -s/-l "total", du); computed from size when absent. */
  blocks?: number;
}

export interface DirEntry {
  name: string;
  type: FileType;
}

export interface WriteOptions {
  append?: boolean;
  /** Permission bits used when the file is created. */
  mode?: number;
  /** Marks the file as the executable of a simulated program (e.g. 'busybox'); kept on copy-up. */
  exe?: string;
  /** With empty data: a synthetic file of this many bytes (content is a deterministic filler). */
  size?: number;
}

export interface FileSystem {
  stat(path: string): Stat;
  lstat(path: string): Stat;
  exists(path: string): boolean;
  /** Sorted by name, without "." and "..". */
  readdir(path: string): DirEntry[];
  readFile(path: string): Uint8Array;
  readText(path: string): string;
  /** Creates or truncates (append=false) the file; mode applies on create only. */
  writeFile(path: string, data: Uint8Array | string, opts?: WriteOptions): void;
  mkdir(path: string, opts?: { mode?: number; parents?: boolean }): void;
  unlink(path: string): void;
  rmdir(path: string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  readlink(path: string): string;
  chmod(path: string, mode: number): void;
  chown(path: string, uid: number, gid: number): void;
  utimes(path: string, mtimeMs: number): void;
  /** (optional additions) Hard link, device node, and full symlink resolution. */
  link?(existing: string, path: string): void;
  mknod?(path: string, type: FileType, mode: number, rdev?: number): void;
  realpath?(path: string): string;
}
