/**
 * The client's credential store: the `auths` of ~/.docker/config.json (docker/cli's
 * file store), one per simulated machine, i.e. per Engine the CLI talks to. Keys are
 * what `docker login` stores: Docker Hub's "https://index.docker.io/v1/", other
 * registries by host ("localhost:5000"). Lookups also try each key converted to a
 * host name, as the file store does for legacy keys ("http://localhost:5000/").
 */
import type { Engine, RegistryAuth } from '../api.ts';
import { INDEX_SERVER, convertToHostname } from '../images/registryCommandTexts.ts';

export interface StoredCredentials {
  username: string;
  password: string;
  serverAddress: string;
}

const stores = new WeakMap<Engine, Map<string, StoredCredentials>>();

export function credentialStore(engine: Engine): Map<string, StoredCredentials> {
  // an engine may keep them itself (the native backend: a file in its state root)
  const own = (engine as { clientCredentials?: () => Map<string, StoredCredentials> }).clientCredentials?.();
  if (own) return own;
  let s = stores.get(engine);
  if (!s) stores.set(engine, (s = new Map()));
  return s;
}

/** fileStore.Get. */
export function storedCredentials(engine: Engine, key: string): StoredCredentials | undefined {
  const store = credentialStore(engine);
  const exact = store.get(key);
  if (exact) return exact;
  for (const [k, v] of store) if (convertToHostname(k) === key) return v;
  return undefined;
}

/** ResolveAuthConfig for a reference's registry domain: what push, pull and search send. */
export function authFor(engine: Engine, domain: string): RegistryAuth | undefined {
  const key = domain === 'docker.io' ? INDEX_SERVER : domain;
  const c = storedCredentials(engine, key);
  return c ? { username: c.username, password: c.password, serverAddress: c.serverAddress } : undefined;
}
