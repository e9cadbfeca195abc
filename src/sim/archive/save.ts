/**
 * `docker save`, in the two layouts Docker writes:
 *  - Engine 20.10 (image/tarexport/save.go): `<v1id>/{VERSION,json,layer.tar}` per
 *    layer (a layer already written is a symlink `../<v1id>/layer.tar`),
 *    `<config hex>.json`, `manifest.json`, `repositories`; the whole temp dir written
 *    with archive.Tar (walk order, 20.10 headers, root/root). mtimes: a fresh layer
 *    directory and its files get the image's creation time, a symlinked one the
 *    save time, the config its image's creation time, manifest.json and
 *    repositories the epoch.
 *  - current Docker with the containerd store (containerd archive.Export): an OCI
 *    image layout, `blobs/sha256/<hex>` (manifest, config, layers), `index.json`
 *    with one entry per name, `oci-layout`, `manifest.json`, entries sorted by
 *    name, mode 0444/0644, mtime 0, no `repositories` (the graphdriver store adds it).
 */
import { digestBytes, digestText } from './digest.ts';
import { gzip } from './gzip.ts';
import { byteCompare, utf8, walkCompare } from './paths.ts';
import { TarWriter, concat, type TarHeader } from './tar.ts';
import { v1Layers } from './v1.ts';
import { layerTar, type LayerTarOptions } from './layerTar.ts';
import type { TarBackedLayer } from './import.ts';
import type { Image } from '../images/types.ts';
import { goJson, parseGoTime } from '../images/gojson.ts';
import { MEDIA_TYPES } from '../images/config.ts';
import { familiarString, parseNormalizedNamed, referenceString, tagNameOnly } from '../images/reference.ts';

export interface SaveLayer {
  /** `sha256:<hex>` as the image config lists it. */
  diffID: string;
  /** The uncompressed layer tar (made on demand; see layerTar.ts for simulator-made layers). */
  tar(): Uint8Array;
  /** OCI layout: the blob the store keeps (e.g. gzip) and its media type; default: the uncompressed tar. */
  blob?: { mediaType: string; bytes(): Uint8Array | Promise<Uint8Array> };
}

export interface SaveImage {
  /** The exact config JSON (its sha256 is the 20.10 image ID). */
  configJSON: string;
  /** Familiar references to record ("busybox:latest"); none for an image saved by ID. */
  repoTags: readonly string[];
  layers: readonly SaveLayer[];
  /** Image ID of the parent (20.10 writes `Parent` when the parent is in the same archive). */
  parent?: string;
  /** OCI layout: the manifest JSON the store holds (its digest is a containerd image's ID). */
  manifestJSON?: string;
}

/**
 * The SaveImage of a store Image: layers that came from a tar (import, load) are
 * written back as they were; others (catalog, commit) are made from their files.
 */
export function saveImageOf(img: Image, repoTags: readonly string[], parent?: string, tarOpts?: LayerTarOptions): SaveImage {
  const s: SaveImage = {
    configJSON: img.configJSON,
    repoTags,
    layers: img.layers.map((l) => ({ diffID: l.diffID, tar: () => (l as TarBackedLayer).tar ?? layerTar(l.files(), tarOpts) })),
  };
  if (parent) s.parent = parent;
  return s;
}

export interface SaveOptions {
  /** Save time, ms (mtime of what Docker does not backdate). */
  nowMs: number;
  /**
   * A layer whose tar does not hash to its diffID (the registry images of the
   * simulator's catalog carry placeholder diffIDs) gets its real diffID written
   * into the config, so that a real Docker can load the archive; the image then
   * has a new ID (see `ids`). The preloaded busybox, committed, imported and
   * loaded images have real diffIDs: their config is written verbatim and keeps its ID.
   */
  fixDiffIDs?: boolean;
}

export interface SaveResult {
  tar: Uint8Array;
  /** Image ID given -> image ID written (differs only when diffIDs were fixed). */
  ids: Map<string, string>;
}

interface Prepared {
  img: SaveImage;
  configJSON: string;
  id: string;
  diffIDs: string[];
  tars: Uint8Array[];
}

async function prepare(images: readonly SaveImage[], fix: boolean): Promise<Prepared[]> {
  const out: Prepared[] = [];
  for (const img of images) {
    let configJSON = img.configJSON;
    const tars = img.layers.map((l) => l.tar());
    const diffIDs: string[] = [];
    for (let i = 0; i < tars.length; i++) {
      const declared = img.layers[i]!.diffID;
      const real = fix ? await digestBytes(tars[i]!) : declared;
      if (real !== declared) configJSON = configJSON.split(JSON.stringify(declared)).join(JSON.stringify(real));
      diffIDs.push(real);
    }
    out.push({ img, configJSON, id: digestText(configJSON), diffIDs, tars });
  }
  return out;
}

