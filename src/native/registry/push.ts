/**
 * docker push on the native backend: the 20.10 daemon's push (distribution/push_v2.go,
 * xfer/upload.go) over HTTP, step for step as the simulator's images/push.ts models
 * it, with the same texts:
 *
 *  1. `The push refers to repository [<full name>]`; no reference under that name:
 *     `An image does not exist locally with the tag: <name>` (before connecting).
 *  2. GET /v2/ (unreachable: the dial error).
 *  3. The tag, or with -a every tag of the repository in reference order.
 *  4. Per layer, top first, `Preparing` (beyond 5 uploads at once `Waiting`); then, as
 *     each upload ends (5 at a time): `Layer already exists` (pushed before in this
 *     push, or a blob the distribution metadata knows for this layer is in the target
 *     repository: HEAD), `Mounted from <repo>` (POST ?mount=&from= from another
 *     repository of the same registry the layer is known in: 201), else `Pushed`
 *     (the layer tar as the store keeps it, gzip'd by Node's zlib, POST + PUT).
 *  5. The config blob (HEAD, upload if missing), then the schema2 manifest (JSON
 *     indented by 3 spaces, as distribution marshals it) under the tag:
 *     `<tag>: digest: sha256:… size: <bytes>`, and the image gets `<name>@<digest>`
 *     (RepoDigests) unless that digest already names an image.
 *
 * Errors after step 1 are StreamError (the client prints them bare).
 * The gzip'd bytes are zlib's, not Go's: blob digests and sizes differ from what the
 * real engine pushes for the same layer (same content always gives the same blob).
 */
import { promisify } from 'node:util';
import { gzip as zlibGzip } from 'node:zlib';
import type { ProgressMessage, RegistryAuth } from '../../sim/api.ts';
import { chainIDs, MEDIA_TYPES } from '../../sim/images/config.ts';
import { schema2Manifest } from '../../sim/images/push.ts';
import { fullName, referenceString, type NamedReference } from '../../sim/images/reference.ts';
import type { V2Metadata } from '../../sim/images/registry.ts';
import { MAX_CONCURRENT_UPLOADS, PUSH_TEXT, StreamError } from '../../sim/images/registryCommandTexts.ts';
import { truncateID } from '../../sim/images/store.ts';
import type { Descriptor, Image } from '../../sim/images/types.ts';
import { NativeStoreError, type NativeImageStore } from '../images/store.ts';
import { RegistryApiError, RegistryClient, sha256Digest } from './client.ts';
import { HttpError } from './http.ts';
import type { V2MetadataFile } from './metadata.ts';

const gzip = promisify(zlibGzip);

export interface NativePushRequest {
  store: NativeImageStore;
  metadata: V2MetadataFile;
  /** A tag, or a name only (push -a: every tag). */
  ref: NamedReference;
  auth?: RegistryAuth;
  onProgress: (m: ProgressMessage) => void;
  signal?: AbortSignal;
}

const SMALL_LAYER = 100 * 1024;
const MIDDLE_LAYER = 10 * 1024 * 1024;

/** A failure talking to the registry, as the client shows it inside the stream. */
function streamError(e: unknown): unknown {
  if (e instanceof HttpError || e instanceof RegistryApiError || e instanceof NativeStoreError) return new StreamError(e.message);
  // a layer's files gone meanwhile (an rmi during the push)
  if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).syscall) return new StreamError(e.message);
  return e;
}

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

const domainOf = (name: string) => name.slice(0, name.indexOf('/'));

interface Outcome {
  status: string;
  desc: Descriptor;
}

interface PushLayer {
  diffID: string;
  chainID: string;
  size: number;
}

/** One push: what it uploaded so far (pushState.remoteLayers) and where to. */
class Pusher {
  readonly #remote = new Map<string, Promise<Outcome>>();
  readonly req: NativePushRequest;
  readonly client: RegistryClient;
  /** "localhost:5000/busybox" and "busybox". */
  readonly target: string;
  readonly path: string;

  constructor(req: NativePushRequest, client: RegistryClient) {
    this.req = req;
    this.client = client;
    this.target = fullName(req.ref);
    this.path = req.ref.path;
  }

