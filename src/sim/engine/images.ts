/**
 * The simulated daemon's image service: the image store, the registries to pull
 * from, and a read-only file tree per image that containers share.
 */
import type { ImageDeleteItem, ImageHistoryEntry, ImageSummary, ProgressMessage, RegistryAuth, SearchResult } from '../api.ts';
import type { Clock } from '../clock.ts';
import { EngineError, invalidParameter } from '../errors.ts';
import { LayerStore, commitLayer, containerFs, imageLayerOf, releaseContainerFs, type UnionFs } from '../fs/layered/index.ts';
import { buildImage, makeConfig } from '../images/config.ts';
import { ArchiveError } from '../archive/errors.ts';
import { goTime } from '../images/gojson.ts';
import type { HistoryEntry, ImageConfig, StoreKind } from '../images/types.ts';
import { importedBusybox } from '../images/data/busybox.ts';
import { commitPull, planPull } from '../images/pull.ts';
import {
  familiarName,
  familiarString,
  parseNormalizedNamed,
  ReferenceFormatError,
  tagNameOnly,
  trimNamed,
  withTag,
} from '../images/reference.ts';
import { Registry, RegistryError, pullErrorMessage } from '../images/registry.ts';
import { outside } from '../outside.ts';
import { ImageStore, type StoredImage } from '../images/store.ts';
import { populate } from '../images/tree.ts';
import type { Profile } from '../profile.ts';
import type { ImageService, ImageUser, LocalImage } from './imageService.ts';

/** The archive code (import, save, load, --change), loaded on first use: see archiveOps.ts. */
export const archiveOps = (): Promise<typeof import('./archiveOps.ts')> => outside(import('./archiveOps.ts'));

export interface SimImagesOptions {
  profile: Profile;
  clock: Clock;
  /**
   * Images there from the start, each the busybox rootfs imported under a tag:
   * `busybox:latest` with CMD ["sh"] (the runner's contract; the default), and
   * `nocmd:latest` without a CMD (what the conformance recordings also had).
   */
  preload?: Array<'busybox' | 'nocmd'>;
  /** The store kind (default: the version's). */
  storage?: StoreKind;
}

export interface CommitRequest {
  imageId: string;
  containerId: string;
  /** The new image's config (the container's, with --change applied). */
  config: Partial<ImageConfig>;
  containerConfig: Partial<ImageConfig>;
  /** History CREATED BY: the container's command. */
  createdBy: string;
  comment?: string;
  author?: string;
  /** REPO[:TAG] to tag the new image with. */
  reference?: string;
}

export class SimImages implements ImageService {
  readonly store: ImageStore;
  readonly registry = new Registry();
  readonly #clock: Clock;
  readonly #profile: Profile;
  /** Every layer stored once, shared by all images and containers that use it. */
  readonly layers = new LayerStore();
  #users: (imageId: string) => ImageUser[] = () => [];

  constructor(opts: SimImagesOptions) {
    this.#clock = opts.clock;
    this.#profile = opts.profile;
    this.store = new ImageStore({
      version: opts.profile.version,
      ...(opts.storage ? { kind: opts.storage } : {}),
      now: () => this.#clock.now(),
      containersUsing: (id) => this.#users(id),
    });
    for (const name of opts.preload ?? ['busybox']) {
      const image = importedBusybox({
        createdMs: opts.clock.now() - 60_000,
        dockerVersion: opts.profile.engineVersion,
        cmd: name === 'busybox' ? ['sh'] : null,
      });
      const stored = this.store.add(image);
      this.store.setReference(parseNormalizedNamed(`${name}:latest`, opts.profile.version), stored.id);
    }
  }

  /** Tells the store which containers use an image (the engine owns containers). */
  setUsers(fn: (imageId: string) => ImageUser[]): void {
    this.#users = fn;
  }

  /** Lookups by reference, valid until the store changes (a ps over 1,000 containers asks 1,000 times). */
  #lookups = new Map<string, StoredImage | undefined>();
  #lookupGeneration = -1;

  #find(ref: string): StoredImage | undefined {
    const gen = this.store.generation;
    if (gen !== this.#lookupGeneration) {
      this.#lookups.clear();
      this.#lookupGeneration = gen;
    }
    if (this.#lookups.has(ref)) return this.#lookups.get(ref);
    let found: StoredImage | undefined;
    try {
      found = this.store.find(ref);
    } catch (e) {
      if (!(e instanceof ReferenceFormatError)) throw e;
    }
    this.#lookups.set(ref, found);
    return found;
  }

