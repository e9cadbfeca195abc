/**
 * The engine's RuntimePort over the runtime layer (src/native/runtime): the overlay
 * mount of the container's root (the runtime leaves mounting to its caller), the
 * bundle and the detached shim (RuntimeHandle), runc kill/exec/ps, the freezer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeHandle, type ContainerSpec } from '../runtime/handle.ts';
import { mountOverlay, overlayMountOptions, unmount } from '../runtime/overlay.ts';
import { preflightReport } from '../runtime/preflight.ts';
import { isMountPoint, isSameProcessAlive, readMountInfo } from '../runtime/proc.ts';
import { isRuncErrorEcho, runcDelete, runcKill, runcLogError, signalNumber, startErrorExitCode, underScript } from '../runtime/runc.ts';
import { resolveUser, type OciConfig } from '../runtime/bundle.ts';
import { removeContainerCgroup } from '../runtime/cgroups.ts';
import { shimCanMount, type ExitInfo } from '../runtime/shim.ts';
import { resizeUnderScript } from '../runtime/tty.ts';
import {
  TaskStartError,
  type ContainerLayer,
  type ExecHandle,
  type ExecSpec,
  type RuntimePort,
  type TaskExit,
  type TaskSpec,
} from './ports.ts';
import { parseRfc3339Ms } from './jsonLog.ts';

/** The part of runc's error Docker puts after "unable to start container process: ". */
export function innerStartError(message: string): string {
  const marker = 'unable to start container process: ';
  const i = message.indexOf(marker);
  return i >= 0 ? message.slice(i + marker.length) : message.replace(/^runc \w+ failed: /, '');
}

/**
 * The process's user and groups as dockerd passes them to runc: the supplementary groups
 * are libcontainer's Sgids, the primary group first, then every group listing the user.
 */
function userOf(u: { uid: number; gid: number; additionalGids: number[] }): { uid: number; gid: number; additionalGids: number[] } {
  return { uid: u.uid, gid: u.gid, additionalGids: [u.gid, ...u.additionalGids.filter((g) => g !== u.gid)] };
}

function toExit(e: ExitInfo): TaskExit {
  return { code: e.exitCode, oomKilled: e.oomKilled, at: parseRfc3339Ms(e.finishedAt) };
}

/** Non-blocking writes to a FIFO: what does not fit now is retried every 10 ms. */
class StdinWriter {
  readonly #fd: number;
  #queue: Buffer[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ending = false;
  #closed = false;

  constructor(fd: number) {
    this.#fd = fd;
  }

  write(data: string): void {
    if (this.#closed || this.#ending) return;
    this.#queue.push(Buffer.from(data, 'utf8'));
    this.#flush();
  }

  end(): void {
    this.#ending = true;
    this.#flush();
  }

  destroy(): void {
    this.#queue = [];
    this.#close();
  }

  #flush(): void {
    if (this.#closed) return;
    while (this.#queue.length) {
      const buf = this.#queue[0]!;
      let n: number;
      try {
        n = writeSync(this.#fd, buf);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.#timer ??= setTimeout(() => {
            this.#timer = undefined;
            this.#flush();
          }, 10);
          return;
        }
        this.destroy();
        return;
      }
      if (n < buf.length) this.#queue[0] = buf.subarray(n);
      else this.#queue.shift();
    }
    if (this.#ending) this.#close();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    try {
      closeSync(this.#fd);
    } catch {
      /* gone */
    }
  }
}

export class RuntimeAdapter implements RuntimePort {
  readonly handle: RuntimeHandle;
  readonly stateRoot: string;
  readonly #stdin = new Map<string, StdinWriter>();
  #execSeq = 0;
  /** The user of an image's containers by (image layers, --user): see start(). */
  readonly #users = new Map<string, ReturnType<typeof userOf>>();

  constructor(stateRoot: string, handle?: RuntimeHandle) {
    this.stateRoot = stateRoot;
    this.handle = handle ?? new RuntimeHandle({ stateRoot });
  }

  async preflight(): Promise<string[]> {
    return preflightReport({ stateRoot: this.stateRoot }).errors;
  }

