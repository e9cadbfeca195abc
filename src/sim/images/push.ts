/**
 * docker push, as the 20.10 daemon does it (distribution/push_v2.go, xfer/upload.go),
 * against a simulated registry (registry.ts). Loaded on first use.
 *
 *  1. `The push refers to repository [<full name>]`; no reference under that name at
 *     all: `An image does not exist locally with the tag: <name>` (before connecting).
 *  2. Connect (refused / DNS error, or wait while a registry container is paused).
 *  3. The tag (or, with -a, every tag of the repository in reference-store order):
 *     `tag does not exist: …` when missing.
 *  4. Per layer, top first: `<short diffID>: Preparing`; beyond 5 uploads at once
 *     `Waiting`; then, as each upload ends: `Layer already exists` (already pushed in
 *     this push, or a known blob digest is linked in the target repository),
 *     `Mounted from <path>` (cross-repository mount from a repository of the same
 *     registry the layer is known in), else `Pushed` (the layer tar, gzip'd).
 *     A registry that refuses the upload (Docker Hub outside your namespace):
 *     `denied: requested access to the resource is denied`.
 *  5. The schema2 manifest (JSON indented by 3 spaces, as distribution marshals it):
 *     `<tag>: digest: sha256:… size: <bytes>`, and the digest reference
 *     `<name>@sha256:…` added to the image (RepoDigests).
 *
 * Errors after step 1 are stream errors (StreamError): the client prints them bare.
 * A containerd store (v29) prints no Preparing/Waiting, names layers by their blob
 * digest and pushes its own single-platform manifest as it is (compact OCI JSON);
 * an index and the other platforms are not pushed.
 * Same content always gives the same digests: a layer's blob is the one it was
 * pulled with, else the gzip of its tar (cached by diffID), and pulling the pushed
 * manifest back gives the same image ID.
 */
import type { ProgressMessage } from '../api.ts';
import type { Clock } from '../clock.ts';
import { digestBytes } from '../archive/digest.ts';
import { gzip } from '../archive/gzip.ts';
import type { TarBackedLayer } from '../archive/import.ts';
import { layerTar } from '../archive/layerTar.ts';
import { manifestJson, MEDIA_TYPES } from './config.ts';
import { fullName, referenceString, type NamedReference } from './reference.ts';
import { uploadTarget, type UploadTarget } from './privateRegistry.ts';
import { RegistryError, type Registry, type RegistryCredentials, type V2Metadata } from './registry.ts';
import { MAX_CONCURRENT_UPLOADS, PUSH_TEXT, StreamError } from './registryCommandTexts.ts';
import { digestOf } from './sha256.ts';
import type { ImageStore } from './store.ts';
import { truncateID } from './store.ts';
import type { Descriptor, Image, Layer } from './types.ts';

export interface PushRequest {
  store: ImageStore;
  registry: Registry;
  clock: Clock;
  /** Tagged, or a name only (push -a: every tag). */
  ref: NamedReference;
  creds?: RegistryCredentials;
  onProgress: (m: ProgressMessage) => void;
  signal?: AbortSignal;
}

/** Compressed bytes per ms an upload moves (12 MB/s), and the time of a registry round trip. */
const UPLOAD_RATE = 12_000;
const ROUND_TRIP_MS = 30;

const SMALL_LAYER = 100 * 1024;
const MIDDLE_LAYER = 10 * 1024 * 1024;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** Lines at simulated times after the push began, played on the clock. */
class Timeline {
  readonly req: PushRequest;
  readonly #start: number;
  /** ms after the start of the last line. */
  t = 0;
  constructor(req: PushRequest) {
    this.req = req;
    this.#start = req.clock.now();
  }
  /** Waits until `at` ms after the start. */
  async until(at: number): Promise<void> {
    const wait = this.#start + at - this.req.clock.now();
    if (wait > 0) await this.req.clock.sleep(wait);
    if (this.req.signal?.aborted) throw this.req.signal.reason;
    this.t = Math.max(this.t, at);
  }
  async emit(at: number, m: ProgressMessage): Promise<void> {
    await this.until(at);
    this.req.onProgress(m);
  }
}

