/**
 * The builder's backend over the simulated daemon: images from its store, build
 * containers through the Engine (create, attach, start, wait, rm -f -v), commits and
 * COPY/ADD layers made the way daemon/images CommitImage and the builder's
 * exportImage make them (image.NewChildImage: the author is the step's MAINTAINER,
 * never the parent's; no parent field in the config, the parent kept by the store).
 */
import type { SimImages } from '../engine/images.ts';
import type { SimEngine } from '../engine/simEngine.ts';
import type { UnionFs } from '../fs/layered/index.ts';
import type { FileSystem } from '../fs/types.ts';
import type { ImageConfig, Layer } from '../images/types.ts';
import {
  cacheImageOf,
  childConfigFile,
  childrenOf,
  createRequestOf,
  findImage,
  imageConfigOf,
  imageView,
  makeWorkdir,
  restoredConfigFile,
  runBuildContainer,
  type BuildBackend,
  type BuildImage,
  type CacheImage,
  type CommitOptions,
} from './backend.ts';
import { kit } from './kitRef.ts';

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

  image(ref: string): BuildImage | undefined {
    const s = findImage(this.#images.store, ref);
    return s && imageView(s);
  }

  pull(ref: string, onProgress: Parameters<BuildBackend['pull']>[1], signal?: AbortSignal): Promise<void> {
    return this.#engine.imagePull(ref, onProgress, signal);
  }

  children(id: string): BuildImage[] {
    return childrenOf(this.#images.store, id);
  }

  async createContainer(config: ImageConfig): Promise<{ id: string; warnings: string[] }> {
    const r = await this.#engine.containerCreate({ config: createRequestOf(config) });
    // the daemon makes the working directory when it creates a container
    this.createWorkdir(r.Id);
    return { id: r.Id, warnings: r.Warnings };
  }

  containerConfig(id: string): ImageConfig {
    return imageConfigOf(this.#engine.get(id).config);
  }

  createWorkdir(id: string): void {
    const c = this.#engine.get(id);
    makeWorkdir(c.fs, c.config.WorkingDir);
  }

  runContainer(id: string, onOutput: (stream: 'stdout' | 'stderr', data: string) => void, signal?: AbortSignal): Promise<number> {
    return runBuildContainer(this.#engine, id, onOutput, signal);
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
    const { buildImage, commitLayer, imageLayerOf } = kit();
    const store = this.#images.store;
    const parent = parentId ? store.get(parentId) : undefined;
    const committed = commitLayer(fs);
    const layers: Layer[] = [...(parent?.image.layers ?? [])];
    if (!committed.empty) layers.push(imageLayerOf(this.#images.layers.register(committed.layer, committed.diffID, fs.lowers), committed.diffID));
    const file = childConfigFile(parent?.image.config, {
      ...o,
      diffIDs: layers.map((l) => l.diffID),
      empty: committed.empty,
      created: this.#stamp(),
      containerId,
      dockerVersion: this.profile.engineVersion,
    });
    const stored = store.add(buildImage(file, layers), parent ? { parent: parent.id } : {});
    return stored.id;
  }

  async commit(containerId: string, o: CommitOptions): Promise<string> {
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
    return cacheImageOf(this.#images.store, id);
  }

  parentOf(id: string): string | undefined {
    return findImage(this.#images.store, id)?.parent;
  }

  setParent(id: string, parent: string): void {
    const s = findImage(this.#images.store, id);
    if (s) s.parent = parent;
  }

  restoreCached(parentId: string, targetId: string, index: number, config: ImageConfig): string {
    const store = this.#images.store;
    const target = store.get(targetId);
    const parent = parentId ? store.get(parentId) : undefined;
    const { file, layer } = restoredConfigFile(target.image.config, parent?.image.config, index, config, this.profile.engineVersion);
    const layers: Layer[] = [...(parent?.image.layers ?? []), ...(layer !== undefined ? [target.image.layers[layer]!] : [])];
    return store.add(kit().buildImage(file, layers), parent ? { parent: parent.id } : {}).id;
  }

  tag(id: string, ref: string): void {
    const k = kit();
    this.#images.store.setReference(k.tagNameOnly(k.parseNormalizedNamed(ref, this.profile.version)), id);
  }
}
