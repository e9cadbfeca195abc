/**
 * The engine's ImagePort over the native image store (src/native/images): images,
 * tags, rmi, import/commit/save/load there, pull/push/login/search through the
 * registry client (src/native/registry); each container's own layers here, laid
 * out as Docker's overlay2 driver lays them out:
 *
 *   <state root>/overlay2/<layer id>-init/diff   the init layer (placeholders Docker
 *                                                bind-mounts over), read-only
 *   <state root>/overlay2/<layer id>/diff        the container's upper directory
 *   <state root>/overlay2/<layer id>/work        overlay's work directory
 *   <state root>/overlay2/<layer id>/merged      where the runtime mounts the root
 *   <state root>/overlay2/<cache id> -> ../image/layers/sha256/<chain>
 *                                                an image layer by Docker's name (inspect)
 *   <state root>/overlay2/.spare-*               layers made ahead for the next create
 *
 * A container holds its image's layers in the store (holdLayers) until it is removed,
 * so `rmi -f` of an image in use keeps the directories the container stands on.
 */
import { discard } from '../runtime/trash.ts';
import { chmodSync, existsSync, lstatSync, lutimesSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import type { ImageDeleteItem, ImageHistoryEntry, ImageSummary, ProgressMessage, RegistryAuth, SearchResult } from '../../sim/api.ts';
import type { StoredCredentials } from '../../sim/cli/credentials.ts';
import { EngineError, invalidParameter } from '../../sim/errors.ts';
import { INIT_DIRS, INIT_FILES, INIT_PATHS, INIT_SYMLINKS } from '../../sim/fs/layered/init.ts';
import { chainIDs } from '../../sim/images/config.ts';
import { isReferenceFormatError, referenceString } from '../../sim/images/reference.ts';
import type { StoredImage } from '../../sim/images/store.ts';
import { changes, commit, exportTar, importTar, load, save, type NativeImageStore } from '../images/index.ts';
import { NativeRegistry } from '../registry/index.ts';
import type { ContainerLayer, ImagePort, LocalImage } from './ports.ts';
import { dirSize } from './volumes.ts';

export interface ImagesAdapterOptions {
  store: NativeImageStore;
  stateRoot: string;
  /** Docker version of the texts ('20.10' or '29'). */
  version: '20.10' | '29';
}

export class ImagesAdapter implements ImagePort {
  readonly store: NativeImageStore;
  readonly root: string;
  readonly version: '20.10' | '29';
  readonly #layersDir: string;

  constructor(o: ImagesAdapterOptions) {
    this.store = o.store;
    this.root = o.stateRoot;
    this.version = o.version;
    this.#layersDir = join(o.stateRoot, 'overlay2');
    mkdirSync(this.#layersDir, { recursive: true, mode: 0o700 });
    this.removeStaleSpares();
    this.#removeDeadLinks();
  }

  #find(ref: string): StoredImage | undefined {
    try {
      return this.store.images.find(ref);
    } catch (e) {
      if (isReferenceFormatError(e) || e instanceof EngineError) return undefined;
      throw e;
    }
  }

  findLocal(ref: string): LocalImage | undefined {
    const s = this.#find(ref);
    if (!s) return undefined;
    return { id: s.id, config: s.image.config.config ?? {} };
  }

  notFoundError(ref: string): EngineError {
    try {
      this.store.images.get(ref);
    } catch (e) {
      if (e instanceof EngineError) return e;
      if (isReferenceFormatError(e)) return invalidParameter((e as Error).message);
    }
    return new EngineError('notFound', `No such image: ${ref}`);
  }

  // ---- registries (src/native/registry) ----------------------------------------------

  #registry: NativeRegistry | undefined;

  get registry(): NativeRegistry {
    return (this.#registry ??= new NativeRegistry({ store: this.store, stateRoot: this.root, version: this.version }));
  }

  pull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal, opts: { all?: boolean; auth?: RegistryAuth } = {}): Promise<void> {
    return this.registry.pull(ref, onProgress, signal, opts);
  }

  push(ref: string, opts: { all?: boolean; auth?: RegistryAuth }, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void> {
    return this.registry.push(ref, opts, onProgress, signal);
  }

  login(auth: RegistryAuth): Promise<{ Status: string }> {
    return this.registry.login(auth);
  }

  search(term: string, opts: { limit?: number; filters?: Record<string, string[]> } = {}): Promise<SearchResult[]> {
    return this.registry.search(term, opts);
  }

  credentials(): Map<string, StoredCredentials> {
    return this.registry.credentials;
  }

  // ---- container layers ------------------------------------------------------------

  #dirs(layerId: string, imageId: string): ContainerLayer {
    const base = join(this.#layersDir, layerId);
    const init = join(this.#layersDir, `${layerId}-init`, 'diff');
    let imageLowers: string[] = [];
    try {
      imageLowers = this.store.lowerDirs(imageId);
    } catch {
      /* image gone (removed with -f): its layers stay held, but the chain is not known by ID any more */
    }
    const lowers = [init, ...imageLowers];
    return {
      layerId,
      lowers,
      upper: join(base, 'diff'),
      work: join(base, 'work'),
      merged: join(base, 'merged'),
      graph: {
        LowerDir: [init, ...imageLowers.map((d) => this.#cacheDir(d))].join(':'),
        MergedDir: join(base, 'merged'),
        UpperDir: join(base, 'diff'),
        WorkDir: join(base, 'work'),
      },
    };
  }

  /**
   * Docker's name for an image layer's directory, `overlay2/<cache id>/diff` (a cache ID is
   * random in Docker; here a hash of the chain ID): a link to the store's layer dir
   * (`image/layers/sha256/<chain>`), made when first named. It is what inspect shows; mounts
   * and scans use the store's path.
   */
  #cacheDir(layerDiff: string): string {
    const layer = dirname(layerDiff);
    const cache = createHash('sha256').update(`cache-id\0${basename(layer)}`).digest('hex');
    const link = join(this.#layersDir, cache);
    if (!this.#linked.has(link)) {
      try {
        symlinkSync(relative(this.#layersDir, layer), link);
      } catch {
        /* there already (or the layer is gone: inspect still names it) */
      }
      this.#linked.add(link);
    }
    return join(link, 'diff');
  }

  readonly #linked = new Set<string>();

  /** Links to image layers that were deleted. */
  #removeDeadLinks(): void {
    for (const name of readdirSync(this.#layersDir)) {
      const p = join(this.#layersDir, name);
      try {
        if (lstatSync(p).isSymbolicLink() && !existsSync(p)) rmSync(p, { force: true });
      } catch {
        /* gone meanwhile */
      }
    }
  }

  createLayer(containerId: string, imageId: string, layerId: string): ContainerLayer {
    const l = this.#dirs(layerId, imageId);
    const base = join(this.#layersDir, layerId);
    const init = join(this.#layersDir, `${layerId}-init`);
    const now = Date.now();
    const spare = this.#spare;
    this.#spare = null;
    let claimed = false;
    if (spare) {
      // Made ahead of time (creating files is the slow part here: ~0.1–0.5 ms each on
      // ext4): two renames, and the init layer's times set to now, as if made now.
      try {
        renameSync(spare.layer, base);
        renameSync(spare.init, init);
        touchInitLayer(join(init, 'diff'), now);
        claimed = true;
      } catch {
        // someone cleaned it up meanwhile (gc): make them here
        for (const d of [base, init, spare.layer, spare.init]) rmSync(d, { recursive: true, force: true });
      }
    }
    if (!claimed) {
      makeLayerDirs(base);
      makeInitLayer(join(init, 'diff'), now);
    }
    this.store.holdLayers(imageId, containerId);
    this.#prepareSpare();
    return l;
  }

  /** A container layer and an init layer made ahead for the next create (off its path). */
  #spare: { layer: string; init: string } | null = null;
  #spareQueued = false;

  #prepareSpare(): void {
    if (this.#spare || this.#spareQueued) return;
    this.#spareQueued = true;
    setImmediate(() => {
      this.#spareQueued = false;
      if (this.#spare) return;
      const tag = randomBytes(8).toString('hex');
      const layer = join(this.#layersDir, `${SPARE_PREFIX}${tag}`);
      const init = join(this.#layersDir, `${SPARE_PREFIX}${tag}-init`);
      try {
        makeLayerDirs(layer);
        makeInitLayer(join(init, 'diff'), Date.now());
        this.#spare = { layer, init };
      } catch {
        rmSync(layer, { recursive: true, force: true });
        rmSync(init, { recursive: true, force: true });
      }
    });
  }

  /** Spares of an earlier process (crashed or closed): not ours to hand out, removed. */
  removeStaleSpares(): void {
    for (const name of readdirSync(this.#layersDir)) {
      if (name.startsWith(SPARE_PREFIX) && !(this.#spare && (this.#spare.layer.endsWith(`/${name}`) || this.#spare.init.endsWith(`/${name}`)))) {
        discard(this.root, join(this.#layersDir, name));
      }
    }
  }

  layerOf(layerId: string, imageId: string): ContainerLayer {
    const l = this.#dirs(layerId, imageId);
    if (!existsSync(l.upper)) throw new Error(`layer ${layerId} is gone`);
    return l;
  }

  removeLayer(layerId: string, containerId: string): void {
    discard(this.root, join(this.#layersDir, layerId));
    discard(this.root, join(this.#layersDir, `${layerId}-init`));
    this.store.releaseLayers(containerId);
  }

  changes(layer: ContainerLayer): Array<{ Kind: number; Path: string }> {
    return changes({ upper: layer.upper, lowers: layer.lowers }).map((ch) => ({ Kind: ch.kind === 'C' ? 0 : ch.kind === 'A' ? 1 : 2, Path: ch.path }));
  }

  exportTar(layer: ContainerLayer, exclude: string[]): Uint8Array {
    return exportTar({ upper: layer.upper, lowers: layer.lowers }, { exclude, version: this.version });
  }

  async commit(
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
  ): Promise<string> {
    return commit(this.store, { upper: layer.upper, lowers: layer.lowers }, {
      imageId: o.imageId,
      containerId: o.containerId,
      config: o.config as never,
      containerConfig: o.containerConfig as never,
      createdBy: o.createdBy,
      exclude: o.exclude,
      ...(o.comment ? { comment: o.comment } : {}),
      ...(o.author ? { author: o.author } : {}),
      ...(o.reference ? { reference: o.reference } : {}),
    });
  }

  /**
   * SizeRw: pkg/directory.Size of the container's upper dir (lstat sizes of everything
   * but directories, hard links once); SizeRootFs: the image's layer sizes plus SizeRw
   * (the init layer counts in neither), as src/sim/fs/layered/size.ts states Docker's rules.
   */
  sizes(layer: ContainerLayer, imageId?: string): { SizeRw: number; SizeRootFs: number } {
    const rw = dirSize(layer.upper);
    let image = 0;
    try {
      if (imageId) for (const c of this.store.chainOf(imageId)) image += this.store.layer(c)?.size ?? 0;
    } catch {
      /* the image is gone (rmi -f): its layers are held, not named */
    }
    return { SizeRw: rw, SizeRootFs: rw + image };
  }

  displayRef(typed: string, imageId: string): string {
    const s = this.#find(typed);
    if (s && s.id === imageId) return typed;
    return imageId.replace(/^sha256:/, '').slice(0, 12);
  }

  ancestorIds(ref: string): Set<string> | undefined {
    const s = this.#find(ref);
    if (!s) return undefined;
    const out = new Set<string>([s.id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const img of this.store.images.images()) {
        if (img.parent && out.has(img.parent) && !out.has(img.id)) {
          out.add(img.id);
          grew = true;
        }
      }
    }
    return out;
  }

  async list(opts: { all?: boolean; filters?: Record<string, string[]> } = {}): Promise<ImageSummary[]> {
    return this.store.images.list(opts) as unknown as ImageSummary[];
  }

  async inspect(ref: string): Promise<unknown> {
    return this.store.images.inspect(ref);
  }

  async history(ref: string): Promise<ImageHistoryEntry[]> {
    return this.store.images.history(ref) as unknown as ImageHistoryEntry[];
  }

  async tag(source: string, target: string): Promise<void> {
    this.store.tag(source, target);
  }

  async remove(
    ref: string,
    opts: { force?: boolean; noprune?: boolean },
    users: (imageId: string) => Array<{ id: string; running: boolean }>,
  ): Promise<ImageDeleteItem[]> {
    this.store.setContainersUsing(users);
    return this.store.remove(ref, opts) as ImageDeleteItem[];
  }

  importTar(tar: Uint8Array, o: { source: string; reference?: string; message?: string; changes?: string[] }): Promise<string> {
    return importTar(this.store, tar, o);
  }

  save(refs: string[]): Promise<Uint8Array> {
    return save(this.store, refs, { format: this.version === '20.10' ? '20.10' : 'oci' });
  }

  load(tar: Uint8Array): Promise<string[]> {
    return load(this.store, tar);
  }

  df(): { layersSize: number; images: Array<{ id: string; size: number; shared: number }> } {
    const stored = this.store.images.images();
    const uses = new Map<string, number>();
    const chains = stored.map((img) => chainIDs(img.image.layers.map((l) => l.diffID)));
    const layerSizes = new Map<string, number>();
    stored.forEach((img, i) => img.image.layers.forEach((l, k) => layerSizes.set(chains[i]![k]!, l.size)));
    for (const chain of chains) for (const c of chain) uses.set(c, (uses.get(c) ?? 0) + 1);
    return {
      layersSize: [...layerSizes.values()].reduce((a, b) => a + b, 0),
      images: stored.map((img, i) => {
        const sizes = img.image.layers.map((l) => l.size);
        const chain = chains[i]!;
        return {
          id: img.id,
          size: sizes.reduce((a, b) => a + b, 0),
          shared: sizes.reduce((a, b, k) => a + ((uses.get(chain[k]!) ?? 0) > 1 ? b : 0), 0),
        };
      }),
    };
  }

  imageIds(): string[] {
    return this.store.images.images().map((i) => i.id);
  }

  references(): Map<string, string> {
    const out = new Map<string, string>();
    for (const img of this.store.images.images()) for (const r of this.store.images.references(img.id)) out.set(referenceString(r), img.id);
    return out;
  }

  /** Container layer directories on disk (gc). */
  layerDirs(): string[] {
    try {
      return readdirSync(this.#layersDir);
    } catch {
      return [];
    }
  }
}

/**
 * Docker's init layer (daemon/initlayer): placeholders for what the runtime mounts,
 * all root-owned 0755, with the container's creation time.
 */
const SPARE_PREFIX = '.spare-';

/** A container layer's dirs: diff (the upper dir), work, merged. */
function makeLayerDirs(base: string): void {
  mkdirSync(base, { mode: 0o710 });
  for (const d of ['diff', 'work', 'merged']) mkdirSync(join(base, d), { mode: 0o755 });
}

/** Every entry of an init layer made by makeInitLayer, with its root, stamped `mtimeMs`. */
function touchInitLayer(dir: string, mtimeMs: number): void {
  const t = mtimeMs / 1000;
  for (const p of INIT_PATHS) {
    const full = join(dir, p);
    if (p in INIT_SYMLINKS) lutimesSync(full, t, t);
    else utimesSync(full, t, t);
  }
  utimesSync(dir, t, t);
}

export function makeInitLayer(dir: string, mtimeMs: number): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const made: string[] = [];
  const mkdirs = (p: string) => {
    const parts = p.split('/').filter(Boolean);
    let cur = dir;
    let rel = '';
    for (const part of parts) {
      cur = join(cur, part);
      rel += '/' + part;
      if (!existsSync(cur)) {
        mkdirSync(cur, { mode: 0o755 });
        chmodSync(cur, 0o755);
        made.push(cur);
      }
    }
    return rel;
  };
  for (const d of INIT_DIRS) mkdirs(d);
  for (const f of INIT_FILES) {
    const i = f.lastIndexOf('/');
    if (i > 0) mkdirs(f.slice(0, i));
    const p = join(dir, f);
    writeFileSync(p, '', { mode: 0o755 });
    chmodSync(p, 0o755);
    made.push(p);
  }
  for (const [p, target] of Object.entries(INIT_SYMLINKS)) {
    const i = p.lastIndexOf('/');
    if (i > 0) mkdirs(p.slice(0, i));
    symlinkSync(target, join(dir, p));
  }
  const t = mtimeMs / 1000;
  for (const p of made.reverse()) if (lstatSync(p)) utimesSync(p, t, t);
  chmodSync(dir, 0o755);
  utimesSync(dir, t, t);
}
