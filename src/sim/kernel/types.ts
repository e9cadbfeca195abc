/**
 * The simulated kernel + runtime seam (what runc/containerd are to dockerd).
 * The engine (src/sim/engine/) creates one Task per container start and drives it;
 * programs (src/sim/programs/) run inside tasks as Processes. Everything happens
 * on the virtual Clock; nothing here blocks the JS thread for long (busy loops
 * must yield via the clock).
 */
import type { Clock } from '../clock.ts';
import type { FileSystem } from '../fs/types.ts';

export type OutputStream = 'stdout' | 'stderr';

/** Why runc could not exec the process. `message` is runc's text, e.g.
 *  `exec: "nosuchcmd": executable file not found in $PATH` or `exec: "/etc/passwd": permission denied`. */
export interface ExecFailure {
  kind: 'not-found' | 'permission-denied' | 'is-directory' | 'not-directory' | 'other';
  message: string;
}

export interface ProcessSpec {
  argv: string[];
  /** KEY=value strings, as in the OCI spec. */
  env: string[];
  cwd: string;
  /** Name of the user to run as ("" or "root" = uid 0). */
  user?: string;
  tty: boolean;
  /** Whether anything can ever write to stdin. false = stdin reads EOF at once (docker run without -i). */
  openStdin: boolean;
}

export interface TaskSpec extends ProcessSpec {
  hostname: string;
  fs: FileSystem;
  /** Bind mounts over the root file system (volumes, /etc/hostname, /sbin/docker-init…). */
  mounts?: Array<{ at: string; fs: FileSystem }>;
}

export interface ProcessInfo {
  /** PID inside the container's PID namespace. */
  pid: number;
  /** PID as the host sees it (docker top, State.Pid). */
  hostPid: number;
  ppid: number;
  /** (added) Host PID of the parent inside the container (0 for PID 1 and exec'd processes, whose parent is outside). */
  hostPpid?: number;
  user: string;
  /** argv joined as ps prints it. */
  command: string;
  /** (added) The kernel's short name of the process (/proc/PID/comm, at most 15 chars). */
  comm?: string;
  tty: boolean;
  /** Simulated start time, ms since epoch. */
  startedAt: number;
  /** 'R' | 'S' | 'T' (frozen shows 'D' as in the real freezer) | 'Z' */
  stat: string;
}

/** A running process whose stdio the engine can reach (PID 1 of a task, or an exec). */
export interface Process {
  readonly pid: number;
  readonly hostPid: number;
  /** Feed bytes to the process's stdin (or the TTY's input side, with line discipline). */
  writeStdin(data: string): void;
  /** Close stdin (EOF). With a TTY this is a hang-up. */
  closeStdin(): void;
  /** Output as it is produced. With a TTY, stderr is merged into 'stdout' and "\n" becomes "\r\n". */
  onOutput(cb: (stream: OutputStream, data: string) => void): void;
  /** Called once when the process has exited, with its exit status (128+n when killed by signal n). */
  onExit(cb: (status: number) => void): void;
  readonly exited: boolean;
  readonly exitStatus: number | undefined;
  /** Deliver a signal with kernel semantics: PID 1 ignores signals it has no handler for (except SIGKILL/SIGSTOP). */
  signal(sig: number): void;
  /** Window size change of the TTY (SIGWINCH to the foreground process). */
  resize?(cols: number, rows: number): void;
}

/** A container's PID namespace + cgroup: PID 1 and every process exec'd into it. */
export interface Task {
  readonly init: Process;
  /** Start a further process (docker exec). Throws nothing: returns ExecFailure when runc would fail. */
  exec(spec: ProcessSpec): Process | ExecFailure;
  /** SIGKILL every process in the namespace (the namespace dies with PID 1 anyway). */
  killAll(): void;
  /** cgroup freezer: while frozen no process runs; timers that fall due wait for thaw(). */
  freeze(): void;
  thaw(): void;
  readonly frozen: boolean;
  /** Live processes, PID order. */
  processes(): ProcessInfo[];
}

export interface Kernel {
  readonly clock: Clock;
  /**
   * Create the container's PID 1 and start it right away (runc create + start).
   * Returns ExecFailure when the executable cannot be run; then nothing is left running.
   */
  startTask(spec: TaskSpec): Task | ExecFailure;
}

export const SIGNALS: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, IOT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11,
  USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20, TTIN: 21,
  TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27, WINCH: 28, IO: 29, POLL: 29, PWR: 30, SYS: 31,
};
export const SIGKILL = 9;
export const SIGTERM = 15;
