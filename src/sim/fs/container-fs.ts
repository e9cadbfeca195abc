/**
 * A container's view of an image (issue 2's simple stand-in for the layered
 * copy-on-write FS): it starts out sharing the image's tree, read-only; the first
 * change to a file or directory copies just that inode into the container, and a
 * deleted path simply disappears from the container's tree while the image keeps
 * it. A thousand containers of one image therefore share one tree.
 */
import { MemoryFs, type Inode } from './memory.ts';

export interface Change {
  kind: 'A' | 'C' | 'D';
  path: string;
}

export class ContainerFs extends MemoryFs {
  readonly image: MemoryFs;

  constructor(image: MemoryFs, now?: () => number) {
    super({ now: now ?? image.now }, image.root);
    this.image = image;
  }

  /** What `docker diff` would list: depth-first, siblings sorted by name. */
  changes(): Change[] {
    const out: Change[] = [];
    diffDir(this.image.root, this.root, '', out);
    return out;
  }
}

function sameMeta(a: Inode, b: Inode): boolean {
  return (
    a.type === b.type &&
    a.mode === b.mode &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.rdev === b.rdev &&
    (a.type === 'dir' ||
      (Math.floor(a.mtime / 1000) === Math.floor(b.mtime / 1000) && a.size === b.size && a.target === b.target))
  );
}

function added(node: Inode, path: string, out: Change[]): void {
  out.push({ kind: 'A', path });
  if (node.entries) for (const name of [...node.entries.keys()].sort()) added(node.entries.get(name)!, path + '/' + name, out);
}

/** Appends the changes below `upper` (vs `lower`) and returns whether there were any. */
function diffDir(lower: Inode, upper: Inode, path: string, out: Change[]): boolean {
  if (lower === upper) return false;
  const start = out.length;
  const names = new Set([...upper.entries!.keys(), ...lower.entries!.keys()]);
  for (const name of [...names].sort()) {
    const u = upper.entries!.get(name);
    const l = lower.entries!.get(name);
    const p = path + '/' + name;
    if (u === l) continue;
    if (!u) out.push({ kind: 'D', path: p });
    else if (!l || l.type !== u.type) {
      if (l) out.push({ kind: 'D', path: p });
      added(u, p, out);
    } else if (u.type === 'dir') {
      const at = out.length;
      const metaChanged = !sameMeta(l, u);
      if (metaChanged) out.push({ kind: 'C', path: p });
      const inner = diffDir(l, u, p, out);
      if (inner && !metaChanged) out.splice(at, 0, { kind: 'C', path: p });
    } else if (!sameMeta(l, u)) {
      out.push({ kind: 'C', path: p });
    }
  }
  return out.length > start;
}
