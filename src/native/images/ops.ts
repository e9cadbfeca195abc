/**
 * `docker import`, `commit`, `save` and `load` on the native store: the simulator's
 * image service (src/sim/engine/images.ts SimImages) step for step, with real
 * files and the wall clock. Same configs (src/sim/archive import/commit config
 * building, Go-exact JSON), same archives (the simulator's save writer and load
 * reader), same errors: EngineError 400 for a bad reference or `--change`,
 * EngineError 'system' with the daemon's text for a bad archive.
 */
import { EngineError, invalidParameter } from '../../sim/errors.ts';
import { ArchiveError } from '../../sim/archive/errors.ts';
import { applyChanges, importBaseConfig } from '../../sim/archive/change.ts';
import { importImageConfig } from '../../sim/archive/import.ts';
import { loadImages } from '../../sim/archive/load.ts';
import { saveDockerArchive, saveOciArchive, type SaveImage } from '../../sim/archive/save.ts';
import { chainIDs, makeConfig, serializeConfigFile } from '../../sim/images/config.ts';
import { goTime } from '../../sim/images/gojson.ts';
import { familiarString, isReferenceFormatError, parseNormalizedNamed, tagNameOnly } from '../../sim/images/reference.ts';
import type { HistoryEntry } from '../../sim/images/types.ts';
import type { CommitRequest } from '../../sim/engine/images.ts';
import { commitLayer } from './commit.ts';
import type { ContainerDirs } from './container.ts';
import type { NativeImageStore } from './store.ts';

export type { CommitRequest };

let last = { ms: -1, nanos: -1 };

/** A creation time with nanoseconds (Go keeps them); strictly increasing within the process. */
export function createdStamp(nowMs: number): { ms: number; nanos: number; created: string } {
  let ms = Math.floor(nowMs);
  let nanos = Number(process.hrtime.bigint() % 1_000_000n);
  if (ms < last.ms || (ms === last.ms && nanos <= last.nanos)) {
    ms = last.ms;
    nanos = last.nanos + 1;
    if (nanos >= 1_000_000) {
      ms += 1;
      nanos = 0;
    }
  }
  last = { ms, nanos };
  return { ms, nanos, created: goTime(ms, nanos) };
}

function archiveError(e: unknown): never {
  if (e instanceof ArchiveError) throw new EngineError('system', e.message);
  throw e;
}

export interface ImportOptions {
  /** `docker import SOURCE`: "-", a file name or a URL (the history comment). */
  source: string;
  reference?: string;
  message?: string;
  changes?: readonly string[];
}

/** `docker import`: a rootfs tar (plain or gzip) becomes a one-layer image. Returns its ID. */
export async function importTar(store: NativeImageStore, bytes: Uint8Array, o: ImportOptions): Promise<string> {
  const named = o.reference ? store.parseTagged(o.reference) : undefined;
  // --change is checked before the archive is read, as the daemon does.
  try {
    applyChanges(importBaseConfig(), o.changes ?? [], '20.10');
  } catch (e) {
    if (e instanceof ArchiveError) throw invalidParameter(e.message);
    throw e;
  }
  let rec;
  try {
    rec = await store.storeLayerTar(bytes, null);
  } catch (e) {
    archiveError(e);
  }
  try {
    const t = createdStamp(store.now());
    const config = importImageConfig({
      source: o.source,
      ...(o.message ? { message: o.message } : {}),
      changes: o.changes ?? [],
      createdMs: t.ms,
      extraNanos: t.nanos,
      diffID: rec.diffID,
      dockerVersion: store.dockerVersion,
      version: '20.10',
    });
    const stored = store.addImage(serializeConfigFile(config));
    if (named) store.setReference(named, stored.id);
    return stored.id;
  } finally {
    store.unpin(rec.chainID);
  }
}

export interface CommitOptions extends CommitRequest {
  /** Directories whose contents stay out of the layer (volume mount points). */
  exclude?: readonly string[];
}

/**
 * `docker commit`: the image + one layer made from the container's upper directory
 * (none when nothing changed: an empty_layer history entry), with the config given.
 */
