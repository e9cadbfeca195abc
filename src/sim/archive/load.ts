/**
 * `docker load`: reads an archive written by `docker save` — the Engine 20.10
 * layout (manifest.json + <v1id>/layer.tar), the OCI layout of current Docker
 * (manifest.json + blobs/sha256/…, or index.json alone) and, as 20.10 does without
 * a manifest.json, the pre-1.10 legacy layout (<id>/json + repositories) — and
 * returns the images (config bytes, unpacked layers with whiteouts, tags) and the
 * lines Docker prints. It follows image/tarexport/load.go: the archive is first
 * unpacked into a scratch directory (chroot rules; names are looked up there with
 * symlinks followed in scope), every layer is unpacked with the layer rules and its
 * digest must match the config's diffID. On any error nothing is returned (the
 * real daemon may keep layers it registered before the error; the simulator keeps
 * none), and the message is the daemon's, with its scratch path under /var/lib/docker.
 */
import { digestText } from './digest.ts';
import { ArchiveError } from './errors.ts';
import { readLayerTar, storeLayer, type ReadLayerOptions } from './import.ts';
import type { Image, ImageConfigFile } from '../images/types.ts';
import { LayerBuilder } from './layer.ts';
import { utf8Decoder } from './paths.ts';
import { limitsOf, openArchive, wrapReadError } from './safety.ts';
import { readTar } from './tarRead.ts';
import type { LayerTar } from './types.ts';
import { configFromV1 } from './v1.ts';
import { familiarString, isReferenceFormatError, parseNormalizedNamed, withTag } from '../images/reference.ts';

export interface LoadOptions extends ReadLayerOptions {
  version?: '20.10' | '29';
  /** The daemon's scratch directory in error texts (os.MkdirTemp("", "docker-import-")). */
  tmpDir?: string;
  /** The image ID a familiar tag points at now, if any (for "The image … already exists, renaming …"). */
  currentId?: (ref: string) => string | undefined;
}

export interface LoadedImage {
  /** `sha256:` of configJSON: the image ID in the graphdriver store. */
  id: string;
  configJSON: string;
  /** Bottom first, each unpacked and verified against the config's diffID. */
  layers: LayerTar[];
  /** Familiar references ("busybox:latest"). */
  repoTags: string[];
  /** ID of the parent image when the archive links one (20.10 `Parent`). */
  parent?: string;
  /** OCI layouts: the manifest the image came with (a containerd image's ID is its digest). */
  manifestJSON?: string;
}

export interface LoadResult {
  images: LoadedImage[];
  /** What `docker load` prints (non-TTY), one line each, without newlines. */
  lines: string[];
}

export const DEFAULT_TMP = '/var/lib/docker/tmp/docker-import-1792641113';

const fail = (msg: string): ArchiveError => new ArchiveError('manifest', msg);

/** Go's encoding/json error texts for the usual ways a JSON file is wrong. */
function parseJson(text: string, goType: string, decoder: boolean): unknown {
  const t = text.trim();
  if (t === '') throw fail(decoder ? 'EOF' : 'unexpected end of JSON input');
  const c = t[0]!;
  if (!'[{"tfn-0123456789'.includes(c)) throw fail(`invalid character '${c}' looking for beginning of value`);
  try {
    return JSON.parse(t);
  } catch {
    // A decoder reads the first value; anything after it is not its business.
    if (decoder) {
      for (let end = t.length - 1; end > 0; end--) {
        if (t[end] !== ']' && t[end] !== '}') continue;
        try {
          return JSON.parse(t.slice(0, end + 1));
        } catch {
          /* keep looking */
        }
      }
    }
    throw fail(decoder ? 'unexpected EOF' : `invalid JSON in ${goType}`);
  }
}

interface ManifestItem {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
  Parent?: string;
}

