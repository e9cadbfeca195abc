/**
 * `docker export`: the container's merged filesystem as one flat tar, as the
 * daemon writes it (daemon/export.go → archive.TarWithOptions over the mounted
 * image + init + container layers, in a chroot): no whiteouts (deleted files are
 * simply absent), the contents of volumes/bind mounts/tmpfs left out but their
 * mount points kept, Docker's init-layer placeholders (`.dockerenv`, empty
 * etc/hosts, etc/hostname, etc/resolv.conf, dev/console, dev/pts, dev/shm, proc,
 * sys, etc/mtab -> /proc/mounts), walk order, relative names, directories with a
 * trailing "/", mtimes in seconds, numeric owners (20.10 also writes user and group
 * names, looked up in the container's own /etc/passwd and /etc/group), hard links
 * as link entries, PAX only where USTAR cannot hold a name.
 *
 * It reads through the FileSystem interface only, so it works on the simple
 * container FS and on the layered one. Hand it the container's root filesystem
 * WITHOUT runtime mounts (/proc, /dev, volumes): their content must not appear.
 */
import { byteCompare, utf8Decoder } from './paths.ts';
import { TarWriter, concat, type TarHeader, type TarType } from './tar.ts';
import { withExeMarker } from './exe.ts';
import { major, minor } from './types.ts';
import type { FileSystem, Stat } from '../fs/types.ts';

export interface ExportOptions {
  /** Mount points (volumes, bind mounts, tmpfs): the directory is archived, its content is not. */
  exclude?: readonly string[];
  /**
   * Adds Docker's init-layer placeholders made at this time (ms; the container's
   * creation). Leave out when the filesystem already has an init layer.
   */
  init?: { mtimeMs: number };
  /** '20.10' (default): S_IF* bits in the mode and user/group names; '29': neither. */
  version?: '20.10' | '29';
  /** Writes the simulated-program marker into exe-tagged synthetic files (default true; see exe.ts). */
  exeMarkers?: boolean;
  /** Identity of the inode at a path (for hard links); default: the FS's `inode(path, false)` if it has one. */
  inodeOf?: (path: string) => unknown;
  /** Extended attributes of a path (security.capability is the one Docker keeps). */
  xattrsOf?: (path: string) => Record<string, Uint8Array> | undefined;
}

interface Node {
  stat: Stat;
  /** The path in `fs` to read content / link targets from; undefined for placeholders. */
  src?: string;
  target?: string;
  children?: Map<string, Node>;
  /** Excluded mount point: keep the entry, not what is below. */
  mountPoint?: boolean;
}

const placeholderFile = (mtimeMs: number): Stat => ({ type: 'file', mode: 0o755, uid: 0, gid: 0, size: 0, mtimeMs, nlink: 1 });
const placeholderDir = (mtimeMs: number): Stat => ({ type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtimeMs, nlink: 2 });

/** The init layer's entries (daemon/initlayer/setup_unix.go). */
export const INIT_LAYER: ReadonlyArray<{ path: string; kind: 'dir' | 'file' | 'symlink'; target?: string }> = [
  { path: '/dev/pts', kind: 'dir' },
  { path: '/dev/shm', kind: 'dir' },
  { path: '/proc', kind: 'dir' },
  { path: '/sys', kind: 'dir' },
  { path: '/.dockerenv', kind: 'file' },
  { path: '/etc/resolv.conf', kind: 'file' },
  { path: '/etc/hosts', kind: 'file' },
  { path: '/etc/hostname', kind: 'file' },
  { path: '/dev/console', kind: 'file' },
  { path: '/etc/mtab', kind: 'symlink', target: '/proc/mounts' },
];

function readTree(fs: FileSystem, exclude: ReadonlySet<string>): Node {
  const root: Node = { stat: fs.lstat('/'), src: '/', children: new Map() };
  const walk = (dir: Node, path: string): void => {
    for (const d of fs.readdir(path)) {
      const p = path === '/' ? '/' + d.name : path + '/' + d.name;
      let st: Stat;
      try {
        st = fs.lstat(p);
      } catch {
        continue; // vanished between readdir and lstat
      }
      if (st.type === 'socket') continue; // Docker: "archive: skipping … since it is a socket"
      const n: Node = { stat: st, src: p };
      if (st.type === 'symlink') n.target = fs.readlink(p);
      if (st.type === 'dir') {
        n.children = new Map();
        if (exclude.has(p)) n.mountPoint = true;
        else walk(n, p);
      }
      dir.children!.set(d.name, n);
    }
  };
  walk(root, '/');
  return root;
}

/** Finds or creates the directory node at `path` (missing ones as 0755 root dirs made at `mtimeMs`). */
function dirNode(root: Node, path: string, mtimeMs: number): Node | undefined {
  let cur = root;
  for (const name of path.split('/').filter(Boolean)) {
    let next = cur.children!.get(name);
    if (!next || next.stat.type !== 'dir') {
      if (next) return undefined; // a file where a directory should be: leave it
      next = { stat: placeholderDir(mtimeMs), children: new Map() };
      cur.children!.set(name, next);
      touch(cur, mtimeMs);
    }
    cur = next;
  }
  return cur;
}

function touch(dir: Node, mtimeMs: number): void {
  if (dir.stat.mtimeMs < mtimeMs) dir.stat = { ...dir.stat, mtimeMs };
}

