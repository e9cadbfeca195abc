/**
 * The Docker Hub images the lessons use, as data. Each repository's data lives in
 * its own module under ./data and is loaded on first use (dynamic import, so the
 * browser bundle splits per image family); the index below (names and tags only)
 * is all that loads up front.
 *
 * A spec gives what `docker history` / `docker image inspect` of the real image
 * show (history with CREATED BY and empty_layer, config, created dates, layer
 * sizes that add up to the real image size) plus a small, real-looking file
 * listing per layer (tree.ts format). diffIDs and blob digests are deterministic
 * fakes derived from the layer key, so a layer shared by two images (same key) is
 * the same layer, as on Docker Hub (e.g. node:20's first layer is debian:bookworm's).
 */
import { outside } from '../outside.ts';
import { buildImage, fakeDigest, makeConfig, MEDIA_TYPES } from './config.ts';
import { parseTree, treeSize, type TreeSpec } from './tree.ts';
import type { HistoryEntry, Image, ImageConfig, ImageConfigFile, Layer, TreeEntry } from './types.ts';

export interface LayerSpec {
  /** Identity across images: the same key is the same layer. */
  key: string;
  /** The layer's size in bytes as Docker reports it. */
  size: number;
  /** Compressed blob size (default: 38% of size, at least 100 bytes more than nothing). */
  compressed?: number;
  /** File listing (tree.ts format); `~` lines absorb what the listing does not account for. */
  listing: string;
  contents?: Record<string, string>;
}

/** [created (RFC 3339), created_by, empty_layer?, comment?] */
export type HistorySpec = readonly [string, string, (0 | 1)?, string?];

export interface ImageSpec {
  /** Repository path on Docker Hub, e.g. "library/ubuntu". */
  repo: string;
  tags: readonly string[];
  created: string;
  config: Partial<ImageConfig>;
  history: readonly HistorySpec[];
  /** One per non-empty history entry, bottom first. */
  layers: readonly LayerSpec[];
  docker_version?: string;
  author?: string;
  /** Other platforms of the tag's index (fakes); amd64 is the one pulled. */
  platforms?: ReadonlyArray<{ os: string; architecture: string; variant?: string }>;
}

export const DEFAULT_PLATFORMS = [
  { os: 'linux', architecture: 'arm', variant: 'v7' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
] as const;

const layerCache = new Map<string, Layer>();

/** The Layer for a spec (one object per key, so equal keys share it). */
export function specLayer(spec: LayerSpec, mtimeMs?: number): Layer {
  const cached = layerCache.get(spec.key);
  if (cached) return cached;
  let files: TreeEntry[] | undefined;
  const tree: TreeSpec = { listing: spec.listing, size: spec.size };
  if (spec.contents) tree.contents = spec.contents;
  if (mtimeMs !== undefined) tree.mtimeMs = mtimeMs;
  const layer: Layer = {
    diffID: fakeDigest(`layer/${spec.key}/diff`),
    size: spec.size,
    blob: {
      mediaType: MEDIA_TYPES.ociLayerGzip,
      digest: fakeDigest(`layer/${spec.key}/blob`),
      size: spec.compressed ?? Math.max(100, Math.round(spec.size * 0.38)),
    },
    files() {
      files ??= parseTree(tree);
      return files;
    },
  };
  layerCache.set(spec.key, layer);
  return layer;
}

/** Builds the Image a spec describes (config, history, layers, manifest and index). */
export function imageFromSpec(spec: ImageSpec): Image {
  const history: HistoryEntry[] = spec.history.map(([created, createdBy, empty, comment]) => {
    const h: HistoryEntry = { created };
    if (createdBy) h.created_by = createdBy;
    if (comment) h.comment = comment;
    if (empty) h.empty_layer = true;
    return h;
  });
  const nonEmpty = history.filter((h) => !h.empty_layer).length;
  if (nonEmpty !== spec.layers.length) {
    throw new Error(`catalog ${spec.repo}: ${nonEmpty} layer-making history entries but ${spec.layers.length} layers`);
  }
  const layers = spec.layers.map((l) => specLayer(l, Date.parse(spec.created.replace(/(\.\d{3})\d+/, '$1'))));
  const config: ImageConfigFile = {
    architecture: 'amd64',
    os: 'linux',
    created: spec.created,
    config: makeConfig(spec.config),
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffID) },
    history,
  };
  if (spec.author) config.author = spec.author;
  if (spec.docker_version) config.docker_version = spec.docker_version;
  return buildImage(config, layers, { indexPlatforms: spec.platforms ?? DEFAULT_PLATFORMS, seed: `${spec.repo}:${spec.tags[0]}` });
}

