/**
 * One filesystem layer, stored as a memfs Superblock (the core under a memfs `Volume`,
 * from memfs's own package `@jsonjoy.com/fs-core`, imported by its module so the
 * package index (watchers, JSON helpers) stays out of the browser bundle) in overlay2's on-disk form:
 *  - a deleted lower path is a **whiteout**: a character device 0/0 named like the path;
 *  - an **opaque** directory (lower contents hidden) carries the flag overlayfs keeps
 *    in the xattr `trusted.overlay.opaque=y` (here: in the layer's side table).
 * `toTarEntries()` gives the layer-tarball form instead: `.wh.<name>` (empty regular
 * file, mode 0600) and `<dir>/.wh..wh..opq`; `fromTree`/`fromTar` convert back.
 *
 * memfs holds names, inodes, type/mode bits, owners, mtimes, symlink targets, device
 * numbers and hard links. What memfs has no place for lives in a side table per inode:
 * the bytes (a FileData, shared with other layers and never copied here), the `exe`
 * tag of simulated executables and the opaque flag. The Layer never changes an mtime
 * by itself: callers say when a directory's mtime moves.
 */
import { Superblock } from '@jsonjoy.com/fs-core/lib/Superblock.js';
import type { FileType, Stat } from '../types.ts';
import type { TreeEntry } from '../../images/types.ts';
import { components } from '../path.ts';
import type { FileData } from './content.ts';
import { layerFromTar, layerFromTree, toTarEntries, toTreeEntries, type TarEntry } from './tarball.ts';

export { WHITEOUT_PREFIX, WHITEOUT_META_PREFIX, WHITEOUT_OPAQUE, type TarEntry } from './tarball.ts';

type Core = Superblock;
/** One name in one layer (a memfs Link). */
export type Entry = Core['root'];
type INode = ReturnType<Entry['getNode']>;

/** What an entry is in the overlay form: a file type or a whiteout. */
export type Kind = FileType | 'whiteout';

export interface Meta {
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
}

interface Extra {
  data?: FileData;
  exe?: string;
  opaque?: boolean;
}

/** A layer entry in the overlay on-disk form (whiteouts are char 0/0; opaque is the xattr). */
export interface LayerEntry {
  path: string;
  kind: Kind;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  size: number;
  target?: string;
  rdev?: number;
  exe?: string;
  opaque?: boolean;
  /** Set on the second and later names of a hard-linked inode: the first name. */
  linkOf?: string;
}

const S_IFMT = 0o170000;
const TYPE_BITS: Record<FileType, number> = {
  socket: 0o140000,
  symlink: 0o120000,
  file: 0o100000,
  block: 0o060000,
  dir: 0o040000,
  char: 0o020000,
  fifo: 0o010000,
};
const BITS_TYPE = new Map<number, FileType>(Object.entries(TYPE_BITS).map(([t, b]) => [b, t as FileType]));

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

export class Layer {
  /** diffID for image layers, `<container>-init`, or the container ID for a container layer. */
  id: string;
  readonly core: Core;
  /** No more changes once the layer is part of an image (or is the shared init layer). */
  readOnly = false;
  readonly #extra = new Map<INode, Extra>();

  constructor(id: string, root: Partial<Meta> = {}) {
    this.id = id;
    this.core = new Superblock();
    const n = this.core.root.getNode();
    n.mode = TYPE_BITS.dir | (root.mode ?? 0o755);
    n.uid = root.uid ?? 0;
    n.gid = root.gid ?? 0;
    n.mtime = new Date(root.mtimeMs ?? 0);
  }

  get root(): Entry {
    return this.core.root;
  }

  // ---- reading ----

  get(dir: Entry, name: string): Entry | undefined {
    if (name === '.' || name === '..') return undefined;
    return dir.children.get(name);
  }

  /** The entries of a directory (whiteouts included), in insertion order. */
  *list(dir: Entry): IterableIterator<[string, Entry]> {
    for (const [name, e] of dir.children) if (e && name !== '.' && name !== '..') yield [name, e];
  }

