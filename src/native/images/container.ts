/**
 * `docker diff` and `docker export` on a container's real directories: the image
 * layers and the init layer (read-only lowers) and the container's upper directory,
 * as overlay2 keeps them. Both read the directories, not a mount, so they work on
 * stopped containers and need no privileges beyond reading (root for trusted.* xattrs).
 *
 * changes(): the simulator's algorithm (src/sim/fs/layered/diff.ts, itself moby's
 * naive ChangesDirs + addChanges): the container's merged tree against its parent's
 * (init + image), visiting only directories the upper layer has; `C` when type,
 * mode, owner, rdev or (non-directories) mtime — seconds, nanoseconds unless either
 * is 0 — or size differ, or security.capability does; `A` for new names and
 * everything below them; `D` for names gone (whiteouts, opaque directories), nothing
 * below them; a directory's own `C` in front of what changed inside it; siblings in
 * the same Go-map order as the simulator (`order: 'sorted'` for name order).
 *
 * exportTar(): the merged view through the simulator's export writer
 * (src/sim/archive/export.ts), so the bytes are the simulator's for the same files.
 */
import { concat } from '../../sim/archive/tar.ts';
import { exportChunks, type ExportOptions } from '../../sim/archive/export.ts';
import { goMapOrder } from '../../sim/fs/layered/gomap.ts';
import type { Change } from '../../sim/fs/layered/diff.ts';
import { lookup, mergedNames, rootFrames, MergedFs, type Hit } from './merged.ts';
import { scanCached, scanLayer, type ScanNode } from './scan.ts';

export type { Change, ChangeKind } from '../../sim/fs/layered/diff.ts';

/** A container's filesystem on disk. */
export interface ContainerDirs {
  /** The container's own (upper) directory; absent: the image alone. */
  upper?: string;
  /** Read-only layers, top first: the init layer, then the image's layers from the top (overlay's lowerdir order). */
  lowers: readonly string[];
}

/** The merged view of a container's directories. */
export function mergedView(c: ContainerDirs): MergedFs {
  const layers = c.lowers.map(scanCached);
  if (c.upper !== undefined) layers.unshift(scanLayer(c.upper));
  return new MergedFs(layers);
}

export interface ChangesOptions {
  /** 'go' (default): the simulator's Go-map order; 'sorted': siblings by name. */
  order?: 'go' | 'sorted';
}

interface Ctx {
  upperDirs: Set<ScanNode>;
  out: Change[];
  kids: (sorted: string[]) => string[];
  gone: (sortedOld: string[], isGone: (k: string) => boolean) => string[];
}

/** `docker diff` of a container (empty without an upper directory). */
export function changes(c: ContainerDirs, o: ChangesOptions = {}): Change[] {
  if (c.upper === undefined) return [];
  const upper = scanLayer(c.upper);
  const lowers = c.lowers.map(scanCached);
  const sorted = o.order === 'sorted';
  const upperDirs = new Set<ScanNode>();
  const collect = (n: ScanNode): void => {
    upperDirs.add(n);
    for (const ch of n.children!.values()) if (ch.type === 'dir') collect(ch);
  };
  collect(upper);
  const ctx: Ctx = {
    upperDirs,
    out: [],
    kids: sorted ? (names) => names : (names) => goMapOrder(names),
    gone: sorted ? (names, isGone) => names.filter(isGone) : (names, isGone) => goMapOrder(goMapOrder(names), isGone),
  };
  const roots = rootFrames([upper, ...lowers]);
  const oldRoots = rootFrames(lowers);
  const nw: Hit = { node: roots[0]!, dirs: roots };
  const old: Hit = oldRoots.length ? { node: oldRoots[0]!, dirs: oldRoots } : { node: upper, dirs: [] };
  addChanges(ctx, '/', nw, old, true);
  return ctx.out;
}