/** The listed size of a spec's layer (without `~` filler), to check data against its declared size. */
export function listedSize(spec: LayerSpec): number {
  const withoutFill = spec.listing
    .split('\n')
    .filter((l) => !l.trim().startsWith('~'))
    .join('\n');
  const t: TreeSpec = { listing: withoutFill };
  if (spec.contents) t.contents = spec.contents;
  return treeSize(parseTree(t));
}

// ---- the index --------------------------------------------------------------------

type Loader = () => Promise<{ images: readonly ImageSpec[] }>;

interface RepoEntry {
  tags: readonly string[];
  load: Loader;
}

/** Docker Hub repositories the simulator knows, by path, with their tags. */
export const HUB_REPOSITORIES: Record<string, RepoEntry> = {
  'library/busybox': { tags: ['latest', '1.36', '1.36.1', 'stable'], load: () => import('./data/busybox.ts') },
  'library/hello-world': { tags: ['latest', 'linux'], load: () => import('./data/hello-world.ts') },
  'library/alpine': { tags: ['latest', '3', '3.19', '3.19.0', '3.18', '3.18.5'], load: () => import('./data/alpine.ts') },
  'library/ubuntu': {
    tags: ['latest', '22.04', 'jammy', '20.04', 'focal', '16.04', 'xenial', '14.10', 'utopic', '12.04', 'precise'],
    load: () => import('./data/ubuntu.ts'),
  },
  'library/debian': {
    tags: ['latest', 'bookworm', '12', '12.4', 'bookworm-slim', 'bullseye', '11', 'buster', '10'],
    load: () => import('./data/debian.ts'),
  },
  'library/centos': { tags: ['latest', '7', 'centos7', '7.9.2009', '6.6', 'centos6.6'], load: () => import('./data/centos.ts') },
  'library/nginx': {
    tags: ['latest', '1.25', '1.25.3', 'mainline', 'stable-alpine', '1.24-alpine', 'alpine'],
    load: () => import('./data/nginx.ts'),
  },
  'library/node': { tags: ['latest', '21', '20', 'lts', '20.10.0', 'iron'], load: () => import('./data/node.ts') },
  'library/registry': { tags: ['latest', '2', '2.8', '2.8.3'], load: () => import('./data/registry.ts') },
  'library/python': { tags: ['3-alpine', '3.12-alpine', 'alpine'], load: () => import('./data/python.ts') },
  'fhsinchy/hello-dock': { tags: ['latest'], load: () => import('./data/hello-dock.ts') },
  'fhsinchy/rmbyext': { tags: ['latest'], load: () => import('./data/rmbyext.ts') },
};

const specCache = new Map<string, readonly ImageSpec[]>();
const imageCache = new Map<string, Image>();

/** Loads a repository's specs (cached). Undefined for a repository the catalog does not have. */
export async function loadRepository(path: string): Promise<readonly ImageSpec[] | undefined> {
  const cached = specCache.get(path);
  if (cached) return cached;
  const entry = HUB_REPOSITORIES[path];
  if (!entry) return undefined;
  // a lazily loaded module arrives in real time, not simulated time
  const mod = await outside(entry.load());
  const specs = mod.images.filter((s) => s.repo === path);
  specCache.set(path, specs);
  return specs;
}

/** The spec of `path:tag`, if the catalog has it. */
export async function findSpec(path: string, tag: string): Promise<ImageSpec | undefined> {
  const specs = await loadRepository(path);
  return specs?.find((s) => s.tags.includes(tag));
}

/** The catalog image `path:tag` (built once and cached), or undefined. */
export async function catalogImage(path: string, tag: string): Promise<Image | undefined> {
  const spec = await findSpec(path, tag);
  if (!spec) return undefined;
  const key = `${spec.repo}:${spec.tags[0]}`;
  let img = imageCache.get(key);
  if (!img) {
    img = imageFromSpec(spec);
    imageCache.set(key, img);
  }
  return img;
}

/** Every spec of every repository (tests, preloading). */
export async function allSpecs(): Promise<ImageSpec[]> {
  const out: ImageSpec[] = [];
  for (const path of Object.keys(HUB_REPOSITORIES)) out.push(...((await loadRepository(path)) ?? []));
  return out;
}
