/**
 * The engine seam: one interface shaped like the Docker Engine API. The command
 * layer (src/sim/cli) talks only to this; the simulator (src/sim/engine) and the
 * native backend (src/native) implement it. Errors are EngineError (errors.ts).
 */
import type { ContainerStatus } from './lifecycle/containerMachine.ts';
import type { Profile } from './profile.ts';

export type { ContainerStatus };

export interface RestartPolicy {
  Name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure';
  MaximumRetryCount: number;
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface MountPoint {
  Type: 'volume' | 'bind' | 'tmpfs';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** Container config (the `Config` of create and inspect). */
export interface ContainerConfig {
  Hostname: string;
  Domainname: string;
  User: string;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  ExposedPorts?: Record<string, object>;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  Env: string[] | null;
  Cmd: string[] | null;
  Image: string;
  Volumes: Record<string, object> | null;
  WorkingDir: string;
  Entrypoint: string[] | null;
  OnBuild: string[] | null;
  Labels: Record<string, string>;
  StopSignal?: string;
  StopTimeout?: number;
}

export interface HostConfig {
  Binds: string[] | null;
  NetworkMode: string;
  PortBindings: Record<string, PortBinding[]>;
  RestartPolicy: RestartPolicy;
  AutoRemove: boolean;
  VolumesFrom: string[] | null;
  PublishAllPorts: boolean;
  Init?: boolean | null;
  Memory: number;
  NanoCpus: number;
  CpuShares: number;
  PidsLimit: number | null;
}

export interface CreateRequest {
  name?: string;
  config: Partial<ContainerConfig> & { Image: string };
  hostConfig?: Partial<HostConfig>;
}

export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  ExecIDs: string[] | null;
  HostConfig: HostConfig;
  GraphDriver: { Data: Record<string, string>; Name: string };
  Mounts: MountPoint[];
  Config: ContainerConfig;
  NetworkSettings: NetworkSettings;
  SizeRw?: number;
  SizeRootFs?: number;
}

export interface NetworkSettings {
  Bridge: string;
  SandboxID: string;
  Ports: Record<string, PortBinding[] | null>;
  IPAddress: string;
  Gateway: string;
  MacAddress: string;
  Networks: Record<string, { IPAddress: string; Gateway: string; MacAddress: string; NetworkID: string }>;
}

export interface PortSummary {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  /** Unix seconds. */
  Created: number;
  Ports: PortSummary[];
  Labels: Record<string, string>;
  State: ContainerStatus;
  Status: string;
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts: MountPoint[];
  NetworkNames: string[];
}

export interface ListOptions {
  all?: boolean;
  limit?: number;
  size?: boolean;
  /** key → values, as the API's filters JSON. */
  filters?: Record<string, string[]>;
}

export interface StopOptions {
  /** Seconds; undefined = the container's StopTimeout, else 10. -1 waits forever. */
  timeout?: number;
  signal?: string;
}

export interface LogOptions {
  stdout?: boolean;
  stderr?: boolean;
  follow?: boolean;
  timestamps?: boolean;
  /** "all" or a count. */
  tail?: string;
  /** Unix seconds (fractional allowed), already parsed by the CLI. */
  since?: number;
  until?: number;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** Exact bytes of the line, including its "\n" (and "\r" with a TTY). */
  text: string;
  /** RFC3339Nano time the daemon read the line. */
  time: string;
}

/** A live byte stream between the client and a container process (attach, exec, run). */
export interface Session {
  /** Output as it arrives. */
  onOutput(cb: (stream: 'stdout' | 'stderr', data: string) => void): void;
  write(data: string): void;
  closeStdin(): void;
  resize?(cols: number, rows: number): void;
  /** Stop streaming (client side). */
  detach(): void;
  /**
   * Resolves when the stream ends: 'exited' when the process ended, 'detached' after the
   * detach keys or detach(), 'closed' when the container went away.
   */
  readonly done: Promise<'exited' | 'detached' | 'closed'>;
}

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Default "ctrl-p,ctrl-q". */
  detachKeys?: string;
  /** Replay the logs before streaming (docker attach --logs). */
  logs?: boolean;
}

