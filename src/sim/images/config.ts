/**
 * Image configs: defaults, the exact JSON the 20.10 daemon writes for an image
 * config (image.Image.MarshalJSON: top-level keys sorted, nested structs in Go
 * field order, omitempty honoured), IDs, chain IDs and distribution manifests.
 * The same config always gives the same ID, as in Docker.
 */
import { goJson, goMap, type GoJsonValue } from './gojson.ts';
import { digestOf } from './sha256.ts';
import type { Descriptor, HistoryEntry, Image, ImageConfig, ImageConfigFile, Layer } from './types.ts';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** The empty container config (what `docker import` without --change stores in `container_config`). */
export function emptyConfig(): ImageConfig {
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

/** A config from the fields given, the rest empty; keys are put into Go's field order. */
export function makeConfig(fields: Partial<ImageConfig>): ImageConfig {
  return normaliseConfig({ ...emptyConfig(), ...fields });
}

/** Re-creates the object in container.Config's field order (so insertion order = Go order). */
export function normaliseConfig(c: ImageConfig): ImageConfig {
  const o: ImageConfig = {
    Hostname: c.Hostname,
    Domainname: c.Domainname,
    User: c.User,
    AttachStdin: c.AttachStdin,
    AttachStdout: c.AttachStdout,
    AttachStderr: c.AttachStderr,
    ...(c.ExposedPorts && Object.keys(c.ExposedPorts).length ? { ExposedPorts: c.ExposedPorts } : {}),
    Tty: c.Tty,
    OpenStdin: c.OpenStdin,
    StdinOnce: c.StdinOnce,
    Env: c.Env,
    Cmd: c.Cmd,
    ...(c.Healthcheck ? { Healthcheck: c.Healthcheck } : {}),
    ...(c.ArgsEscaped ? { ArgsEscaped: true } : {}),
    Image: c.Image,
    Volumes: c.Volumes,
    WorkingDir: c.WorkingDir,
    Entrypoint: c.Entrypoint,
    OnBuild: c.OnBuild,
    Labels: c.Labels,
    ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
    ...(c.StopTimeout !== undefined ? { StopTimeout: c.StopTimeout } : {}),
    ...(c.Shell && c.Shell.length ? { Shell: c.Shell } : {}),
  };
  return o;
}

function configJson(c: ImageConfig): GoJsonValue {
  const n = normaliseConfig(c);
  const hc = n.Healthcheck;
  return {
    Hostname: n.Hostname,
    Domainname: n.Domainname,
    User: n.User,
    AttachStdin: n.AttachStdin,
    AttachStdout: n.AttachStdout,
    AttachStderr: n.AttachStderr,
    ExposedPorts: n.ExposedPorts ? goMap(n.ExposedPorts) : undefined,
    Tty: n.Tty,
    OpenStdin: n.OpenStdin,
    StdinOnce: n.StdinOnce,
    Env: n.Env,
    Cmd: n.Cmd,
    Healthcheck: hc
      ? {
          Test: hc.Test?.length ? hc.Test : undefined,
          Interval: hc.Interval || undefined,
          Timeout: hc.Timeout || undefined,
          StartPeriod: hc.StartPeriod || undefined,
          Retries: hc.Retries || undefined,
        }
      : undefined,
    ArgsEscaped: n.ArgsEscaped ? true : undefined,
    Image: n.Image,
    Volumes: goMap(n.Volumes),
    WorkingDir: n.WorkingDir,
    Entrypoint: n.Entrypoint,
    OnBuild: n.OnBuild,
    Labels: goMap(n.Labels),
    StopSignal: n.StopSignal || undefined,
    StopTimeout: n.StopTimeout,
    Shell: n.Shell?.length ? n.Shell : undefined,
  };
}

function historyJson(h: HistoryEntry): GoJsonValue {
  return {
    created: h.created,
    author: h.author || undefined,
    created_by: h.created_by || undefined,
    comment: h.comment || undefined,
    empty_layer: h.empty_layer ? true : undefined,
  };
}

/** The config document exactly as the daemon serialises it (top-level keys sorted, like image.Image.MarshalJSON). */
export function serializeConfigFile(f: ImageConfigFile): string {
  const top: { [k: string]: GoJsonValue | undefined } = {
    architecture: f.architecture || undefined,
    author: f.author || undefined,
    comment: f.comment || undefined,
    config: f.config ? configJson(f.config) : undefined,
    container: f.container || undefined,
    container_config: f.container_config ? configJson(f.container_config) : undefined,
    created: f.created,
    docker_version: f.docker_version || undefined,
    history: f.history.length ? f.history.map(historyJson) : undefined,
    os: f.os || undefined,
    'os.version': f['os.version'] || undefined,
    parent: f.parent || undefined,
    rootfs: { type: f.rootfs.type, diff_ids: f.rootfs.diff_ids.length ? f.rootfs.diff_ids : undefined },
    variant: f.variant || undefined,
  };
  const sorted: { [k: string]: GoJsonValue | undefined } = {};
  for (const k of Object.keys(top).sort()) sorted[k] = top[k];
  return goJson(sorted);
}

/** ChainID(n) = sha256(ChainID(n-1) + " " + DiffID(n)); ChainID(0) = DiffID(0). */
export function chainIDs(diffIDs: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIDs) out.push(out.length === 0 ? d : digestOf(`${out[out.length - 1]} ${d}`));
  return out;
}

