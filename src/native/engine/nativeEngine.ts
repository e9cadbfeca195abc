/**
 * The native Docker daemon: the Engine interface over real Linux. Containers run
 * under runc through the runtime layer (src/native/runtime), their files are
 * overlay layers of the image store (src/native/images), time is real time.
 *
 * The lifecycle is the simulator's: every command asks the same XState machine
 * (verdict.ts) before acting, refusals are the same texts (errors.ts refusal()),
 * and the container only moves through the machine's transitions. IDs, names,
 * inspect, ps, filters, restart back-off and attach sessions are the simulator's
 * own pure helpers (src/sim/engine/*), applied to a native container's data.
 *
 * State is on disk (`<state root>/engine/containers/<id>.json`), so a new backend
 * process finds its containers again: running ones are watched again, those whose
 * process ended meanwhile are marked exited with the exit code the shim recorded.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AttachOptions,
  ContainerConfig,
  ContainerInspect,
  ContainerSummary,
  CreateRequest,
  Engine,
  ExecConfig,
  ExecInspect,
  HostConfig,
  ImageDeleteItem,
  ImageHistoryEntry,
  ImageSummary,
  ListOptions,
  LogLine,
  LogOptions,
  MountPoint,
  ProgressMessage,
  PruneResult,
  Session,
  StopOptions,
  TopResult,
  VersionInfo,
  WaitCondition,
  WaitResult,
} from '../../sim/api.ts';
import { ArchiveError, applyChanges } from '../../sim/archive/index.ts';
import {
  EngineError,
  conflict,
  invalidName,
  invalidParameter,
  nameInUse,
  noCommand,
  refusal,
  system,
} from '../../sim/errors.ts';
import { runtimeFiles } from '../../sim/fs/layered/init.ts';
import { makeConfig } from '../../sim/images/config.ts';
import { parseNormalizedNamed } from '../../sim/images/reference.ts';
import type { Command, LifecycleState } from '../../sim/lifecycle/containerMachine.ts';
import { verdict } from '../../sim/lifecycle/verdict.ts';
import { PROFILES, type Profile } from '../../sim/profile.ts';
import { inspectContainer, summarize } from '../../sim/engine/inspect.ts';
import { compileFilters } from '../../sim/engine/listFilter.ts';
import { generateName, isValidName } from '../../sim/engine/names.ts';
import { Random, newId } from '../../sim/engine/random.ts';
import { RestartManager } from '../../sim/engine/restartManager.ts';
import { AttachSession } from '../../sim/engine/session.ts';
import { defaultHostConfig, mergeEnv, parseSignal, validSignal } from '../../sim/engine/simEngine.ts';
import { findContainer, getContainer, Lifecycle, type RefusalRecord, type TransitionRecord } from '../../sim/engine/lifecycle.ts';
import { bindMountPoint, parseBind, type ParsedBind } from '../../sim/engine/volumes.ts';
import { fromRecord, simView, toRecord, type ContainerRecord, type NativeContainer } from './container.ts';
import { fileSize, lineEnd, readLogFrom, type LogEntry } from './jsonLog.ts';
import { TaskStartError, type ContainerLayer, type ExecHandle, type ImagePort, type MountSpec, type RuntimePort, type TaskExit } from './ports.ts';
import { top } from './top.ts';
import { PortProxy } from './portProxy.ts';
import { createNetwork, portFilterKeys, portsMatch } from '../../sim/engine/ports.ts';
import { mergedView } from '../images/index.ts';
import { resolveInRoot } from './hostRoot.ts';
import { discard } from '../runtime/trash.ts';
import { LiveReader, truncateLive } from './liveStream.ts';
import { closeStandby } from '../runtime/shim.ts';
import { isSameProcessAlive, procStartTime } from '../runtime/proc.ts';
import { NativeVolumes, copyUp, dirSize, nativeVolumeInfo, nativeVolumeMountPoint } from './volumes.ts';

const SIGKILL = 9;
const DEFAULT_STOP_TIMEOUT_S = 10;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** How often a running container's json log is read for attached clients and `logs -f`. */
const LOG_POLL_MS = 15;

export interface NativeEngineOptions {
  stateRoot: string;
  runtime: RuntimePort;
  images: ImagePort;
  profile?: Profile;
  /** Names this backend process in the records it writes (cleanup after a script). */
  owner?: string;
  /** Seed for generated names (IDs always come from the system's randomness). */
  seed?: number;
  /**
   * A directory standing in for the host's `/` for bind mounts (`classroom serve`: the
   * session's own host files): `-v /srv:/data` mounts `<hostRoot>/srv`, resolved inside
   * it at every start (hostRoot.ts). Inspect still shows `/srv`. Default: the real host.
   */
  hostRoot?: string;
}

interface NativeExec {
  id: string;
  container: NativeContainer;
  config: ExecConfig;
  running: boolean;
  exitCode: number | null;
  pid: number;
  handle?: ExecHandle;
}

/** The host's docker-init (tini, statically linked) that --init bind-mounts at /sbin/docker-init. */
export function initBinary(): string {
  for (const p of ['/usr/bin/tini-static', '/usr/libexec/docker/docker-init', '/usr/bin/docker-init']) {
    try {
      const real = realpathSync(p);
      if (statSync(real).isFile()) return real;
    } catch {
      /* next */
    }
  }
  throw new TaskStartError('exec: "docker-init": executable file not found in $PATH (install the static tini: apt-get install -y tini)');
}

/** This process as an owner of records: `<pid>:<start time>` (a recycled PID is not mistaken for it). */
export function processOwner(pid = process.pid): string {
  return `${pid}:${procStartTime(pid) ?? 0}`;
}

/** Whether the process that wrote `owner` still runs. */
export function ownerAlive(owner: string): boolean {
  const [pid, start] = owner.split(':');
  return isSameProcessAlive(Number(pid), start === undefined || start === '0' ? null : Number(start));
}

/** 127 / 126 / 128 for runc's message of a failed exec (daemon/errors.go). */
export function exitCodeForMessage(message: string): number {
  if (/permission denied|is a directory/.test(message)) return 126;
  if (/executable file not found|no such file or directory|not a directory/.test(message)) return 127;
  return 128;
}

export class NativeEngine implements Engine {
  readonly profile: Profile;
  readonly root: string;
  readonly runtime: RuntimePort;
  readonly images: ImagePort;
  readonly volumes: NativeVolumes;
  readonly owner: string;
  readonly #hostRoot: string | undefined;
  readonly #rng: Random;
  readonly #recordsDir: string;
  readonly #containers = new Map<string, NativeContainer>();
  readonly #byName = new Map<string, NativeContainer>();
  readonly #layers = new Map<string, ContainerLayer>();
  readonly #execs = new Map<string, NativeExec>();
  readonly #exitWatch = new Map<string, () => void>();
  readonly #logTimers = new Map<string, ReturnType<typeof setInterval>>();
  /** Published ports: loopback listeners relaying into the containers' network namespaces. */
  readonly #ports = new PortProxy();
  /** Lifecycle verdicts, moves and their observers (shared with the simulator's engine). */
  readonly #lifecycle: Lifecycle;
  /** Work started by runtime events (exits, restarts, --rm), for close(). */
  readonly #background = new Set<Promise<unknown>>();
  readonly #liveReaders = new Map<string, LiveReader>();
  #closed = false;

