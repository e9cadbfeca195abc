/**
 * Image records. Field names follow the JSON Docker writes (image config:
 * lower-case keys; inspect/list: the API's capitalised keys), so records can be
 * serialised without a mapping table.
 *
 * An `Image` is content: its config (from which the ID is computed), its layers
 * and, when it came from a registry or the containerd store, its manifest and
 * index descriptors. Names (tags, digests) live in the ImageStore, not here.
 */
import type { DockerVersion } from '../profile.ts';
import type { FileType } from '../fs/types.ts';

export type { DockerVersion };

/**
 * The daemon's image store. Engine 20.10 (and v29 when told so) keeps images in
 * the graphdriver store (overlay2): image ID = sha256 of the config JSON. Engine
 * v29 defaults to the containerd store: image ID = the digest of the image's
 * target (the index or manifest), and texts of rmi differ.
 */
export type StoreKind = 'overlay2' | 'containerd';

export const DEFAULT_STORE: Record<DockerVersion, StoreKind> = { '20.10': 'overlay2', '29': 'containerd' };

/** `container.Config` as stored in an image config (both versions write the same struct). */
export interface ImageConfig {
  Hostname: string;
  Domainname: string;
  User: string;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  /** e.g. {"80/tcp": {}}; omitted when empty. */
  ExposedPorts?: Record<string, Record<string, never>>;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  Env: string[] | null;
  Cmd: string[] | null;
  Healthcheck?: HealthConfig;
  ArgsEscaped?: boolean;
  Image: string;
  Volumes: Record<string, Record<string, never>> | null;
  WorkingDir: string;
  Entrypoint: string[] | null;
  OnBuild: string[] | null;
  Labels: Record<string, string> | null;
  StopSignal?: string;
  StopTimeout?: number;
  Shell?: string[];
}

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  Retries?: number;
}

/** One `history` entry of an image config (`docker history` rows, newest last here). */
export interface HistoryEntry {
  /** RFC 3339 (Go's form, e.g. "2023-12-08T19:30:45.123456789Z"). */
  created: string;
  author?: string;
  created_by?: string;
  comment?: string;
  /** True when the step made no layer (ENV, CMD, …); such entries have no RootFS layer. */
  empty_layer?: boolean;
}

/** The image config document (what the image ID is the digest of). */
export interface ImageConfigFile {
  architecture: string;
  variant?: string;
  os: string;
  'os.version'?: string;
  /** RFC 3339, Go's form. */
  created: string;
  author?: string;
  comment?: string;
  /** ID of the container a commit was made from. */
  container?: string;
  /** The committing container's config (legacy builder/commit); imports write an all-empty one. */
  container_config?: ImageConfig;
  docker_version?: string;
  config: ImageConfig | null;
  /** Legacy parent image ID (commit/classic build). */
  parent?: string;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history: HistoryEntry[];
}

/** An entry of a layer's file listing (absolute path, no trailing slash except "/"). */
export interface TreeEntry {
  path: string;
  type: FileType;
  /** Permission bits (e.g. 0o755), with setuid/setgid/sticky where the real file has them. */
  mode: number;
  uid: number;
  gid: number;
  /** Bytes for files (what `ls -l` shows); 0 for directories. */
  size: number;
  /** Symlink target. */
  target?: string;
  /** The simulated program this executable runs (WriteOptions.exe). */
  exe?: string;
  /** Real text content (small files such as /etc/os-release); otherwise a synthetic filler of `size` bytes. */
  content?: string;
  /** Real bytes (files read from an imported or loaded tar); wins over `content`. */
  data?: Uint8Array;
  /** Modification time, ms since the epoch (defaults to the layer's creation time). */
  mtimeMs?: number;
  /** Device numbers for char/block devices. */
  rdev?: number;
  /** Set on a hard link: the path of the entry it links to (counted once in sizes). */
  linkOf?: string;
}

