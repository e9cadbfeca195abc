/**
 * overlayfs: mount/unmount a container root, and the on-disk forms of deletions.
 *
 * Whiteouts: an OCI/Docker layer tar says "deleted" with `.wh.<name>` and "directory
 * replaced" with `.wh..wh..opq`; overlayfs says it with a character device 0/0 named
 * `<name>` and with the xattr `trusted.overlay.opaque=y` on the directory. The helpers
 * below create and read the overlay forms (layer extraction writes them; diff/export of an
 * upper dir reads them). Node has no mknod/xattr API: these go through the image store's
 * batched syscall helper (src/native/images/sys.ts: Perl's `syscall`, perl-base being
 * Essential on Debian), so no extra package is needed.
 *
 * Long lower lists: mount(2) takes the option string in one page (4096 bytes, including
 * the final NUL). When the absolute form is longer, mountOverlay() mounts with paths
 * relative to the dirs' common parent (the mount runs with that cwd); if that is still too
 * long, through a temp dir of symlinks 0, 1, 2, … (Docker's overlay2 does the same with its
 * short `l/` links). /proc/self/mountinfo then shows the relative names. More than 500
 * lower dirs (the kernel's stack limit) is refused with a one-line error.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, type Stats } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { mknodAll, readXattrs, setXattrs } from '../images/sys.ts';
import { isMountPoint, mountsUnder, readMountInfo } from './proc.ts';

export interface OverlaySpec {
  /** Read-only layers, TOP FIRST (as lowerdir= wants them). */
  lower: string[];
  upper: string;
  work: string;
  target: string;
}

const PAGE_LIMIT = 4095; // bytes of option string mount(2) copies (one 4 KiB page incl. NUL)
const MAX_LOWER = 500;

export class OverlayError extends Error {
  override name = 'OverlayError';
}

function extraOptions(): string[] {
  // Like Docker: index=off where the kernel defaults it on, so one lower dir can be shared
  // by many overlays without "already in use" refusals.
  try {
    if (readFileSync('/sys/module/overlay/parameters/index', 'utf8').trim() === 'Y') return ['index=off'];
  } catch {
    /* ignore */
  }
  return [];
}

