/**
 * The shim's contract with the runtime handle. The shim itself is `shim.pl` (perl: it is on
 * the path of every container start, and perl is up in ~2 ms where a Node process takes
 * ~100 ms); see the comment at its top for what it does. Here: the arguments it reads, the
 * records it writes (shim.json while it runs, exit.json when the container has ended), and
 * how RuntimeHandle launches it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContainerFiles } from './paths.ts';

export interface ShimArgs {
  id: string;
  runc: string;
  runcRoot: string;
  files: ContainerFiles;
  tty: boolean;
  stdin: boolean;
  /** `runc run --keep` (then `runc delete` after the exit): only to read a memory limit's OOM count. */
  keep: boolean;
  /** memory.oom_control (v1) / memory.events (v2) of the container. */
  oomFiles: string[];
  /** Every cgroup dir of the container, removed after the exit. */
  cgroupDirs: string[];
  /** Our sub-tree dirs: removed too when this was the last container in them. */
  subtreeDirs: string[];
  /** A mount to undo after the exit (the container's root filesystem). */
  unmount?: string;
  /** An overlay to mount before runc runs (the root filesystem; options from overlayMountOptions). */
  mount?: { target: string; options: string; cwd?: string };
}

export interface ShimRecord {
  pid: number;
  /** /proc/<pid>/stat start time: tells our shim from a process that reused the PID. */
  startTime: number | null;
  startedAt: string;
  /** The runc (or, with a TTY, script) process the shim runs. */
  childPid?: number;
}

export interface ExitInfo {
  exitCode: number;
  finishedAt: string;
  startedAt: string;
  oomKilled: boolean;
  /** runc's message when the process could not be started. */
  startError?: string;
  /** startError is the shim's failure to mount the root filesystem (runc never ran). */
  mountError?: boolean;
  /** runc's own exit status (diagnostics). */
  runcStatus?: number | null;
}

export const SHIM_SCRIPT = fileURLToPath(new URL('./shim.pl', import.meta.url));

/** clock_gettime(2)'s syscall number, for the shim's nanosecond log times (0: seconds only). */
const CLOCK_GETTIME: Record<string, number> = { x64: 228, arm64: 113 };
/** umount2(2)'s syscall number (0: the backend unmounts instead, with a umount process). */
const UMOUNT2: Record<string, number> = { x64: 166, arm64: 39 };
/** mount(2)'s syscall number. */
const MOUNT: Record<string, number> = { x64: 165, arm64: 40 };

/** Can the shim mount (a known mount(2) number on this architecture)? */
export function shimCanMount(): boolean {
  return (MOUNT[process.arch] ?? 0) > 0;
}

/**
 * `<dir>/shim-args`: key NUL value NUL pairs; a `name[]` key repeats once per list item.
 * Keys: id, runc, runcRoot, the container files shim, exit, initPid, runcLog, log, stdin, live;
 * tty, stdinOpen, keep ("1"/"0"); clockNr; unmount + umountNr (optional); mountTarget +
 * mountOptions + mountCwd? + mountNr (optional); oomFiles[], cgroupDirs[], subtreeDirs[].
 */
export function shimArgsFile(a: ShimArgs): Buffer {
  const f = a.files;
  const pairs: Array<[string, string]> = [
    ['id', a.id],
    ['runc', a.runc],
    ['runcRoot', a.runcRoot],
    ['shim', f.shim],
    ['exit', f.exit],
    ['initPid', f.initPid],
    ['runcLog', f.runcLog],
    ['log', f.log],
    ['stdin', f.stdin],
    ['live', f.live],
    ['tty', a.tty ? '1' : '0'],
    ['stdinOpen', a.stdin ? '1' : '0'],
    ['keep', a.keep ? '1' : '0'],
    ['clockNr', String(CLOCK_GETTIME[process.arch] ?? 0)],
    ...(a.unmount ? [['unmount', a.unmount], ['umountNr', String(UMOUNT2[process.arch] ?? 0)]] as Array<[string, string]> : []),
    ...(a.mount
      ? ([
          ['mountTarget', a.mount.target],
          ['mountOptions', a.mount.options],
          ...(a.mount.cwd ? [['mountCwd', a.mount.cwd]] : []),
          ['mountNr', String(MOUNT[process.arch] ?? 0)],
        ] as Array<[string, string]>)
      : []),
    ...a.oomFiles.map((v): [string, string] => ['oomFiles[]', v]),
    ...a.cgroupDirs.map((v): [string, string] => ['cgroupDirs[]', v]),
    ...a.subtreeDirs.map((v): [string, string] => ['subtreeDirs[]', v]),
  ];
  for (const [k, v] of pairs) if (v.includes('\0')) throw new Error(`shim argument ${k} contains a NUL byte`);
  return Buffer.from(pairs.map(([k, v]) => `${k}\0${v}\0`).join(''), 'utf8');
}

const SHIM_ENV = () => ({ PATH: process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' });

/**
 * A shim started ahead of need, waiting for its container dir on stdin: a start hands it
 * the dir instead of starting perl then (~5–8 ms off every start). It exits when its stdin
 * closes unused (closeStandby(), or this process ending).
 */
let standby: ChildProcess | null = null;

function spawnStandby(): void {
  const child = spawn('perl', [SHIM_SCRIPT, '--standby'], {
    detached: true, // setsid(): own session and process group, as a shim must have
    stdio: ['pipe', 'ignore', 'ignore'],
    cwd: '/',
    env: SHIM_ENV(),
  });
  child.on('error', () => {
    if (standby === child) standby = null;
  });
  child.on('exit', () => {
    if (standby === child) standby = null;
  });
  child.stdin!.on('error', () => {});
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  standby = child;
}

/** Ends the waiting standby shim (the backend closes). */
export function closeStandby(): void {
  const s = standby;
  standby = null;
  s?.stdin?.end();
}

/** Writes the arguments and launches the shim detached (setsid), its own output to shim.log. */
export function launchShim(args: ShimArgs): void {
  const dir = args.files.dir;
  if (dir.includes('\n')) throw new Error(`container dir ${JSON.stringify(dir)} contains a newline`);
  writeFileSync(join(dir, 'shim-args'), shimArgsFile(args));
  const ready = standby && standby.exitCode === null && standby.stdin?.writable ? standby : null;
  standby = null;
  if (ready) {
    ready.stdin!.end(`${dir}\n`);
  } else {
    const logFd = openSync(join(dir, 'shim.log'), 'a');
    try {
      const child = spawn('perl', [SHIM_SCRIPT, dir], {
        detached: true, // setsid(): own session and process group
        stdio: ['ignore', logFd, logFd],
        cwd: dir,
        env: SHIM_ENV(),
      });
      child.on('error', () => {});
      child.unref();
    } finally {
      closeSync(logFd);
    }
  }
  // the next start's shim, off this start's path
  setImmediate(() => {
    if (!standby) spawnStandby();
  });
}
