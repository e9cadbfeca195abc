/**
 * The classic builder's backend over the native engine (the same builder as the
 * simulator's, src/sim/build): images from the native store, build containers
 * through the NativeEngine (created, started under runc, waited for, removed),
 * commits of a container's upper directory, and COPY/ADD written by the builder's own
 * copy code into a real overlay mount of the image (a layer without a container, as
 * the daemon's exportImage makes it), whose upper directory becomes the new layer.
 *
 * Images are made as the simulator's backend makes them (backend.ts childConfigFile:
 * NewChildImage's config, no parent field, the store keeps the parent), with real
 * creation times; layers go into the store through storeLayerTar, like a commit's.
 */
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressMessage } from '../../sim/api.ts';
import { ArchiveError } from '../../sim/archive/errors.ts';
import { layerSize } from '../../sim/archive/layer.ts';
import { unpackLayer } from '../../sim/archive/import.ts';
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
} from '../../sim/build/backend.ts';
import { EngineError } from '../../sim/errors.ts';
import { FsError, type FileSystem } from '../../sim/fs/types.ts';
import { chainIDs, serializeConfigFile } from '../../sim/images/config.ts';
import { parseNormalizedNamed, tagNameOnly } from '../../sim/images/reference.ts';
import type { ImageConfig, ImageConfigFile } from '../../sim/images/types.ts';
import { MemoryFs } from '../../sim/fs/memory.ts';
import { ImagesAdapter } from '../engine/imagesAdapter.ts';
import type { NativeEngine } from '../engine/nativeEngine.ts';
import type { ContainerLayer } from '../engine/ports.ts';
import { commitLayer, mergedView, type NativeImageStore } from '../images/index.ts';
import { createdStamp } from '../images/ops.ts';
import { removeTree } from '../images/files.ts';
import { mountOverlay, unmount, unmountAllUnder } from '../runtime/overlay.ts';
import { RootedFs } from './rootedFs.ts';

