/**
 * POST /auth on the simulated daemon (20.10 registry.Service.Auth): the server
 * address as the client names it ("https://index.docker.io/v1/", "localhost:5000",
 * "http://localhost:5000/") to the registry it reaches, whose /v2/ then judges the
 * credentials. Loaded with docker login.
 */
import type { RegistryAuth } from '../api.ts';
import { EngineError } from '../errors.ts';
import { convertToHostname } from './registryCommandTexts.ts';
import { RegistryError, type Registry } from './registry.ts';
import { v2BaseURL } from './registryTexts.ts';

export async function registryLogin(registry: Registry, auth: RegistryAuth, sleep: (ms: number) => Promise<void>): Promise<{ Status: string }> {
  let host = convertToHostname(auth.serverAddress || 'https://index.docker.io/v1/');
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  let server;
  try {
    server = await registry.connect({ kind: 'named', domain: host, path: 'x' }, sleep);
  } catch (e) {
    if (e instanceof RegistryError) throw new EngineError('system', e.message);
    throw e;
  }
  const refused = server.login(auth);
  if (refused) throw new EngineError('forbidden', `Get ${JSON.stringify(v2BaseURL(host))}: ${refused}`);
  return { Status: 'Login Succeeded' };
}
