/**
 * The native backend's image store on disk. Semantics (names, `docker tag`, `rmi`
 * untag/delete/conflict rules and texts, `images`, `inspect`, `history`) are the
 * simulator's ImageStore (src/sim/images/store.ts, graphdriver/overlay2 kind, as
 * Engine 20.10), held in memory and written through to disk after every change.
 *
 * Layout under `<root>/image/` (root defaults to /var/lib/container-classroom):
 *   index.json                      images (insertion order, parent, LastTagTime),
 *                                   references, layers, holds — written atomically
 *   configs/sha256/<hex>            each image config, the exact bytes (ID = sha256 of them)
 *   layers/sha256/<chain hex>/diff/ the layer in overlay's on-disk form (a lowerdir)
 *   layers/sha256/<chain hex>/layer.tar   the layer's tar as it came (diffID = its sha256),
 *                                   written back byte for byte by `save`
 *   tmp/                            scratch space for layers being extracted
 * Layers are keyed by chain ID (as Docker's layerdb): the same diffID on another
 * parent is another directory. Data is written before the index names it and the
 * index forgets it before it is removed, so a crash leaves at worst unreferenced
 * files, which the next open() removes.
 *
 * One process at a time: the store is not locked against a second writer.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { chainIDs } from '../../sim/images/config.ts';
import { invalidParameter } from '../../sim/errors.ts';
import { ImageStore, type ContainerUse, type StoredImage } from '../../sim/images/store.ts';
import { isReferenceFormatError, parseNormalizedNamed, referenceString, tagNameOnly, type NamedReference } from '../../sim/images/reference.ts';
import type { DeleteResponseItem, Image, ImageConfigFile, Layer } from '../../sim/images/types.ts';
import { readLayerTar, unpackLayer } from '../../sim/archive/import.ts';
import { layerSize } from '../../sim/archive/layer.ts';
import { limitsOf, type ArchiveLimits } from '../../sim/archive/safety.ts';
import type { LayerEntry, LayerTar } from '../../sim/archive/types.ts';
import { PROFILES } from '../../sim/profile.ts';
import { writeLayer, type ExtractedMeta } from './extract.ts';
import { hexOf, removeTree, writeAtomic } from './files.ts';
import { forgetImmutable, markImmutable } from './scan.ts';
import { hostProblem } from './sys.ts';

export const DEFAULT_ROOT = '/var/lib/container-classroom';

export interface NativeStoreOptions {
  /** Data root (default /var/lib/container-classroom); the store uses `<root>/image/`. */
  root?: string;
  /** Wall clock, ms (LastTagTime, creation times). */
  now?: () => number;
  /** Which containers use an image (rmi conflicts); can be set later with setContainersUsing. */
  containersUsing?: (imageId: string) => ContainerUse[];
  /** `docker_version` written into configs (default 20.10's "20.10.24+dfsg1"). */
  dockerVersion?: string;
  /** Limits for every archive read (see src/sim/archive/safety.ts). */
  limits?: Partial<ArchiveLimits>;
}

/** A stored layer. */
export interface LayerRecord {
  chainID: string;
  diffID: string;
  /** Chain ID of the layer below, null for a bottom layer. */
  parent: string | null;
  /** Docker's layer size (regular files and symlink targets, each inode once). */
  size: number;
  /** Opaque directories and xattrs written at extraction. */
  meta: ExtractedMeta;
}

interface IndexFile {
  version: 1;
  images: Array<{ id: string; parent?: string; lastTagTime?: number }>;
  references: Array<{ ref: string; id: string }>;
  layers: LayerRecord[];
  holds: Array<{ holder: string; imageId: string; chainID: string | null }>;
}

export class NativeStoreError extends Error {
  override readonly name = 'NativeStoreError';
}

const sha256 = (b: Uint8Array | string): string => 'sha256:' + createHash('sha256').update(b).digest('hex');

export class NativeImageStore {
  readonly root: string;
  /** `<root>/image`. */
  readonly dir: string;
  /** The simulator's image store over this store's images: read from it freely; change through this class. */
  readonly images: ImageStore;
  readonly dockerVersion: string;
  readonly limits: ArchiveLimits;
  readonly now: () => number;
  /** Index entries dropped at open because their files were missing (for the engine to report). */
  readonly problems: string[] = [];
  readonly #layers = new Map<string, LayerRecord>();
  readonly #holds = new Map<string, { imageId: string; chainID: string | null; release: () => void }>();
  /** Layers stored for an image that is not registered yet (gc keeps them); not persisted. */
  readonly #pins = new Map<string, number>();

