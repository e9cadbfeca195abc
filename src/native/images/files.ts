/** Small file helpers: atomic writes (write, fsync, rename, fsync the directory) and removal. */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `path` with `data` in one step: readers see the old or the new file, never a part. */
export function writeAtomic(path: string, data: string | Uint8Array, mode = 0o600, o: { sync?: boolean } = {}): void {
  const sync = o.sync ?? true;
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  if (sync) fsyncDir(dirname(path));
}

/** rm -rf that never follows symlinks (Node's rmSync lstat's every entry). */
export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true, maxRetries: 2 });
}

export function hexOf(digest: string): string {
  const i = digest.indexOf(':');
  return i >= 0 ? digest.slice(i + 1) : digest;
}
