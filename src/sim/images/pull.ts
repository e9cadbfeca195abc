/**
 * The pull flow as the daemon reports it, and what the CLI prints of it when its
 * output is not a terminal (docker/cli jsonmessage: messages that carry a progress
 * bar — Downloading, Extracting — are dropped; every other status is a line).
 *
 * Design: planPull() is pure. It returns the lines with their simulated times
 * (ms after the pull starts; downloads run 3 at a time at `bandwidth`, extraction
 * is sequential) and commitPull() registers the image when the engine's clock
 * reaches the end. The engine schedules the lines on its Clock.
 *
 * Lines per store (no TTY):
 *   overlay2 (20.10):  `<tag>: Pulling from <path>`, per layer `<id>: Pulling fs layer`
 *     (`Already exists` if present), `<id>: Waiting` beyond 3 concurrent downloads,
 *     `<id>: Verifying Checksum`, `<id>: Download complete`, `<id>: Pull complete`,
 *     `Digest: sha256:…`, `Status: Downloaded newer image for <ref>`.
 *   containerd (v29): the same without `Waiting` and `Verifying Checksum`.
 * The CLI adds before: `Using default tag: latest` (docker pull without tag/digest)
 * or `Unable to find image 'x:latest' locally` (docker run/create, on stderr); and
 * after, for docker pull only: the canonical reference (`docker.io/library/alpine:latest`).
 */
import { chainIDs } from './config.ts';
import { familiarString, referenceString, tagNameOnly, type NamedReference } from './reference.ts';
import type { Resolved } from './registry.ts';
import type { ImageStore, StoredImage } from './store.ts';
import { truncateID } from './store.ts';

export interface PullLine {
  /** ms after the pull started. */
  at: number;
  text: string;
}

export interface PullPlan {
  ref: NamedReference;
  lines: PullLine[];
  /** ms until the pull completes (the image exists from then on). */
  durationMs: number;
  /** Whether anything new was fetched or the tag moved ("Downloaded newer image"). */
  newer: boolean;
}

export interface PullTiming {
  /** Compressed bytes per ms per download (default 12 MB/s). */
  bandwidth?: number;
  /** Uncompressed bytes per ms when extracting (default 80 MB/s). */
  extractRate?: number;
  /** Registry round trips before the first layer line (default 400 ms). */
  latencyMs?: number;
  /** Concurrent downloads (dockerd's max-concurrent-downloads, default 3). */
  concurrency?: number;
}

/** `Unable to find image 'alpine:latest' locally` (the CLI's, on stderr, before a run/create pull). */
export function unableToFindLine(ref: NamedReference): string {
  return `Unable to find image '${familiarString(tagNameOnly(ref))}' locally`;
}

/** `Using default tag: latest` (docker pull of a name without tag or digest). */
export const USING_DEFAULT_TAG = 'Using default tag: latest';

/** The line `docker pull` prints last: the canonical reference. */
export function pullFinalLine(ref: NamedReference): string {
  return referenceString(ref);
}

/** Plans the pull of an already resolved reference into `store`. */
export function planPull(store: ImageStore, resolved: Resolved, timing: PullTiming = {}): PullPlan {
  const bandwidth = timing.bandwidth ?? 12_000;
  const extractRate = timing.extractRate ?? 80_000;
  const latency = timing.latencyMs ?? 400;
  const concurrency = timing.concurrency ?? 3;
  const ref = resolved.ref;
  const containerd = store.kind === 'containerd';
  const lines: PullLine[] = [];
  const push = (at: number, text: string) => lines.push({ at: Math.round(at), text });
  const tagOrDigest = ref.digest !== undefined ? (containerd ? referenceString(ref) : ref.digest) : (ref.tag ?? 'latest');
  push(latency / 2, `${tagOrDigest}: Pulling from ${ref.path}`);

  const image = resolved.image;
  const id = store.idOf(image);
  const existing = store.images().find((s) => s.id === id);
  const pointsHere = existing !== undefined && store.references(existing.id).some((r) => referenceString(r) === referenceString(ref));
  let t = latency;
  if (!existing) {
    const chain = chainIDs(image.layers.map((l) => l.diffID));
    const layers = image.layers.map((l, i) => ({
      layer: l,
      shortId: truncateID(l.blob?.digest ?? l.diffID),
      present: store.hasLayer(chain[i]!),
      downloaded: 0,
      extracted: 0,
    }));
    for (const l of layers) push(t, `${l.shortId}: ${l.present && !containerd ? 'Already exists' : 'Pulling fs layer'}`);
    if (containerd) for (const l of layers) if (l.present) push(t + 1, `${l.shortId}: Already exists`);
    const toFetch = layers.filter((l) => !l.present);
    if (!containerd) toFetch.slice(concurrency).forEach((l) => push(t, `${l.shortId}: Waiting`));
    // downloads: `concurrency` slots, each layer taking its compressed size / bandwidth
    const slots = Array.from({ length: Math.min(concurrency, Math.max(1, toFetch.length)) }, () => t);
    for (const l of toFetch) {
      const slot = slots.indexOf(Math.min(...slots));
      const start = slots[slot]!;
      const end = start + 50 + (l.layer.blob?.size ?? l.layer.size) / bandwidth;
      slots[slot] = end;
      l.downloaded = end;
    }
    for (const l of [...toFetch].sort((a, b) => a.downloaded - b.downloaded)) {
      if (!containerd) push(l.downloaded, `${l.shortId}: Verifying Checksum`);
      push(l.downloaded, `${l.shortId}: Download complete`);
    }
    // extraction: bottom to top, each after its download and the layer below
    let prev = t;
    for (const l of layers) {
      if (l.present) continue;
      const start = Math.max(prev, l.downloaded);
      l.extracted = start + 20 + l.layer.size / extractRate;
      prev = l.extracted;
      push(l.extracted, `${l.shortId}: Pull complete`);
    }
    t = prev;
  }
  const newer = !existing || !pointsHere;
  push(t + 1, `Digest: ${resolved.digest}`);
  push(t + 1, `Status: ${newer ? 'Downloaded newer image' : 'Image is up to date'} for ${familiarString(ref)}`);
  lines.sort((a, b) => a.at - b.at);
  return { ref, lines, durationMs: t + 1, newer };
}

/**
 * Registers a pulled image: content, the tag (or digest) pulled, and for the
 * overlay2 store the digest reference (`busybox@sha256:…`) Docker records on pull.
 * A tag that pointed at another image moves (that image may become `<none>`).
 */
export function commitPull(store: ImageStore, resolved: Resolved): StoredImage {
  const stored = store.add(resolved.image);
  const ref = resolved.ref;
  if (ref.digest === undefined) store.setReference(tagNameOnly(ref), stored.id, { touch: false });
  if (store.kind === 'overlay2' || ref.digest !== undefined) {
    store.setReference({ kind: 'named', domain: ref.domain, path: ref.path, digest: resolved.digest }, stored.id, { touch: false });
  }
  return stored;
}
