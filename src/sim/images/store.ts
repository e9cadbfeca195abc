/**
 * The daemon's image store: image contents by ID, names (tags and digest
 * references), shared layers with reference counts, lookup, `docker tag`,
 * `docker rmi` and `docker images` with Docker's semantics and texts.
 *
 * Two store kinds (types.ts StoreKind):
 *  - 'overlay2' (Engine 20.10; v29 graphdriver): ID = config digest; rmi follows
 *    daemon/images/image_delete.go (texts checked against a real 20.10 engine);
 *    `Deleted:` lines for the image and then every layer chain ID it freed.
 *  - 'containerd' (Engine v29 default): ID = the digest of the image's target (index
 *    or manifest); rmi follows daemon/containerd/image_delete.go: conflicts name the
 *    reference (`unable to delete busybox:latest (must be forced) - container …`), a
 *    forced untag of an image a container uses leaves it dangling, and only the image
 *    is listed as `Deleted:`.
 *
 * Which containers use an image is the engine's knowledge: it answers through
 * `containersUsing`. A container also holds the image's layers (holdLayers) until
 * it is removed, so force-deleting an image a container uses frees no layer.
 */
import { conflict, EngineError, invalidParameter } from '../errors.ts';
import type { DockerVersion } from '../profile.ts';
import { chainIDs, contentSize, imageSize, localManifest, normaliseConfig } from './config.ts';
import { goTime, parseGoTime } from './gojson.ts';
import {
  familiarMatch,
  familiarName,
  familiarString,
  isReferenceFormatError,
  parseAnyReference,
  parseNormalizedNamed,
  referenceString,
  tagNameOnly,
  trimNamed,
  withDigest,
  type NamedReference,
  type Reference,
} from './reference.ts';
import {
  DEFAULT_STORE,
  type DeleteResponseItem,
  type Descriptor,
  type HistoryResponseItem,
  type Image,
  type ImageInspect,
  type ImageInspect2010,
  type ImageInspect29,
  type ImageSummary,
  type Layer,
  type OciImageConfig,
  type StoreKind,
} from './types.ts';

export interface ContainerUse {
  /** Full 64-hex container ID. */
  id: string;
  /** Running (paused and restarting count as running, as State.IsRunning()). */
  running: boolean;
}

export interface ImageStoreOptions {
  version: DockerVersion;
  /** Defaults to the version's default store (20.10 overlay2, v29 containerd). */
  kind?: StoreKind;
  /** Simulated now, ms since the epoch (for LastTagTime). */
  now?: () => number;
  /** Containers created from the image with this ID, in creation order. */
  containersUsing?: (imageId: string) => ContainerUse[];
  /** Where the daemon keeps its data (GraphDriver paths). */
  dataRoot?: string;
}

/** An image as the store holds it. */
export interface StoredImage {
  /** `sha256:<hex>`: what `docker images`/inspect show as the ID for this store kind. */
  readonly id: string;
  readonly image: Image;
  /** The containerd target (index, else manifest) — also the digest in RepoDigests. */
  readonly target: Descriptor;
  /** ID of the parent image (commit/build), or undefined. */
  parent: string | undefined;
  /** ms since epoch, from the config's `created`. */
  readonly created: number;
  /** When a tag was last put on it (graphdriver: docker tag/import/commit; containerd: any name change). */
  lastTagTime: number | undefined;
}

interface RefRecord {
  ref: NamedReference;
  id: string;
  /** ms; containerd image records have an UpdatedAt. */
  updated: number;
}

export interface ListOptions {
  all?: boolean;
  /** `--filter key=value`, values per key (`{dangling: ['true'], reference: ['busy*']}`). */
  filters?: Record<string, string[]>;
}

export interface RemoveOptions {
  force?: boolean;
  /** Delete untagged parents as well (the API's default; `--no-prune` turns it off). */
  prune?: boolean;
}

const NONE_TAG = '<none>:<none>';
const NONE_DIGEST = '<none>@<none>';
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** First 12 hex of an ID, without `sha256:` (stringid.TruncateID). */
export function truncateID(id: string): string {
  const i = id.indexOf(':');
  return (i >= 0 ? id.slice(i + 1) : id).slice(0, 12);
}

/** Whether `possiblePrefix` is a prefix of `imageID` with or without its algorithm. */
export function isImageIDPrefix(imageID: string, possiblePrefix: string): boolean {
  if (imageID.startsWith(possiblePrefix)) return true;
  const i = imageID.indexOf(':');
  return i >= 0 && imageID.slice(i + 1).startsWith(possiblePrefix);
}

/** "No such image: busybox:latest" (a name gets its default tag; digests as given). */
export function imageNotFound(ref: Reference | string): EngineError {
  if (typeof ref === 'string') return new EngineError('notFound', `No such image: ${ref}`);
  const r = ref.kind === 'named' ? tagNameOnly(ref) : ref;
  return new EngineError('notFound', `No such image: ${familiarString(r)}`);
}

