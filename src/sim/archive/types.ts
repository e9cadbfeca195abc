/** Shapes shared by import, load, save and export. */
import type { TreeEntry } from '../images/types.ts';

/**
 * One entry of a layer, as `TreeEntry` (absolute path, no trailing slash) plus
 * the real bytes of files and their extended attributes. Whiteouts are kept in
 * the layer-tar convention: `<dir>/.wh.<name>` (empty file) and `<dir>/.wh..wh..opq`.
 */
export interface LayerEntry extends TreeEntry {
  /** File content (size bytes). Absent for non-files. */
  data?: Uint8Array;
  /** Extended attributes (security.capability …), raw bytes. */
  xattrs?: Record<string, Uint8Array>;
}

/** A layer as unpacked from a tar: its files and identity. */
export interface LayerTar {
  /** Files in walk order (parents first), without the root. */
  entries: LayerEntry[];
  /** `sha256:<hex>` of the uncompressed tar (Docker's DiffID: tar-split keeps the stream byte for byte). */
  diffID: string;
  /** Docker's layer size: bytes of regular files and symlink targets, hard links once. */
  size: number;
  /** The uncompressed tar, byte for byte (what `docker save` writes back as layer.tar). */
  tar: Uint8Array;
}

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

/** Whether a layer path is a whiteout or opaque marker; returns the path it hides. */
export function whiteoutTarget(path: string): { hides: string; opaque: boolean } | undefined {
  const i = path.lastIndexOf('/');
  const base = path.slice(i + 1);
  if (!base.startsWith(WHITEOUT_PREFIX)) return undefined;
  const dir = i <= 0 ? '/' : path.slice(0, i);
  if (base === OPAQUE_MARKER) return { hides: dir, opaque: true };
  const name = base.slice(WHITEOUT_PREFIX.length);
  return { hides: dir === '/' ? '/' + name : dir + '/' + name, opaque: false };
}

/** Linux makedev / major / minor (glibc's encoding, as Stat.rdev holds it). */
export function makedev(major: number, minor: number): number {
  return (minor & 0xff) + (major & 0xfff) * 0x100 + Math.floor(minor / 0x100) * 0x100000 + Math.floor(major / 0x1000) * 2 ** 44;
}

export function major(rdev: number): number {
  return (Math.floor(rdev / 0x100) & 0xfff) + Math.floor(rdev / 2 ** 44) * 0x1000;
}

export function minor(rdev: number): number {
  return (rdev & 0xff) + (Math.floor(rdev / 0x100000) & 0xffffff) * 0x100;
}
