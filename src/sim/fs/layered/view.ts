/**
 * What the layer diagram draws: a container's layers, bottom first (image layers,
 * the init layer, the container layer), each with its entries and what became of
 * them in the union:
 *   'from this layer'  the union shows this entry (directories: this layer's part of
 *                      the merged directory);
 *   'copied up'        a container-layer entry over something a lower layer has
 *                      (a copy-up, or a file written over a deleted one);
 *   'whiteout'         a deletion marker (hides the lower path);
 *   'shadowed'         hidden by something above: a newer copy, a whiteout, an opaque
 *                      directory or a non-directory higher up.
 * onChange()/watchView() tell the drawing when to redraw.
 */
import type { FileType } from '../types.ts';
import type { Entry, Layer } from './layer.ts';
import { lookup, type Frame, type Hit, type UnionFs, type FsEvent } from './union.ts';
import { layerSize } from './size.ts';

export type FileStatus = 'from this layer' | 'copied up' | 'whiteout' | 'shadowed';

export interface ViewFile {
  path: string;
  type: FileType | 'whiteout';
  status: FileStatus;
  /** lstat size (0 for directories and whiteouts). */
  size: number;
  /** Directories: marked opaque (lower contents hidden). */
  opaque?: boolean;
}

export type LayerRole = 'image' | 'init' | 'container';

export interface ViewLayer {
  role: LayerRole;
  /** diffID for image layers; `<container>-init`; the container ID. */
  id: string;
  readOnly: boolean;
  /** Bytes as Docker counts them. */
  size: number;
  files: ViewFile[];
}

/** The container's layers, bottom first, with per-file status. */
export function layerView(u: UnionFs): ViewLayer[] {
  const out: ViewLayer[] = [];
  const visible = new Map<string, Hit | null>();
  const lowerVisible = new Map<string, Hit | null>();
  const hitAt = (cache: Map<string, Hit | null>, roots: Frame[], path: string): Hit | null => {
    if (path === '/') return roots.length ? { layer: roots[0]!.layer, entry: roots[0]!.dir, dirs: roots } : null;
    let h = cache.get(path);
    if (h !== undefined) return h;
    const i = path.lastIndexOf('/');
    const parent = hitAt(cache, roots, i === 0 ? '/' : path.slice(0, i));
    h = parent?.dirs ? lookup(parent.dirs, path.slice(i + 1)) : null;
    cache.set(path, h);
    return h;
  };
  const upper = u.upper;
  const roles: [Layer, LayerRole, string][] = u.lowers.map((l) => [l, 'image', l.id]);
  if (u.init) roles.push([u.init, 'init', u.id ? `${u.id}-init` : u.init.id]);
  if (upper) roles.push([upper, 'container', u.id || upper.id]);
  for (const [layer, role, id] of roles) {
    const files: ViewFile[] = [];
    for (const [path, e] of layer.walk()) {
      const kind = layer.kind(e);
      const f: ViewFile = { path, type: kind, status: 'from this layer', size: kind === 'dir' || kind === 'whiteout' ? 0 : layer.size(e) };
      if (kind === 'dir' && layer.isOpaque(e)) f.opaque = true;
      if (kind === 'whiteout') f.status = 'whiteout';
      else if (!shows(hitAt(visible, u.roots(), path), layer, e)) f.status = 'shadowed';
      else if (layer === upper && hitAt(lowerVisible, u.roots(true), path)) f.status = 'copied up';
      files.push(f);
    }
    out.push({ role, id, readOnly: layer !== upper, size: layer === u.init ? 0 : layerSize(layer), files });
  }
  return out;
}

function shows(h: Hit | null, layer: Layer, e: Entry): boolean {
  if (!h) return false;
  if (h.dirs) return h.dirs.some((f) => f.layer === layer && f.dir === e);
  return h.layer === layer && h.entry === e;
}

/** Calls `cb` after every change to the container's filesystem. */
export function onChange(u: UnionFs, cb: (e: FsEvent) => void): () => void {
  return u.onChange(cb);
}

/**
 * Calls `cb` with a fresh view after changes, at most once per microtask (a shell
 * command that writes 100 files redraws once). Returns the unsubscribe function.
 */
export function watchView(u: UnionFs, cb: (view: ViewLayer[], events: FsEvent[]) => void): () => void {
  let pending: FsEvent[] | null = null;
  return u.onChange((e) => {
    if (pending) {
      pending.push(e);
      return;
    }
    pending = [e];
    queueMicrotask(() => {
      const events = pending!;
      pending = null;
      cb(layerView(u), events);
    });
  });
}
