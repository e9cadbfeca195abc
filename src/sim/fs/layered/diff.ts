/**
 * `docker diff`: the container's filesystem vs its parent (image + init layer), as
 * Engine 20.10 computes it. overlay2's Changes() there always takes the "naive" path
 * (daemon/graphdriver/overlay2/overlay.go → NaiveDiffDriver → archive.ChangesDirs):
 * both trees are read into FileInfo trees whose children are Go maps, and
 * `addChanges` (pkg/archive/changes.go) walks the new tree:
 *
 *   for each child of a directory, in Go map order:
 *     present before:  `C path` if type/mode/uid/gid/rdev differ, or (non-directories)
 *                      mtime (seconds; sub-second only when both have it) or size;
 *                      then the same for its children;
 *     new:             `A path`, then every child as A (recursively);
 *   then every child that is gone: `D path` (nothing below it), in Go map order;
 *   and if anything was listed under a directory that is not itself A or C, a
 *   `C dir` line goes in front of those lines ("/" is never listed).
 *
 * So a directory's own line comes before its contents, a directory's deletions come
 * after its additions and changes, and siblings come in Go map order (random in the
 * real engine; deterministic here, see gomap.ts). Init-layer placeholders are part of
 * the parent, so they never show; volume contents are not in the union at all.
 * Only directories that exist in the container layer are visited: anything else is
 * the lower layers' own entry and cannot differ.
 */
import type { FileType } from '../types.ts';
import type { Layer, Entry } from './layer.ts';
import { lookup, mergedNames, type Hit, type UnionFs } from './union.ts';
import { goMapOrder } from './gomap.ts';

export type ChangeKind = 'A' | 'C' | 'D';

export interface Change {
  kind: ChangeKind;
  path: string;
}

/** The API's numeric Kind (0 = C, 1 = A, 2 = D). */
export const CHANGE_KIND_CODE: Record<ChangeKind, number> = { C: 0, A: 1, D: 2 };

export interface ChangesOptions {
  /** 'go' (default): the real engine's order; 'sorted': siblings by name (for lessons and stable tests). */
  order?: 'go' | 'sorted';
}

interface Ctx {
  u: UnionFs;
  upper: Layer;
  out: Change[];
  /** Visiting order of a directory's new children (names given sorted). */
  kids: (sorted: string[]) => string[];
  /** Visiting order of the deleted ones among the old children (names given sorted). */
  gone: (sortedOld: string[], isGone: (k: string) => boolean) => string[];
}

/** The changes of a container's filesystem, as `docker diff` lists them. */
export function changes(u: UnionFs, o: ChangesOptions = {}): Change[] {
  const upper = u.upper;
  if (!upper) return [];
  const sorted = o.order === 'sorted';
  const ctx: Ctx = {
    u,
    upper,
    out: [],
    kids: sorted ? (names) => names : (names) => goMapOrder(names),
    gone: sorted ? (names, isGone) => names.filter(isGone) : (names, isGone) => goMapOrder(goMapOrder(names), isGone),
  };
  const roots = u.roots();
  const oldRoots = u.roots(true);
  const nw: Hit = { layer: roots[0]!.layer, entry: roots[0]!.dir, dirs: roots };
  // With no image and no init layer the parent is an empty directory.
  const old: Hit = oldRoots.length ? { layer: oldRoots[0]!.layer, entry: oldRoots[0]!.dir, dirs: oldRoots } : { layer: upper, entry: upper.root, dirs: [] };
  addChanges(ctx, '/', nw, old, true);
  return ctx.out;
}

/** `docker diff` output lines ("C /etc"). */
export function diffLines(u: UnionFs, o: ChangesOptions = {}): string[] {
  return changes(u, o).map((c) => `${c.kind} ${c.path}`);
}

interface Facts {
  type: FileType | 'whiteout';
  mode: number;
  uid: number;
  gid: number;
  rdev: number;
  mtimeMs: number;
  size: number;
}

function facts(u: UnionFs, layer: Layer, e: Entry): Facts {
  const m = u.meta(layer, e);
  return { type: layer.kind(e), mode: m.mode, uid: m.uid, gid: m.gid, rdev: layer.rdev(e), mtimeMs: m.mtimeMs, size: layer.size(e) };
}

/** Go's sameFsTimeSpec on ms: same second, and same fraction unless either has none. */
function sameTime(a: number, b: number): boolean {
  if (Math.floor(a / 1000) !== Math.floor(b / 1000)) return false;
  const fa = a - Math.floor(a / 1000) * 1000;
  const fb = b - Math.floor(b / 1000) * 1000;
  return fa === fb || fa === 0 || fb === 0;
}

/** pkg/archive/changes_unix.go statDifferent. */
function statDifferent(o: Facts, n: Facts): boolean {
  return (
    o.type !== n.type ||
    o.mode !== n.mode ||
    o.uid !== n.uid ||
    o.gid !== n.gid ||
    o.rdev !== n.rdev ||
    (o.type !== 'dir' && (!sameTime(o.mtimeMs, n.mtimeMs) || o.size !== n.size))
  );
}

/** Stands for a directory's `C` line until we know whether it has changes below it. */
const PENDING: Change = { kind: 'C', path: '' };

/**
 * FileInfo.addChanges for the entry at `path`: `nw` in the container's view, `old` in
 * the parent's (null: not there). `added`: this entry already has its own A or C line.
 */
function addChanges(c: Ctx, path: string, nw: Hit, old: Hit | null, added: boolean): void {
  const out = c.out;
  if (!old) {
    out.push({ kind: 'A', path });
    added = true;
  }
  // Only directories with a part in the container layer can have changes below them.
  if (!nw.dirs || nw.dirs[0]!.layer !== c.upper) return;
  const slot = out.length;
  const pending = !added && path !== '/';
  if (pending) out.push(PENDING);
  const upper = c.upper;
  const udir = nw.dirs[0]!.dir;
  const newNames = mergedNames(nw.dirs);
  const oldDirs = old?.dirs ?? null;
  for (const name of c.kids([...newNames].sort())) {
    // A name without a container-layer entry is the lower layers' own: unchanged.
    const ue = upper.get(udir, name);
    if (!ue) continue;
    const p = path === '/' ? '/' + name : path + '/' + name;
    const ok = oldDirs ? lookup(oldDirs, name) : null;
    const isDir = upper.isDir(ue);
    const nHit: Hit = isDir ? (lookup(nw.dirs, name) ?? { layer: upper, entry: ue, dirs: [{ layer: upper, dir: ue }] }) : { layer: upper, entry: ue, dirs: null };
    if (!ok) {
      addChanges(c, p, nHit, null, false);
      continue;
    }
    let childAdded = false;
    if (statDifferent(facts(c.u, ok.layer, ok.entry), facts(c.u, upper, ue))) {
      out.push({ kind: 'C', path: p });
      childAdded = true;
    }
    if (isDir) addChanges(c, p, nHit, ok, childAdded);
  }
  if (oldDirs) {
    const oldNames = mergedNames(oldDirs);
    let gone = false;
    for (const n of oldNames) if (!newNames.has(n)) gone = true;
    if (gone) for (const name of c.gone([...oldNames].sort(), (k) => !newNames.has(k))) out.push({ kind: 'D', path: path === '/' ? '/' + name : path + '/' + name });
  }
  if (pending) {
    if (out.length === slot + 1) out.pop();
    else out[slot] = { kind: 'C', path };
  }
}
