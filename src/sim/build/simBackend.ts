/**
 * The builder's backend over the simulated daemon: images from its store, build
 * containers through the Engine (create, attach, start, wait, rm -f -v), commits and
 * COPY/ADD layers made the way daemon/images CommitImage and the builder's
 * exportImage make them (image.NewChildImage: the author is the step's MAINTAINER,
 * never the parent's; no parent field in the config, the parent kept by the store).
 */
import type { ContainerConfig } from '../api.ts';
import type { SimImages } from '../engine/images.ts';
import type { SimEngine } from '../engine/simEngine.ts';
import type { UnionFs } from '../fs/layered/index.ts';
import type { FileSystem } from '../fs/types.ts';
import type { StoredImage } from '../images/store.ts';
import type { HistoryEntry, ImageConfig, ImageConfigFile, Layer } from '../images/types.ts';
import type { BuildBackend, BuildImage, CacheImage, CommitOptions } from './backend.ts';
import { kit } from './kitRef.ts';
import { cleanPath } from './patterns.ts';

/** Go's time.Time ordering of an RFC 3339 stamp: [seconds, nanoseconds]. */
export function timeOrder(rfc3339: string): [number, number] {
  const m = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(rfc3339);
  const secs = Math.floor(Date.parse(`${m?.[1] ?? rfc3339}Z`) / 1000);
  return [Number.isFinite(secs) ? secs : 0, Number((m?.[2] ?? '').padEnd(9, '0') || 0)];
}

export class SimBuildBackend implements BuildBackend {
  readonly #engine: SimEngine;
  readonly #images: SimImages;
  #last = { ms: -1, nanos: 0 };

  constructor(engine: SimEngine) {
    if (!(engine.images instanceof kit().SimImages)) throw new Error('the builder needs the simulator image service');
    this.#engine = engine;
    this.#images = engine.images as SimImages;
  }

  get profile() {
    return this.#engine.profile;
  }

  now(): number {
    return this.#engine.now();
  }

  sleep(ms: number): Promise<void> {
    return this.#engine.clock.sleep(ms);
  }

