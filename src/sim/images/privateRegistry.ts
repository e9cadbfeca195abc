/**
 * A registry's storage and its upload side (distribution 2.8's model, as
 * `registry:2` and Debian's docker-registry run it without auth): blobs linked into
 * repositories (a blob is visible only where it is linked), manifests, tags. Loaded
 * on first use (a push, or a registry container or host registry being reached).
 * Docker Hub's uploads go through hubUploads(): into the user's own namespace only,
 * and layers of the catalog can be mounted from their repositories.
 */
import { catalogImage, HUB_REPOSITORIES } from './catalog.ts';
import type { NamedReference } from './reference.ts';
import { RegistryError, type HubRegistry, type RegistryCredentials, type RegistryServer, type Resolved } from './registry.ts';
import { manifestUnknown } from './registryTexts.ts';
import type { Image, Layer } from './types.ts';

/** What a push needs from a registry (the blob and manifest endpoints of the distribution API). */
export interface UploadTarget {
  /** HEAD of a blob in a repository: the layer it holds. */
  hasBlob(path: string, digest: string): Promise<Layer | undefined>;
  /** Cross-repository mount: links the blob if `from` has it; the layer it holds. */
  mountBlob(path: string, from: string, digest: string): Promise<Layer | undefined>;
  /** A finished upload (the layer carries its blob descriptor). */
  putBlob(path: string, layer: Layer): void;
  /** PUT of a manifest under a tag; `image` is what a pull of it gets. */
  putManifest(path: string, tag: string, digest: string, image: Image): void;
  /** Whether these credentials may push to the repository. */
  canPush(path: string, creds: RegistryCredentials | undefined): boolean;
}

interface Repository {
  blobs: Set<string>;
  tags: Map<string, string>;
  manifests: Map<string, Image>;
}

export class PrivateRegistry implements RegistryServer, UploadTarget {
  readonly #blobs = new Map<string, Layer>();
  readonly #repos = new Map<string, Repository>();

  #repo(path: string): Repository {
    let r = this.#repos.get(path);
    if (!r) this.#repos.set(path, (r = { blobs: new Set(), tags: new Map(), manifests: new Map() }));
    return r;
  }

  /** Repositories with at least one manifest, sorted. */
  repositories(): string[] {
    return [...this.#repos.keys()].filter((p) => this.has(p)).sort();
  }

  has(path: string): boolean {
    return (this.#repos.get(path)?.manifests.size ?? 0) > 0;
  }

  async tags(path: string): Promise<string[]> {
    return [...(this.#repos.get(path)?.tags.keys() ?? [])].sort();
  }

  async resolve(ref: NamedReference): Promise<Resolved> {
    const repo = this.#repos.get(ref.path);
    // distribution answers MANIFEST_UNKNOWN for a repository it does not have, too
    const digest = ref.digest ?? repo?.tags.get(ref.tag ?? 'latest');
    const image = digest !== undefined ? repo?.manifests.get(digest) : undefined;
    if (!image || digest === undefined) throw new RegistryError('manifest-unknown', ref, manifestUnknown(ref));
    return { ref, image, digest };
  }

  login(): undefined {
    return undefined;
  }

  async hasBlob(path: string, digest: string): Promise<Layer | undefined> {
    return this.#repos.get(path)?.blobs.has(digest) ? this.#blobs.get(digest) : undefined;
  }

  async mountBlob(path: string, from: string, digest: string): Promise<Layer | undefined> {
    const layer = await this.hasBlob(from, digest);
    if (layer) this.#repo(path).blobs.add(digest);
    return layer;
  }

  putBlob(path: string, layer: Layer): void {
    const digest = layer.blob!.digest;
    if (!this.#blobs.has(digest)) this.#blobs.set(digest, layer);
    this.#repo(path).blobs.add(digest);
  }

  putManifest(path: string, tag: string, digest: string, image: Image): void {
    const repo = this.#repo(path);
    repo.manifests.set(digest, image);
    repo.tags.set(tag, digest);
  }

  canPush(): boolean {
    return true;
  }
}

/** The catalog layer with this blob in repository `path`, if any. */
async function catalogLayer(path: string, digest: string): Promise<Layer | undefined> {
  for (const tag of HUB_REPOSITORIES[path]?.tags ?? []) {
    const layer = (await catalogImage(path, tag))?.layers.find((l) => l.blob?.digest === digest);
    if (layer) return layer;
  }
  return undefined;
}

/** Docker Hub's upload side: what users push goes into `hub.pushed`; the catalog's blobs can be mounted. */
function hubUploads(hub: HubRegistry): UploadTarget {
  const pushed = (hub.pushed ??= new PrivateRegistry());
  return {
    hasBlob: async (path, digest) => (await pushed.hasBlob(path, digest)) ?? (await catalogLayer(path, digest)),
    async mountBlob(path, from, digest) {
      const own = await pushed.mountBlob(path, from, digest);
      if (own) return own;
      const layer = await catalogLayer(from, digest);
      if (layer) pushed.putBlob(path, layer);
      return layer;
    },
    putBlob: (path, layer) => pushed.putBlob(path, layer),
    putManifest: (path, tag, digest, image) => pushed.putManifest(path, tag, digest, image),
    // only into your own namespace, logged in
    canPush: (path, creds) => creds?.username !== undefined && hub.login(creds) === undefined && path.startsWith(`${creds.username}/`),
  };
}

/** The upload side of a server the daemon connected to. */
export function uploadTarget(server: RegistryServer, hub: HubRegistry): UploadTarget {
  return server === hub ? hubUploads(hub) : (server as PrivateRegistry);
}