function commonParent(paths: string[]): string {
  let parts = (paths[0] ?? '/').split(sep);
  for (const p of paths.slice(1)) {
    const q = p.split(sep);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || '/';
}

/**
 * The option string and cwd for mounting `spec`: absolute paths when they fit in a page,
 * else paths relative to the common parent dir (mount runs there). null when neither fits:
 * then mountOverlay() uses a dir of short symlinks.
 */
export function overlayMountOptions(spec: OverlaySpec): { options: string; cwd?: string } | null {
  if (spec.lower.length === 0) throw new OverlayError('overlay needs at least one lower dir');
  if (spec.lower.length > MAX_LOWER) {
    throw new OverlayError(`overlay: ${spec.lower.length} lower dirs, the kernel stacks at most ${MAX_LOWER}: squash the image (export | import)`);
  }
  for (const p of [...spec.lower, spec.upper, spec.work]) {
    if (/[,:]/.test(p)) throw new OverlayError(`overlay: path ${p} contains ',' or ':', which the option string cannot carry`);
  }
  const extra = extraOptions();
  const abs = [`lowerdir=${spec.lower.join(':')}`, `upperdir=${spec.upper}`, `workdir=${spec.work}`, ...extra].join(',');
  if (Buffer.byteLength(abs) <= PAGE_LIMIT) return { options: abs };
  const cwd = commonParent([...spec.lower, spec.upper, spec.work].map((p) => dirname(p)));
  const rel = (p: string) => relative(cwd, p) || '.';
  const short = [`lowerdir=${spec.lower.map(rel).join(':')}`, `upperdir=${rel(spec.upper)}`, `workdir=${rel(spec.work)}`, ...extra].join(',');
  if (Buffer.byteLength(short) <= PAGE_LIMIT) return { options: short, cwd };
  return null;
}

/**
 * Mounts the overlay. If the option string does not fit in a page even with relative
 * paths, it mounts through a temp dir of symlinks named 0, 1, 2, … (the kernel resolves
 * them at mount time; the dir is removed right after) — Docker's overlay2 `l/` trick.
 */
export function mountOverlay(spec: OverlaySpec): void {
  let opts = overlayMountOptions(spec);
  let linkDir: string | null = null;
  try {
    if (!opts) {
      linkDir = mkdtempSync(join(dirname(spec.target), '.ovl-links-'));
      spec.lower.forEach((l, i) => symlinkSync(l, join(linkDir!, String(i))));
      symlinkSync(spec.upper, join(linkDir, 'u'));
      symlinkSync(spec.work, join(linkDir, 'w'));
      const lower = spec.lower.map((_, i) => String(i)).join(':');
      opts = { options: [`lowerdir=${lower}`, 'upperdir=u', 'workdir=w', ...extraOptions()].join(','), cwd: linkDir };
    }
    const r = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', opts.options, spec.target], { encoding: 'utf8', cwd: opts.cwd });
    if (r.status !== 0) {
      throw new OverlayError(`mount overlay on ${spec.target} failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
    }
  } finally {
    if (linkDir) rmSync(linkDir, { recursive: true, force: true });
  }
}

/**
 * Unmounts `target` (every mount stacked on it). With `lazy`, a busy mount is detached
 * (MNT_DETACH) instead of failing. No-op when nothing is mounted there.
 */
export function unmount(target: string, opts: { lazy?: boolean } = {}): void {
  for (let i = 0; i < 16 && isMountPoint(target); i++) {
    const r = spawnSync('umount', [target], { encoding: 'utf8' });
    if (r.status === 0) continue;
    if (opts.lazy) {
      const l = spawnSync('umount', ['-l', target], { encoding: 'utf8' });
      if (l.status === 0) continue;
    }
    throw new Error(`umount ${target} failed: ${(r.stderr || '').trim().split('\n')[0]}`);
  }
}

/** Unmounts everything mounted at or below `dir`, deepest first. Returns what it unmounted. */
export function unmountAllUnder(dir: string, opts: { lazy?: boolean } = {}): string[] {
  const done: string[] = [];
  for (const p of mountsUnder(dir, readMountInfo())) {
    if (!isMountPoint(p)) continue;
    unmount(p, opts);
    done.push(p);
  }
  return done;
}

// ---------------------------------------------------------------------------
// Whiteouts and opaque directories
// ---------------------------------------------------------------------------

export const OPAQUE_XATTR = 'trusted.overlay.opaque';
export const WH_PREFIX = '.wh.';
export const WH_OPAQUE = '.wh..wh..opq';

/** Creates an overlay whiteout (char device 0/0) at `path`. */
export function makeWhiteout(path: string): void {
  try {
    mknodAll([{ path, kind: 'char', mode: 0, major: 0, minor: 0 }]);
  } catch (e) {
    throw new OverlayError(`mknod ${path} c 0 0 failed: ${(e as Error).message}`);
  }
}

export function isWhiteoutStat(st: Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

export function isWhiteout(path: string): boolean {
  try {
    return isWhiteoutStat(lstatSync(path));
  } catch {
    return false;
  }
}

/** Marks a directory opaque (what `.wh..wh..opq` in a layer tar means). */
export function setOpaque(dir: string): void {
  try {
    setXattrs([{ path: dir, name: OPAQUE_XATTR, value: new Uint8Array([0x79]) }]);
  } catch (e) {
    throw new OverlayError(`setxattr ${OPAQUE_XATTR} on ${dir} failed: ${(e as Error).message}`);
  }
}

function opaqueValue(attrs: Record<string, Uint8Array> | undefined): boolean {
  const v = attrs?.[OPAQUE_XATTR];
  return !!v && v.length === 1 && v[0] === 0x79;
}

export function isOpaque(dir: string): boolean {
  return opaqueValue(readXattrs([dir]).get(dir));
}

/** Every opaque directory at or below `root` (one perl process for all), as absolute paths. */
export function findOpaqueDirs(root: string): Set<string> {
  const dirs: string[] = [root];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        const p = join(d, e.name);
        dirs.push(p);
        walk(p);
      }
    }
  };
  walk(root);
  const attrs = readXattrs(dirs);
  return new Set(dirs.filter((d) => opaqueValue(attrs.get(d))));
}

export type UpperEntryKind = 'whiteout' | 'opaque-dir' | 'dir' | 'file' | 'symlink' | 'other';

export interface UpperEntry {
  /** Path inside the container, e.g. "/etc/passwd". */
  path: string;
  kind: UpperEntryKind;
  stat: Stats;
}

/**
 * Walks an upper dir and says what each entry means: a whiteout (the path was deleted),
 * an opaque dir (replaced wholesale: nothing below it comes from the lower layers), or
 * content. Sorted by path, parents before children — the order diff and export need.
 */
export function scanUpper(upper: string): UpperEntry[] {
  const opaque = findOpaqueDirs(upper);
  const out: UpperEntry[] = [];
  const walk = (dir: string, rel: string) => {
    const names = readdirSync(dir).sort();
    for (const name of names) {
      const abs = join(dir, name);
      const path = `${rel}/${name}`;
      const st = lstatSync(abs);
      let kind: UpperEntryKind;
      if (isWhiteoutStat(st)) kind = 'whiteout';
      else if (st.isDirectory()) kind = opaque.has(abs) ? 'opaque-dir' : 'dir';
      else if (st.isFile()) kind = 'file';
      else if (st.isSymbolicLink()) kind = 'symlink';
      else kind = 'other';
      out.push({ path, kind, stat: st });
      if (st.isDirectory()) walk(abs, path);
    }
  };
  walk(upper, '');
  return out;
}

/** Tar member name → what to do when extracting a layer into an overlay lower dir. */
export function classifyLayerPath(name: string): { action: 'whiteout'; target: string } | { action: 'opaque'; dir: string } | { action: 'file' } {
  const clean = name.replace(/^\.\//, '').replace(/\/+$/, '');
  const slash = clean.lastIndexOf('/');
  const dir = slash < 0 ? '' : clean.slice(0, slash);
  const base = clean.slice(slash + 1);
  if (base === WH_OPAQUE) return { action: 'opaque', dir };
  if (base.startsWith(WH_PREFIX)) return { action: 'whiteout', target: (dir ? dir + '/' : '') + base.slice(WH_PREFIX.length) };
  return { action: 'file' };
}
