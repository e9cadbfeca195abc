/**
 * docker pull on the native backend: the 20.10 daemon's pull (distribution/pull_v2.go)
 * over HTTP into the native image store, with the simulator's lines (images/pull.ts)
 * as the CLI prints them without a terminal:
 *
 *   `<tag>: Pulling from <path>`, per layer (bottom first) `<blob id>: Pulling fs layer`
 *   or `Already exists`, `Waiting` beyond 3 downloads, then as each download ends
 *   `Verifying Checksum` and `Download complete`, and bottom to top as each layer is
 *   stored `Pull complete`; `Digest: sha256:…`; `Status: Downloaded newer image for …`
 *   or `Status: Image is up to date for …` (pull -a: one Status line at the end).
 *
 * The manifest may be a Docker schema2 or OCI manifest, or a manifest list / OCI
 * index (the entry for this host's platform is pulled; the index digest is the one
 * printed and recorded). An image whose ID (its config digest) is here already is
 * not fetched again: only the names move. Everything fetched is checked before the
 * store sees it: the manifest's digest (pull by digest), the config's and each
 * blob's digest, the config's shape, each layer's uncompressed digest against the
 * config's rootfs.diff_ids, the tar itself (the store's archive rules and limits).
 * Layers are stored as they arrive (pinned); on any failure they are unpinned and
 * collected, so a failed pull leaves the store as it was.
 */
import { arch } from 'node:os';
import type { ProgressMessage, RegistryAuth } from '../../sim/api.ts';
import { EngineError, invalidParameter } from '../../sim/errors.ts';
import { ArchiveError } from '../../sim/archive/errors.ts';
import { readLayerTar } from '../../sim/archive/import.ts';
import { chainIDs } from '../../sim/images/config.ts';
import { familiarName, familiarString, referenceString, tagNameOnly, trimNamed, withTag, type NamedReference } from '../../sim/images/reference.ts';
import { truncateID } from '../../sim/images/store.ts';
import { NativeStoreError, type NativeImageStore } from '../images/store.ts';
import { isDigest, LIMITS, RegistryApiError, RegistryClient, sha256Digest, type FetchedManifest } from './client.ts';
import { HttpError } from './http.ts';
import type { V2MetadataFile } from './metadata.ts';
import { checkImageConfig } from './validate.ts';

export interface NativePullRequest {
  store: NativeImageStore;
  metadata: V2MetadataFile;
  ref: NamedReference;
  /** Every tag of the repository (`ref` is a name only). */
  all?: boolean;
  auth?: RegistryAuth;
  onProgress: (m: ProgressMessage) => void;
  signal?: AbortSignal;
}

/** Downloads at once (dockerd's max-concurrent-downloads). */
const MAX_CONCURRENT_DOWNLOADS = 3;

const MT = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

const LAYER_TYPES = new Set([
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.oci.image.layer.v1.tar',
  'application/vnd.docker.image.rootfs.diff.tar',
]);

/** This host's platform as Go names it. */
export function hostPlatform(): { os: string; architecture: string } {
  const a = arch();
  const architecture = a === 'x64' ? 'amd64' : a === 'ia32' ? '386' : a === 'ppc64' ? 'ppc64le' : a;
  return { os: 'linux', architecture };
}

interface Desc {
  mediaType: string;
  digest: string;
  size: number;
}

/** The daemon's text for a registry answer during a pull (translatePullError). */
function pullError(e: unknown, ref: NamedReference): unknown {
  if (e instanceof RegistryApiError) {
    switch (e.code) {
      case 'DENIED':
        return new EngineError('notFound', `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': ${e.message}`);
      case 'MANIFEST_UNKNOWN':
        return new EngineError('notFound', `manifest for ${familiarString(ref)} not found: ${e.message}`);
      case 'NAME_UNKNOWN':
        return new EngineError('notFound', `repository ${familiarName(ref)} not found: ${e.message}`);
      default:
        return new EngineError('system', e.message);
    }
  }
  if (e instanceof HttpError || e instanceof ArchiveError || e instanceof NativeStoreError) return new EngineError('system', e.message);
  return e;
}

const bad = (msg: string) => new EngineError('system', msg);

