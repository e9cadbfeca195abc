/** Shared by the native image tests and the real-engine recorder (record-real.ts). */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lutimesSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { INIT_LAYER } from '../../../src/sim/archive/export.ts';
import { TarWriter, type TarHeader } from '../../../src/sim/archive/tar.ts';
import { isStaticElf } from '../../../src/native/images/busybox.ts';
import { scanLayer, walkScan } from '../../../src/native/images/scan.ts';
import { hostProblem } from '../../../src/native/images/sys.ts';

/** Why the native tests cannot run here, or undefined when they can (root on Linux, perl present). */
export function skipReason(): string | undefined {
  return hostProblem();
}

/**
 * A layer directory as text, one line per entry (parents first, names in byte order):
 * path, type, mode, owner, size, mtime in ns, symlink target, rdev, opaque, hard-link
 * group, xattrs. `ignoreXattrs` drops xattrs by prefix (overlay's own: origin, impure).
 */
export function dirListing(dir: string, o: { ignoreXattrs?: string[]; mtimes?: (path: string, type: string) => boolean } = {}): string[] {
  const root = scanLayer(dir);
  const first = new Map<string, string>();
  const lines = [`/ ${root.type} ${root.mode.toString(8)} ${root.uid}:${root.gid}${root.opaque ? ' opaque' : ''}`];
  for (const [p, n] of walkScan(root)) {
    const keepTime = o.mtimes ? o.mtimes(p, n.type) : true;
    let s = `${p} ${n.type} ${n.mode.toString(8)} ${n.uid}:${n.gid} size=${n.type === 'dir' ? '-' : n.size} mtime=${keepTime ? n.mtimeNs : '*'}`;
    if (n.target !== undefined) s += ` -> ${n.target}`;
    if (n.type === 'char' || n.type === 'block') s += ` rdev=${n.rdev}`;
    if (n.opaque) s += ' opaque';
    if (n.nlink > 1 && n.type !== 'dir') {
      const f = first.get(n.inode);
      if (f) s += ` link=${f}`;
      else first.set(n.inode, p);
    }
    const x = Object.entries(n.xattrs ?? {}).filter(([k]) => !(o.ignoreXattrs ?? []).some((pre) => k.startsWith(pre)));
    if (x.length) s += ' xattrs=' + x.map(([k, v]) => `${k}:${Buffer.from(v).toString('hex')}`).sort().join(',');
    lines.push(s);
  }
  return lines;
}

const enc = new TextEncoder();

/**
 * A layer tar with every kind of entry: whiteouts (in a directory and at the root),
 * an opaque directory, setuid/setgid/sticky modes, a hard link, relative and absolute
 * symlinks, char/block devices (one with numbers past 8 bits), a fifo, xattrs
 * (security.capability, user.*), a non-ASCII name, a long (PAX) path, odd owners.
 */
