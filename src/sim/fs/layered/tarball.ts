/**
 * The layer-tarball form of a layer (what `docker save`/`load`, `export`-style layer
 * tars and registries carry), and listings in the same convention:
 *  - a whiteout is `.wh.<name>`: an empty regular file, mode 0600, in the position of
 *    `<name>` (Docker walks the diff directory, where the whiteout is named `<name>`);
 *  - an opaque directory is followed by `<dir>/.wh..wh..opq`;
 *  - names are relative, directories end with "/", mtimes are cut to seconds, owners
 *    are numeric (uname/gname empty), the second name of a hard-linked inode is a link entry.
 * Reading (`layerFromTree`, `layerFromTar`) converts back to the overlay form, as Docker
 * applies a layer with the overlay whiteout format (`.wh..wh.` meta entries are skipped,
 * the names `.wh.`, `.wh..`, `.wh...` are refused).
 */
import type { TreeEntry } from '../../images/types.ts';
import { comparePaths } from '../../images/tree.ts';
import { FileData } from './content.ts';
import { Layer, type Entry, type Meta } from './layer.ts';

/** A layer-tarball entry (shaped like modern-tar's `{ header, body }`). */
export interface TarEntry {
  header: {
    /** Relative, no leading "/" or "./"; directories end with "/". */
    name: string;
    type: 'file' | 'link' | 'symlink' | 'character-device' | 'block-device' | 'directory' | 'fifo';
    size: number;
    mode: number;
    uid: number;
    gid: number;
    uname: string;
    gname: string;
    mtime: Date;
    linkname?: string;
    devmajor?: number;
    devminor?: number;
  };
  body?: Uint8Array;
}

export const WHITEOUT_PREFIX = '.wh.';
export const WHITEOUT_META_PREFIX = '.wh..wh.';
export const WHITEOUT_OPAQUE = '.wh..wh..opq';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const byteLength = (s: string): number => encoder.encode(s).length;
const major = (rdev: number): number => rdev >> 8;
const minor = (rdev: number): number => rdev & 0xff;

/**
 * The layer tarball's entries, as Docker's overlay2 driver writes them (archive.go with
 * the overlay whiteout converter): walk order, relative names, directories with "/",
 * mtimes cut to seconds, numeric owners; a whiteout becomes `.wh.<name>` (regular, 0600,
 * at the position of `<name>`), an opaque directory is followed by `<dir>/.wh..wh..opq`;
 * the second name of a hard-linked file is a link entry.
 */
export function toTarEntries(layer: Layer): TarEntry[] {
  const out: TarEntry[] = [];
  const seen = new Map<object, string>();
  for (const [path, e] of layer.walk()) {
    const n = layer.inode(e);
    const nlink = layer.nlink(e);
    const kind = layer.kind(e);
    const m = layer.meta(e);
    const rel = path.slice(1);
    const header: TarEntry['header'] = {
      name: rel,
      type: 'file',
      size: 0,
      mode: m.mode,
      uid: m.uid,
      gid: m.gid,
      uname: '',
      gname: '',
      mtime: new Date(Math.floor(m.mtimeMs / 1000) * 1000),
    };
    const entry: TarEntry = { header };
    const first = kind !== 'dir' && kind !== 'whiteout' && nlink > 1 ? seen.get(n) : undefined;
    if (first !== undefined) {
      header.type = 'link';
      header.linkname = first;
      out.push(entry);
      continue;
    }
    if (kind !== 'dir' && kind !== 'whiteout' && nlink > 1) seen.set(n, rel);
    switch (kind) {
      case 'whiteout': {
        const i = rel.lastIndexOf('/');
        header.name = rel.slice(0, i + 1) + WHITEOUT_PREFIX + rel.slice(i + 1);
        header.mode = 0o600;
        break;
      }
      case 'dir':
        header.name = rel + '/';
        header.type = 'directory';
        break;
      case 'symlink':
        header.type = 'symlink';
        header.linkname = layer.target(e);
        break;
      case 'char':
      case 'block':
        header.type = kind === 'char' ? 'character-device' : 'block-device';
        header.devmajor = major(layer.rdev(e));
        header.devminor = minor(layer.rdev(e));
        break;
      case 'fifo':
        header.type = 'fifo';
        break;
      case 'socket':
        continue; // tar has no sockets; Docker skips them
      case 'file': {
        const data = layer.data(e);
        header.size = data?.size ?? 0;
        entry.body = data ? data.bytes() : new Uint8Array(0);
        break;
      }
    }
    out.push(entry);
    if (kind === 'dir' && layer.isOpaque(e)) {
      out.push({
        header: { name: rel + '/' + WHITEOUT_OPAQUE, type: 'file', size: 0, mode: m.mode, uid: m.uid, gid: m.gid, uname: '', gname: '', mtime: new Date(0) },
      });
    }
  }
  return out;
}