  private constructor(o: NativeStoreOptions) {
    this.root = (o.root ?? DEFAULT_ROOT).replace(/\/+$/, '') || '/';
    this.dir = this.root + '/image';
    this.now = o.now ?? (() => Date.now());
    this.dockerVersion = o.dockerVersion ?? PROFILES['20.10'].engineVersion;
    this.limits = limitsOf(o.limits);
    this.images = new ImageStore({ version: '20.10', kind: 'overlay2', now: this.now, ...(o.containersUsing ? { containersUsing: o.containersUsing } : {}), dataRoot: this.root });
  }

  /**
   * Opens (creating if needed) the store at `root`, and removes what a crash left
   * behind. Throws NativeStoreError with one sentence if the host cannot keep it
   * (not Linux, not root, no perl).
   */
  static open(o: NativeStoreOptions = {}): NativeImageStore {
    const problem = hostProblem();
    if (problem) throw new NativeStoreError(problem);
    const s = new NativeImageStore(o);
    for (const d of ['configs/sha256', 'layers/sha256', 'tmp']) mkdirSync(`${s.dir}/${d}`, { recursive: true, mode: 0o700 });
    for (const t of readdirSync(`${s.dir}/tmp`)) removeTree(`${s.dir}/tmp/${t}`);
    s.#load();
    s.gc();
    return s;
  }

  setContainersUsing(fn: (imageId: string) => ContainerUse[]): void {
    this.images.setContainersUsing(fn);
  }

  // ---- paths -------------------------------------------------------------------------

  layerPath(chainID: string): string {
    return `${this.dir}/layers/sha256/${hexOf(chainID)}`;
  }

  /** The layer's directory in overlay form (a lowerdir). */
  layerDir(chainID: string): string {
    return this.layerPath(chainID) + '/diff';
  }

  configPath(id: string): string {
    return `${this.dir}/configs/sha256/${hexOf(id)}`;
  }

  // ---- layers ------------------------------------------------------------------------

  hasLayer(chainID: string): boolean {
    return this.#layers.has(chainID);
  }

  layer(chainID: string): LayerRecord | undefined {
    return this.#layers.get(chainID);
  }

