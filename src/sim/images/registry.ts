/**
 * The simulated registries and the network the daemon reaches them over.
 *
 *  - Docker Hub (`docker.io`) serves the catalog, plus what users push into their
 *    own namespace after `docker login` (any lowercase Docker ID logs in).
 *  - A private registry (privateRegistry.ts, loaded when one is first needed:
 *    distribution's model of blobs linked into repositories, manifests, tags)
 *    answers on a loopback port only while something serves it:
 *    a registry on the host itself (`listen(port)`, what the conformance recordings
 *    had: Debian's docker-registry on 127.0.0.1:5000), or a running registry
 *    container that publishes its port 5000 (`setContainerLookup`, e.g. after
 *    `docker run -d -p 5000:5000 registry:2`). Nothing there: Docker's
 *    connection-refused text; any other host name: a DNS failure.
 *  - The daemon's distribution metadata (V2Metadata): which blob digests a layer
 *    has in which repository, learnt from pulls and pushes; push uses it to mount
 *    or skip layers (20.10 push_v2.go).
 *
 * resolve() answers what a pull needs; the texts are in registryTexts.ts, the
 * push flow in push.ts, the pull flow in pull.ts.
 */
import { catalogImage, HUB_REPOSITORIES } from './catalog.ts';
import { DEFAULT_DOMAIN, referenceString, type NamedReference } from './reference.ts';
import { dialError, isLoopback, manifestUnknown, pullAccessDenied, splitHostPort, v2BaseURL } from './registryTexts.ts';
import type { PrivateRegistry } from './privateRegistry.ts';
import type { Image, StoreKind } from './types.ts';
import type { DockerVersion } from '../profile.ts';

export interface Resolved {
  ref: NamedReference;
  image: Image;
  /** What the tag points at: the index digest (multi-platform) or the manifest digest. Printed as `Digest:`. */
  digest: string;
}

export type RegistryErrorKind = 'repository-not-found' | 'manifest-unknown' | 'unreachable';

export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly ref: NamedReference;
  constructor(kind: RegistryErrorKind, ref: NamedReference, message: string) {
    super(message);
    this.kind = kind;
    this.ref = ref;
  }
}

/** The daemon's error text for a failed pull (what follows "Error response from daemon: "). */
export function pullErrorMessage(e: RegistryError, version: DockerVersion, kind: StoreKind): string {
  const ref = e.ref;
  const containerd = version !== '20.10' && kind === 'containerd';
  switch (e.kind) {
    case 'repository-not-found':
      return containerd ? pullAccessDenied(ref).replace(/: denied: requested access to the resource is denied$/, '') : pullAccessDenied(ref);
    case 'manifest-unknown':
      return containerd ? `failed to resolve reference ${JSON.stringify(referenceString(ref))}: ${referenceString(ref)}: not found` : manifestUnknown(ref);
    case 'unreachable':
      return e.message;
  }
}

/** Credentials the client sends with a request (X-Registry-Auth). */
export interface RegistryCredentials {
  username?: string;
  password?: string;
}

export function digestOfImage(image: Image): string {
  return (image.index ?? image.manifest)?.digest ?? image.configDigest;
}

/** What a registry server answers to pulls and logins (uploads: privateRegistry.ts, loaded with push). */
export interface RegistryServer {
  /** The manifest a tag or digest names, as the pull needs it. */
  resolve(ref: NamedReference): Promise<Resolved>;
  /** tags/list, sorted (pull -a). */
  tags(path: string): Promise<string[]>;
  /** /v2/ with these credentials: undefined when accepted, else the registry's error text. */
  login(creds: RegistryCredentials): string | undefined;
}

/** Docker IDs: 4 to 30 lowercase letters and digits. */
const DOCKER_ID = /^[a-z0-9]{4,30}$/;

/** Docker Hub: the catalog, plus the repositories users pushed into their own namespace (`pushed`, made at the first push). */
export class HubRegistry implements RegistryServer {
  pushed: PrivateRegistry | undefined;

  async resolve(ref: NamedReference): Promise<Resolved> {
    if (this.pushed?.has(ref.path)) return this.pushed.resolve(ref);
    const entry = HUB_REPOSITORIES[ref.path];
    if (!entry) throw new RegistryError('repository-not-found', ref, pullAccessDenied(ref));
    if (ref.digest) {
      for (const tag of entry.tags) {
        const img = await catalogImage(ref.path, tag);
        if (img && digestOfImage(img) === ref.digest) return { ref, image: img, digest: ref.digest };
      }
      throw new RegistryError('manifest-unknown', ref, manifestUnknown(ref));
    }
    const img = await catalogImage(ref.path, ref.tag ?? 'latest');
    if (!img) throw new RegistryError('manifest-unknown', ref, manifestUnknown(ref));
    return { ref, image: img, digest: digestOfImage(img) };
  }

