/**
 * A simulated process: a program (a generator function) run step by step on the
 * virtual clock, plus the system calls programs use (read/write/sleep/spawn/wait/
 * kill/exec/open). A program yields BLOCK after arranging to be woken (timer,
 * pipe, tty, child exit) and TICK at safe points where it may be preempted; it
 * returns its exit status. Every wake-up goes through a clock timer, so all
 * processes run inside clock.step() and never re-enter each other.
 */
import type { FileSystem } from '../fs/types.ts';
import { resolvePath } from '../fs/path.ts';
import type { ExecFailure, OutputStream, Process } from './types.ts';
import type { Fd, Sink, Waker } from './fd.ts';
import { defaultAction, SIGKILL, SIGPIPE } from './signals.ts';
import type { StdinEnd, Task as TaskImpl } from './task.ts';
import type { Tty } from './tty.ts';
import { openPath, type OpenMode } from './open.ts';

export const BLOCK: unique symbol = Symbol('block');
export const TICK: unique symbol = Symbol('tick');
/** Returned by an interruptible blocking call when a caught signal arrived. */
export const EINTR: unique symbol = Symbol('EINTR');
export type Op = typeof BLOCK | typeof TICK;
export type ProgramGen = Generator<Op, number | void, unknown>;
/** A simulated executable. */
export type Program = (p: Proc) => ProgramGen;

/** Thrown out of system calls when the calling process has been killed. */
export const KILLED = { killed: true } as const;

/** Thrown by execve(): the scheduler swaps the process image once the old one has unwound. */
export class ExecSwap {
  readonly gen: ProgramGen;
  readonly fds: (Fd | undefined)[];
  constructor(gen: ProgramGen, fds: (Fd | undefined)[]) {
    this.gen = gen;
    this.fds = fds;
  }
}

export interface SpawnSpec {
  argv: string[];
  program: Program;
  /** Defaults to the parent's. */
  env?: string[];
  cwd?: string;
  /** fd table for the child (each entry is dup'ed); defaults to the parent's 0..9. */
  fds?: (Fd | undefined)[];
  /** Short name as /proc/PID/comm shows it; defaults to basename(argv[0]). */
  comm?: string;
  /** What /proc/PID/cmdline shows, when it differs from argv (busybox NOEXEC applets). */
  cmdline?: string[];
  /** Process group: defaults to the parent's; 0 = a new group led by the child. */
  pgid?: number;
  /** Signals the child starts with ignored (bit mask); caught signals are never inherited. */
  ignore?: number;
}

const READY = 0;
const RUN = 1;
const BLOCKED = 2;
const EXITED = 3;

export function commOf(path: string): string {
  const i = path.lastIndexOf('/');
  return (i >= 0 ? path.slice(i + 1) : path).slice(0, 15);
}

export class Proc implements Process {
  readonly task: TaskImpl;
  readonly pid: number;
  readonly hostPid: number;
  ppid: number;
  pgid: number;
  parent: Proc | null;
  argv: string[];
  cmdline: string[] | undefined;
  comm: string;
  env: string[];
  cwd: string;
  uid = 0;
  gid = 0;
  fds: (Fd | undefined)[];
  readonly startedAt: number;
  /** Signal dispositions as bit masks (bit n = signal n). */
  caught = 0;
  ignored = 0;
  pending = 0;
  exitStatus: number | undefined;
  /** The signal that killed the process (0 = it exited). */
  termsig = 0;
  /** The executable's resolved path (/proc/PID/exe). */
  exePath = '';
  /** File mode creation mask. */
  umask = 0o022;

  #gen: ProgramGen | null = null;
  #state = READY;
  #timer: number | undefined;
  #cancel: Waker | undefined;
  #intr = false;
  #dying: number | undefined;
  #ticks = 0;
  #exitCbs: ((status: number) => void)[] | undefined;
  /** Output callbacks for processes the engine holds (PID 1, docker exec). */
  sink: Sink | undefined;
  /** The engine's side of this process's stdin (PID 1, docker exec). */
  stdinEnd: StdinEnd | undefined;
  /** Controlling terminal. */
  ctty: Tty | undefined;

  constructor(task: TaskImpl, pid: number, parent: Proc | null, argv: string[], env: string[], cwd: string, fds: (Fd | undefined)[]) {
    this.task = task;
    this.pid = pid;
    this.hostPid = task.kernel.allocHostPid();
    this.parent = parent;
    this.ppid = parent ? parent.pid : 0;
    this.pgid = parent ? parent.pgid : pid;
    this.argv = argv;
    this.cmdline = undefined;
    this.comm = commOf(argv[0] ?? '');
    this.env = env;
    this.cwd = cwd;
    this.fds = fds;
    this.startedAt = task.kernel.clock.now();
  }

