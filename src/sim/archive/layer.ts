/**
 * Applies tar entries to an in-memory layer the way Docker 20.10 does when it
 * registers a layer (overlay2 ApplyDiff → docker-untar in a chroot → archive.Unpack
 * with the overlay whiteout converter, fed through tar-split):
 *  - names are cleaned and resolved inside the layer as in a chroot: a leading "/"
 *    or "../" cannot leave it ("../evil" lands at /evil), symlinks met on the way are
 *    followed inside the layer (an absolute target starts at the layer's root);
 *  - the same cleaned name twice is refused (tar-split: "duplicates of file paths not
 *    supported"); a later entry replaces an earlier one at the same place, except
 *    that directories merge;
 *  - missing parents are created 0755 root; a hard link must name an existing
 *    non-directory of this layer; `.wh.<name>` becomes a whiteout of <name> and
 *    `.wh..wh..opq` marks its directory opaque;
 *  - owners, modes (not for symlinks), mtimes, xattrs as in the archive; directory
 *    mtimes are applied last, as Docker does.
 * Nothing can name a path outside the layer: every node hangs off its own root.
 */
import { ArchiveError, feedError, untarError } from './errors.ts';
import { byteCompare, byteLen, chrootPath, cleanPath } from './paths.ts';
import type { TarEntry } from './tarRead.ts';
import { makedev, OPAQUE_MARKER, WHITEOUT_PREFIX, type LayerEntry } from './types.ts';
import type { FileType } from '../fs/types.ts';

interface Node {
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  data?: Uint8Array;
  target?: string;
  rdev?: number;
  xattrs?: Record<string, Uint8Array>;
  children?: Map<string, Node>;
  /** A whiteout (overlay: char device 0/0). */
  whiteout?: boolean;
  opaque?: boolean;
}

export interface LayerBuildOptions {
  /** When the layer is unpacked (ms): mtime of directories the archive does not list. */
  nowMs: number;
  /** Device nodes: kept (Docker as root), skipped (Docker in a user namespace) or refused. */
  devices?: 'keep' | 'skip' | 'refuse';
  /** Longest path (bytes) accepted; Linux's PATH_MAX is 4096. */
  maxPathBytes?: number;
  /** Refuse a repeated name (tar-split, layers; default) or let the later entry win (plain untar). */
  duplicates?: 'refuse' | 'replace';
  /** Turn `.wh.` names into whiteouts (layers; default) or keep them as files (plain untar). */
  whiteouts?: boolean;
}

const ERRNO = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EPERM: 'operation not permitted',
  EEXIST: 'file exists',
  ENAMETOOLONG: 'file name too long',
} as const;

/** Linux NAME_MAX: the longest name of one directory entry. */
const NAME_MAX = 255;
type Errno = keyof typeof ERRNO;

class SysError {
  readonly errno: Errno;
  constructor(errno: Errno) {
    this.errno = errno;
  }
}

const MAX_SYMLINKS = 40;

function newDir(mode: number, nowMs: number): Node {
  return { type: 'dir', mode, uid: 0, gid: 0, mtimeMs: nowMs, children: new Map() };
}

export class LayerBuilder {
  readonly root: Node;
  readonly #seen = new Set<string>();
  readonly #dirTimes: Array<[Node, number]> = [];
  readonly #now: number;
  readonly #devices: 'keep' | 'skip' | 'refuse';
  readonly #maxPath: number;
  readonly #dups: boolean;
  readonly #whiteouts: boolean;

  constructor(opts: LayerBuildOptions) {
    this.#now = opts.nowMs;
    this.#devices = opts.devices ?? 'keep';
    this.#maxPath = opts.maxPathBytes ?? 4096;
    this.#dups = (opts.duplicates ?? 'refuse') === 'refuse';
    this.#whiteouts = opts.whiteouts ?? true;
    this.root = newDir(0o755, opts.nowMs);
  }

