/**
 * overlayfs' merged view, computed in user space from the layer directories (no
 * mount needed): the same rules as the simulator's union (src/sim/fs/layered/union.ts
 * `lookup`/`mergedNames`) and as the kernel — the topmost entry of a name wins; a
 * whiteout (char 0/0) hides the name below it; directories merge down to the first
 * opaque one or the first non-directory. It implements the simulator's read-only
 * FileSystem interface, so the simulator's `docker export` writer runs on it as is.
 * Every write fails with EROFS.
 */
import { readFileSync } from 'node:fs';
import { byteCompare } from '../../sim/archive/paths.ts';
import { FsError, type DirEntry, type FileSystem, type FileType, type Stat } from '../../sim/fs/types.ts';
import type { ScanNode } from './scan.ts';

/** A name found in the merged view: its topmost node and, for a directory, every layer's directory below (top first). */
export interface Hit {
  node: ScanNode;
  dirs: ScanNode[] | null;
}

/** The frames of the merged root: each layer's root, top first, down to the first opaque one. */
export function rootFrames(layers: readonly ScanNode[]): ScanNode[] {
  const out: ScanNode[] = [];
  for (const l of layers) {
    out.push(l);
    if (l.opaque) break;
  }
  return out;
}

/** union.ts lookup(): `name` in a merged directory. */
export function lookup(frames: readonly ScanNode[], name: string): Hit | null {
  let dirs: ScanNode[] | null = null;
  for (const f of frames) {
    const e = f.children!.get(name);
    if (!e) continue;
    if (e.type === 'whiteout') break;
    if (e.type === 'dir') {
      (dirs ??= []).push(e);
      if (e.opaque) break;
      continue;
    }
    if (dirs) break;
    return { node: e, dirs: null };
  }
  return dirs ? { node: dirs[0]!, dirs } : null;
}

/** union.ts mergedNames(): the names a merged directory shows. */
export function mergedNames(frames: readonly ScanNode[]): Set<string> {
  const out = new Set<string>();
  const hidden = frames.length > 1 ? new Set<string>() : null;
  for (const f of frames) {
    for (const [name, e] of f.children!) {
      if (out.has(name)) continue;
      if (e.type === 'whiteout') hidden?.add(name);
      else if (!hidden?.has(name)) out.add(name);
    }
  }
  return out;
}

const MAX_SYMLINKS = 40;

function statOf(n: ScanNode): Stat {
  const st: Stat = {
    type: n.type as FileType,
    mode: n.mode,
    uid: n.uid,
    gid: n.gid,
    size: n.size,
    mtimeMs: Number(n.mtimeNs / 1_000_000n),
    nlink: n.nlink,
  };
  if (n.type === 'char' || n.type === 'block') st.rdev = n.rdev;
  return st;
}

/** The merged view of layers (top first: the container's upper directory, init, image layers). */
export class MergedFs implements FileSystem {
  readonly roots: ScanNode[];

  constructor(layers: readonly ScanNode[]) {
    if (layers.length === 0) throw new Error('MergedFs: no layers');
    this.roots = rootFrames(layers);
  }

  /** The node at `path`, symlinks followed inside the view (the last one only if `follow`). */
  resolve(path: string, follow: boolean): Hit {
    const root: Hit = { node: this.roots[0]!, dirs: this.roots };
    let parts = path.split('/').filter((p) => p !== '' && p !== '.');
    const stack: Hit[] = [];
    let cur = root;
    let hops = 0;
    while (parts.length) {
      const name = parts.shift()!;
      if (name === '..') {
        cur = stack.pop() ?? root;
        continue;
      }
      if (!cur.dirs) throw new FsError('ENOTDIR', path);
      const hit = lookup(cur.dirs, name);
      if (!hit) throw new FsError('ENOENT', path);
      if (hit.node.type === 'symlink' && (parts.length > 0 || follow)) {
        if (++hops > MAX_SYMLINKS) throw new FsError('ELOOP', path);
        const t = hit.node.target ?? '';
        if (t.startsWith('/')) {
          stack.length = 0;
          cur = root;
        }
        parts = [...t.split('/').filter((p) => p !== '' && p !== '.'), ...parts];
        continue;
      }
      if (parts.length > 0 && !hit.dirs) throw new FsError('ENOTDIR', path);
      stack.push(cur);
      cur = hit;
    }
    return cur;
  }

  lstat(path: string): Stat {
    return statOf(this.resolve(path, false).node);
  }

  stat(path: string): Stat {
    return statOf(this.resolve(path, true).node);
  }

  exists(path: string): boolean {
    try {
      this.resolve(path, true);
      return true;
    } catch {
      return false;
    }
  }

  readdir(path: string): DirEntry[] {
    const hit = this.resolve(path, true);
    if (!hit.dirs) throw new FsError('ENOTDIR', path);
    const out: DirEntry[] = [];
    for (const name of [...mergedNames(hit.dirs)].sort(byteCompare)) {
      const h = lookup(hit.dirs, name);
      if (h) out.push({ name, type: h.node.type as FileType });
    }
    return out;
  }

  readFile(path: string): Uint8Array {
    const hit = this.resolve(path, true);
    if (hit.dirs) throw new FsError('EISDIR', path);
    if (hit.node.type !== 'file') return new Uint8Array(0);
    return new Uint8Array(readFileSync(hit.node.real));
  }

  readText(path: string): string {
    return new TextDecoder().decode(this.readFile(path));
  }

  readlink(path: string): string {
    const n = this.resolve(path, false).node;
    if (n.type !== 'symlink') throw new FsError('EINVAL', path);
    return n.target ?? '';
  }

  /** The inode behind a name (hard links share it). */
  inode(path: string): string {
    return this.resolve(path, false).node.inode;
  }

  /** Extended attributes of a name (as read from its layer). */
  xattrsOf(path: string): Record<string, Uint8Array> | undefined {
    try {
      return this.resolve(path, false).node.xattrs;
    } catch {
      return undefined;
    }
  }

  writeFile(path: string): void {
    throw new FsError('EROFS', path);
  }
  mkdir(path: string): void {
    throw new FsError('EROFS', path);
  }
  unlink(path: string): void {
    throw new FsError('EROFS', path);
  }
  rmdir(path: string): void {
    throw new FsError('EROFS', path);
  }
  rename(from: string): void {
    throw new FsError('EROFS', from);
  }
  symlink(_target: string, path: string): void {
    throw new FsError('EROFS', path);
  }
  chmod(path: string): void {
    throw new FsError('EROFS', path);
  }
  chown(path: string): void {
    throw new FsError('EROFS', path);
  }
  utimes(path: string): void {
    throw new FsError('EROFS', path);
  }
}