  // ---- Process (engine-facing) ----

  get exited(): boolean {
    return this.#state === EXITED;
  }

  writeStdin(data: string): void {
    if (this.#state !== EXITED) this.task.stdinFor(this)?.input(data);
  }

  closeStdin(): void {
    if (this.#state !== EXITED) this.task.stdinFor(this)?.close();
  }

  onOutput(cb: (stream: OutputStream, data: string) => void): void {
    this.sink?.listen(cb);
  }

  onExit(cb: (status: number) => void): void {
    if (this.#state === EXITED) {
      cb(this.exitStatus!);
      return;
    }
    (this.#exitCbs ??= []).push(cb);
  }

  /** Deliver a signal (from outside the namespace, or from kill(2)). */
  signal(sig: number): void {
    if (this.#state === EXITED || sig <= 0 || sig > 64) return;
    if (this.task.frozen) {
      this.task.queueSignal(this, sig);
      return;
    }
    this.deliver(sig);
  }

  resize(cols: number, rows: number): void {
    this.task.ttyFor(this)?.resize(cols, rows);
  }

  // ---- scheduling ----

  get isInit(): boolean {
    return this.pid === 1;
  }

  /** Executing right now (the caller of whatever system call is in progress). */
  get running(): boolean {
    return this.#state === RUN;
  }

  get stat(): string {
    if (this.task.frozen) return 'D';
    return this.#state === BLOCKED ? 'S' : 'R';
  }

  /** Starts the program at the clock's next step. */
  start(program: Program): void {
    this.#gen = program(this);
    this.#schedule(undefined);
  }

  #schedule(v: unknown): void {
    this.#state = READY;
    this.#timer = this.task.kernel.clock.setTimer(0, () => {
      this.#timer = undefined;
      this.#run(v);
    });
  }

  #wake(v: unknown): void {
    if (this.#state !== BLOCKED) return;
    this.#cancel = undefined;
    this.#schedule(v);
  }

  #run(v: unknown): void {
    if (this.#state === EXITED) return;
    if (this.task.frozen) {
      this.#state = BLOCKED;
      this.task.defer(() => {
        if (this.#state === BLOCKED && !this.#cancel && this.#timer === undefined) this.#schedule(v);
      });
      return;
    }
    this.#state = RUN;
    let input = v;
    for (;;) {
      if (this.#dying !== undefined) return this.#finish(this.#dying);
      let r: IteratorResult<Op, number | void>;
      try {
        r = this.#gen!.next(input);
      } catch (e) {
        if (e instanceof ExecSwap) {
          for (const fd of this.fds) fd?.close();
          this.fds = e.fds;
          this.#gen = e.gen;
          // The new image starts at the next clock step, like any new program: processes
          // forked earlier get to run (and exec) first.
          if (this.#dying !== undefined) return this.#finish(this.#dying);
          this.#schedule(undefined);
          return;
        }
        if (e === KILLED) return this.#finish(this.#dying ?? 128 + SIGKILL);
        this.#crash(e);
        return;
      }
      if (r.done) return this.#finish(typeof r.value === 'number' ? r.value & 255 : 0);
      if (r.value === TICK) {
        if (this.#dying !== undefined) continue;
        const out = this.fds[1];
        if (out && out.full()) {
          this.#state = BLOCKED;
          this.#cancel = out.waitWritable(() => this.#wake(undefined));
          return;
        }
        if (++this.#ticks >= this.task.kernel.sliceOps) {
          this.#ticks = 0;
          this.#state = BLOCKED;
          const id = this.task.kernel.clock.setTimer(this.task.kernel.sliceMs, () => this.#wake(undefined));
          this.#cancel = () => this.task.kernel.clock.clearTimer(id);
          return;
        }
        input = undefined;
        continue;
      }
      // BLOCK: the system call has registered its waker.
      if (this.#state === RUN) this.#state = BLOCKED;
      return;
    }
  }

  #crash(e: unknown): void {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      // Runaway recursion (e.g. `f() { f; }; f`): the real program would segfault.
      this.termsig = 11;
      this.#finish(128 + 11);
      return;
    }
    const msg = e instanceof Error ? e.message : String(e);
    this.fds[2]?.write(`${this.comm}: internal error: ${msg}\n`);
    this.#finish(1);
  }

  /** Signal delivery proper (not frozen). */
  deliver(sig: number): void {
    if (this.#state === EXITED) return;
    if (sig === SIGKILL) return this.kill(128 + SIGKILL);
    const bit = 2 ** sig;
    if (sig < 32 && this.ignored & bit) return;
    if (sig < 32 && this.caught & bit) {
      this.pending |= bit;
      if (this.#state === BLOCKED && this.#intr && this.#cancel) {
        this.#cancel();
        this.#cancel = undefined;
        this.#schedule(EINTR);
      }
      return;
    }
    // PID 1 of a namespace gets no default actions (only SIGKILL, above).
    if (this.isInit) return;
    if (defaultAction(sig) === 'term') this.kill(128 + sig);
  }

  /** Terminates the process by signal `sig` with `status` (at its next system call if it is running right now). */
  kill(status: number, sig = status - 128): void {
    if (this.#state === EXITED) return;
    if (this.termsig === 0) this.termsig = sig > 0 ? sig : 0;
    if (this.#state === RUN) {
      if (this.#dying === undefined) this.#dying = status;
      return;
    }
    this.#finish(status);
  }

  #finish(status: number): void {
    if (this.#state === EXITED) return;
    const wasRunning = this.#state === RUN;
    this.#state = EXITED;
    this.exitStatus = status;
    this.#gen = null;
    if (this.#timer !== undefined) this.task.kernel.clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#cancel?.();
    this.#cancel = undefined;
    for (const fd of this.fds) fd?.close();
    this.fds = [];
    this.task.removed(this, wasRunning);
    const cbs = this.#exitCbs;
    this.#exitCbs = undefined;
    if (cbs) for (const cb of cbs) cb(status);
  }

  // ---- system calls ----

  #check(): void {
    if (this.#dying !== undefined) throw KILLED;
  }

  get fs(): FileSystem {
    return this.task.fs;
  }

  get hostname(): string {
    return this.task.hostname;
  }

  getenv(name: string): string | undefined {
    const pre = name + '=';
    for (let i = this.env.length - 1; i >= 0; i--) if (this.env[i]!.startsWith(pre)) return this.env[i]!.slice(pre.length);
    return undefined;
  }

  /** Absolute path of `path` relative to the cwd. */
  abs(path: string): string {
    return resolvePath(this.cwd, path);
  }

  /** write(2). false = EBADF, ENOSPC or EPIPE (SIGPIPE has then been raised). */
  write(fd: number, data: string): boolean {
    this.#check();
    const f = this.fds[fd];
    if (!f || !f.writable) return false;
    const r = f.write(data);
    if (r === true) return true;
    if (r === 'EPIPE') {
      this.deliver(SIGPIPE);
      this.#check();
    }
    return false;
  }

  out(data: string): boolean {
    return this.write(1, data);
  }

  err(data: string): boolean {
    return this.write(2, data);
  }

  isatty(fd: number): boolean {
    return this.fds[fd]?.tty !== undefined;
  }

  /** Blocks until woken; `setup` registers the waker and returns a canceller. */
  *block(setup: (wake: (v: unknown) => void) => Waker | undefined, intr = false): Generator<Op, unknown> {
    this.#check();
    if (intr && this.takeableSignal()) return EINTR;
    this.#intr = intr;
    this.#cancel = setup((v) => this.#wake(v)) ?? (() => {});
    const v = yield BLOCK;
    this.#intr = false;
    this.#check();
    return v;
  }

  /** read(2): a chunk (a line when `line`), null at EOF or on a bad fd, EINTR when interrupted. */
  *read(fd: number | Fd, line = false, intr = false): Generator<Op, string | null | typeof EINTR> {
    for (;;) {
      this.#check();
      const f = typeof fd === 'number' ? this.fds[fd] : fd;
      if (!f || !f.readable) return null;
      const r = f.tryRead(line);
      if (r !== undefined) return r;
      const v = yield* this.block((wake) => f.waitReadable(() => wake(undefined)), intr);
      if (v === EINTR) return EINTR;
    }
  }

  /** Sleeps ms of simulated time; returns false when a caught signal interrupted it (intr only). */
  *sleep(ms: number, intr = false): Generator<Op, boolean> {
    const clock = this.task.kernel.clock;
    const v = yield* this.block((wake) => {
      const id = clock.setTimer(ms, () => wake(true));
      return () => clock.clearTimer(id);
    }, intr);
    return v !== EINTR;
  }

  /** A preemption point: busy loops call this regularly. */
  *tick(): Generator<Op, void> {
    this.#check();
    yield TICK;
    this.#check();
  }

  /** fork+exec in one step: the child starts at the clock's next step. */
  spawn(spec: SpawnSpec): Proc {
    this.#check();
    const src = spec.fds ?? this.fds;
    const fds: (Fd | undefined)[] = [];
    for (let i = 0; i < src.length; i++) fds[i] = src[i]?.dup();
    const child = this.task.newProc(this, spec.argv, spec.env ?? this.env, spec.cwd ?? this.cwd, fds);
    child.uid = this.uid;
    child.gid = this.gid;
    child.exePath = this.exePath;
    child.umask = this.umask;
    if (spec.comm !== undefined) child.comm = spec.comm;
    if (spec.cmdline) child.cmdline = spec.cmdline;
    if (spec.pgid !== undefined) child.pgid = spec.pgid === 0 ? child.pid : spec.pgid;
    child.ignored = spec.ignore ?? 0;
    child.start(spec.program);
    return child;
  }

  /** waitpid(2) for one child: its status, or EINTR (intr only). */
  *wait(child: Proc, intr = false): Generator<Op, number | typeof EINTR> {
    if (child.exited) return child.exitStatus!;
    const v = yield* this.block((wake) => {
      const cb = (s: number) => wake(s);
      child.onExit(cb);
      return () => child.offExit(cb);
    }, intr);
    if (v === EINTR) return EINTR;
    return child.exitStatus!;
  }

  offExit(cb: (status: number) => void): void {
    const l = this.#exitCbs;
    if (!l) return;
    const i = l.indexOf(cb);
    if (i >= 0) l.splice(i, 1);
  }

  /** kill(2) inside the namespace. Returns 0, 'ESRCH' or 'EINVAL'. */
  killPid(pid: number, sig: number): 0 | 'ESRCH' | 'EINVAL' {
    this.#check();
    if (sig < 0 || sig > 64) return 'EINVAL';
    const targets = this.task.targets(this, pid);
    if (!targets.length) return 'ESRCH';
    if (sig !== 0) {
      for (const t of targets) {
        // PID 1 ignores even SIGKILL when it comes from inside its own namespace.
        if (t.isInit && sig === SIGKILL) continue;
        // A signal to oneself arrives on return from kill(); another process gets it when it next runs.
        if (t === this) t.signal(sig);
        else this.task.kernel.clock.setTimer(0, () => t.signal(sig));
      }
    }
    this.#check();
    return 0;
  }

  /** Caught signals waiting to be handled (lowest first); clears it. 0 = none. */
  takeSignal(): number {
    const p = this.pending;
    if (!p) return 0;
    for (let s = 1; s < 32; s++) {
      const bit = 2 ** s;
      if (p & bit) {
        this.pending = p & ~bit;
        return s;
      }
    }
    return 0;
  }

  takeableSignal(): boolean {
    return this.pending !== 0;
  }

  /** Disposition: 'default' | 'catch' | 'ignore'. */
  setDisposition(sig: number, how: 'default' | 'catch' | 'ignore'): void {
    if (sig <= 0 || sig >= 32 || sig === SIGKILL || sig === 19) return;
    const bit = 2 ** sig;
    this.caught &= ~bit;
    this.ignored &= ~bit;
    this.pending &= ~bit;
    if (how === 'catch') this.caught |= bit;
    else if (how === 'ignore') this.ignored |= bit;
  }

  /** open(2) relative to the cwd. */
  open(path: string, mode: OpenMode): Fd | string {
    this.#check();
    return openPath(this, this.abs(path), mode);
  }

  /**
   * execve(2): on success never returns (the image is replaced once the
   * current one has unwound); on failure returns the errno.
   */
  execve(path: string, argv: string[], env: string[] = this.env): string {
    this.#check();
    const img = this.task.kernel.load(this.fs, this.abs(path), argv);
    if (typeof img === 'string') return img;
    this.exePath = img.path;
    this.argv = img.argv;
    this.cmdline = undefined;
    this.comm = img.comm;
    this.env = env;
    this.caught = 0;
    this.pending = 0;
    const fds = this.fds.map((f) => f?.dup());
    throw new ExecSwap(img.program(this), fds);
  }

  /** Replaces the image with a program directly (busybox re-exec of an applet). */
  execProgram(program: Program, argv: string[], comm: string, cmdline?: string[]): never {
    this.#check();
    this.argv = argv;
    this.cmdline = cmdline;
    this.comm = comm;
    this.caught = 0;
    this.pending = 0;
    const fds = this.fds.map((f) => f?.dup());
    throw new ExecSwap(program(this), fds);
  }

  /** The failure runc reports for a container/exec process. */
  static runcFailure(f: ExecFailure): ExecFailure {
    return f;
  }
}
