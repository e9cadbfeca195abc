/** Test helpers: a busybox image tree (from the real image's file list), and running commands in it. */
import { readFileSync } from 'node:fs';
import { Clock } from '../../../src/sim/clock.ts';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { ContainerFs } from '../../../src/sim/fs/container-fs.ts';
import type { Process } from '../../../src/sim/kernel/types.ts';
import type { Task } from '../../../src/sim/kernel/task.ts';
import { createKernel } from '../../../src/sim/programs/index.ts';
import type { SimKernel } from '../../../src/sim/kernel/kernel.ts';
import { loadUsageTexts } from '../../../src/sim/programs/usage.ts';

// The usage texts are loaded on first use, a program waiting for them on real I/O
// (usage.test.ts checks that path); this harness steps the clock synchronously and
// could not wait, so they are here from the start.
await loadUsageTexts();

interface Entry {
  path: string;
  mode: string;
  uid: number;
  gid: number;
  mtime: string;
  type: 'dir' | 'file' | 'symlink';
  size: number;
  target?: string;
  content?: string;
}

const ROOTFS: Entry[] = JSON.parse(readFileSync(new URL('../../conformance/busybox-rootfs.json', import.meta.url), 'utf8'));

let image: MemoryFs | undefined;

/** The busybox:latest tree (shared, read-only). */
export function busyboxImage(): MemoryFs {
  if (image) return image;
  const fs = new MemoryFs({ now: () => Date.UTC(2024, 0, 1) });
  for (const e of ROOTFS) {
    const mode = parseInt(e.mode, 8);
    const mtimeMs = Date.parse(e.mtime);
    if (e.path === '/') continue;
    if (e.type === 'dir') fs.mkdir(e.path, { mode, mtimeMs });
    else if (e.type === 'symlink') fs.symlink(e.target!, e.path);
    else if (e.path === '/bin/busybox') fs.writeFile(e.path, '', { mode, exe: 'busybox', size: e.size, mtimeMs });
    else fs.writeFile(e.path, e.content ?? '', { mode, mtimeMs });
    if (e.type !== 'symlink') fs.chmod(e.path, mode);
  }
  for (const e of ROOTFS) if (e.type === 'dir') fs.utimes(e.path, Date.parse(e.mtime));
  fs.readOnly = true;
  image = fs;
  return fs;
}

export interface Sim {
  clock: Clock;
  kernel: SimKernel;
  fs: ContainerFs;
}

export function sim(opts: { start?: number } = {}): Sim {
  const clock = new Clock(opts.start);
  const kernel = createKernel({ clock, release: '6.1.0', version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.0-1 (2023-01-07)' });
  const fs = new ContainerFs(busyboxImage(), () => clock.now());
  return { clock, kernel, fs };
}

export interface Run {
  stdout: string;
  stderr: string;
  /** Interleaved output as the engine would log it. */
  out: string;
  status: number | undefined;
  task: Task;
  init: Process;
}

/** Steps the clock until `done()` or until `ms` of simulated time have passed. */
export function runClock(clock: Clock, ms: number, done: () => boolean = () => false): void {
  const end = clock.now() + ms;
  while (!done()) {
    if (!clock.step(end)) break;
  }
  if (!done()) clock.runUntil(end);
}

export interface StartOpts {
  tty?: boolean;
  openStdin?: boolean;
  env?: string[];
  cwd?: string;
  user?: string;
  hostname?: string;
}

export function start(s: Sim, argv: string[], o: StartOpts = {}): Run {
  const env = o.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=c0ffee123456', 'HOME=/root'];
  const t = s.kernel.startTask({
    argv,
    env,
    cwd: o.cwd ?? '/',
    user: o.user,
    tty: o.tty ?? false,
    openStdin: o.openStdin ?? false,
    hostname: o.hostname ?? 'c0ffee123456',
    fs: s.fs,
  });
  if ('kind' in t) throw new Error('start failed: ' + t.message);
  const r: Run = { stdout: '', stderr: '', out: '', status: undefined, task: t as Task, init: t.init };
  t.init.onOutput((stream, data) => {
    if (stream === 'stdout') r.stdout += data;
    else r.stderr += data;
    r.out += data;
  });
  t.init.onExit((st) => (r.status = st));
  return r;
}

/** Runs argv to completion (or for at most `ms` simulated ms). */
export function run(argv: string[], o: StartOpts & { ms?: number; stdin?: string; sim?: Sim } = {}): Run {
  const s = o.sim ?? sim();
  const r = start(s, argv, { ...o, openStdin: o.openStdin ?? o.stdin !== undefined });
  if (o.stdin !== undefined) {
    r.init.writeStdin(o.stdin);
    r.init.closeStdin();
  }
  runClock(s.clock, o.ms ?? 60_000, () => r.status !== undefined);
  return r;
}

/** sh -c SCRIPT */
export function sh(script: string, o: StartOpts & { ms?: number; stdin?: string; sim?: Sim } = {}): Run {
  return run(['sh', '-c', script], o);
}
