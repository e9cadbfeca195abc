/**
 * What changed between two views of one container's layers: entries that are new
 * or whose status changed (just copied up, just whited out, just added, just hidden),
 * and the one change worth announcing.
 */
import type { LayerRole, ViewFile, ViewLayer } from '../../sim/fs/layered/view.ts';
import { containerKey } from './stack.ts';

export type ChangeKind = 'added' | 'copied up' | 'whiteout' | 'opaque' | 'shadowed' | 'modified' | 'removed';

export interface Change {
  path: string;
  /** The layer's key (its view ID). */
  layer: string;
  role: LayerRole;
  kind: ChangeKind;
  type: ViewFile['type'];
}

function kindOf(f: ViewFile, role: LayerRole): ChangeKind {
  if (f.status === 'whiteout') return 'whiteout';
  if (f.status === 'shadowed') return 'shadowed';
  if (f.opaque) return 'opaque';
  if (f.status === 'copied up') return 'copied up';
  return role === 'container' ? 'added' : 'modified';
}

/**
 * Entries of `current` that are new or different since `previous` (and entries that
 * are gone, as 'removed'). Nothing if the views are of different containers.
 */
export function changesBetween(previous: readonly ViewLayer[], current: readonly ViewLayer[]): Change[] {
  const id = containerKey(current);
  if (id === undefined || containerKey(previous) !== id) return [];
  const before = new Map<string, ViewFile>();
  for (const l of previous) for (const f of l.files) before.set(`${l.id}\0${f.path}`, f);
  const out: Change[] = [];
  const seen = new Set<string>();
  for (const l of current) {
    for (const f of l.files) {
      const key = `${l.id}\0${f.path}`;
      seen.add(key);
      const old = before.get(key);
      let kind: ChangeKind | null = null;
      if (!old || old.status !== f.status || old.type !== f.type || !!old.opaque !== !!f.opaque) kind = kindOf(f, l.role);
      else if (old.size !== f.size) kind = 'modified';
      if (kind) out.push({ path: f.path, layer: l.id, role: l.role, kind, type: f.type });
    }
  }
  for (const l of previous) {
    for (const f of l.files) {
      if (!seen.has(`${l.id}\0${f.path}`)) out.push({ path: f.path, layer: l.id, role: l.role, kind: 'removed', type: f.type });
    }
  }
  return out;
}

/**
 * A directory copied up (or merely touched) only because something below it changed:
 * implied by that change, not worth announcing by itself.
 */
const incidental = (c: Change): boolean => c.type === 'dir' && (c.kind === 'copied up' || c.kind === 'modified' || c.kind === 'added');

/**
 * The change to announce ("/etc/motd copied up to the container layer") and how many
 * other notable ones came with it: container-layer changes first, parent directories
 * that were only copied up along the way and the lower entries they hide not counted.
 */
export function headline(changes: readonly Change[]): { change: Change; more: number } | null {
  const notable = changes.filter((c) => c.role === 'container' && !incidental(c));
  const first = notable[0] ?? changes.find((c) => c.role === 'container') ?? changes[0];
  if (!first) return null;
  return { change: first, more: Math.max(0, notable.length - 1) };
}
