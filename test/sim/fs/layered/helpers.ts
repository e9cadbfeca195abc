/** Test helpers: busybox image layers, union containers, running programs in them. */
import { Clock } from '../../../../src/sim/clock.ts';
import { createKernel } from '../../../../src/sim/programs/index.ts';
import type { SimKernel } from '../../../../src/sim/kernel/kernel.ts';
import type { Task } from '../../../../src/sim/kernel/task.ts';
import type { FileSystem } from '../../../../src/sim/fs/types.ts';
import { busyboxRootfs } from '../../../../src/sim/images/data/busybox.ts';
import type { TreeEntry } from '../../../../src/sim/images/types.ts';
import { Layer, type Meta } from '../../../../src/sim/fs/layered/layer.ts';
import { makeInitLayer } from '../../../../src/sim/fs/layered/init.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

let bb: Layer | undefined;
/** The busybox:latest rootfs as one read-only image layer (shared by every test). */
export function busyboxLayer(): Layer {
  if (!bb) {
    bb = Layer.fromTree('sha256:busybox', busyboxRootfs());
    bb.readOnly = true;
  }
  return bb;
}

let init: Layer | undefined;
export function sharedInit(): Layer {
  init ??= makeInitLayer();
  return init;
}

/** A read-only layer from a compact spec: "d /x", "f /x content", "l /x target", "w /x" (whiteout), "o /x" (opaque dir). */
export function layerOf(id: string, spec: string, mtimeMs = Date.UTC(2024, 0, 1)): Layer {
  const entries: TreeEntry[] = [];
  for (const raw of spec.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [k, path, ...rest] = line.split(' ');
    const base = { path: path!, uid: 0, gid: 0, size: 0, mtimeMs };
    const i = path!.lastIndexOf('/');
    const dir = path!.slice(0, i);
    const name = path!.slice(i + 1);
    if (k === 'd') entries.push({ ...base, type: 'dir', mode: 0o755 });
    else if (k === 'f') {
      const content = rest.join(' ').replace(/\\n/g, '\n');
      entries.push({ ...base, type: 'file', mode: 0o644, content, size: content.length });
    } else if (k === 'l') entries.push({ ...base, type: 'symlink', mode: 0o777, target: rest[0]! });
    else if (k === 'w') entries.push({ ...base, path: `${dir}/.wh.${name}`, type: 'file', mode: 0o600 });
    else if (k === 'o') entries.push({ ...base, type: 'dir', mode: 0o755 }, { ...base, path: `${path}/.wh..wh..opq`, type: 'file', mode: 0o644 });
  }
  const l = Layer.fromTree(id, entries);
  l.readOnly = true;
  return l;
}

export interface Box {
  clock: Clock;
  kernel: SimKernel;
  fs: UnionFs;
}

export function box(o: { lowers?: Layer[]; init?: boolean; start?: number; root?: Partial<Meta> } = {}): Box {
  const clock = new Clock(o.start ?? T0);
  const kernel = createKernel({ clock, release: '6.1.0', version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.0-1 (2023-01-07)' });
  const fs = new UnionFs({ lowers: o.lowers ?? [busyboxLayer()], init: o.init === false ? null : sharedInit(), now: () => clock.now(), id: 'c0ffee123456', root: o.root });
  return { clock, kernel, fs };
}

export interface Ran {
  stdout: string;
  stderr: string;
  status: number | undefined;
}

/** Runs argv in the box (the union, or `fs` if given, e.g. a MountFs over it) to completion. */
export function run(b: Box, argv: string[], o: { fs?: FileSystem; cwd?: string; stdin?: string; ms?: number } = {}): Ran {
  const t = b.kernel.startTask({
    argv,
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=c0ffee123456', 'HOME=/root'],
    cwd: o.cwd ?? '/',
    tty: false,
    openStdin: o.stdin !== undefined,
    hostname: 'c0ffee123456',
    fs: o.fs ?? b.fs,
  });
  if ('kind' in t) throw new Error('start failed: ' + t.message);
  const task = t as Task;
  const r: Ran = { stdout: '', stderr: '', status: undefined };
  task.init.onOutput((stream, data) => {
    if (stream === 'stdout') r.stdout += data;
    else r.stderr += data;
  });
  task.init.onExit((st) => (r.status = st));
  if (o.stdin !== undefined) {
    task.init.writeStdin(o.stdin);
    task.init.closeStdin();
  }
  const end = b.clock.now() + (o.ms ?? 60_000);
  while (r.status === undefined && b.clock.step(end)) {
    /* step */
  }
  return r;
}

export const sh = (b: Box, script: string, o: { fs?: FileSystem; cwd?: string; stdin?: string } = {}): Ran => run(b, ['sh', '-c', script], o);