  #view(s: StoredImage): BuildImage {
    const c = s.image.config;
    return { id: s.id, config: c.config ?? null, containerConfig: c.container_config ?? null, created: timeOrder(c.created), os: c.os };
  }

  image(ref: string): BuildImage | undefined {
    let s: StoredImage | undefined;
    try {
      s = this.#images.store.find(ref);
    } catch {
      s = undefined;
    }
    return s && this.#view(s);
  }

  pull(ref: string, onProgress: Parameters<BuildBackend['pull']>[1], signal?: AbortSignal): Promise<void> {
    return this.#engine.imagePull(ref, onProgress, signal);
  }

  children(id: string): BuildImage[] {
    return this.#images.store
      .images()
      .filter((s) => (id === '' ? s.parent === undefined : s.parent === id))
      .map((s) => this.#view(s));
  }

  async createContainer(config: ImageConfig): Promise<{ id: string; warnings: string[] }> {
    const c: Partial<ContainerConfig> & { Image: string } = {
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
    const r = await this.#engine.containerCreate({ config: c });
    // the daemon makes the working directory when it creates a container
    this.createWorkdir(r.Id);
    return { id: r.Id, warnings: r.Warnings };
  }

  containerConfig(id: string): ImageConfig {
    const c = this.#engine.get(id).config;
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

  createWorkdir(id: string): void {
    const c = this.#engine.get(id);
    const wd = c.config.WorkingDir;
    if (!wd) return;
    let cur = '';
    for (const part of cleanPath(`/${wd}`).split('/').filter(Boolean)) {
      cur += `/${part}`;
      let type;
      try {
        type = c.fs.stat(cur).type;
      } catch {
        c.fs.mkdir(cur, { mode: 0o755 });
        continue;
      }
      if (type !== 'dir') throw new (kit().EngineError)('system', `Cannot mkdir: ${wd} is not a directory`);
    }
  }

  async runContainer(id: string, onOutput: (stream: 'stdout' | 'stderr', data: string) => void, signal?: AbortSignal): Promise<number> {
    const session = await this.#engine.containerAttach(id, { stdin: false, stdout: true, stderr: true });
    session.onOutput(onOutput);
    try {
      await this.#engine.containerStart(id);
    } catch (e) {
      session.detach();
      throw e;
    }
    await session.done;
    const r = await this.#engine.containerWait(id, 'not-running', signal);
    return r.StatusCode;
  }

  async removeContainer(id: string): Promise<void> {
    await this.#engine.containerRemove(id, { force: true, volumes: true });
  }

  /** A creation time in Go's nanosecond form; two images made at the same simulated instant still differ. */
  #stamp(): string {
    const ms = this.now();
    this.#last = ms === this.#last.ms ? { ms, nanos: this.#last.nanos + 1 } : { ms, nanos: 0 };
    return kit().goTime(ms, this.#last.nanos);
  }

  /** NewChildImage + imageStore.Create + SetParent. */
  #child(parentId: string, fs: UnionFs, containerId: string, o: CommitOptions): string {
    const { buildImage, commitLayer, imageLayerOf, makeConfig } = kit();
    const store = this.#images.store;
    const parent = parentId ? store.get(parentId) : undefined;
    const pc = parent?.image.config;
    const committed = commitLayer(fs);
    const layers: Layer[] = [...(parent?.image.layers ?? [])];
    if (!committed.empty) layers.push(imageLayerOf(this.#images.layers.register(committed.layer, committed.diffID, fs.lowers), committed.diffID));
    const created = this.#stamp();
    const history: HistoryEntry = {
      created,
      ...(o.author ? { author: o.author } : {}),
      created_by: (o.containerConfig.Cmd ?? []).join(' '),
      ...(committed.empty ? { empty_layer: true } : {}),
    };
    const file: ImageConfigFile = {
      architecture: pc?.architecture || 'amd64',
      ...(pc?.variant ? { variant: pc.variant } : {}),
      os: pc?.os || 'linux',
      ...(pc?.['os.version'] ? { 'os.version': pc['os.version'] } : {}),
      created,
      ...(o.author ? { author: o.author } : {}),
      ...(containerId ? { container: containerId } : {}),
      // copies: the builder keeps changing its run config (its Healthcheck is shared)
      container_config: makeConfig(structuredClone(o.containerConfig)),
      docker_version: this.profile.engineVersion,
      config: makeConfig(structuredClone(o.config)),
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffID) },
      history: [...(pc?.history ?? []), history],
    };
    const stored = store.add(buildImage(file, layers), parent ? { parent: parent.id } : {});
    return stored.id;
  }

  commit(containerId: string, o: CommitOptions): string {
    const c = this.#engine.get(containerId);
    return this.#child(c.imageId, c.fs, c.id, o);
  }

  /** A writable layer over the image (no container); released once the new layer is stored. */
  #scratchFs(imageId: string): UnionFs {
    const layers = imageId ? this.#images.store.get(imageId).image.layers : [];
    return kit().containerFs(this.#images.layers, layers, { now: () => this.now(), createdMs: this.now() });
  }

  async createImage(parentId: string, write: (fs: FileSystem) => Promise<void>, o: CommitOptions): Promise<string> {
    const fs = this.#scratchFs(parentId);
    try {
      await write(fs);
      return this.#child(parentId, fs, '', o);
    } finally {
      kit().releaseContainerFs(this.#images.layers, fs);
    }
  }

  imageFs(imageId: string): { fs: FileSystem; release(): void } {
    const fs = this.#scratchFs(imageId);
    return { fs, release: () => kit().releaseContainerFs(this.#images.layers, fs) };
  }

  async readImageFiles(imageId: string, paths: string[]): Promise<Array<string | undefined>> {
    const fs = this.#scratchFs(imageId);
    try {
      return paths.map((p) => {
        try {
          return fs.readText(p);
        } catch {
          return undefined;
        }
      });
    } finally {
      kit().releaseContainerFs(this.#images.layers, fs);
    }
  }

  cacheImage(id: string): CacheImage | undefined {
    const s = this.#images.store.find(id);
    return s && { id: s.id, history: s.image.config.history, diffIDs: s.image.config.rootfs.diff_ids };
  }

  parentOf(id: string): string | undefined {
    return this.#images.store.find(id)?.parent;
  }

  setParent(id: string, parent: string): void {
    const s = this.#images.store.find(id);
    if (s) s.parent = parent;
  }

  restoreCached(parentId: string, targetId: string, index: number, config: ImageConfig): string {
    const { buildImage, makeConfig } = kit();
    const store = this.#images.store;
    const target = store.get(targetId);
    const tc = target.image.config;
    const parent = parentId ? store.get(parentId) : undefined;
    const entry = tc.history[index]!;
    const history = [...(parent?.image.config.history ?? []), entry];
    const layers: Layer[] = [...(parent?.image.layers ?? [])];
    if (!entry.empty_layer) {
      // getLayerForHistoryIndex: the layer of the entry is after one per earlier non-empty entry
      const at = tc.history.slice(0, index).filter((h) => !h.empty_layer).length;
      const layer = target.image.layers[at];
      if (layer) layers.push(layer);
    }
    const file: ImageConfigFile = {
      architecture: tc.architecture,
      os: tc.os,
      ...(tc['os.version'] ? { 'os.version': tc['os.version'] } : {}),
      created: entry.created,
      ...(tc.author ? { author: tc.author } : {}),
      docker_version: this.profile.engineVersion,
      config: makeConfig(structuredClone(config)),
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffID) },
      history,
    };
    return store.add(buildImage(file, layers), parent ? { parent: parent.id } : {}).id;
  }

  tag(id: string, ref: string): void {
    const k = kit();
    this.#images.store.setReference(k.tagNameOnly(k.parseNormalizedNamed(ref, this.profile.version)), id);
  }
}
