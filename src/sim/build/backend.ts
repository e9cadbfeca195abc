/**
 * What the classic builder needs from the daemon (moby's builder.Backend, narrowed):
 * images by reference and their children (the build cache), pulls for FROM, build
 * containers (create, run, remove), commits of a container's layer, new images from
 * a layer written directly (COPY/ADD), tags. src/sim/build/simBackend.ts implements
 * it over the simulated engine.
 */
import type { ProgressMessage } from '../api.ts';
import type { FileSystem } from '../fs/types.ts';
import type { HistoryEntry, ImageConfig } from '../images/types.ts';
import type { Profile } from '../profile.ts';

/** An image as the builder sees it. */
export interface BuildImage {
  /** sha256:<hex> */
  id: string;
  /** The image's run config (Config); null for an image without one. */
  config: ImageConfig | null;
  /** The config of the container it was made from (ContainerConfig: the cache key). */
  containerConfig: ImageConfig | null;
  /** Creation time as Go compares it: [unix seconds, nanoseconds]. */
  created: [number, number];
  os: string;
}

/** What the --cache-from cache compares: an image's history and layers. */
export interface CacheImage {
  id: string;
  history: HistoryEntry[];
  diffIDs: string[];
}

export interface CommitOptions {
  author: string;
  /** The new image's Config. */
  config: ImageConfig;
  /** Its ContainerConfig (the instruction's comment command: the cache key). */
  containerConfig: ImageConfig;
}

export interface BuildBackend {
  readonly profile: Profile;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A local image by reference or ID. */
  image(ref: string): BuildImage | undefined;
  /** Pulls `ref` (a normalised name with a tag), reporting the daemon's progress messages. Throws EngineError. */
  pull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void>;
  /** Images whose parent is `id` ('' for FROM scratch: images without a parent). */
  children(id: string): BuildImage[];
  /** ContainerCreate with the build's config (the working directory is made, volumes set up). */
  createContainer(config: ImageConfig): Promise<{ id: string; warnings: string[] }>;
  /** The config the daemon stored for the container (merged with its image's). */
  containerConfig(id: string): ImageConfig;
  /** ContainerCreateWorkdir. Throws EngineError. */
  createWorkdir(id: string): void;
  /** Attach, start, wait: the exit code. A failed start throws EngineError. */
  runContainer(id: string, onOutput: (stream: 'stdout' | 'stderr', data: string) => void, signal?: AbortSignal): Promise<number>;
  /** ContainerRm with force and volumes. */
  removeContainer(id: string): Promise<void>;
  /** CommitBuildStep: the container's layer on its image, as a new image (returns its ID). */
  commit(containerId: string, o: CommitOptions): string;
  /**
   * exportImage: a writable layer over `parentId` ('' for scratch) that `write` changes,
   * then a new image of it (its container is empty). Errors from `write` are passed on.
   */
  createImage(parentId: string, write: (fs: FileSystem) => Promise<void>, o: CommitOptions): Promise<string>;
  /** An image's files, read-only in use (COPY --from); release() when done. */
  imageFs(imageId: string): { fs: FileSystem; release(): void };
  /** The text of files in an image's filesystem (undefined where missing): COPY --chown's passwd and group. */
  readImageFiles(imageId: string, paths: string[]): Promise<Array<string | undefined>>;
  /** --cache-from: an image's history and layers; its parent; a new parent; an image restored from a history entry. */
  cacheImage(id: string): CacheImage | undefined;
  parentOf(id: string): string | undefined;
  setParent(id: string, parent: string): void;
  /**
   * restoreCachedImage: an image of `parentId` ('' for none) plus entry `index` of
   * `targetId`'s history (and that entry's layer), with `config` as its Config.
   */
  restoreCached(parentId: string, targetId: string, index: number, config: ImageConfig): string;
  /** Tags the image (Successfully tagged …). */
  tag(id: string, ref: string): void;
}