/** A content descriptor (OCI): a blob in a registry or the containerd content store. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/**
 * One filesystem layer. `diffID` is the digest of the uncompressed layer tar (the
 * value in RootFS.Layers); `blob` is the compressed tarball a registry serves. For
 * catalog images both are deterministic, well-formed fakes derived from the image.
 */
export interface Layer {
  diffID: string;
  /** Bytes as Docker counts a layer's size (regular files + symlink targets, hard links once). */
  size: number;
  blob?: Descriptor;
  /** The layer's files (lazy: built on first call, then cached by the caller if it wants). */
  files(): TreeEntry[];
}

/** An image: config + layers (+ distribution descriptors when it has any). */
export interface Image {
  config: ImageConfigFile;
  /** The exact config JSON; its digest is `configDigest`. */
  configJSON: string;
  /** `sha256:<hex>` of configJSON: the image ID in the overlay2 store. */
  configDigest: string;
  layers: Layer[];
  /** The platform manifest (registry/containerd). */
  manifest?: Descriptor;
  /** The multi-platform index the tag points at (Docker Hub official images). */
  index?: Descriptor;
}

// ---- API shapes -------------------------------------------------------------------

/** Data before Name, as the Go struct declares them (inspect prints them in that order). */
export interface GraphDriverData {
  Data: Record<string, string> | null;
  Name: string;
}

/** `docker image inspect` as Engine 20.10 (API 1.41) returns it, in its key order. */
export interface ImageInspect2010 {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  Container: string;
  ContainerConfig: ImageConfig;
  DockerVersion: string;
  Author: string;
  Config: ImageConfig | null;
  Architecture: string;
  Variant?: string;
  Os: string;
  OsVersion?: string;
  Size: number;
  VirtualSize: number;
  GraphDriver: GraphDriverData;
  RootFS: { Type: string; Layers?: string[] };
  Metadata: { LastTagTime: string };
}

/** `Config` of a v29 inspect: the OCI image config + Docker's extensions, every field omitempty. */
export interface OciImageConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  Healthcheck?: HealthConfig;
  OnBuild?: string[];
  Shell?: string[];
}

/**
 * `docker image inspect` as Engine v29 (API 1.55) returns it: no Container,
 * ContainerConfig, VirtualSize; Comment/Created/Author omitted when empty; Parent and
 * DockerVersion only when present; GraphDriver only with a graphdriver store;
 * Descriptor with the containerd store; Identity (API ≥ 1.53) when the daemon knows it.
 */
export interface ImageInspect29 {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent?: string;
  Comment?: string;
  Created?: string;
  DockerVersion?: string;
  Author?: string;
  Config: OciImageConfig;
  Architecture: string;
  Variant?: string;
  Os: string;
  OsVersion?: string;
  Size: number;
  GraphDriver?: GraphDriverData;
  RootFS: { Type?: string; Layers?: string[] };
  Metadata: { LastTagTime: string };
  Descriptor?: Descriptor & { platform?: { architecture: string; os: string } };
  Identity?: { Pull?: { Repository: string }[] };
}

export type ImageInspect = ImageInspect2010 | ImageInspect29;

/** `GET /images/json` entry (docker images). 20.10 adds VirtualSize; v29 may add Descriptor. */
export interface ImageSummary {
  Containers: number;
  Created: number;
  Id: string;
  Labels: Record<string, string> | null;
  ParentId: string;
  RepoDigests: string[];
  RepoTags: string[];
  SharedSize: number;
  Size: number;
  VirtualSize?: number;
  Descriptor?: Descriptor;
}

/** One `docker history` row as the API returns it (newest first). */
export interface HistoryResponseItem {
  Id: string;
  /** Unix seconds. */
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** `DELETE /images/{name}` response item (docker rmi prints `Untagged: x` / `Deleted: x`). */
export type DeleteResponseItem = { Untagged: string } | { Deleted: string };
