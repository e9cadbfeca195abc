/**
 * One container as the native engine keeps it: the same data fields as the
 * simulator's Container (so that the simulator's pure views — inspect, ps
 * summaries, ps filters, status texts — apply unchanged), minus the simulated
 * file system and task, plus what the native engine needs (the runtime's task,
 * the on-disk record). Its lifecycle state only moves through the lifecycle
 * machine (NativeEngine.#move).
 */
import type { ContainerConfig, HostConfig, LogLine, MountPoint } from '../../sim/api.ts';
import type { AttachSink, Container, Waiter } from '../../sim/engine/container.ts';
import type { HostBinding, PortMap } from '../../sim/engine/network.ts';
import { RestartManager } from '../../sim/engine/restartManager.ts';
import type { LifecycleState } from '../../sim/lifecycle/containerMachine.ts';

export interface NativeContainer {
  id: string;
  /** Without the leading slash. */
  name: string;
  /** ms since the epoch (real time). */
  createdAt: number;
  path: string;
  args: string[];
  config: ContainerConfig;
  hostConfig: HostConfig;
  imageId: string;
  mounts: MountPoint[];
  /** ID of the container's read-write layer in the image store. */
  layerId: string;

  state: LifecycleState;
  pid: number;
  exitCode: number;
  error: string;
  startedAt: number;
  finishedAt: number;
  oomKilled: boolean;
  restartCount: number;
  manuallyStopped: boolean;
  restartManager: RestartManager;
  holdAutoRemove: boolean;
  sandboxId: string;
  /** NetworkSettings.Ports while the task runs ({} otherwise); kept on disk for restore(). */
  ports: PortMap;
  execIds: string[];
  /** The backend process that created it (`<pid>:<start time>`): per-script cleanup and gc. */
  owner: string;

  // ---- in memory only ----
  restartTimer?: ReturnType<typeof setTimeout>;
  logFollowers: Set<(line: LogLine) => void>;
  attached: Set<AttachSink>;
  waiters: Waiter[];
  exitListeners: Array<() => void>;
  /** Set while the runtime task exists (started, not yet cleaned up). */
  task?: { pid: number; stop: () => void };
  /** The host sockets of its published ports (the port proxy's). */
  published: HostBinding[];
  /** Byte offset in the json log up to which lines were delivered to live listeners. */
  logOffset: number;
  /** Serialises lifecycle operations on this container (start, stop, exit handling). */
  busy: Promise<void>;
  /** A start by the restart policy in flight: commands wait for it (the daemon's container lock). */
  starting?: Promise<void>;
}

/** The fields stored in `<state root>/engine/containers/<id>.json`. */
export interface ContainerRecord {
  id: string;
  name: string;
  createdAt: number;
  path: string;
  args: string[];
  config: ContainerConfig;
  hostConfig: HostConfig;
  imageId: string;
  mounts: MountPoint[];
  layerId: string;
  state: LifecycleState;
  pid: number;
  exitCode: number;
  error: string;
  startedAt: number;
  finishedAt: number;
  oomKilled: boolean;
  restartCount: number;
  manuallyStopped: boolean;
  restart: { count: number; delayMs: number; cancelled: boolean };
  sandboxId: string;
  ports?: PortMap;
  execIds: string[];
  /** The backend process that created it (`classroom native gc` and per-script cleanup use it). */
  owner?: string;
}

export function toRecord(c: NativeContainer): ContainerRecord {
  return {
    id: c.id,
    name: c.name,
    createdAt: c.createdAt,
    path: c.path,
    args: c.args,
    config: c.config,
    hostConfig: c.hostConfig,
    imageId: c.imageId,
    mounts: c.mounts,
    layerId: c.layerId,
    state: c.state,
    pid: c.pid,
    exitCode: c.exitCode,
    error: c.error,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    oomKilled: c.oomKilled,
    restartCount: c.restartCount,
    manuallyStopped: c.manuallyStopped,
    restart: { count: c.restartManager.restartCount, delayMs: c.restartManager.delayMs, cancelled: c.restartManager.cancelled },
    sandboxId: c.sandboxId,
    ports: c.ports,
    execIds: c.execIds,
    owner: c.owner,
  };
}

export function fromRecord(r: ContainerRecord): NativeContainer {
  const rm = new RestartManager(r.hostConfig.RestartPolicy);
  rm.restartCount = r.restart?.count ?? 0;
  rm.delayMs = r.restart?.delayMs ?? 0;
  rm.cancelled = r.restart?.cancelled ?? false;
  return {
    id: r.id,
    name: r.name,
    createdAt: r.createdAt,
    path: r.path,
    args: r.args,
    config: r.config,
    hostConfig: r.hostConfig,
    imageId: r.imageId,
    mounts: r.mounts,
    layerId: r.layerId,
    state: r.state,
    pid: r.pid,
    exitCode: r.exitCode,
    error: r.error,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    oomKilled: r.oomKilled,
    restartCount: r.restartCount,
    manuallyStopped: r.manuallyStopped,
    restartManager: rm,
    holdAutoRemove: false,
    sandboxId: r.sandboxId,
    ports: r.ports ?? {},
    published: [],
    execIds: r.execIds ?? [],
    owner: r.owner ?? '',
    logFollowers: new Set(),
    attached: new Set(),
    waiters: [],
    exitListeners: [],
    logOffset: 0,
    busy: Promise.resolve(),
  };
}

const NO_FS = new Proxy(
  {},
  {
    get() {
      throw new Error('native engine: a simulator view asked for the simulated file system of a native container');
    },
  },
);

/**
 * The simulator's Container view of a native container, for the simulator's pure
 * helpers (inspectContainer, summarize, compileFilters, statusText, AttachSession).
 * They read data fields only; `fs`, `task` and the log buffer do not exist here
 * (touching `fs` throws, so a future helper that needs it fails loudly).
 */
export function simView(c: NativeContainer): Container {
  const cached = views.get(c);
  if (cached) return cached;
  const view = new Proxy(c, {
    get(target, key) {
      if (key === 'fs') return NO_FS;
      if (key === 'task') return undefined;
      if (key === 'logs') return [];
      if (key === 'pending') return { stdout: '', stderr: '' };
      if (key === 'restartTimer') return undefined;
      return Reflect.get(target, key);
    },
  }) as unknown as Container;
  views.set(c, view);
  return view;
}

const views = new WeakMap<NativeContainer, Container>();