  constructor(opts: NativeEngineOptions) {
    this.profile = opts.profile ?? PROFILES['29'];
    this.#lifecycle = new Lifecycle(this.profile, () => this.now());
    this.root = opts.stateRoot;
    this.runtime = opts.runtime;
    this.images = opts.images;
    this.owner = opts.owner ?? processOwner();
    this.#hostRoot = opts.hostRoot;
    this.#rng = new Random(opts.seed ?? randomBytes(4).readUInt32LE(0));
    // Docker's layout: <root>/containers/<id>/{config.v2.json,hosts,hostname,resolv.conf,<id>-json.log}
    this.#recordsDir = join(this.root, 'containers');
    mkdirSync(this.#recordsDir, { recursive: true, mode: 0o700 });
    this.volumes = new NativeVolumes(join(this.root, 'volumes'), this.owner);
  }

  now(): number {
    return Date.now();
  }

  onTransition(cb: (e: TransitionRecord) => void): () => void {
    return this.#lifecycle.onTransition(cb);
  }

  onRefusal(cb: (e: RefusalRecord) => void): () => void {
    return this.#lifecycle.onRefusal(cb);
  }

  /** All containers, oldest first. */
  containers(): readonly NativeContainer[] {
    return [...this.#containers.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  // ---- persistence ------------------------------------------------------------

  /**
   * Reads the containers of the state root. Running ones whose task is still alive are
   * watched again; the others are marked exited with the code the shim recorded (255
   * when none, as dockerd restores a container whose task is gone).
   */
  async restore(): Promise<void> {
    for (const id of readdirSync(this.#recordsDir)) {
      let rec: ContainerRecord;
      try {
        rec = JSON.parse(readFileSync(join(this.#recordsDir, id, 'config.v2.json'), 'utf8')) as ContainerRecord;
      } catch {
        continue;
      }
      const c = fromRecord(rec);
      this.#containers.set(c.id, c);
      this.#byName.set(c.name, c);
      try {
        this.#layers.set(c.id, this.images.layerOf(c.layerId, c.imageId));
      } catch {
        /* the layer is gone: diff/export will fail, rm still works */
      }
      if (c.state === 'removing') {
        await this.#remove(c, false);
        continue;
      }
      if (c.state === 'running' || c.state === 'paused') {
        if (this.runtime.alive(c.id)) {
          c.task = { pid: c.pid, stop: () => {} };
          c.logOffset = fileSize(this.runtime.logPath(c.id));
          this.#live(c).fromNow();
          this.#watch(c);
          await this.#ports.restore(c);
          continue;
        }
        const exit = this.runtime.exitOf(c.id);
        await this.#cleanupTask(c);
        c.pid = 0;
        c.exitCode = exit?.code ?? 255;
        c.finishedAt = exit?.at ?? Date.now();
        this.#move(c, 'task.exit');
        c.sandboxId = '';
        c.ports = {};
        this.#save(c);
      } else if (c.state === 'restarting') {
        c.restartTimer = setTimeout(() => this.#restartNow(c), 0);
      }
    }
  }

  #save(c: NativeContainer): void {
    // removed, or being removed (no longer registered): its record must not come back
    if (c.state === 'removed' || this.#containers.get(c.id) !== c) return;
    const dir = this.#containerDir(c);
    mkdirSync(dir, { recursive: true, mode: 0o710 });
    const file = join(dir, 'config.v2.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(toRecord(c)));
    renameSync(`${file}.tmp`, file);
  }

  // ---- lookup -----------------------------------------------------------------

  find(ref: string): NativeContainer | undefined {
    return findContainer(ref, this.#containers, this.#byName);
  }

  get(ref: string): NativeContainer {
    return getContainer(ref, this.#containers, this.#byName);
  }

  #judge(c: NativeContainer, command: Command, typed: string): ReturnType<typeof verdict> {
    return this.#lifecycle.judge(c, command, typed);
  }

  #move(c: NativeContainer, event: string): void {
    this.#lifecycle.move(c, event);
    this.#save(c);
  }

  /** A bind mount's host path on this machine (inside hostRoot when there is one). */
  #hostPath(path: string): string {
    if (this.#hostRoot === undefined) return path;
    try {
      return resolveInRoot(this.#hostRoot, path);
    } catch (e) {
      throw invalidParameter(`invalid mount config: ${path}: ${(e as Error).message}`);
    }
  }

  #running(c: NativeContainer): boolean {
    return c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
  }

  #layer(c: NativeContainer): ContainerLayer {
    let l = this.#layers.get(c.id);
    if (!l) {
      l = this.images.layerOf(c.layerId, c.imageId);
      this.#layers.set(c.id, l);
    }
    return l;
  }

  /** Unmounts the root, drops runc state and cgroups of a task that ended (best effort). */
  async #cleanupTask(c: NativeContainer): Promise<void> {
    try {
      await this.runtime.cleanupTask(c.id, this.#layer(c));
    } catch {
      /* gc removes what is left */
    }
  }

  #containerDir(c: NativeContainer): string {
    return join(this.#recordsDir, c.id);
  }

  // ---- create -----------------------------------------------------------------

  async containerCreate(req: CreateRequest): Promise<{ Id: string; Warnings: string[] }> {
    const hostConfig: HostConfig = { ...defaultHostConfig(), ...req.hostConfig };
    const warnings = createNetwork(req.config, hostConfig, (ref) => this.find(ref));
    this.#validateRestartPolicy(hostConfig.RestartPolicy);
    const binds = (hostConfig.Binds ?? []).map(parseBind);
    const wd = req.config.WorkingDir;
    if (wd && !wd.startsWith('/')) {
      throw invalidParameter(`the working directory '${wd}' is invalid, it needs to be an absolute path`);
    }
    const policy = hostConfig.RestartPolicy;
    if (hostConfig.AutoRemove && policy.Name !== '' && policy.Name !== 'no') {
      throw invalidParameter(`can't create 'AutoRemove' container with restart policy`);
    }
    const image = this.images.findLocal(req.config.Image);
    if (!image) throw this.images.notFoundError(req.config.Image);
    const ic = image.config;
    const uc = req.config;

    const clearedEntrypoint = uc.Entrypoint?.length === 1 && uc.Entrypoint[0] === '';
    const userEntrypoint = clearedEntrypoint ? [] : (uc.Entrypoint ?? null);
    let cmd = uc.Cmd && uc.Cmd.length ? [...uc.Cmd] : null;
    let entrypoint = userEntrypoint && userEntrypoint.length ? [...userEntrypoint] : null;
    if (!entrypoint && !clearedEntrypoint) {
      if (!cmd) cmd = ic.Cmd ? [...ic.Cmd] : null;
      if (userEntrypoint === null) entrypoint = ic.Entrypoint ? [...ic.Entrypoint] : null;
    }
    if ((!entrypoint || entrypoint.length === 0) && (!cmd || cmd.length === 0)) throw noCommand(this.profile);
    const workingDir = uc.WorkingDir || ic.WorkingDir || '';

    if (req.name !== undefined && req.name !== '') {
      if (!isValidName(req.name)) throw invalidName(req.name);
      const clean = req.name.replace(/^\//, '');
      const holder = this.#byName.get(clean);
      if (holder) throw nameInUse(clean, holder.id);
    }
    const id = this.#newId();
    const shortId = id.slice(0, 12);
    const name = req.name ? req.name.replace(/^\//, '') : generateName(this.#rng, (n) => this.#byName.has(n), shortId);

    const merged = mergeEnv(ic.Env ?? [], uc.Env ?? []);
    const env = merged.length ? merged : null;
    const exposed = { ...(ic.ExposedPorts ?? {}), ...(uc.ExposedPorts ?? {}) };
    for (const port of Object.keys(hostConfig.PortBindings)) exposed[port] = {};
    const config: ContainerConfig = {
      Hostname: uc.Hostname || shortId,
      Domainname: uc.Domainname ?? '',
      User: uc.User || ic.User || '',
      AttachStdin: uc.AttachStdin ?? false,
      AttachStdout: uc.AttachStdout ?? false,
      AttachStderr: uc.AttachStderr ?? false,
      ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
      Tty: uc.Tty ?? false,
      OpenStdin: uc.OpenStdin ?? false,
      StdinOnce: uc.StdinOnce ?? false,
      Env: env,
      Cmd: cmd,
      Image: uc.Image,
      Volumes: uc.Volumes ?? ic.Volumes ?? null,
      WorkingDir: workingDir,
      Entrypoint: entrypoint,
      OnBuild: null,
      Labels: { ...(ic.Labels ?? {}), ...(uc.Labels ?? {}) },
      ...(uc.StopSignal || ic.StopSignal ? { StopSignal: uc.StopSignal || ic.StopSignal } : {}),
      ...(uc.StopTimeout !== undefined ? { StopTimeout: uc.StopTimeout } : {}),
    };
    const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
    const layer = this.images.createLayer(id, image.id, randomBytes(32).toString('hex'));
    this.#layers.set(id, layer);
    const c = fromRecord({
      id,
      name,
      createdAt: this.now(),
      path: argv[0] ?? '',
      args: argv.slice(1),
      config,
      hostConfig,
      imageId: image.id,
      mounts: [],
      layerId: layer.layerId,
      state: 'created',
      pid: 0,
      exitCode: 0,
      error: '',
      startedAt: 0,
      finishedAt: 0,
      oomKilled: false,
      restartCount: 0,
      manuallyStopped: false,
      restart: { count: 0, delayMs: 0, cancelled: false },
      sandboxId: '',
      execIds: [],
      owner: this.owner,
    });
    try {
      c.mounts = this.#setUpMounts(c, binds, layer);
    } catch (e) {
      this.images.removeLayer(layer.layerId, id);
      this.#layers.delete(id);
      throw e;
    }
    this.#containers.set(id, c);
    this.#byName.set(name, c);
    this.#save(c);
    this.#lifecycle.created(c);
    return { Id: id, Warnings: warnings };
  }

  #newId(): string {
    for (;;) {
      const id = newId(new Random(randomBytes(4).readUInt32LE(0)));
      if (!this.#containers.has(id)) return id;
    }
  }

  #validateRestartPolicy(policy: HostConfig['RestartPolicy']): void {
    const old = this.profile.version === '20.10';
    const known = ['', 'no', 'always', 'unless-stopped', 'on-failure'].includes(policy.Name);
    if (!known) {
      throw invalidParameter(
        old
          ? `invalid restart policy '${policy.Name}'`
          : `invalid restart policy: unknown policy '${policy.Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
      );
    }
    if (policy.Name === 'on-failure' && policy.MaximumRetryCount < 0) {
      throw invalidParameter(old ? 'maximum retry count cannot be negative' : 'invalid restart policy: maximum retry count cannot be negative');
    }
    if (policy.Name !== 'on-failure' && policy.Name !== '' && policy.MaximumRetryCount !== 0) {
      throw invalidParameter(
        old
          ? `maximum retry count cannot be used with restart policy '${policy.Name}'`
          : `invalid restart policy: maximum retry count can only be used with 'on-failure'`,
      );
    }
  }

  /**
   * -v and VOLUME: named volumes (made when missing, as directories under the state
   * root), bind mounts of host directories (made when missing), --volumes-from, and
   * an anonymous volume for every other VOLUME path. A new volume gets a copy of what
   * the image has at its path; every mount point exists in the container's layer.
   */
  #setUpMounts(c: NativeContainer, binds: ParsedBind[], layer: ContainerLayer): MountPoint[] {
    const mounts: MountPoint[] = [];
    const taken = (dest: string) => mounts.some((m) => m.Destination === dest);
    const fresh: Array<{ dir: string; dest: string }> = [];
    for (const b of binds) {
      if (taken(b.destination)) throw invalidParameter(`Duplicate mount point: ${b.destination}`);
      if (b.type === 'bind') {
        const source = this.#hostPath(b.source);
        if (!existsSync(source)) mkdirSync(source, { recursive: true, mode: 0o755 });
        mounts.push(bindMountPoint(b));
        continue;
      }
      const { volume, isNew } = this.volumes.create(b.source);
      if (isNew) fresh.push({ dir: volume.dir, dest: b.destination });
      mounts.push(nativeVolumeMountPoint(volume, b.destination, b.mode, b.rw));
    }
    for (const from of c.hostConfig.VolumesFrom ?? []) {
      const [ref = '', mode = ''] = from.split(':');
      const other = this.get(ref);
      for (const m of other.mounts) {
        if (taken(m.Destination)) continue;
        mounts.push({ ...m, ...(mode === 'ro' ? { RW: false } : {}) });
      }
    }
    for (const dest of Object.keys(c.config.Volumes ?? {})) {
      if (taken(dest)) continue;
      const { volume } = this.volumes.create(randomBytes(32).toString('hex'), { anonymous: true });
      fresh.push({ dir: volume.dir, dest });
      mounts.push(nativeVolumeMountPoint(volume, dest, '', true));
    }
    for (const { dir, dest } of fresh) copyUp(layer.lowers, dest, dir);
    // Mount points missing from the image are made in the upper dir (a merged view is a
    // scan of every layer: only worth it when something is mounted).
    const view = mounts.length ? mergedView({ upper: layer.upper, lowers: layer.lowers }) : null;
    for (const m of mounts) {
      try {
        view!.resolve(m.Destination, true);
      } catch {
        mkdirSync(join(layer.upper, m.Destination), { recursive: true, mode: 0o755 });
      }
    }
    return mounts;
  }

  // ---- volumes ----------------------------------------------------------------

  async volumeCreate(name: string | undefined, labels: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const { volume } = this.volumes.create(name || randomBytes(32).toString('hex'), { labels, options: {}, anonymous: false });
    return nativeVolumeInfo(volume);
  }

  async volumeList(filters: Record<string, string[]> = {}): Promise<Array<Record<string, unknown>>> {
    const dangling = filters['dangling']?.[0];
    return this.volumes
      .list()
      .filter((v) => dangling === undefined || (this.volumeUsers(v.name).length === 0) === (dangling === 'true' || dangling === '1'))
      .filter((v) => !filters['name'] || filters['name'].some((n) => v.name.includes(n)))
      .map(nativeVolumeInfo);
  }

  async volumeInspect(name: string): Promise<Record<string, unknown>> {
    const v = this.volumes.get(name);
    if (!v) throw new EngineError('notFound', `get ${name}: no such volume`);
    return nativeVolumeInfo(v);
  }

  async volumeRemove(name: string, force = false): Promise<void> {
    this.volumes.remove(name, this.volumeUsers(name), force);
  }

  async volumesPrune(all = false): Promise<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let space = 0;
    for (const v of this.volumes.list()) {
      if (this.volumeUsers(v.name).length) continue;
      if (this.profile.version !== '20.10' && !all && !v.anonymous) continue;
      space += dirSize(v.dir);
      this.volumes.remove(v.name, []);
      deleted.push(v.name);
    }
    return { VolumesDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
  }

  volumeUsers(name: string): string[] {
    return [...this.#containers.values()].filter((c) => c.mounts.some((m) => m.Name === name)).map((c) => c.id);
  }

  async systemDf(): Promise<{
    layersSize: number;
    images: Array<{ size: number; shared: number; containers: number }>;
    containers: Array<{ sizeRw: number; running: boolean }>;
    volumes: Array<{ size: number; refs: number }>;
  }> {
    const df = this.images.df();
    return {
      layersSize: df.layersSize,
      images: df.images.map((i) => ({ size: i.size, shared: i.shared, containers: this.#usersOf(i.id).length })),
      containers: this.containers().map((c) => ({ sizeRw: this.#sizes(c).SizeRw, running: this.#running(c) })),
      volumes: this.volumes.list().map((v) => ({ size: dirSize(v.dir), refs: this.volumeUsers(v.name).length })),
    };
  }

  #sizes(c: NativeContainer): { SizeRw: number; SizeRootFs: number } {
    try {
      return this.images.sizes(this.#layer(c), c.imageId);
    } catch {
      return { SizeRw: 0, SizeRootFs: 0 };
    }
  }

  // ---- start ------------------------------------------------------------------

  async containerStart(ref: string): Promise<void> {
    await this.#quiet(ref);
    const c = this.get(ref);
    this.#judge(c, 'start', ref);
    c.restartManager = new RestartManager(c.hostConfig.RestartPolicy);
    c.restartCount = 0;
    c.manuallyStopped = false;
    await this.#startTask(c, 'container.start');
  }

  /**
   * runc create + start through the shim. On failure the container keeps its state with
   * ExitCode and Error set. A failed restart by the restart policy (monitor.go) ends
   * `exited` with the LAST RUN's ExitCode and FinishedAt, the start error in State.Error,
   * and wakes `docker wait`; a failed manual start sets 127/126/128. An AutoRemove
   * container is removed either way (the simulator's #startTask, step for step).
   */
  async #startTask(c: NativeContainer, event: string): Promise<void> {
    if (this.#containers.get(c.id) !== c) return; // removed before this start began
    const spec = this.#processSpec(c);
    const layer = this.#layer(c);
    const dir = this.#containerDir(c);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files = runtimeFiles({ hostname: c.config.Hostname || c.id.slice(0, 12), domainname: c.config.Domainname });
    const etc = { hosts: join(dir, 'hosts'), hostname: join(dir, 'hostname'), resolvConf: join(dir, 'resolv.conf') };
    writeFileSync(etc.hosts, files['/etc/hosts']);
    writeFileSync(etc.hostname, files['/etc/hostname']);
    writeFileSync(etc.resolvConf, files['/etc/resolv.conf']);
    // The log where Docker keeps it (inspect's LogPath): a link to the one the shim writes.
    const dockerLog = join(dir, `${c.id}-json.log`);
    if (!existsSync(dockerLog)) {
      try {
        symlinkSync(this.runtime.logPath(c.id), dockerLog);
      } catch {
        /* LogPath then names a missing file; the logs still work */
      }
    }
    const mounts: MountSpec[] = c.mounts.map((m) => ({ destination: m.Destination, source: m.Type === 'bind' ? this.#hostPath(m.Source) : m.Source, readOnly: !m.RW }));
    const logPath = this.runtime.logPath(c.id);
    const offset = fileSize(logPath);
    // A new run, a new live stream: clients attached before the start see all of it.
    truncateLive(this.runtime.livePath(c.id));
    this.#live(c).offset = 0;
    // the network (and its published ports) comes before the task, as in containerStart
    try {
      await this.#ports.connect(c, { old: this.profile.version === '20.10', find: (ref) => this.find(ref), endpointId: () => randomBytes(32).toString('hex') });
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      c.error = e.message;
      if (event === 'restart.start') {
        this.#move(c, 'restart.fail');
        this.#resolveWaiters(c, ['next-exit', 'not-running']);
      } else if (c.exitCode === 0) {
        c.exitCode = 128;
      }
      await this.#afterStop(c);
      throw e;
    }
    let started: { pid: number };
    try {
      started = await this.runtime.start({
        id: c.id,
        ...spec,
        hostname: c.config.Hostname || c.id.slice(0, 12),
        layer,
        mounts,
        etc,
        ...(c.hostConfig.Init ? { init: initBinary() } : {}),
        limits: {
          memory: c.hostConfig.Memory,
          nanoCpus: c.hostConfig.NanoCpus,
          cpuShares: c.hostConfig.CpuShares,
          pidsLimit: c.hostConfig.PidsLimit,
        },
      });
    } catch (e) {
      await this.#cleanupTask(c);
      this.#ports.release(c);
      // runc's refusal to start the program (127/126/128), or a failure of the runtime itself (128)
      const runc = e instanceof TaskStartError;
      const code = runc ? exitCodeForMessage(e.message) : 128;
      const message = runc
        ? `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${e.message}: unknown`
        : `failed to create task for container: ${(e as Error).message}`;
      c.error = message;
      if (event === 'restart.start') {
        // monitor.go: SetStopped with the LAST RUN's exit status (ExitCode, FinishedAt kept)
        this.#move(c, 'restart.fail');
        this.#resolveWaiters(c, ['next-exit', 'not-running']);
      } else {
        c.exitCode = code;
      }
      // start.go's deferred cleanup: an AutoRemove container goes either way
      await this.#afterStop(c);
      throw code === 128 ? system(message) : invalidParameter(message);
    }
    if (verdict(c.state, event).kind !== 'move') {
      // the container was stopped or removed while runc started it: that start does not count
      await this.runtime.kill(c.id, SIGKILL, true).catch(() => undefined);
      await new Promise<void>((resolve) => {
        const cancel = this.runtime.watchExit(c.id, () => {
          cancel();
          resolve();
        });
      });
      await this.#cleanupTask(c);
      this.#ports.release(c);
      if (this.#containers.get(c.id) !== c) {
        // removed meanwhile (rm -f during a policy restart): what this start made again goes too
        await this.runtime.remove(c.id).catch(() => undefined);
        this.images.removeLayer(c.layerId, c.id);
        discard(this.root, this.#containerDir(c));
      }
      return;
    }
    c.task = { pid: started.pid, stop: () => {} };
    c.sandboxId = randomBytes(32).toString('hex');
    c.pid = started.pid;
    c.exitCode = 0;
    c.error = '';
    c.oomKilled = false;
    c.startedAt = this.now();
    c.logOffset = offset;
    this.#move(c, event);
    this.#watch(c);
  }

  #processSpec(c: NativeContainer): { argv: string[]; env: string[]; cwd: string; user: string; tty: boolean; openStdin: boolean } {
    const env: string[] = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${c.config.Hostname}`];
    if (c.config.Tty) env.push('TERM=xterm');
    const merged = mergeEnv(env, c.config.Env ?? []);
    if (!merged.some((e) => e.startsWith('HOME='))) merged.push('HOME=/root');
    return {
      argv: c.hostConfig.Init ? ['/sbin/docker-init', '--', c.path, ...c.args] : [c.path, ...c.args],
      env: merged,
      cwd: c.config.WorkingDir || '/',
      user: c.config.User,
      tty: c.config.Tty,
      openStdin: c.config.OpenStdin,
    };
  }

  /** Follows a started task: its log for live listeners, its exit. */
  #watch(c: NativeContainer): void {
    this.#unwatch(c);
    const timer = setInterval(() => this.#pump(c), LOG_POLL_MS);
    timer.unref?.();
    this.#logTimers.set(c.id, timer);
    const cancel = this.runtime.watchExit(c.id, (exit) => {
      this.#track(this.#serial(c, () => this.#handleExit(c, exit)));
    });
    this.#exitWatch.set(c.id, cancel);
  }

  #unwatch(c: NativeContainer): void {
    const t = this.#logTimers.get(c.id);
    if (t) clearInterval(t);
    this.#logTimers.delete(c.id);
    this.#exitWatch.get(c.id)?.();
    this.#exitWatch.delete(c.id);
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#background.add(p);
    const done = () => this.#background.delete(p);
    p.then(done, done);
    return p;
  }

  /** Runs `fn` after every earlier serialised operation on `c`. */
  #serial<T>(c: NativeContainer, fn: () => Promise<T>): Promise<T> {
    const run = c.busy.then(fn, fn);
    c.busy = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** New complete lines of the json log go to attached clients and `logs -f` followers. */
  #pump(c: NativeContainer): void {
    // nobody listens: nothing to read (a new listener starts from #listenFromNow)
    if (!this.#listened(c)) return;
    // Attached clients get the output as it came (the live stream), `logs -f` whole lines.
    if (c.attached.size) {
      for (const chunk of this.#live(c).read()) for (const sink of c.attached) sink.push(chunk.stream, chunk.text);
    }
    const { entries, offset } = readLogFrom(this.runtime.logPath(c.id), c.logOffset);
    c.logOffset = offset;
    for (const e of entries) {
      if (c.logFollowers.size) {
        const line: LogLine = { stream: e.stream, text: e.text, time: e.time };
        for (const f of c.logFollowers) f(line);
      }
    }
  }

  #listened(c: NativeContainer): boolean {
    return c.attached.size > 0 || c.logFollowers.size > 0;
  }

  /** Before the first live listener: live lines start after what the log holds now. */
  #listenFromNow(c: NativeContainer): void {
    if (c.task && !this.#listened(c)) {
      c.logOffset = Math.max(c.logOffset, lineEnd(this.runtime.logPath(c.id), c.logOffset));
      this.#live(c).fromNow();
    }
  }

  /** The reader of the container's live output stream (one per container, kept across runs). */
  #live(c: NativeContainer): LiveReader {
    let r = this.#liveReaders.get(c.id);
    if (!r) {
      r = new LiveReader(this.runtime.livePath(c.id));
      this.#liveReaders.set(c.id, r);
    }
    return r;
  }

  // ---- exits and restarts -----------------------------------------------------

  async #handleExit(c: NativeContainer, exit: TaskExit): Promise<void> {
    if (!c.task) return;
    this.#unwatch(c);
    this.#ports.release(c);
    this.#pump(c);
    for (const s of [...c.attached]) s.end('exited');
    truncateLive(this.runtime.livePath(c.id));
    await this.#cleanupTask(c);
    const ranFor = exit.at - c.startedAt;
    c.task = undefined;
    c.pid = 0;
    c.exitCode = exit.code;
    c.oomKilled = exit.oomKilled;
    c.finishedAt = exit.at;
    for (const ex of this.#execs.values()) if (ex.container === c && ex.running) ex.running = false;
    const listeners = c.exitListeners.splice(0);
    const delay = c.restartManager.shouldRestart(exit.code, c.manuallyStopped, ranFor);
    if (delay !== undefined && c.state === 'running') {
      c.restartCount++;
      this.#move(c, 'task.exitRestart');
      // SetRestarting closes waitStop: `docker wait`, attach and logs -f end at this exit too
      this.#resolveWaiters(c, ['next-exit', 'not-running']);
      c.restartTimer = setTimeout(() => this.#restartNow(c), delay);
    } else {
      if (c.state === 'paused' || c.state === 'running') this.#move(c, 'task.exit');
      this.#resolveWaiters(c, ['next-exit', 'not-running']);
      await this.#afterStop(c);
    }
    for (const l of listeners) l();
  }

  #restartNow(c: NativeContainer): void {
    c.restartTimer = undefined;
    if (c.state !== 'restarting' || this.#closed) return;
    const starting = this.#serial(c, async () => {
      if (c.state !== 'restarting') return;
      try {
        await this.#startTask(c, 'restart.start');
      } catch {
        /* recorded on the container; #startTask moved it to exited */
      }
    });
    c.starting = starting;
    this.#track(starting.finally(() => {
      if (c.starting === starting) c.starting = undefined;
    }));
  }

  /** Waits for a start by the restart policy that is under way (commands see its outcome). */
  async #quiet(ref: string): Promise<void> {
    const c = this.find(ref);
    if (c?.starting) await c.starting.catch(() => undefined);
  }

  async #afterStop(c: NativeContainer): Promise<void> {
    c.sandboxId = '';
    this.#save(c);
    if (c.hostConfig.AutoRemove && !c.holdAutoRemove && (c.state === 'exited' || c.state === 'created')) {
      await this.#remove(c, true);
    }
  }

  #resolveWaiters(c: NativeContainer, conditions: WaitCondition[]): void {
    const keep = [];
    for (const w of c.waiters) {
      if (conditions.includes(w.condition)) w.resolve(c.exitCode);
      else keep.push(w);
    }
    c.waiters = keep;
  }