function parseJson(body: Uint8Array, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (e) {
    throw bad(`${what}: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad(`${what}: not a JSON object`);
  return v as Record<string, unknown>;
}

function descriptor(v: unknown, what: string): Desc {
  const d = v as Partial<Desc> | null;
  if (!d || typeof d !== 'object') throw bad(`${what}: missing descriptor`);
  if (!isDigest(d.digest)) throw bad(`${what}: invalid digest ${JSON.stringify(d.digest ?? '')} (only sha256 digests are supported)`);
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) throw bad(`${what}: invalid size`);
  return { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: d.digest, size: d.size };
}

/** The image manifest `m` names, with config and layers; an index resolves to this host's platform. */
async function imageManifest(client: RegistryClient, path: string, m: FetchedManifest, signal?: AbortSignal): Promise<{ config: Desc; layers: Desc[] }> {
  let doc = parseJson(m.body, 'manifest');
  let mediaType = m.mediaType || (typeof doc['mediaType'] === 'string' ? doc['mediaType'] : '');
  if (mediaType === MT.dockerList || mediaType === MT.ociIndex || (mediaType === '' && Array.isArray(doc['manifests']))) {
    const want = hostPlatform();
    const entries = Array.isArray(doc['manifests']) ? doc['manifests'] : [];
    const entry = entries.find((e) => {
      const p = (e as { platform?: { os?: unknown; architecture?: unknown } })?.platform;
      return p?.os === want.os && p.architecture === want.architecture;
    });
    if (!entry) throw bad(`no matching manifest for ${want.os}/${want.architecture} in the manifest list entries`);
    const d = descriptor(entry, 'manifest list entry');
    const inner = await client.getManifest(path, d.digest, signal);
    if (inner.digest !== d.digest) throw bad(`manifest verification failed for digest ${d.digest}`);
    doc = parseJson(inner.body, 'manifest');
    mediaType = inner.mediaType || (typeof doc['mediaType'] === 'string' ? doc['mediaType'] : '');
  }
  if (mediaType !== MT.dockerManifest && mediaType !== MT.ociManifest && mediaType !== '') throw bad(`unsupported manifest media type ${JSON.stringify(mediaType)}`);
  if (doc['schemaVersion'] !== 2) throw bad(`unsupported manifest schema version ${JSON.stringify(doc['schemaVersion'] ?? null)}`);
  const config = descriptor(doc['config'], 'manifest config');
  const list = doc['layers'];
  if (!Array.isArray(list)) throw bad('manifest: no layers');
  if (list.length > LIMITS.layers) throw bad('max depth exceeded');
  const layers = list.map((l, i) => descriptor(l, `manifest layer ${i}`));
  for (const l of layers) if (!LAYER_TYPES.has(l.mediaType)) throw bad(`unsupported layer media type ${JSON.stringify(l.mediaType)}`);
  return { config, layers };
}

/** Everything pulled for one reference, before it is recorded. */
interface Pulled {
  id: string;
  /** What the reference points at (printed after `Digest:`). */
  digest: string;
  newer: boolean;
  layers: Array<{ diffID: string; blob: string }>;
}

async function pullOne(req: NativePullRequest, client: RegistryClient, ref: NamedReference, lines: { status: boolean }): Promise<Pulled> {
  const { store, signal, onProgress } = req;
  const say = (status: string) => onProgress({ status });
  const fetched = await client.getManifest(ref.path, ref.digest ?? ref.tag!, signal);
  if (ref.digest !== undefined && fetched.digest !== ref.digest) throw bad(`manifest verification failed for digest ${ref.digest}`);
  say(`${ref.digest ?? ref.tag}: Pulling from ${ref.path}`);
  const { config, layers } = await imageManifest(client, ref.path, fetched, signal);

  const id = config.digest;
  const existing = store.images.images().find((s) => s.id === id);
  const pointsHere = existing !== undefined && store.images.references(existing.id).some((r) => referenceString(r) === referenceString(ref));
  const pulled: Pulled = { id, digest: fetched.digest, newer: !existing || !pointsHere, layers: [] };
  if (existing) {
    const diffIDs = existing.image.layers.map((l) => l.diffID);
    if (diffIDs.length === layers.length) pulled.layers = diffIDs.map((d, i) => ({ diffID: d, blob: layers[i]!.digest }));
  } else {
    if (config.size > LIMITS.configBytes) throw bad(`image config ${config.digest} is ${config.size} bytes, more than the limit of ${LIMITS.configBytes}`);
    const configBytes = await client.getBlob(ref.path, config.digest, LIMITS.configBytes, signal);
    if (sha256Digest(configBytes) !== config.digest) throw bad(`image config verification failed for digest ${config.digest}`);
    const configJSON = Buffer.from(configBytes).toString('utf8');
    const diffIDs = checkImageConfig(configJSON);
    if (diffIDs.length !== layers.length) throw bad("layers from manifest don't match image configuration");
    await fetchLayers(req, client, ref, layers, diffIDs, configJSON);
    pulled.layers = diffIDs.map((d, i) => ({ diffID: d, blob: layers[i]!.digest }));
  }
  say(`Digest: ${fetched.digest}`);
  if (lines.status) say(`Status: ${pulled.newer ? 'Downloaded newer image' : 'Image is up to date'} for ${familiarString(ref)}`);
  return pulled;
}

/** Downloads (3 at a time), checks and stores the layers bottom first, then the image; nothing is left on failure. */
async function fetchLayers(req: NativePullRequest, client: RegistryClient, ref: NamedReference, layers: Desc[], diffIDs: string[], configJSON: string): Promise<void> {
  const { store, onProgress } = req;
  const say = (id: string, status: string) => onProgress({ id, status });
  const chain = chainIDs(diffIDs);
  const present = chain.map((c) => store.hasLayer(c));
  const maxBlob = store.limits.maxInputBytes;
  layers.forEach((l, i) => say(truncateID(l.digest), present[i] ? 'Already exists' : 'Pulling fs layer'));
  const toFetch = layers.map((_, i) => i).filter((i) => !present[i]);
  for (const i of toFetch.slice(MAX_CONCURRENT_DOWNLOADS)) say(truncateID(layers[i]!.digest), 'Waiting');

  // one abort for all downloads: the first failure ends the others
  const stop = new AbortController();
  const signal = req.signal ? AbortSignal.any([req.signal, stop.signal]) : stop.signal;
  const downloads = new Map<number, Promise<Uint8Array>>();
  const waiters = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: unknown) => void }>();
  for (const i of toFetch) downloads.set(i, new Promise<Uint8Array>((resolve, reject) => waiters.set(i, { resolve, reject })));
  for (const p of downloads.values()) p.catch(() => undefined);
  let next = 0;
  const worker = async () => {
    while (next < toFetch.length) {
      const i = toFetch[next++]!;
      const l = layers[i]!;
      const w = waiters.get(i)!;
      try {
        if (l.size > maxBlob) throw bad(`layer ${l.digest} is ${l.size} bytes, more than the limit of ${maxBlob}`);
        const blob = await client.getBlob(ref.path, l.digest, Math.min(l.size, maxBlob), signal);
        say(truncateID(l.digest), 'Verifying Checksum');
        if (blob.length !== l.size || sha256Digest(blob) !== l.digest) throw bad(`filesystem layer verification failed for digest ${l.digest}`);
        say(truncateID(l.digest), 'Download complete');
        w.resolve(blob);
      } catch (e) {
        w.reject(e);
        // the layers not started yet fail with it (nothing waits for them past this one)
        for (const j of toFetch.slice(next)) waiters.get(j)!.reject(e);
        next = toFetch.length;
        stop.abort(e);
        return;
      }
    }
  };
  const workers = Promise.all(Array.from({ length: Math.min(MAX_CONCURRENT_DOWNLOADS, toFetch.length) }, worker));

  // the layers here already stay through the pull (an rmi meanwhile must not take them)
  const pins: string[] = chain.filter((_, i) => present[i]);
  for (const c of pins) store.pin(c);
  try {
    // bottom to top, each as soon as it and the layer below are there
    for (let i = 0; i < layers.length; i++) {
      if (present[i]) continue;
      const blob = await downloads.get(i)!;
      const l = await readLayerTar(blob, { limits: store.limits, nowMs: store.now(), identifyExe: false });
      if (l.diffID !== diffIDs[i]) throw bad("layers from manifest don't match image configuration");
      const rec = store.storeUnpacked(l, i === 0 ? null : chain[i - 1]!);
      pins.push(rec.chainID);
      say(truncateID(layers[i]!.digest), 'Pull complete');
    }
    await workers;
    store.addImage(configJSON);
  } catch (e) {
    stop.abort(e);
    await workers.catch(() => undefined);
    throw e;
  } finally {
    for (const c of pins) store.unpin(c);
    // a failed pull leaves nothing behind: layers no image uses go
    store.gc();
  }
}

/** Names for a pulled image: the tag (unless pulled by digest) and `<name>@<digest>`; the layers' blobs for push. */
function record(req: NativePullRequest, ref: NamedReference, p: Pulled): void {
  const { store } = req;
  if (ref.digest === undefined) store.setReference(tagNameOnly(ref), p.id, { touch: false });
  store.setReference({ kind: 'named', domain: ref.domain, path: ref.path, digest: p.digest }, p.id, { touch: false });
  const source = `${ref.domain}/${ref.path}`;
  for (const l of p.layers) req.metadata.add(l.diffID, { digest: l.blob, source });
}

export async function pullNative(req: NativePullRequest): Promise<void> {
  let { ref } = req;
  const all = req.all === true && ref.tag === undefined && ref.digest === undefined;
  if (!all && ref.tag === undefined && ref.digest === undefined) ref = tagNameOnly(ref);
  const signal = req.signal;
  let client: RegistryClient;
  try {
    client = await RegistryClient.connect(ref.domain, { ...(req.auth ? { auth: req.auth } : {}), ...(signal ? { signal } : {}) });
  } catch (e) {
    throw pullError(e, ref);
  }
  let refs = [ref];
  if (all) {
    let tags: string[];
    try {
      tags = await client.tags(ref.path, signal);
    } catch (e) {
      throw pullError(e, ref);
    }
    if (tags.length === 0) throw new EngineError('notFound', `repository ${familiarName(ref)} not found: name unknown: repository name not known to registry`);
    refs = [];
    for (const t of tags) {
      try {
        refs.push(withTag(ref, t));
      } catch {
        throw invalidParameter(`invalid tag ${JSON.stringify(t)} in the registry's tags list`);
      }
    }
  }
  let newer = false;
  for (const r of refs) {
    let p: Pulled;
    try {
      p = await pullOne(req, client, r, { status: !all });
    } catch (e) {
      throw pullError(e, r);
    }
    record(req, r, p);
    newer ||= p.newer;
  }
  if (all) req.onProgress({ status: `Status: ${newer ? 'Downloaded newer image' : 'Image is up to date'} for ${familiarString(trimNamed(ref))}` });
}