/**
 * The layer as a file listing (images/types TreeEntry) in the tarball convention:
 * whiteouts as `.wh.<name>`, opaque directories with `.wh..wh..opq`, hard links with
 * `linkOf`. Files carry their text when they are small UTF-8 text, their bytes
 * (`data`) when they have other real content, only a size when synthetic.
 * `Layer.fromTree` reads it back.
 */
export function toTreeEntries(layer: Layer): TreeEntry[] {
  const out: TreeEntry[] = [];
  const seen = new Map<object, string>();
  for (const [path, e] of layer.walk()) {
    const n = layer.inode(e);
    const nlink = layer.nlink(e);
    const kind = layer.kind(e);
    const m = layer.meta(e);
    const t: TreeEntry = { path, type: 'file', mode: m.mode, uid: m.uid, gid: m.gid, size: 0, mtimeMs: m.mtimeMs };
    const linked = kind !== 'dir' && kind !== 'whiteout' && nlink > 1;
    const first = linked ? seen.get(n) : undefined;
    if (linked && first === undefined) seen.set(n, path);
    if (first !== undefined) t.linkOf = first;
    switch (kind) {
      case 'whiteout': {
        const i = path.lastIndexOf('/');
        t.path = path.slice(0, i + 1) + WHITEOUT_PREFIX + path.slice(i + 1);
        t.mode = 0o600;
        break;
      }
      case 'dir':
        t.type = 'dir';
        break;
      case 'symlink':
        t.type = 'symlink';
        t.target = layer.target(e);
        t.size = layer.size(e);
        break;
      case 'file': {
        const d = layer.data(e);
        t.size = d?.size ?? 0;
        const exe = layer.exe(e);
        if (exe !== undefined) t.exe = exe;
        if (first === undefined && d && !d.synth) {
          // Small UTF-8 text as text; anything else with its bytes (so that a layer
          // tar, hence its diffID and what `docker save` writes, has the real content).
          const bytes = d.bytes();
          if (d.size <= 65536) {
            try {
              t.content = strictDecoder.decode(bytes);
            } catch {
              t.data = bytes;
            }
          } else t.data = bytes;
        }
        break;
      }
      default:
        t.type = kind;
        if (kind === 'char' || kind === 'block') t.rdev = layer.rdev(e);
    }
    out.push(t);
    if (kind === 'dir' && layer.isOpaque(e)) out.push({ path: path + '/' + WHITEOUT_OPAQUE, type: 'file', mode: m.mode, uid: m.uid, gid: m.gid, size: 0, mtimeMs: 0 });
  }
  return out;
}

/**
 * A layer from a file listing (images/types TreeEntry, e.g. `Layer.files()`).
 * Entries named `.wh.<name>` become whiteouts and `.wh..wh..opq` marks its directory
 * opaque, as Docker applies a layer tarball with the overlay whiteout format.
 */