  /** Resolves true once PID 1 has exited (and the exit was handled), false after `ms`. */
  #waitExit(c: NativeContainer, ms: number): Promise<boolean> {
    if (!c.task) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        resolve(true);
      };
      c.exitListeners.push(done);
      if (ms >= 0 && Number.isFinite(ms)) {
        timer = setTimeout(() => {
          const i = c.exitListeners.indexOf(done);
          if (i >= 0) c.exitListeners.splice(i, 1);
          resolve(false);
        }, ms);
      }
    });
  }

  // ---- stop / kill / restart --------------------------------------------------

  async containerStop(ref: string, opts: StopOptions = {}): Promise<void> {
    await this.#quiet(ref);
    const c = this.get(ref);
    const v = this.#judge(c, 'stop', ref);
    c.manuallyStopped = true;
    c.restartManager.cancel();
    if (v.kind === 'move') {
      this.#cancelRestart(c);
      this.#move(c, 'container.stop');
      this.#resolveWaiters(c, ['not-running']);
      await this.#afterStop(c);
      return;
    }
    await this.#stopProcess(c, opts);
  }

  #cancelRestart(c: NativeContainer): void {
    if (c.restartTimer) clearTimeout(c.restartTimer);
    c.restartTimer = undefined;
  }

  async #stopProcess(c: NativeContainer, opts: StopOptions): Promise<void> {
    const sigName = opts.signal ?? c.config.StopSignal ?? 'SIGTERM';
    const sig = parseSignal(sigName);
    if (sig === undefined) throw invalidParameter(`Invalid signal: ${sigName}`);
    const timeoutS = opts.timeout ?? c.config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
    await this.#signal(c, sig);
    const exited = await this.#waitExit(c, timeoutS < 0 ? Infinity : timeoutS * 1000);
    if (!exited && c.task) {
      await this.#signal(c, SIGKILL);
      await this.#waitExit(c, Infinity);
    }
  }

  /** Signals PID 1 (SIGKILL: every process); a paused task is resumed so that the signal arrives. */
  async #signal(c: NativeContainer, sig: number): Promise<void> {
    if (!c.task) return;
    await this.runtime.kill(c.id, sig, sig === SIGKILL).catch(() => undefined);
    if (c.state === 'paused' && c.task) {
      await this.runtime.resume(c.id).catch(() => undefined);
      this.#move(c, 'container.unpause');
    }
  }

  async containerKill(ref: string, signal = 'KILL'): Promise<void> {
    const old = this.profile.version === '20.10';
    const prefix = old ? 'Cannot kill container' : 'cannot kill container';
    const sig = parseSignal(signal);
    if (sig === undefined) throw invalidParameter(old ? `Invalid signal: ${signal}` : `${prefix}: ${ref}: Invalid signal: ${signal}`);
    const unsupported = () => invalidParameter(`${prefix}: ${ref}: ${old ? 'The' : 'the'} linux daemon does not support signal ${sig}`);
    if (!old && !validSignal(sig)) throw unsupported();
    const c = this.find(ref);
    if (!c) throw new EngineError('notFound', `${prefix}: ${ref}: No such container: ${ref}`);
    if (!validSignal(sig)) throw unsupported();
    await this.#quiet(ref);
    const v = this.#judge(c, 'kill', ref);
    c.manuallyStopped = true;
    const stopSignal = c.config.StopSignal ? parseSignal(c.config.StopSignal) : undefined;
    if (stopSignal === undefined || sig === SIGKILL || sig === stopSignal) c.restartManager.cancel();
    if (v.kind === 'move') {
      this.#cancelRestart(c);
      this.#move(c, 'container.kill');
      this.#resolveWaiters(c, ['not-running']);
      await this.#afterStop(c);
      return;
    }
    if (sig === SIGKILL) {
      await this.#signal(c, SIGKILL);
      await this.#waitExit(c, Infinity);
      return;
    }
    if (!c.task) return;
    await this.runtime.kill(c.id, sig).catch(() => undefined);
    if (c.state === 'paused' && c.restartManager.cancelled && c.task) {
      await this.runtime.resume(c.id).catch(() => undefined);
      this.#move(c, 'container.unpause');
    }
  }

  async containerRestart(ref: string, opts: StopOptions = {}): Promise<void> {
    await this.#quiet(ref);
    const c = this.get(ref);
    this.#judge(c, 'restart', ref);
    try {
      if (this.#running(c)) {
        c.holdAutoRemove = true;
        try {
          c.manuallyStopped = true;
          c.restartManager.cancel();
          if (c.state === 'restarting') {
            this.#cancelRestart(c);
            this.#move(c, 'container.stop');
            this.#resolveWaiters(c, ['not-running']);
          } else {
            await this.#stopProcess(c, opts);
          }
        } finally {
          c.holdAutoRemove = false;
        }
      }
      await this.containerStart(c.id);
    } catch (e) {
      if (e instanceof EngineError && e.errorClass === 'notFound') throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw system(`Cannot restart container ${ref}: ${msg}`);
    }
  }

  // ---- pause ------------------------------------------------------------------

  async containerPause(ref: string): Promise<void> {
    await this.#quiet(ref);
    const c = this.get(ref);
    this.#judge(c, 'pause', ref);
    try {
      await this.runtime.pause(c.id);
    } catch (e) {
      throw system(`Cannot pause container ${c.id}: ${(e as Error).message}`);
    }
    this.#move(c, 'container.pause');
  }

  async containerUnpause(ref: string): Promise<void> {
    await this.#quiet(ref);
    const c = this.get(ref);
    this.#judge(c, 'unpause', ref);
    try {
      await this.runtime.resume(c.id);
    } catch (e) {
      throw system(`Cannot unpause container ${c.id}: ${(e as Error).message}`);
    }
    this.#move(c, 'container.unpause');
  }

  // ---- remove / rename --------------------------------------------------------

  async containerRemove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.#quiet(ref);
    const c = this.get(ref);
    const v = this.#judge(c, opts.force ? 'forceRemove' : 'remove', ref);
    if (v.kind === 'allow') {
      c.manuallyStopped = true;
      c.restartManager.cancel();
      c.holdAutoRemove = true;
      try {
        if (c.state === 'restarting') {
          this.#cancelRestart(c);
          this.#move(c, 'container.kill');
          this.#resolveWaiters(c, ['not-running']);
        } else {
          await this.#signal(c, SIGKILL);
          await this.#waitExit(c, Infinity);
        }
      } finally {
        c.holdAutoRemove = false;
      }
    }
    await this.#remove(c, opts.volumes ?? false);
  }

  async #remove(c: NativeContainer, removeVolumes = false): Promise<void> {
    if (c.state === 'removing' && this.#containers.get(c.id) !== c) return;
    if (c.state === 'removed') return;
    if (c.state !== 'removing') this.#move(c, c.state === 'dead' ? 'container.remove' : 'container.forceRemove');
    this.#unwatch(c);
    this.#cancelRestart(c);
    this.#ports.release(c);
    this.#containers.delete(c.id);
    this.#liveReaders.delete(c.id);
    if (this.#byName.get(c.name) === c) this.#byName.delete(c.name);
    try {
      if (c.task) {
        await this.runtime.kill(c.id, SIGKILL, true).catch(() => undefined);
        c.task = undefined;
      }
      await this.#cleanupTask(c);
      await this.runtime.remove(c.id);
      this.images.removeLayer(c.layerId, c.id);
      this.#layers.delete(c.id);
      discard(this.root, this.#containerDir(c));
    } catch (e) {
      this.#containers.set(c.id, c);
      this.#byName.set(c.name, c);
      this.#move(c, 'removal.fail');
      c.error = `unable to remove filesystem for ${c.id}: ${(e as Error).message}`;
      this.#save(c);
      this.#resolveWaiters(c, ['removed', 'next-exit', 'not-running']);
      throw system(`container ${c.id}: driver "overlay2" failed to remove root filesystem: ${(e as Error).message}`);
    }
    if (removeVolumes) {
      for (const m of c.mounts) {
        const v = m.Name ? this.volumes.get(m.Name) : undefined;
        if (v?.anonymous && this.volumeUsers(v.name).length === 0) this.volumes.remove(v.name, []);
      }
    }
    for (const id of c.execIds) this.#execs.delete(id);
    this.#move(c, 'removal.done');
    this.#resolveWaiters(c, ['removed', 'next-exit', 'not-running']);
    for (const s of [...c.attached]) s.end('closed');
    c.logFollowers.clear();
  }

  async containerRename(ref: string, newName: string): Promise<void> {
    await this.#quiet(ref);
    const c = this.get(ref);
    this.#judge(c, 'rename', ref);
    if (newName === '' || ref === '') throw invalidParameter('Neither old nor new names may be empty');
    const clean = newName.replace(/^\//, '');
    if (!isValidName(newName)) {
      const shown = this.profile.version === '20.10' ? `/${clean}` : clean;
      throw invalidParameter(`Error when allocating new name: ${invalidName(shown).message}`);
    }
    if (clean === c.name) throw invalidParameter('Renaming a container with the same name as its current name');
    const holder = this.#byName.get(clean);
    if (holder) throw conflict(`Error when allocating new name: ${nameInUse(clean, holder.id).message}`);
    if (c.state === 'restarting') throw system(`sandbox ${c.sandboxId} not found`);
    this.#byName.delete(c.name);
    c.name = clean;
    this.#byName.set(clean, c);
    this.#save(c);
  }

  // ---- wait / inspect / list --------------------------------------------------

  async containerWait(ref: string, condition: WaitCondition = 'not-running', signal?: AbortSignal): Promise<WaitResult> {
    const c = this.get(ref);
    this.#judge(c, 'wait', ref);
    if (condition === 'not-running' && !this.#running(c)) return { StatusCode: c.exitCode, Error: null };
    return new Promise<WaitResult>((resolve, reject) => {
      const waiter = { condition, resolve: (code: number) => resolve({ StatusCode: code, Error: null }) };
      c.waiters.push(waiter);
      signal?.addEventListener('abort', () => {
        c.waiters = c.waiters.filter((w) => w !== waiter);
        reject(signal.reason);
      });
    });
  }

  async containerInspect(ref: string, opts: { size?: boolean } = {}): Promise<ContainerInspect> {
    const c = this.get(ref);
    const layer = this.#layers.get(c.id);
    const out = inspectContainer(simView(c), this.profile, { dataRoot: this.root, ...(layer ? { imageGraph: {} } : {}) });
    const dir = this.#containerDir(c);
    const started = c.startedAt !== 0 || c.finishedAt !== 0 || c.exitCode !== 0;
    Object.assign(out, {
      ResolvConfPath: started ? join(dir, 'resolv.conf') : '',
      HostnamePath: started ? join(dir, 'hostname') : '',
      HostsPath: started ? join(dir, 'hosts') : '',
      LogPath: started ? join(dir, `${c.id}-json.log`) : '',
      GraphDriver: { Data: layer?.graph ?? {}, Name: 'overlay2' },
    });
    if (opts.size) Object.assign(out, this.#sizes(c));
    return out;
  }

  async containerList(opts: ListOptions = {}): Promise<ContainerSummary[]> {
    const compiled = compileFilters(opts.filters ?? {}, {
      portFilter: { keys: portFilterKeys, match: portsMatch },
      profile: this.profile,
      lookup: (r) => {
        const c = this.find(r);
        return c ? simView(c) : undefined;
      },
      ancestorIds: (r) => this.images.ancestorIds(r),
    });
    const all = opts.all || compiled.impliesAll || (opts.limit ?? 0) > 0;
    const now = this.now();
    const out: ContainerSummary[] = [];
    const list = this.containers();
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i]!;
      if (!all && !this.#running(c)) continue;
      const view = simView(c);
      if (!compiled.predicate(view)) continue;
      const s = summarize(view, this.images.displayRef(c.config.Image, c.imageId), now);
      if (opts.size) Object.assign(s, this.#sizes(c));
      out.push(s);
      if (opts.limit && opts.limit > 0 && out.length >= opts.limit) break;
    }
    return out;
  }

  // ---- logs -------------------------------------------------------------------

  async containerLogs(ref: string, opts: LogOptions, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void> {
    const c = this.get(ref);
    this.#judge(c, 'logs', ref);
    const wantOut = opts.stdout ?? true;
    const wantErr = opts.stderr ?? true;
    const accept = (l: { stream: 'stdout' | 'stderr'; ms: number }) =>
      (l.stream === 'stdout' ? wantOut : wantErr) &&
      (opts.since === undefined || l.ms / 1000 > opts.since) &&
      (opts.until === undefined || l.ms / 1000 <= opts.until);
    // Deliver what is new to live listeners first, so that the past read below and the
    // follow below meet exactly at c.logOffset.
    if (c.task) {
      this.#listenFromNow(c);
      this.#pump(c);
    }
    const end = c.task ? c.logOffset : Infinity;
    let lines: LogEntry[] = readLogFrom(this.runtime.logPath(c.id), 0, end).entries.filter(accept);
    if (opts.tail !== undefined && opts.tail !== 'all') {
      const n = Number(opts.tail);
      if (Number.isInteger(n) && n >= 0) lines = n === 0 ? [] : lines.slice(-n);
    }
    for (const l of lines) onLine({ stream: l.stream, text: l.text, time: l.time });
    if (!opts.follow || !this.#running(c)) return;
    await new Promise<void>((resolve) => {
      const follower = (l: LogLine) => {
        const ms = Date.parse(l.time);
        if (accept({ stream: l.stream, ms })) onLine(l);
      };
      c.logFollowers.add(follower);
      const finish = () => {
        c.logFollowers.delete(follower);
        resolve();
      };
      c.waiters.push({ condition: 'not-running', resolve: finish });
      c.waiters.push({ condition: 'removed', resolve: finish });
      signal?.addEventListener('abort', finish);
    });
  }

  // ---- attach / exec / top ----------------------------------------------------

  async containerAttach(ref: string, opts: AttachOptions): Promise<Session> {
    const c = this.get(ref);
    this.#listenFromNow(c);
    this.#pump(c);
    const session = new AttachSession(simView(c), opts, {
      write: (data) => {
        if (opts.stdin && c.config.OpenStdin && c.task) this.runtime.writeStdin(c.id, data);
      },
      closeStdin: () => {
        if (opts.stdin && c.config.StdinOnce && c.task) this.runtime.closeStdin(c.id);
      },
      resize: (cols, rows) => {
        if (c.config.Tty && c.task) void this.runtime.resize(c.id, cols, rows).catch(() => undefined);
      },
    });
    if (opts.logs) {
      const end = c.task ? c.logOffset : Infinity;
      for (const l of readLogFrom(this.runtime.logPath(c.id), 0, end).entries) session.push(l.stream, l.text);
    }
    return session;
  }

  async execCreate(ref: string, config: ExecConfig): Promise<{ Id: string }> {
    const c = this.get(ref);
    this.#judge(c, 'exec', ref);
    const id = this.#newId();
    this.#execs.set(id, { id, container: c, config, running: false, exitCode: null, pid: 0 });
    c.execIds.push(id);
    this.#save(c);
    return { Id: id };
  }

  async execStart(execId: string, opts: { Detach: boolean; Tty: boolean }): Promise<Session> {
    const ex = this.#execs.get(execId);
    if (!ex) throw new EngineError('notFound', `No such exec instance: ${execId}`);
    const c = ex.container;
    this.#judge(c, 'exec', c.name);
    if (!c.task) throw refusal('exec', 'notRunning', { id: c.id, typed: c.name, name: c.name }, this.profile);
    const base = this.#processSpec(c);
    const env = mergeEnv(base.env, ex.config.Env ?? []);
    const session = new AttachSession(
      simView(c),
      { stdin: ex.config.AttachStdin, stdout: true, stderr: true },
      {
        write: (data) => ex.handle?.write(data),
        closeStdin: () => ex.handle?.closeStdin(),
        resize: (cols, rows) => void ex.handle?.resize(cols, rows).catch(() => undefined),
      },
      false,
    );
    let handle: ExecHandle;
    try {
      handle = await this.runtime.exec(c.id, {
        argv: ex.config.Cmd,
        env,
        cwd: ex.config.WorkingDir || base.cwd,
        user: ex.config.User || base.user,
        tty: ex.config.Tty,
        stdin: ex.config.AttachStdin,
      });
    } catch (e) {
      if (!(e instanceof TaskStartError)) throw e;
      this.#execFailed(ex, session, e.message);
      return session;
    }
    ex.handle = handle;
    ex.running = true;
    ex.pid = handle.pid;
    handle.onOutput((stream, data) => session.push(stream, data));
    handle.exited.then(
      (code) => {
        ex.running = false;
        ex.exitCode = code;
        session.end('exited');
      },
      (e: unknown) => {
        ex.running = false;
        if (e instanceof TaskStartError) this.#execFailed(ex, session, e.message);
        else {
          ex.exitCode = 126;
          session.end('exited');
        }
      },
    );
    if (opts.Detach) session.detach();
    return session;
  }

  #execFailed(ex: NativeExec, session: AttachSession, message: string): void {
    ex.exitCode = this.profile.version === '20.10' ? 126 : exitCodeForMessage(message);
    session.push('stdout', `OCI runtime exec failed: exec failed: unable to start container process: ${message}: unknown\r\n`);
    session.end('exited');
  }

  async execInspect(execId: string): Promise<ExecInspect> {
    const ex = this.#execs.get(execId);
    if (!ex) throw new EngineError('notFound', `No such exec instance: ${execId}`);
    const [entrypoint = '', ...args] = ex.config.Cmd;
    return {
      ID: ex.id,
      Running: ex.running,
      ExitCode: ex.exitCode,
      Pid: ex.pid,
      ContainerID: ex.container.id,
      ProcessConfig: { entrypoint, arguments: args, tty: ex.config.Tty, user: ex.config.User ?? '', privileged: false },
    };
  }

  async containerTop(ref: string, psArgs?: string): Promise<TopResult> {
    const c = this.get(ref);
    this.#judge(c, 'top', ref);
    const pids = await this.runtime.pids(c.id);
    return top(pids, psArgs);
  }

  // ---- diff / export / commit -------------------------------------------------

  async containerCommit(
    ref: string,
    o: { reference?: string; comment?: string; author?: string; pause?: boolean; config?: Partial<ContainerConfig>; changes?: string[] } = {},
  ): Promise<{ Id: string }> {
    const c = this.get(ref);
    this.#judge(c, 'commit', ref);
    let changed: Partial<ContainerConfig> = {};
    if (o.changes?.length) {
      try {
        changed = applyChanges(makeConfig(c.config as never), o.changes, this.profile.version) as unknown as Partial<ContainerConfig>;
      } catch (e) {
        if (e instanceof ArchiveError) throw invalidParameter(e.message);
        throw e;
      }
    }
    if (o.reference) {
      try {
        parseNormalizedNamed(o.reference, this.profile.version);
      } catch (e) {
        throw invalidParameter((e as Error).message);
      }
    }
    const { Hostname, Domainname, User, AttachStdin, AttachStdout, AttachStderr, ExposedPorts, Tty, OpenStdin, StdinOnce, Env, Cmd, Image, Volumes, WorkingDir, Entrypoint, OnBuild, Labels, StopSignal } =
      { ...c.config, ...changed, ...o.config };
    const config = { Hostname, Domainname, User, AttachStdin, AttachStdout, AttachStderr, ExposedPorts, Tty, OpenStdin, StdinOnce, Env, Cmd, Image, Volumes, WorkingDir, Entrypoint, OnBuild, Labels, StopSignal };
    // A running container is frozen for the copy (docker commit --pause, the default).
    const pause = (o.pause ?? true) && c.state === 'running' && c.task !== undefined;
    if (pause) await this.runtime.pause(c.id).catch(() => undefined);
    try {
      const id = await this.images.commit(this.#layer(c), {
        imageId: c.imageId,
        containerId: c.id,
        config: config as Record<string, unknown>,
        containerConfig: c.config as unknown as Record<string, unknown>,
        createdBy: (c.config.Cmd ?? []).join(' '),
        exclude: c.mounts.map((m) => m.Destination),
        ...(o.comment ? { comment: o.comment } : {}),
        ...(o.author ? { author: o.author } : {}),
        ...(o.reference ? { reference: o.reference } : {}),
      });
      return { Id: id };
    } finally {
      if (pause && c.state === 'running' && c.task) await this.runtime.resume(c.id).catch(() => undefined);
    }
  }

  async containerExport(ref: string): Promise<Uint8Array> {
    const c = this.get(ref);
    this.#judge(c, 'export', ref);
    return this.images.exportTar(this.#layer(c), c.mounts.map((m) => m.Destination));
  }

  async containerChanges(ref: string): Promise<Array<{ Kind: number; Path: string }>> {
    const c = this.get(ref);
    this.#judge(c, 'export', ref);
    return this.images.changes(this.#layer(c));
  }

  async containersPrune(filters: Record<string, string[]> = {}): Promise<PruneResult> {
    const until = filters['until']?.[0];
    const deleted: string[] = [];
    let space = 0;
    for (const c of [...this.containers()].reverse()) {
      if (!(c.state === 'created' || c.state === 'exited' || c.state === 'dead')) continue;
      if (until !== undefined && c.createdAt / 1000 >= Number(until)) continue;
      const size = this.#sizes(c).SizeRw;
      await this.#remove(c);
      space += size;
      deleted.push(c.id);
    }
    return { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
  }

  // ---- images -----------------------------------------------------------------

  imageList(opts?: { all?: boolean; filters?: Record<string, string[]> }): Promise<ImageSummary[]> {
    return this.images.list(opts, (id) => this.#usersOf(id).length);
  }

  imageInspect(ref: string): Promise<unknown> {
    return this.images.inspect(ref);
  }

  imageHistory(ref: string): Promise<ImageHistoryEntry[]> {
    return this.images.history(ref);
  }

  // Registries (src/native/registry): HTTP API v2 to registries on loopback; Docker Hub and other
  // hosts are out of reach (no network) and give the daemon's connection error.
  imagePull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal, opts?: { all?: boolean; auth?: import('../../sim/api.ts').RegistryAuth }): Promise<void> {
    return this.images.pull(ref, onProgress, signal, opts);
  }

  imagePush(ref: string, opts: { all?: boolean; auth?: import('../../sim/api.ts').RegistryAuth }, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void> {
    return this.images.push(ref, opts, onProgress, signal);
  }

  registryLogin(auth: import('../../sim/api.ts').RegistryAuth): Promise<{ Status: string }> {
    return this.images.login(auth);
  }

  imageSearch(term: string, opts?: { limit?: number; filters?: Record<string, string[]>; auth?: import('../../sim/api.ts').RegistryAuth }): Promise<import('../../sim/api.ts').SearchResult[]> {
    return this.images.search(term, opts ? { ...(opts.limit !== undefined ? { limit: opts.limit } : {}), ...(opts.filters ? { filters: opts.filters } : {}) } : {});
  }

  /** The docker client's stored credentials for this backend (src/sim/cli/credentials.ts asks for them): in the state root. */
  clientCredentials(): Map<string, import('../../sim/cli/credentials.ts').StoredCredentials> {
    return this.images.credentials();
  }

  imageTag(source: string, target: string): Promise<void> {
    return this.images.tag(source, target);
  }

  imageRemove(ref: string, opts: { force?: boolean; noprune?: boolean } = {}): Promise<ImageDeleteItem[]> {
    return this.images.remove(ref, opts, (id) => this.#usersOf(id));
  }

  async imageImport(tar: Uint8Array, opts: { source: string; reference?: string; message?: string; changes?: string[] }): Promise<{ Id: string }> {
    return { Id: await this.images.importTar(tar, opts) };
  }

  imageSave(refs: string[]): Promise<Uint8Array> {
    return this.images.save(refs);
  }

  imageLoad(tar: Uint8Array): Promise<string[]> {
    return this.images.load(tar);
  }

  /** docker build: the simulator's classic builder over the native backend (src/native/build, loaded on first use). */
  async imageBuild(
    context: Uint8Array,
    options: import('../../sim/api.ts').BuildOptions,
    onMessage: (m: import('../../sim/api.ts').BuildMessage) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const { buildOnNative } = await import('../build/index.ts');
    return buildOnNative(this, context, options, onMessage, signal);
  }

  #usersOf(imageId: string): Array<{ id: string; running: boolean }> {
    const out = [];
    for (const c of this.#containers.values()) if (c.imageId === imageId) out.push({ id: c.id, running: this.#running(c) });
    return out;
  }

  async version(): Promise<VersionInfo> {
    let kernel = this.profile.kernelRelease;
    try {
      kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
    } catch {
      /* keep the profile's */
    }
    return {
      Version: this.profile.engineVersion,
      ApiVersion: this.profile.apiVersion,
      MinAPIVersion: '1.12',
      GitCommit: this.profile.version === '20.10' ? '5d6db84' : '6a43e3d',
      GoVersion: this.profile.version === '20.10' ? 'go1.19.8' : 'go1.24.6',
      Os: 'linux',
      Arch: process.arch === 'arm64' ? 'arm64' : 'amd64',
      KernelVersion: kernel,
    };
  }

  // ---- shutdown ---------------------------------------------------------------

  /** Waits for work started by runtime events (exit handling, restarts, --rm). */
  async settle(): Promise<void> {
    while (this.#background.size) await Promise.allSettled([...this.#background]);
  }

  /** Stops watching (containers keep running under their shims; a new backend finds them). */
  close(): void {
    this.#closed = true;
    closeStandby();
    this.#ports.close();
    for (const c of this.#containers.values()) {
      this.#unwatch(c);
      this.#cancelRestart(c);
    }
  }

  /**
   * Removes every container (killing running ones), and, when asked, volumes:
   * what a script left behind. Only containers this engine knows (its state root).
   */
  async removeAll(opts: { containers?: (c: NativeContainer) => boolean; volumes?: (name: string) => boolean } = {}): Promise<void> {
    await this.settle();
    for (const c of this.containers()) {
      if (opts.containers && !opts.containers(c)) continue;
      c.manuallyStopped = true;
      c.restartManager.cancel();
      c.holdAutoRemove = true;
      this.#cancelRestart(c);
      if (c.starting) await c.starting.catch(() => undefined);
      try {
        if (c.task) {
          const paused = c.state === 'paused';
          await this.runtime.kill(c.id, SIGKILL, true).catch(() => undefined);
          if (paused) {
            await this.runtime.resume(c.id).catch(() => undefined);
            // the exit may have been handled already (thawed, killed, gone): then no unpause
            if (c.state === 'paused') this.#move(c, 'container.unpause');
          }
          await this.#waitExit(c, 5000);
        }
        if (c.state === 'restarting') this.#move(c, 'container.kill');
        if (this.#containers.get(c.id) === c) await this.#remove(c, true);
      } catch {
        /* best effort; gc removes what is left */
      }
    }
    await this.settle();
    if (opts.volumes) {
      for (const v of this.volumes.list()) {
        if (opts.volumes(v.name) && this.volumeUsers(v.name).length === 0) this.volumes.remove(v.name, []);
      }
    }
  }
}

export type { LifecycleState };