export async function commit(store: NativeImageStore, dirs: ContainerDirs, o: CommitOptions): Promise<string> {
  const parent = store.images.get(o.imageId);
  const named = o.reference ? store.parseTagged(o.reference) : undefined;
  const committed = dirs.upper !== undefined ? commitLayer(dirs.upper, o.exclude ? { exclude: o.exclude } : {}) : undefined;
  const empty = !committed || committed.empty;
  const pc = parent.image.config;
  const diffIDs = parent.image.layers.map((l) => l.diffID);
  let pinned: string | undefined;
  if (!empty) {
    const chain = chainIDs(diffIDs);
    let rec;
    try {
      rec = await store.storeLayerTar(committed.tar, chain[chain.length - 1] ?? null);
    } catch (e) {
      archiveError(e);
    }
    pinned = rec.chainID;
    diffIDs.push(rec.diffID);
  }
  try {
    const { created } = createdStamp(store.now());
    const author = o.author || pc.author || '';
    const history: HistoryEntry = {
      created,
      ...(author ? { author } : {}),
      created_by: o.createdBy,
      ...(o.comment ? { comment: o.comment } : {}),
      ...(empty ? { empty_layer: true } : {}),
    };
    const configJSON = serializeConfigFile({
      architecture: pc.architecture,
      os: pc.os,
      created,
      ...(author ? { author } : {}),
      ...(o.comment ? { comment: o.comment } : {}),
      container: o.containerId,
      container_config: makeConfig(o.containerConfig),
      docker_version: store.dockerVersion,
      config: makeConfig(o.config),
      parent: parent.id,
      rootfs: { type: 'layers', diff_ids: diffIDs },
      history: [...pc.history, history],
    });
    const stored = store.addImage(configJSON, { parent: parent.id });
    if (named) store.setReference(named, stored.id);
    return stored.id;
  } finally {
    if (pinned) store.unpin(pinned);
  }
}

export interface SaveOptions {
  /** Save time, ms (mtime of symlinked layer entries); default: now. */
  nowMs?: number;
  /** '20.10' (default): Engine 20.10's layout; 'oci': current Docker's OCI layout. */
  format?: '20.10' | 'oci';
}

/** `docker save REF…`: the simulator's archive writer over the stored configs and layer tars. */
export async function save(store: NativeImageStore, refs: readonly string[], o: SaveOptions = {}): Promise<Uint8Array> {
  const chosen = refs.map((ref) => {
    const s = store.images.get(ref);
    let tags = store.images.repoTags(s.id);
    try {
      tags = [familiarString(tagNameOnly(parseNormalizedNamed(ref, '20.10')))];
    } catch {
      /* saved by ID: every tag of the image */
    }
    if (/^(sha256:)?[0-9a-f]+$/.test(ref) && !tags.includes(ref)) tags = [];
    const chain = chainIDs(s.image.layers.map((l) => l.diffID));
    const img: SaveImage = {
      configJSON: s.image.configJSON,
      repoTags: tags,
      layers: chain.map((c, i) => ({ diffID: s.image.layers[i]!.diffID, tar: () => store.layerTar(c) })),
    };
    if (s.parent) img.parent = s.parent;
    return img;
  });
  const nowMs = o.nowMs ?? store.now();
  const r = o.format === 'oci' ? await saveOciArchive(chosen, { nowMs, store: 'overlay2' }) : await saveDockerArchive(chosen, { nowMs });
  return r.tar;
}

/** `docker load`: every image and tag of a save archive (either layout). Returns the lines Docker prints. */
export async function load(store: NativeImageStore, bytes: Uint8Array): Promise<string[]> {
  const currentId = (ref: string): string | undefined => {
    try {
      return store.images.find(ref)?.id;
    } catch (e) {
      if (isReferenceFormatError(e) || e instanceof EngineError) return undefined;
      throw e;
    }
  };
  let r;
  try {
    r = await loadImages(bytes, { version: '20.10', currentId, limits: store.limits, nowMs: store.now(), identifyExe: false });
  } catch (e) {
    archiveError(e);
  }
  const pins: string[] = [];
  try {
    for (const li of r.images) {
      let parent: string | null = null;
      for (const l of li.layers) {
        const rec = store.storeUnpacked(l, parent);
        pins.push(rec.chainID);
        parent = rec.chainID;
      }
      const stored = store.addImage(li.configJSON, li.parent ? { parent: li.parent } : {});
      // tarexport's setLoadedTag only adds the reference: LastTagTime stays unset
      for (const tag of li.repoTags) store.setReference(tagNameOnly(parseNormalizedNamed(tag, '20.10')), stored.id, { touch: false });
    }
  } finally {
    for (const c of pins) store.unpin(c);
  }
  return r.lines;
}