export interface ExecConfig {
  Cmd: string[];
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  Tty: boolean;
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  Privileged?: boolean;
  DetachKeys?: string;
}

export interface ExecInspect {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  Pid: number;
  ContainerID: string;
  ProcessConfig: { entrypoint: string; arguments: string[]; tty: boolean; user: string; privileged: boolean };
}

export interface TopResult {
  Titles: string[];
  Processes: string[][];
}

export interface WaitResult {
  StatusCode: number;
  Error: { Message: string } | null;
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export interface PruneResult {
  ContainersDeleted: string[] | null;
  SpaceReclaimed: number;
}

export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  SharedSize: number;
  VirtualSize?: number;
  Labels: Record<string, string> | null;
  Containers: number;
}

export interface ImageHistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** One line of pull/push progress as the daemon streams it (jsonmessage). */
export interface ProgressMessage {
  id?: string;
  status: string;
  progress?: string;
}

/** Credentials the client sends with push, pull, search and login (X-Registry-Auth), from its config file. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  /** The registry as the client names it: "localhost:5000", or Docker Hub's "https://index.docker.io/v1/". */
  serverAddress?: string;
}

/** One result of `GET /images/search` (registry.SearchResult). */
export interface SearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}

/** POST /build options (types.ImageBuildOptions as the classic builder reads them). */
export interface BuildOptions {
  /** Path of the Dockerfile inside the context ('' = Dockerfile). */
  dockerfile?: string;
  /** -t: every name to tag the result with. */
  tags?: string[];
  /** --build-arg K=V (null: named without a value, and not set in the client's environment). */
  buildArgs?: Record<string, string | null>;
  /** --label K=V: LABEL instructions added to the last stage. */
  labels?: Record<string, string>;
  noCache?: boolean;
  /** Remove intermediate containers after a successful step (default true; --rm=false keeps them). */
  remove?: boolean;
  /** Remove them even after a failed step (--force-rm). */
  forceRemove?: boolean;
  /** Always pull the base images (--pull). */
  pull?: boolean;
  /** -q: the daemon holds the output back and sends only the image ID (or, on error, all of it). */
  quiet?: boolean;
  /** --target: stop after this stage. */
  target?: string;
  /** --cache-from. */
  cacheFrom?: string[];
}

/** One message of the build's JSON stream (jsonmessage.JSONMessage). */
export interface BuildMessage {
  /** Text for the client's stdout (builder output; a container's stderr comes wrapped in colour codes). */
  stream?: string;
  /** Pull progress of a base image. */
  status?: string;
  id?: string;
  progress?: string;
  /** The built image's ID, at the end of each stage. */
  aux?: { ID: string };
  /** The build failed after its output began: the text, and the exit code for the client (RUN's status). */
  error?: { message: string; code?: number };
}

export interface ImageDeleteItem {
  Untagged?: string;
  Deleted?: string;
}

export interface VersionInfo {
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
}

export interface Engine {
  readonly profile: Profile;