/** "busybox:latest" -> ["busybox", "latest"]; "localhost:5000/x:1" -> ["localhost:5000/x", "1"]. */
function splitTag(ref: string): [string, string] {
  const r = tagNameOnly(parseNormalizedNamed(ref, '20.10'));
  const full = familiarString(r);
  const i = full.lastIndexOf(':');
  return [full.slice(0, i), full.slice(i + 1)];
}

interface FileRec {
  h: TarHeader;
  data?: Uint8Array;
}

function secondsOf(created: string): number {
  const ms = parseGoTime(created);
  return Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
}

/** `docker save` of Engine 20.10. */
export async function saveDockerArchive(images: readonly SaveImage[], opts: SaveOptions): Promise<SaveResult> {
  const prepared = await prepare(images, opts.fixDiffIDs ?? true);
  const now = Math.floor(opts.nowMs / 1000);
  const files = new Map<string, FileRec>();
  const file = (name: string, data: Uint8Array, mtime: number): void => {
    files.set(name, { h: { name, type: 'file', mode: 0o644, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime, size: data.length }, data });
  };
  const saved = new Set<string>();
  const diffPaths = new Map<string, string>();
  const repos = new Map<string, Map<string, string>>();
  const manifest: Array<{ Config: string; RepoTags: string[] | null; Layers: string[]; Parent?: string }> = [];
  for (const p of prepared) {
    const created = secondsOf(String((JSON.parse(p.configJSON) as { created?: unknown }).created ?? ''));
    const v1 = v1Layers(p.configJSON);
    for (let i = 0; i < v1.length; i++) {
      const { id, json } = v1[i]!;
      if (saved.has(id)) continue;
      saved.add(id);
      const prev = diffPaths.get(p.diffIDs[i]!);
      const t = prev ? now : created;
      files.set(id + '/', { h: { name: id + '/', type: 'dir', mode: 0o755, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: t, size: 0 } });
      file(`${id}/VERSION`, utf8.encode('1.0'), t);
      file(`${id}/json`, utf8.encode(json), t);
      if (prev) {
        files.set(`${id}/layer.tar`, {
          h: { name: `${id}/layer.tar`, type: 'symlink', mode: 0o777, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: now, size: 0, linkname: `../${prev}` },
        });
      } else {
        file(`${id}/layer.tar`, p.tars[i]!, t);
        diffPaths.set(p.diffIDs[i]!, `${id}/layer.tar`);
      }
    }
    const hex = p.id.slice('sha256:'.length);
    file(`${hex}.json`, utf8.encode(p.configJSON), created);
    const tags: string[] = [];
    for (const ref of p.img.repoTags) {
      const [name, tag] = splitTag(ref);
      if (!repos.has(name)) repos.set(name, new Map());
      repos.get(name)!.set(tag, v1[v1.length - 1]?.id ?? '');
      tags.push(`${name}:${tag}`);
    }
    manifest.push({ Config: `${hex}.json`, RepoTags: tags.length ? tags : null, Layers: v1.map((l) => `${l.id}/layer.tar`) });
  }
  // validatedParentLinks: a parent is recorded only when it is in the same archive.
  prepared.forEach((p, i) => {
    const q = p.img.parent ? prepared.find((x) => x !== p && digestText(x.img.configJSON) === p.img.parent) : undefined;
    if (q) manifest[i]!.Parent = q.id;
  });
  if (repos.size) {
    const obj: Record<string, Record<string, string>> = {};
    for (const name of [...repos.keys()].sort(byteCompare)) {
      const tags = repos.get(name)!;
      obj[name] = Object.fromEntries([...tags.keys()].sort(byteCompare).map((t) => [t, tags.get(t)!]));
    }
    file('repositories', utf8.encode(goJson(obj) + '\n'), 0);
  }
  file('manifest.json', utf8.encode(goJson(manifest as never) + '\n'), 0);
  const w = new TarWriter({ typeBits: true });
  for (const name of [...files.keys()].sort((a, b) => walkCompare(a.replace(/\/$/, ''), b.replace(/\/$/, '')))) {
    const f = files.get(name)!;
    w.add(f.h, f.data);
  }
  return { tar: concat(w.finishChunks()), ids: new Map(prepared.map((p) => [digestText(p.img.configJSON), p.id])) };
}

export interface OciSaveOptions extends SaveOptions {
  /** 'containerd' (v29 default): no `repositories`; 'overlay2' (graphdriver, Engine ≥ 25): with it. */
  store?: 'containerd' | 'overlay2';
  /** Write layers as gzip blobs (what the containerd store keeps for imported/committed layers) when they have no blob. */
  gzipLayers?: boolean;
}

