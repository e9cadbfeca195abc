/**
 * Shared setup of the native runtime tests: whether they can run here, a busybox layer,
 * a temp state root, overlay-mounted container roots, and leak counting.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventory } from '../../../src/native/runtime/gc.ts';
import { mountOverlay, unmount } from '../../../src/native/runtime/overlay.ts';
import { which } from '../../../src/native/runtime/preflight.ts';
import { readMountInfo } from '../../../src/native/runtime/proc.ts';

export const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p)) ?? '/bin/busybox';

/** Why the real-container tests cannot run here, or null when they can. */
export function skipReason(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root (runc, mounts and cgroups need root; CI runs these as root)';
  if (!which('runc')) return 'no runc (apt-get install -y runc)';
  if (!existsSync(BUSYBOX)) return 'no /bin/busybox (apt-get install -y busybox-static)';
  if (hasElfInterpreter(BUSYBOX)) return `${BUSYBOX} is not static (apt-get install -y busybox-static)`;
  if (!which('perl')) return 'no perl (apt-get install -y perl-base)';
  return null;
}

/** True when a 64-bit little-endian ELF has a PT_INTERP header (needs a dynamic loader). */
function hasElfInterpreter(file: string): boolean {
  const b = readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) return false; // not ELF64 LE: do not judge
  const phoff = Number(b.readBigUInt64LE(0x20));
  const phentsize = b.readUInt16LE(0x36);
  const phnum = b.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) if (b.readUInt32LE(phoff + i * phentsize) === 3) return true;
  return false;
}

/** A read-only layer with /bin/busybox and its applet links, plus the usual mount points. */
export function makeBusyboxLayer(dir: string): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  for (const d of ['proc', 'sys', 'dev', 'etc', 'tmp', 'root']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(BUSYBOX, join(dir, 'bin/busybox'));
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const a of applets) if (a !== 'busybox') symlinkSync('busybox', join(dir, 'bin', a));
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n');
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\nwheel:x:10:root\nnogroup:x:65534:\n');
  // Mount points for the bind-mounted files, like Docker's init layer.
  for (const f of ['hosts', 'hostname', 'resolv.conf']) writeFileSync(join(dir, 'etc', f), '');
  return dir;
}

export interface TestRoot {
  stateRoot: string;
  layer: string;
  /** Mounts an overlay root for a container; returns the merged dir. */
  rootfs(name: string, lower?: string[]): string;
  /** Unmounts every container root mounted by rootfs(). */
  unmountAll(): void;
  dispose(): void;
}

export function makeTestRoot(prefix = 'cc-runtime-'): TestRoot {
  const base = mkdtempSync(join(tmpdir(), prefix));
  const stateRoot = join(base, 'state');
  mkdirSync(stateRoot);
  const layer = makeBusyboxLayer(join(stateRoot, 'layers', 'busybox'));
  const mounted: string[] = [];
  return {
    stateRoot,
    layer,
    rootfs(name, lower = [layer]) {
      const d = join(stateRoot, 'roots', name);
      for (const s of ['upper', 'work', 'merged']) mkdirSync(join(d, s), { recursive: true });
      mountOverlay({ lower, upper: join(d, 'upper'), work: join(d, 'work'), target: join(d, 'merged') });
      mounted.push(join(d, 'merged'));
      return join(d, 'merged');
    },
    unmountAll() {
      while (mounted.length) unmount(mounted.pop()!, { lazy: true });
    },
    dispose() {
      this.unmountAll();
      const left = readMountInfo().filter((m) => m.mountPoint.startsWith(base + '/'));
      if (left.length === 0) rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Everything of ours that exists: must be empty after gc / cleanup. */
export function leaks(stateRoot: string) {
  return inventory({ stateRoot });
}

/** Counts for before/after comparisons of a whole file. */
export function counts(stateRoot: string) {
  const inv = inventory({ stateRoot });
  return { mounts: inv.mounts.length, cgroups: inv.cgroups.length, processes: inv.processes.length, runcState: inv.runcState.length };
}

/** Host-wide mount count (logged for information: other sessions may mount things too). */
export function hostMountCount(): number {
  return readMountInfo().length;
}

export function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function randomId(): string {
  const hex = '0123456789abcdef';
  let s = '';
  for (let i = 0; i < 64; i++) s += hex[Math.floor(Math.random() * 16)];
  return s;
}
