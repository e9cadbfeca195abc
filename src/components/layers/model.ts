/**
 * What the copy-on-write layer diagram draws, from `containerLayers(ref).layers`
 * (a `ViewLayer[]`, bottom first): the layers top-down with short IDs and sizes,
 * the files worth showing in each, the merged view (which layer each path comes
 * from) and what changed since the previous view. Pure data, no DOM.
 */
import type { FileStatus, LayerRole, ViewFile, ViewLayer } from '../../sim/fs/layered/view.ts';
import { humanSizeWithPrecision } from '../../sim/cli/format/size.ts';
import { changesBetween, type Change, type ChangeKind } from './changes.ts';
import { fullStack } from './stack.ts';

/** The label a file gets in the diagram ('new': a container-layer file with nothing below it). */
export type Badge = 'new' | 'copied up' | 'whiteout' | 'shadowed' | 'opaque';

export interface DiagramFile {
  path: string;
  type: ViewFile['type'];
  status: FileStatus;
  /** lstat size in bytes (0 for directories and whiteouts). */
  size: number;
  opaque: boolean;
  badge: Badge | null;
  /** Shadowed entries: the key of the layer whose entry hides this one (null if not found). */
  hiddenBy: string | null;
  /** What happened to this entry since the previous view, if anything. */
  change: ChangeKind | null;
  /** Shown without expanding the layer. */
  interesting: boolean;
}

export interface DiagramLayer {
  /** The view's layer ID (diffID, `<container ID>-init`, container ID). */
  key: string;
  /** 12 hex digits (image: of the diffID; container: its short ID; init: `<short>-init`). */
  id: string;
  role: LayerRole;
  readOnly: boolean;
  size: number;
  /** Docker's human size, as `docker history` / `docker ps -s` print it ("1.98MB", "6B"). */
  sizeText: string;
  /** Every entry, in the view's order. */
  files: DiagramFile[];
  /** How many entries are interesting (shown collapsed). */
  interesting: number;
}

/** One row of the merged view: what the container sees at `path`, and from which layer. */
export interface MergedRow {
  path: string;
  type: ViewFile['type'];
  /** The topmost layer where the path is visible (its key), null if it is deleted/hidden. */
  from: string | null;
  /** When `from` is null: the layer whose whiteout (or opaque directory…) hides the path. */
  hiddenBy: string | null;
}

export interface Diagram {
  /** Top-down: container layer, init layer, image layers (the base image layer last). */
  layers: DiagramLayer[];
  /** The interesting paths of all layers, sorted, each with its origin. */
  merged: MergedRow[];
  /** Changes since the previous view (empty without one, or if it is another container's). */
  changes: Change[];
}

/** Collapsed layers list at most this many interesting entries (the rest count as "other files"). */
export const DEFAULT_LIMIT = 200;

/** A layer's short ID: 12 hex digits, like `docker history` and `docker ps` print them. */
export function shortLayerId(layer: Pick<ViewLayer, 'role' | 'id'>): string {
  const hex = (s: string): string => s.replace(/^[a-z0-9]+:/, '').slice(0, 12);
  if (layer.role === 'init' && layer.id.endsWith('-init')) return `${hex(layer.id.slice(0, -'-init'.length))}-init`;
  return hex(layer.id);
}

/** HumanSizeWithPrecision(size, 3): what `docker history` and `docker ps -s` print. */
export const layerSizeText = (bytes: number): string => humanSizeWithPrecision(bytes, 3);

function badgeOf(f: ViewFile, role: LayerRole): Badge | null {
  if (f.status === 'whiteout') return 'whiteout';
  if (f.status === 'shadowed') return 'shadowed';
  if (f.opaque) return 'opaque';
  if (f.status === 'copied up') return 'copied up';
  return role === 'container' ? 'new' : null;
}

/** "/a/b/c" → ["/a/b", "/a"] (not "/"). */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) out.push(path.slice(0, i));
  return out;
}

/** Does an entry `upper` (in a higher layer, at the same path) hide the lower entry `lower`? */
const hidesSame = (upper: ViewFile, lower: ViewFile): boolean => upper.type !== 'dir' || !!upper.opaque || lower.type !== 'dir';
/** Does an entry at an ancestor path hide everything below it in lower layers? */
const hidesBelow = (upper: ViewFile): boolean => upper.type !== 'dir' || !!upper.opaque;

/** Sort paths component by component ("/bin", "/bin/wc", "/bin-x"). */
export function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * The diagram for `view` (bottom first). With `previous` (an earlier view of the same
 * container), entries that changed since carry `change`. A view without a container
 * layer (nothing written yet) gets an empty one.
 */
