/**
 * The simulated Docker daemon: the Engine interface over the lifecycle machine,
 * the simulated kernel and the image store, all on the virtual clock.
 */
import type {
  AttachOptions,
  BuildMessage,
  BuildOptions,
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
  ProgressMessage,
  PruneResult,
  RegistryAuth,
  SearchResult,
  Session,
  StopOptions,
  TopResult,
  VersionInfo,
  WaitCondition,
  WaitResult,
  ContainerConfig,
  MountPoint,
} from '../api.ts';
import { Clock } from '../clock.ts';
import { outside } from '../outside.ts';
import { buildKit } from '../build/kit.ts';
import {
  EngineError,
  conflict,
  invalidName,
  invalidParameter,
  nameInUse,
  noCommand,
  refusal,
  system,
} from '../errors.ts';
import type { Command, LifecycleState } from '../lifecycle/containerMachine.ts';
import type { verdict } from '../lifecycle/verdict.ts';
import { findContainer, getContainer, Lifecycle, type RefusalRecord, type TransitionRecord } from './lifecycle.ts';
import type { ExecFailure, Kernel, Process, ProcessSpec } from '../kernel/types.ts';
import { FileMount } from '../fs/file-mount.ts';
import { MemoryFs } from '../fs/memory.ts';
import { ArchiveError } from '../archive/errors.ts';
import { archiveOps } from './images.ts';
import { chainIDs, makeConfig } from '../images/config.ts';
import { parseNormalizedNamed } from '../images/reference.ts';
import { SubtreeFs } from '../fs/subtree.ts';
import {
  VolumeStore,
  bindMountPoint,
  copyTree,
  parseBind,
  volumeInfo,
  volumeMountPoint,
  volumeSize,
  type ParsedBind,
  type Volume,
} from './volumes.ts';
import { changes, containerSizes, layerView, onChange, runtimeMounts, type Change, type ViewLayer } from '../fs/layered/index.ts';
import type { FileSystem } from '../fs/types.ts';
import { SIGKILL, SIGNALS } from '../kernel/types.ts';
import { PROFILES, type Profile } from '../profile.ts';
import type { Container, StoredLogLine } from './container.ts';
import { inspectContainer, summarize } from './inspect.ts';
import { compileFilters } from './listFilter.ts';
import { generateName, isValidName } from './names.ts';
import { Random, newId } from './random.ts';
import { RestartManager } from './restartManager.ts';
import { hasPorts, onBridge } from './network.ts';
import type { SimPorts } from './ports.ts';
import { rfc3339NanoFixed } from './status.ts';
import type { ImageService } from './imageService.ts';
import { AttachSession } from './session.ts';

export interface SimEngineOptions {
  /** The simulated host's file system, for bind mounts (-v /host/dir:/path). */
  host?: FileSystem;
  profile?: Profile;
  clock?: Clock;
  seed?: number;
  kernel: Kernel;
  images: ImageService;
}

interface Exec {
  id: string;
  container: Container;
  config: ExecConfig;
  running: boolean;
  exitCode: number | null;
  pid: number;
  process?: Process;
}

const DEFAULT_STOP_TIMEOUT_S = 10;

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function defaultHostConfig(): HostConfig {
  return {
    Binds: null,
    NetworkMode: 'default',
    PortBindings: {},
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    AutoRemove: false,
    VolumesFrom: null,
    PublishAllPorts: false,
    Memory: 0,
    NanoCpus: 0,
    CpuShares: 0,
    PidsLimit: null,
  };
}

/** Parses a signal as the daemon does (pkg/signal ParseSignal): a number, or a name with or without SIG. */
export function parseSignal(value: string): number | undefined {
  if (/^[+-]?\d+$/.test(value)) {
    const n = Number(value);
    return n === 0 ? undefined : n;
  }
  const name = value.toUpperCase().replace(/^SIG/, '');
  return SIGNALS[name] ?? RT_SIGNALS[name];
}

/** SIGRTMIN..SIGRTMAX as the signal map names them (RTMIN, RTMIN+1 … RTMAX-1, RTMAX). */
const RT_SIGNALS: Record<string, number> = (() => {
  const out: Record<string, number> = { RTMIN: 34, RTMAX: 64 };
  for (let i = 1; i <= 15; i++) out[`RTMIN+${i}`] = 34 + i;
  for (let i = 1; i <= 14; i++) out[`RTMAX-${i}`] = 64 - i;
  return out;
})();

/** ValidSignalForPlatform: 1–31 and the real-time signals 34–64. */
export const validSignal = (n: number): boolean => (n >= 1 && n <= 31) || (n >= 34 && n <= 64);

/** 127 / 126 / 128 for an exec failure, as the daemon maps runc's message (daemon/errors.go). */
export function exitCodeForFailure(f: ExecFailure): number {
  if (f.kind === 'permission-denied' || f.kind === 'is-directory') return 126;
  if (f.kind === 'not-found' || f.kind === 'not-directory') return 127;
  return 128;
}

export class SimEngine implements Engine {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly kernel: Kernel;
  readonly images: ImageService;
  readonly rng: Random;
  readonly host: FileSystem;
  readonly volumes: VolumeStore;
  readonly #containers = new Map<string, Container>();
  readonly #byName = new Map<string, Container>();
  readonly #execs = new Map<string, Exec>();
  /**
   * The port machinery (ports.ts, its own chunk: loaded by the first create that has ports),
   * the daemon's port allocator and the host sockets the proxies bind.
   */
  #ports?: SimPorts;
  /** Lifecycle verdicts, moves and their observers (shared with the other engine). */
  readonly #lifecycle: Lifecycle;