export function layerFromTree(id: string, entries: readonly TreeEntry[], defaultMtimeMs = 0): Layer {
  const sorted = [...entries].sort((a, b) => comparePaths(a.path, b.path));
  const rootEntry = sorted.find((e) => e.path === '/');
  const layer = new Layer(id, {
    mode: rootEntry?.mode ?? 0o755,
    uid: rootEntry?.uid ?? 0,
    gid: rootEntry?.gid ?? 0,
    mtimeMs: rootEntry?.mtimeMs ?? defaultMtimeMs,
  });
  const dirMtimes: [Entry, number][] = [];
  const links: TreeEntry[] = [];
  const implicit: Meta = { mode: 0o755, uid: 0, gid: 0, mtimeMs: defaultMtimeMs };
  for (const t of sorted) {
    if (t.path === '/') continue;
    const i = t.path.lastIndexOf('/');
    const parentPath = i <= 0 ? '/' : t.path.slice(0, i);
    const name = t.path.slice(i + 1);
    const dir = layer.mkdirs(parentPath, implicit);
    const m: Meta = { mode: t.mode, uid: t.uid, gid: t.gid, mtimeMs: t.mtimeMs ?? defaultMtimeMs };
    if (name === WHITEOUT_OPAQUE) {
      layer.setOpaque(dir, true);
      continue;
    }
    if (name.startsWith(WHITEOUT_META_PREFIX)) continue;
    if (name.startsWith(WHITEOUT_PREFIX)) {
      const hidden = name.slice(WHITEOUT_PREFIX.length);
      if (hidden === '' || hidden === '.' || hidden === '..') throw new Error(`invalid whiteout ${t.path}`);
      layer.remove(dir, hidden);
      layer.whiteout(dir, hidden, m);
      continue;
    }
    const old = layer.get(dir, name);
    if (old && t.type === 'dir' && layer.isDir(old)) {
      layer.setMeta(old, m);
      dirMtimes.push([old, m.mtimeMs]);
      continue;
    }
    if (old) layer.remove(dir, name);
    if (t.linkOf !== undefined) {
      links.push(t);
      continue;
    }
    switch (t.type) {
      case 'dir':
        dirMtimes.push([layer.mkdir(dir, name, m), m.mtimeMs]);
        break;
      case 'file': {
        const data =
          t.data !== undefined
            ? FileData.of(t.data)
            : t.content !== undefined
              ? FileData.of(encoder.encode(t.content))
              : FileData.synthetic(t.size);
        layer.createFile(dir, name, m, data, t.exe);
        break;
      }
      case 'symlink':
        layer.symlink(dir, name, t.target ?? '', m);
        break;
      default:
        layer.mknod(dir, name, t.type, m, t.rdev ?? 0);
    }
  }
  for (const t of links) {
    const target = layer.lookup(t.linkOf!);
    if (!target || layer.isDir(target)) throw new Error(`hard link ${t.path} to missing ${t.linkOf}`);
    const i = t.path.lastIndexOf('/');
    const dir = layer.mkdirs(i <= 0 ? '/' : t.path.slice(0, i), implicit);
    layer.link(dir, t.path.slice(i + 1), target);
  }
  for (const [d, ms] of dirMtimes) layer.setMeta(d, { mtimeMs: ms });
  return layer;
}

/** A layer from tarball entries (the reverse of toTarEntries). */
export function layerFromTar(id: string, entries: readonly TarEntry[]): Layer {
  const tree: TreeEntry[] = [];
  const bodies = new Map<string, Uint8Array>();
  for (const { header: h, body } of entries) {
    const rel = h.name.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (rel === '' || rel === '.') continue;
    const path = '/' + rel;
    const base: TreeEntry = { path, type: 'file', mode: h.mode & 0o7777, uid: h.uid, gid: h.gid, size: h.size, mtimeMs: h.mtime.getTime() };
    switch (h.type) {
      case 'directory':
        tree.push({ ...base, type: 'dir', size: 0 });
        break;
      case 'symlink':
        tree.push({ ...base, type: 'symlink', target: h.linkname ?? '', size: byteLength(h.linkname ?? '') });
        break;
      case 'link':
        tree.push({ ...base, linkOf: '/' + (h.linkname ?? '').replace(/^\.?\/+/, '') });
        break;
      case 'character-device':
      case 'block-device':
        tree.push({ ...base, type: h.type === 'character-device' ? 'char' : 'block', size: 0, rdev: ((h.devmajor ?? 0) << 8) | (h.devminor ?? 0) });
        break;
      case 'fifo':
        tree.push({ ...base, type: 'fifo', size: 0 });
        break;
      default:
        tree.push(base);
        bodies.set(path, body ?? new Uint8Array(0));
    }
  }
  const layer = layerFromTree(id, tree);
  for (const [path, bytes] of bodies) {
    const e = layer.lookup(path);
    if (e && layer.kind(e) === 'file') layer.setData(e, FileData.of(bytes.slice()));
  }
  return layer;
}