function asManifest(v: unknown): ManifestItem[] {
  if (!Array.isArray(v)) throw fail(`json: cannot unmarshal ${typeWord(v)} into Go value of type []tarexport.manifestItem`);
  return v.map((m) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw fail(`json: cannot unmarshal ${typeWord(m)} into Go value of type tarexport.manifestItem`);
    const o = m as Record<string, unknown>;
    const strs = (x: unknown, field: string): string[] => {
      if (x === null || x === undefined) return [];
      if (!Array.isArray(x) || !x.every((s) => typeof s === 'string')) throw fail(`json: cannot unmarshal ${typeWord(x)} into Go struct field manifestItem.${field} of type []string`);
      return x as string[];
    };
    return { Config: typeof o.Config === 'string' ? o.Config : '', RepoTags: strs(o.RepoTags, 'RepoTags'), Layers: strs(o.Layers, 'Layers'), ...(typeof o.Parent === 'string' && o.Parent ? { Parent: o.Parent } : {}) };
  });
}

function typeWord(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool';
}

function checkOS(os: unknown): void {
  if (os === undefined || os === '' || os === 'linux') return;
  if (os === 'windows') throw fail('cannot load windows image on linux');
  throw fail(`${String(os)}: unsupported platform`);
}

export async function loadImages(input: Uint8Array, opts: LoadOptions = {}): Promise<LoadResult> {
  const version = opts.version ?? '20.10';
  const limits = limitsOf(opts.limits);
  const tmp = (opts.tmpDir ?? DEFAULT_TMP).replace(/\/+$/, '');
  const layerOpts: ReadLayerOptions = { ...opts, limits };
  const outer = await openArchive(input, limits);
  // chrootarchive.Untar into the scratch dir: plain untar (later entries win, `.wh.` names are files).
  const tree = new LayerBuilder({ nowMs: opts.nowMs ?? 0, duplicates: 'replace', whiteouts: false, maxPathBytes: limits.maxPathBytes });
  try {
    for (const e of readTar(outer, limits)) tree.add(e);
  } catch (e) {
    throw wrapReadError(e);
  }
  const notFound = (p: string): ArchiveError => fail(`open ${tmp}/${p.replace(/^\/+/, '')}: no such file or directory`);
  const read = (p: string): Uint8Array => {
    const clean = p.split('/').filter((x) => x !== '' && x !== '.').join('/');
    const b = tree.readFile(clean);
    if (!b) throw notFound(clean);
    return b;
  };
  const cache = new Map<string, LayerTar>();
  const layerAt = async (path: string): Promise<LayerTar> => {
    const bytes = read(path);
    const l = await readLayerTar(bytes, layerOpts);
    const cached = cache.get(l.diffID);
    if (cached) return cached;
    cache.set(l.diffID, l);
    return l;
  };
  const manifestBytes = tree.readFile('manifest.json');
  if (manifestBytes) return loadFromManifest(asManifest(parseJson(utf8Decoder.decode(manifestBytes), 'manifest', true)), read, layerAt, version, opts);
  if (version === '29' && tree.readFile('index.json')) return loadFromIndex(read, layerAt, opts);
  return legacyLoad(tree, read, layerAt, notFound, version, opts);
}

type Reader = (p: string) => Uint8Array;
type LayerReader = (p: string) => Promise<LayerTar>;

function tagRef(repoTag: string, version: '20.10' | '29'): string {
  let named;
  try {
    named = parseNormalizedNamed(repoTag, version);
  } catch (e) {
    if (isReferenceFormatError(e)) throw fail((e as Error).message);
    throw e;
  }
  if (named.tag === undefined || named.digest !== undefined) throw fail(`invalid tag ${JSON.stringify(repoTag)}`);
  return familiarString(named);
}