export function oddLayerTar(): Uint8Array {
  const T = 1700000000;
  const T2 = 1600000000;
  const w = new TarWriter({ typeBits: true });
  const add = (h: Partial<TarHeader> & { name: string }, data?: string): void => {
    const type = h.type ?? 'file';
    const d = type === 'file' ? enc.encode(data ?? '') : undefined;
    w.add({ type, mode: type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644, uid: 0, gid: 0, mtime: T, size: d?.length ?? 0, ...h } as TarHeader, d);
  };
  add({ name: 'a/', type: 'dir', mode: 0o750, uid: 33, gid: 33 });
  add({ name: 'a/.wh.gone', uid: 5, gid: 7, mtime: T2 });
  add({ name: 'a/file', mode: 0o640, uid: 33, gid: 4 }, 'hello\n');
  add({ name: 'a/.wh.other', mtime: T2 });
  add({ name: 'op/', type: 'dir', mode: 0o711 });
  add({ name: 'op/.wh..wh..opq', mode: 0o711 });
  add({ name: 'op/keep' }, 'k\n');
  add({ name: 'suid', mode: 0o4755 }, '#!/bin/sh\n');
  add({ name: 'h1', type: 'link', linkname: 'suid', mode: 0o4755 });
  add({ name: 'sgid/', type: 'dir', mode: 0o2775, gid: 50 });
  add({ name: 'sticky/', type: 'dir', mode: 0o1777 });
  add({ name: 'rel', type: 'symlink', linkname: '../a/file', uid: 1, gid: 2, mtime: T2 });
  add({ name: 'abs', type: 'symlink', linkname: '/etc/passwd' });
  add({ name: 'dev/', type: 'dir' });
  add({ name: 'dev/null2', type: 'char', mode: 0o666, devmajor: 1, devminor: 3 });
  add({ name: 'dev/sda1', type: 'block', mode: 0o660, gid: 6, devmajor: 8, devminor: 1 });
  add({ name: 'dev/big', type: 'block', mode: 0o600, devmajor: 259, devminor: 300 });
  add({ name: 'fifo', type: 'fifo', mode: 0o600 });
  const cap = new Uint8Array([1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  add({ name: 'cap', mode: 0o755, xattrs: { 'security.capability': cap, 'user.note': enc.encode('hi') } }, 'cap\n');
  add({ name: 'ümlaut-名前' }, 'u\n');
  add({ name: 'long/' + 'x'.repeat(120) + '/' + 'y'.repeat(90) }, 'deep\n');
  add({ name: 'nobody', uid: 65534, gid: 65534, mode: 0o400 }, 'n\n');
  add({ name: '.wh.rootgone', mtime: T2 });
  return w.finish();
}


/** Why busybox cannot be built here, or undefined. */
export function busyboxReason(): string | undefined {
  if (!existsSync('/bin/busybox') || !isStaticElf('/bin/busybox')) return "no static /bin/busybox (apt-get install -y busybox-static)";
  return undefined;
}

/** A fresh scratch directory (remove it with cleanup()). */
export function scratch(prefix = 'native-images-'): string {
  return mkdtempSync(tmpdir() + '/' + prefix);
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Docker's init layer (daemon/initlayer, as the simulator's INIT_LAYER lists it), every time `mtimeMs`. */
export function writeInitLayer(dir: string, mtimeMs: number): void {
  mkdirSync(dir, { mode: 0o755 });
  const dirs = new Set<string>(['']);
  const t = mtimeMs / 1000;
  const ensure = (d: string): void => {
    if (dirs.has(d)) return;
    ensure(d.slice(0, d.lastIndexOf('/')));
    mkdirSync(dir + d, { mode: 0o755 });
    chmodSync(dir + d, 0o755);
    dirs.add(d);
  };
  for (const e of INIT_LAYER) {
    ensure(e.path.slice(0, e.path.lastIndexOf('/')));
    if (e.kind === 'dir') ensure(e.path);
    else if (e.kind === 'file') {
      writeFileSync(dir + e.path, '', { mode: 0o755 });
      chmodSync(dir + e.path, 0o755);
    } else symlinkSync(e.target!, dir + e.path);
  }
  for (const e of INIT_LAYER) lutimesSync(dir + e.path, t, t);
  for (const d of dirs) lutimesSync(dir + d, t, t);
}

/** Why an overlay cannot be mounted here, or undefined (tries one). */
export function overlayReason(): string | undefined {
  const base = scratch('ovl-probe-');
  try {
    for (const d of ['l', 'u', 'w', 'm']) mkdirSync(`${base}/${d}`);
    const r = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${base}/l,upperdir=${base}/u,workdir=${base}/w`, `${base}/m`], { encoding: 'utf8' });
    if (r.status !== 0) return `cannot mount overlayfs here: ${(r.stderr || r.error?.message || '').trim()}`;
    spawnSync('umount', [`${base}/m`]);
    return undefined;
  } finally {
    cleanup(base);
  }
}

/** Mounts lowers (top first) + upper at a scratch mount point, runs `fn(merged)`, always unmounts. */
export function withOverlay<T>(lowers: readonly string[], upper: string, fn: (merged: string) => T): T {
  const base = scratch('ovl-');
  mkdirSync(base + '/w');
  mkdirSync(base + '/m');
  const r = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lowers.join(':')},upperdir=${upper},workdir=${base}/w`, `${base}/m`], { encoding: 'utf8' });
  if (r.status !== 0) {
    cleanup(base);
    throw new Error(`mount overlay: ${r.stderr}`);
  }
  try {
    return fn(base + '/m');
  } finally {
    const u = spawnSync('umount', [base + '/m'], { encoding: 'utf8' });
    if (u.status !== 0) spawnSync('umount', ['-l', base + '/m']);
    cleanup(base);
  }
}

/** Extracts a GNU pax tar made by record-real.ts (xattrs, ns mtimes, devices) into a new directory. */
export function gnuUntar(tarFile: string, dir: string): void {
  mkdirSync(dir);
  const r = spawnSync('tar', ['--xattrs', '--xattrs-include=*', '--numeric-owner', '-xpf', tarFile, '-C', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
}