  get #meta() {
    return this.req.metadata;
  }

  /** layerAlreadyExists: HEAD up to `max` known digests (only the target's own unless `other`) in the target repository. */
  async #exists(layer: PushLayer, other: boolean, max: number, checked: Set<string>): Promise<Outcome | undefined> {
    const metas = byLikeness(
      this.target,
      this.#meta.get(layer.diffID).filter((m) => other || m.source === this.target),
    );
    const digests: V2Metadata[] = [];
    for (const m of metas) {
      if (digests.length >= max) break;
      if (digests.some((d) => d.digest === m.digest) || checked.has(m.digest)) continue;
      digests.push(m);
    }
    for (const m of digests) {
      checked.add(m.digest);
      const size = await this.client.statBlob(this.path, m.digest, this.req.signal);
      if (size !== undefined) {
        this.#meta.add(layer.diffID, { digest: m.digest, source: this.target });
        return { status: PUSH_TEXT.exists, desc: { mediaType: MEDIA_TYPES.dockerLayerGzip, digest: m.digest, size } };
      }
      if (m.source === this.target) this.#meta.remove(layer.diffID, m);
    }
    return undefined;
  }

  upload(layer: PushLayer): Promise<{ outcome: Outcome; again: boolean }> {
    const done = this.#remote.get(layer.diffID);
    if (done) return done.then((o) => ({ outcome: { ...o, status: PUSH_TEXT.exists }, again: true }));
    const p = this.#upload(layer);
    this.#remote.set(layer.diffID, p);
    return p.then((outcome) => ({ outcome, again: false }));
  }

  async #upload(layer: PushLayer): Promise<Outcome> {
    const signal = this.req.signal;
    const checked = new Set<string>();
    if (this.#meta.get(layer.diffID).length) {
      const found = await this.#exists(layer, true, 1, checked);
      if (found) return found;
    }
    const [maxMounts, maxChecks, other] = layer.size > MIDDLE_LAYER ? [4, 3, true] : layer.size > SMALL_LAYER ? [3, 1, false] : [1, 1, false];
    const domain = domainOf(this.target);
    const candidates = byLikeness(
      this.target,
      this.#meta.get(layer.diffID).filter((m) => domainOf(m.source) === domain && m.source !== this.target),
    ).slice(0, maxMounts);
    for (const c of candidates) {
      const from = c.source.slice(domain.length + 1);
      if (await this.client.mountBlob(this.path, from, c.digest, signal)) {
        const size = (await this.client.statBlob(this.path, c.digest, signal)) ?? 0;
        this.#meta.add(layer.diffID, { digest: c.digest, source: this.target });
        return { status: PUSH_TEXT.mountedFrom(from), desc: { mediaType: MEDIA_TYPES.dockerLayerGzip, digest: c.digest, size } };
      }
      this.#meta.remove(layer.diffID, c);
    }
    if (maxChecks - checked.size > 0) {
      const found = await this.#exists(layer, other, maxChecks - checked.size, checked);
      if (found) return found;
    }
    const gz = new Uint8Array(await gzip(this.req.store.layerTar(layer.chainID)));
    const digest = sha256Digest(gz);
    await this.client.putBlob(this.path, digest, gz, signal);
    this.#meta.add(layer.diffID, { digest, source: this.target });
    return { status: PUSH_TEXT.pushed, desc: { mediaType: MEDIA_TYPES.dockerLayerGzip, digest, size: gz.length } };
  }
}

/** Every reference under `ref`'s repository name (tags and digests), in reference-string order. */
function referencesByName(store: NativeImageStore, ref: NamedReference): Array<{ ref: NamedReference; id: string }> {
  const out: Array<{ ref: NamedReference; id: string }> = [];
  for (const img of store.images.images()) {
    for (const r of store.images.references(img.id)) if (r.domain === ref.domain && r.path === ref.path) out.push({ ref: r, id: img.id });
  }
  const key = (x: { ref: NamedReference }) => referenceString(x.ref);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export async function pushNative(req: NativePushRequest): Promise<void> {
  const { store, ref } = req;
  req.onProgress({ status: PUSH_TEXT.refersTo(ref) });
  const named = referencesByName(store, ref);
  if (named.length === 0) throw new StreamError(PUSH_TEXT.noLocalImage(ref));

  let client: RegistryClient;
  try {
    client = await RegistryClient.connect(ref.domain, { ...(req.auth ? { auth: req.auth } : {}), ...(req.signal ? { signal: req.signal } : {}) });
  } catch (e) {
    throw streamError(e);
  }

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

  const pusher = new Pusher(req, client);
  try {
    for (const t of tags) await pushTag(pusher, t.ref, t.id);
  } catch (e) {
    throw streamError(e);
  }
}

async function pushTag(pusher: Pusher, ref: NamedReference, id: string): Promise<void> {
  const { store, onProgress, signal } = pusher.req;
  const image = store.images.get(id).image;
  const chain = chainIDs(image.layers.map((l) => l.diffID));
  const layers: PushLayer[] = image.layers.map((l, i) => ({ diffID: l.diffID, chainID: chain[i]!, size: store.layer(chain[i]!)?.size ?? l.size }));
  const top = [...layers].reverse();
  const unique: PushLayer[] = [];
  for (const l of top) {
    onProgress({ id: truncateID(l.diffID), status: PUSH_TEXT.preparing });
    if (!unique.some((u) => u.diffID === l.diffID)) unique.push(l);
  }
  for (const l of unique.slice(MAX_CONCURRENT_UPLOADS)) onProgress({ id: truncateID(l.diffID), status: PUSH_TEXT.waiting });

  // MAX_CONCURRENT_UPLOADS at a time, top layer first; each line as its upload ends
  const outcomes = new Map<string, Outcome>();
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const l = unique[next++]!;
      const { outcome } = await pusher.upload(l);
      if (signal?.aborted) throw signal.reason;
      outcomes.set(l.diffID, outcome);
      onProgress({ id: truncateID(l.diffID), status: outcome.status });
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_CONCURRENT_UPLOADS, unique.length) }, worker));

  await pushConfig(pusher, image);
  const json = schema2Manifest(image, image.layers.map((l) => outcomes.get(l.diffID)!.desc));
  const digest = await pusher.client.putManifest(ref.path, ref.tag!, json, MEDIA_TYPES.dockerManifest, signal);
  onProgress({ status: PUSH_TEXT.digestLine(ref.tag!, digest, Buffer.byteLength(json)) });

  // addDigestReference: `<name>@sha256:…` for the image, unless that digest already names an image
  const digestRef: NamedReference = { kind: 'named', domain: ref.domain, path: ref.path, digest };
  const key = referenceString(digestRef);
  if (!store.images.images().some((i) => store.images.references(i.id).some((r) => referenceString(r) === key))) store.setReference(digestRef, id, { touch: false });
}

/** The manifest builder's config: HEAD, and the exact config bytes uploaded when the repository lacks them. */
async function pushConfig(pusher: Pusher, image: Image): Promise<void> {
  const { signal } = pusher.req;
  if ((await pusher.client.statBlob(pusher.path, image.configDigest, signal)) !== undefined) return;
  await pusher.client.putBlob(pusher.path, image.configDigest, new Uint8Array(Buffer.from(image.configJSON, 'utf8')), signal);
}
