/**
 * `docker commit`'s new layer from a container's upper directory, as the simulator
 * writes a committed layer (src/sim/fs/layered/commit.ts → src/sim/archive/layerTar.ts,
 * i.e. overlay2's Diff: the diff directory tarred with the overlay whiteout
 * converter): walk order, a whiteout (char 0/0) as an empty 0600 `.wh.<name>` with
 * the device's owner and mtime, an opaque directory followed by
 * `<dir>/.wh..wh..opq`, the second name of an inode as a hard link, host user and
 * group names, `security.capability` kept, sockets skipped, mtimes in seconds.
 * An upper directory with nothing in it is an empty layer (no RootFS entry).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { layerTar } from '../../sim/archive/layerTar.ts';
import { OPAQUE_MARKER, WHITEOUT_PREFIX, type LayerEntry } from '../../sim/archive/types.ts';
import { layerSize } from '../../sim/archive/layer.ts';
import { EMPTY_LAYER_DIFF_ID } from '../../sim/fs/layered/commit.ts';
import { scanLayer, walkScan } from './scan.ts';

export { EMPTY_LAYER_DIFF_ID };

export interface CommitLayerOptions {
  /** Directories whose contents stay out (kept as empty directories). */
  exclude?: readonly string[];
}

export interface CommittedTar {
  /** The layer tar (1024 zero bytes when empty). */
  tar: Uint8Array;
  diffID: string;
  /** Docker's layer size: regular files and symlink targets, each inode once. */
  size: number;
  /** Nothing changed: Docker records an empty_layer history entry and adds no layer. */
  empty: boolean;
}

/** The entries of an upper directory in layer-tar form (`.wh.` names), walk order. */
export function upperEntries(upper: string, o: CommitLayerOptions = {}): LayerEntry[] {
  const root = scanLayer(upper);
  const excluded = (o.exclude ?? []).map((p) => '/' + p.split('/').filter(Boolean).join('/'));
  const under = (p: string): boolean => excluded.some((x) => p.startsWith(x + '/'));
  const out: LayerEntry[] = [];
  const firstName = new Map<string, string>();
  for (const [path, n] of walkScan(root)) {
    if (under(path) || n.type === 'socket') continue;
    const mtimeMs = Number(n.mtimeNs / 1_000_000n);
    if (n.type === 'whiteout') {
      const i = path.lastIndexOf('/');
      out.push({ path: path.slice(0, i + 1) + WHITEOUT_PREFIX + path.slice(i + 1), type: 'file', mode: 0o600, uid: n.uid, gid: n.gid, size: 0, mtimeMs, data: new Uint8Array(0) });
      continue;
    }
    const e: LayerEntry = { path, type: n.type, mode: n.mode, uid: n.uid, gid: n.gid, size: n.size, mtimeMs };
    if (n.type === 'symlink') e.target = n.target ?? '';
    if (n.type === 'char' || n.type === 'block') e.rdev = n.rdev;
    if (n.xattrs) e.xattrs = n.xattrs;
    if (n.type !== 'dir' && n.nlink > 1) {
      const first = firstName.get(n.inode);
      if (first !== undefined) e.linkOf = first;
      else firstName.set(n.inode, path);
    }
    if (n.type === 'file' && e.linkOf === undefined) e.data = new Uint8Array(readFileSync(n.real));
    out.push(e);
    if (n.type === 'dir' && n.opaque) {
      out.push({ path: path + '/' + OPAQUE_MARKER, type: 'file', mode: n.mode & 0o777, uid: n.uid, gid: n.gid, size: 0, mtimeMs, data: new Uint8Array(0) });
    }
  }
  // walkScan's order is the tar's (layerTar sorts whiteouts where their names sort), so
  // the first name of an inode is the one the tar carries the data under.
  return out;
}

/** The committed layer's tar, diffID and size. */
export function commitLayer(upper: string, o: CommitLayerOptions = {}): CommittedTar {
  const entries = upperEntries(upper, o);
  const tar = layerTar(entries);
  if (entries.length === 0) return { tar, diffID: EMPTY_LAYER_DIFF_ID, size: 0, empty: true };
  return { tar, diffID: 'sha256:' + createHash('sha256').update(tar).digest('hex'), size: layerSize(entries), empty: false };
}