  /** The raw child map of a directory (memfs keeps "." and ".." in it too). */
  children(dir: Entry): ReadonlyMap<string, Entry | undefined> {
    return dir.children;
  }

  /** Sorted names of a directory's entries. */
  names(dir: Entry): string[] {
    const out: string[] = [];
    for (const name of dir.children.keys()) if (name !== '.' && name !== '..') out.push(name);
    return out.sort();
  }

  kind(e: Entry): Kind {
    const n = e.getNode();
    const t = BITS_TYPE.get(n.mode & S_IFMT) ?? 'file';
    if (t === 'char' && n.rdev === 0) return 'whiteout';
    return t;
  }

  isDir(e: Entry): boolean {
    return (e.getNode().mode & S_IFMT) === TYPE_BITS.dir;
  }

  isWhiteout(e: Entry): boolean {
    const n = e.getNode();
    return (n.mode & S_IFMT) === TYPE_BITS.char && n.rdev === 0;
  }

  isOpaque(e: Entry): boolean {
    return this.#extra.get(e.getNode())?.opaque === true;
  }

  /** Whether two entries are names of one inode (hard links). */
  sameInode(a: Entry, b: Entry): boolean {
    return a.getNode() === b.getNode();
  }

  /** An inode identity for hard-link bookkeeping. */
  inode(e: Entry): object {
    return e.getNode();
  }

  meta(e: Entry): Meta {
    const n = e.getNode();
    return { mode: n.mode & 0o7777, uid: n.uid, gid: n.gid, mtimeMs: n.mtime.getTime() };
  }

  data(e: Entry): FileData | undefined {
    return this.#extra.get(e.getNode())?.data;
  }

  exe(e: Entry): string | undefined {
    return this.#extra.get(e.getNode())?.exe;
  }

  target(e: Entry): string {
    return e.getNode().symlink ?? '';
  }

  rdev(e: Entry): number {
    return e.getNode().rdev;
  }

  nlink(e: Entry): number {
    return e.getNode().nlink;
  }

  /** lstat-style size: file bytes, symlink target length, 4096 for directories, 0 otherwise. */
  size(e: Entry): number {
    const n = e.getNode();
    switch (n.mode & S_IFMT) {
      case TYPE_BITS.file:
        return this.#extra.get(n)?.data?.size ?? 0;
      case TYPE_BITS.symlink:
        return byteLength(n.symlink ?? '');
      case TYPE_BITS.dir:
        return 4096;
      default:
        return 0;
    }
  }

  /** Stat of an entry as stored (directories: nlink 2, the union computes the real one). */
  stat(e: Entry): Stat {
    const n = e.getNode();
    const kind = this.kind(e);
    const type: FileType = kind === 'whiteout' ? 'char' : kind;
    const st: Stat = {
      type,
      mode: n.mode & 0o7777,
      uid: n.uid,
      gid: n.gid,
      size: this.size(e),
      mtimeMs: n.mtime.getTime(),
      nlink: type === 'dir' ? 2 : n.nlink,
    };
    if (type === 'char' || type === 'block') st.rdev = n.rdev;
    const exe = this.#extra.get(n)?.exe;
    if (exe !== undefined) st.exe = exe;
    return st;
  }

  /** The entry at a literal path of this layer (no symlinks followed; whiteouts returned). */
  lookup(path: string): Entry | undefined {
    let e: Entry | undefined = this.root;
    for (const name of components(path)) {
      if (!e || !this.isDir(e)) return undefined;
      e = this.get(e, name);
    }
    return e;
  }

  // ---- writing (no implicit mtime changes) ----

