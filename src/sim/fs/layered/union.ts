/**
 * A container's root filesystem: the overlay of read-only image layers, the init
 * layer and the container's own writable layer, with overlayfs semantics.
 *
 *  - Lookups go top-down through the layers. A non-directory or a whiteout hides
 *    everything below it; directories merge until one is opaque.
 *  - The first change to a lower file copies it up (metadata plus a shared reference
 *    to its bytes: nothing is duplicated until written, and appends share the prefix).
 *    Changing a lower directory's metadata, or anything inside it, copies up just
 *    the directory (and its parents).
 *  - Deleting a name that a lower layer has writes a whiteout; a directory created
 *    where a whiteout was is opaque.
 *  - rename(2) of a lower or merged directory fails with EXDEV (overlayfs without
 *    redirect_dir), so `mv` copies and deletes; files and upper-only directories move.
 *  - Symlinks are resolved through the union, hard links live in the upper layer.
 *
 * The upper layer is made on the first write, and the init layer is one shared
 * read-only layer (its entries show `initMtimeMs`, the container's creation time),
 * so creating a container costs the same whatever the image's size.
 * Volumes and bind mounts are not handled here: wrap the union in a MountFs.
 */
import { FsError, type DirEntry, type FileSystem, type FileType, type Stat, type WriteOptions } from '../types.ts';
import { components, join } from '../path.ts';
import { toBytes } from '../memory.ts';
import { FileData } from './content.ts';
import { Layer, type Entry, type Meta } from './layer.ts';

/** A directory of one layer, as part of a merged directory. */
export interface Frame {
  layer: Layer;
  dir: Entry;
}

/** The visible entry for a name: its topmost layer, and for directories every merged frame. */
export interface Hit {
  layer: Layer;
  entry: Entry;
  /** Directories: the merged frames, top-down. null for non-directories. */
  dirs: Frame[] | null;
}

interface Found {
  /** The resolved absolute path. */
  path: string;
  parentPath: string;
  /** The merged parent directory (empty for "/"). */
  parent: Frame[];
  name: string;
  hit: Hit | null;
}

export type FsOp = 'write' | 'mkdir' | 'unlink' | 'rmdir' | 'rename' | 'symlink' | 'link' | 'mknod' | 'chmod' | 'chown' | 'utimes' | 'truncate';

export interface FsEvent {
  op: FsOp;
  path: string;
  /** rename: the new path. */
  to?: string;
}

export interface UnionOptions {
  /** Image layers, bottom first (shared, read-only). */
  lowers: readonly Layer[];
  /** The init layer (shared, read-only), or null for none. */
  init?: Layer | null;
  /** The mtime entries of the init layer show: when the container was created. Defaults to now(). */
  initMtimeMs?: number;
  /** The virtual clock, ms since the epoch. */
  now?: () => number;
  /** The container's ID (names the container layer). */
  id?: string;
  /** An existing container layer to continue with. */
  upper?: Layer;
  /**
   * The container layer's root directory, which is what `ls -ld /` shows (overlayfs
   * takes a merged directory's attributes from its topmost layer). Docker's overlay2
   * makes it 0755 root:root when the container is created; default mtime initMtimeMs.
   */
  root?: Partial<Meta>;
  /** `docker run --read-only`: every change fails with EROFS. */
  readOnly?: boolean;
}

const MAX_SYMLINKS = 40;
const dec = new TextDecoder();

/** The visible entry for `name` in the merged directory `frames`. */
export function lookup(frames: readonly Frame[], name: string): Hit | null {
  let dirs: Frame[] | null = null;
  for (const f of frames) {
    const e = f.layer.get(f.dir, name);
    if (!e) continue;
    if (f.layer.isWhiteout(e)) break;
    if (f.layer.isDir(e)) {
      (dirs ??= []).push({ layer: f.layer, dir: e });
      if (f.layer.isOpaque(e)) break;
      continue;
    }
    if (dirs) break;
    return { layer: f.layer, entry: e, dirs: null };
  }
  return dirs ? { layer: dirs[0]!.layer, entry: dirs[0]!.dir, dirs } : null;
}

