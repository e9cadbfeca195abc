/**
 * What the simulated daemon needs from its image store. The adapter over the
 * image store and registry (src/sim/images) implements it; the engine never
 * reaches past it.
 */
import type { ImageDeleteItem, ImageHistoryEntry, ImageSummary, ProgressMessage, RegistryAuth, SearchResult } from '../api.ts';
import type { EngineError } from '../errors.ts';
import type { UnionFs } from '../fs/layered/index.ts';

export interface ImageRuntimeConfig {
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Env?: string[] | null;
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, object> | null;
  Volumes?: Record<string, object> | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
}

export interface LocalImage {
  /** sha256:<64hex> */
  id: string;
  config: ImageRuntimeConfig;
}

export interface ImageUser {
  id: string;
  running: boolean;
}

export interface ImageService {
  /** The image store itself (system df reads its layers). */
  readonly store: import('../images/store.ts').ImageStore;
  findLocal(ref: string): LocalImage | undefined;
  /** 404 `No such image: busybox:latest` (the CLI pulls on it). */
  notFoundError(ref: string): EngineError;
  /** A new container's copy-on-write root over the image's layers (nothing is copied). */
  containerFs(image: LocalImage, opts: { id: string; createdMs: number }): UnionFs;
  importTar(bytes: Uint8Array, o: { source: string; reference?: string; message?: string; changes?: string[] }): Promise<string>;
  save(refs: string[]): Promise<Uint8Array>;
  load(bytes: Uint8Array): Promise<string[]>;
  /** docker commit: returns the new image's ID. */
  commit(fs: UnionFs, o: import('./images.ts').CommitRequest): string;
  /** Gives the image layers a removed container held back to the layer store. */
  releaseContainerFs(fs: UnionFs): void;
  /** GraphDriver.Data of the image (its layer dirs), for container inspect. */
  graphDriver(imageId: string): Record<string, string>;
  /** The image and its descendants, for `ps -f ancestor=`; undefined when the reference is unknown. */
  ancestorIds(ref: string): Set<string> | undefined;
  /** The IMAGE column of ps: the reference as typed if it still names the same image, else the short ID. */
  displayRef(typed: string, imageId: string): string;
  list(opts: { all?: boolean; filters?: Record<string, string[]> } | undefined, containers: (imageId: string) => number): Promise<ImageSummary[]>;
  inspect(ref: string): Promise<unknown>;
  history(ref: string): Promise<ImageHistoryEntry[]>;
  pull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal, opts?: { all?: boolean }): Promise<void>;
  push(ref: string, opts: { all?: boolean; auth?: RegistryAuth }, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void>;
  login(auth: RegistryAuth): Promise<{ Status: string }>;
  search(term: string, opts: { limit?: number; filters?: Record<string, string[]> }): Promise<SearchResult[]>;
  tag(source: string, target: string): Promise<void>;
  remove(ref: string, opts: { force?: boolean; noprune?: boolean }, users: (imageId: string) => ImageUser[]): Promise<ImageDeleteItem[]>;
}