async function imageFrom(configBytes: Uint8Array, layerPaths: readonly string[], layerAt: LayerReader): Promise<{ configJSON: string; layers: LayerTar[] }> {
  const configJSON = utf8Decoder.decode(configBytes);
  const img = parseJson(configJSON, 'image.Image', false) as Record<string, unknown>;
  if (typeof img !== 'object' || img === null || Array.isArray(img)) throw fail(`json: cannot unmarshal ${typeWord(img)} into Go value of type image.Image`);
  const rootfs = img.rootfs as { diff_ids?: unknown } | undefined;
  if (!rootfs || typeof rootfs !== 'object') throw fail('invalid image JSON, no RootFS key');
  checkOS(img.os);
  const diffIDs = Array.isArray(rootfs.diff_ids) ? (rootfs.diff_ids as unknown[]).map(String) : [];
  if (layerPaths.length !== diffIDs.length) throw fail(`invalid manifest, layers length mismatch: expected ${layerPaths.length}, got ${diffIDs.length}`);
  const layers: LayerTar[] = [];
  for (let i = 0; i < diffIDs.length; i++) {
    const l = await layerAt(layerPaths[i]!);
    if (l.diffID !== diffIDs[i]) throw fail(`invalid diffID for layer ${i}: expected ${JSON.stringify(diffIDs[i])}, got ${JSON.stringify(l.diffID)}`);
    layers.push(l);
  }
  return { configJSON, layers };
}

async function loadFromManifest(manifest: ManifestItem[], read: Reader, layerAt: LayerReader, version: '20.10' | '29', opts: LoadOptions): Promise<LoadResult> {
  const images: LoadedImage[] = [];
  const lines: string[] = [];
  const idLines: string[] = [];
  let refCount = 0;
  for (const m of manifest) {
    const { configJSON, layers } = await imageFrom(read(m.Config), m.Layers, layerAt);
    const id = digestText(configJSON);
    idLines.push(`Loaded image ID: ${id}`);
    refCount = 0;
    const repoTags: string[] = [];
    for (const t of m.RepoTags ?? []) {
      const ref = tagRef(t, version);
      const prev = opts.currentId?.(ref);
      if (prev !== undefined && prev !== id) lines.push(`The image ${ref} already exists, renaming the old one with ID ${prev} to empty string`);
      lines.push(`Loaded image: ${ref}`);
      repoTags.push(ref);
      refCount++;
    }
    const img: LoadedImage = { id, configJSON, layers, repoTags };
    if (m.Parent) img.parent = m.Parent;
    images.push(img);
  }
  // validatedParentLinks: keep a parent only if it was loaded from this archive too.
  for (const img of images) if (img.parent && !images.some((o) => o !== img && o.id === img.parent)) delete img.parent;
  if (refCount === 0) lines.push(...idLines);
  return { images, lines };
}

/** An OCI layout without manifest.json (current Docker reads index.json). */
async function loadFromIndex(read: Reader, layerAt: LayerReader, opts: LoadOptions): Promise<LoadResult> {
  const blob = (digest: string): Uint8Array => read(`blobs/${digest.replace(':', '/')}`);
  const index = parseJson(utf8Decoder.decode(read('index.json')), 'ocispec.Index', false) as { manifests?: Array<{ digest: string; annotations?: Record<string, string> }> };
  const images: LoadedImage[] = [];
  const lines: string[] = [];
  const byDigest = new Map<string, LoadedImage>();
  for (const d of index.manifests ?? []) {
    let img = byDigest.get(d.digest);
    if (!img) {
      const manifestJSON = utf8Decoder.decode(blob(d.digest));
      const mf = parseJson(manifestJSON, 'ocispec.Manifest', false) as { config?: { digest: string }; layers?: Array<{ digest: string }> };
      if (!mf.config) throw fail(`${d.digest}: not an image manifest`);
      const { configJSON, layers } = await imageFrom(blob(mf.config.digest), (mf.layers ?? []).map((l) => `blobs/${l.digest.replace(':', '/')}`), layerAt);
      img = { id: digestText(configJSON), configJSON, layers, repoTags: [], manifestJSON };
      byDigest.set(d.digest, img);
      images.push(img);
    }
    const name = d.annotations?.['io.containerd.image.name'] ?? d.annotations?.['org.opencontainers.image.ref.name'];
    if (name) {
      const ref = tagRef(name.includes(':') || name.includes('@') ? name : `${name}:latest`, '29');
      const prev = opts.currentId?.(ref);
      void prev;
      img.repoTags.push(ref);
      lines.push(`Loaded image: ${ref}`);
    } else lines.push(`Loaded image ID: sha256:${d.digest.slice(7)}`);
  }
  return { images, lines };
}