/** The merged listing of a directory: name -> topmost visible entry (whiteouts hide). */
export function mergedEntries(frames: readonly Frame[]): Map<string, Frame> {
  const out = new Map<string, Frame>();
  if (frames.length === 1) {
    const f = frames[0]!;
    for (const [name, e] of f.layer.list(f.dir)) if (!f.layer.isWhiteout(e)) out.set(name, { layer: f.layer, dir: e });
    return out;
  }
  const hidden = new Set<string>();
  for (const f of frames) {
    for (const [name, e] of f.layer.list(f.dir)) {
      if (out.has(name) || hidden.has(name)) continue;
      if (f.layer.isWhiteout(e)) hidden.add(name);
      else out.set(name, { layer: f.layer, dir: e });
    }
  }
  return out;
}

/** The names a merged directory shows (whiteouts hide, "." and ".." left out). */
export function mergedNames(frames: readonly Frame[]): Set<string> {
  const out = new Set<string>();
  const hidden = frames.length > 1 ? new Set<string>() : null;
  for (const f of frames) {
    for (const [name, e] of f.layer.children(f.dir)) {
      if (!e || name === '.' || name === '..' || out.has(name)) continue;
      if (f.layer.isWhiteout(e)) hidden?.add(name);
      else if (!hidden?.has(name)) out.add(name);
    }
  }
  return out;
}