/** `docker diff` lines ("C /etc"). */
export function diffLines(c: ContainerDirs, o: ChangesOptions = {}): string[] {
  return changes(c, o).map((ch) => `${ch.kind} ${ch.path}`);
}

/** Go's sameFsTimeSpec: same second, and the same nanoseconds unless either has none. */
function sameTime(a: bigint, b: bigint): boolean {
  const sa = a / 1_000_000_000n - (a % 1_000_000_000n < 0n ? 1n : 0n);
  const sb = b / 1_000_000_000n - (b % 1_000_000_000n < 0n ? 1n : 0n);
  if (sa !== sb) return false;
  const na = a - sa * 1_000_000_000n;
  const nb = b - sb * 1_000_000_000n;
  return na === nb || na === 0n || nb === 0n;
}

const CAP = 'security.capability';

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return (a?.length ?? 0) === (b?.length ?? 0);
  return Buffer.from(a).equals(Buffer.from(b));
}

/** pkg/archive changes_unix.go statDifferent, plus addChanges' capability check. */
function different(o: ScanNode, n: ScanNode): boolean {
  return (
    o.type !== n.type ||
    o.mode !== n.mode ||
    o.uid !== n.uid ||
    o.gid !== n.gid ||
    o.rdev !== n.rdev ||
    (o.type !== 'dir' && (!sameTime(o.mtimeNs, n.mtimeNs) || o.size !== n.size)) ||
    !sameBytes(o.xattrs?.[CAP], n.xattrs?.[CAP])
  );
}

const PENDING: Change = { kind: 'C', path: '' };

function addChanges(c: Ctx, path: string, nw: Hit, old: Hit | null, added: boolean): void {
  const out = c.out;
  if (!old) {
    out.push({ kind: 'A', path });
    added = true;
  }
  if (!nw.dirs || !c.upperDirs.has(nw.dirs[0]!)) return;
  const slot = out.length;
  const pending = !added && path !== '/';
  if (pending) out.push(PENDING);
  const udir = nw.dirs[0]!;
  const newNames = mergedNames(nw.dirs);
  const oldDirs = old?.dirs ?? null;
  for (const name of c.kids([...newNames].sort())) {
    const ue = udir.children!.get(name);
    if (!ue) continue; // the lower layers' own entry: unchanged
    const p = path === '/' ? '/' + name : path + '/' + name;
    const ok = oldDirs ? lookup(oldDirs, name) : null;
    const isDir = ue.type === 'dir';
    const nHit: Hit = isDir ? (lookup(nw.dirs, name) ?? { node: ue, dirs: [ue] }) : { node: ue, dirs: null };
    if (!ok) {
      addChanges(c, p, nHit, null, false);
      continue;
    }
    let childAdded = false;
    if (different(ok.node, ue)) {
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

export interface ExportTarOptions {
  /** Volume and bind-mount destinations: the directory is archived, not its content. */
  exclude?: readonly string[];
  /** Adds Docker's init-layer placeholders made at this time (ms), for directories without an init layer. */
  init?: { mtimeMs: number };
  /** '20.10' (default) or '29' headers. */
  version?: '20.10' | '29';
}

function exportOptions(view: MergedFs, o: ExportTarOptions): ExportOptions {
  return {
    ...(o.exclude ? { exclude: o.exclude } : {}),
    ...(o.init ? { init: o.init } : {}),
    version: o.version ?? '20.10',
    exeMarkers: false,
    inodeOf: (p) => view.inode(p),
    xattrsOf: (p) => view.xattrsOf(p),
  };
}

/** `docker export`: the merged view as one flat tar, in pieces (file data as read). */
export function exportTarChunks(c: ContainerDirs, o: ExportTarOptions = {}): Uint8Array[] {
  const view = mergedView(c);
  return exportChunks(view, exportOptions(view, o));
}

/** `docker export` as one buffer. */
export function exportTar(c: ContainerDirs, o: ExportTarOptions = {}): Uint8Array {
  return concat(exportTarChunks(c, o));
}