  findLocal(ref: string): LocalImage | undefined {
    const s = this.#find(ref);
    if (!s) return undefined;
    return { id: s.id, config: s.image.config.config ?? {} };
  }

  notFoundError(ref: string): EngineError {
    try {
      this.store.get(ref);
    } catch (e) {
      if (e instanceof EngineError) return e;
      if (e instanceof ReferenceFormatError) return invalidParameter(e.message);
    }
    return new EngineError('notFound', `No such image: ${ref}`);
  }

  containerFs(image: LocalImage, opts: { id: string; createdMs: number }): UnionFs {
    const stored = this.store.get(image.id);
    return containerFs(this.layers, stored.image.layers, { id: opts.id, now: () => this.#clock.now(), createdMs: opts.createdMs });
  }

  #lastStamp = { ms: -1, nanos: 0 };

  /** A creation time in Go's nanosecond form; two images made at the same simulated instant still differ. */
  #createdStamp(): string {
    const ms = this.#clock.now();
    this.#lastStamp = ms === this.#lastStamp.ms ? { ms, nanos: this.#lastStamp.nanos + 1 } : { ms, nanos: 0 };
    return goTime(ms, this.#lastStamp.nanos);
  }

  /** docker import: one layer from a rootfs tar, a config from --change only (no CMD otherwise). */
  async importTar(bytes: Uint8Array, o: { source: string; reference?: string; message?: string; changes?: string[] }): Promise<string> {
    const { applyChanges, importBaseConfig, importImageConfig, readRootfsTar, storeLayer } = await archiveOps();
    let named;
    if (o.reference) named = this.#named(o.reference);
    const version = this.#profile.version;
    // --change is checked before the archive is read, as the daemon does.
    try {
      applyChanges(importBaseConfig(), o.changes ?? [], version);
    } catch (e) {
      if (e instanceof ArchiveError) throw invalidParameter(e.message);
      throw e;
    }
    let layer;
    try {
      layer = await readRootfsTar(bytes, { nowMs: this.#clock.now() });
    } catch (e) {
      if (e instanceof ArchiveError) throw new EngineError('system', e.message);
      throw e;
    }
    const ms = this.#clock.now();
    const stamp = this.#createdStamp();
    const config = importImageConfig({
      source: o.source,
      ...(o.message ? { message: o.message } : {}),
      changes: o.changes ?? [],
      createdMs: ms,
      extraNanos: Number(stamp.match(/\.(\d+)Z$/)?.[1]?.padEnd(9, '0').slice(6) ?? 0),
      diffID: layer.diffID,
      dockerVersion: this.#profile.engineVersion,
      version,
    });
    const stored = this.store.add(buildImage(config, [storeLayer(layer)]));
    if (named) this.store.setReference(named, stored.id);
    return stored.id;
  }

  /** docker save: the images in Docker 20.10's archive layout, or the OCI layout current Docker writes. */
  async save(refs: string[]): Promise<Uint8Array> {
    const { saveDockerArchive, saveImageOf, saveOciArchive } = await archiveOps();
    const images = refs.map((ref) => {
      const s = this.store.get(ref);
      let tags = this.store.repoTags(s.id);
      try {
        const named = parseNormalizedNamed(ref, this.#profile.version);
        tags = [familiarString(tagNameOnly(named))];
      } catch {
        /* saved by ID: every tag of the image */
      }
      if (/^(sha256:)?[0-9a-f]+$/.test(ref) && !tags.includes(ref)) tags = [];
      return saveImageOf(s.image, tags);
    });
    const nowMs = this.#clock.now();
    const r = this.#profile.version === '20.10' ? await saveDockerArchive(images, { nowMs }) : await saveOciArchive(images, { nowMs, store: 'containerd', gzipLayers: true });
    return r.tar;
  }

  /** docker load: every image and tag of a save archive (either layout); the lines Docker prints. */
  async load(bytes: Uint8Array): Promise<string[]> {
    const { loadImages, loadedToImage } = await archiveOps();
    let r;
    try {
      r = await loadImages(bytes, {
        version: this.#profile.version,
        currentId: (ref) => this.#find(ref)?.id,
      });
    } catch (e) {
      if (e instanceof ArchiveError) throw new EngineError('system', e.message);
      throw e;
    }
    for (const li of r.images) {
      const stored = this.store.add(loadedToImage(li), li.parent ? { parent: li.parent } : {});
      // tarexport's setLoadedTag only adds the reference: LastTagTime stays unset (the graphdriver store)
      for (const tag of li.repoTags) this.store.setReference(tagNameOnly(parseNormalizedNamed(tag, this.#profile.version)), stored.id, { touch: false });
    }
    return r.lines;
  }

  #named(reference: string) {
    try {
      return tagNameOnly(parseNormalizedNamed(reference, this.#profile.version));
    } catch (e) {
      if (e instanceof ReferenceFormatError) throw invalidParameter(e.message);
      throw e;
    }
  }

  releaseContainerFs(fs: UnionFs): void {
    releaseContainerFs(this.layers, fs);
  }

  /**
   * docker commit: a new image = the container's image + one layer of the
   * container's changes (none when nothing changed), with the container's config.
   */
  commit(fs: UnionFs, o: CommitRequest): string {
    const parent = this.store.get(o.imageId);
    const committed = commitLayer(fs);
    const created = this.#createdStamp();
    const pc = parent.image.config;
    const layers = [...parent.image.layers];
    if (!committed.empty) {
      const layer = this.layers.register(committed.layer, committed.diffID, fs.lowers);
      layers.push(imageLayerOf(layer, committed.diffID));
    }
    const author = o.author || pc.author || '';
    const history: HistoryEntry = {
      created,
      ...(author ? { author } : {}),
      created_by: o.createdBy,
      ...(o.comment ? { comment: o.comment } : {}),
      ...(committed.empty ? { empty_layer: true } : {}),
    };
    const image = buildImage(
      {
        architecture: pc.architecture,
        os: pc.os,
        created,
        ...(author ? { author } : {}),
        ...(o.comment ? { comment: o.comment } : {}),
        container: o.containerId,
        container_config: makeConfig(o.containerConfig),
        docker_version: this.#profile.engineVersion,
        config: makeConfig(o.config),
        ...(this.store.kind === 'overlay2' ? { parent: parent.id } : {}),
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffID) },
        history: [...pc.history, history],
      },
      layers,
    );
    const stored = this.store.add(image, { parent: parent.id });
    if (o.reference) this.store.setReference(tagNameOnly(parseNormalizedNamed(o.reference, this.#profile.version)), stored.id);
    return stored.id;
  }

  /** GraphDriver.Data of an image (the dirs of its layers), for container inspect. */
  graphDriver(imageId: string): Record<string, string> {
    let data = this.#graphs.get(imageId);
    if (!data) {
      const s = this.#find(imageId);
      if (!s) return {};
      const inspect = this.store.inspect(s.id) as { GraphDriver?: { Data?: Record<string, string> } };
      data = inspect.GraphDriver?.Data ?? {};
      this.#graphs.set(imageId, data);
    }
    return data;
  }

  /** An image's layer dirs never change: computed once per image. */
  readonly #graphs = new Map<string, Record<string, string>>();

  ancestorIds(ref: string): Set<string> | undefined {
    const s = this.#find(ref);
    if (!s) return undefined;
    const out = new Set<string>([s.id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const img of this.store.images()) {
        if (img.parent && out.has(img.parent) && !out.has(img.id)) {
          out.add(img.id);
          grew = true;
        }
      }
    }
    return out;
  }

  displayRef(typed: string, imageId: string): string {
    const s = this.#find(typed);
    if (s && s.id === imageId) return typed;
    return imageId.replace(/^sha256:/, '').slice(0, 12);
  }

  async list(opts: { all?: boolean; filters?: Record<string, string[]> } = {}): Promise<ImageSummary[]> {
    return this.store.list(opts) as unknown as ImageSummary[];
  }

  async inspect(ref: string): Promise<unknown> {
    return this.store.inspect(ref);
  }

  async history(ref: string): Promise<ImageHistoryEntry[]> {
    return this.store.history(ref) as unknown as ImageHistoryEntry[];
  }

  #sleep = (ms: number) => this.#clock.sleep(ms);

  #parse(ref: string) {
    try {
      return parseNormalizedNamed(ref, this.#profile.version);
    } catch (e) {
      if (e instanceof ReferenceFormatError) throw invalidParameter(e.message);
      throw e;
    }
  }

  #registryError(e: unknown): unknown {
    if (!(e instanceof RegistryError)) return e;
    const msg = pullErrorMessage(e, this.#profile.version, this.store.kind);
    return new EngineError(e.kind === 'unreachable' ? 'system' : 'notFound', msg);
  }

  /**
   * docker pull: a tag (or digest), or with `all` every tag of the repository, one
   * after the other, and one `Status:` line for the repository at the end.
   */
  async pull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal, opts: { all?: boolean } = {}): Promise<void> {
    let named = this.#parse(ref);
    const all = opts.all === true && named.tag === undefined && named.digest === undefined;
    if (!all && named.tag === undefined && named.digest === undefined) named = withTag(named, 'latest');
    let refs = [named];
    if (all) {
      let hub = false;
      try {
        const server = await this.registry.connect(named, this.#sleep, signal);
        hub = server === this.registry.hub;
        refs = (await server.tags(named.path)).map((t) => withTag(named, t));
      } catch (e) {
        throw this.#registryError(e);
      }
      if (refs.length === 0) {
        // Docker Hub answers 401 for a repository it does not have; a registry without auth NAME_UNKNOWN
        if (hub) throw this.#registryError(new RegistryError('repository-not-found', named, ''));
        throw new EngineError('notFound', `repository ${familiarName(named)} not found: name unknown: repository name not known to registry`);
      }
    }
    let newer = false;
    for (const r of refs) {
      let resolved;
      try {
        resolved = await this.registry.resolve(r, this.#sleep, signal);
      } catch (e) {
        throw this.#registryError(e);
      }
      const plan = planPull(this.store, resolved);
      // pull -a: the Status line comes once, for the repository, at the end
      const lines = all ? plan.lines.filter((l) => !l.text.startsWith('Status: ')) : plan.lines;
      const start = this.#clock.now();
      for (const line of lines) {
        const wait = start + line.at - this.#clock.now();
        if (wait > 0) await this.#clock.sleep(wait);
        if (signal?.aborted) throw signal.reason;
        onProgress({ status: line.text });
      }
      const rest = start + plan.durationMs - this.#clock.now();
      if (rest > 0) await this.#clock.sleep(rest);
      commitPull(this.store, resolved);
      newer ||= plan.newer;
      // the daemon's distribution metadata: these blobs are in that repository
      const source = `${resolved.ref.domain}/${resolved.ref.path}`;
      for (const l of resolved.image.layers) if (l.blob) this.registry.metadata.add(l.diffID, { digest: l.blob.digest, source });
    }
    if (all) onProgress({ status: `Status: ${newer ? 'Downloaded newer image' : 'Image is up to date'} for ${familiarString(trimNamed(named))}` });
  }

  /** docker push (images/push.ts, loaded on first use). */
  async push(ref: string, opts: { all?: boolean; auth?: RegistryAuth }, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void> {
    let named = this.#parse(ref);
    if (!opts.all && named.tag === undefined && named.digest === undefined) named = withTag(named, 'latest');
    const { pushImage } = await outside(import('../images/push.ts'));
    await pushImage({
      store: this.store,
      registry: this.registry,
      clock: this.#clock,
      ref: named,
      ...(opts.auth ? { creds: opts.auth } : {}),
      onProgress,
      ...(signal ? { signal } : {}),
    });
  }

  /** POST /auth (images/login.ts, loaded on first use). */
  async login(auth: RegistryAuth): Promise<{ Status: string }> {
    const { registryLogin } = await outside(import('../images/login.ts'));
    return registryLogin(this.registry, auth, this.#sleep);
  }

  /** GET /images/search (images/search.ts, loaded on first use). */
  async search(term: string, opts: { limit?: number; filters?: Record<string, string[]> }): Promise<SearchResult[]> {
    const { searchRegistry } = await outside(import('../images/search.ts'));
    return searchRegistry(this.registry, term, opts);
  }

  async tag(source: string, target: string): Promise<void> {
    let ref;
    try {
      ref = parseNormalizedNamed(target, this.#profile.version);
    } catch (e) {
      if (e instanceof ReferenceFormatError) throw invalidParameter(e.message);
      throw e;
    }
    if (ref.digest !== undefined) throw invalidParameter('refusing to create a tag with a digest reference');
    this.store.tag(source, tagNameOnly(ref));
  }

  async remove(
    ref: string,
    opts: { force?: boolean; noprune?: boolean },
    users: (imageId: string) => ImageUser[],
  ): Promise<ImageDeleteItem[]> {
    this.#users = users;
    const items = this.store.remove(ref, { force: opts.force ?? false, prune: !opts.noprune });
    return items as ImageDeleteItem[];
  }
}