export function buildDiagram(view: readonly ViewLayer[], previous?: readonly ViewLayer[] | null): Diagram {
  const layers = fullStack(view);
  const maps = layers.map((l) => new Map(l.files.map((f) => [f.path, f])));
  const changes = previous ? changesBetween(previous, layers) : [];
  const changed = new Map(changes.filter((c) => c.kind !== 'removed').map((c) => [`${c.layer}\0${c.path}`, c.kind]));

  const hider = (i: number, f: ViewFile): string | null => {
    const up = ancestors(f.path);
    for (let j = i + 1; j < layers.length; j++) {
      const m = maps[j]!;
      const same = m.get(f.path);
      if (same && hidesSame(same, f)) return layers[j]!.id;
      if (up.some((a) => { const e = m.get(a); return !!e && hidesBelow(e); })) return layers[j]!.id;
    }
    return null;
  };
  /** Image-layer entries that pair up with a container or image layer entry above. */
  const pairedAbove = (i: number, path: string): boolean => {
    for (let j = i + 1; j < layers.length; j++) if (layers[j]!.role !== 'init' && maps[j]!.has(path)) return true;
    return false;
  };

  const out: DiagramLayer[] = layers.map((l, i) => {
    let interesting = 0;
    const files = l.files.map((f): DiagramFile => {
      const shown = l.role !== 'image' || f.status !== 'from this layer' || pairedAbove(i, f.path);
      if (shown) interesting++;
      return {
        path: f.path,
        type: f.type,
        status: f.status,
        size: f.size,
        opaque: !!f.opaque,
        badge: badgeOf(f, l.role),
        hiddenBy: f.status === 'shadowed' ? hider(i, f) : null,
        change: changed.get(`${l.id}\0${f.path}`) ?? null,
        interesting: shown,
      };
    });
    return { key: l.id, id: shortLayerId(l), role: l.role, readOnly: l.readOnly, size: l.size, sizeText: layerSizeText(l.size), files, interesting };
  });
  out.reverse();
  return { layers: out, merged: mergedView(out), changes };
}

/** The merged view of the interesting paths of `layers` (top-down, as in a Diagram). */
export function mergedView(layers: readonly DiagramLayer[]): MergedRow[] {
  const paths = new Set<string>();
  for (const l of layers) for (const f of l.files) if (f.interesting) paths.add(f.path);
  const rows = new Map<string, MergedRow>();
  for (const l of layers) {
    for (const f of l.files) {
      if (!paths.has(f.path)) continue;
      const row = rows.get(f.path);
      const visible = f.status === 'from this layer' || f.status === 'copied up';
      if (!row) {
        const type = f.type;
        rows.set(f.path, visible ? { path: f.path, type, from: l.key, hiddenBy: null } : { path: f.path, type, from: null, hiddenBy: f.status === 'whiteout' ? l.key : f.hiddenBy });
      } else if (row.type === 'whiteout' && f.type !== 'whiteout') {
        row.type = f.type; // what was deleted
      }
    }
  }
  return [...rows.values()].sort((a, b) => comparePaths(a.path, b.path));
}

/**
 * The entries of a layer to list: the interesting ones (at most `limit`), or with
 * `expanded` all of them, filtered by a case-insensitive substring of the path.
 * `more`: how many entries are left out ("+N other files").
 */
export function shownFiles(layer: DiagramLayer, opts: { expanded?: boolean; filter?: string; limit?: number } = {}): { files: DiagramFile[]; more: number } {
  if (opts.expanded) {
    const q = (opts.filter ?? '').trim().toLowerCase();
    const files = q ? layer.files.filter((f) => f.path.toLowerCase().includes(q)) : layer.files;
    return { files, more: 0 };
  }
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const files = layer.files.filter((f) => f.interesting).slice(0, limit);
  return { files, more: layer.files.length - files.length };
}

/**
 * Which other containers use each of `current`'s image layers: layer key → names,
 * from the views of the other containers (name → view).
 */
export function sharedLayers(current: readonly ViewLayer[], others: Readonly<Record<string, readonly ViewLayer[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const mine = new Set(current.filter((l) => l.role === 'image').map((l) => l.id));
  for (const [name, view] of Object.entries(others)) {
    for (const l of view) {
      if (l.role !== 'image' || !mine.has(l.id)) continue;
      (out[l.id] ??= []).push(name);
    }
  }
  return out;
}

/** `shared` entries for a layer: by full key or by short ID. */
export function sharedWith(shared: Readonly<Record<string, readonly string[]>> | undefined, layer: DiagramLayer): readonly string[] {
  if (!shared || layer.role !== 'image') return [];
  return shared[layer.key] ?? shared[layer.id] ?? [];
}