/**
 * The blob a layer is pushed as: the one it came with, else the gzip of its tar
 * (same content, same digest). Files whose bytes the simulator does not hold (a
 * binary such as /bin/busybox is a zero-filled stand-in) would compress to nearly
 * nothing: their bytes count as compressing to 54% of their size, what the real
 * engine's gzip made of the static busybox (the busybox:latest layer of the
 * recordings, 1.98 MB of files: a 1,069,067-byte blob).
 */
const compressed = new Map<string, Descriptor>();
const STAND_IN_RATIO = 0.54;

export async function blobOf(layer: Layer): Promise<Descriptor> {
  if (layer.blob) return { mediaType: MEDIA_TYPES.dockerLayerGzip, digest: layer.blob.digest, size: layer.blob.size };
  let d = compressed.get(layer.diffID);
  if (!d) {
    const tar = (layer as TarBackedLayer).tar;
    const gz = await gzip(tar ?? layerTar(layer.files()));
    let standIn = 0;
    if (!tar) for (const e of layer.files()) if (e.type === 'file' && e.linkOf === undefined && !e.data && e.content === undefined) standIn += e.size;
    d = { mediaType: MEDIA_TYPES.dockerLayerGzip, digest: await digestBytes(gz), size: gz.length + Math.round(standIn * STAND_IN_RATIO) };
    compressed.set(layer.diffID, d);
  }
  return d;
}

/** The schema2 manifest a 20.10 daemon pushes (distribution's MarshalIndent with 3 spaces). */
export function schema2Manifest(image: Image, layers: readonly Descriptor[]): string {
  return JSON.stringify(
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.dockerManifest,
      config: { mediaType: MEDIA_TYPES.dockerConfig, size: utf8Length(image.configJSON), digest: image.configDigest },
      layers: layers.map((d) => ({ mediaType: MEDIA_TYPES.dockerLayerGzip, size: d.size, digest: d.digest })),
    },
    null,
    3,
  );
}

const domainOf = (name: string) => name.slice(0, name.indexOf('/'));

/** sortV2MetadataByLikenessAndAge: newest first, then by path components shared with the target. */
function byLikeness(target: string, metas: V2Metadata[]): V2Metadata[] {
  const want = target.split('/');
  const matching = (source: string) => {
    const have = source.split('/');
    let i = 0;
    while (i < have.length && i < want.length && have[i] === want[i]) i++;
    return i;
  };
  return [...metas].reverse().sort((a, b) => matching(b.source) - matching(a.source));
}

/** What one layer upload ended with. */
interface Outcome {
  status: string;
  desc: Descriptor;
  /** The layer as the registry holds it (with its blob). */
  layer: Layer;
  ms: number;
}

/** One push: its state across tags (pushState.remoteLayers). */
class Pusher {
  readonly remote = new Map<string, Outcome>();
  readonly req: PushRequest;
  readonly server: UploadTarget;
  /** The target repository's full name ("localhost:5000/busybox") and its path ("busybox"). */
  readonly target: string;
  readonly path: string;
  constructor(req: PushRequest, server: UploadTarget, target: string, path: string) {
    this.req = req;
    this.server = server;
    this.target = target;
    this.path = path;
  }

  get metadata() {
    return this.req.registry.metadata;
  }