  // containers
  containerCreate(req: CreateRequest): Promise<{ Id: string; Warnings: string[] }>;
  containerStart(id: string): Promise<void>;
  containerStop(id: string, opts?: StopOptions): Promise<void>;
  containerRestart(id: string, opts?: StopOptions): Promise<void>;
  containerKill(id: string, signal?: string): Promise<void>;
  containerPause(id: string): Promise<void>;
  containerUnpause(id: string): Promise<void>;
  containerRemove(id: string, opts?: { force?: boolean; volumes?: boolean }): Promise<void>;
  containerRename(id: string, newName: string): Promise<void>;
  /** Resolves when the condition holds; `signal` lets the client give up. */
  containerWait(id: string, condition?: WaitCondition, signal?: AbortSignal): Promise<WaitResult>;
  containerInspect(id: string, opts?: { size?: boolean }): Promise<ContainerInspect>;
  containerList(opts?: ListOptions): Promise<ContainerSummary[]>;
  /** Past lines (and, with follow, every later line until the container stops or `signal` aborts). */
  containerLogs(id: string, opts: LogOptions, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void>;
  containerAttach(id: string, opts: AttachOptions): Promise<Session>;
  containerTop(id: string, psArgs?: string): Promise<TopResult>;
  containersPrune(filters?: Record<string, string[]>): Promise<PruneResult>;
  /** docker export: a tar of the container's merged filesystem. */
  containerExport(id: string): Promise<Uint8Array>;
  /** docker diff: Kind 0 = C (changed), 1 = A (added), 2 = D (deleted). */
  containerChanges(id: string): Promise<Array<{ Kind: number; Path: string }>>;
  /** docker commit: the new image's ID (sha256:…). */
  containerCommit(
    id: string,
    opts?: { reference?: string; comment?: string; author?: string; pause?: boolean; config?: Partial<ContainerConfig>; changes?: string[] },
  ): Promise<{ Id: string }>;

  execCreate(id: string, config: ExecConfig): Promise<{ Id: string }>;
  /** Starts the exec; with detach the session's output is empty and done resolves at once. */
  execStart(execId: string, opts: { Detach: boolean; Tty: boolean }): Promise<Session>;
  execInspect(execId: string): Promise<ExecInspect>;

  // images
  imageList(opts?: { all?: boolean; filters?: Record<string, string[]> }): Promise<ImageSummary[]>;
  imageInspect(ref: string): Promise<unknown>;
  imageHistory(ref: string): Promise<ImageHistoryEntry[]>;
  /** `all`: every tag of the repository (`ref` is a name only). */
  imagePull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal, opts?: { all?: boolean; auth?: RegistryAuth }): Promise<void>;
  /**
   * docker push of a tag, or with `all` every tag of the repository. An error once the
   * progress stream has begun is a StreamError (images/registryCommandTexts.ts): printed bare.
   */
  imagePush(ref: string, opts: { all?: boolean; auth?: RegistryAuth }, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void>;
  /** POST /auth: checks the credentials against the registry; Status is "Login Succeeded". */
  registryLogin(auth: RegistryAuth): Promise<{ Status: string; IdentityToken?: string }>;
  /** GET /images/search: Docker Hub's search (a term with a registry domain searches that registry's v1 API). */
  imageSearch(term: string, opts?: { limit?: number; filters?: Record<string, string[]>; auth?: RegistryAuth }): Promise<SearchResult[]>;
  imageTag(source: string, target: string): Promise<void>;
  imageRemove(ref: string, opts?: { force?: boolean; noprune?: boolean }): Promise<ImageDeleteItem[]>;
  /** docker import: `source` is how the CLI names the input ("-" for a file or stdin, or a URL). */
  imageImport(tar: Uint8Array, opts: { source: string; reference?: string; message?: string; changes?: string[] }): Promise<{ Id: string }>;
  imageSave(refs: string[]): Promise<Uint8Array>;
  /** docker load: the lines Docker prints ("Loaded image: busybox:latest"). */
  imageLoad(tar: Uint8Array): Promise<string[]>;
  /**
   * POST /build with the classic builder: `context` is the context tar (plain or gzip).
   * Output arrives as messages; an error before any output rejects (EngineError, as the
   * daemon answers with an HTTP error), an error after it ends the stream with an error message.
   */
  imageBuild(context: Uint8Array, options: BuildOptions, onMessage: (m: BuildMessage) => void, signal?: AbortSignal): Promise<void>;

  // volumes
  volumeCreate(name: string | undefined, labels?: Record<string, string>): Promise<Record<string, unknown>>;
  volumeList(filters?: Record<string, string[]>): Promise<Array<Record<string, unknown>>>;
  volumeInspect(name: string): Promise<Record<string, unknown>>;
  volumeRemove(name: string, force?: boolean): Promise<void>;
  volumesPrune(all?: boolean): Promise<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>;

  // system
  version(): Promise<VersionInfo>;
  systemDf(): Promise<{
    /** Bytes of all image layers, each counted once. */
    layersSize: number;
    images: Array<{ size: number; shared: number; containers: number }>;
    containers: Array<{ sizeRw: number; running: boolean }>;
    volumes: Array<{ size: number; refs: number }>;
  }>;
  /** The engine's notion of now (simulated or real), ms since the epoch: the CLI formats durations against it. */
  now(): number;
}
