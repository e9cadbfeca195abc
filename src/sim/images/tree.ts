/**
 * Layer file listings: a compact text format for the catalog (it ships to the
 * browser), its parser, sizes as Docker counts them, and populating a FileSystem.
 *
 * Listing format: one entry per line, fields separated by spaces, `#` starts a
 * comment line. PATH may use brace lists, `/bin/{ls,cat}`; an item may carry its
 * own size, `/usr/bin/{ls:138208,cat:35280}`.
 *
 *   d PATH [MODE] [UID:GID]                 directory (default 755, 0:0)
 *   f PATH SIZE [MODE] [UID:GID] [exe=TAG]  regular file (default 644)
 *   x PATH SIZE [UID:GID] [exe=TAG]         executable regular file (mode 755)
 *   t PATH [MODE]                           text file whose content is contents[PATH]
 *   l PATH TARGET                           symlink (mode 777)
 *   h PATH TARGET                           hard link to TARGET (an earlier entry; counted once)
 *   ~ PATH [MODE]                           filler file: the layer's declared size minus
 *                                           everything else, split evenly over all `~` lines
 *
 * MODE is octal (e.g. 4755, 1777). Parent directories not listed are created 755.
 */
import type { FileSystem, WriteOptions } from '../fs/types.ts';
import type { TreeEntry } from './types.ts';

export interface TreeSpec {
  listing: string;
  contents?: Record<string, string>;
  /** The layer's size: when set, `~` lines absorb the difference. */
  size?: number;
  /** Default mtime of every entry. */
  mtimeMs?: number;
}

const encoder = new TextEncoder();

export const byteLength = (s: string): number => encoder.encode(s).length;

/** Expands `/a/{b:1,c}` into [['/a/b', '1'], ['/a/c', undefined]]. One brace group per path. */
function expand(path: string): Array<[string, string | undefined]> {
  const open = path.indexOf('{');
  if (open < 0) return [[path, undefined]];
  const close = path.indexOf('}', open);
  if (close < 0) throw new Error(`tree: unclosed brace in ${path}`);
  const head = path.slice(0, open);
  const tail = path.slice(close + 1);
  return path
    .slice(open + 1, close)
    .split(',')
    .map((item): [string, string | undefined] => {
      const c = item.lastIndexOf(':');
      return c > 0 ? [head + item.slice(0, c) + tail, item.slice(c + 1)] : [head + item + tail, undefined];
    });
}

function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Parses a listing into entries sorted by path, parents first. */
export function parseTree(spec: TreeSpec): TreeEntry[] {
  const byPath = new Map<string, TreeEntry>();
  const fillers: TreeEntry[] = [];
  const hardLinks = new Set<string>();
  const mtimeMs = spec.mtimeMs;
  const ensureDir = (p: string): void => {
    if (p === '/' && !byPath.has('/')) {
      byPath.set('/', mk('/', 'dir', 0o755));
      return;
    }
    if (byPath.has(p)) return;
    ensureDir(parent(p));
    byPath.set(p, mk(p, 'dir', 0o755));
  };
  const mk = (path: string, type: TreeEntry['type'], mode: number): TreeEntry => {
    const e: TreeEntry = { path, type, mode, uid: 0, gid: 0, size: 0 };
    if (mtimeMs !== undefined) e.mtimeMs = mtimeMs;
    return e;
  };
  for (const raw of spec.listing.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [kind, pathSpec, ...rest] = line.split(/\s+/);
    if (!kind || !pathSpec) throw new Error(`tree: bad line ${line}`);
    let owner: [number, number] | undefined;
    let exe: string | undefined;
    const plain: string[] = [];
    for (const r of rest) {
      if (r.startsWith('exe=')) exe = r.slice(4);
      else if (/^\d+:\d+$/.test(r) && kind !== 'l' && kind !== 'h') owner = r.split(':').map(Number) as [number, number];
      else plain.push(r);
    }
    for (const [path, ownSize] of expand(pathSpec)) {
      ensureDir(parent(path));
      let e: TreeEntry;
      switch (kind) {
        case 'd':
          e = byPath.get(path) ?? mk(path, 'dir', 0o755);
          if (plain[0]) e.mode = parseInt(plain[0], 8);
          break;
        case 'f':
        case 'x': {
          const size = ownSize ?? plain[0];
          if (size === undefined) throw new Error(`tree: no size for ${path}`);
          e = mk(path, 'file', kind === 'x' ? 0o755 : 0o644);
          e.size = Number(size);
          const modeField = ownSize === undefined ? plain[1] : plain[0];
          if (kind === 'f' && modeField) e.mode = parseInt(modeField, 8);
          break;
        }
        case 't': {
          const content = spec.contents?.[path];
          if (content === undefined) throw new Error(`tree: no content for ${path}`);
          e = mk(path, 'file', plain[0] ? parseInt(plain[0], 8) : 0o644);
          e.content = content;
          e.size = byteLength(content);
          break;
        }
        case 'l':
        case 'h': {
          const target = plain[0];
          if (!target) throw new Error(`tree: no target for ${path}`);
          if (kind === 'l') {
            e = mk(path, 'symlink', 0o777);
            e.target = target;
            e.size = byteLength(target);
          } else {
            const t = byPath.get(target);
            if (!t) throw new Error(`tree: hard link ${path} to unknown ${target}`);
            e = { ...t, path, linkOf: target };
            hardLinks.add(path);
          }
          break;
        }
        case '~':
          e = mk(path, 'file', plain[0] ? parseInt(plain[0], 8) : 0o644);
          fillers.push(e);
          break;
        default:
          throw new Error(`tree: unknown kind ${kind}`);
      }
      if (owner) [e.uid, e.gid] = owner;
      if (exe !== undefined) e.exe = exe;
      byPath.set(path, e);
    }
  }
  if (fillers.length) {
    if (spec.size === undefined) throw new Error('tree: filler lines need the layer size');
    let rest = spec.size;
    for (const [p, e] of byPath) if (!fillers.includes(e) && !hardLinks.has(p)) rest -= countedSize(e);
    if (rest < 0) throw new Error(`tree: listing exceeds the layer size by ${-rest} bytes`);
    const each = Math.floor(rest / fillers.length);
    fillers.forEach((e, i) => (e.size = each + (i === 0 ? rest - each * fillers.length : 0)));
  }
  return [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path));
}

