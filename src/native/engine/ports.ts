/**
 * What the native engine needs from the layers below it. The engine is written
 * against these two ports only; adapters.ts implements them over the runtime
 * layer (src/native/runtime) and the image store (src/native/images).
 */
import type { ImageDeleteItem, ImageHistoryEntry, ImageSummary, ProgressMessage, RegistryAuth, SearchResult } from '../../sim/api.ts';
import type { StoredCredentials } from '../../sim/cli/credentials.ts';
import type { EngineError } from '../../sim/errors.ts';
import type { ImageRuntimeConfig } from '../../sim/engine/imageService.ts';

export interface LocalImage {
  /** sha256:<64 hex> */
  id: string;
  config: ImageRuntimeConfig;
}

/** A container's filesystem as directories: overlay's lowerdir (top first) and its own upper/work dirs. */
export interface ContainerLayer {
  /** The read-write layer's ID (GraphDriver paths). */
  layerId: string;
  /** Read-only directories, top first (the init layer, then the image's layers from the top). */
  lowers: string[];
  upper: string;
  work: string;
  /** Where the runtime mounts the overlay (GraphDriver MergedDir). */
  merged: string;
  /** GraphDriver.Data for inspect. */
  graph: Record<string, string>;
}

export interface ImagePort {
  findLocal(ref: string): LocalImage | undefined;
  /** 404 `No such image: …` (the CLI pulls on it). */
  notFoundError(ref: string): EngineError;
  /** docker pull / push / login / search against registries (src/native/registry: HTTP API v2 on loopback). */
  pull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal, opts?: { all?: boolean; auth?: RegistryAuth }): Promise<void>;
  push(ref: string, opts: { all?: boolean; auth?: RegistryAuth }, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void>;
  login(auth: RegistryAuth): Promise<{ Status: string }>;
  search(term: string, opts?: { limit?: number; filters?: Record<string, string[]> }): Promise<SearchResult[]>;
  /** The client's stored credentials (`docker login`), kept in the state root. */
  credentials(): Map<string, StoredCredentials>;
  /** Makes the container's read-write layer (and init layer) over the image's layers. */
  createLayer(containerId: string, imageId: string, layerId: string): ContainerLayer;
  /** The layer of an existing container (after a restart of the backend). */
  layerOf(layerId: string, imageId: string): ContainerLayer;
  removeLayer(layerId: string, containerId: string): void;
  /** docker diff (Kind 0 = C, 1 = A, 2 = D). */
  changes(layer: ContainerLayer): Array<{ Kind: number; Path: string }>;
  /** docker export of the merged files (mount destinations excluded). */
  exportTar(layer: ContainerLayer, exclude: string[]): Uint8Array;
  /** docker commit: the new image's ID. */
  commit(
    layer: ContainerLayer,
    o: {
      imageId: string;
      containerId: string;
      config: Record<string, unknown>;
      containerConfig: Record<string, unknown>;
      createdBy: string;
      comment?: string;
      author?: string;
      reference?: string;
      exclude: string[];
    },
  ): Promise<string>;
  /** Sizes for ps -s / inspect --size. */
  sizes(layer: ContainerLayer, imageId?: string): { SizeRw: number; SizeRootFs: number };
  /** The IMAGE column of ps. */
  displayRef(typed: string, imageId: string): string;
  ancestorIds(ref: string): Set<string> | undefined;
  list(opts: { all?: boolean; filters?: Record<string, string[]> } | undefined, containers: (imageId: string) => number): Promise<ImageSummary[]>;
  inspect(ref: string): Promise<unknown>;
  history(ref: string): Promise<ImageHistoryEntry[]>;
  tag(source: string, target: string): Promise<void>;
  remove(ref: string, opts: { force?: boolean; noprune?: boolean }, users: (imageId: string) => Array<{ id: string; running: boolean }>): Promise<ImageDeleteItem[]>;
  importTar(tar: Uint8Array, o: { source: string; reference?: string; message?: string; changes?: string[] }): Promise<string>;
  save(refs: string[]): Promise<Uint8Array>;
  load(tar: Uint8Array): Promise<string[]>;
  /** For system df. */
  df(): { layersSize: number; images: Array<{ id: string; size: number; shared: number }> };
  /** Every image ID (cleanup bookkeeping). */
  imageIds(): string[];
  /** Every reference (name:tag) → image ID. */
  references(): Map<string, string>;
}

export interface MountSpec {
  destination: string;
  source: string;
  readOnly: boolean;
}

export interface TaskSpec {
  id: string;
  argv: string[];
  env: string[];
  cwd: string;
  user: string;
  tty: boolean;
  openStdin: boolean;
  hostname: string;
  layer: ContainerLayer;
  /** Volumes and binds. */
  mounts: MountSpec[];
  /** /etc/hosts, /etc/hostname, /etc/resolv.conf as Docker provides them. */
  etc: { hosts: string; hostname: string; resolvConf: string };
  limits: { memory: number; nanoCpus: number; cpuShares: number; pidsLimit: number | null };
  /** --init: the host's init binary, bind-mounted read-only at /sbin/docker-init (argv already starts with it). */
  init?: string;
}

/** A failed start: runc's message (the engine wraps it in Docker's words and maps 126/127). */
export class TaskStartError extends Error {
  override readonly name = 'TaskStartError';
}

export interface TaskExit {
  code: number;
  oomKilled: boolean;
  /** ms since the epoch. */
  at: number;
}

export interface ExecSpec {
  argv: string[];
  env: string[];
  cwd: string;
  user: string;
  tty: boolean;
  stdin: boolean;
}

export interface ExecHandle {
  pid: number;
  onOutput(cb: (stream: 'stdout' | 'stderr', data: string) => void): void;
  write(data: string): void;
  closeStdin(): void;
  /** A TTY exec's window size. */
  resize(cols: number, rows: number): Promise<void>;
  /** Exit code; rejects with TaskStartError when the process could not be started. */
  readonly exited: Promise<number>;
}

export interface RuntimePort {
  /** One line per problem that stops the native backend from running here (empty: ready). */
  preflight(): Promise<string[]>;
  /** Mounts the rootfs, writes the bundle, starts the shim; resolves with the init PID once the program runs. */
  start(spec: TaskSpec): Promise<{ pid: number }>;
  /** The exit, once the shim recorded it (undefined while running). */
  exitOf(id: string): TaskExit | undefined;
  /** Whether the task is alive (shim or init running). */
  alive(id: string): boolean;
  /** Calls back once the task has exited (polling/inotify); returns a canceller. */
  watchExit(id: string, cb: (exit: TaskExit) => void): () => void;
  /** The json-file log of the container. */
  logPath(id: string): string;
  /** The live output stream of the container's current run (liveStream.ts). */
  livePath(id: string): string;
  /** The window size of a TTY container. */
  resize(id: string, cols: number, rows: number): Promise<void>;
  kill(id: string, signal: number, all?: boolean): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  exec(id: string, spec: ExecSpec): Promise<ExecHandle>;
  /** PIDs (host view) of every process of the task. */
  pids(id: string): Promise<number[]>;
  /** Writes to PID 1's stdin (-i), closes it. */
  writeStdin(id: string, data: string): void;
  closeStdin(id: string): void;
  /** After the exit: runc state, the rootfs mount and cgroups go; the log and the layer's files stay. */
  cleanupTask(id: string, layer: ContainerLayer): Promise<void>;
  /** Everything of the container the runtime holds (log included). */
  remove(id: string): Promise<void>;
}