/** Lexical normalisation for symlink resolution (keeps the path absolute). */
function normalizeLoose(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export class UnionFs implements FileSystem {
  readonly lowers: readonly Layer[];
  readonly init: Layer | null;
  readonly initMtimeMs: number;
  readonly now: () => number;
  readonly id: string;
  /** Every change fails with EROFS (a read-only root filesystem). */
  readOnly: boolean;
  #upper: Layer | null;
  /** The container layer's root until that layer exists (created with the container). */
  readonly #rootMeta: Meta;
  /** Roots of init + image layers, top-down, cut at an opaque root. */
  readonly #lowerRoots: Frame[];
  #roots: Frame[];
  #listeners: Set<(e: FsEvent) => void> | null = null;

  constructor(o: UnionOptions) {
    this.lowers = o.lowers;
    this.init = o.init ?? null;
    this.now = o.now ?? (() => 0);
    this.initMtimeMs = o.initMtimeMs ?? this.now();
    this.id = o.id ?? '';
    this.readOnly = o.readOnly ?? false;
    this.#upper = o.upper ?? null;
    this.#rootMeta = { mode: 0o755, uid: 0, gid: 0, mtimeMs: this.initMtimeMs, ...o.root };
    const ro: Layer[] = [];
    if (this.init) ro.push(this.init);
    for (let i = this.lowers.length - 1; i >= 0; i--) ro.push(this.lowers[i]!);
    this.#lowerRoots = [];
    for (const layer of ro) {
      this.#lowerRoots.push({ layer, dir: layer.root });
      if (layer.isOpaque(layer.root)) break;
    }
    this.#roots = this.#upper ? this.#withUpper() : this.#lowerRoots;
  }

  #withUpper(): Frame[] {
    const u = this.#upper!;
    return u.isOpaque(u.root) ? [{ layer: u, dir: u.root }] : [{ layer: u, dir: u.root }, ...this.#lowerRoots];
  }

  /** The container layer, or null while nothing has been written. */
  get upper(): Layer | null {
    return this.#upper;
  }

  /** The container layer, made on first use (for a change: EROFS if the union is read-only). */
  upperLayer(path = '/'): Layer {
    if (this.readOnly) throw new FsError('EROFS', path);
    if (!this.#upper) {
      this.#upper = new Layer(this.id, this.#rootMeta);
      this.#roots = this.#withUpper();
    }
    return this.#upper;
  }

  /** Merged root frames; `lowerOnly` gives image + init (the view `docker diff` compares with). */
  roots(lowerOnly = false): Frame[] {
    return lowerOnly ? this.#lowerRoots : this.#roots;
  }

  /** Every layer, top-down: container layer (if made), init, image layers. */
  layers(): Layer[] {
    const out: Layer[] = [];
    if (this.#upper) out.push(this.#upper);
    if (this.init) out.push(this.init);
    for (let i = this.lowers.length - 1; i >= 0; i--) out.push(this.lowers[i]!);
    return out;
  }

  onChange(cb: (e: FsEvent) => void): () => void {
    (this.#listeners ??= new Set()).add(cb);
    return () => this.#listeners?.delete(cb);
  }

  #emit(op: FsOp, path: string, to?: string): void {
    if (!this.#listeners?.size) return;
    const e: FsEvent = to === undefined ? { op, path } : { op, path, to };
    for (const cb of this.#listeners) cb(e);
  }

  // ---- resolution ----

  /** Metadata of an entry as the union shows it (the shared init layer shows the container's creation time). */
  meta(layer: Layer, e: Entry): Meta {
    const m = layer.meta(e);
    if (layer === this.init) m.mtimeMs = this.initMtimeMs;
    return m;
  }

  #rootHit(): Hit {
    const f = this.#roots[0];
    if (!f) {
      // No layers at all: an empty root in a container layer made now.
      this.#upper = new Layer(this.id, this.#rootMeta);
      this.#roots = this.#withUpper();
      return this.#rootHit();
    }
    return { layer: f.layer, entry: f.dir, dirs: this.#roots };
  }

  /**
   * Walks `path` (absolute, normalised). Intermediate symlinks are always followed;
   * the last component only when `follow`.
   */
  #walk(path: string, follow: boolean, depth = 0): Found {
    const parts = components(path);
    if (parts.length === 0) return { path: '/', parentPath: '/', parent: [], name: '', hit: this.#rootHit() };
    let frames = this.#roots;
    let cur = '';
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      const last = i === parts.length - 1;
      const hit = lookup(frames, name);
      const here = cur + '/' + name;
      if ((last && !follow) || (last && !hit)) return { path: here, parentPath: cur || '/', parent: frames, name, hit };
      if (!hit) throw new FsError('ENOENT', path);
      if (!hit.dirs && hit.layer.kind(hit.entry) === 'symlink') {
        if (depth >= MAX_SYMLINKS) throw new FsError('ELOOP', path);
        const target = hit.layer.target(hit.entry);
        const base = target.startsWith('/') ? target : cur + '/' + target;
        const rest = parts.slice(i + 1).join('/');
        return this.#walk(normalizeLoose(rest ? base + '/' + rest : base), follow, depth + 1);
      }
      if (last) return { path: here, parentPath: cur || '/', parent: frames, name, hit };
      if (!hit.dirs) throw new FsError('ENOTDIR', path);
      frames = hit.dirs;
      cur = here;
    }
    /* c8 ignore next */
    throw new FsError('ENOENT', path);
  }

  #found(path: string, follow: boolean): Found & { hit: Hit } {
    const f = this.#walk(path, follow);
    if (!f.hit) throw new FsError('ENOENT', path);
    return f as Found & { hit: Hit };
  }

  /** The visible entry at `path` (null if none), for the diff and the view. */
  resolve(path: string, follow = false): Hit | null {
    try {
      return this.#walk(path, follow).hit;
    } catch {
      return null;
    }
  }

  #statHit(hit: Hit, path: string): Stat {
    if (hit.dirs) {
      const m = path === '/' && !this.#upper ? { ...this.#rootMeta } : this.meta(hit.layer, hit.entry);
      let nlink = 2;
      for (const [, f] of mergedEntries(hit.dirs)) if (f.layer.isDir(f.dir)) nlink++;
      return { type: 'dir', mode: m.mode, uid: m.uid, gid: m.gid, size: 4096, mtimeMs: m.mtimeMs, nlink };
    }
    const st = hit.layer.stat(hit.entry);
    if (hit.layer === this.init) st.mtimeMs = this.initMtimeMs;
    return st;
  }

  // ---- copy-up ----

  /** Makes sure the directory at the resolved path `path` exists in the container layer. */
  #upperDir(path: string): Entry {
    const upper = this.upperLayer(path);
    let dir = upper.root;
    let frames = this.#roots;
    for (const name of components(path)) {
      const e = upper.get(dir, name);
      if (e && upper.isDir(e)) {
        dir = e;
        frames = lookup(frames, name)?.dirs ?? [];
        continue;
      }
      const hit = lookup(frames, name);
      if (!hit) throw new FsError('ENOENT', path);
      if (!hit.dirs) throw new FsError('ENOTDIR', path);
      dir = upper.mkdir(dir, name, this.meta(hit.layer, hit.entry));
      frames = hit.dirs;
    }
    return dir;
  }

  /** The container-layer entry for a found non-directory, copying it up if it is in a lower layer. */
  #copyUp(f: Found & { hit: Hit }): Entry {
    const upper = this.upperLayer(f.path);
    const { layer, entry } = f.hit;
    if (layer === upper) return entry;
    const dir = this.#upperDir(f.parentPath);
    const m = this.meta(layer, entry);
    const kind = layer.kind(entry);
    switch (kind) {
      case 'file':
        return upper.createFile(dir, f.name, m, layer.data(entry)?.share() ?? new FileData(), layer.exe(entry));
      case 'symlink':
        return upper.symlink(dir, f.name, layer.target(entry), m);
      case 'dir':
      case 'whiteout':
        throw new FsError('EINVAL', f.path);
      default:
        return upper.mknod(dir, f.name, kind, m, layer.rdev(entry));
    }
  }

  /** The container-layer entry for what `f` found (directories and files alike). */
  #own(f: Found & { hit: Hit }): Entry {
    return f.hit.dirs ? this.#upperDir(f.path) : this.#copyUp(f);
  }

  /** Whether a layer below the container layer shows `name` in the merged dir `frames`. */
  #lowerHas(frames: readonly Frame[], name: string): boolean {
    const upper = this.#upper;
    const lower = upper && frames[0]?.layer === upper ? frames.slice(1) : frames;
    return lookup(lower, name) !== null;
  }

  /** Creates a new name in the container layer where the union has none (replacing a whiteout). */
  #create(f: Found, make: (upper: Layer, dir: Entry, name: string) => Entry, isDir: boolean, mtimeMs = this.now()): Entry {
    const upper = this.upperLayer(f.path);
    const dir = this.#upperDir(f.parentPath);
    const old = upper.get(dir, f.name);
    let opaque = false;
    if (old) {
      opaque = isDir && upper.isWhiteout(old);
      upper.remove(dir, f.name);
    }
    const e = make(upper, dir, f.name);
    if (opaque) upper.setOpaque(e, true);
    upper.setMeta(dir, { mtimeMs });
    return e;
  }

  /** Removes the visible name `f` (a checked entry), writing a whiteout if a lower layer has it. */
  #delete(f: Found & { hit: Hit }): void {
    const upper = this.upperLayer(f.path);
    const dir = this.#upperDir(f.parentPath);
    if (f.hit.layer === upper) upper.remove(dir, f.name);
    if (this.#lowerHas(f.parent, f.name)) upper.whiteout(dir, f.name, { mtimeMs: this.now() });
    upper.setMeta(dir, { mtimeMs: this.now() });
  }

  // ---- FileSystem: reading ----

  stat(path: string): Stat {
    const f = this.#found(path, true);
    return this.#statHit(f.hit, f.path);
  }

  lstat(path: string): Stat {
    const f = this.#found(path, false);
    return this.#statHit(f.hit, f.path);
  }

  exists(path: string): boolean {
    try {
      return this.#walk(path, true).hit !== null;
    } catch {
      return false;
    }
  }

  readdir(path: string): DirEntry[] {
    const f = this.#found(path, true);
    if (!f.hit.dirs) throw new FsError('ENOTDIR', path);
    const out: DirEntry[] = [];
    for (const [name, e] of mergedEntries(f.hit.dirs)) {
      const k = e.layer.kind(e.dir);
      out.push({ name, type: k === 'whiteout' ? 'char' : k });
    }
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out;
  }

  readFile(path: string): Uint8Array {
    const f = this.#found(path, true);
    if (f.hit.dirs) throw new FsError('EISDIR', path);
    if (f.hit.layer.kind(f.hit.entry) !== 'file') return new Uint8Array(0);
    return f.hit.layer.data(f.hit.entry)?.bytes() ?? new Uint8Array(0);
  }

  readText(path: string): string {
    return dec.decode(this.readFile(path));
  }

  readlink(path: string): string {
    const f = this.#found(path, false);
    if (f.hit.dirs || f.hit.layer.kind(f.hit.entry) !== 'symlink') throw new FsError('EINVAL', path);
    return f.hit.layer.target(f.hit.entry);
  }

  realpath(path: string): string {
    return this.#found(path, true).path;
  }

  // ---- FileSystem: writing ----

  writeFile(path: string, data: Uint8Array | string, opts: WriteOptions & { uid?: number; gid?: number; mtimeMs?: number } = {}): void {
    const f = this.#walk(path, true);
    const now = opts.mtimeMs ?? this.now();
    if (f.hit?.dirs) throw new FsError('EISDIR', path);
    if (f.hit && f.hit.layer.kind(f.hit.entry) !== 'file') return; // writes to devices are the caller's business
    const upper = this.upperLayer(path);
    const e = f.hit
      ? this.#copyUp(f as Found & { hit: Hit })
      : this.#create(
          f,
          (u, dir, name) => u.createFile(dir, name, { mode: opts.mode ?? 0o644, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtimeMs: now }, new FileData()),
          false,
          now,
        );
    if (opts.exe !== undefined) upper.setExe(e, opts.exe);
    upper.setMeta(e, { mtimeMs: now });
    if (opts.size !== undefined) upper.setData(e, FileData.synthetic(opts.size));
    else {
      const bytes = toBytes(data);
      if (opts.append) {
        let d = upper.data(e);
        if (!d) upper.setData(e, (d = new FileData()));
        d.append(bytes);
      } else upper.setData(e, FileData.of(bytes.slice()));
    }
    this.#emit('write', f.path);
  }

  /** Sets a file's length (truncate(2)). */
  truncate(path: string, size: number): void {
    const f = this.#found(path, true);
    if (f.hit.dirs) throw new FsError('EISDIR', path);
    const upper = this.upperLayer(path);
    const e = this.#copyUp(f);
    const old = upper.data(e)?.bytes() ?? new Uint8Array(0);
    const buf = new Uint8Array(size);
    buf.set(old.subarray(0, Math.min(size, old.length)));
    upper.setData(e, FileData.of(buf));
    upper.setMeta(e, { mtimeMs: this.now() });
    this.#emit('truncate', f.path);
  }

  mkdir(path: string, opts: { mode?: number; parents?: boolean; uid?: number; gid?: number; mtimeMs?: number } = {}): void {
    if (opts.parents) {
      let p = '';
      for (const part of components(path)) {
        p += '/' + part;
        const f = this.#walk(p, true);
        if (f.hit) {
          if (!f.hit.dirs) throw new FsError(p === path ? 'EEXIST' : 'ENOTDIR', path);
          continue;
        }
        this.mkdir(p, { ...opts, parents: false });
      }
      return;
    }
    const f = this.#walk(path, false);
    if (f.hit || path === '/') throw new FsError('EEXIST', path);
    const m: Meta = { mode: opts.mode ?? 0o755, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtimeMs: opts.mtimeMs ?? this.now() };
    this.#create(f, (u, dir, name) => u.mkdir(dir, name, m), true);
    this.#emit('mkdir', f.path);
  }

  unlink(path: string): void {
    const f = this.#found(path, false);
    if (f.hit.dirs) throw new FsError('EISDIR', path);
    this.#delete(f);
    this.#emit('unlink', f.path);
  }

  rmdir(path: string): void {
    if (path === '/') throw new FsError('EPERM', path);
    const f = this.#found(path, false);
    if (!f.hit.dirs) throw new FsError('ENOTDIR', path);
    if (mergedEntries(f.hit.dirs).size) throw new FsError('ENOTEMPTY', path);
    this.#delete(f);
    this.#emit('rmdir', f.path);
  }

  rename(from: string, to: string): void {
    const src = this.#found(from, false);
    const dst = this.#walk(to, false);
    if (src.path === dst.path) return;
    const s = src.hit;
    const d = dst.hit;
    if (d && !d.dirs && !s.dirs && d.layer === s.layer && s.layer.sameInode(s.entry, d.entry)) return;
    if (s.dirs && dst.path.startsWith(src.path + '/')) throw new FsError('EINVAL', to);
    if (d) {
      if (d.dirs && !s.dirs) throw new FsError('EISDIR', to);
      if (!d.dirs && s.dirs) throw new FsError('ENOTDIR', to);
    }
    // overlayfs without redirect_dir cannot move a directory that has lower parts.
    if (s.dirs && !(s.dirs.length === 1 && s.layer === this.#upper)) throw new FsError('EXDEV', from);
    if (d?.dirs && mergedEntries(d.dirs).size) throw new FsError('ENOTEMPTY', to);
    const upper = this.upperLayer(from);
    const srcLower = this.#lowerHas(src.parent, src.name);
    const dstLower = this.#lowerHas(dst.parent, dst.name);
    if (s.layer !== upper) this.#copyUp(src);
    const fromDir = this.#upperDir(src.parentPath);
    const toDir = this.#upperDir(dst.parentPath);
    if (upper.get(toDir, dst.name)) upper.remove(toDir, dst.name);
    const moved = upper.move(fromDir, src.name, toDir, dst.name);
    if (s.dirs && dstLower) upper.setOpaque(moved, true);
    if (srcLower) upper.whiteout(fromDir, src.name, { mtimeMs: this.now() });
    const now = this.now();
    upper.setMeta(fromDir, { mtimeMs: now });
    upper.setMeta(toDir, { mtimeMs: now });
    this.#emit('rename', src.path, dst.path);
  }

  symlink(target: string, path: string): void {
    const f = this.#walk(path, false);
    if (f.hit) throw new FsError('EEXIST', path);
    const now = this.now();
    this.#create(f, (u, dir, name) => u.symlink(dir, name, target, { mode: 0o777, uid: 0, gid: 0, mtimeMs: now }), false);
    this.#emit('symlink', f.path);
  }

  /** A hard link: `path` becomes another name for the inode at `existing` (copied up first). */
  link(existing: string, path: string): void {
    const src = this.#found(existing, false);
    if (src.hit.dirs) throw new FsError('EPERM', existing);
    const dst = this.#walk(path, false);
    if (dst.hit) throw new FsError('EEXIST', path);
    const e = this.#copyUp(src);
    this.#create(dst, (u, dir, name) => u.link(dir, name, e), false);
    this.#emit('link', dst.path);
  }

  mknod(path: string, type: FileType, mode: number, rdev = 0): void {
    const f = this.#walk(path, false);
    if (f.hit) throw new FsError('EEXIST', path);
    const now = this.now();
    if (type === 'dir') throw new FsError('EINVAL', path);
    this.#create(f, (u, dir, name) => u.mknod(dir, name, type, { mode, uid: 0, gid: 0, mtimeMs: now }, rdev), false);
    this.#emit('mknod', f.path);
  }

  #modify(path: string, follow: boolean, op: FsOp, m: Partial<Meta>): void {
    const f = this.#found(path, follow);
    const e = this.#own(f);
    this.upperLayer(path).setMeta(e, m);
    this.#emit(op, f.path);
  }

  chmod(path: string, mode: number): void {
    this.#modify(path, true, 'chmod', { mode: mode & 0o7777 });
  }

  chown(path: string, uid: number, gid: number): void {
    const m: Partial<Meta> = {};
    if (uid >= 0) m.uid = uid;
    if (gid >= 0) m.gid = gid;
    this.#modify(path, true, 'chown', m);
  }

  lchown(path: string, uid: number, gid: number): void {
    const m: Partial<Meta> = {};
    if (uid >= 0) m.uid = uid;
    if (gid >= 0) m.gid = gid;
    this.#modify(path, false, 'chown', m);
  }

  utimes(path: string, mtimeMs: number): void {
    this.#modify(path, true, 'utimes', { mtimeMs });
  }

  lutimes(path: string, mtimeMs: number): void {
    this.#modify(path, false, 'utimes', { mtimeMs });
  }

  /** Every visible path below `dir` (depth-first, sorted), for tests and export. */
  *walkTree(dir = '/'): IterableIterator<[string, Stat]> {
    for (const e of this.readdir(dir)) {
      const p = join(dir, e.name);
      const st = this.lstat(p);
      yield [p, st];
      if (st.type === 'dir') yield* this.walkTree(p);
    }
  }
}