  /** layerAlreadyExists: stat up to `max` known digests (only the target's own unless `other`) in the target repository. */
  async #exists(layer: Layer, other: boolean, max: number, checked: Set<string>): Promise<Outcome | undefined> {
    const metas = byLikeness(
      this.target,
      this.metadata.get(layer.diffID).filter((m) => other || m.source === this.target),
    );
    const digests: V2Metadata[] = [];
    for (const m of metas) {
      if (digests.length >= max) break;
      if (digests.some((d) => d.digest === m.digest) || checked.has(m.digest)) continue;
      digests.push(m);
    }
    for (const m of digests) {
      checked.add(m.digest);
      const held = await this.server.hasBlob(this.path, m.digest);
      if (held) {
        this.metadata.add(layer.diffID, { digest: m.digest, source: this.target });
        return { status: PUSH_TEXT.exists, desc: descOf(held), layer: held, ms: ROUND_TRIP_MS };
      }
      if (m.source === this.target) this.metadata.remove(m);
    }
    return undefined;
  }

  async upload(layer: Layer): Promise<Outcome> {
    const done = this.remote.get(layer.diffID);
    if (done) return { ...done, status: PUSH_TEXT.exists, ms: 0 };
    const outcome = await this.#upload(layer);
    this.remote.set(layer.diffID, outcome);
    return outcome;
  }

  async #upload(layer: Layer): Promise<Outcome> {
    const checked = new Set<string>();
    if (this.metadata.get(layer.diffID).length) {
      const found = await this.#exists(layer, true, 1, checked);
      if (found) return found;
    }
    const [maxMounts, maxChecks, other] = layer.size > MIDDLE_LAYER ? [4, 3, true] : layer.size > SMALL_LAYER ? [3, 1, false] : [1, 1, false];
    const domain = domainOf(this.target);
    const candidates = byLikeness(
      this.target,
      this.metadata.get(layer.diffID).filter((m) => domainOf(m.source) === domain && m.source !== this.target),
    ).slice(0, maxMounts);
    let ms = 0;
    for (const c of candidates) {
      ms += ROUND_TRIP_MS;
      const from = c.source.slice(domain.length + 1);
      const held = await this.server.mountBlob(this.path, from, c.digest);
      if (held) {
        this.metadata.add(layer.diffID, { digest: c.digest, source: this.target });
        return { status: PUSH_TEXT.mountedFrom(from), desc: descOf(held), layer: held, ms };
      }
      this.metadata.remove(c);
    }
    if (maxChecks - checked.size > 0) {
      const found = await this.#exists(layer, other, maxChecks - checked.size, checked);
      if (found) return { ...found, ms: ms + found.ms };
    }
    const desc = this.req.store.kind === 'containerd' ? storedBlob(layer) : await blobOf(layer);
    const held: Layer = { ...layer, blob: { mediaType: desc.mediaType, digest: desc.digest, size: desc.size } };
    this.server.putBlob(this.path, held);
    this.metadata.add(layer.diffID, { digest: desc.digest, source: this.target });
    return { status: PUSH_TEXT.pushed, desc, layer: held, ms: ms + 50 + desc.size / UPLOAD_RATE };
  }
}

function descOf(layer: Layer): Descriptor {
  const b = layer.blob!;
  return { mediaType: MEDIA_TYPES.dockerLayerGzip, digest: b.digest, size: b.size };
}

/** A containerd store pushes the blobs it keeps (localManifest's: an imported or committed layer is its plain tar). */
function storedBlob(layer: Layer): Descriptor {
  return layer.blob ?? { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer.diffID, size: layer.size };
}

/** Every reference of the store under `ref`'s repository name (tags and digests), by reference string. */
function referencesByName(store: ImageStore, ref: NamedReference): Array<{ ref: NamedReference; id: string }> {
  const out: Array<{ ref: NamedReference; id: string }> = [];
  for (const img of store.images()) {
    for (const r of store.references(img.id)) if (r.domain === ref.domain && r.path === ref.path) out.push({ ref: r, id: img.id });
  }
  return out.sort((a, b) => (referenceString(a.ref) < referenceString(b.ref) ? -1 : referenceString(a.ref) > referenceString(b.ref) ? 1 : 0));
}