  constructor(opts: SimEngineOptions) {
    this.profile = opts.profile ?? PROFILES['29'];
    this.#lifecycle = new Lifecycle(this.profile, () => this.now());
    this.kernel = opts.kernel;
    this.clock = opts.clock ?? opts.kernel.clock;
    this.rng = new Random(opts.seed);
    this.images = opts.images;
    this.host = opts.host ?? new MemoryFs({ now: () => this.clock.now() });
    this.volumes = new VolumeStore(() => this.clock.now());
  }

  now(): number {
    return this.clock.now();
  }

  onTransition(cb: (e: TransitionRecord) => void): () => void {
    return this.#lifecycle.onTransition(cb);
  }

  /** Calls `cb` whenever the lifecycle machine refuses a command (for the diagram's refusal mark). */
  onRefusal(cb: (e: RefusalRecord) => void): () => void {
    return this.#lifecycle.onRefusal(cb);
  }

  /** All containers, oldest first (for diagrams and state snapshots). */
  containers(): readonly Container[] {
    return [...this.#containers.values()];
  }

  // ---- lookup ---------------------------------------------------------------

  /** Full ID, then exact name, then a unique ID prefix (daemon/container.go GetContainer). */
  find(ref: string): Container | undefined {
    return findContainer(ref, this.#containers, this.#byName);
  }

  get(ref: string): Container {
    return getContainer(ref, this.#containers, this.#byName);
  }

  #judge(c: Container, command: Command, typed: string): ReturnType<typeof verdict> {
    return this.#lifecycle.judge(c, command, typed);
  }

  #move(c: Container, event: string): void {
    this.#lifecycle.move(c, event);
  }

  // ---- create -----------------------------------------------------------------

  async containerCreate(req: CreateRequest): Promise<{ Id: string; Warnings: string[] }> {
    if (!this.#ports && this.#needsPorts(req)) await this.#loadPorts();
    const hostConfig: HostConfig = { ...defaultHostConfig(), ...req.hostConfig };
    // (loaded whenever the network is not the plain bridge, or there are ports)
    const warnings = this.#ports?.createNetwork(req.config, hostConfig, (ref) => this.find(ref)) ?? [];
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

    // `--entrypoint ""` arrives as [""]: no entrypoint at all, and the image's CMD is not inherited.
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

    // newContainer reserves the name only after the image and the merged config check out.
    if (req.name !== undefined && req.name !== '') {
      if (!isValidName(req.name)) throw invalidName(req.name);
      const clean = req.name.replace(/^\//, '');
      const holder = this.#byName.get(clean);
      if (holder) throw nameInUse(clean, holder.id);
    }
    const id = newId(this.rng);
    const shortId = id.slice(0, 12);
    const name = req.name ? req.name.replace(/^\//, '') : generateName(this.rng, (n) => this.#byName.has(n), shortId);

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
    const c: Container = {
      id,
      name,
      createdAt: this.now(),
      path: argv[0] ?? '',
      args: argv.slice(1),
      config,
      hostConfig,
      imageId: image.id,
      mounts: [],
      layerId: this.rng.hex(64),
      fs: this.images.containerFs(image, { id, createdMs: this.now() }),
      state: 'created',
      pid: 0,
      exitCode: 0,
      error: '',
      startedAt: 0,
      finishedAt: 0,
      oomKilled: false,
      restartCount: 0,
      manuallyStopped: false,
      restartManager: new RestartManager(hostConfig.RestartPolicy),
      sandboxId: '',
      ports: {},
      published: [],
      holdAutoRemove: false,
      logs: [],
      pending: { stdout: '', stderr: '' },
      logFollowers: new Set(),
      attached: new Set(),
      waiters: [],
      execIds: [],
      exitListeners: [],
    };
    c.mounts = this.#setUpMounts(c, binds);
    this.#containers.set(id, c);
    this.#byName.set(name, c);
    this.#lifecycle.created(c);
    return { Id: id, Warnings: warnings };
  }

  /** Whether a create needs ports.ts: ports (its own, or the image's EXPOSE) or a network other than the bridge. */
  #needsPorts(req: CreateRequest): boolean {
    const some = (o: object | null | undefined) => Object.keys(o ?? {}).length > 0;
    return (
      !onBridge({ NetworkMode: req.hostConfig?.NetworkMode ?? 'default' }) ||
      some(req.config.ExposedPorts) ||
      some(req.hostConfig?.PortBindings) ||
      some(this.images.findLocal(req.config.Image)?.config.ExposedPorts)
    );
  }

  async #loadPorts(): Promise<SimPorts> {
    const m = this.#ports ? undefined : await outside(import('./ports.ts'));
    return (this.#ports ??= new m!.SimPorts());
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
      throw invalidParameter(
        old ? 'maximum retry count cannot be negative' : 'invalid restart policy: maximum retry count cannot be negative',
      );
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
   * -v and VOLUME: named volumes (made when missing), bind mounts of host dirs (made
   * when missing), --volumes-from, and an anonymous volume for every other VOLUME path.
   * A new volume gets a copy of what the image has at its path; every mount point
   * exists in the container (an empty dir: `A /data` in docker diff, as Docker shows it).
   */
  #setUpMounts(c: Container, binds: ParsedBind[]): MountPoint[] {
    const mounts: MountPoint[] = [];
    const taken = (dest: string) => mounts.some((m) => m.Destination === dest);
    const fresh: Array<{ volume: Volume; dest: string }> = [];
    for (const b of binds) {
      if (taken(b.destination)) throw invalidParameter(`Duplicate mount point: ${b.destination}`);
      if (b.type === 'bind') {
        if (!this.host.exists(b.source)) this.host.mkdir(b.source, { parents: true, mode: 0o755 });
        mounts.push(bindMountPoint(b));
        continue;
      }
      const isNew = !this.volumes.get(b.source);
      const v = this.volumes.create(b.source);
      if (isNew) fresh.push({ volume: v, dest: b.destination });
      mounts.push(volumeMountPoint(v, b.destination, b.mode, b.rw));
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
      const v = this.volumes.create(this.rng.hex(64), { anonymous: true });
      fresh.push({ volume: v, dest });
      mounts.push(volumeMountPoint(v, dest, '', true));
    }
    for (const { volume, dest } of fresh) {
      try {
        if (c.fs.stat(dest).type === 'dir' && volume.fs.readdir('/').length === 0) copyTree(c.fs, dest, volume.fs, '/');
      } catch {
        /* nothing in the image at that path */
      }
    }
    for (const m of mounts) {
      if (!c.fs.exists(m.Destination)) c.fs.mkdir(m.Destination, { parents: true, mode: 0o755 });
    }
    return mounts;
  }

  /** The file systems mounted at the container's mount points. */
  #volumeMounts(c: Container): Array<{ at: string; fs: FileSystem }> {
    return c.mounts.map((m) => {
      if (m.Type === 'bind') return { at: m.Destination, fs: new SubtreeFs(this.host, m.Source, { readOnly: !m.RW }) };
      const v = this.volumes.get(m.Name ?? '') ?? this.volumes.create(m.Name ?? this.rng.hex(64));
      return { at: m.Destination, fs: m.RW ? v.fs : new SubtreeFs(v.fs, '/', { readOnly: true }) };
    });
  }

  // ---- volumes ------------------------------------------------------------------

  async volumeCreate(name: string | undefined, labels: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const v = this.volumes.create(name || this.rng.hex(64), { labels, options: {}, anonymous: false });
    return volumeInfo(v);
  }

  async volumeList(filters: Record<string, string[]> = {}): Promise<Array<Record<string, unknown>>> {
    const dangling = filters['dangling']?.[0];
    return this.volumes
      .list()
      .filter((v) => dangling === undefined || (this.volumeUsers(v.name).length === 0) === (dangling === 'true' || dangling === '1'))
      .filter((v) => !filters['name'] || filters['name'].some((n) => v.name.includes(n)))
      .map(volumeInfo);
  }

  async volumeInspect(name: string): Promise<Record<string, unknown>> {
    const v = this.volumes.get(name);
    if (!v) throw new EngineError('notFound', this.profile.version === '20.10' ? `get ${name}: no such volume` : `get ${name}: no such volume`);
    return volumeInfo(v);
  }

  async volumeRemove(name: string, force = false): Promise<void> {
    this.volumes.remove(name, this.volumeUsers(name), force);
  }

  /** 20.10 prunes every unused volume; current Docker only anonymous ones (unless all=true). */
  async volumesPrune(all = false): Promise<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let space = 0;
    for (const v of this.volumes.list()) {
      if (this.volumeUsers(v.name).length) continue;
      if (this.profile.version !== '20.10' && !all && !v.anonymous) continue;
      space += volumeSize(v.fs);
      this.volumes.remove(v.name, []);
      deleted.push(v.name);
    }
    return { VolumesDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
  }

  /** docker system df: images, containers, volumes (and an empty build cache). */
  async systemDf(): Promise<{
    /** Bytes of all image layers, each counted once. */
    layersSize: number;
    images: Array<{ size: number; shared: number; containers: number }>;
    containers: Array<{ sizeRw: number; running: boolean }>;
    volumes: Array<{ size: number; refs: number }>;
  }> {
    // Layers (by chain) shared by several images count once in the total and as SharedSize per image.
    const stored = this.images.store.images();
    const uses = new Map<string, number>();
    const chains = stored.map((img) => chainIDs(img.image.layers.map((l) => l.diffID)));
    const layerSizes = new Map<string, number>();
    stored.forEach((img, i) => img.image.layers.forEach((l, k) => layerSizes.set(chains[i]![k]!, l.size)));
    for (const chain of chains) for (const c of chain) uses.set(c, (uses.get(c) ?? 0) + 1);
    return {
      layersSize: [...layerSizes.values()].reduce((a, b) => a + b, 0),
      images: stored.map((img, i) => {
        const sizes = img.image.layers.map((l) => l.size);
        const chain = chains[i]!;
        return {
          size: sizes.reduce((a, b) => a + b, 0),
          shared: sizes.reduce((a, b, k) => a + ((uses.get(chain[k]!) ?? 0) > 1 ? b : 0), 0),
          containers: this.#usersOf(img.id).length,
        };
      }),
      containers: [...this.#containers.values()].map((c) => ({
        sizeRw: containerSizes(c.fs).SizeRw,
        running: c.state === 'running' || c.state === 'paused' || c.state === 'restarting',
      })),
      volumes: this.volumes.list().map((v) => ({ size: volumeSize(v.fs), refs: this.volumeUsers(v.name).length })),
    };
  }