  async start(spec: TaskSpec): Promise<{ pid: number }> {
    const l = spec.layer;
    for (const d of [l.upper, l.work, l.merged]) mkdirSync(d, { recursive: true });
    // The user (uid, gid, groups from the image's /etc/passwd and /etc/group) needs the
    // merged root — unless the container has not written anything yet: then it is the
    // image's answer, known from an earlier start. The shim mounts the root in that case
    // (a mount(2) call in the shim instead of a mount process here: ~5 ms less per start).
    const userKey = `${l.lowers.slice(1).join(':')}\0${spec.user}`;
    const pristine = isEmptyDir(l.upper);
    let user = pristine ? this.#users.get(userKey) : undefined;
    const shimMount = user && shimCanMount() && !isMountPoint(l.merged) ? overlayMountOptions({ lower: l.lowers, upper: l.upper, work: l.work, target: l.merged }) : null;
    if (!shimMount) {
      if (!isMountPoint(l.merged)) {
        try {
          mountOverlay({ lower: l.lowers, upper: l.upper, work: l.work, target: l.merged });
        } catch (e) {
          throw new Error(`error creating overlay mount to ${l.merged}: ${(e as Error).message}`);
        }
      }
      try {
        user = userOf(resolveUser(l.merged, spec.user));
      } catch (e) {
        unmount(l.merged, { lazy: true });
        throw new TaskStartError((e as Error).message);
      }
      if (pristine) this.#users.set(userKey, user);
    }
    const cs: ContainerSpec = {
      hostname: spec.hostname,
      rootfs: l.merged,
      args: spec.argv,
      env: spec.env,
      cwd: spec.cwd,
      user,
      tty: spec.tty,
      hostsFile: spec.etc.hosts,
      hostnameFile: spec.etc.hostname,
      resolvConfFile: spec.etc.resolvConf,
      binds: [
        ...spec.mounts.map((m) => ({ source: m.source, destination: m.destination, readonly: m.readOnly })),
        ...(spec.init ? [{ source: spec.init, destination: '/sbin/docker-init', readonly: true }] : []),
      ],
      limits: {
        ...(spec.limits.memory ? { memoryBytes: spec.limits.memory } : {}),
        ...(spec.limits.nanoCpus ? { nanoCpus: spec.limits.nanoCpus } : {}),
        ...(spec.limits.cpuShares ? { cpuShares: spec.limits.cpuShares } : {}),
        ...(spec.limits.pidsLimit && spec.limits.pidsLimit > 0 ? { pidsLimit: spec.limits.pidsLimit } : {}),
      },
      stdin: spec.openStdin,
      unmountRootfsOnExit: true,
      ...(shimMount ? { mountRootfs: shimMount } : {}),
    };
    if (this.handle.spec(spec.id)) this.handle.update(spec.id, cs);
    else this.handle.create(spec.id, cs);
    this.#closeStdinStream(spec.id);
    const r = await this.handle.start(spec.id);
    if (r.exit?.mountError) throw new Error(r.exit.startError);
    if (r.exit?.startError) throw new TaskStartError(innerStartError(r.exit.startError));
    if (spec.openStdin && !r.exit) this.#openStdin(spec.id);
    return { pid: r.pid ?? 0 };
  }

  exitOf(id: string): TaskExit | undefined {
    const e = this.handle.exitInfo(id);
    return e ? toExit(e) : undefined;
  }

  alive(id: string): boolean {
    const s = this.handle.shimRecord(id);
    return !!s && isSameProcessAlive(s.pid, s.startTime) && !this.handle.exitInfo(id);
  }

  watchExit(id: string, cb: (exit: TaskExit) => void): () => void {
    const abort = new AbortController();
    this.handle.waitExit(id, { signal: abort.signal }).then(
      (e) => cb(toExit(e)),
      () => {
        // The shim is gone without an exit record (killed): the exit code is unknown.
        if (!abort.signal.aborted) cb({ code: 255, oomKilled: false, at: Date.now() });
      },
    );
    return () => abort.abort();
  }

  logPath(id: string): string {
    return this.handle.files(id).log;
  }

  livePath(id: string): string {
    return this.handle.files(id).live;
  }

  async resize(id: string, cols: number, rows: number): Promise<void> {
    const shim = this.handle.shimRecord(id);
    if (shim?.childPid) await resizeUnderScript(shim.childPid, cols, rows);
  }

  async kill(id: string, signal: number, all = false): Promise<void> {
    await runcKill(this.handle.runcCtx, id, signal, all);
  }

  async pause(id: string): Promise<void> {
    await this.handle.pause(id);
  }

  async resume(id: string): Promise<void> {
    await this.handle.resume(id);
  }

  async exec(id: string, spec: ExecSpec): Promise<ExecHandle> {
    const { child, done } = this.#execStart(id, spec);
    const listeners: Array<(stream: 'stdout' | 'stderr', data: string) => void> = [];
    const pending: Array<['stdout' | 'stderr', string]> = [];
    const emit = (stream: 'stdout' | 'stderr', data: string) => {
      if (listeners.length === 0) pending.push([stream, data]);
      for (const l of listeners) l(stream, data);
    };
    // runc echoes its start error on stderr (and, with a TTY, into the pty): hold back output
    // that looks like it until the end, and drop it if it is the echo of the start error.
    const held: Array<['stdout' | 'stderr', string]> = [];
    const looksLikeRunc = (s: string) => /^(runc \w+ failed: |exec failed: |time="[^"]*" level=error )/.test(s);
    child.stdout?.on('data', (d: Buffer) => {
      const s = d.toString('utf8');
      if (looksLikeRunc(s)) held.push(['stdout', s]);
      else emit('stdout', s);
    });
    child.stderr?.on('data', (d: Buffer) => {
      const s = d.toString('utf8');
      const stream = spec.tty ? 'stdout' : 'stderr';
      if (looksLikeRunc(s)) held.push([stream, s]);
      else emit(stream, s);
    });
    const exited = done.then((r) => {
      for (const [stream, text] of held) {
        const kept = text
          .split(/(?<=\n)/)
          .filter((l) => !(r.startError && (isRuncErrorEcho(l, r.startError) || l.replace(/\r?\n$/, '') === r.startError)) && !/^time="[^"]*" level=error /.test(l))
          .join('');
        if (kept) emit(stream, kept);
      }
      if (r.startError) throw new TaskStartError(innerStartError(r.startError));
      return r.exitCode;
    });
    exited.catch(() => undefined);
    return {
      pid: child.pid ?? 0,
      onOutput(cb) {
        listeners.push(cb);
        for (const [s, d] of pending.splice(0)) cb(s, d);
      },
      write(data) {
        child.stdin?.write(data);
      },
      closeStdin() {
        child.stdin?.end();
      },
      async resize(cols, rows) {
        if (spec.tty && child.pid) await resizeUnderScript(child.pid, cols, rows);
      },
      exited,
    };
  }