  /**
   * A file's bytes, the path resolved inside the tree with every symlink followed
   * (FollowSymlinkInScope, then open). undefined: no such file. Throws for a directory.
   */
  readFile(path: string): Uint8Array | undefined {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let node: Node | undefined;
    try {
      const name = parts.pop();
      if (name === undefined) return undefined;
      const dir = this.#dir(parts, false);
      node = dir.children!.get(name);
      for (let hops = 0; node?.type === 'symlink'; hops++) {
        if (hops >= MAX_SYMLINKS) return undefined;
        const t = node.target!;
        const tp = t.split('/').filter((p) => p !== '' && p !== '.');
        const tn = tp.pop();
        if (tn === undefined) return undefined;
        const base = t.startsWith('/') ? [] : this.#pathOf(dir);
        const d2 = this.#dir([...(base ?? []), ...tp], false);
        node = d2.children!.get(tn);
      }
    } catch {
      return undefined;
    }
    if (!node || node.whiteout) return undefined;
    if (node.type === 'dir') throw new ArchiveError('manifest', `read ${path}: is a directory`);
    return node.type === 'file' ? node.data! : new Uint8Array(0);
  }

  #pathOf(target: Node): string[] | undefined {
    const find = (n: Node, trail: string[]): string[] | undefined => {
      if (n === target) return trail;
      for (const [k, c] of n.children ?? []) {
        if (c.type !== 'dir') continue;
        const r = find(c, [...trail, k]);
        if (r) return r;
      }
      return undefined;
    };
    return find(this.root, []);
  }

  /** Names of the directories at the root (not symlinks), sorted as os.ReadDir sorts them. */
  topDirs(): string[] {
    return [...this.root.children!].filter(([, n]) => n.type === 'dir').map(([k]) => k).sort(byteCompare);
  }

  /**
   * Resolves a directory inside the layer like the kernel in a chroot: symlinks are
   * followed (an absolute target starts at the layer's root, ".." stops there);
   * with `mkdir`, missing directories are created 0755 (os.MkdirAll).
   */
  #dir(parts: readonly string[], mkdir: boolean, depth = 0): Node {
    let cur = this.root;
    const stack: Node[] = [];
    const names: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        cur = stack.pop() ?? this.root;
        names.pop();
        continue;
      }
      let next = cur.children!.get(name);
      if (next === undefined || next.whiteout) {
        if (!mkdir) throw new SysError('ENOENT');
        next = newDir(0o755, this.#now);
        cur.children!.set(name, next);
        cur.mtimeMs = this.#now;
      }
      if (next.type === 'symlink') {
        if (depth >= MAX_SYMLINKS) throw new SysError('ELOOP');
        const t = next.target!;
        const head = t.startsWith('/') ? [] : names;
        return this.#dir([...head, ...t.split('/'), ...parts.slice(i + 1)], mkdir, depth + 1);
      }
      if (next.type !== 'dir') throw new SysError('ENOTDIR');
      stack.push(cur);
      names.push(name);
      cur = next;
    }
    return cur;
  }

  /**
   * The directory that receives `path` and the entry's name. Docker creates the
   * parent (MkdirAll) only when lstat(parent) fails; a parent that exists but does
   * not lead to a directory (a dangling symlink, a file) makes the create fail.
   */
  #parentOf(path: string, create: boolean): [Node, string] {
    const parts = path.split('/').filter(Boolean);
    const name = parts.pop()!;
    if (!create) return [this.#dir(parts, false), name];
    try {
      return [this.#dir(parts, false), name];
    } catch (err) {
      if (!(err instanceof SysError) || err.errno !== 'ENOENT' || parts.length === 0) throw err;
      let exists = false;
      try {
        const up = this.#dir(parts.slice(0, -1), false);
        const own = up.children!.get(parts[parts.length - 1]!);
        exists = own !== undefined && !own.whiteout;
      } catch {
        exists = false;
      }
      if (exists) throw err;
      return [this.#dir(parts, true), name];
    }
  }

  /** Applies one tar entry. Throws ArchiveError with Docker's texts. */
  add(e: TarEntry): void {
    // tar-split records every header (pax globals included) and refuses a repeated name.
    const key = cleanPath(e.name);
    if (this.#dups && this.#seen.has(key)) throw feedError('duplicate', 'duplicates of file paths not supported');
    this.#seen.add(key);
    if (e.typeflag === 0x67) return; // PAX global header: ignored by Unpack
    const path = chrootPath(e.name);
    if (byteLen(path) > this.#maxPath) {
      throw untarError('limit', `open ${path.slice(0, 64)}…: ${ERRNO.ENAMETOOLONG} (the simulator's limit is ${this.#maxPath} bytes)`);
    }
    // "." (any type): Docker skips it, the root keeps its metadata.
    if (path === '/') return;
    if (byteLen(e.linkname ?? '') > this.#maxPath - 1) {
      throw untarError('limit', `${opOf(e, path)}: ${ERRNO.ENAMETOOLONG}`);
    }
    const op = opOf(e, path);
    if (path.split('/').some((c) => byteLen(c) > NAME_MAX)) throw untarError('unpack', `${op}: ${ERRNO.ENAMETOOLONG}`);
    try {
      this.#apply(e, path);
    } catch (err) {
      if (err instanceof SysError) throw untarError('unpack', `${op}: ${ERRNO[err.errno]}`);
      throw err;
    }
  }

  #apply(e: TarEntry, path: string): void {
    const [parent, name] = this.#parentOf(path, true);
    // Whiteouts (overlay converter): a char device 0/0 at the hidden name; the marker file is not written.
    if (this.#whiteouts && name.startsWith(WHITEOUT_PREFIX)) {
      if (name === OPAQUE_MARKER) {
        parent.opaque = true;
        return;
      }
      const hidden = name.slice(WHITEOUT_PREFIX.length);
      if (hidden === '' || hidden === '.' || hidden === '..' || parent.children!.has(hidden)) {
        const shown = hidden === '' || hidden === '.' ? dirPath(path) : hidden === '..' ? dirPath(dirPath(path)) : dirPath(path) + (dirPath(path) === '/' ? '' : '/') + hidden;
        throw untarError('unpack', `failed to mknod(${JSON.stringify(cleanPath(shown))}, S_IFCHR, 0): ${ERRNO.EEXIST}`);
      }
      // (The daemon's char device gets the unpack time; keeping the header's time lets the layer be written back as it was.)
      parent.children!.set(hidden, { type: 'char', mode: 0, uid: e.uid, gid: e.gid, mtimeMs: Math.floor(e.mtime * 1000), rdev: 0, whiteout: true });
      parent.mtimeMs = this.#now;
      return;
    }
    const existing = parent.children!.get(name);
    if (existing && !(existing.type === 'dir' && e.type === 'dir' && e.typeflag === 0x35)) {
      parent.children!.delete(name);
      parent.mtimeMs = this.#now;
    }
    let node: Node;
    switch (e.typeflag) {
      case 0x35: // dir
        node = existing && existing.type === 'dir' ? existing : newDir(e.mode, this.#now);
        break;
      case 0x30: // regular file ('\0' files come here too)
        node = { type: 'file', mode: e.mode, uid: 0, gid: 0, mtimeMs: this.#now, data: e.data };
        break;
      case 0x32: // symlink: stored verbatim (inside the chroot it cannot point outside)
        node = { type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtimeMs: this.#now, target: e.linkname ?? '' };
        break;
      case 0x31: {
        // hard link: filepath.Join("/", linkname); link(2) does not follow a final symlink
        const target = chrootPath(e.linkname ?? '');
        if (target === '/') throw new SysError('EPERM');
        const [tp, tn] = this.#parentOf(target, false);
        const t = tp.children!.get(tn);
        if (!t || t.whiteout) throw new SysError('ENOENT');
        if (t.type === 'dir') throw new SysError('EPERM');
        node = t;
        break;
      }
      case 0x33:
      case 0x34:
      case 0x36: {
        if (this.#devices === 'skip') return;
        const type = e.typeflag === 0x33 ? 'char' : e.typeflag === 0x34 ? 'block' : 'fifo';
        if (this.#devices === 'refuse') throw untarError('unpack', `mknod ${path}: device files are not allowed here`);
        node = { type, mode: e.mode, uid: 0, gid: 0, mtimeMs: this.#now };
        if (type !== 'fifo') node.rdev = makedev(e.devmajor ?? 0, e.devminor ?? 0);
        break;
      }
      default:
        throw untarError('unpack', `unhandled tar header type ${e.typeflag}`);
    }
    parent.children!.set(name, node);
    parent.mtimeMs = this.#now;
    // Lchown, xattrs, chmod (not symlinks; a hard link's mode only if its target is no symlink), times.
    const linkToSymlink = e.typeflag === 0x31 && node.type === 'symlink';
    node.uid = e.uid;
    node.gid = e.gid;
    if (e.xattrs) node.xattrs = { ...node.xattrs, ...e.xattrs };
    if (e.typeflag !== 0x32 && !linkToSymlink) node.mode = e.mode & 0o7777;
    const mtimeMs = Math.floor(e.mtime * 1000);
    if (e.typeflag === 0x35) this.#dirTimes.push([node, mtimeMs]);
    else if (!linkToSymlink) node.mtimeMs = mtimeMs;
  }

  /** The layer's entries (walk order, parents first, whiteouts as `.wh.` files). Applies directory times first. */
  finish(): LayerEntry[] {
    for (const [n, t] of this.#dirTimes) n.mtimeMs = t;
    const out: LayerEntry[] = [];
    const seen = new Map<Node, string>();
    const walk = (dir: Node, prefix: string): void => {
      if (dir.opaque) {
        out.push({ path: prefix + '/' + OPAQUE_MARKER, type: 'file', mode: dir.mode & 0o777, uid: dir.uid, gid: dir.gid, size: 0, mtimeMs: dir.mtimeMs, data: new Uint8Array(0) });
      }
      const names = [...dir.children!.keys()].sort(byteCompare);
      for (const name of names) {
        const n = dir.children!.get(name)!;
        const path = prefix + '/' + name;
        if (n.whiteout) {
          out.push({ path: prefix + '/' + WHITEOUT_PREFIX + name, type: 'file', mode: 0o600, uid: n.uid, gid: n.gid, size: 0, mtimeMs: n.mtimeMs, data: new Uint8Array(0) });
          continue;
        }
        const e: LayerEntry = { path, type: n.type, mode: n.mode, uid: n.uid, gid: n.gid, size: 0, mtimeMs: n.mtimeMs };
        if (n.type === 'file') {
          e.data = n.data!;
          e.size = n.data!.length;
        } else if (n.type === 'symlink') {
          e.target = n.target!;
          e.size = byteLen(n.target!);
        }
        if (n.rdev !== undefined) e.rdev = n.rdev;
        if (n.xattrs) e.xattrs = n.xattrs;
        const first = seen.get(n);
        if (first !== undefined) e.linkOf = first;
        else if (n.type !== 'dir') seen.set(n, path);
        out.push(e);
        if (n.type === 'dir') walk(n, path);
      }
    };
    walk(this.root, '');
    // The opaque marker sorts among its siblings like any other name.
    return out;
  }
}

function dirPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** The failing call as Go's *os.PathError / *os.LinkError prints it. */
function opOf(e: TarEntry, path: string): string {
  switch (e.typeflag) {
    case 0x35:
      return `mkdir ${path}`;
    case 0x32:
      return `symlink ${e.linkname ?? ''} ${path}`;
    case 0x31:
      return `link ${chrootPath(e.linkname ?? '')} ${path}`;
    case 0x33:
    case 0x34:
    case 0x36:
      return `mknod ${path}`;
    default:
      return `open ${path}`;
  }
}

/** Docker's layer size: regular files and symlink targets, each inode once; whiteouts count 0. */
export function layerSize(entries: readonly LayerEntry[]): number {
  let n = 0;
  for (const e of entries) if (e.linkOf === undefined && (e.type === 'file' || e.type === 'symlink')) n += e.size;
  return n;
}

export { ArchiveError };