interface Desc {
  mediaType: string;
  digest: string;
  size: number;
}

const descJson = (d: Desc, annotations?: Record<string, string>) => ({ mediaType: d.mediaType, digest: d.digest, size: d.size, annotations });

/** `docker save` of current Docker: an OCI image layout. */
export async function saveOciArchive(images: readonly SaveImage[], opts: OciSaveOptions): Promise<SaveResult> {
  const prepared = await prepare(images, opts.fixDiffIDs ?? true);
  const blobs = new Map<string, Uint8Array>();
  const put = async (bytes: Uint8Array): Promise<string> => {
    const d = await digestBytes(bytes);
    blobs.set(d, bytes);
    return d;
  };
  const index: unknown[] = [];
  const manifestItems: Array<{ Config: string; RepoTags: string[] | null; Layers: string[] }> = [];
  const repos = new Map<string, Map<string, string>>();
  for (const p of prepared) {
    const cfg = utf8.encode(p.configJSON);
    const cfgDigest = await put(cfg);
    const layerDescs: Desc[] = [];
    for (let i = 0; i < p.tars.length; i++) {
      const l = p.img.layers[i]!;
      let bytes: Uint8Array;
      let mediaType: string;
      if (l.blob && p.diffIDs[i] === l.diffID) {
        bytes = await l.blob.bytes();
        mediaType = l.blob.mediaType;
      } else if (opts.gzipLayers) {
        bytes = await gzip(p.tars[i]!);
        mediaType = MEDIA_TYPES.ociLayerGzip;
      } else {
        bytes = p.tars[i]!;
        mediaType = 'application/vnd.oci.image.layer.v1.tar';
      }
      layerDescs.push({ mediaType, digest: await put(bytes), size: bytes.length });
    }
    const manifestJSON =
      p.img.manifestJSON && p.configJSON === p.img.configJSON
        ? p.img.manifestJSON
        : goJson({
            schemaVersion: 2,
            mediaType: MEDIA_TYPES.ociManifest,
            config: { mediaType: MEDIA_TYPES.ociConfig, digest: cfgDigest, size: cfg.length },
            layers: layerDescs.map((d) => descJson(d)),
          });
    const mBytes = utf8.encode(manifestJSON);
    const mDigest = await put(mBytes);
    const mDesc: Desc = { mediaType: MEDIA_TYPES.ociManifest, digest: mDigest, size: mBytes.length };
    const tags: string[] = [];
    if (p.img.repoTags.length === 0) index.push(descJson(mDesc));
    for (const ref of p.img.repoTags) {
      const named = tagNameOnly(parseNormalizedNamed(ref, '29'));
      index.push(descJson(mDesc, { 'io.containerd.image.name': referenceString(named), 'org.opencontainers.image.ref.name': named.tag ?? 'latest' }));
      tags.push(familiarString(named));
      const [name, tag] = splitTag(ref);
      if (!repos.has(name)) repos.set(name, new Map());
      repos.get(name)!.set(tag, mDigest.slice(7));
    }
    manifestItems.push({
      Config: `blobs/sha256/${cfgDigest.slice(7)}`,
      RepoTags: tags.length ? tags : null,
      Layers: layerDescs.map((d) => `blobs/sha256/${d.digest.slice(7)}`),
    });
  }
  const recs: FileRec[] = [];
  const rec = (name: string, mode: number, data?: Uint8Array): void => {
    recs.push({ h: { name, type: data ? 'file' : 'dir', mode, uid: 0, gid: 0, mtime: 0, size: data?.length ?? 0 }, data });
  };
  rec('oci-layout', 0o444, utf8.encode('{"imageLayoutVersion":"1.0.0"}'));
  rec('blobs/', 0o755);
  rec('blobs/sha256/', 0o755);
  for (const [d, bytes] of blobs) rec(`blobs/sha256/${d.slice(7)}`, 0o444, bytes);
  rec('index.json', 0o644, utf8.encode(goJson({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: index as never })));
  rec('manifest.json', 0o644, utf8.encode(goJson(manifestItems as never)));
  if ((opts.store ?? 'containerd') === 'overlay2' && repos.size) {
    const obj: Record<string, Record<string, string>> = {};
    for (const name of [...repos.keys()].sort(byteCompare)) obj[name] = Object.fromEntries([...repos.get(name)!].sort((a, b) => byteCompare(a[0], b[0])));
    rec('repositories', 0o644, utf8.encode(goJson(obj) + '\n'));
  }
  recs.sort((a, b) => byteCompare(a.h.name, b.h.name));
  const w = new TarWriter({ typeBits: false });
  for (const r of recs) w.add(r.h, r.data);
  return { tar: concat(w.finishChunks()), ids: new Map(prepared.map((p) => [digestText(p.img.configJSON), p.id])) };
}
