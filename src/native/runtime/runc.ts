/**
 * Thin wrappers over the runc CLI, always with our own `--root` so our containers never
 * mix with anyone else's. Every call is one runc process; errors become RuncError with
 * runc's message (one line).
 *
 * TTY: `runc run/exec` with a terminal and without --console-socket copies the pty to its
 * own stdio but insists on a controlling terminal (it opens /dev/tty). A detached shim has
 * none, so TTY processes run under util-linux `script -q -e -c …`, which gives runc a pty
 * of its own; output then carries "\r\n" like Docker's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface RuncContext {
  /** runc binary. */
  runc: string;
  /** Our --root. */
  root: string;
}

export class RuncError extends Error {
  override name = 'RuncError';
  readonly status: number | null;
  constructor(message: string, status: number | null) {
    super(message);
    this.status = status;
  }
}

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion, collecting its output. */
export function runProgram(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: opts.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (status, signal) =>
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}

/** runc's last error line, without its "time=… level=error msg=" dressing. */
export function runcMessage(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  const m = /msg="((?:[^"\\]|\\.)*)"/.exec(last);
  if (m) {
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      return m[1]!;
    }
  }
  return last;
}

async function runc(ctx: RuncContext, args: string[]): Promise<string> {
  const r = await runProgram(ctx.runc, ['--root', ctx.root, ...args]);
  if (r.status !== 0) throw new RuncError(`runc ${args[0]}: ${runcMessage(r.stderr) || `exit status ${r.status}`}`, r.status);
  return r.stdout;
}

export interface RuncState {
  id: string;
  pid: number;
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  bundle: string;
  rootfs?: string;
  created: string;
}

/** `runc state`; null when runc does not know the container. */
/** Does runc keep state for this container in our root? (Saves a runc process when it does not.) */
export function hasRuncState(ctx: RuncContext, id: string): boolean {
  return existsSync(join(ctx.root, id));
}

export async function runcState(ctx: RuncContext, id: string): Promise<RuncState | null> {
  if (!hasRuncState(ctx, id)) return null;
  const r = await runProgram(ctx.runc, ['--root', ctx.root, 'state', id]);
  if (r.status !== 0) {
    if (/does not exist|not exist/i.test(r.stderr)) return null;
    throw new RuncError(`runc state: ${runcMessage(r.stderr)}`, r.status);
  }
  return JSON.parse(r.stdout) as RuncState;
}

/** `runc list` of our root. */
export async function runcList(ctx: RuncContext): Promise<RuncState[]> {
  const out = await runc(ctx, ['list', '--format', 'json']);
  const v = JSON.parse(out.trim() || 'null') as RuncState[] | null;
  return v ?? [];
}

/** Normalises "TERM", "SIGTERM", "15" to what runc accepts. */
export function signalArg(sig: string | number): string {
  if (typeof sig === 'number') return String(sig);
  const s = sig.trim().toUpperCase();
  if (/^\d+$/.test(s)) return s;
  return s.startsWith('SIG') ? s : `SIG${s}`;
}

/** Sends a signal to the container's init process (`runc kill`). */
export async function runcKill(ctx: RuncContext, id: string, sig: string | number = 'SIGTERM', all = false): Promise<void> {
  await runc(ctx, ['kill', ...(all ? ['--all'] : []), id, signalArg(sig)]);
}

/** `runc delete [--force]`; a container runc does not know is not an error. */
export async function runcDelete(ctx: RuncContext, id: string, force = true): Promise<void> {
  if (!hasRuncState(ctx, id)) return;
  const r = await runProgram(ctx.runc, ['--root', ctx.root, 'delete', ...(force ? ['--force'] : []), id]);
  if (r.status !== 0 && !/does not exist|not exist/i.test(r.stderr)) {
    throw new RuncError(`runc delete: ${runcMessage(r.stderr)}`, r.status);
  }
}

/** Host PIDs of the container's processes (`runc ps --format json`). */
export async function runcPs(ctx: RuncContext, id: string): Promise<number[]> {
  const out = await runc(ctx, ['ps', '--format', 'json', id]);
  return (JSON.parse(out.trim() || '[]') as number[] | null) ?? [];
}

export async function runcPause(ctx: RuncContext, id: string): Promise<void> {
  await runc(ctx, ['pause', id]);
}

export async function runcResume(ctx: RuncContext, id: string): Promise<void> {
  await runc(ctx, ['resume', id]);
}