/** Orders paths so that a directory comes right before its contents ("/a" < "/a/b" < "/a-b"). */
export function comparePaths(a: string, b: string): number {
  const ca = a === '/' ? [] : a.split('/');
  const cb = b === '/' ? [] : b.split('/');
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    if (ca[i] !== cb[i]) return ca[i]! < cb[i]! ? -1 : 1;
  }
  return ca.length - cb.length;
}

/** What one entry adds to a layer's size (Docker: regular files and symlinks by their lstat size). */
export function countedSize(e: TreeEntry): number {
  return e.type === 'file' || e.type === 'symlink' ? e.size : 0;
}

/** A layer's size as Docker reports it: the sum of lstat sizes of non-directories, hard links once. */
export function treeSize(entries: readonly TreeEntry[]): number {
  let n = 0;
  for (const e of entries) if (e.linkOf === undefined) n += countedSize(e);
  return n;
}

/**
 * Writes the entries into `fs` (directories, files with their content or a
 * synthetic `size`, symlinks, modes, owners, mtimes). Existing directories are
 * kept; existing files are replaced.
 */
export function populate(fs: FileSystem, entries: readonly TreeEntry[]): void {
  for (const e of entries) {
    switch (e.type) {
      case 'dir':
        if (e.path !== '/' && !fs.exists(e.path)) fs.mkdir(e.path, { mode: e.mode, parents: true });
        fs.chmod(e.path, e.mode);
        break;
      case 'file':
        if (e.data !== undefined) fs.writeFile(e.path, e.data, withExe({ mode: e.mode }, e.exe));
        else if (e.content !== undefined) fs.writeFile(e.path, e.content, withExe({ mode: e.mode }, e.exe));
        else fs.writeFile(e.path, '', withExe({ mode: e.mode, size: e.size }, e.exe));
        fs.chmod(e.path, e.mode);
        break;
      case 'symlink':
        fs.symlink(e.target ?? '', e.path);
        break;
      default:
        // device nodes, fifos and sockets: not in any catalog image
        continue;
    }
    if (e.type !== 'symlink') {
      if (e.uid !== 0 || e.gid !== 0) fs.chown(e.path, e.uid, e.gid);
      if (e.mtimeMs !== undefined) fs.utimes(e.path, e.mtimeMs);
    }
  }
}

function withExe(o: WriteOptions, exe: string | undefined): WriteOptions {
  if (exe !== undefined) o.exe = exe;
  return o;
}

/** Serialises entries back to the listing format (used to turn a real rootfs dump into catalog data). */
export function toListing(entries: readonly TreeEntry[]): { listing: string; contents: Record<string, string> } {
  const lines: string[] = [];
  const contents: Record<string, string> = {};
  for (const e of entries) {
    const own = e.uid !== 0 || e.gid !== 0 ? ` ${e.uid}:${e.gid}` : '';
    const exe = e.exe !== undefined ? ` exe=${e.exe}` : '';
    if (e.type === 'dir') lines.push(`d ${e.path}${e.mode !== 0o755 || own ? ' ' + e.mode.toString(8) : ''}${own}`);
    else if (e.type === 'symlink') lines.push(`l ${e.path} ${e.target}`);
    else if (e.type === 'file' && e.content !== undefined) {
      contents[e.path] = e.content;
      lines.push(`t ${e.path}${e.mode !== 0o644 ? ' ' + e.mode.toString(8) : ''}`);
    } else if (e.type === 'file') lines.push(`f ${e.path} ${e.size} ${e.mode.toString(8)}${own}${exe}`);
  }
  return { listing: lines.join('\n'), contents };
}