const isCanonical = (r: NamedReference): boolean => r.digest !== undefined;
const isTagged = (r: NamedReference): boolean => r.tag !== undefined;

interface Conflict {
  hard: boolean;
  used: boolean;
  message: string;
}

const CONFLICT_RUNNING = 1;
const CONFLICT_ACTIVE_REFERENCE = 2;
const CONFLICT_STOPPED = 4;
const CONFLICT_CHILD = 8;
const CONFLICT_HARD = CONFLICT_CHILD | CONFLICT_RUNNING;
const CONFLICT_SOFT = CONFLICT_ACTIVE_REFERENCE | CONFLICT_STOPPED;

export class ImageStore {
  readonly version: DockerVersion;
  readonly kind: StoreKind;
  #now: () => number;
  #containersUsing: (imageId: string) => ContainerUse[];
  readonly dataRoot: string;
  #images = new Map<string, StoredImage>();
  /** canonical reference string → record (insertion order kept). */
  #refs = new Map<string, RefRecord>();
  /** chain ID → references (images' top layers, child layers, container holds). */
  #layerRefs = new Map<string, number>();
  /** chain ID → the layer. */
  #layers = new Map<string, Layer>();

  constructor(opts: ImageStoreOptions) {
    this.version = opts.version;
    this.kind = opts.kind ?? DEFAULT_STORE[opts.version];
    this.#now = opts.now ?? (() => 0);
    this.#containersUsing = opts.containersUsing ?? (() => []);
    this.dataRoot = opts.dataRoot ?? '/var/lib/docker';
  }

  #generation = 0;
  /** Goes up on every change of images or references (lets callers cache lookups). */
  get generation(): number {
    return this.#generation;
  }

  /** Lets the engine answer "which containers use this image" once it exists. */
  setContainersUsing(fn: (imageId: string) => ContainerUse[]): void {
    this.#containersUsing = fn;
  }

  // ---- content ---------------------------------------------------------------------

  /** The ID this store gives an image. */
  idOf(image: Image): string {
    return this.kind === 'overlay2' ? image.configDigest : this.targetOf(image).digest;
  }

  /** The containerd target of an image: its index, else its manifest, else one made locally. */
  targetOf(image: Image): Descriptor {
    return image.index ?? image.manifest ?? localManifest(image);
  }

  /** Registers an image's content (no names). Adding the same content again returns the stored one. */
  add(image: Image, opts: { parent?: string } = {}): StoredImage {
    const id = this.idOf(image);
    const existing = this.#images.get(id);
    if (existing) return existing;
    const stored: StoredImage = {
      id,
      image,
      target: this.targetOf(image),
      parent: opts.parent,
      created: parseGoTime(image.config.created),
      lastTagTime: undefined,
    };
    this.#images.set(id, stored);
    this.#generation++;
    const chain = chainIDs(image.layers.map((l) => l.diffID));
    chain.forEach((c, i) => {
      this.#parentChains.set(c, i > 0 ? chain[i - 1] : undefined);
      if (!this.#layers.has(c)) {
        this.#layers.set(c, image.layers[i]!);
        if (i > 0) this.#layerRefs.set(chain[i - 1]!, (this.#layerRefs.get(chain[i - 1]!) ?? 0) + 1);
      }
    });
    if (chain.length) this.#acquire(chain[chain.length - 1]!);
    return stored;
  }

  /** Whether a layer with this chain ID is present (pull prints "Already exists" for it). */
  hasLayer(chainID: string): boolean {
    return this.#layers.has(chainID);
  }