  /** Chain IDs of the stored layers with this diffID. */
  layersByDiffID(diffID: string): string[] {
    return [...this.#layers.values()].filter((l) => l.diffID === diffID).map((l) => l.chainID);
  }

  /** An image's chain IDs, bottom first. */
  chainOf(imageId: string): string[] {
    return chainIDs(this.images.get(imageId).image.layers.map((l) => l.diffID));
  }

  /** An image's layer directories in overlay's lowerdir order (top first). */
  lowerDirs(imageId: string): string[] {
    return this.chainOf(imageId)
      .reverse()
      .map((c) => this.layerDir(c));
  }

  /** The stored tar of a layer (what `docker save` writes). */
  layerTar(chainID: string): Uint8Array {
    return new Uint8Array(readFileSync(this.layerPath(chainID) + '/layer.tar'));
  }

  /**
   * Stores a layer tar (plain or gzip) on top of `parent` (a chain ID, or none):
   * read with the archive limits and Docker's rules, extracted in overlay form.
   * Throws ArchiveError with the daemon's text for a bad archive. The layer is
   * pinned (gc keeps it) until unpin(chainID): call it once the image is added.
   */
  async storeLayerTar(input: Uint8Array, parent: string | null = null): Promise<LayerRecord> {
    const l = await readLayerTar(input, { limits: this.limits, nowMs: this.now(), identifyExe: false });
    return this.storeUnpacked(l, parent);
  }

  /** Stores an already unpacked layer (docker load unpacks them while checking the archive); pinned like storeLayerTar's. */
  storeUnpacked(l: LayerTar, parent: string | null = null): LayerRecord {
    if (parent !== null && !this.#layers.has(parent)) throw new NativeStoreError(`parent layer ${parent} is not in the store`);
    const chainID = parent === null ? l.diffID : sha256(`${parent} ${l.diffID}`);
    const have = this.#layers.get(chainID);
    if (have) {
      this.pin(chainID);
      return have;
    }
    const tmp = `${this.dir}/tmp/layer-${hexOf(chainID).slice(0, 16)}-${process.pid}-${Date.now()}`;
    let meta: ExtractedMeta;
    try {
      mkdirSync(tmp, { mode: 0o700 });
      meta = writeLayer(tmp + '/diff', l.entries);
      writeAtomic(tmp + '/layer.tar', l.tar, 0o600);
      renameSync(tmp, this.layerPath(chainID));
    } catch (e) {
      removeTree(tmp);
      throw e;
    }
    const rec: LayerRecord = { chainID, diffID: l.diffID, parent, size: layerSize(l.entries), meta };
    this.#layers.set(chainID, rec);
    this.pin(chainID);
    markImmutable(this.layerDir(chainID), meta);
    this.#save();
    return rec;
  }

  /** Keeps a layer (and those below it) through gc until unpin. */
  pin(chainID: string): void {
    this.#pins.set(chainID, (this.#pins.get(chainID) ?? 0) + 1);
  }

  unpin(chainID: string): void {
    const n = (this.#pins.get(chainID) ?? 0) - 1;
    if (n > 0) this.#pins.set(chainID, n);
    else this.#pins.delete(chainID);
  }

  #layerObject(rec: LayerRecord): Layer & { tar?: Uint8Array } {
    let files: LayerEntry[] | undefined;
    const path = this.layerPath(rec.chainID) + '/layer.tar';
    return {
      diffID: rec.diffID,
      size: rec.size,
      files: () => (files ??= unpackLayer(new Uint8Array(readFileSync(path)), { identifyExe: false, limits: this.limits })),
    };
  }

  // ---- images ------------------------------------------------------------------------

  /** The Image (sim record) for exact config bytes whose layers are stored. */
  imageFromConfig(configJSON: string): Image {
    let config: ImageConfigFile;
    try {
      config = JSON.parse(configJSON) as ImageConfigFile;
    } catch {
      throw new NativeStoreError('invalid image config JSON');
    }
    // fields an image from a registry may leave out (OCI): read as Go reads them, the bytes stay as they are
    config.history ??= [];
    config.created ??= '0001-01-01T00:00:00Z';
    const diffIDs = config.rootfs?.diff_ids ?? [];
    const layers = chainIDs(diffIDs).map((c) => {
      const rec = this.#layers.get(c);
      if (!rec) throw new NativeStoreError(`layer ${c} of the image is not in the store`);
      return this.#layerObject(rec);
    });
    return { config, configJSON, configDigest: sha256(configJSON), layers };
  }

  /** Registers an image (its layers must be stored) and writes its config. Returns the stored image. */
  addImage(configJSON: string, opts: { parent?: string } = {}): StoredImage {
    const image = this.imageFromConfig(configJSON);
    const path = this.configPath(image.configDigest);
    if (!existsSync(path)) writeAtomic(path, configJSON, 0o600);
    const stored = this.images.add(image, opts.parent ? { parent: opts.parent } : {});
    this.#save();
    return stored;
  }

  /** Gives an image a new parent (the build cache adopting a --cache-from image). */
  setParent(id: string, parent: string): void {
    const s = this.images.find(id);
    if (!s) return;
    s.parent = parent;
    this.#save();
  }

  /** Points a reference (`busybox`, `busybox:1`, a NamedReference) at an image. */
  setReference(ref: string | NamedReference, id: string, opts: { touch?: boolean } = {}): void {
    const named = typeof ref === 'string' ? this.parseTagged(ref) : ref;
    this.images.setReference(named, id, opts);
    this.#save();
  }

  /** A reference as `docker tag`/import/commit take it: normalised, default tag added; EngineError 400 if malformed. */
  parseTagged(ref: string): NamedReference {
    try {
      return tagNameOnly(parseNormalizedNamed(ref, '20.10'));
    } catch (e) {
      if (isReferenceFormatError(e)) throw invalidParameter(e.message);
      throw e;
    }
  }

  /** `docker tag SOURCE TARGET` (the daemon's checks and texts, as the simulator's image service). */
  tag(source: string, target: string): StoredImage {
    let ref: NamedReference;
    try {
      ref = parseNormalizedNamed(target, '20.10');
    } catch (e) {
      if (isReferenceFormatError(e)) throw invalidParameter(e.message);
      throw e;
    }
    if (ref.digest !== undefined) throw invalidParameter('refusing to create a tag with a digest reference');
    const img = this.images.tag(source, tagNameOnly(ref));
    this.#save();
    return img;
  }

  /** `docker rmi` for one argument (`Untagged:`/`Deleted:` items, or EngineError); frees the layers nothing holds. */
  remove(refOrID: string, opts: { force?: boolean; noprune?: boolean } = {}): DeleteResponseItem[] {
    const items = this.images.remove(refOrID, { force: opts.force ?? false, prune: !opts.noprune });
    this.#save();
    this.gc();
    return items;
  }

  // ---- container holds -----------------------------------------------------------------

  /**
   * A container (`holder`: its ID) uses the image's layers as its lowers until
   * releaseLayers(holder): they stay on disk even if the image is deleted. Persisted.
   */
  holdLayers(imageId: string, holder: string): void {
    if (this.#holds.has(holder)) return;
    const chain = this.chainOf(imageId);
    const release = this.images.holdLayers(imageId);
    this.#holds.set(holder, { imageId, chainID: chain[chain.length - 1] ?? null, release });
    this.#save({ sync: false });
  }

  releaseLayers(holder: string): void {
    const h = this.#holds.get(holder);
    if (!h) return;
    h.release();
    this.#holds.delete(holder);
    this.#save({ sync: false });
    this.gc();
  }

  holders(): string[] {
    return [...this.#holds.keys()];
  }

  // ---- persistence ---------------------------------------------------------------------

  #indexPath(): string {
    return this.dir + '/index.json';
  }

  /**
   * Writes the index atomically (tmp + rename). `sync: false` skips the fsyncs: for holds,
   * written at every container create and remove, where a process crash is covered by the
   * rename and a power cut costs at most a hold the next open can do without.
   */
  #save(o: { sync?: boolean } = {}): void {
    const images = this.images.images();
    const idx: IndexFile = {
      version: 1,
      images: images.map((i) => ({ id: i.id, ...(i.parent ? { parent: i.parent } : {}), ...(i.lastTagTime !== undefined ? { lastTagTime: i.lastTagTime } : {}) })),
      references: images.flatMap((i) => this.images.references(i.id).map((r) => ({ ref: referenceString(r), id: i.id }))),
      layers: [...this.#layers.values()],
      holds: [...this.#holds].map(([holder, h]) => ({ holder, imageId: h.imageId, chainID: h.chainID })),
    };
    writeAtomic(this.#indexPath(), JSON.stringify(idx, null, 1) + '\n', 0o600, o);
  }

  #load(): void {
    const path = this.#indexPath();
    if (!existsSync(path)) return;
    let idx: IndexFile;
    try {
      idx = JSON.parse(readFileSync(path, 'utf8')) as IndexFile;
    } catch (e) {
      throw new NativeStoreError(`${path}: damaged (${(e as Error).message}); move it away to start with an empty image store`);
    }
    if (idx.version !== 1) throw new NativeStoreError(`${path}: unknown version ${String(idx.version)}`);
    for (const l of idx.layers ?? []) {
      if (!existsSync(this.layerPath(l.chainID) + '/layer.tar') || !existsSync(this.layerDir(l.chainID))) {
        this.problems.push(`layer ${l.chainID}: files missing, dropped`);
        continue;
      }
      this.#layers.set(l.chainID, l);
      markImmutable(this.layerDir(l.chainID), l.meta);
    }
    const lastTag = new Map<string, number>();
    for (const i of idx.images ?? []) {
      let configJSON: string;
      try {
        configJSON = readFileSync(this.configPath(i.id), 'utf8');
      } catch {
        this.problems.push(`image ${i.id}: config missing, dropped`);
        continue;
      }
      let image: Image;
      try {
        image = this.imageFromConfig(configJSON);
      } catch (e) {
        this.problems.push(`image ${i.id}: ${(e as Error).message}, dropped`);
        continue;
      }
      if (image.configDigest !== i.id) {
        this.problems.push(`image ${i.id}: config does not match its ID, dropped`);
        continue;
      }
      this.images.add(image, i.parent ? { parent: i.parent } : {});
      if (i.lastTagTime !== undefined) lastTag.set(i.id, i.lastTagTime);
    }
    for (const r of idx.references ?? []) {
      if (!this.images.find(r.id)) continue;
      this.images.setReference(parseNormalizedNamed(r.ref, '20.10'), r.id, { touch: false });
    }
    for (const s of this.images.images()) s.lastTagTime = lastTag.get(s.id);
    for (const h of idx.holds ?? []) {
      const release = this.images.find(h.imageId) ? this.images.holdLayers(h.imageId) : () => {};
      this.#holds.set(h.holder, { imageId: h.imageId, chainID: h.chainID, release });
    }
  }

  /**
   * Removes what nothing needs: layers that are in no image's chain and under no
   * hold, configs of images no longer stored, directories the index does not know.
   */
  gc(): void {
    const keep = new Set<string>();
    for (const img of this.images.images()) for (const c of chainIDs(img.image.layers.map((l) => l.diffID))) keep.add(c);
    const tops = [...[...this.#holds.values()].map((h) => h.chainID), ...this.#pins.keys()];
    for (const top of tops) {
      for (let c: string | null = top; c !== null && !keep.has(c); c = this.#layers.get(c)?.parent ?? null) keep.add(c);
    }
    const drop = [...this.#layers.keys()].filter((c) => !keep.has(c));
    if (drop.length) {
      for (const c of drop) this.#layers.delete(c);
      this.#save();
    }
    const known = new Set([...this.#layers.keys()].map(hexOf));
    for (const name of readdirSync(`${this.dir}/layers/sha256`)) {
      if (known.has(name)) continue;
      forgetImmutable(`${this.dir}/layers/sha256/${name}/diff`);
      removeTree(`${this.dir}/layers/sha256/${name}`);
    }
    const ids = new Set(this.images.images().map((i) => hexOf(i.id)));
    for (const name of readdirSync(`${this.dir}/configs/sha256`)) if (!ids.has(name)) removeTree(`${this.dir}/configs/sha256/${name}`);
  }
}

