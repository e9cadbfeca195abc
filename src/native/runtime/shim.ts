/**
 * The per-container shim: `node shim.ts <container dir>`, started detached (own session
 * and process group) by RuntimeHandle.start(), so a container's output and exit code
 * survive the backend process. It:
 *
 *  1. writes shim.json (its PID and /proc start time; then the PID of its child),
 *  2. runs `runc --root <ours> run --keep --pid-file init.pid -b <dir> <id>` (TTY: under
 *     `script`, see runc.ts), with stdout/stderr piped into <id>-json.log as Docker
 *     json-file lines (with a TTY everything is "stdout", as in Docker),
 *  3. forwards the `stdin` FIFO to the container for -i (until the writer closes it: EOF),
 *  4. when runc returns: reads the memory cgroup's oom_kill count (kept by --keep), runs
 *     `runc delete --force`, removes the container's cgroup dirs, and writes exit.json
 *     {exitCode, finishedAt, oomKilled, startError?} atomically — last, so a backend that
 *     sees exit.json may start the container again at once.
 *
 * runc run's status is the container's exit code, or 128+n when a signal n killed it
 * (runc computes it). A start failure is recognised by the error line in runc's JSON log
 * (runc.log) and reported as startError with Docker's code (127/126/128).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { writeJsonAtomic } from './bundle.ts';
import { removeEmptySubtreeDirs } from './cgroups.ts';
import { LogWriter, openLogForAppend } from './logs.ts';
import type { ContainerFiles } from './paths.ts';
import { nowRfc3339Nano, procStartTime } from './proc.ts';
import { isRuncErrorEcho, runcLogError, signalNumber, startErrorExitCode, underScript } from './runc.ts';

export interface ShimArgs {
  id: string;
  runc: string;
  runcRoot: string;
  files: ContainerFiles;
  tty: boolean;
  stdin: boolean;
  /** memory.oom_control (v1) / memory.events (v2) of the container. */
  oomFiles: string[];
  /** Every cgroup dir of the container, removed after runc delete. */
  cgroupDirs: string[];
  /** Our sub-tree dirs: removed too when this was the last container in them. */
  subtreeDirs: string[];
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
  /** runc's own exit status (diagnostics). */
  runcStatus?: number | null;
}

function oomKilled(files: string[]): boolean {
  for (const f of files) {
    try {
      const m = /^oom_kill (\d+)$/m.exec(readFileSync(f, 'utf8'));
      if (m && Number(m[1]) > 0) return true;
    } catch {
      /* no memory cgroup */
    }
  }
  return false;
}

export async function runShim(dir: string): Promise<void> {
  const args = JSON.parse(readFileSync(`${dir}/shim-args.json`, 'utf8')) as ShimArgs;
  const f = args.files;
  const startedAt = nowRfc3339Nano();
  const record: ShimRecord = { pid: process.pid, startTime: procStartTime(process.pid), startedAt };
  writeJsonAtomic(f.shim, record);
  rmSync(f.exit, { force: true });
  rmSync(f.initPid, { force: true });
  writeFileSync(f.runcLog, '');

  for (const s of ['SIGHUP', 'SIGINT', 'SIGPIPE'] as const) process.on(s, () => {});

  const runcArgv = ['--root', args.runcRoot, '--log', f.runcLog, '--log-format', 'json', 'run', '--keep', '--pid-file', f.initPid, '--bundle', f.dir, args.id];
  const target = args.tty ? underScript(args.runc, runcArgv) : { cmd: args.runc, args: runcArgv, env: process.env };
  if (args.stdin) {
    rmSync(f.stdin, { force: true });
    const r = spawnSync('mkfifo', ['-m', '0600', f.stdin]);
    if (r.status !== 0) throw new Error(`mkfifo ${f.stdin} failed`);
  }
  const child = spawn(target.cmd, target.args, {
    stdio: [args.stdin || args.tty ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: target.env,
  });
  record.childPid = child.pid;
  writeJsonAtomic(f.shim, record);

  const logFd = openLogForAppend(f.log);
  const out = new LogWriter(logFd, 'stdout');
  const err = new LogWriter(logFd, args.tty ? 'stdout' : 'stderr');
  // runc prints its start error to stderr too (TTY: into the pty); that is not container output.
  const filter = (text: string) => text.startsWith('runc ') && isRuncErrorEcho(text, runcLogError(f.runcLog));
  out.filter = filter;
  err.filter = filter;
  child.stdout!.on('data', (d: Buffer) => out.write(d));
  child.stderr!.on('data', (d: Buffer) => err.write(d));
  child.stdin?.on('error', () => {});

  if (args.stdin && child.stdin) {
    // Opening a FIFO for reading blocks (in the thread pool) until a writer comes; EOF when
    // the writer closes: then the container's stdin is closed too (Docker's StdinOnce).
    const fifo = createReadStream(f.stdin);
    fifo.on('error', () => {});
    fifo.pipe(child.stdin);
  }

  const { status, signal } = await new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', () => resolve({ status: 127, signal: null }));
    child.on('close', (status, signal) => resolve({ status, signal }));
  });
  out.end();
  err.end();

  const startError = runcLogError(f.runcLog);
  let exitCode = status ?? 128 + (signal ? signalNumber(signal) : 0);
  if (startError) exitCode = startErrorExitCode(startError);
  const info: ExitInfo = {
    exitCode,
    finishedAt: nowRfc3339Nano(),
    startedAt,
    oomKilled: oomKilled(args.oomFiles),
    ...(startError ? { startError } : {}),
    runcStatus: status,
  };

  spawnSync(args.runc, ['--root', args.runcRoot, 'delete', '--force', args.id], { stdio: 'ignore' });
  for (const d of args.cgroupDirs) {
    try {
      if (existsSync(d)) rmdirSync(d);
    } catch {
      /* gc removes what is left */
    }
  }
  removeEmptySubtreeDirs(args.subtreeDirs);
  if (args.stdin) rmSync(f.stdin, { force: true });
  rmSync(f.initPid, { force: true });
  writeJsonAtomic(f.exit, info);
  rmSync(f.shim, { force: true });
  process.exit(0);
}

const self = process.argv[1] ?? '';
if (/shim\.ts$/.test(self) && import.meta.url.endsWith('/shim.ts') && process.argv[2]) {
  runShim(process.argv[2]).catch((e: unknown) => {
    process.stderr.write(`shim: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
