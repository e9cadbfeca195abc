/**
 * The simulated registries. Docker Hub (`docker.io`) serves the catalog; private
 * registries (`localhost:5000`, issue 9) hold what is pushed to them. resolve()
 * answers what a pull needs (the image with its layers, the digest the tag points
 * at) or a typed error; the pull texts per engine version are in pull.ts.
 */
import { catalogImage, HUB_REPOSITORIES } from './catalog.ts';
import { DEFAULT_DOMAIN, familiarName, familiarString, referenceString, type NamedReference } from './reference.ts';
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
      return containerd
        ? `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login'`
        : `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    case 'manifest-unknown':
      return containerd
        ? `failed to resolve reference ${JSON.stringify(referenceString(ref))}: ${referenceString(ref)}: not found`
        : `manifest for ${familiarString(ref)} not found: manifest unknown: manifest unknown`;
    case 'unreachable':
      return e.message;
  }
}

/** A registry the simulator can pull from / push to. */
export interface RegistryHost {
  resolve(ref: NamedReference): Promise<Resolved>;
}

/** A private registry (e.g. `localhost:5000`): starts empty, holds pushed images by repository and tag. */
export class PrivateRegistry implements RegistryHost {
  readonly #tags = new Map<string, Map<string, Image>>();

  push(ref: NamedReference, image: Image): string {
    const repo = this.#tags.get(ref.path) ?? new Map<string, Image>();
    this.#tags.set(ref.path, repo);
    repo.set(ref.tag ?? 'latest', image);
    return digestOfImage(image);
  }

  repositories(): string[] {
    return [...this.#tags.keys()].sort();
  }

  tags(path: string): string[] {
    return [...(this.#tags.get(path)?.keys() ?? [])].sort();
  }

  async resolve(ref: NamedReference): Promise<Resolved> {
    const repo = this.#tags.get(ref.path);
    if (!repo) throw new RegistryError('repository-not-found', ref, 'repository not found');
    let image: Image | undefined;
    if (ref.digest) image = [...repo.values()].find((i) => digestOfImage(i) === ref.digest);
    else image = repo.get(ref.tag ?? 'latest');
    if (!image) throw new RegistryError('manifest-unknown', ref, 'manifest unknown');
    return { ref, image, digest: digestOfImage(image) };
  }
}

function digestOfImage(image: Image): string {
  return (image.index ?? image.manifest)?.digest ?? image.configDigest;
}

/** Docker Hub: the catalog. */
export class HubRegistry implements RegistryHost {
  async resolve(ref: NamedReference): Promise<Resolved> {
    const entry = HUB_REPOSITORIES[ref.path];
    if (!entry) throw new RegistryError('repository-not-found', ref, 'repository not found');
    if (ref.digest) {
      for (const tag of entry.tags) {
        const img = await catalogImage(ref.path, tag);
        if (img && digestOfImage(img) === ref.digest) return { ref, image: img, digest: ref.digest };
      }
      throw new RegistryError('manifest-unknown', ref, 'manifest unknown');
    }
    const img = await catalogImage(ref.path, ref.tag ?? 'latest');
    if (!img) throw new RegistryError('manifest-unknown', ref, 'manifest unknown');
    return { ref, image: img, digest: digestOfImage(img) };
  }
}

/** Every registry by domain; Docker Hub is always there. */
export class Registry {
  readonly #hosts = new Map<string, RegistryHost>([[DEFAULT_DOMAIN, new HubRegistry()]]);

  /** Makes `domain` (e.g. "localhost:5000") reachable, e.g. when a registry container starts. */
  addHost(domain: string, host: RegistryHost = new PrivateRegistry()): RegistryHost {
    this.#hosts.set(domain, host);
    return host;
  }

  removeHost(domain: string): void {
    if (domain !== DEFAULT_DOMAIN) this.#hosts.delete(domain);
  }

  host(domain: string): RegistryHost | undefined {
    return this.#hosts.get(domain);
  }

  /** The image `ref` names (tag defaulted by the caller), or throws RegistryError. */
  async resolve(ref: NamedReference): Promise<Resolved> {
    const host = this.#hosts.get(ref.domain);
    if (!host) {
      const url = ref.domain.startsWith('localhost') || /^127\./.test(ref.domain) ? `http://${ref.domain}/v2/` : `https://${ref.domain}/v2/`;
      const [hostname, port] = ref.domain.split(':');
      const addr = hostname === 'localhost' ? `127.0.0.1:${port ?? '443'}` : undefined;
      const message = addr
        ? `Get ${JSON.stringify(url)}: dial tcp ${addr}: connect: connection refused`
        : `Get ${JSON.stringify(url)}: dial tcp: lookup ${hostname} on 127.0.0.53:53: no such host`;
      throw new RegistryError('unreachable', ref, message);
    }
    return host.resolve(ref);
  }
}
