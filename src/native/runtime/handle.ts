/**
 * RuntimeHandle: the runtime's face to the engine. Everything it knows is on disk under
 * the state root, so a new handle (after the backend restarted or crashed) sees the same
 * containers: running ones through their shim and runc state, finished ones through
 * exit.json. See README.md for the API.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, watch } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConfig, writeJsonAtomic, type BundleSpec } from './bundle.ts';
import {
  checkLimits,
  containerCgroupDirs,
  createContainerCgroup,
  detectCgroupLayout,
  freeze,
  freezeState,
  listPids,
  oomFiles,
  removeContainerCgroup,
  runcCgroupsPath,
  subtreeDirs,
  thaw,
  type CgroupLayout,
  type Limits,
} from './cgroups.ts';
import { containerFiles, DEFAULT_STATE_ROOT, runtimePaths, type ContainerFiles, type RuntimePaths } from './paths.ts';
import { which } from './preflight.ts';
import { isSameProcessAlive, pollFor } from './proc.ts';
import {
  execStart,
  hasRuncState,
  runcDelete,
  runcKill,
  runcPs,
  runcState,
  type ExecOptions,
  type ExecResult,
  type RuncContext,
  type RuncState,
} from './runc.ts';
import { discard } from './trash.ts';
import { launchShim, type ExitInfo, type ShimRecord } from './shim.ts';

export type { ExitInfo, ShimRecord };

export interface RuntimeOptions {
  /** Default /var/lib/container-classroom. */
  stateRoot?: string;
  /** runc binary; default `runc` from PATH (or /usr/sbin/runc). */
  runc?: string;
  /** A cgroup layout detected earlier (preflight); default: detect now. */
  cgroups?: CgroupLayout;
  /** Tests: use the cgroup v2 interface on a hybrid host. */
  forceCgroupVersion?: 2;
}

/** What create() needs: the bundle without the cgroup path, plus limits and stdin. */
export interface ContainerSpec extends Omit<BundleSpec, 'cgroupsPath' | 'id'> {
  limits?: Limits;
  /** -i: keep a stdin FIFO (<dir>/stdin) open for writers; EOF when the writer closes it. */
  stdin?: boolean;
  /** rootfs is a mount made for this container: the shim unmounts it when the container exits. */
  unmountRootfsOnExit?: boolean;
  /** The shim mounts rootfs (an overlay with these options, see overlayMountOptions) before runc runs. */
  mountRootfs?: { options: string; cwd?: string };
}

interface RuntimeRecord {
  id: string;
  spec: ContainerSpec;
  createdAt: string;
}

export type RuntimeStatus =
  /** Never started, or its last run was cleaned up without an exit record. */
  | { state: 'created' }
  /** Shim up, runc starting the process. */
  | { state: 'starting'; shimPid: number }
  | { state: 'running'; pid: number; paused: boolean; shimPid: number }
  | { state: 'exited'; exit: ExitInfo }
  /**
   * The shim died without writing exit.json (killed, crashed, machine rebooted). If runc
   * still has the container running, `pid` is set: it runs on, but its exit code will
   * never be known. deleteForce() ends it.
   */
  | { state: 'lost'; pid?: number; reason: string }
  | { state: 'unknown' };

export interface StartResult {
  /** Host PID of the container's init process (absent if it exited before we looked). */
  pid?: number;
  /** Set when the container had already exited (or failed to start) when start() returned. */
  exit?: ExitInfo;
}

export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

export class RuntimeHandle {
  readonly paths: RuntimePaths;
  readonly layout: CgroupLayout;
  readonly runcCtx: RuncContext;
  private execSeq = 0;

  constructor(opts: RuntimeOptions = {}) {
    this.paths = runtimePaths(opts.stateRoot ?? DEFAULT_STATE_ROOT);
    this.layout =
      opts.cgroups ?? detectCgroupLayout({ subtree: this.paths.cgroupSubtree, forceVersion: opts.forceCgroupVersion });
    const runc = which(opts.runc ?? 'runc');
    if (!runc) throw new RuntimeError('runc is not installed (or not on PATH): install it with `apt-get install -y runc`');
    this.runcCtx = { runc, root: this.paths.runcRoot };
    mkdirSync(this.paths.runcRoot, { recursive: true, mode: 0o700 });
    mkdirSync(this.paths.containersDir, { recursive: true, mode: 0o711 });
  }

  files(id: string): ContainerFiles {
    return containerFiles(this.paths, id);
  }

