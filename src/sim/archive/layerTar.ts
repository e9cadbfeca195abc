/**
 * A layer's tar as Docker writes it from a layer diff (overlay2 Diff →
 * archive.TarWithOptions with the overlay whiteout converter): walk order of the
 * diff directory (a whiteout sits where the deleted name sorts), `.wh.<name>`
 * as an empty 0600 file, an opaque directory followed by `<dir>/.wh..wh..opq`,
 * hard links as link entries, user/group names from the host (the daemon's own
 * lookups; here Debian's base accounts). Used for layers the simulator made
 * itself (commit); imported and loaded layers keep their original bytes.
 */
import { withExeMarker } from './exe.ts';
import { utf8, walkCompare } from './paths.ts';
import { TarWriter, concat, type TarHeader } from './tar.ts';
import { major, minor, whiteoutTarget, type LayerEntry } from './types.ts';
import { syntheticBytes } from '../fs/memory.ts';
import type { TreeEntry } from '../images/types.ts';

/** Debian 12 base-passwd accounts (what a 20.10 daemon on such a host finds). */
export const HOST_USERS = new Map<number, string>([
  [0, 'root'], [1, 'daemon'], [2, 'bin'], [3, 'sys'], [4, 'sync'], [5, 'games'], [6, 'man'], [7, 'lp'], [8, 'mail'], [9, 'news'],
  [10, 'uucp'], [13, 'proxy'], [33, 'www-data'], [34, 'backup'], [38, 'list'], [39, 'irc'], [42, '_apt'], [65534, 'nobody'],
]);
export const HOST_GROUPS = new Map<number, string>([
  [0, 'root'], [1, 'daemon'], [2, 'bin'], [3, 'sys'], [4, 'adm'], [5, 'tty'], [6, 'disk'], [7, 'lp'], [8, 'mail'], [9, 'news'],
  [10, 'uucp'], [12, 'man'], [13, 'proxy'], [15, 'kmem'], [20, 'dialout'], [21, 'fax'], [22, 'voice'], [24, 'cdrom'], [25, 'floppy'],
  [26, 'tape'], [27, 'sudo'], [29, 'audio'], [30, 'dip'], [33, 'www-data'], [34, 'backup'], [37, 'operator'], [38, 'list'], [39, 'irc'],
  [40, 'src'], [42, 'shadow'], [43, 'utmp'], [44, 'video'], [45, 'sasl'], [46, 'plugdev'], [50, 'staff'], [60, 'games'], [100, 'users'],
  [65534, 'nogroup'],
]);

export interface LayerTarOptions {
  /** '20.10' (default): S_IF* bits and host user names; '29': neither. */
  version?: '20.10' | '29';
  users?: ReadonlyMap<number, string>;
  groups?: ReadonlyMap<number, string>;
}

/** The bytes of a file entry: its data, its text content, or the synthetic filler (with the exe marker). */
export function entryBytes(e: TreeEntry & { data?: Uint8Array }): Uint8Array {
  if (e.data) return e.data;
  if (e.content !== undefined) return utf8.encode(e.content);
  const d = syntheticBytes(e.size);
  return e.exe !== undefined ? withExeMarker(d, e.exe) : d;
}

function sortKey(path: string): string {
  const wo = whiteoutTarget(path);
  if (!wo) return path;
  return wo.opaque ? wo.hides + '/' : wo.hides;
}

/** The layer tar of `entries` (absolute paths; whiteouts in `.wh.` form; the root is never written). */
export function layerTarChunks(entries: ReadonlyArray<TreeEntry & { data?: Uint8Array; xattrs?: Record<string, Uint8Array> }>, opts: LayerTarOptions = {}): Uint8Array[] {
  const v2010 = (opts.version ?? '20.10') === '20.10';
  const users = v2010 ? (opts.users ?? HOST_USERS) : new Map<number, string>();
  const groups = v2010 ? (opts.groups ?? HOST_GROUPS) : new Map<number, string>();
  const sorted = entries.filter((e) => e.path !== '/').map((e) => ({ e, key: sortKey(e.path) }));
  sorted.sort((a, b) => walkCompare(a.key.slice(1), b.key.slice(1)));
  const w = new TarWriter({ typeBits: v2010 });
  for (const { e } of sorted) {
    const rel = e.path.slice(1);
    const h: TarHeader = { name: rel, type: 'file', mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, mtime: Math.floor((e.mtimeMs ?? 0) / 1000), size: 0 };
    const un = users.get(e.uid);
    const gn = groups.get(e.gid);
    if (un) h.uname = un;
    if (gn) h.gname = gn;
    const wo = whiteoutTarget(e.path);
    if (wo) {
      h.plainMode = true;
      if (wo.opaque) h.mtime = 0;
      else h.mode = 0o600;
      w.add(h, new Uint8Array(0));
      continue;
    }
    if (e.xattrs?.['security.capability']) h.xattrs = { 'security.capability': e.xattrs['security.capability'] };
    if (e.linkOf !== undefined && e.type !== 'dir' && e.type !== 'socket') {
      h.linkedType = e.type;
      h.type = 'link';
      h.linkname = e.linkOf.slice(1);
      w.add(h);
      continue;
    }
    switch (e.type) {
      case 'dir':
        h.type = 'dir';
        h.name = rel + '/';
        w.add(h);
        break;
      case 'symlink':
        h.type = 'symlink';
        h.linkname = e.target ?? '';
        w.add(h);
        break;
      case 'char':
      case 'block':
      case 'fifo':
        h.type = e.type;
        if (e.type !== 'fifo' && e.rdev !== undefined) {
          h.devmajor = major(e.rdev);
          h.devminor = minor(e.rdev);
        }
        w.add(h);
        break;
      case 'socket':
        break;
      default: {
        const data = entryBytes(e);
        h.size = data.length;
        w.add(h, data);
      }
    }
  }
  return w.finishChunks();
}

export function layerTar(entries: ReadonlyArray<TreeEntry & { data?: Uint8Array }>, opts: LayerTarOptions = {}): Uint8Array {
  return concat(layerTarChunks(entries, opts));
}

