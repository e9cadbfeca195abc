/**
 * Writes layer entries into a FileSystem: the bridge from an imported or loaded
 * layer to a simulator filesystem until the layered FS takes layers directly.
 * Applying several layers in order onto one filesystem flattens an image:
 * `.wh.<name>` removes <name>, `.wh..wh..opq` empties its directory first.
 */
import { dirOf } from './paths.ts';
import { whiteoutTarget, type LayerEntry } from './types.ts';
import type { FileSystem } from '../fs/types.ts';

interface Extra {
  lchown?(path: string, uid: number, gid: number): void;
  lutimes?(path: string, mtimeMs: number): void;
}

function removeTree(fs: FileSystem, path: string): void {
  let st;
  try {
    st = fs.lstat(path);
  } catch {
    return;
  }
  if (st.type === 'dir') {
    for (const d of fs.readdir(path)) removeTree(fs, path === '/' ? '/' + d.name : path + '/' + d.name);
    if (path !== '/') fs.rmdir(path);
  } else fs.unlink(path);
}

/** Applies `entries` (walk order, as unpackLayer returns them) onto `fs`. */
export function applyEntries(fs: FileSystem, entries: readonly LayerEntry[]): void {
  const x = fs as FileSystem & Extra;
  const dirTimes: Array<[string, number]> = [];
  for (const e of entries) {
    const wo = whiteoutTarget(e.path);
    if (wo) {
      if (wo.opaque) {
        if (fs.exists(wo.hides)) for (const d of fs.readdir(wo.hides)) removeTree(fs, (wo.hides === '/' ? '' : wo.hides) + '/' + d.name);
      } else removeTree(fs, wo.hides);
      continue;
    }
    const parent = dirOf(e.path);
    if (!fs.exists(parent)) fs.mkdir(parent, { parents: true, mode: 0o755 });
    let cur;
    try {
      cur = fs.lstat(e.path);
    } catch {
      cur = undefined;
    }
    if (cur && !(cur.type === 'dir' && e.type === 'dir')) removeTree(fs, e.path);
    if (e.linkOf !== undefined && e.type !== 'dir' && fs.link) {
      fs.link(e.linkOf, e.path);
      continue;
    }
    switch (e.type) {
      case 'dir':
        if (!cur || cur.type !== 'dir') fs.mkdir(e.path, { mode: e.mode });
        break;
      case 'file':
        if (e.data) fs.writeFile(e.path, e.data, { mode: e.mode, ...(e.exe !== undefined ? { exe: e.exe } : {}) });
        else if (e.content !== undefined) fs.writeFile(e.path, e.content, { mode: e.mode, ...(e.exe !== undefined ? { exe: e.exe } : {}) });
        else fs.writeFile(e.path, '', { mode: e.mode, size: e.size, ...(e.exe !== undefined ? { exe: e.exe } : {}) });
        break;
      case 'symlink':
        fs.symlink(e.target ?? '', e.path);
        break;
      default:
        if (!fs.mknod) continue;
        fs.mknod(e.path, e.type, e.mode, e.rdev ?? 0);
    }
    if (e.type === 'symlink') {
      x.lchown?.(e.path, e.uid, e.gid);
      if (e.mtimeMs !== undefined) x.lutimes?.(e.path, e.mtimeMs);
      continue;
    }
    fs.chmod(e.path, e.mode);
    if (e.uid !== 0 || e.gid !== 0) fs.chown(e.path, e.uid, e.gid);
    if (e.mtimeMs !== undefined) {
      if (e.type === 'dir') dirTimes.push([e.path, e.mtimeMs]);
      else fs.utimes(e.path, e.mtimeMs);
    }
  }
  // Directory times last: creating entries inside a directory changes its mtime.
  for (const [p, t] of dirTimes) fs.utimes(p, t);
}