function applyInitLayer(root: Node, mtimeMs: number): void {
  for (const e of INIT_LAYER) {
    const i = e.path.lastIndexOf('/');
    const parent = dirNode(root, e.path.slice(0, i) || '/', mtimeMs);
    if (!parent) continue;
    const name = e.path.slice(i + 1);
    const cur = parent.children!.get(name);
    if (e.kind === 'dir') {
      if (cur?.stat.type === 'dir') continue;
      parent.children!.set(name, { stat: placeholderDir(mtimeMs), children: new Map() });
    } else {
      if (cur?.stat.type === 'dir') continue; // unlink(2) cannot remove a directory
      const n: Node =
        e.kind === 'file'
          ? { stat: placeholderFile(mtimeMs) }
          : { stat: { type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: e.target!.length, mtimeMs, nlink: 1 }, target: e.target! };
      parent.children!.set(name, n);
    }
    touch(parent, mtimeMs);
  }
}

/**
 * id -> name as the 20.10 daemon's export finds it: glibc's getpwuid/getgrgid
 * inside the container's chroot, i.e. the container's own file (first match), then
 * the host's nss-systemd, which always knows root (0) and nobody/nogroup (65534).
 */
function namesFrom(fs: FileSystem, path: string, nobody: string): Map<number, string> {
  const m = new Map<number, string>();
  const fallback = (): Map<number, string> => {
    if (!m.has(0)) m.set(0, 'root');
    if (!m.has(65534)) m.set(65534, nobody);
    return m;
  };
  let text = '';
  try {
    text = utf8Decoder.decode(fs.readFile(path));
  } catch {
    return fallback();
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || line.startsWith('#')) continue;
    const id = Number(f[2]);
    if (f[2] !== '' && Number.isInteger(id) && !m.has(id)) m.set(id, f[0]!);
  }
  return fallback();
}

const TYPE_OF: Partial<Record<Stat['type'], TarType>> = { file: 'file', dir: 'dir', symlink: 'symlink', char: 'char', block: 'block', fifo: 'fifo' };

/** The export as a list of chunks (views; concatenate or stream them). */
export function exportChunks(fs: FileSystem, opts: ExportOptions = {}): Uint8Array[] {
  const version = opts.version ?? '20.10';
  const exclude = new Set((opts.exclude ?? []).map((p) => p.replace(/\/+$/, '') || '/'));
  const root = readTree(fs, exclude);
  const initMs = opts.init?.mtimeMs;
  if (initMs !== undefined) applyInitLayer(root, initMs);
  // Mount points the filesystem does not have: Docker made them when it set up the container.
  for (const p of exclude) {
    if (p === '/') continue;
    const n = dirNode(root, p, initMs ?? 0);
    if (n) n.mountPoint = true;
  }
  const users = version === '20.10' ? namesFrom(fs, '/etc/passwd', 'nobody') : new Map<number, string>();
  const groups = version === '20.10' ? namesFrom(fs, '/etc/group', 'nogroup') : new Map<number, string>();
  const inodeOf = opts.inodeOf ?? inodeFn(fs);
  const seen = new Map<unknown, string>();
  const markers = opts.exeMarkers ?? true;
  const w = new TarWriter({ typeBits: version === '20.10' });
  const emit = (dir: Node, prefix: string): void => {
    const names = [...dir.children!.keys()].sort(byteCompare);
    for (const name of names) {
      const n = dir.children!.get(name)!;
      const rel = prefix + name;
      const st = n.stat;
      const type = TYPE_OF[st.type]!;
      const h: TarHeader = {
        name: type === 'dir' ? rel + '/' : rel,
        type,
        mode: st.mode & 0o7777,
        uid: st.uid,
        gid: st.gid,
        mtime: Math.floor(st.mtimeMs / 1000),
        size: 0,
      };
      const un = users.get(st.uid);
      const gn = groups.get(st.gid);
      if (un) h.uname = un;
      if (gn) h.gname = gn;
      if (type === 'symlink') h.linkname = n.target ?? '';
      if ((type === 'char' || type === 'block') && st.rdev !== undefined) {
        h.devmajor = major(st.rdev);
        h.devminor = minor(st.rdev);
      }
      if (n.src && opts.xattrsOf) {
        const x = opts.xattrsOf(n.src);
        if (x && x['security.capability']) h.xattrs = { 'security.capability': x['security.capability'] };
      }
      let data: Uint8Array | undefined;
      // A non-directory with more than one name: the first name in walk order carries it, the others link to it.
      const id = type !== 'dir' && n.src && st.nlink > 1 && inodeOf ? inodeOf(n.src) : undefined;
      const first = id !== undefined ? seen.get(id) : undefined;
      if (first !== undefined) {
        h.linkedType = h.type;
        h.type = 'link';
        h.linkname = first;
      } else {
        if (id !== undefined) seen.set(id, rel);
        if (type === 'file') {
          data = n.src ? fs.readFile(n.src) : new Uint8Array(0);
          if (markers && st.exe !== undefined) data = withExeMarker(data, st.exe);
          h.size = data.length;
        }
      }
      w.add(h, data);
      // A mount point's own content was never read; placeholders Docker puts below it are.
      if (type === 'dir') emit(n, rel + '/');
    }
  };
  emit(root, '');
  return w.finishChunks();
}

/** `docker export` as one buffer. */
export function exportContainer(fs: FileSystem, opts: ExportOptions = {}): Uint8Array {
  return concat(exportChunks(fs, opts));
}

function inodeFn(fs: FileSystem): ((path: string) => unknown) | undefined {
  const f = (fs as { inode?: (path: string, follow?: boolean) => unknown }).inode;
  return typeof f === 'function' ? (p) => f.call(fs, p, false) : undefined;
}