  /** Volumes a container mounts, for `volume rm` refusals. */
  volumeUsers(name: string): string[] {
    return [...this.#containers.values()].filter((c) => c.mounts.some((m) => m.Name === name)).map((c) => c.id);
  }

  // ---- start ------------------------------------------------------------------

  async containerStart(ref: string): Promise<void> {
    const c = this.get(ref);
    this.#judge(c, 'start', ref);
    // A manual start resets the restart manager and the manual-stop flag.
    c.restartManager = new RestartManager(c.hostConfig.RestartPolicy);
    c.restartCount = 0;
    c.manuallyStopped = false;
    this.#startTask(c, 'container.start');
  }

  /**
   * runc create + start. On failure the container keeps its state with ExitCode and Error set.
   *
   * A failed restart by the restart policy (monitor.go: containerStart fails, then
   * `SetStopped(&exitStatus)` with the LAST RUN's exit status) ends `exited` with that run's
   * ExitCode and FinishedAt, the start error in State.Error, and wakes `docker wait`.
   * A failed manual start sets ExitCode 127/126/128 and leaves FinishedAt alone; an
   * AutoRemove container is removed either way (start.go's deferred cleanup).
   */
  #startTask(c: Container, event: string): void {
    // the network (and its published ports) comes before the task, as in containerStart
    try {
      // (ports.ts was loaded at the create: the network is not the plain bridge, or there are ports)
      if (!onBridge(c.hostConfig) || hasPorts(c.config, c.hostConfig)) {
        this.#ports!.connect(c, { find: (ref) => this.find(ref), endpointId: () => this.rng.hex(64), old: this.profile.version === '20.10' });
      }
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      // a daemon error that is not runc's: ExitCode 128 unless the last run left one
      this.#startFailed(c, event, c.exitCode === 0 ? 128 : c.exitCode, e);
    }
    const spec = this.#processSpec(c);
    const result = this.kernel.startTask({ ...spec, hostname: c.config.Hostname, fs: c.fs, mounts: this.#runtimeMounts(c) });
    if ('kind' in result) {
      this.#releasePorts(c);
      const code = exitCodeForFailure(result);
      const message = this.#runtimeError(result);
      this.#startFailed(c, event, code, code === 128 ? system(message) : invalidParameter(message));
    }
    c.task = result;
    c.sandboxId = this.rng.hex(64);
    c.pid = result.init.hostPid;
    c.exitCode = 0;
    c.error = '';
    c.oomKilled = false;
    c.startedAt = this.now();
    c.pending = { stdout: '', stderr: '' };
    this.#move(c, event);
    const init = result.init;
    init.onOutput((stream, data) => this.#output(c, stream, data));
    init.onExit((status) => this.#handleExit(c, status));
  }

  /** The end of a failed start: State.Error, the exit code (a policy restart keeps the last run's), --rm. */
  #startFailed(c: Container, event: string, code: number, error: EngineError): never {
    c.error = error.message;
    if (event === 'restart.start') {
      // c.exitCode and c.finishedAt are still the last run's (#handleExit)
      this.#move(c, 'restart.fail');
      this.#resolveWaiters(c, ['next-exit', 'not-running']);
    } else {
      c.exitCode = code;
    }
    this.#afterStop(c);
    throw error;
  }

  /** The sandbox's ports go when the task ends (and between policy restarts). */
  #releasePorts(c: Container): void {
    if (c.published.length) this.#ports?.release(c);
    c.published = [];
    c.ports = {};
  }

  /** What the daemon bind-mounts into every container at start, and docker-init with --init. */
  #runtimeMounts(c: Container): Array<{ at: string; fs: FileSystem }> {
    const now = () => this.clock.now();
    const short = c.id.slice(0, 12);
    const mounts: Array<{ at: string; fs: FileSystem }> = [
      ...this.#volumeMounts(c),
      ...runtimeMounts({ hostname: c.config.Hostname || short }, now),
    ];
    if (c.hostConfig.Init) {
      mounts.push({ at: '/sbin/docker-init', fs: new FileMount('', { now, mode: 0o755, exe: 'docker-init', size: 24608, readOnly: true }) });
    }
    return mounts;
  }

  #runtimeError(f: ExecFailure): string {
    return `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${f.message}: unknown`;
  }