  #check(): void {
    if (this.readOnly) throw new Error(`layer ${this.id} is read-only`);
  }

  #add(dir: Entry, name: string, type: FileType, m: Meta): Entry {
    this.#check();
    const node = this.core.createNode(TYPE_BITS[type] | (m.mode & 0o7777));
    const keep = dir.getNode().mtime;
    const e = dir.createChild(name, node);
    dir.getNode().mtime = keep;
    node.uid = m.uid;
    node.gid = m.gid;
    node.mtime = new Date(m.mtimeMs);
    return e;
  }

  mkdir(dir: Entry, name: string, m: Meta, opaque = false): Entry {
    const e = this.#add(dir, name, 'dir', m);
    if (opaque) this.setOpaque(e, true);
    return e;
  }

  createFile(dir: Entry, name: string, m: Meta, data: FileData, exe?: string): Entry {
    const e = this.#add(dir, name, 'file', m);
    const x: Extra = { data };
    if (exe !== undefined) x.exe = exe;
    this.#extra.set(e.getNode(), x);
    return e;
  }

  symlink(dir: Entry, name: string, target: string, m: Meta): Entry {
    const e = this.#add(dir, name, 'symlink', { ...m, mode: 0o777 });
    e.getNode().symlink = target;
    return e;
  }

  mknod(dir: Entry, name: string, type: FileType, m: Meta, rdev = 0): Entry {
    const e = this.#add(dir, name, type, m);
    if (type === 'char' || type === 'block') e.getNode().rdev = rdev;
    return e;
  }

  /** Writes a whiteout (char 0/0, mode 0) for `name`. */
  whiteout(dir: Entry, name: string, m: Partial<Meta> = {}): Entry {
    return this.#add(dir, name, 'char', { mode: 0, uid: m.uid ?? 0, gid: m.gid ?? 0, mtimeMs: m.mtimeMs ?? 0 });
  }

  setOpaque(dir: Entry, on: boolean): void {
    this.#check();
    const node = dir.getNode();
    const x = this.#extra.get(node);
    if (on) {
      if (x) x.opaque = true;
      else this.#extra.set(node, { opaque: true });
    } else if (x) delete x.opaque;
  }

  /** A second name for the inode of `existing` (a hard link). */
  link(dir: Entry, name: string, existing: Entry): Entry {
    this.#check();
    const node = existing.getNode();
    const keep = dir.getNode().mtime;
    const e = dir.createChild(name, node);
    dir.getNode().mtime = keep;
    node.nlink = node.nlink + 1;
    return e;
  }

  /** Removes `name` from `dir` (a directory with everything below it). */
  remove(dir: Entry, name: string): void {
    this.#check();
    const e = this.get(dir, name);
    if (!e) return;
    const keep = dir.getNode().mtime;
    dir.deleteChild(e);
    dir.getNode().mtime = keep;
    this.#free(e);
  }

  #free(e: Entry): void {
    const node = e.getNode();
    if (this.isDir(e)) {
      for (const [, c] of this.list(e)) this.#free(c);
    } else {
      node.nlink = node.nlink - 1;
      if (node.nlink > 0) return;
    }
    this.#extra.delete(node);
    this.core.deleteNode(node);
  }

  /** Moves an entry (with its subtree) to another name; the destination name must be free. */
  move(from: Entry, name: string, to: Entry, newName: string): Entry {
    this.#check();
    const e = this.get(from, name);
    if (!e) throw new Error(`layer ${this.id}: nothing to move at ${name}`);
    const keepFrom = from.getNode().mtime;
    const keepTo = to.getNode().mtime;
    from.deleteChild(e);
    e.name = newName;
    to.setChild(newName, e);
    e.syncSteps();
    from.getNode().mtime = keepFrom;
    to.getNode().mtime = keepTo;
    return e;
  }

  setMeta(e: Entry, m: Partial<Meta>): void {
    this.#check();
    const n = e.getNode();
    if (m.mode !== undefined) n.mode = (n.mode & S_IFMT) | (m.mode & 0o7777);
    if (m.uid !== undefined) n.uid = m.uid;
    if (m.gid !== undefined) n.gid = m.gid;
    if (m.mtimeMs !== undefined) n.mtime = new Date(m.mtimeMs);
  }

  setData(e: Entry, data: FileData): void {
    this.#check();
    const node = e.getNode();
    const x = this.#extra.get(node);
    if (x) x.data = data;
    else this.#extra.set(node, { data });
  }

  setExe(e: Entry, exe: string | undefined): void {
    this.#check();
    const node = e.getNode();
    const x = this.#extra.get(node) ?? {};
    if (exe === undefined) delete x.exe;
    else x.exe = exe;
    this.#extra.set(node, x);
  }

  // ---- whole-layer views ----

  /** Every entry, depth-first, names in byte order (the order of Go's filepath.Walk). */
  *walk(): IterableIterator<[string, Entry]> {
    yield* this.#walk(this.root, '');
  }

  *#walk(dir: Entry, prefix: string): IterableIterator<[string, Entry]> {
    for (const name of this.names(dir)) {
      const e = dir.children.get(name)!;
      const p = prefix + '/' + name;
      yield [p, e];
      if (this.isDir(e)) yield* this.#walk(e, p);
    }
  }

  /** The overlay on-disk form: whiteouts as kind 'whiteout' (char 0/0), opaque dirs flagged. */
  entries(): LayerEntry[] {
    const out: LayerEntry[] = [];
    const seen = new Map<INode, string>();
    for (const [path, e] of this.walk()) {
      const n = e.getNode();
      const kind = this.kind(e);
      const le: LayerEntry = { path, kind, ...this.meta(e), size: kind === 'dir' ? 0 : this.size(e) };
      if (kind === 'symlink') le.target = this.target(e);
      if (kind === 'char' || kind === 'block') le.rdev = n.rdev;
      const exe = this.exe(e);
      if (exe !== undefined) le.exe = exe;
      if (kind === 'dir' && this.isOpaque(e)) le.opaque = true;
      if (kind !== 'dir' && kind !== 'whiteout' && n.nlink > 1) {
        const first = seen.get(n);
        if (first !== undefined) le.linkOf = first;
        else seen.set(n, path);
      }
      out.push(le);
    }
    return out;
  }

  /** Docker's layer size (pkg/directory.Size): lstat sizes of non-directories, each inode once. */
  diskSize(): number {
    let total = 0;
    const seen = new Set<INode>();
    for (const [, e] of this.walk()) {
      if (this.isDir(e)) continue;
      const s = this.size(e);
      if (s === 0) continue;
      const n = e.getNode();
      if (n.nlink > 1) {
        if (seen.has(n)) continue;
        seen.add(n);
      }
      total += s;
    }
    return total;
  }

  /** Whether the layer has no entries at all. */
  isEmpty(): boolean {
    for (const _ of this.list(this.root)) return false;
    return true;
  }

  // ---- building ----

  /** The directory at `path`, created (with `m`) where missing. */
  mkdirs(path: string, m: Meta): Entry {
    let dir = this.root;
    for (const name of components(path)) {
      let e = this.get(dir, name);
      if (e && !this.isDir(e)) {
        this.remove(dir, name);
        e = undefined;
      }
      dir = e ?? this.mkdir(dir, name, m);
    }
    return dir;
  }

  // ---- the tarball form (tarball.ts) ----

  /** The layer tarball's entries (see tarball.ts). */
  toTarEntries(): TarEntry[] {
    return toTarEntries(this);
  }

  /** The layer as a file listing in the tarball convention (see tarball.ts). */
  toTreeEntries(): TreeEntry[] {
    return toTreeEntries(this);
  }

  /** A layer from a file listing; `.wh.` entries become whiteouts and opaque markers. */
  static fromTree(id: string, entries: readonly TreeEntry[], defaultMtimeMs = 0): Layer {
    return layerFromTree(id, entries, defaultMtimeMs);
  }

  /** A layer from tarball entries (the reverse of toTarEntries). */
  static fromTar(id: string, entries: readonly TarEntry[]): Layer {
    return layerFromTar(id, entries);
  }
}
