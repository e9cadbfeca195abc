/**
 * What the classic builder needs from the daemon (moby's builder.Backend, narrowed):
 * images by reference and their children (the build cache), pulls for FROM, build
 * containers (create, run, remove), commits of a container's layer, new images from
 * a layer written directly (COPY/ADD), tags. src/sim/build/simBackend.ts implements
 * it over the simulated engine, src/native/build/nativeBackend.ts over the native one.
 *
 * Below the interface: what both daemons do alike (image views over the image store,
 * the container config a step creates and reads back, WORKDIR's directories, the
 * attach-start-wait of a RUN, the config of a committed or restored image), so each
 * backend only says where the files are.
 */
import type { ContainerConfig, Engine, ProgressMessage } from '../api.ts';
import type { FileSystem } from '../fs/types.ts';
import type { ImageStore, StoredImage } from '../images/store.ts';
import type { HistoryEntry, ImageConfig, ImageConfigFile } from '../images/types.ts';
import type { Profile } from '../profile.ts';
import { kit } from './kitRef.ts';
import { cleanPath } from './patterns.ts';

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
  commit(containerId: string, o: CommitOptions): Promise<string>;
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

// ---- shared by the backends ---------------------------------------------------------------

/** Go's time.Time ordering of an RFC 3339 stamp: [seconds, nanoseconds]. */
export function timeOrder(rfc3339: string): [number, number] {
  const m = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(rfc3339);
  const secs = Math.floor(Date.parse(`${m?.[1] ?? rfc3339}Z`) / 1000);
  return [Number.isFinite(secs) ? secs : 0, Number((m?.[2] ?? '').padEnd(9, '0') || 0)];
}

/** A stored image as the builder sees it. */
export function imageView(s: StoredImage): BuildImage {
  const c = s.image.config;
  return { id: s.id, config: c.config ?? null, containerConfig: c.container_config ?? null, created: timeOrder(c.created), os: c.os };
}

/** A local image by reference or ID (undefined for a bad or unknown reference). */
export function findImage(store: ImageStore, ref: string): StoredImage | undefined {
  try {
    return store.find(ref);
  } catch {
    return undefined;
  }
}

/** The build cache's candidates: images whose parent is `id` ('' : images without a parent). */
export function childrenOf(store: ImageStore, id: string): BuildImage[] {
  return store
    .images()
    .filter((s) => (id === '' ? s.parent === undefined : s.parent === id))
    .map(imageView);
}

export function cacheImageOf(store: ImageStore, id: string): CacheImage | undefined {
  const s = findImage(store, id);
  return s && { id: s.id, history: s.image.config.history, diffIDs: s.image.config.rootfs.diff_ids };
}

/** The ContainerCreate request of a build step (the fields the builder's container.Config carries). */
export function createRequestOf(config: ImageConfig): Partial<ContainerConfig> & { Image: string } {
  return {
    Hostname: config.Hostname,
    Domainname: config.Domainname,
    User: config.User,
    Tty: config.Tty,
    OpenStdin: config.OpenStdin,
    StdinOnce: config.StdinOnce,
    Env: config.Env,
    Cmd: config.Cmd,
    Image: config.Image,
    Volumes: config.Volumes,
    WorkingDir: config.WorkingDir,
    Entrypoint: config.Entrypoint,
    Labels: config.Labels ?? {},
    ...(config.ExposedPorts ? { ExposedPorts: config.ExposedPorts } : {}),
    ...(config.StopSignal ? { StopSignal: config.StopSignal } : {}),
  };
}

/** The config the daemon stored for a container (merged with its image's), as an image keeps it. */
export function imageConfigOf(c: ContainerConfig): ImageConfig {
  return kit().makeConfig({
    Hostname: c.Hostname,
    Domainname: c.Domainname,
    User: c.User,
    AttachStdin: c.AttachStdin,
    AttachStdout: c.AttachStdout,
    AttachStderr: c.AttachStderr,
    ...(c.ExposedPorts ? { ExposedPorts: c.ExposedPorts as ImageConfig['ExposedPorts'] } : {}),
    Tty: c.Tty,
    OpenStdin: c.OpenStdin,
    StdinOnce: c.StdinOnce,
    Env: c.Env,
    Cmd: c.Cmd,
    Image: c.Image,
    Volumes: c.Volumes as ImageConfig['Volumes'],
    WorkingDir: c.WorkingDir,
    Entrypoint: c.Entrypoint,
    OnBuild: c.OnBuild,
    Labels: c.Labels,
    ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
  });
}

