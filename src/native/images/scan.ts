/**
 * A layer directory read into memory (metadata only; file bytes stay on disk): what
 * the merged view, `docker diff`, export and commit work on. Overlay's on-disk
 * form is decoded: a char device 0/0 is a whiteout, `trusted.overlay.opaque=y`
 * marks an opaque directory. Times keep their nanoseconds.
 *
 * Image layers never change once stored: the store marks their directories
 * immutable and their scans are kept (with the xattrs recorded at extraction, so
 * no process is started for them). Upper and init directories are read afresh.
 */
import { lstatSync, readdirSync, readlinkSync, type BigIntStats } from 'node:fs';
import type { FileType } from '../../sim/fs/types.ts';
import { byteCompare, byteLen } from '../../sim/archive/paths.ts';
import { readXattrs, OPAQUE_XATTR } from './sys.ts';
import type { ExtractedMeta } from './extract.ts';

export type NodeType = FileType | 'whiteout';

export interface ScanNode {
  type: NodeType;
  /** Permission bits with setuid/setgid/sticky (no S_IF* bits). */
  mode: number;
  uid: number;
  gid: number;
  /** lstat size (symlinks: the target's length; devices and whiteouts: 0). */
  size: number;
  mtimeNs: bigint;
  /** glibc-encoded dev_t of a device (0 otherwise). */
  rdev: number;
  nlink: number;
  /** "dev:ino": the inode's identity (hard links). */
  inode: string;
  /** The real path on disk. */
  real: string;
  target?: string;
  opaque?: boolean;
  xattrs?: Record<string, Uint8Array>;
  /** Directories: children by name. */
  children?: Map<string, ScanNode>;
}

const S_IFMT = 0o170000;
const TYPES: Record<number, FileType> = {
  0o100000: 'file',
  0o040000: 'dir',
  0o120000: 'symlink',
  0o020000: 'char',
  0o060000: 'block',
  0o010000: 'fifo',
  0o140000: 'socket',
};

function nodeOf(real: string, st: BigIntStats): ScanNode {
  const fmt = Number(st.mode) & S_IFMT;
  const type = TYPES[fmt] ?? 'file';
  const rdev = Number(st.rdev);
  const n: ScanNode = {
    type: type === 'char' && rdev === 0 ? 'whiteout' : type,
    mode: Number(st.mode) & 0o7777,
    uid: Number(st.uid),
    gid: Number(st.gid),
    size: type === 'dir' ? 0 : Number(st.size),
    mtimeNs: st.mtimeNs,
    rdev: type === 'char' || type === 'block' ? rdev : 0,
    nlink: Number(st.nlink),
    inode: `${st.dev}:${st.ino}`,
    real,
  };
  if (type === 'symlink') {
    n.target = readlinkSync(real, 'utf8');
    n.size = byteLen(n.target);
  }
  if (type === 'dir') n.children = new Map();
  return n;
}

export interface ScanOptions {
  /** The xattrs written at extraction (image layers): no need to read them back. */
  known?: ExtractedMeta;
}

/** Reads the tree under `dir` (which must be a directory). */
export function scanLayer(dir: string, opts: ScanOptions = {}): ScanNode {
  const root = nodeOf(dir, lstatSync(dir, { bigint: true }));
  if (root.type !== 'dir') throw new Error(`${dir}: not a directory`);
  const all: Array<[string, ScanNode]> = [['/', root]];
  const walk = (node: ScanNode, path: string): void => {
    for (const name of readdirSync(node.real)) {
      const real = node.real + '/' + name;
      let st: BigIntStats;
      try {
        st = lstatSync(real, { bigint: true });
      } catch {
        continue; // vanished between readdir and lstat
      }
      const child = nodeOf(real, st);
      node.children!.set(name, child);
      const p = path === '/' ? '/' + name : path + '/' + name;
      all.push([p, child]);
      if (child.type === 'dir') walk(child, p);
    }
  };
  walk(root, '/');
  if (opts.known) {
    const byPath = new Map(all);
    for (const p of opts.known.opaque) {
      const n = byPath.get(p);
      if (n) n.opaque = true;
    }
    for (const [p, rec] of Object.entries(opts.known.xattrs)) {
      const n = byPath.get(p);
      if (!n) continue;
      n.xattrs = {};
      for (const [k, v] of Object.entries(rec)) n.xattrs[k] = new Uint8Array(Buffer.from(v, 'base64'));
    }
    return root;
  }
  // Only directories (opaque) and regular files (capabilities) matter.
  const asked = all.filter(([, n]) => n.type === 'dir' || n.type === 'file');
  const found = readXattrs(asked.map(([, n]) => n.real));
  for (const [, n] of asked) {
    const x = found.get(n.real);
    if (!x) continue;
    n.xattrs = x;
    const o = x[OPAQUE_XATTR];
    if (n.type === 'dir' && o && o.length === 1 && o[0] === 0x79) n.opaque = true;
  }
  return root;
}

const cache = new Map<string, { meta: ExtractedMeta | undefined; scan?: ScanNode }>();

/** Marks a directory as an image layer that never changes (its scan is kept). */
export function markImmutable(dir: string, meta?: ExtractedMeta): void {
  cache.set(dir, { meta });
}

/** Forgets an immutable directory (its layer was deleted). */
export function forgetImmutable(dir: string): void {
  cache.delete(dir);
}

/** scanLayer, from the cache for immutable directories. */
export function scanCached(dir: string): ScanNode {
  const c = cache.get(dir);
  if (!c) return scanLayer(dir);
  c.scan ??= scanLayer(dir, c.meta ? { known: c.meta } : {});
  return c.scan;
}

/** Every node below `root` with its path, parents first, siblings in byte order. */
export function* walkScan(root: ScanNode, path = ''): Generator<[string, ScanNode]> {
  const names = [...root.children!.keys()].sort(byteCompare);
  for (const name of names) {
    const n = root.children!.get(name)!;
    const p = path + '/' + name;
    yield [p, n];
    if (n.type === 'dir') yield* walkScan(n, p);
  }
}