  /** A container's hold on its image's layers; call the returned function when the container is removed. */
  holdLayers(imageId: string): () => void {
    const img = this.#images.get(imageId);
    if (!img || img.image.layers.length === 0) return () => {};
    const chain = chainIDs(img.image.layers.map((l) => l.diffID));
    const top = chain[chain.length - 1]!;
    this.#acquire(top);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release(top);
    };
  }

  #acquire(chainID: string): void {
    this.#layerRefs.set(chainID, (this.#layerRefs.get(chainID) ?? 0) + 1);
  }

  /** Drops one reference; returns the chain IDs freed, top first. */
  #release(chainID: string): string[] {
    const freed: string[] = [];
    let c: string | undefined = chainID;
    while (c) {
      const n = (this.#layerRefs.get(c) ?? 0) - 1;
      if (n > 0) {
        this.#layerRefs.set(c, n);
        break;
      }
      this.#layerRefs.delete(c);
      const layer = this.#layers.get(c);
      this.#layers.delete(c);
      freed.push(c);
      c = layer ? this.#parentChain(c) : undefined;
    }
    return freed;
  }

  /** chain ID → the chain ID below it. */
  #parentChains = new Map<string, string | undefined>();
  #parentChain(c: string): string | undefined {
    return this.#parentChains.get(c);
  }

  // ---- names -----------------------------------------------------------------------

  /** Every stored image, in insertion order. */
  images(): StoredImage[] {
    return [...this.#images.values()];
  }

  /** Names of an image, sorted by their full string (reference store order). */
  references(id: string): NamedReference[] {
    return [...this.#refs.values()]
      .filter((r) => r.id === id)
      .map((r) => r.ref)
      .sort((a, b) => cmp(referenceString(a), referenceString(b)));
  }

  /** Familiar tags (`busybox:latest`) of an image. */
  repoTags(id: string): string[] {
    return this.references(id)
      .filter((r) => isTagged(r) && !isCanonical(r))
      .map(familiarString);
  }

  /** Familiar digests (`busybox@sha256:…`) of an image. */
  repoDigests(id: string): string[] {
    const s = this.#images.get(id);
    if (!s) return [];
    if (this.kind === 'containerd') {
      const out: string[] = [];
      for (const r of this.references(id)) {
        const d = isCanonical(r) ? familiarString(r) : familiarString(withDigest(trimNamed(r), s.target.digest));
        if (!out.includes(d)) out.push(d);
      }
      return out;
    }
    return this.references(id).filter(isCanonical).map(familiarString);
  }

  /**
   * Points `ref` at the image (a tag or a digest reference), moving it off any
   * other image, which keeps existing (untagged, `<none>`) when this was its last name.
   */
  setReference(ref: NamedReference, id: string, opts: { touch?: boolean } = {}): void {
    if (!this.#images.has(id)) throw imageNotFound(id);
    const key = referenceString(ref);
    const now = this.#now();
    const old = this.#refs.get(key);
    if (old) this.#refs.delete(key);
    this.#refs.set(key, { ref, id, updated: now });
    this.#generation++;
    if (opts.touch ?? true) this.#images.get(id)!.lastTagTime = now;
    if (this.kind === 'containerd') this.#images.get(id)!.lastTagTime = now;
  }

  /** Removes a name; returns whether it existed. */
  deleteReference(ref: NamedReference): boolean {
    this.#generation++;
    return this.#refs.delete(referenceString(ref));
  }

  /**
   * `docker tag SOURCE TARGET` on the daemon side: SOURCE is looked up like any
   * image argument, TARGET must be a normalised name (its default tag is added).
   */
  tag(source: string, target: NamedReference): StoredImage {
    const img = this.get(source);
    if (isCanonical(target)) throw invalidParameter('refusing to create a tag with a digest reference');
    const ref = tagNameOnly(target);
    if (familiarName(ref) === 'sha256') {
      throw invalidParameter('refusing to create an ambiguous tag using digest algorithm as name');
    }
    this.setReference(ref, img.id);
    return img;
  }

  // ---- lookup ----------------------------------------------------------------------

  /** The image `refOrID` names, or throws EngineError (404 `No such image: …`, 400 for a bad reference). */
  get(refOrID: string): StoredImage {
    return this.kind === 'containerd' ? this.#resolveContainerd(refOrID) : this.#resolveGraph(refOrID);
  }

  /** Like get(), undefined when absent (a malformed reference still throws). */
  find(refOrID: string): StoredImage | undefined {
    try {
      return this.get(refOrID);
    } catch (e) {
      if (e instanceof EngineError && e.errorClass === 'notFound') return undefined;
      throw e;
    }
  }

  #parseAny(refOrID: string): Reference {
    try {
      return parseAnyReference(refOrID, this.version);
    } catch (e) {
      if (isReferenceFormatError(e)) throw invalidParameter(e.message);
      throw e;
    }
  }

  #byRef(ref: NamedReference): StoredImage | undefined {
    let r = ref;
    if (isCanonical(r)) r = isTagged(r) ? withDigest(trimNamed(r), r.digest!) : r;
    else r = tagNameOnly(r);
    const rec = this.#refs.get(referenceString(r));
    return rec ? this.#images.get(rec.id) : undefined;
  }

  /** daemon/images/image.go GetImage (graphdriver). */
  #resolveGraph(refOrID: string): StoredImage {
    const ref = this.#parseAny(refOrID);
    if (ref.kind === 'digest') {
      const img = this.#images.get(ref.digest);
      if (img) return img;
      throw imageNotFound(ref);
    }
    const byName = this.#byRef(ref);
    if (byName) return byName;
    // digestset.Lookup: any prefix of the hex (optionally `sha256:`-prefixed); ambiguity = not found
    const colon = refOrID.indexOf(':');
    const [alg, hex] = colon >= 0 ? [refOrID.slice(0, colon), refOrID.slice(colon + 1)] : ['', refOrID];
    if (hex && (alg === '' || alg === 'sha256')) {
      const hits = [...this.#images.keys()].filter((id) => id.slice(7).startsWith(hex));
      if (hits.length === 1 || (hits.length > 1 && hits.some((h) => h.slice(7) === hex))) {
        return this.#images.get(hits.find((h) => h.slice(7) === hex) ?? hits[0]!)!;
      }
    }
    throw imageNotFound(ref);
  }

  /** checkTruncatedID: 4 to 64 lowercase hex digits, optionally after `sha256:`. */
  static truncatedID(s: string): string | undefined {
    const id = s.startsWith('sha256:') ? s.slice(7) : s;
    return id.length >= 4 && id.length <= 64 && /^[0-9a-f]+$/.test(id) ? id : undefined;
  }

  /** daemon/containerd/image.go resolveImage. */
  #resolveContainerd(refOrID: string): StoredImage {
    const parsed = this.#parseAny(refOrID);
    const digest = parsed.kind === 'digest' ? parsed.digest : parsed.digest;
    if (digest !== undefined) {
      const img = this.#images.get(digest);
      if (!img) throw imageNotFound(parsed);
      if (parsed.kind === 'named') {
        const same = this.references(img.id).some((r) => r.domain === parsed.domain && r.path === parsed.path);
        if (!same) throw imageNotFound(parsed);
      }
      return img;
    }
    const named = parsed as NamedReference;
    const byName = this.#byRef(named);
    if (byName) return byName;
    const short = ImageStore.truncatedID(refOrID);
    if (short !== undefined) {
      const hits = [...this.#images.keys()].filter((id) => id.slice(7).startsWith(short));
      if (hits.length === 0) throw imageNotFound(parsed);
      if (hits.length > 1) throw new EngineError('notFound', 'ambiguous reference');
      return this.#images.get(hits[0]!)!;
    }
    throw imageNotFound(parsed);
  }

  // ---- rmi ---------------------------------------------------------------------------

  /**
   * `docker rmi REF` for one argument: the response items (`Untagged: …`,
   * `Deleted: …`) or an EngineError (404 No such image, 409 conflict, 400 bad reference).
   */
  remove(refOrID: string, opts: RemoveOptions = {}): DeleteResponseItem[] {
    const force = opts.force ?? false;
    const prune = opts.prune ?? true;
    return this.kind === 'containerd' ? this.#removeContainerd(refOrID, force, prune) : this.#removeGraph(refOrID, force, prune);
  }

  #children(id: string): StoredImage[] {
    return [...this.#images.values()].filter((i) => i.parent === id);
  }

  #isDangling(id: string): boolean {
    return this.references(id).length === 0 && this.#children(id).length === 0;
  }

  #checkConflict(id: string, mask: number, activeRefs: () => boolean): Conflict | undefined {
    if (mask & CONFLICT_CHILD && this.kind === 'overlay2' && this.#children(id).length > 0) {
      return { hard: true, used: false, message: 'image has dependent child images' };
    }
    const users = this.#containersUsing(id);
    if (mask & CONFLICT_RUNNING) {
      const c = users.find((u) => u.running);
      if (c) return { hard: true, used: true, message: `image is being used by running container ${truncateID(c.id)}` };
    }
    const conflicts: Array<() => Conflict | undefined> = [
      () =>
        mask & CONFLICT_ACTIVE_REFERENCE && activeRefs()
          ? { hard: false, used: false, message: 'image is referenced in multiple repositories' }
          : undefined,
      () => {
        if (!(mask & CONFLICT_STOPPED)) return undefined;
        const c = users.find((u) => !u.running);
        return c ? { hard: false, used: true, message: `image is being used by stopped container ${truncateID(c.id)}` } : undefined;
      },
    ];
    // graphdriver checks references before stopped containers; containerd the other way round
    if (this.kind === 'containerd') conflicts.reverse();
    for (const f of conflicts) {
      const r = f();
      if (r) return r;
    }
    return undefined;
  }

  #conflictError(subject: string, c: Conflict): EngineError {
    return conflict(`conflict: unable to delete ${subject} (${c.hard ? 'cannot be forced' : 'must be forced'}) - ${c.message}`);
  }

  #parseNamed(s: string): NamedReference {
    try {
      return parseNormalizedNamed(s, this.version);
    } catch (e) {
      if (isReferenceFormatError(e)) throw invalidParameter(e.message);
      throw e;
    }
  }

  /** isSingleReference: all names from one repository and at most one tag. */
  #isSingleReference(refs: NamedReference[]): boolean {
    if (refs.length <= 1) return refs.length === 1;
    let single: NamedReference | undefined;
    const canonical = new Set<string>();
    for (const r of refs) {
      if (isCanonical(r)) canonical.add(`${r.domain}/${r.path}`);
      else if (!single) single = r;
      else return false;
    }
    single ??= refs[0]!;
    return canonical.size === 1 && canonical.has(`${single.domain}/${single.path}`);
  }

  #removeGraph(refOrID: string, force: boolean, prune: boolean): DeleteResponseItem[] {
    const img = this.get(refOrID);
    const id = img.id;
    const records: DeleteResponseItem[] = [];
    let repoRefs = this.references(id);
    let removedRepositoryRef = false;
    if (!isImageIDPrefix(id, refOrID)) {
      if (!force && this.#isSingleReference(repoRefs)) {
        const user = this.#containersUsing(id)[0];
        if (user) {
          throw conflict(
            `conflict: unable to remove repository reference ${JSON.stringify(refOrID)} (must force) - container ${truncateID(user.id)} is using its referenced image ${truncateID(id)}`,
          );
        }
      }
      const parsed = tagNameOnly(this.#parseNamed(refOrID));
      this.deleteReference(parsed);
      records.push({ Untagged: familiarString(parsed) });
      repoRefs = this.references(id);
      if (!isCanonical(parsed)) {
        const sameName = (r: NamedReference) => r.domain === parsed.domain && r.path === parsed.path;
        if (!repoRefs.some((r) => !isCanonical(r) && sameName(r))) {
          const remaining: NamedReference[] = [];
          for (const r of repoRefs) {
            if (isCanonical(r) && sameName(r)) {
              this.deleteReference(r);
              records.push({ Untagged: familiarString(r) });
            } else remaining.push(r);
          }
          repoRefs = remaining;
        }
      }
      if (repoRefs.length > 0) return records;
      removedRepositoryRef = true;
    } else if (this.#isSingleReference(repoRefs)) {
      const mask = CONFLICT_HARD | (force ? 0 : CONFLICT_SOFT & ~CONFLICT_ACTIVE_REFERENCE);
      const c = this.#checkConflict(id, mask, () => this.references(id).length > 0);
      if (c) throw this.#conflictError(truncateID(id), c);
      for (const r of repoRefs) {
        this.deleteReference(r);
        records.push({ Untagged: familiarString(r) });
      }
    }
    this.#deleteHelperGraph(id, records, force, prune, removedRepositoryRef);
    return records;
  }

  #deleteHelperGraph(id: string, records: DeleteResponseItem[], force: boolean, prune: boolean, quiet: boolean): void {
    const mask = CONFLICT_HARD | (force ? 0 : CONFLICT_SOFT);
    const c = this.#checkConflict(id, mask, () => this.references(id).length > 0);
    if (c) {
      if (quiet && (!this.#isDangling(id) || c.used)) return;
      throw this.#conflictError(truncateID(id), c);
    }
    const img = this.#images.get(id)!;
    const parent = img.parent;
    for (const r of this.references(id)) {
      this.deleteReference(r);
      records.push({ Untagged: familiarString(r) });
    }
    const freed = this.#deleteImage(img);
    records.push({ Deleted: id });
    for (const f of freed) records.push({ Deleted: f });
    if (prune && parent && this.#images.has(parent)) this.#deleteHelperGraph(parent, records, false, true, true);
  }

  #deleteImage(img: StoredImage): string[] {
    this.#images.delete(img.id);
    this.#generation++;
    for (const [k, r] of this.#refs) if (r.id === img.id) this.#refs.delete(k);
    const chain = chainIDs(img.image.layers.map((l) => l.diffID));
    return chain.length ? this.#release(chain[chain.length - 1]!) : [];
  }

  /** containerd's image records for an image: one per name, sorted by name (bolt key order). */
  #records(id: string): NamedReference[] {
    return [...this.#refs.values()]
      .filter((r) => r.id === id)
      .map((r) => r.ref)
      .sort((a, b) => cmp(referenceString(a), referenceString(b)));
  }

  /** resolveAllReferences: the exact name record (if the argument is one) and every record of the same target. */
  #resolveAll(refOrID: string): { img?: NamedReference; all: NamedReference[]; id?: string } {
    const parsed = this.#parseAny(refOrID);
    const short = ImageStore.truncatedID(refOrID);
    let id: string | undefined;
    let img: NamedReference | undefined;
    if (short !== undefined) {
      if (parsed.kind === 'digest') id = parsed.digest;
      else {
        const name = tagNameOnly(parsed);
        const rec = this.#refs.get(referenceString(name));
        const hits = [...this.#images.keys()].filter((k) => k.slice(7).startsWith(short));
        const ids = new Set(hits);
        if (rec) ids.add(rec.id);
        if (ids.size === 0) throw imageNotFound(parsed);
        if (ids.size > 1) throw new EngineError('notFound', 'ambiguous reference');
        id = [...ids][0]!;
        if (rec) img = name;
        const all = this.#records(id);
        if (!img || all.length > 1) return { img, all, id };
      }
    } else {
      if (parsed.kind !== 'named') throw invalidParameter('invalid name reference');
      const name = tagNameOnly(parsed);
      const rec = this.#refs.get(referenceString(name));
      if (rec) {
        img = name;
        id = rec.id;
      } else if (parsed.digest !== undefined) id = parsed.digest;
      else throw imageNotFound(parsed);
    }
    const all = this.#records(id!);
    if (all.length === 0 && !img && !this.#images.has(id!)) throw imageNotFound(parsed);
    return { img, all, id };
  }

  /** getSameReferences (containerd). */
  #sameReferences(named: NamedReference | undefined, imgs: NamedReference[]): NamedReference[] {
    let tag: string | undefined;
    let allTags = false;
    let digestRefs: NamedReference[] | null = [];
    const same: NamedReference[] = [];
    if (named) {
      if (named.tag !== undefined) tag = named.tag;
      else if (named.digest !== undefined) allTags = true;
    }
    for (const ref of imgs) {
      if (!named) {
        named = ref;
        if (ref.tag !== undefined && ref.digest === undefined) tag = ref.tag;
      } else if (named.domain !== ref.domain || named.path !== ref.path) continue;
      else if (!allTags) {
        if (ref.tag !== undefined && ref.digest === undefined) {
          if (tag === undefined) tag = ref.tag;
          else if (tag !== ref.tag) {
            digestRefs = null;
            continue;
          }
        } else {
          if (digestRefs) digestRefs.push(ref);
          continue;
        }
      }
      same.push(ref);
    }
    if (digestRefs) same.push(...digestRefs);
    return same;
  }

  #removeContainerd(refOrID: string, force: boolean, prune: boolean): DeleteResponseItem[] {
    let mask = force ? 0 : CONFLICT_SOFT;
    const { img, all, id: resolvedId } = this.#resolveAll(refOrID);
    let id: string;
    if (!img) {
      if (all.length === 0) {
        // an untagged image: only its dangling record remains
        if (resolvedId && this.#images.has(resolvedId)) return this.#deleteAllContainerd(resolvedId, [], mask, prune);
        throw imageNotFound(this.#parseAny(refOrID));
      }
      id = resolvedId!;
      let named: NamedReference | undefined;
      if (!isImageIDPrefix(id, refOrID)) {
        try {
          named = parseNormalizedNamed(refOrID, this.version);
        } catch {
          named = undefined;
        }
      }
      const same = this.#sameReferences(named, all);
      if (same.length === 0 && named) throw imageNotFound(named);
      if (same.length === all.length && !force) mask &= ~CONFLICT_ACTIVE_REFERENCE;
      if (named && same.length > 0 && same.length !== all.length) return this.#untag(same);
    } else {
      id = resolvedId!;
      if (isImageIDPrefix(id, refOrID)) return this.#deleteAllContainerd(id, all, mask, prune);
      const same = this.#sameReferences(img, all);
      if (same.length !== all.length) return this.#untag(same);
      if (all.length > 1 && !force) mask &= ~CONFLICT_ACTIVE_REFERENCE;
      const user = this.#containersUsing(id)[0];
      if (user) {
        if (!force) {
          throw conflict(
            `conflict: unable to delete ${familiarString(img)} (must be forced) - container ${truncateID(user.id)} is using its referenced image ${truncateID(id)}`,
          );
        }
        // softImageDelete: the name goes, the image stays (dangling)
        this.deleteReference(img);
        return [{ Untagged: familiarString(img) }];
      }
    }
    return this.#deleteAllContainerd(id, all, mask, prune);
  }

  #untag(refs: NamedReference[]): DeleteResponseItem[] {
    return refs.map((r) => {
      this.deleteReference(r);
      return { Untagged: familiarString(r) };
    });
  }

  #deleteAllContainerd(id: string, all: NamedReference[], mask: number, prune: boolean): DeleteResponseItem[] {
    const records: DeleteResponseItem[] = [];
    const img = this.#images.get(id)!;
    const parent = prune ? img.parent : undefined;
    const c = this.#checkConflict(id, CONFLICT_RUNNING | mask, () => all.length > 1);
    if (c) throw this.#conflictError(truncateID(id), c);
    for (const r of all) {
      this.deleteReference(r);
      records.push({ Untagged: familiarString(r) });
    }
    this.#deleteImage(img);
    records.push({ Deleted: id });
    if (parent && this.#images.has(parent) && this.references(parent).length === 0) {
      if (!this.#checkConflict(parent, CONFLICT_RUNNING | CONFLICT_SOFT, () => false)) {
        this.#deleteImage(this.#images.get(parent)!);
        records.push({ Deleted: parent });
      }
    }
    return records;
  }

  // ---- docker images -------------------------------------------------------------------

  /** `GET /images/json`: Docker's ImageSummary list, newest first. Throws on a bad filter. */
  list(opts: ListOptions = {}): ImageSummary[] {
    const filters = opts.filters ?? {};
    const old = this.version === '20.10';
    const accepted = ['dangling', 'label', 'before', 'since', 'reference', ...(old ? [] : ['until'])];
    for (const k of Object.keys(filters)) {
      if (!accepted.includes(k)) throw invalidParameter(old ? `Invalid filter '${k}'` : `invalid filter '${k}'`);
    }
    let danglingOnly: boolean | undefined;
    if (filters.dangling) {
      const v = filters.dangling;
      const shown = `[${[...new Set(v)].join(' ')}]`;
      if (old) {
        if (v.includes('true')) danglingOnly = true;
        else if (v.includes('false')) danglingOnly = false;
        else throw invalidParameter(`Invalid filter 'dangling=${shown}'`);
      } else {
        const isTrue = v.includes('true') || v.includes('1');
        const isFalse = v.includes('false') || v.includes('0');
        if (isTrue === isFalse) throw invalidParameter(`invalid filter 'dangling=${shown}'`);
        danglingOnly = isTrue;
      }
    }
    const before = (filters.before ?? []).map((v) => this.get(v));
    const since = (filters.since ?? []).map((v) => this.get(v));
    const out: Array<{ s: ImageSummary; created: number }> = [];
    for (const img of this.#images.values()) {
      if (before.some((b) => img.created >= b.created)) continue;
      if (since.some((b) => img.created <= b.created)) continue;
      if (filters.label && !matchLabels(filters.label, img.image.config.config?.Labels ?? null)) continue;
      let refs = this.references(img.id);
      if (filters.reference) {
        const pats = filters.reference;
        refs = refs.filter((r) => pats.some((p) => familiarMatch(p, r)));
      }
      const tags = refs.filter((r) => isTagged(r) && !isCanonical(r)).map(familiarString);
      let digests = refs.filter(isCanonical).map(familiarString);
      if (this.kind === 'containerd') {
        digests = [];
        for (const r of refs) {
          const d = isCanonical(r) ? familiarString(r) : familiarString(withDigest(trimNamed(r), img.target.digest));
          if (!digests.includes(d)) digests.push(d);
        }
      }
      const untagged = tags.length === 0 && digests.length === 0;
      if (untagged) {
        if (filters.reference && filters.reference.length) continue;
        if (!opts.all && this.#children(img.id).length > 0 && this.kind === 'overlay2') continue;
        if (danglingOnly === false) continue;
      } else if (danglingOnly === true) continue;
      if (danglingOnly === true && this.#children(img.id).length > 0 && this.kind === 'overlay2') continue;
      const users = this.#containersUsing(img.id).length;
      const size = this.kind === 'overlay2' ? imageSize(img.image) : imageSize(img.image) + contentSize(img.image);
      const s: ImageSummary = {
        Containers: old ? -1 : users,
        Created: Math.floor(img.created / 1000),
        Id: img.id,
        Labels: img.image.config.config?.Labels ?? null,
        ParentId: img.parent ?? '',
        RepoDigests: untagged && old ? [NONE_DIGEST] : digests,
        RepoTags: untagged && old ? [NONE_TAG] : tags,
        SharedSize: -1,
        Size: size,
      };
      if (old) s.VirtualSize = size;
      if (!old && this.kind === 'containerd') s.Descriptor = img.target;
      out.push({ s, created: img.created });
    }
    out.sort((a, b) => b.created - a.created || cmp(a.s.Id, b.s.Id));
    return out.map((o) => o.s);
  }

  // ---- inspect / history -------------------------------------------------------------

  /** `docker image inspect` for this store's version and kind. */
  inspect(refOrID: string): ImageInspect {
    const img = this.get(refOrID);
    return this.version === '20.10' ? this.#inspect2010(img) : this.#inspect29(img);
  }

  /** GraphDriverData / storage.DriverData: Data first, then Name (struct order). */
  #graphDriver(img: StoredImage): { Data: Record<string, string>; Name: string } {
    const chain = chainIDs(img.image.layers.map((l) => l.diffID));
    const dir = (c: string) => `${this.dataRoot}/overlay2/${cacheId(c)}`;
    const top = chain[chain.length - 1];
    if (!top) return { Data: {}, Name: 'overlay2' };
    const data: Record<string, string> = {};
    if (chain.length > 1) {
      data.LowerDir = chain
        .slice(0, -1)
        .reverse()
        .map((c) => `${dir(c)}/diff`)
        .join(':');
    }
    data.MergedDir = `${dir(top)}/merged`;
    data.UpperDir = `${dir(top)}/diff`;
    data.WorkDir = `${dir(top)}/work`;
    return { Data: data, Name: 'overlay2' };
  }

  #inspect2010(img: StoredImage): ImageInspect2010 {
    const cfg = img.image.config;
    const r: ImageInspect2010 = {
      Id: img.id,
      RepoTags: this.repoTags(img.id),
      RepoDigests: this.repoDigests(img.id),
      Parent: img.parent ?? '',
      Comment: cfg.comment ?? '',
      Created: cfg.created,
      Container: cfg.container ?? '',
      ContainerConfig: normaliseConfig(cfg.container_config ?? emptyContainerConfig()),
      DockerVersion: cfg.docker_version ?? '',
      Author: cfg.author ?? '',
      Config: cfg.config ? normaliseConfig(cfg.config) : null,
      Architecture: cfg.architecture,
      ...(cfg.variant ? { Variant: cfg.variant } : {}),
      Os: cfg.os,
      ...(cfg['os.version'] ? { OsVersion: cfg['os.version'] } : {}),
      Size: imageSize(img.image),
      VirtualSize: imageSize(img.image),
      GraphDriver: this.#graphDriver(img),
      RootFS: { Type: 'layers', ...(cfg.rootfs.diff_ids.length ? { Layers: [...cfg.rootfs.diff_ids] } : {}) },
      Metadata: { LastTagTime: img.lastTagTime === undefined ? ZERO_TIME : goTime(img.lastTagTime) },
    };
    return r;
  }

  #inspect29(img: StoredImage): ImageInspect29 {
    const cfg = img.image.config;
    const last = cfg.history[cfg.history.length - 1];
    const containerd = this.kind === 'containerd';
    const comment = containerd ? (last?.comment ?? '') : (cfg.comment ?? '');
    const r: ImageInspect29 = {
      Id: img.id,
      RepoTags: this.repoTags(img.id),
      RepoDigests: this.repoDigests(img.id),
      ...(comment ? { Comment: comment } : {}),
      ...(cfg.created ? { Created: cfg.created } : {}),
      ...(cfg.author ? { Author: cfg.author } : {}),
      Config: ociConfig(cfg.config),
      Architecture: cfg.architecture,
      ...(cfg.variant ? { Variant: cfg.variant } : {}),
      Os: cfg.os,
      ...(cfg['os.version'] ? { OsVersion: cfg['os.version'] } : {}),
      Size: containerd ? contentSize(img.image) : imageSize(img.image),
      ...(containerd ? {} : { GraphDriver: this.#graphDriver(img) }),
      RootFS: { Type: 'layers', ...(cfg.rootfs.diff_ids.length ? { Layers: [...cfg.rootfs.diff_ids] } : {}) },
      Metadata: { LastTagTime: img.lastTagTime === undefined ? ZERO_TIME : goTime(img.lastTagTime) },
      ...(containerd ? { Descriptor: { ...img.target } } : {}),
    };
    // compat.Wrap re-encodes through a map when it adds Parent/DockerVersion: keys come out sorted
    const extra: Record<string, string> = {};
    if (img.parent) extra.Parent = img.parent;
    if (!containerd && cfg.docker_version) extra.DockerVersion = cfg.docker_version;
    if (Object.keys(extra).length) return sortKeysDeep({ ...r, ...extra }) as ImageInspect29;
    return r;
  }

  /** `docker history`: newest first; the top row carries the image ID and tags, lower rows `<missing>` unless a local parent matches. */
  history(refOrID: string): HistoryResponseItem[] {
    const img = this.get(refOrID);
    const cfg = img.image.config;
    const rows: HistoryResponseItem[] = [];
    let layer = 0;
    for (const h of cfg.history) {
      let size = 0;
      if (!h.empty_layer) size = img.image.layers[layer++]?.size ?? 0;
      rows.unshift({
        Id: '<missing>',
        Created: Math.floor(parseGoTime(h.created) / 1000),
        CreatedBy: h.created_by ?? '',
        Tags: null,
        Size: size,
        Comment: h.comment ?? '',
      });
    }
    let cur: StoredImage | undefined = img;
    for (const row of rows) {
      if (!cur) break;
      row.Id = cur.id;
      const tags = this.repoTags(cur.id);
      row.Tags = tags.length ? tags : null;
      cur = cur.parent ? this.#images.get(cur.parent) : undefined;
    }
    return rows;
  }
}

function emptyContainerConfig() {
  return {
    Hostname: '',
    Domainname: '',
    User: '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: null,
    Cmd: null,
    Image: '',
    Volumes: null,
    WorkingDir: '',
    Entrypoint: null,
    OnBuild: null,
    Labels: null,
  };
}

/** The v29 inspect Config: OCI image config fields + Docker extensions, each omitted when empty. */
export function ociConfig(c: Image['config']['config']): OciImageConfig {
  const o: OciImageConfig = {};
  if (!c) return o;
  if (c.User) o.User = c.User;
  if (c.ExposedPorts && Object.keys(c.ExposedPorts).length) o.ExposedPorts = sortObj(c.ExposedPorts);
  if (c.Env?.length) o.Env = [...c.Env];
  if (c.Entrypoint?.length) o.Entrypoint = [...c.Entrypoint];
  if (c.Cmd?.length) o.Cmd = [...c.Cmd];
  if (c.Volumes && Object.keys(c.Volumes).length) o.Volumes = sortObj(c.Volumes);
  if (c.WorkingDir) o.WorkingDir = c.WorkingDir;
  if (c.Labels && Object.keys(c.Labels).length) o.Labels = sortObj(c.Labels);
  if (c.StopSignal) o.StopSignal = c.StopSignal;
  if (c.ArgsEscaped) o.ArgsEscaped = true;
  if (c.Healthcheck) o.Healthcheck = c.Healthcheck;
  if (c.OnBuild?.length) o.OnBuild = [...c.OnBuild];
  if (c.Shell?.length) o.Shell = [...c.Shell];
  return o;
}

function sortObj<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort(cmp)) out[k] = o[k]!;
  return out;
}

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(cmp)) out[k] = sortKeysDeep((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** overlay2's per-layer directory name: random in Docker, derived from the chain ID here. */
function cacheId(chainID: string): string {
  const hex = chainID.slice(7);
  return hex.slice(32) + hex.slice(0, 32);
}

/** `label=key` / `label=key=value` filters (all must match). */
function matchLabels(filters: string[], labels: Record<string, string> | null): boolean {
  return filters.every((f) => {
    const i = f.indexOf('=');
    if (i < 0) return labels !== null && f in labels;
    return labels !== null && labels[f.slice(0, i)] === f.slice(i + 1);
  });
}