/** Quotes argv for `script -c` (which runs it with /bin/sh -c). */
export function shellQuote(args: string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_\/.,:=+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Wraps argv so it runs on a pty of its own: `script -q -e -c "stty raw -echo; exec <argv>"
 * /dev/null`. runc needs a terminal on its stdin for a TTY process and copies between it and
 * the container's own pty; that outer pty must pass bytes through untouched, as the docker
 * CLI's raw terminal does (runc makes it raw too, but only once it runs: output written
 * before, like busybox's banner, would get a second \r).
 */
export function underScript(cmd: string, args: string[]): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
  return {
    cmd: 'script',
    args: ['-q', '-e', '-c', `stty raw -echo 2>/dev/null; exec ${shellQuote([cmd, ...args])}`, '/dev/null'],
    env: { ...process.env, SHELL: '/bin/sh' },
  };
}

export interface ExecOptions {
  args: string[];
  /** Extra KEY=value on top of the container's environment. */
  env?: string[];
  cwd?: string;
  user?: { uid: number; gid: number; additionalGids?: number[] };
  tty?: boolean;
  /** Data for the process's stdin (then closed). Without it stdin is /dev/null (TTY: an idle pty). */
  stdin?: string;
  /** runc's JSON log for this exec (read for start errors, then removed). */
  logFile: string;
}

export interface ExecResult {
  /** The process's exit code; 128+n when killed by signal n; 126/127 when it could not start. */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** runc's message when the process could not be started (e.g. executable not found). */
  startError?: string;
}

export function execArgs(ctx: RuncContext, id: string, o: ExecOptions): string[] {
  const a = ['--root', ctx.root, '--log', o.logFile, '--log-format', 'json', 'exec'];
  if (o.tty) a.push('--tty');
  if (o.cwd) a.push('--cwd', o.cwd);
  for (const e of o.env ?? []) a.push('--env', e);
  if (o.user) {
    a.push('--user', `${o.user.uid}:${o.user.gid}`);
    for (const g of o.user.additionalGids ?? []) a.push('--additional-gids', String(g));
  }
  a.push(id, ...o.args);
  return a;
}

/** First level=error message of a runc JSON log (its start errors), or undefined. */
export function runcLogError(file: string): string | undefined {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const v = JSON.parse(line) as { level?: string; msg?: string };
      if (v.level === 'error' && v.msg) return v.msg;
    } catch {
      /* a text line */
    }
  }
  return undefined;
}

/** Docker's exit code for a process that could not be started (moby translateContainerdStartErr). */
export function startErrorExitCode(message: string): number {
  const m = message.toLowerCase();
  if (m.includes('executable file not found') || m.includes('no such file or directory') || m.includes('not a directory')) return 127;
  if (m.includes('permission denied')) return 126;
  return 128;
}

/** Is `text` (one output line) runc's own echo of its start error `err`? Then it is not container output. */
export function isRuncErrorEcho(text: string, err: string | undefined): boolean {
  if (!err) return false;
  const t = text.replace(/\r?\n$/, '').replace(/\r$/, '');
  return t === err || (t.startsWith('runc ') && t.endsWith(err.replace(/^runc \w+ failed: /, '')));
}

/** Starts `runc exec`; resolves when the process has exited. */
export function execStart(ctx: RuncContext, id: string, o: ExecOptions): { child: ChildProcess; done: Promise<ExecResult> } {
  const argv = execArgs(ctx, id, o);
  const target = o.tty ? underScript(ctx.runc, argv) : { cmd: ctx.runc, args: argv, env: process.env };
  const child = spawn(target.cmd, target.args, { stdio: ['pipe', 'pipe', 'pipe'], env: target.env });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => err.push(d));
  if (o.stdin !== undefined) child.stdin!.end(o.stdin);
  else if (!o.tty) child.stdin!.end();
  const done = new Promise<ExecResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const startError = runcLogError(o.logFile);
      rmSync(o.logFile, { force: true });
      const strip = (s: string) =>
        startError
          ? s
              .split(/(?<=\n)/)
              .filter((l) => !isRuncErrorEcho(l, startError))
              .join('')
          : s;
      const stdout = strip(Buffer.concat(out).toString('utf8'));
      const stderr = strip(Buffer.concat(err).toString('utf8'));
      let exitCode = status ?? 128 + (signal ? signalNumber(signal) : 0);
      if (startError) exitCode = startErrorExitCode(startError);
      if (!child.stdin!.destroyed) child.stdin!.destroy();
      resolve({ exitCode, stdout, stderr, ...(startError ? { startError } : {}) });
    });
  });
  return { child, done };
}

export function signalNumber(sig: NodeJS.Signals | string): number {
  const s = signalArg(sig);
  const table: Record<string, number> = {
    SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
    SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17,
    SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25,
    SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPWR: 30, SIGSYS: 31,
  };
  return /^\d+$/.test(s) ? Number(s) : (table[s] ?? 0);
}
