/**
 * The simulated kernel + runtime (runc's part of starting processes): creates a
 * task per container start, resolves the executable the way runc 1.1 does, and
 * runs processes on the virtual clock.
 */
import type { Clock } from '../clock.ts';
import type { FileSystem } from '../fs/types.ts';
import { FsError } from '../fs/types.ts';
import { MountFs, type Mount } from '../fs/mount.ts';
import { resolvePath } from '../fs/path.ts';
import type { ExecFailure, Kernel, ProcessSpec, TaskSpec } from './types.ts';
import { Proc, type Program, type ProgramGen } from './process.ts';
import { Task } from './task.ts';
import { lookPath, loadImage, type LoadedImage } from './exec.ts';
import { resolveUser } from './users.ts';
import { runcMounts } from './devices.ts';
import { ProcFs } from './procfs.ts';

export interface Uname {
  sysname: string;
  release: string;
  version: string;
  machine: string;
}

export interface KernelOptions {
  clock: Clock;
  /** Simulated programs by exe tag (the `exe` of an executable file's inode). */
  programs?: Record<string, Program>;
  /** What runs for an exe tag without a program: by default, a process that idles until killed. */
  fallback?: Program;
  /** `uname -r`, e.g. the host's kernel release. */
  release?: string;
  /** `uname -v`. */
  version?: string;
  machine?: string;
  /** First host PID handed out (docker top, State.Pid). */
  firstHostPid?: number;
  /** Boot time of the simulated host (ms since epoch): default an hour before the clock's start. */
  bootTime?: number;
  /** A busy program is preempted after this many ticks… */
  sliceOps?: number;
  /** …and then sleeps this many simulated ms. */
  sliceMs?: number;
  /** Mount /dev (runc's default devices) and /proc into every task. Default true. */
  mounts?: boolean;
  /** PIDs runc's helpers use up in the container before an exec'd process (default 6), and for a failed exec (4). */
  execPidsHidden?: number;
  execPidsFailed?: number;
}

function* idle(p: Proc): ProgramGen {
  for (;;) yield* p.sleep(3_600_000);
}

function envGet(env: string[], name: string): string | undefined {
  const pre = name + '=';
  for (let i = env.length - 1; i >= 0; i--) if (env[i]!.startsWith(pre)) return env[i]!.slice(pre.length);
  return undefined;
}

export class SimKernel implements Kernel {
  readonly clock: Clock;
  readonly programs: Map<string, Program>;
  readonly fallback: Program;
  readonly uname: Uname;
  readonly sliceOps: number;
  readonly sliceMs: number;
  readonly mounts: boolean;
  readonly execPidsHidden: number;
  readonly execPidsFailed: number;
  /** When the (simulated) host booted: /proc/uptime counts from here. */
  readonly bootTime: number;
  #hostPid: number;

  constructor(opts: KernelOptions) {
    this.clock = opts.clock;
    this.programs = new Map(Object.entries(opts.programs ?? {}));
    this.fallback = opts.fallback ?? idle;
    this.uname = {
      sysname: 'Linux',
      release: opts.release ?? '6.1.0',
      version: opts.version ?? '#1 SMP PREEMPT_DYNAMIC Debian 6.1.0-1 (2023-01-07)',
      machine: opts.machine ?? 'x86_64',
    };
    this.sliceOps = opts.sliceOps ?? 100;
    this.sliceMs = opts.sliceMs ?? 10;
    this.mounts = opts.mounts ?? true;
    this.execPidsHidden = opts.execPidsHidden ?? 6;
    this.execPidsFailed = opts.execPidsFailed ?? 4;
    this.#hostPid = opts.firstHostPid ?? 1000;
    this.bootTime = opts.bootTime ?? this.clock.now() - 3_600_000;
  }

  allocHostPid(): number {
    return this.#hostPid++;
  }

  /** execve(2) of an absolute path. */
  load(fs: FileSystem, path: string, argv: string[]): LoadedImage | string {
    return loadImage(fs, this.programs, this.fallback, path, argv);
  }

  startTask(spec: TaskSpec): Task | ExecFailure {
    let fs: FileSystem = spec.fs;
    const mounts: Mount[] = [...(spec.mounts ?? [])];
    if (this.mounts) {
      // runc's mounts, made at start (each built on first use, with that time).
      const at = this.clock.now();
      mounts.push(...runcMounts(at, spec.tty), { at: '/proc', fs: new ProcFs(() => task, at) });
    }
    if (mounts.length) fs = new MountFs(spec.fs, mounts);
    const task: Task = new Task(this, fs, spec.hostname);
    const p = this.#prepare(task, spec);
    if ('kind' in p) return p;
    task.init = p;
    return task;
  }

  execInTask(task: Task, spec: ProcessSpec): Proc | ExecFailure {
    if (task.init.exited) return { kind: 'other', message: 'container not running' };
    return this.#prepare(task, spec);
  }

  /** runc's part: user, cwd, LookPath, then the process. `runc exec` helpers use up PIDs in the namespace. */
  #prepare(task: Task, spec: ProcessSpec): Proc | ExecFailure {
    const exec = task.init !== undefined;
    const fs = task.fs;
    const user = resolveUser(fs, spec.user);
    if (typeof user === 'string') return { kind: 'other', message: user };
    const cwd = resolvePath('/', spec.cwd || '/');
    try {
      if (fs.stat(cwd).type !== 'dir') {
        return { kind: 'not-directory', message: `chdir to cwd (${JSON.stringify(cwd)}) set in config.json failed: not a directory` };
      }
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      try {
        fs.mkdir(cwd, { parents: true, mode: 0o755 });
      } catch (e2) {
        if (!(e2 instanceof FsError)) throw e2;
        return { kind: 'other', message: `mkdir ${cwd}: ${e2.code}` };
      }
    }
    const argv = spec.argv;
    if (!argv.length) return { kind: 'other', message: 'args must not be empty' };
    const found = lookPath(fs, cwd, argv[0]!, envGet(spec.env, 'PATH'));
    if (typeof found !== 'string') {
      if (exec) task.skipPids(this.execPidsFailed);
      return found;
    }
    if (exec) task.skipPids(this.execPidsHidden);
    const img = this.load(fs, resolvePath(cwd, found), argv);
    const proc = task.newProc(null, argv, spec.env, cwd, []);
    proc.uid = user.uid;
    proc.gid = user.gid;
    task.attachStdio(proc, { tty: spec.tty, openStdin: spec.openStdin });
    if (task.init && proc.pid !== 1) proc.pgid = proc.pid;
    if (typeof img === 'string') {
      // runc has already started the container when the final execve fails.
      const msg = `exec ${found}: ${GO_ERRNO_TEXT[img] ?? img.toLowerCase()}\n`;
      proc.start(function* (q: Proc): ProgramGen {
        q.err(msg);
        return 1;
      });
      return proc;
    }
    proc.comm = img.comm;
    proc.argv = img.argv;
    proc.exePath = img.path;
    proc.start(img.program);
    return proc;
  }
}

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOEXEC: 'exec format error',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};