export async function pushImage(req: PushRequest): Promise<void> {
  const { store, ref } = req;
  const line = new Timeline(req);
  await line.emit(0, { status: PUSH_TEXT.refersTo(ref) });
  const named = referencesByName(store, ref);
  if (named.length === 0) throw new StreamError(PUSH_TEXT.noLocalImage(ref));

  let server: UploadTarget;
  try {
    server = uploadTarget(await req.registry.connect(ref, (ms) => req.clock.sleep(ms), req.signal), req.registry.hub);
  } catch (e) {
    if (e instanceof RegistryError) throw new StreamError(e.message);
    throw e;
  }
  await line.until(line.t + 2 * ROUND_TRIP_MS);

  let tags: Array<{ ref: NamedReference; id: string }>;
  if (ref.tag !== undefined) {
    const found = named.find((n) => n.ref.tag === ref.tag && n.ref.digest === undefined);
    if (!found) throw new StreamError(PUSH_TEXT.tagDoesNotExist(ref));
    tags = [found];
  } else if (ref.digest !== undefined) {
    throw new StreamError(PUSH_TEXT.digestReference);
  } else {
    tags = named.filter((n) => n.ref.tag !== undefined && n.ref.digest === undefined);
    if (tags.length === 0) throw new StreamError(PUSH_TEXT.noTagsToPush(ref));
  }

  const pusher = new Pusher(req, server, fullName(ref), ref.path);
  for (const t of tags) await pushTag(pusher, line, t.ref, t.id);
}

async function pushTag(pusher: Pusher, line: Timeline, ref: NamedReference, id: string): Promise<void> {
  const { store } = pusher.req;
  const image = store.get(id).image;
  const top = [...image.layers].reverse();
  const containerd = store.kind === 'containerd';
  const start = line.t;
  const lines: Array<{ at: number; m: ProgressMessage }> = [];
  const unique: Layer[] = [];
  for (const l of top) {
    if (!containerd) lines.push({ at: start, m: { id: truncateID(l.diffID), status: PUSH_TEXT.preparing } });
    if (!unique.some((u) => u.diffID === l.diffID)) unique.push(l);
  }
  if (!containerd) unique.slice(MAX_CONCURRENT_UPLOADS).forEach((l) => lines.push({ at: start, m: { id: truncateID(l.diffID), status: PUSH_TEXT.waiting } }));

  if (!pusher.server.canPush(ref.path, pusher.req.creds)) {
    for (const l of lines) await line.emit(l.at, l.m);
    await line.until(start + 2 * ROUND_TRIP_MS);
    throw new StreamError(PUSH_TEXT.denied);
  }

  // uploads run MAX_CONCURRENT_UPLOADS at a time, top layer first
  const slots = Array.from({ length: Math.min(MAX_CONCURRENT_UPLOADS, unique.length) }, () => start + ROUND_TRIP_MS);
  const outcomes = new Map<string, Outcome>();
  for (const l of unique) {
    const o = await pusher.upload(l);
    outcomes.set(l.diffID, o);
    const slot = slots.indexOf(Math.min(...slots));
    const end = slots[slot]! + o.ms;
    slots[slot] = end;
    const shown = containerd ? truncateID(o.desc.digest) : truncateID(l.diffID);
    lines.push({ at: end, m: { id: shown, status: o.status } });
  }
  lines.sort((a, b) => a.at - b.at);
  for (const l of lines) await line.emit(l.at, l.m);

  const layers = image.layers.map((l) => outcomes.get(l.diffID)!.layer);
  const { json, mediaType } = containerd
    ? { json: manifestJson({ mediaType: MEDIA_TYPES.ociConfig, digest: image.configDigest, size: utf8Length(image.configJSON) }, layers), mediaType: MEDIA_TYPES.ociManifest }
    : { json: schema2Manifest(image, layers.map(descOf)), mediaType: MEDIA_TYPES.dockerManifest };
  const digest = digestOf(json);
  const size = utf8Length(json);
  const pushed: Image = { config: image.config, configJSON: image.configJSON, configDigest: image.configDigest, layers, manifest: { mediaType, digest, size } };
  pusher.server.putManifest(ref.path, ref.tag!, digest, pushed);
  await line.emit(line.t + ROUND_TRIP_MS, { status: PUSH_TEXT.digestLine(ref.tag!, digest, size) });

  // addDigestReference: `<name>@sha256:…` for the image, unless that digest already names an image
  if (!containerd) {
    const digestRef: NamedReference = { kind: 'named', domain: ref.domain, path: ref.path, digest };
    const key = referenceString(digestRef);
    if (!store.images().some((i) => store.references(i.id).some((r) => referenceString(r) === key))) store.setReference(digestRef, id, { touch: false });
  }
}
