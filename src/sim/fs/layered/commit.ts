/**
 * `docker commit`'s new layer: the container layer as overlay2 tars it
 * (overlay2 Diff → archive.TarWithOptions of the diff dir with the overlay whiteout
 * format), i.e. everything in the container layer — changed files, copied-up
 * directories, whiteouts, opaque markers — and nothing from the init layer, which
 * is a separate layer below it. Volume and bind-mount contents are never in the
 * container layer (MountFs sends those writes elsewhere); a mount point the engine
 * created shows as its empty directory. `exclude` drops the contents of given
 * directories anyway.
 *
 * The copy is a new Layer sharing the file bytes (nothing is duplicated), so the
 * container can go on changing its own layer.
 */
import { layerTar } from '../../archive/layerTar.ts';
import { digestOf, sha256Hex } from '../../images/sha256.ts';
import { components } from '../path.ts';
import { FileData } from './content.ts';
import { Layer, type Entry } from './layer.ts';
import { toTreeEntries } from './tarball.ts';
import type { UnionFs } from './union.ts';
import type { StoredImageLayer } from './store.ts';

/** The diffID of an empty layer tarball (1024 zero bytes): layer.DigestSHA256EmptyTar. */
export const EMPTY_LAYER_DIFF_ID = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

export interface CommitOptions {
  /** Directories whose contents stay out (they are kept as empty directories). */
  exclude?: readonly string[];
}

export interface CommittedLayer {
  /** The new layer (read-only; its id is its diffID). */
  layer: Layer;
  /** The sha256 of the layer's tar (see layerTarDigest). */
  diffID: string;
  /** The layer's size as Docker counts it (see size.ts). */
  size: number;
  /** Nothing changed: Docker records an empty_layer history entry and no RootFS layer. */
  empty: boolean;
}

/** A copy of the container layer, usable as an image layer. */
export function commitLayer(u: UnionFs, o: CommitOptions = {}): CommittedLayer {
  const src = u.upper;
  const excluded = new Set((o.exclude ?? []).map((p) => '/' + components(p).join('/')));
  const layer = new Layer('', src ? src.meta(src.root) : {});
  if (src) copyTree(src, src.root, layer, layer.root, '', excluded, new Map());
  const empty = layer.isEmpty();
  const diffID = empty ? EMPTY_LAYER_DIFF_ID : layerTarDigest(layer);
  layer.id = diffID;
  layer.readOnly = true;
  return { layer, diffID, size: layer.diskSize(), empty };
}

/**
 * An images/types Layer for a committed (or imported) layer, for the new image's
 * `layers`: diffID, size, `files()` (the tarball-form listing) and the Layer itself,
 * which LayerStore.acquire uses instead of rebuilding it from the listing.
 */
export function imageLayerOf(layer: Layer, diffID: string = layer.id): StoredImageLayer {
  return { diffID, size: layer.diskSize(), files: () => layer.toTreeEntries(), layer };
}

/** Copies the entries below `from` into `to` (file bytes shared, hard links kept). */
export function copyTree(src: Layer, from: Entry, dst: Layer, to: Entry, path: string, excluded: ReadonlySet<string>, links: Map<object, Entry>): void {
  for (const name of src.names(from)) {
    const e = src.get(from, name)!;
    const p = path + '/' + name;
    const m = src.meta(e);
    const kind = src.kind(e);
    // Hard links (of files, symlinks, devices): the first name makes the inode, the rest link to it.
    const shared = kind !== 'dir' && kind !== 'whiteout' && src.nlink(e) > 1;
    const first = shared ? links.get(src.inode(e)) : undefined;
    if (first) {
      dst.link(to, name, first);
      continue;
    }
    let made: Entry;
    switch (kind) {
      case 'dir': {
        const d = dst.mkdir(to, name, m, src.isOpaque(e));
        if (!excluded.has(p)) copyTree(src, e, dst, d, p, excluded, links);
        continue;
      }
      case 'whiteout':
        dst.whiteout(to, name, m);
        continue;
      case 'file':
        made = dst.createFile(to, name, m, src.data(e)?.share() ?? new FileData(), src.exe(e));
        break;
      case 'symlink':
        made = dst.symlink(to, name, src.target(e), m);
        break;
      default:
        made = dst.mknod(to, name, kind, m, src.rdev(e));
    }
    if (shared) links.set(src.inode(e), made);
  }
}

/**
 * The diffID Docker gives a layer: the sha256 of its uncompressed tar, here the
 * tar the simulator writes for it (`docker save` writes the same bytes from
 * `imageLayerOf(layer).files()`, so a saved and loaded image keeps its config
 * bytes and its ID).
 */
export function layerTarDigest(layer: Layer): string {
  return 'sha256:' + sha256Hex(layerTar(toTreeEntries(layer)));
}

/**
 * A content digest over the layer in tar order: each entry's tar header fields and
 * each file's sha256 (synthetic files by their size). Deterministic and
 * content-addressed, like a diffID.
 */
export function layerDigest(layer: Layer): string {
  const lines: string[] = [];
  for (const [path, e] of layer.walk()) {
    const m = layer.meta(e);
    const kind = layer.kind(e);
    let line = `${kind} ${path} ${m.mode.toString(8)} ${m.uid}:${m.gid} ${Math.floor(m.mtimeMs / 1000)}`;
    if (kind === 'symlink') line += ' ' + layer.target(e);
    else if (kind === 'char' || kind === 'block') line += ' ' + layer.rdev(e);
    else if (kind === 'dir' && layer.isOpaque(e)) line += ' opaque';
    else if (kind === 'file') {
      const d = layer.data(e);
      line += !d ? ' 0' : d.isSynthetic ? ` synthetic:${d.size}` : ` ${d.size} ${sha256Hex(d.bytes())}`;
      if (layer.nlink(e) > 1) line += ` ino:${layer.nlink(e)}`;
    }
    lines.push(line);
  }
  return digestOf(lines.join('\n'));
}