  /** IDs with a container dir. */
  list(): string[] {
    try {
      return readdirSync(this.paths.containersDir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
  }

  /**
   * Writes the bundle (config.json) and runtime.json. Checks that the limits can be applied
   * (one-line error otherwise). Does not mount anything: spec.rootfs must be mounted by
   * the caller before start().
   */
  create(id: string, spec: ContainerSpec): void {
    const f = this.files(id);
    if (existsSync(f.runtime)) throw new RuntimeError(`container ${id} already exists`);
    checkLimits(this.layout, spec.limits ?? {});
    mkdirSync(f.dir, { recursive: true, mode: 0o711 });
    const record: RuntimeRecord = { id, spec, createdAt: new Date().toISOString() };
    writeJsonAtomic(f.runtime, record);
    this.writeConfig(id, spec);
  }

  /** Rewrites config.json (e.g. after a change of hostname files or binds). */
  update(id: string, spec: ContainerSpec): void {
    const f = this.files(id);
    const rec = readJson<RuntimeRecord>(f.runtime);
    if (!rec) throw new RuntimeError(`no such container: ${id}`);
    checkLimits(this.layout, spec.limits ?? {});
    writeJsonAtomic(f.runtime, { ...rec, spec });
    this.writeConfig(id, spec);
  }

  spec(id: string): ContainerSpec | null {
    return readJson<RuntimeRecord>(this.files(id).runtime)?.spec ?? null;
  }

  private writeConfig(id: string, spec: ContainerSpec): void {
    const { limits: _l, stdin: _s, unmountRootfsOnExit: _u, mountRootfs: _m, ...bundle } = spec;
    writeJsonAtomic(
      this.files(id).config,
      buildConfig({
        ...bundle,
        id,
        cgroupsPath: runcCgroupsPath(this.layout, id),
        cgroupNamespace: bundle.cgroupNamespace ?? this.layout.runcMode === 'unified',
      }),
    );
  }

  shimRecord(id: string): ShimRecord | null {
    return readJson<ShimRecord>(this.files(id).shim);
  }

  exitInfo(id: string): ExitInfo | null {
    return readJson<ExitInfo>(this.files(id).exit);
  }

  private shimAlive(id: string): ShimRecord | null {
    const s = this.shimRecord(id);
    return s && isSameProcessAlive(s.pid, s.startTime) ? s : null;
  }

  /**
   * Starts the container: creates its cgroup (limits applied), launches the detached shim,
   * and resolves once runc reports the init PID — or the container already exited (a
   * start failure: exit.startError is set and exit.exitCode is 127/126/128).
   */
  async start(id: string, opts: { timeoutMs?: number } = {}): Promise<StartResult> {
    const f = this.files(id);
    const rec = readJson<RuntimeRecord>(f.runtime);
    if (!rec) throw new RuntimeError(`no such container: ${id}`);
    if (this.shimAlive(id)) throw new RuntimeError(`container ${id} is already running`);
    // Leftovers of an earlier run (a lost shim): runc state and cgroup must go first.
    if (hasRuncState(this.runcCtx, id)) await runcDelete(this.runcCtx, id, true);
    rmSync(f.exit, { force: true });
    rmSync(f.initPid, { force: true });
    rmSync(f.shim, { force: true });
    createContainerCgroup(this.layout, id, rec.spec.limits ?? {});
    const limits = rec.spec.limits ?? {};
    launchShim({
      id,
      runc: this.runcCtx.runc,
      runcRoot: this.runcCtx.root,
      files: f,
      tty: rec.spec.tty ?? false,
      stdin: rec.spec.stdin ?? false,
      keep: (limits.memoryBytes ?? 0) > 0,
      oomFiles: oomFiles(this.layout, id),
      cgroupDirs: containerCgroupDirs(this.layout, id),
      subtreeDirs: subtreeDirs(this.layout),
      ...(rec.spec.unmountRootfsOnExit ? { unmount: rec.spec.rootfs } : {}),
      ...(rec.spec.mountRootfs ? { mount: { target: rec.spec.rootfs, ...rec.spec.mountRootfs } } : {}),
    });
    const timeoutMs = opts.timeoutMs ?? 15_000;
    const seen = await pollFor(
      () => {
        const exit = this.exitInfo(id);
        if (exit) return { exit };
        let pid = 0;
        try {
          pid = Number(readFileSync(f.initPid, 'utf8').trim());
        } catch {
          /* not yet */
        }
        if (pid > 0) return { pid };
        return null;
      },
      timeoutMs,
      2,
    );
    if (!seen) {
      throw new RuntimeError(`container ${id} did not start within ${timeoutMs} ms (see ${join(f.dir, 'shim.log')} and ${f.runcLog})`);
    }
    return seen;
  }

  /** Current state, from the files, the shim's liveness and runc. */
  async status(id: string): Promise<RuntimeStatus> {
    const f = this.files(id);
    if (!existsSync(f.runtime)) return { state: 'unknown' };
    const shim = this.shimAlive(id);
    if (shim) {
      const st = await runcState(this.runcCtx, id).catch(() => null);
      if (st && (st.status === 'running' || st.status === 'paused') && st.pid > 0) {
        return { state: 'running', pid: st.pid, paused: st.status === 'paused', shimPid: shim.pid };
      }
      const exit = this.exitInfo(id);
      if (exit) return { state: 'exited', exit };
      return { state: 'starting', shimPid: shim.pid };
    }
    const exit = this.exitInfo(id);
    if (exit) return { state: 'exited', exit };
    if (existsSync(f.shim)) {
      const st: RuncState | null = await runcState(this.runcCtx, id).catch(() => null);
      const running = st && (st.status === 'running' || st.status === 'paused') ? st.pid : undefined;
      return { state: 'lost', ...(running ? { pid: running } : {}), reason: 'the shim process is gone without an exit record' };
    }
    return { state: 'created' };
  }

  /**
   * Resolves with the exit record once the container has exited (at once if it has).
   * Rejects if the shim dies without writing one, on timeout, or when `signal` aborts.
   */
  waitExit(id: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ExitInfo> {
    const f = this.files(id);
    return new Promise<ExitInfo>((resolve, reject) => {
      let done = false;
      let watcher: ReturnType<typeof watch> | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      let lostChecks = 0;
      const finish = (err: Error | null, v?: ExitInfo) => {
        if (done) return;
        done = true;
        watcher?.close();
        if (timer) clearTimeout(timer);
        clearInterval(poll);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(v!);
      };
      const check = () => {
        const exit = this.exitInfo(id);
        if (exit) return finish(null, exit);
        if (!this.shimAlive(id)) {
          // The shim writes exit.json and then exits: look twice before calling it lost.
          if (++lostChecks >= 3) finish(new RuntimeError(`container ${id}: no shim is running and there is no exit record`));
        } else lostChecks = 0;
      };
      const onAbort = () => finish(new RuntimeError('aborted'));
      opts.signal?.addEventListener('abort', onAbort);
      try {
        watcher = watch(f.dir, () => check());
        watcher.on('error', () => {});
      } catch {
        /* polling only */
      }
      const poll = setInterval(check, 25);
      if (opts.timeoutMs !== undefined) {
        timer = setTimeout(() => finish(new RuntimeError(`container ${id} did not exit within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      }
      check();
    });
  }

  /** `runc kill <id> <sig>`: to the init process only, like Docker. */
  async kill(id: string, signal: string | number = 'SIGTERM'): Promise<void> {
    await runcKill(this.runcCtx, id, signal);
  }

  /** Freezes the container through its cgroup (v1 freezer.state / v2 cgroup.freeze). */
  async pause(id: string): Promise<void> {
    await freeze(this.layout, id);
  }

  async resume(id: string): Promise<void> {
    await thaw(this.layout, id);
  }

  freezeState(id: string) {
    return freezeState(this.layout, id);
  }

  /** Host PIDs of the container's processes (runc ps). */
  async ps(id: string): Promise<number[]> {
    return runcPs(this.runcCtx, id);
  }

  /** Host PIDs straight from the cgroup (no runc process). */
  pids(id: string): number[] {
    try {
      return listPids(this.layout, id);
    } catch {
      return [];
    }
  }

  /** Runs a process in the running container (`runc exec`) and collects its output and exit code. */
  exec(id: string, o: Omit<ExecOptions, 'logFile'>): Promise<ExecResult> {
    return this.execStart(id, o).done;
  }

  /** Like exec(), with access to the runc process (stream its stdout/stderr, write its stdin). */
  execStart(id: string, o: Omit<ExecOptions, 'logFile'>) {
    const f = this.files(id);
    const logFile = join(f.dir, `exec-${process.pid}-${++this.execSeq}.log`);
    return execStart(this.runcCtx, id, { ...o, logFile });
  }

  /**
   * Ends the container now: `runc delete --force` (SIGKILL to all its processes). A live
   * shim then records the exit (137) and cleans up; without one (lost) we clean up here.
   */
  async deleteForce(id: string): Promise<void> {
    const shim = this.shimAlive(id);
    const fz = freezeState(this.layout, id);
    if (fz && fz !== 'thawed') await thaw(this.layout, id).catch(() => {});
    await runcDelete(this.runcCtx, id, true);
    if (shim) {
      await this.waitExit(id, { timeoutMs: 10_000 }).catch(() => {});
    } else {
      await pollFor(() => (this.pids(id).length === 0 ? true : null), 5000, 10);
      removeContainerCgroup(this.layout, id);
    }
  }

  /**
   * Forgets a container that is not running: its dir (bundle, logs, exit record) goes.
   * With force a running one is killed first.
   */
  async remove(id: string, opts: { force?: boolean } = {}): Promise<void> {
    const st = await this.status(id);
    if (st.state === 'running' || st.state === 'starting' || (st.state === 'lost' && st.pid)) {
      if (!opts.force) throw new RuntimeError(`container ${id} is running`);
      await this.deleteForce(id);
    }
    await runcDelete(this.runcCtx, id, true);
    removeContainerCgroup(this.layout, id);
    discard(this.paths.stateRoot, this.files(id).dir);
  }
}