/** A deterministic, well-formed fake digest for `seed` (catalog blobs, diffIDs, manifests of other platforms). */
export function fakeDigest(seed: string): string {
  return digestOf(`container-classroom/${seed}`);
}

/** The (compact) OCI manifest of an image whose layers have blobs. */
export function manifestJson(configDesc: Descriptor, layers: readonly Layer[], mediaType: string = MEDIA_TYPES.ociManifest): string {
  return goJson({
    schemaVersion: 2,
    mediaType,
    config: { mediaType: configDesc.mediaType, digest: configDesc.digest, size: configDesc.size },
    layers: layers.map((l) => {
      const b = l.blob!;
      return { mediaType: b.mediaType, digest: b.digest, size: b.size };
    }),
  });
}

/** A multi-platform index listing `manifest` for linux/amd64 and fake entries for `others`. */
export function indexJson(manifest: Descriptor, others: ReadonlyArray<{ os: string; architecture: string; variant?: string }>, seed: string): string {
  const entries: GoJsonValue[] = [
    { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size, platform: { architecture: 'amd64', os: 'linux' } },
  ];
  for (const p of others) {
    entries.push({
      mediaType: manifest.mediaType,
      digest: fakeDigest(`${seed}/${p.os}/${p.architecture}${p.variant ?? ''}`),
      size: manifest.size,
      platform: { architecture: p.architecture, os: p.os, variant: p.variant },
    });
  }
  return goJson({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: entries });
}

export interface BuildImageOptions {
  /** Add a registry manifest (config + layer blobs must be set on every layer). */
  manifest?: boolean;
  /** Add an index over the manifest with these extra platforms (implies manifest). */
  indexPlatforms?: ReadonlyArray<{ os: string; architecture: string; variant?: string }>;
  /** Seed for the fake digests of the index's other platforms. */
  seed?: string;
}

/** Assembles an Image from its config document and layers (the config's diff_ids must match). */
export function buildImage(config: ImageConfigFile, layers: Layer[], opts: BuildImageOptions = {}): Image {
  const configJSON = serializeConfigFile(config);
  const configDigest = digestOf(configJSON);
  const img: Image = { config, configJSON, configDigest, layers };
  if (opts.manifest || opts.indexPlatforms) {
    const cfgDesc: Descriptor = { mediaType: MEDIA_TYPES.ociConfig, digest: configDigest, size: new TextEncoder().encode(configJSON).length };
    const m = manifestJson(cfgDesc, layers);
    img.manifest = { mediaType: MEDIA_TYPES.ociManifest, digest: digestOf(m), size: new TextEncoder().encode(m).length };
    if (opts.indexPlatforms) {
      const ix = indexJson(img.manifest, opts.indexPlatforms, opts.seed ?? configDigest);
      img.index = { mediaType: MEDIA_TYPES.ociIndex, digest: digestOf(ix), size: new TextEncoder().encode(ix).length };
    }
  }
  return img;
}

/** The locally made manifest a containerd-store daemon writes for an image without one (import/commit). */
export function localManifest(img: Image): Descriptor {
  if (img.manifest) return img.manifest;
  const cfgDesc: Descriptor = { mediaType: MEDIA_TYPES.ociConfig, digest: img.configDigest, size: new TextEncoder().encode(img.configJSON).length };
  const layers = img.layers.map((l) => ({
    ...l,
    blob: l.blob ?? { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: l.diffID, size: l.size },
  }));
  const m = manifestJson(cfgDesc, layers);
  return { mediaType: MEDIA_TYPES.ociManifest, digest: digestOf(m), size: new TextEncoder().encode(m).length };
}

/** Sum of the layer sizes: the image size Docker reports for the overlay2 store. */
export function imageSize(img: Image): number {
  return img.layers.reduce((n, l) => n + l.size, 0);
}

/** Compressed bytes a registry serves for the image (blobs + config + manifest). */
export function contentSize(img: Image): number {
  const cfg = new TextEncoder().encode(img.configJSON).length;
  return img.layers.reduce((n, l) => n + (l.blob?.size ?? l.size), 0) + cfg + (img.manifest?.size ?? 0) + (img.index?.size ?? 0);
}
