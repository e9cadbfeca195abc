/**
 * Registries for the native backend (see README.md in this directory): docker pull,
 * push, login and search over the registry HTTP API v2, into and out of the native
 * image store, with the texts the simulator prints.
 */
import type { ProgressMessage, RegistryAuth, SearchResult } from '../../sim/api.ts';
import { invalidParameter } from '../../sim/errors.ts';
import { INDEX_SERVER, convertToHostname } from '../../sim/images/registryCommandTexts.ts';
import { isReferenceFormatError, parseNormalizedNamed, tagNameOnly, type NamedReference } from '../../sim/images/reference.ts';
import type { DockerVersion } from '../../sim/profile.ts';
import type { NativeImageStore } from '../images/store.ts';
import { CredentialFile } from './credentials.ts';
import { loginNative, searchNative } from './login.ts';
import { V2MetadataFile } from './metadata.ts';
import { pullNative } from './pull.ts';
import { pushNative } from './push.ts';

export { CredentialFile } from './credentials.ts';
export { V2MetadataFile } from './metadata.ts';
export { RegistryClient, RegistryApiError, LIMITS } from './client.ts';
export { HttpError, timing } from './http.ts';

export interface NativeRegistryOptions {
  store: NativeImageStore;
  stateRoot: string;
  version: DockerVersion;
}

export class NativeRegistry {
  readonly store: NativeImageStore;
  readonly version: DockerVersion;
  readonly metadata: V2MetadataFile;
  readonly credentials: CredentialFile;

  constructor(o: NativeRegistryOptions) {
    this.store = o.store;
    this.version = o.version;
    this.metadata = new V2MetadataFile(o.stateRoot);
    this.credentials = new CredentialFile(o.stateRoot);
  }

  #parse(ref: string): NamedReference {
    try {
      return parseNormalizedNamed(ref, this.version);
    } catch (e) {
      if (isReferenceFormatError(e)) throw invalidParameter(e.message);
      throw e;
    }
  }

  /** What the client would send for a registry (ResolveAuthConfig over the stored credentials). */
  storedAuth(domain: string): RegistryAuth | undefined {
    const key = domain === 'docker.io' ? INDEX_SERVER : domain;
    let c = this.credentials.get(key);
    if (!c) for (const [k, v] of this.credentials) if (convertToHostname(k) === key) c = v;
    return c ? { username: c.username, password: c.password, serverAddress: c.serverAddress } : undefined;
  }

  /** docker pull; the credentials stored for the registry go with it (as the real client sends them). */
  pull(ref: string, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal, opts: { all?: boolean; auth?: RegistryAuth } = {}): Promise<void> {
    const named = this.#parse(ref);
    const auth = opts.auth ?? this.storedAuth(named.domain);
    return pullNative({
      store: this.store,
      metadata: this.metadata,
      ref: named,
      onProgress,
      ...(opts.all ? { all: true } : {}),
      ...(auth ? { auth } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  push(ref: string, opts: { all?: boolean; auth?: RegistryAuth }, onProgress: (m: ProgressMessage) => void, signal?: AbortSignal): Promise<void> {
    let named = this.#parse(ref);
    if (!opts.all) named = tagNameOnly(named);
    return pushNative({
      store: this.store,
      metadata: this.metadata,
      ref: named,
      onProgress,
      ...(opts.auth ? { auth: opts.auth } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  login(auth: RegistryAuth): Promise<{ Status: string }> {
    return loginNative(auth);
  }

  search(term: string, opts: { limit?: number; filters?: Record<string, string[]> } = {}): Promise<SearchResult[]> {
    return searchNative(term, opts);
  }
}