  #processSpec(c: Container): ProcessSpec {
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

  // ---- output and logs -------------------------------------------------------------

  #output(c: Container, stream: 'stdout' | 'stderr', data: string): void {
    for (const sink of c.attached) sink.push(stream, data);
    let buf = c.pending[stream] + data;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      this.#log(c, stream, buf.slice(0, nl + 1));
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
    }
    c.pending[stream] = buf;
  }

  #flushPartial(c: Container): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (c.pending[stream]) this.#log(c, stream, c.pending[stream]);
      c.pending[stream] = '';
    }
  }

  #log(c: Container, stream: 'stdout' | 'stderr', text: string): void {
    const line: StoredLogLine = { stream, text, time: this.now() };
    c.logs.push(line);
    if (c.logFollowers.size) {
      const out: LogLine = { stream, text, time: rfc3339NanoFixed(line.time) };
      for (const f of c.logFollowers) f(out);
    }
  }

  // ---- exits and restarts ----------------------------------------------------------

  #handleExit(c: Container, status: number): void {
    this.#releasePorts(c);
    this.#flushPartial(c);
    for (const s of [...c.attached]) s.end('exited');
    const ranFor = this.now() - c.startedAt;
    c.task = undefined;
    c.pid = 0;
    c.exitCode = status;
    c.finishedAt = this.now();
    const listeners = c.exitListeners.splice(0);
    const delay = c.restartManager.shouldRestart(status, c.manuallyStopped, ranFor);
    if (delay !== undefined && c.state === 'running') {
      c.restartCount++;
      this.#move(c, 'task.exitRestart');
      // SetRestarting closes waitStop: `docker wait`, attach and logs -f end at this exit too
      this.#resolveWaiters(c, ['next-exit', 'not-running']);
      c.restartTimer = this.clock.setTimer(delay, () => this.#restartNow(c));
    } else {
      if (c.state === 'paused') this.#move(c, 'task.exit');
      else if (c.state === 'running') this.#move(c, 'task.exit');
      this.#resolveWaiters(c, ['next-exit', 'not-running']);
      this.#afterStop(c);
    }
    for (const l of listeners) l();
  }

  #restartNow(c: Container): void {
    c.restartTimer = undefined;
    if (c.state !== 'restarting') return;
    try {
      this.#startTask(c, 'restart.start');
    } catch {
      /* the failure is recorded on the container; #startTask moved it to exited */
    }
  }

  /** After a container stops for good: its sandbox goes, and --rm removes it. */
  #afterStop(c: Container): void {
    c.sandboxId = '';
    if (c.hostConfig.AutoRemove && !c.holdAutoRemove && (c.state === 'exited' || c.state === 'created')) {
      this.#remove(c, true);
    }
  }

  #resolveWaiters(c: Container, conditions: WaitCondition[]): void {
    const keep = [];
    for (const w of c.waiters) {
      if (conditions.includes(w.condition)) w.resolve(c.exitCode);
      else keep.push(w);
    }
    c.waiters = keep;
  }

  /** Resolves once PID 1 has exited, or after ms (resolving false). */
  #waitExit(c: Container, ms: number): Promise<boolean> {
    if (!c.task) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: number | undefined;
      const done = () => {
        this.clock.clearTimer(timer);
        resolve(true);
      };
      c.exitListeners.push(done);
      if (ms >= 0 && Number.isFinite(ms)) {
        timer = this.clock.setTimer(ms, () => {
          const i = c.exitListeners.indexOf(done);
          if (i >= 0) c.exitListeners.splice(i, 1);
          resolve(false);
        });
      }
    });
  }

  // ---- stop / kill / restart ------------------------------------------------------------

  async containerStop(ref: string, opts: StopOptions = {}): Promise<void> {
    const c = this.get(ref);
    const v = this.#judge(c, 'stop', ref);
    c.manuallyStopped = true;
    c.restartManager.cancel();
    if (v.kind === 'move') {
      // restarting: cancelling the restart manager is enough
      this.clock.clearTimer(c.restartTimer);
      c.restartTimer = undefined;
      this.#move(c, 'container.stop');
      this.#resolveWaiters(c, ['not-running']);
      this.#afterStop(c);
      return;
    }
    await this.#stopProcess(c, opts);
  }

  async #stopProcess(c: Container, opts: StopOptions): Promise<void> {
    const sigName = opts.signal ?? c.config.StopSignal ?? 'SIGTERM';
    const sig = parseSignal(sigName);
    if (sig === undefined) throw invalidParameter(`Invalid signal: ${sigName}`);
    const timeoutS = opts.timeout ?? c.config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
    this.#signal(c, sig);
    const exited = await this.#waitExit(c, timeoutS < 0 ? Infinity : timeoutS * 1000);
    if (!exited && c.task) {
      this.#signal(c, SIGKILL);
      await this.#waitExit(c, Infinity);
    }
  }

  /** Sends a signal to PID 1; a paused task is resumed so that the signal arrives. */
  #signal(c: Container, sig: number): void {
    const task = c.task;
    if (!task) return;
    if (sig === SIGKILL) task.killAll();
    else task.init.signal(sig);
    if (c.state === 'paused' && !task.init.exited) {
      task.thaw();
      this.#move(c, 'container.unpause');
    }
  }

  async containerKill(ref: string, signal = 'KILL'): Promise<void> {
    const old = this.profile.version === '20.10';
    const prefix = old ? 'Cannot kill container' : 'cannot kill container';
    const sig = parseSignal(signal);
    // 20.10 parses the signal in the router (no prefix); current daemons inside ContainerKill.
    if (sig === undefined) throw invalidParameter(old ? `Invalid signal: ${signal}` : `${prefix}: ${ref}: Invalid signal: ${signal}`);
    const unsupported = () => invalidParameter(`${prefix}: ${ref}: ${old ? 'The' : 'the'} linux daemon does not support signal ${sig}`);
    if (!old && !validSignal(sig)) throw unsupported();
    const c = this.find(ref);
    if (!c) throw new EngineError('notFound', `${prefix}: ${ref}: No such container: ${ref}`);
    if (!validSignal(sig)) throw unsupported();
    const v = this.#judge(c, 'kill', ref);
    c.manuallyStopped = true;
    const stopSignal = c.config.StopSignal ? parseSignal(c.config.StopSignal) : undefined;
    if (stopSignal === undefined || sig === SIGKILL || sig === stopSignal) c.restartManager.cancel();
    if (v.kind === 'move') {
      this.clock.clearTimer(c.restartTimer);
      c.restartTimer = undefined;
      this.#move(c, 'container.kill');
      this.#resolveWaiters(c, ['not-running']);
      this.#afterStop(c);
      return;
    }
    if (sig === SIGKILL) {
      this.#signal(c, SIGKILL);
      await this.#waitExit(c, Infinity);
      return;
    }
    const task = c.task;
    if (!task) return;
    task.init.signal(sig);
    if (c.state === 'paused' && c.restartManager.cancelled && !task.init.exited) {
      task.thaw();
      this.#move(c, 'container.unpause');
    }
  }

  async containerRestart(ref: string, opts: StopOptions = {}): Promise<void> {
    const c = this.get(ref);
    this.#judge(c, 'restart', ref);
    try {
      if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') {
        // Stop without --rm's auto-removal: docker restart keeps an AutoRemove container.
        c.holdAutoRemove = true;
        try {
          c.manuallyStopped = true;
          c.restartManager.cancel();
          if (c.state === 'restarting') {
            this.clock.clearTimer(c.restartTimer);
            c.restartTimer = undefined;
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

  // ---- pause ---------------------------------------------------------------------------------

  async containerPause(ref: string): Promise<void> {
    const c = this.get(ref);
    this.#judge(c, 'pause', ref);
    c.task?.freeze();
    this.#move(c, 'container.pause');
  }

  async containerUnpause(ref: string): Promise<void> {
    const c = this.get(ref);
    this.#judge(c, 'unpause', ref);
    c.task?.thaw();
    this.#move(c, 'container.unpause');
  }

  // ---- remove / rename -----------------------------------------------------------------------

  async containerRemove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const c = this.get(ref);
    const v = this.#judge(c, opts.force ? 'forceRemove' : 'remove', ref);
    if (v.kind === 'allow') {
      // running, paused or restarting with -f: SIGKILL at once, no grace period
      c.manuallyStopped = true;
      c.restartManager.cancel();
      // the removal below is the one that counts, not --rm's
      c.holdAutoRemove = true;
      try {
        if (c.state === 'restarting') {
          this.clock.clearTimer(c.restartTimer);
          c.restartTimer = undefined;
          this.#move(c, 'container.kill');
          this.#resolveWaiters(c, ['not-running']);
        } else {
          this.#signal(c, SIGKILL);
          await this.#waitExit(c, Infinity);
        }
      } finally {
        c.holdAutoRemove = false;
      }
    }
    this.#remove(c, opts.volumes ?? false);
  }

  #remove(c: Container, removeVolumes = false): void {
    if (c.state === 'removing' || c.state === 'removed') return;
    this.#move(c, c.state === 'dead' ? 'container.remove' : 'container.forceRemove');
    if (c.task) {
      // rm -f of a live container: its processes and its sandbox (published ports) go with it
      this.#releasePorts(c);
      c.task.killAll();
    }
    this.#containers.delete(c.id);
    if (this.#byName.get(c.name) === c) this.#byName.delete(c.name);
    this.images.releaseContainerFs(c.fs);
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
    // A restarting container counts as running, so the daemon updates its network sandbox,
    // which is gone until the next start: the rename fails and is rolled back.
    if (c.state === 'restarting') throw system(`sandbox ${c.sandboxId} not found`);
    this.#byName.delete(c.name);
    c.name = clean;
    this.#byName.set(clean, c);
  }

  // ---- wait / inspect / list -------------------------------------------------------------------

  async containerWait(ref: string, condition: WaitCondition = 'not-running', signal?: AbortSignal): Promise<WaitResult> {
    const c = this.get(ref);
    this.#judge(c, 'wait', ref);
    const running = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
    if (condition === 'not-running' && !running) return { StatusCode: c.exitCode, Error: null };
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
    const out = inspectContainer(c, this.profile, { imageGraph: this.images.graphDriver(c.imageId) });
    if (opts.size) Object.assign(out, containerSizes(c.fs));
    return out;
  }

  async containerList(opts: ListOptions = {}): Promise<ContainerSummary[]> {
    const portFilters = opts.filters?.['publish']?.length || opts.filters?.['expose']?.length;
    const P = portFilters ? await this.#loadPorts() : undefined;
    const compiled = compileFilters(opts.filters ?? {}, {
      ...(P ? { portFilter: P.filter } : {}),
      profile: this.profile,
      lookup: (r) => this.find(r),
      ancestorIds: (r) => this.images.ancestorIds(r),
    });
    const all = opts.all || compiled.impliesAll || (opts.limit ?? 0) > 0;
    const now = this.now();
    const out: ContainerSummary[] = [];
    const list = [...this.#containers.values()];
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i]!;
      if (!all && !(c.state === 'running' || c.state === 'paused' || c.state === 'restarting')) continue;
      if (!compiled.predicate(c)) continue;
      const s = summarize(c, this.images.displayRef(c.config.Image, c.imageId), now);
      if (opts.size) Object.assign(s, containerSizes(c.fs));
      out.push(s);
      if (opts.limit && opts.limit > 0 && out.length >= opts.limit) break;
    }
    return out;
  }

  // ---- logs -------------------------------------------------------------------------------------

  async containerLogs(ref: string, opts: LogOptions, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void> {
    const c = this.get(ref);
    this.#judge(c, 'logs', ref);
    const wantOut = opts.stdout ?? true;
    const wantErr = opts.stderr ?? true;
    const accept = (l: { stream: 'stdout' | 'stderr'; time: number }) =>
      (l.stream === 'stdout' ? wantOut : wantErr) &&
      (opts.since === undefined || l.time / 1000 > opts.since) &&
      (opts.until === undefined || l.time / 1000 <= opts.until);
    let lines = c.logs.filter(accept);
    if (opts.tail !== undefined && opts.tail !== 'all') {
      const n = Number(opts.tail);
      if (Number.isInteger(n) && n >= 0) lines = n === 0 ? [] : lines.slice(-n);
    }
    for (const l of lines) onLine({ stream: l.stream, text: l.text, time: rfc3339NanoFixed(l.time) });
    const running = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
    if (!opts.follow || !running) return;
    await new Promise<void>((resolve) => {
      const follower = (l: LogLine) => {
        const ms = Date.parse(l.time);
        if (accept({ stream: l.stream, time: ms })) onLine(l);
      };
      c.logFollowers.add(follower);
      const end = () => {
        c.logFollowers.delete(follower);
        resolve();
      };
      c.waiters.push({ condition: 'not-running', resolve: end });
      c.waiters.push({ condition: 'removed', resolve: end });
      signal?.addEventListener('abort', end);
    });
  }

  // ---- attach / exec / top ------------------------------------------------------------------------

  async containerAttach(ref: string, opts: AttachOptions): Promise<Session> {
    const c = this.get(ref);
    const session = new AttachSession(c, opts, {
      write: (data) => {
        if (opts.stdin && c.config.OpenStdin) c.task?.init.writeStdin(data);
      },
      closeStdin: () => {
        if (opts.stdin && c.config.StdinOnce) c.task?.init.closeStdin();
      },
      resize: (cols, rows) => c.task?.init.resize?.(cols, rows),
    });
    if (opts.logs) for (const l of c.logs) session.push(l.stream, l.text);
    return session;
  }

  async execCreate(ref: string, config: ExecConfig): Promise<{ Id: string }> {
    const c = this.get(ref);
    this.#judge(c, 'exec', ref);
    const id = newId(this.rng);
    this.#execs.set(id, { id, container: c, config, running: false, exitCode: null, pid: 0 });
    c.execIds.push(id);
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
    const result = c.task.exec({
      argv: ex.config.Cmd,
      env,
      cwd: ex.config.WorkingDir || base.cwd,
      user: ex.config.User || base.user,
      tty: ex.config.Tty,
      openStdin: ex.config.AttachStdin,
    });
    const session = new AttachSession(c, { stdin: ex.config.AttachStdin, stdout: true, stderr: true }, {
      write: (data) => {
        if (ex.process) ex.process.writeStdin(data);
      },
      closeStdin: () => ex.process?.closeStdin(),
      resize: (cols, rows) => ex.process?.resize?.(cols, rows),
    }, false);
    if ('kind' in result) {
      // 20.10 records 126 for any exec that fails to start; current daemons map the cause.
      ex.exitCode = this.profile.version === '20.10' ? 126 : exitCodeForFailure(result);
      const text =
        this.profile.version === '20.10'
          ? `OCI runtime exec failed: exec failed: unable to start container process: ${result.message}: unknown\r\n`
          : `OCI runtime exec failed: exec failed: unable to start container process: ${result.message}: unknown\r\n`;
      session.push('stdout', text);
      session.end('exited');
      return session;
    }
    ex.process = result;
    ex.running = true;
    ex.pid = result.hostPid;
    result.onOutput((stream, data) => session.push(stream, data));
    result.onExit((status) => {
      ex.running = false;
      ex.exitCode = status;
      session.end('exited');
    });
    if (opts.Detach) session.detach();
    return session;
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

  async containerTop(ref: string, _psArgs?: string): Promise<TopResult> {
    const c = this.get(ref);
    this.#judge(c, 'top', ref);
    const procs = c.task?.processes() ?? [];
    const hostPpid = new Map(procs.map((p) => [p.pid, p.hostPid]));
    return {
      Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
      Processes: procs.map((p) => [
        p.user || 'root',
        String(p.hostPid),
        // PID 1 and exec'd processes are children of the container's shim, outside the namespace.
        String(hostPpid.get(p.ppid) ?? shimPid(c.pid)),
        '0',
        new Date(p.startedAt).toISOString().slice(11, 16),
        '?',
        '00:00:00',
        p.command,
      ]),
    };
  }

  /** docker commit: pauses a running container for the copy unless told not to (the pause is not visible: it takes no simulated time). */
  async containerCommit(
    ref: string,
    o: { reference?: string; comment?: string; author?: string; pause?: boolean; config?: Partial<ContainerConfig>; changes?: string[] } = {},
  ): Promise<{ Id: string }> {
    // Loaded before the container is looked at, so the check and the copy happen in one go.
    const applyChanges = o.changes?.length ? (await archiveOps()).applyChanges : undefined;
    const c = this.get(ref);
    this.#judge(c, 'commit', ref);
    let changed: Partial<ContainerConfig> = {};
    if (applyChanges && o.changes) {
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
    const { Hostname, Domainname, User, AttachStdin, AttachStdout, AttachStderr, ExposedPorts, Tty, OpenStdin, StdinOnce, Env, Cmd, Image, Volumes, WorkingDir, Entrypoint, OnBuild, Labels, StopSignal } = { ...c.config, ...changed, ...o.config };
    const config = { Hostname, Domainname, User, AttachStdin, AttachStdout, AttachStderr, ExposedPorts, Tty, OpenStdin, StdinOnce, Env, Cmd, Image, Volumes, WorkingDir, Entrypoint, OnBuild, Labels, StopSignal };
    const id = this.images.commit(c.fs, {
      imageId: c.imageId,
      containerId: c.id,
      config: config as never,
      containerConfig: c.config as never,
      createdBy: (c.config.Cmd ?? []).join(' '),
      ...(o.comment ? { comment: o.comment } : {}),
      ...(o.author ? { author: o.author } : {}),
      ...(o.reference ? { reference: o.reference } : {}),
    });
    return { Id: id };
  }

  /** docker export: the merged filesystem as one flat tar (volume contents left out, running containers too: no pause). */
  async containerExport(ref: string): Promise<Uint8Array> {
    const { exportContainer } = await archiveOps();
    const c = this.get(ref);
    this.#judge(c, 'export', ref);
    return exportContainer(c.fs, { exclude: c.mounts.map((m) => m.Destination) });
  }

  /**
   * For the layer diagram: the container's layers (image layers, init, its own)
   * with every file and its status (from this layer, copied up, whiteout, shadowed),
   * and a subscription that fires on every write.
   */
  containerLayers(ref: string): { layers: ViewLayer[]; watch: (cb: () => void) => () => void } {
    const c = this.get(ref);
    return { layers: layerView(c.fs), watch: (cb) => onChange(c.fs, cb) };
  }

  /** docker diff: the container layer against image + init (Kind 0 = C, 1 = A, 2 = D). */
  async containerChanges(ref: string): Promise<Array<{ Kind: number; Path: string }>> {
    const c = this.get(ref);
    this.#judge(c, 'export', ref);
    return changes(c.fs).map((ch: Change) => ({ Kind: ch.kind === 'C' ? 0 : ch.kind === 'A' ? 1 : 2, Path: ch.path }));
  }

  async containersPrune(filters: Record<string, string[]> = {}): Promise<PruneResult> {
    const until = filters['until']?.[0];
    const deleted: string[] = [];
    // The daemon adds up each removed container's writable-layer size (`docker ps -s` SIZE).
    let space = 0;
    for (const c of [...this.#containers.values()].reverse()) {
      if (!(c.state === 'created' || c.state === 'exited' || c.state === 'dead')) continue;
      if (until !== undefined && c.createdAt / 1000 >= Number(until)) continue;
      const size = containerSizes(c.fs).SizeRw;
      this.#remove(c);
      space += size;
      deleted.push(c.id);
    }
    return { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
  }

  // ---- images ------------------------------------------------------------------------------------

  imageList(opts?: { all?: boolean; filters?: Record<string, string[]> }): Promise<ImageSummary[]> {
    return this.images.list(opts, (id) => this.#usersOf(id).length);
  }

  imageInspect(ref: string): Promise<unknown> {
    return this.images.inspect(ref);
  }

  imageHistory(ref: string): Promise<ImageHistoryEntry[]> {
    return this.images.history(ref);
  }

  imagePull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal, opts?: { all?: boolean; auth?: RegistryAuth }): Promise<void> {
    return this.images.pull(ref, onProgress, signal, opts);
  }

  imagePush(ref: string, opts: { all?: boolean; auth?: RegistryAuth }, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void> {
    return this.images.push(ref, opts, onProgress, signal);
  }

  registryLogin(auth: RegistryAuth): Promise<{ Status: string }> {
    return this.images.login(auth);
  }

  imageSearch(term: string, opts: { limit?: number; filters?: Record<string, string[]>; auth?: RegistryAuth } = {}): Promise<SearchResult[]> {
    return this.images.search(term, opts);
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

  /** docker build (classic builder): loaded on first use, so the builder stays out of the page's main chunk. */
  async imageBuild(context: Uint8Array, options: BuildOptions, onMessage: (m: BuildMessage) => void, signal?: AbortSignal): Promise<void> {
    const { buildOnSimEngine } = await outside(import('../build/index.ts'));
    return buildOnSimEngine({ ...buildKit, parseSignal }, this, context, options, onMessage, signal);
  }

  #usersOf(imageId: string): Array<{ id: string; running: boolean }> {
    const out = [];
    for (const c of this.#containers.values()) {
      if (c.imageId === imageId) out.push({ id: c.id, running: c.state === 'running' || c.state === 'paused' || c.state === 'restarting' });
    }
    return out;
  }

  async version(): Promise<VersionInfo> {
    return {
      Version: this.profile.engineVersion,
      ApiVersion: this.profile.apiVersion,
      MinAPIVersion: '1.12',
      GitCommit: this.profile.version === '20.10' ? '5d6db84' : '6a43e3d',
      GoVersion: this.profile.version === '20.10' ? 'go1.19.8' : 'go1.24.6',
      Os: 'linux',
      Arch: 'amd64',
      KernelVersion: this.profile.kernelRelease,
    };
  }
}

export type { RefusalRecord, TransitionRecord } from './lifecycle.ts';

/** containerd-shim's PID: the parent of PID 1 as the host sees it. */
function shimPid(hostPid: number): number {
  return hostPid - 20;
}

/** ReplaceOrAppendEnvValues: later values replace earlier ones with the same key; `KEY` alone (no =) removes. */
export function mergeEnv(base: string[], overrides: string[]): string[] {
  const out = [...base];
  const indexOf = (key: string) => out.findIndex((e) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e) === key);
  for (const e of overrides) {
    const key = e.includes('=') ? e.slice(0, e.indexOf('=')) : e;
    const i = indexOf(key);
    if (!e.includes('=')) {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}
