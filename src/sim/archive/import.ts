/**
 * `docker import`: a rootfs tarball (plain or gzip; from Docker, GNU tar, bsdtar:
 * ustar, pax, GNU long names) becomes one layer, unpacked with Docker's rules
 * (layer.ts) inside the limits (safety.ts). Plus the pieces of the image Docker
 * makes from it: the history comment and the config (with `--change`).
 */
import { applyChanges, importBaseConfig, type ChangeVersion } from './change.ts';
import { digestBytes } from './digest.ts';
import { ArchiveError } from './errors.ts';
import { identifyExe as defaultIdentify } from './exe.ts';
import { LayerBuilder, layerSize } from './layer.ts';
import { limitsOf, openArchive, wrapReadError, type ArchiveLimits } from './safety.ts';
import { readTar } from './tarRead.ts';
import type { LayerEntry, LayerTar } from './types.ts';
import { emptyConfig } from '../images/config.ts';
import { goJson, goTime } from '../images/gojson.ts';
import type { ImageConfigFile, Layer } from '../images/types.ts';

export interface ReadLayerOptions {
  limits?: Partial<ArchiveLimits>;
  /** When the layer is unpacked, ms since the epoch (mtime of parents the archive does not list). */
  nowMs?: number;
  /** Device nodes: kept (Docker as root; default), skipped (Docker in a user namespace), refused. */
  devices?: 'keep' | 'skip' | 'refuse';
  /** Tags executables with the simulated program they run (default: exe.ts identifyExe); false: never. */
  identifyExe?: ((data: Uint8Array, path: string) => string | undefined) | false;
}

/** Unpacks an uncompressed layer tar (synchronous). Throws ArchiveError as the daemon words it. */
export function unpackLayer(tar: Uint8Array, opts: ReadLayerOptions = {}): LayerEntry[] {
  const limits = limitsOf(opts.limits);
  try {
    const b = new LayerBuilder({ nowMs: opts.nowMs ?? 0, devices: opts.devices ?? 'keep', maxPathBytes: limits.maxPathBytes });
    for (const e of readTar(tar, limits)) b.add(e);
    const entries = b.finish();
    const identify = opts.identifyExe === false ? undefined : (opts.identifyExe ?? ((d: Uint8Array) => defaultIdentify(d)));
    if (identify) {
      for (const e of entries) {
        if (e.type !== 'file' || !e.data || !(e.mode & 0o111) || e.linkOf !== undefined) continue;
        const exe = identify(e.data, e.path);
        if (exe !== undefined) e.exe = exe;
      }
      // hard links share the tag of their first name
      const byPath = new Map(entries.map((e) => [e.path, e]));
      for (const e of entries) if (e.linkOf !== undefined && byPath.get(e.linkOf)?.exe) e.exe = byPath.get(e.linkOf)!.exe!;
    }
    return entries;
  } catch (e) {
    throw wrapReadError(e);
  }
}

/** Unpacks a (possibly gzip'd) layer or rootfs archive; the whole result or an ArchiveError. */
export async function readLayerTar(input: Uint8Array, opts: ReadLayerOptions = {}): Promise<LayerTar> {
  const limits = limitsOf(opts.limits);
  const tar = await openArchive(input, limits);
  const entries = unpackLayer(tar, { ...opts, limits });
  return { entries, diffID: await digestBytes(tar), size: layerSize(entries), tar };
}

/** `docker import` reads its input exactly like a layer. */
export const readRootfsTar = readLayerTar;

/**
 * The history comment: `-m` if given, else "Imported from <src>" where the CLI
 * sends files and stdin as "-" and URLs (http:// or https://) as given.
 */
export function importComment(source: string, message?: string): string {
  if (message) return message;
  const isURL = source.startsWith('http://') || source.startsWith('https://');
  return 'Imported from ' + (isURL ? source : '-');
}

export interface ImportConfigOptions {
  /** `docker import SOURCE`: "-", a file name or a URL. */
  source: string;
  message?: string;
  changes?: readonly string[];
  /** ms since the epoch; `extraNanos` adds the sub-millisecond digits Go keeps. */
  createdMs: number;
  extraNanos?: number;
  diffID: string;
  /** 20.10: "20.10.24+dfsg1". */
  dockerVersion: string;
  version?: ChangeVersion;
  architecture?: string;
  os?: string;
}

/**
 * The image config `docker import` writes on Engine 20.10 (daemon/images/image_import.go):
 * config from the changes (empty otherwise: no CMD), an empty container_config,
 * one history entry with the comment. Feed it to images/config.ts buildImage.
 * Throws ArchiveError('change') for a bad `--change`.
 */
export function importImageConfig(o: ImportConfigOptions): ImageConfigFile {
  const config = applyChanges(importBaseConfig(), o.changes ?? [], o.version ?? '20.10');
  const created = goTime(o.createdMs, o.extraNanos ?? 0);
  const comment = importComment(o.source, o.message);
  return {
    architecture: o.architecture ?? 'amd64',
    os: o.os ?? 'linux',
    created,
    comment,
    config,
    container_config: emptyConfig(),
    docker_version: o.dockerVersion,
    rootfs: { type: 'layers', diff_ids: [o.diffID] },
    history: [{ created, comment }],
  };
}

/**
 * The config JSON `docker import` writes on Engine v29 with the containerd store
 * (daemon/containerd/image_import.go: an OCI image config, every config field omitempty).
 */
export function importOciConfigJson(o: ImportConfigOptions): string {
  const c = applyChanges(importBaseConfig(), o.changes ?? [], o.version ?? '29');
  const created = goTime(o.createdMs, o.extraNanos ?? 0);
  const nonEmpty = <T>(v: T[] | null | undefined): T[] | undefined => (v && v.length ? v : undefined);
  const obj = (v: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined => (v && Object.keys(v).length ? v : undefined);
  const sortKeys = (v: Record<string, unknown> | undefined) => (v ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : undefined);
  const config = {
    User: c.User || undefined,
    ExposedPorts: sortKeys(obj(c.ExposedPorts)),
    Env: nonEmpty(c.Env),
    Entrypoint: nonEmpty(c.Entrypoint),
    Cmd: nonEmpty(c.Cmd),
    Volumes: sortKeys(obj(c.Volumes)),
    WorkingDir: c.WorkingDir || undefined,
    Labels: sortKeys(obj(c.Labels)),
    StopSignal: c.StopSignal || undefined,
    Healthcheck: c.Healthcheck,
    OnBuild: nonEmpty(c.OnBuild),
    Shell: nonEmpty(c.Shell),
  };
  return goJson({
    created,
    architecture: o.architecture ?? 'amd64',
    os: o.os ?? 'linux',
    config: config as never,
    rootfs: { type: 'layers', diff_ids: [o.diffID] },
    history: [{ created, comment: importComment(o.source, o.message) }],
  });
}

/** A store Layer that still has the tar it came from (save writes it back byte for byte). */
export type TarBackedLayer = Layer & { tar?: Uint8Array };

/** The image store's Layer for an unpacked layer (keeps the original tar for `docker save`). */
export function storeLayer(l: LayerTar): TarBackedLayer {
  return { diffID: l.diffID, size: l.size, files: () => l.entries, tar: l.tar };
}

export { ArchiveError };
