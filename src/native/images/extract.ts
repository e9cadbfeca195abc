/**
 * Writes an unpacked layer to disk in overlayfs' form, as Docker's overlay2 driver
 * does when it registers a layer (ApplyDiff with the overlay whiteout converter):
 *  - `<dir>/.wh.<name>` becomes a char device 0/0 named `<name>` (mode 0, the
 *    marker's owner; its mtime is the marker's, so the layer tars back as it came);
 *  - `<dir>/.wh..wh..opq` becomes the xattr `trusted.overlay.opaque=y` on `<dir>`;
 *  - owners, modes (setuid/setgid/sticky included), mtimes, symlinks, hard links,
 *    device nodes, fifos and extended attributes as in the archive; directory times
 *    last.
 *
 * Safety: the entries come from the simulator's LayerBuilder (src/sim/archive/layer.ts),
 * which resolves every name inside the layer as docker-untar does in its chroot
 * (`..` clamped at the root, symlinks followed inside the layer, duplicates,
 * missing link targets, loops, over-long names refused with Docker's texts). Its
 * output paths are therefore the real places: every parent is a directory of this
 * layer, none is a symlink. They are written into a fresh directory that this
 * process made, in walk order (parents first), files with O_CREAT|O_EXCL and
 * symlinks never followed (lchown, lutimes, l*xattr): nothing can be written
 * outside `dir`. Absolute and `..` symlink targets are stored as content.
 */
import { chmodSync, linkSync, lchownSync, lutimesSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { whiteoutTarget, major, minor, type LayerEntry } from '../../sim/archive/types.ts';
import { mknodAll, setXattrs, OPAQUE_XATTR, type MknodRequest, type XattrRequest } from './sys.ts';

/** What the store keeps about a layer's directory besides the files (so it need not read xattrs back). */
export interface ExtractedMeta {
  /** Opaque directories (absolute paths inside the layer; "/" for the root). */
  opaque: string[];
  /** Extended attributes written, path -> name -> base64 value. */
  xattrs: Record<string, Record<string, string>>;
}

interface Pending {
  abs: string;
  uid: number;
  gid: number;
  /** undefined: a symlink (its mode is not set). */
  mode: number | undefined;
  mtimeMs: number;
  dir: boolean;
}

const Y = new Uint8Array([0x79]);

/**
 * Creates `dir` (it must not exist; its parent must) and writes `entries` into it.
 * On failure the caller removes `dir` (it is a scratch directory until renamed).
 */
export function writeLayer(dir: string, entries: readonly LayerEntry[]): ExtractedMeta {
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const abs = (p: string): string => (p === '/' ? dir : dir + p);
  const pending: Pending[] = [];
  const nodes: MknodRequest[] = [];
  const links: Array<[string, string]> = [];
  const xattrs: XattrRequest[] = [];
  const meta: ExtractedMeta = { opaque: [], xattrs: {} };
  const addXattr = (path: string, name: string, value: Uint8Array): void => {
    xattrs.push({ path: abs(path), name, value });
    (meta.xattrs[path] ??= {})[name] = Buffer.from(value).toString('base64');
  };
  for (const e of entries) {
    const wo = whiteoutTarget(e.path);
    if (wo) {
      if (wo.opaque) {
        meta.opaque.push(wo.hides);
        xattrs.push({ path: abs(wo.hides), name: OPAQUE_XATTR, value: Y });
      } else {
        nodes.push({ path: abs(wo.hides), kind: 'char', mode: 0 });
        pending.push({ abs: abs(wo.hides), uid: e.uid, gid: e.gid, mode: 0, mtimeMs: e.mtimeMs ?? 0, dir: false });
      }
      continue;
    }
    const p = abs(e.path);
    if (e.linkOf !== undefined && e.type !== 'dir') {
      // Same inode as the first name: its owner, mode, times and xattrs are that name's.
      links.push([abs(e.linkOf), p]);
      continue;
    }
    switch (e.type) {
      case 'dir':
        mkdirSync(p, { mode: 0o700 });
        break;
      case 'file':
        writeFileSync(p, e.data ?? new Uint8Array(0), { flag: 'wx', mode: 0o600 });
        break;
      case 'symlink':
        symlinkSync(e.target ?? '', p);
        break;
      case 'char':
      case 'block':
        nodes.push({ path: p, kind: e.type, mode: 0, major: major(e.rdev ?? 0), minor: minor(e.rdev ?? 0) });
        break;
      case 'fifo':
        nodes.push({ path: p, kind: 'fifo', mode: 0 });
        break;
      default:
        continue; // sockets never come out of a tar
    }
    pending.push({ abs: p, uid: e.uid, gid: e.gid, mode: e.type === 'symlink' ? undefined : e.mode & 0o7777, mtimeMs: e.mtimeMs ?? 0, dir: e.type === 'dir' });
    for (const [name, value] of Object.entries(e.xattrs ?? {})) addXattr(e.path, name, value);
  }
  mknodAll(nodes);
  for (const [from, to] of links) linkSync(from, to);
  // Owner before mode (chown clears setuid/setgid), xattrs after chown (it drops security.capability).
  for (const q of pending) {
    lchownSync(q.abs, q.uid, q.gid);
    if (q.mode !== undefined) chmodSync(q.abs, q.mode);
  }
  setXattrs(xattrs);
  // Times last, directories after everything inside them.
  for (const q of pending) if (!q.dir) lutimesSync(q.abs, q.mtimeMs / 1000, q.mtimeMs / 1000);
  for (const q of pending) if (q.dir) lutimesSync(q.abs, q.mtimeMs / 1000, q.mtimeMs / 1000);
  return meta;
}