/** A failure of the machine below the builder (a mount, the store, a file) as the daemon's error. */
function daemonError(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  if (e instanceof ArchiveError) return new EngineError('system', e.message);
  return new EngineError('system', e instanceof Error ? e.message : String(e));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class NativeBuildBackend implements BuildBackend {
  readonly #engine: NativeEngine;
  readonly #images: ImagesAdapter;
  readonly #store: NativeImageStore;
  /** `<state root>/build`: the mounts of COPY/ADD layers, `<pid>-<random>/{upper,work,merged}`. */
  readonly #scratch: string;

  constructor(engine: NativeEngine) {
    if (!(engine.images instanceof ImagesAdapter)) throw new Error('the native builder needs the native image store (ImagesAdapter)');
    this.#engine = engine;
    this.#images = engine.images;
    this.#store = engine.images.store;
    this.#scratch = join(engine.root, 'build');
    mkdirSync(this.#scratch, { recursive: true, mode: 0o700 });
    this.#dropLeftovers();
  }

  /** What builds of processes that are gone left (a crash during a COPY). */
  #dropLeftovers(): void {
    for (const name of readdirSync(this.#scratch)) {
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
      const dir = join(this.#scratch, name);
      try {
        unmountAllUnder(dir, { lazy: true });
        removeTree(dir);
      } catch {
        /* the runtime's gc unmounts what is left under the state root */
      }
    }
  }

  get profile() {
    return this.#engine.profile;
  }

  now(): number {
    return Date.now();
  }

  /** Real time passes by itself: the simulator's step durations are not added. */
  async sleep(): Promise<void> {}

  image(ref: string): BuildImage | undefined {
    const s = findImage(this.#store.images, ref);
    return s && imageView(s);
  }

  pull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void> {
    return this.#engine.imagePull(ref, onProgress, signal);
  }

  children(id: string): BuildImage[] {
    return childrenOf(this.#store.images, id);
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

  #layer(containerId: string): ContainerLayer {
    const c = this.#engine.get(containerId);
    return this.#images.layerOf(c.layerId, c.imageId);
  }

  /**
   * The working directory in the container's root. Looked up in the layers first (no
   * mount when it is there, as for most steps); made on the mounted overlay otherwise,
   * so the kernel copies its parents up as the daemon's mount does.
   */
  createWorkdir(id: string): void {
    const wd = this.#engine.get(id).config.WorkingDir;
    if (!wd) return;
    const layer = this.#layer(id);
    try {
      makeWorkdir(mergedView({ upper: layer.upper, lowers: layer.lowers }), wd);
      return;
    } catch (e) {
      if (!(e instanceof FsError && e.code === 'EROFS')) throw e;
    }
    this.#mounted({ lower: layer.lowers, upper: layer.upper, work: layer.work, target: layer.merged }, (fs) => makeWorkdir(fs, wd));
  }

  #mounted<T>(spec: { lower: string[]; upper: string; work: string; target: string }, f: (fs: RootedFs) => T): T {
    try {
      mountOverlay(spec);
    } catch (e) {
      throw daemonError(e);
    }
    try {
      return f(new RootedFs(spec.target));
    } finally {
      unmount(spec.target, { lazy: true });
    }
  }

  runContainer(id: string, onOutput: (stream: 'stdout' | 'stderr', data: string) => void, signal?: AbortSignal): Promise<number> {
    return runBuildContainer(this.#engine, id, onOutput, signal);
  }

  async removeContainer(id: string): Promise<void> {
    await this.#engine.containerRemove(id, { force: true, volumes: true });
  }

  /** NewChildImage + imageStore.Create + SetParent: `upper` committed as the layer on the parent. */
  async #child(parentId: string, upper: string, containerId: string, o: CommitOptions): Promise<string> {
    const store = this.#store;
    try {
      const parent = parentId ? store.images.get(parentId) : undefined;
      const committed = commitLayer(upper);
      const diffIDs = parent ? parent.image.layers.map((l) => l.diffID) : [];
      let pinned: string | undefined;
      if (!committed.empty) {
        const rec = await store.storeLayerTar(committed.tar, chainIDs(diffIDs).pop() ?? null);
        pinned = rec.chainID;
        diffIDs.push(rec.diffID);
      }
      try {
        const file = childConfigFile(parent?.image.config, {
          ...o,
          diffIDs,
          empty: committed.empty,
          created: createdStamp(this.now()).created,
          containerId,
          dockerVersion: this.profile.engineVersion,
        });
        return store.addImage(serializeConfigFile(file), parent ? { parent: parent.id } : {}).id;
      } finally {
        if (pinned) store.unpin(pinned);
      }
    } catch (e) {
      throw daemonError(e);
    }
  }

  commit(containerId: string, o: CommitOptions): Promise<string> {
    const c = this.#engine.get(containerId);
    return this.#child(c.imageId, this.#layer(containerId).upper, c.id, o);
  }

  /**
   * exportImage: a fresh upper directory over the image's layers (no init layer: no
   * container), mounted while `write` runs, then committed. The image's layers are held
   * meanwhile, so an rmi cannot take them away.
   */
  async createImage(parentId: string, write: (fs: FileSystem) => Promise<void>, o: CommitOptions): Promise<string> {
    let dir: string;
    try {
      dir = mkdtempSync(join(this.#scratch, `${process.pid}-`));
    } catch (e) {
      throw daemonError(e);
    }
    const holder = `build-${dir.slice(dir.lastIndexOf('/') + 1)}`;
    try {
      const spec = { lower: [] as string[], upper: join(dir, 'upper'), work: join(dir, 'work'), target: join(dir, 'merged') };
      try {
        for (const d of [spec.upper, spec.work, spec.target]) mkdirSync(d, { mode: 0o755 });
        if (parentId) {
          spec.lower = this.#store.lowerDirs(parentId);
          this.#store.holdLayers(parentId, holder);
        }
        // overlay needs a lower directory: FROM scratch has an empty one
        if (spec.lower.length === 0) {
          spec.lower = [join(dir, 'empty')];
          mkdirSync(spec.lower[0]!, { mode: 0o755 });
        }
        mountOverlay(spec);
      } catch (e) {
        throw daemonError(e);
      }
      try {
        await write(new RootedFs(spec.target));
      } finally {
        unmount(spec.target, { lazy: true });
      }
      return await this.#child(parentId, spec.upper, '', o);
    } finally {
      this.#store.releaseLayers(holder);
      removeTree(dir);
    }
  }

  /** An image's files, read-only (the merged view of its layers in user space). */
  #view(imageId: string): FileSystem {
    const lowers = imageId ? this.#store.lowerDirs(imageId) : [];
    return lowers.length ? mergedView({ lowers }) : new MemoryFs();
  }

  imageFs(imageId: string): { fs: FileSystem; release(): void } {
    return { fs: this.#view(imageId), release: () => {} };
  }

  async readImageFiles(imageId: string, paths: string[]): Promise<Array<string | undefined>> {
    const fs = this.#view(imageId);
    return paths.map((p) => {
      try {
        return fs.readText(p);
      } catch {
        return undefined;
      }
    });
  }

  cacheImage(id: string): CacheImage | undefined {
    return cacheImageOf(this.#store.images, id);
  }

  parentOf(id: string): string | undefined {
    return findImage(this.#store.images, id)?.parent;
  }

  setParent(id: string, parent: string): void {
    this.#store.setParent(id, parent);
  }

  restoreCached(parentId: string, targetId: string, index: number, config: ImageConfig): string {
    const store = this.#store;
    const target = store.images.get(targetId);
    const parent = parentId ? store.images.get(parentId) : undefined;
    const { file, layer } = restoredConfigFile(target.image.config, parent?.image.config, index, config, this.profile.engineVersion);
    const pinned = layer !== undefined ? this.#layerOn(target.image.config, layer, parent?.image.config) : undefined;
    try {
      return store.addImage(serializeConfigFile(file), parent ? { parent: parent.id } : {}).id;
    } catch (e) {
      throw daemonError(e);
    } finally {
      if (pinned) store.unpin(pinned);
    }
  }

  /**
   * Layer `index` of `target` stored on top of `parent`'s layers (pinned): already there
   * when the parent's layers are the target's first ones, as they are for a history match.
   */
  #layerOn(target: ImageConfigFile, index: number, parent: ImageConfigFile | undefined): string {
    const store = this.#store;
    const below = chainIDs(parent?.rootfs.diff_ids ?? []).pop() ?? null;
    const diffID = target.rootfs.diff_ids[index]!;
    const chainID = chainIDs([...(parent?.rootfs.diff_ids ?? []), diffID]).pop()!;
    if (store.hasLayer(chainID)) {
      store.pin(chainID);
      return chainID;
    }
    try {
      const tar = store.layerTar(chainIDs(target.rootfs.diff_ids)[index]!);
      const entries = unpackLayer(tar, { identifyExe: false, limits: store.limits, nowMs: this.now() });
      return store.storeUnpacked({ entries, diffID, size: layerSize(entries), tar }, below).chainID;
    } catch (e) {
      throw daemonError(e);
    }
  }

  tag(id: string, ref: string): void {
    this.#store.setReference(tagNameOnly(parseNormalizedNamed(ref, this.profile.version)), id);
  }
}