/** ContainerCreateWorkdir in the container's root: missing directories made 0755 (symlinks followed). */
export function makeWorkdir(fs: FileSystem, wd: string): void {
  if (!wd) return;
  let cur = '';
  for (const part of cleanPath(`/${wd}`).split('/').filter(Boolean)) {
    cur += `/${part}`;
    let type;
    try {
      type = fs.stat(cur).type;
    } catch {
      fs.mkdir(cur, { mode: 0o755 });
      continue;
    }
    if (type !== 'dir') throw new (kit().EngineError)('system', `Cannot mkdir: ${wd} is not a directory`);
  }
}

/**
 * A RUN step's container (containerManager.Run): attach, start, the output until it
 * ends, wait. The exit code. A build cancelled meanwhile kills the container.
 */
export async function runBuildContainer(
  engine: Engine,
  id: string,
  onOutput: (stream: 'stdout' | 'stderr', data: string) => void,
  signal?: AbortSignal,
): Promise<number> {
  const session = await engine.containerAttach(id, { stdin: false, stdout: true, stderr: true });
  session.onOutput(onOutput);
  try {
    await engine.containerStart(id);
  } catch (e) {
    session.detach();
    throw e;
  }
  const kill = () => void engine.containerKill(id, 'KILL').catch(() => undefined);
  if (signal?.aborted) kill();
  else signal?.addEventListener('abort', kill, { once: true });
  try {
    await session.done;
    const r = await engine.containerWait(id, 'not-running');
    return r.StatusCode;
  } finally {
    signal?.removeEventListener('abort', kill);
  }
}

/**
 * NewChildImage's config: the parent's platform and history plus one entry (the author
 * is the step's MAINTAINER, never the parent's; no parent field, the store keeps it).
 * `diffIDs`: the new image's layers (the parent's, plus the step's unless `empty`).
 */
export function childConfigFile(
  parent: ImageConfigFile | undefined,
  o: CommitOptions & { diffIDs: string[]; empty: boolean; created: string; containerId: string; dockerVersion: string },
): ImageConfigFile {
  const { makeConfig } = kit();
  const history: HistoryEntry = {
    created: o.created,
    ...(o.author ? { author: o.author } : {}),
    created_by: (o.containerConfig.Cmd ?? []).join(' '),
    ...(o.empty ? { empty_layer: true } : {}),
  };
  return {
    architecture: parent?.architecture || 'amd64',
    ...(parent?.variant ? { variant: parent.variant } : {}),
    os: parent?.os || 'linux',
    ...(parent?.['os.version'] ? { 'os.version': parent['os.version'] } : {}),
    created: o.created,
    ...(o.author ? { author: o.author } : {}),
    ...(o.containerId ? { container: o.containerId } : {}),
    // copies: the builder keeps changing its run config (its Healthcheck is shared)
    container_config: makeConfig(structuredClone(o.containerConfig)),
    docker_version: o.dockerVersion,
    config: makeConfig(structuredClone(o.config)),
    rootfs: { type: 'layers', diff_ids: o.diffIDs },
    history: [...(parent?.history ?? []), history],
  };
}

/**
 * restoreCachedImage's config: the parent's history and layers plus entry `index` of the
 * target's history and that entry's layer, `config` as Config. `layer`: the index of that
 * layer in the target's (one per earlier non-empty entry, getLayerForHistoryIndex);
 * undefined for an empty entry or a layer the target does not have.
 */
export function restoredConfigFile(
  target: ImageConfigFile,
  parent: ImageConfigFile | undefined,
  index: number,
  config: ImageConfig,
  dockerVersion: string,
): { file: ImageConfigFile; layer: number | undefined } {
  const entry = target.history[index]!;
  const at = entry.empty_layer ? -1 : target.history.slice(0, index).filter((h) => !h.empty_layer).length;
  const layer = at >= 0 && at < target.rootfs.diff_ids.length ? at : undefined;
  const file: ImageConfigFile = {
    architecture: target.architecture,
    os: target.os,
    ...(target['os.version'] ? { 'os.version': target['os.version'] } : {}),
    created: entry.created,
    ...(target.author ? { author: target.author } : {}),
    docker_version: dockerVersion,
    config: kit().makeConfig(structuredClone(config)),
    rootfs: { type: 'layers', diff_ids: [...(parent?.rootfs.diff_ids ?? []), ...(layer !== undefined ? [target.rootfs.diff_ids[layer]!] : [])] },
    history: [...(parent?.history ?? []), entry],
  };
  return { file, layer };
}
