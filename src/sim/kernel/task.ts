/**
 * A container's PID namespace + cgroup: its processes, the freezer, and the
 * stdio the engine reaches (PID 1 and every `docker exec` process).
 */
import type { FileSystem } from '../fs/types.ts';
import type { ProcessInfo, Task as TaskApi } from './types.ts';
import { NullFd, Pipe, type PipeEnd, Sink, SinkFd, type Fd } from './fd.ts';
import { Tty, TtyFd } from './tty.ts';
import { Proc } from './process.ts';
import type { SimKernel } from './kernel.ts';
import { userName } from './users.ts';
import { SIGKILL } from './signals.ts';

/** How the engine feeds a process's stdin. */
export interface StdinEnd {
  input(data: string): void;
  close(): void;
}

export interface StdioSetup {
  tty: boolean;
  openStdin: boolean;
}

export class Task implements TaskApi {
  readonly kernel: SimKernel;
  readonly fs: FileSystem;
  hostname: string;
  init!: Proc;
  frozen = false;
  readonly #procs = new Map<number, Proc>();
  #nextPid = 1;
  #deferred: (() => void)[] = [];
  #queued: [Proc, number][] = [];

  constructor(kernel: SimKernel, fs: FileSystem, hostname: string) {
    this.kernel = kernel;
    this.fs = fs;
    this.hostname = hostname;
  }

  /** Consumes PIDs in the namespace (runc's helper processes during `runc exec`). */
  skipPids(n: number): void {
    this.#nextPid += n;
  }

  newProc(parent: Proc | null, argv: string[], env: string[], cwd: string, fds: (Fd | undefined)[]): Proc {
    const p = new Proc(this, this.#nextPid++, parent, argv, env, cwd, fds);
    if (parent) {
      p.ctty = parent.ctty;
    }
    this.#procs.set(p.pid, p);
    return p;
  }

  /** Gives a top-level process (PID 1 or an exec) its stdio. */
  attachStdio(p: Proc, io: StdioSetup): void {
    const sink = new Sink();
    p.sink = sink;
    if (io.tty) {
      const tty = new Tty(
        (d) => sink.emit('stdout', d),
        (pgid, sig) => this.signalGroup(pgid, sig),
      );
      tty.fgPgid = p.pid;
      p.ctty = tty;
      const fd = new TtyFd(tty);
      p.fds = [fd, fd.dup(), fd.dup()];
      p.stdinEnd = { input: (d) => tty.input(d), close: () => tty.hangup() };
      return;
    }
    let stdin: Fd = new NullFd();
    if (io.openStdin) {
      const pipe = new Pipe();
      stdin = pipe.readEnd();
      const w: PipeEnd = pipe.writeEnd();
      let open = true;
      p.stdinEnd = {
        input: (d) => {
          if (open) w.write(d);
        },
        close: () => {
          if (open) w.close();
          open = false;
        },
      };
    }
    p.fds = [stdin, new SinkFd(sink, 'stdout'), new SinkFd(sink, 'stderr')];
  }

  stdinFor(p: Proc): StdinEnd | undefined {
    return p.stdinEnd;
  }

  ttyFor(p: Proc): Tty | undefined {
    return p.ctty;
  }

  ttyFd(t: Tty): TtyFd {
    return new TtyFd(t);
  }

  get(pid: number): Proc | undefined {
    return this.#procs.get(pid);
  }

  /** Live processes in PID order. */
  list(): Proc[] {
    return [...this.#procs.values()].sort((a, b) => a.pid - b.pid);
  }

  /** Processes a kill(pid) from `from` reaches. */
  targets(from: Proc, pid: number): Proc[] {
    if (pid > 0) {
      const p = this.#procs.get(pid);
      return p ? [p] : [];
    }
    if (pid === 0) return this.list().filter((p) => p.pgid === from.pgid);
    if (pid === -1) return this.list().filter((p) => p !== from && !p.isInit);
    return this.list().filter((p) => p.pgid === -pid);
  }

  signalGroup(pgid: number, sig: number): void {
    for (const p of this.list()) if (p.pgid === pgid) p.signal(sig);
  }

  /** Called by a process as it exits. */
  removed(p: Proc, _wasRunning: boolean): void {
    this.#procs.delete(p.pid);
    if (p === this.init) {
      // The namespace dies with its init.
      for (const q of this.list()) q.kill(128 + SIGKILL);
      this.#deferred = [];
      this.#queued = [];
      return;
    }
    for (const q of this.#procs.values()) {
      if (q.parent === p) {
        q.parent = this.init.exited ? null : this.init;
        q.ppid = q.parent ? 1 : 0;
      }
    }
  }

  // ---- freezer ----

  defer(fn: () => void): void {
    this.#deferred.push(fn);
  }

  queueSignal(p: Proc, sig: number): void {
    this.#queued.push([p, sig]);
  }

  freeze(): void {
    if (this.init.exited) return;
    this.frozen = true;
  }

  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    const sigs = this.#queued.splice(0);
    for (const [p, sig] of sigs) p.deliver(sig);
    const runs = this.#deferred.splice(0);
    for (const fn of runs) fn();
  }

  // ---- Task API ----

  exec(spec: Parameters<TaskApi['exec']>[0]): ReturnType<TaskApi['exec']> {
    return this.kernel.execInTask(this, spec);
  }

  killAll(): void {
    // runc freezes, signals every process, then thaws: everything dies now.
    this.frozen = false;
    this.#queued = [];
    this.#deferred = [];
    for (const p of this.list()) if (p !== this.init) p.kill(128 + SIGKILL);
    this.init.kill(128 + SIGKILL);
  }

  processes(): ProcessInfo[] {
    return this.list().map((p) => ({
      pid: p.pid,
      hostPid: p.hostPid,
      ppid: p.ppid,
      hostPpid: p.parent && !p.parent.exited ? p.parent.hostPid : 0,
      user: this.userName(p.uid),
      command: (p.cmdline ?? p.argv).join(' '),
      comm: p.comm,
      tty: p.ctty !== undefined,
      startedAt: p.startedAt,
      stat: p.stat,
    }));
  }

  userName(uid: number): string {
    return userName(this.fs, uid);
  }
}