  async tags(path: string): Promise<string[]> {
    const own = (await this.pushed?.tags(path)) ?? [];
    return [...new Set([...own, ...(HUB_REPOSITORIES[path]?.tags ?? [])])].sort();
  }

  login(creds: RegistryCredentials): string | undefined {
    return DOCKER_ID.test(creds.username ?? '') && (creds.password ?? '') !== '' ? undefined : 'unauthorized: incorrect username or password';
  }
}

/** One blob digest a layer has in a repository (distribution/metadata V2Metadata, without the HMAC). */
export interface V2Metadata {
  digest: string;
  /** Full repository name, e.g. "localhost:5000/busybox", "docker.io/library/alpine". */
  source: string;
}

/** The daemon's V2MetadataService: layer diffID ↔ blob digests per source repository, newest last. */
export class V2MetadataStore {
  readonly #byDiffID = new Map<string, V2Metadata[]>();
  readonly #diffIDOf = new Map<string, string>();

  get(diffID: string): V2Metadata[] {
    return [...(this.#byDiffID.get(diffID) ?? [])];
  }

  diffIDOf(digest: string): string | undefined {
    return this.#diffIDOf.get(digest);
  }

  /** Add / TagAndAdd: the entry moves to the end (newest); at most 50 per layer. */
  add(diffID: string, meta: V2Metadata): void {
    const list = (this.#byDiffID.get(diffID) ?? []).filter((m) => m.digest !== meta.digest || m.source !== meta.source);
    list.push(meta);
    this.#byDiffID.set(diffID, list.slice(-50));
    this.#diffIDOf.set(meta.digest, diffID);
  }

  remove(meta: V2Metadata): void {
    const diffID = this.#diffIDOf.get(meta.digest);
    if (diffID === undefined) return;
    const list = this.#byDiffID.get(diffID) ?? [];
    this.#byDiffID.set(
      diffID,
      list.filter((m) => m.digest !== meta.digest || m.source !== meta.source),
    );
  }
}

/** A registry served by a container: its server, and whether it can answer now (a paused one cannot). */
export interface ServedRegistry {
  server: RegistryServer;
  paused: boolean;
}

/** Every registry the daemon can reach; Docker Hub is always there. */
export class Registry {
  readonly hub = new HubRegistry();
  readonly metadata = new V2MetadataStore();
  /** Registries on the host's own loopback, by port. */
  readonly #host = new Map<number, RegistryServer>();
  #containers: (port: number) => Promise<ServedRegistry | 'closed' | undefined> = async () => undefined;

  /** A registry listening on the host at 127.0.0.1:`port` (not in a container), e.g. `new PrivateRegistry()`. */
  listen(port: number, server: RegistryServer): RegistryServer {
    this.#host.set(port, server);
    return server;
  }

  close(port: number): void {
    this.#host.delete(port);
  }

  /**
   * How to find a running registry container that publishes a host port (the engine
   * knows its containers); 'closed' when a container publishes it but nothing in it listens.
   */
  setContainerLookup(fn: (port: number) => Promise<ServedRegistry | 'closed' | undefined>): void {
    this.#containers = fn;
  }

  /**
   * The server `domain` reaches, or the error text when nothing answers; `paused`
   * when a paused container holds the port but cannot answer.
   */
  async lookup(domain: string): Promise<ServedRegistry | { error: string }> {
    if (domain === DEFAULT_DOMAIN) return { server: this.hub, paused: false };
    const { host, port } = splitHostPort(domain);
    if (isLoopback(host)) {
      const p = port ?? 80;
      const own = this.#host.get(p);
      if (own) return { server: own, paused: false };
      const served = await this.#containers(p);
      // docker-proxy accepts, cannot reach the container's port and hangs up
      if (served === 'closed') return { error: `Get ${JSON.stringify(v2BaseURL(domain))}: EOF` };
      if (served) return served;
    }
    return { error: dialError(v2BaseURL(domain)) };
  }

  /** The server for `ref`'s domain, waiting while it is paused; throws RegistryError('unreachable'). */
  async connect(ref: NamedReference, sleep: (ms: number) => Promise<void>, signal?: AbortSignal): Promise<RegistryServer> {
    // a frozen registry accepts the connection and never answers: the request hangs until it
    // thaws (looked at again after 0.1 s, 0.2 s … at most every 5 s of simulated time)
    for (let wait = 100; ; wait = Math.min(wait * 2, 5000)) {
      const found = await this.lookup(ref.domain);
      if ('error' in found) throw new RegistryError('unreachable', ref, found.error);
      if (!found.paused) return found.server;
      if (signal?.aborted) throw signal.reason;
      await sleep(wait);
      if (signal?.aborted) throw signal.reason;
    }
  }

  /** The image `ref` names (tag defaulted by the caller), or throws RegistryError. */
  async resolve(ref: NamedReference, sleep: (ms: number) => Promise<void> = async () => undefined, signal?: AbortSignal): Promise<Resolved> {
    const server = await this.connect(ref, sleep, signal);
    return server.resolve(ref);
  }
}