  /**
   * `runc exec --process <file>`: the whole process as dockerd gives it (the bundle's
   * process with the exec's args, env, cwd, user and its own groups, terminal), so that
   * `exec -u` does not inherit the container's supplementary groups (runc's
   * --additional-gids would add to them). stdin stays open with -i (streamed), else /dev/null;
   * a TTY runs under `script` as the runtime's exec does.
   */
  #execStart(id: string, spec: ExecSpec): { child: ChildProcess; done: Promise<{ exitCode: number; startError?: string }> } {
    const f = this.handle.files(id);
    const config = JSON.parse(readFileSync(f.config, 'utf8')) as OciConfig;
    let user = config.process.user;
    if (spec.user) {
      try {
        user = userOf(resolveUser(config.root.path, spec.user));
      } catch (e) {
        throw new TaskStartError((e as Error).message);
      }
    }
    const seq = ++this.#execSeq;
    const procFile = join(f.dir, `exec-${process.pid}-${seq}.json`);
    const logFile = join(f.dir, `exec-${process.pid}-${seq}.log`);
    const proc = { ...config.process, terminal: spec.tty, args: spec.argv, env: spec.env, cwd: spec.cwd || '/', user };
    writeFileSync(procFile, JSON.stringify(proc));
    const argv = ['--root', this.handle.runcCtx.root, '--log', logFile, '--log-format', 'json', 'exec', '--process', procFile, id];
    const target = spec.tty ? underScript(this.handle.runcCtx.runc, argv) : { cmd: this.handle.runcCtx.runc, args: argv, env: process.env };
    const child = spawn(target.cmd, target.args, { stdio: ['pipe', 'pipe', 'pipe'], env: target.env });
    child.stdin!.on('error', () => {});
    if (!spec.stdin && !spec.tty) child.stdin!.end();
    const done = new Promise<{ exitCode: number; startError?: string }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status, signal) => {
        const startError = runcLogError(logFile);
        rmSync(logFile, { force: true });
        rmSync(procFile, { force: true });
        let exitCode = status ?? 128 + (signal ? signalNumber(signal) : 0);
        if (startError) exitCode = startErrorExitCode(startError);
        if (!child.stdin!.destroyed) child.stdin!.destroy();
        resolve({ exitCode, ...(startError ? { startError } : {}) });
      });
    });
    return { child, done };
  }

  async pids(id: string): Promise<number[]> {
    const fromCgroup = this.handle.pids(id);
    if (fromCgroup.length) return fromCgroup;
    return this.handle.ps(id).catch(() => []);
  }

  /**
   * -i: the backend holds the FIFO's write end from the start (opened read-write, which
   * never blocks, as nothing of ours may wait in a blocking open: a pending open of a FIFO
   * keeps a Node process from exiting). The container's stdin stays open until
   * closeStdin() (StdinOnce after an attach) or until the task ends.
   */
  #openStdin(id: string): StdinWriter | undefined {
    let w = this.#stdin.get(id);
    if (w) return w;
    const path = this.handle.files(id).stdin;
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    } catch {
      return undefined;
    }
    w = new StdinWriter(fd);
    this.#stdin.set(id, w);
    return w;
  }

  writeStdin(id: string, data: string): void {
    this.#openStdin(id)?.write(data);
  }

  closeStdin(id: string): void {
    const w = this.#stdin.get(id);
    this.#stdin.delete(id);
    w?.end();
  }

  #closeStdinStream(id: string): void {
    const w = this.#stdin.get(id);
    this.#stdin.delete(id);
    w?.destroy();
  }

  async cleanupTask(id: string, layer: ContainerLayer): Promise<void> {
    this.#closeStdinStream(id);
    // The shim deletes runc's state and the cgroup before it writes exit.json; this covers
    // a shim that died (lost) and a start that failed half-way.
    if (!this.alive(id) && !this.handle.exitInfo(id)) {
      await runcDelete(this.handle.runcCtx, id, true).catch(() => undefined);
      try {
        removeContainerCgroup(this.handle.layout, id);
      } catch {
        /* gc */
      }
    }
    if (isMountPoint(layer.merged, readMountInfo())) unmount(layer.merged, { lazy: true });
  }

  async remove(id: string): Promise<void> {
    this.#closeStdinStream(id);
    await this.handle.remove(id, { force: true });
  }
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}
