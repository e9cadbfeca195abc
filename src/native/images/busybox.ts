/**
 * `busybox:latest` built offline from Debian's busybox-static (/bin/busybox), with
 * the rootfs layout of scripts/make-busybox-rootfs.sh (the reference engine's
 * busybox image and, through test/conformance/busybox-rootfs.json, the simulator's):
 *   /bin/busybox (0755) and one `/bin/<applet> -> busybox` symlink per `busybox --list`
 *   applet; /etc/passwd, /etc/group (0644) as in the official image; empty /dev /home
 *   /proc /root (0700) /sys /tmp (1777) /usr /var; everything 0:0, every mtime
 *   2024-01-01 00:00:00 UTC.
 * The layer tar is written by the simulator's layer writer (src/sim/archive/layerTar.ts),
 * so its bytes, hence the diffID, depend only on the binary and the mtime. The image
 * is what `docker import --change 'CMD ["sh"]' - busybox:latest` makes of that tar
 * (one layer, comment "Imported from -", Cmd ["sh"]).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { layerTar } from '../../sim/archive/layerTar.ts';
import { BUSYBOX_ROOTFS_CONTENTS, BUSYBOX_ROOTFS_MTIME_MS } from '../../sim/images/data/busybox-rootfs.ts';
import type { LayerEntry } from '../../sim/archive/types.ts';
import { importTar } from './ops.ts';
import type { NativeImageStore } from './store.ts';

export const BUSYBOX_BINARY = '/bin/busybox';
export const BUSYBOX_INSTALL_HINT = "install Debian's busybox-static: apt-get install -y busybox-static";

export class BusyboxError extends Error {
  override readonly name = 'BusyboxError';
}

/** Whether an ELF file is statically linked (no PT_INTERP program header). */
export function isStaticElf(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const h = Buffer.alloc(64);
    if (readSync(fd, h, 0, 64, 0) < 52 || h.readUInt32BE(0) !== 0x7f454c46) return false;
    const is64 = h[4] === 2;
    const le = h[5] === 1;
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const phoff = is64 ? Number(le ? h.readBigUInt64LE(32) : h.readBigUInt64BE(32)) : u32(h, 28);
    const phentsize = u16(h, is64 ? 54 : 42);
    const phnum = u16(h, is64 ? 56 : 44);
    const ph = Buffer.alloc(phentsize * phnum);
    readSync(fd, ph, 0, ph.length, phoff);
    for (let i = 0; i < phnum; i++) if (u32(ph, i * phentsize) === 3) return false; // PT_INTERP
    return true;
  } finally {
    closeSync(fd);
  }
}

export interface BusyboxRootfsOptions {
  /** The static busybox binary (default /bin/busybox). */
  binary?: string;
  /** Every mtime, ms (default 2024-01-01 00:00:00 UTC). */
  mtimeMs?: number;
}

/** The rootfs entries (walk order, real file bytes). Throws BusyboxError if busybox-static is missing. */
export function busyboxRootfsEntries(o: BusyboxRootfsOptions = {}): LayerEntry[] {
  const bin = o.binary ?? BUSYBOX_BINARY;
  let data: Uint8Array;
  try {
    data = new Uint8Array(readFileSync(bin));
  } catch {
    throw new BusyboxError(`${bin} is missing; ${BUSYBOX_INSTALL_HINT}`);
  }
  if (!isStaticElf(bin)) throw new BusyboxError(`${bin} is not statically linked; ${BUSYBOX_INSTALL_HINT}`);
  const list = spawnSync(bin, ['--list'], { encoding: 'utf8' });
  if (list.status !== 0) throw new BusyboxError(`${bin} --list failed; ${BUSYBOX_INSTALL_HINT}`);
  const applets = [...new Set(list.stdout.split('\n').filter((a) => a !== '' && a !== 'busybox' && !a.includes('/')))];
  const t = o.mtimeMs ?? BUSYBOX_ROOTFS_MTIME_MS;
  const dir = (path: string, mode = 0o755): LayerEntry => ({ path, type: 'dir', mode, uid: 0, gid: 0, size: 0, mtimeMs: t });
  const text = (path: string): LayerEntry => {
    const bytes = new TextEncoder().encode(BUSYBOX_ROOTFS_CONTENTS[path]!);
    return { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: bytes.length, mtimeMs: t, data: bytes };
  };
  const out: LayerEntry[] = [dir('/bin'), { path: '/bin/busybox', type: 'file', mode: 0o755, uid: 0, gid: 0, size: data.length, mtimeMs: t, data }];
  for (const a of applets) out.push({ path: '/bin/' + a, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 7, target: 'busybox', mtimeMs: t });
  out.push(dir('/dev'), dir('/etc'), text('/etc/group'), text('/etc/passwd'));
  out.push(dir('/home'), dir('/proc'), dir('/root', 0o700), dir('/sys'), dir('/tmp', 0o1777), dir('/usr'), dir('/var'));
  return out;
}

/** The busybox layer tar (deterministic for a given binary and mtime). */
export function busyboxLayerTar(o: BusyboxRootfsOptions = {}): Uint8Array {
  return layerTar(busyboxRootfsEntries(o));
}

export interface EnsureBusyboxOptions extends BusyboxRootfsOptions {
  /** The name to give it (default busybox:latest). */
  reference?: string;
  /** Build it again even if the reference exists. */
  rebuild?: boolean;
}

/**
 * Makes sure `busybox:latest` is in the store (imports it when missing, as
 * `docker import --change 'CMD ["sh"]' - busybox:latest`). Returns its image ID.
 */
export async function ensureBusybox(store: NativeImageStore, o: EnsureBusyboxOptions = {}): Promise<string> {
  const ref = o.reference ?? 'busybox:latest';
  if (!o.rebuild) {
    const have = store.images.find(ref);
    if (have) return have.id;
  }
  return importTar(store, busyboxLayerTar(o), { source: '-', reference: ref, changes: ['CMD ["sh"]'] });
}