/** legacyLoad: every top directory is a v1 image (<id>/json, <id>/layer.tar), tags in `repositories`. */
async function legacyLoad(
  tree: LayerBuilder,
  read: Reader,
  layerAt: LayerReader,
  notFound: (p: string) => ArchiveError,
  version: '20.10' | '29',
  opts: LoadOptions,
): Promise<LoadResult> {
  const loaded = new Map<string, { id: string; configJSON: string; layers: LayerTar[]; history: Array<Record<string, never>> }>();
  const images: LoadedImage[] = [];
  const loadOne = async (oldID: string, depth: number): Promise<void> => {
    if (loaded.has(oldID)) return;
    if (depth > 256) throw fail(`invalid parent chain for ${oldID}`);
    const jsonText = utf8Decoder.decode(read(`${oldID}/json`));
    const v = parseJson(jsonText, 'struct', false) as { os?: unknown; parent?: unknown };
    checkOS(v.os);
    let layers: LayerTar[] = [];
    let history: Array<Record<string, never>> = [];
    let parentId: string | undefined;
    if (typeof v.parent === 'string' && v.parent) {
      await loadOne(v.parent, depth + 1);
      const p = loaded.get(v.parent)!;
      layers = [...p.layers];
      history = [...p.history];
      parentId = p.id;
    }
    const layer = await layerAt(`${oldID}/layer.tar`);
    layers.push(layer);
    const { config, history: h } = configFromV1(jsonText, layers.map((l) => l.diffID), history);
    const id = digestText(config);
    loaded.set(oldID, { id, configJSON: config, layers, history: h as Array<Record<string, never>> });
    const img: LoadedImage = { id, configJSON: config, layers, repoTags: [] };
    if (parentId) img.parent = parentId;
    images.push(img);
  };
  for (const dir of tree.topDirs()) await loadOne(dir, 0);
  const reposBytes = tree.readFile('repositories');
  if (!reposBytes) throw notFound('repositories');
  const repos = parseJson(utf8Decoder.decode(reposBytes), 'map', true) as Record<string, Record<string, string>>;
  const lines: string[] = [];
  for (const [name, tags] of Object.entries(repos ?? {})) {
    for (const [tag, oldID] of Object.entries(tags ?? {})) {
      const l = loaded.get(oldID);
      if (!l) throw fail(`invalid target ID: ${oldID}`);
      let ref: string;
      try {
        ref = familiarString(withTag(parseNormalizedNamed(name, version), tag));
      } catch (e) {
        if (isReferenceFormatError(e)) throw fail((e as Error).message);
        throw e;
      }
      const prev = opts.currentId?.(ref);
      if (prev !== undefined && prev !== l.id) lines.push(`The image ${ref} already exists, renaming the old one with ID ${prev} to empty string`);
      images.find((i) => i.id === l.id)!.repoTags.push(ref);
    }
  }
  return { images, lines };
}

/** The store's Image for a loaded image: the exact config bytes (so the ID stays), tar-backed layers. */
export function loadedToImage(li: LoadedImage): Image {
  return {
    config: JSON.parse(li.configJSON) as ImageConfigFile,
    configJSON: li.configJSON,
    configDigest: li.id,
    layers: li.layers.map(storeLayer),
  };
}

export { ArchiveError };
