/**
 * POST /auth (docker login) and GET /images/search on the native backend, with the
 * 20.10 daemon's checks and texts (the simulator's images/login.ts and search.ts, over
 * real HTTP). Docker Hub and every host that is not loopback are out of reach here:
 * login and search there fail with the resolver's error, as on a machine without
 * network (test/conformance/fixtures/host/registry-hub.json recorded exactly that).
 */
import type { RegistryAuth, SearchResult } from '../../sim/api.ts';
import { EngineError, invalidParameter } from '../../sim/errors.ts';
import { INDEX_SERVER, SEARCH_TEXT, convertToHostname } from '../../sim/images/registryCommandTexts.ts';
import { isLoopback, splitHostPort, v2BaseURL } from '../../sim/images/registryTexts.ts';
import { RegistryClient } from './client.ts';
import { HttpError, request, unreachable } from './http.ts';

const system = (e: unknown): unknown => (e instanceof HttpError ? new EngineError('system', e.message) : e);

/** registry.Service.Auth: the credentials checked against the registry's /v2/. */
export async function loginNative(auth: RegistryAuth, signal?: AbortSignal): Promise<{ Status: string }> {
  let host = convertToHostname(auth.serverAddress || INDEX_SERVER);
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  let client: RegistryClient;
  try {
    client = await RegistryClient.connect(host, { auth, ...(signal ? { signal } : {}) });
  } catch (e) {
    throw system(e);
  }
  let refused: string | undefined;
  try {
    refused = await client.checkLogin(signal);
  } catch (e) {
    throw system(e);
  }
  if (refused) throw new EngineError('forbidden', `Get ${JSON.stringify(v2BaseURL(host))}: ${refused}`);
  return { Status: 'Login Succeeded' };
}

// ---- search ------------------------------------------------------------------------------------

const ACCEPTED = new Set(['is-automated', 'is-official', 'stars']);
/** Results read from a v1 search answer at most (the limit is 100). */
const MAX_SEARCH_BYTES = 1024 * 1024;

function exactBool(filters: Record<string, string[]>, key: string): boolean | undefined {
  const values = filters[key];
  if (!values) return undefined;
  if (values.length === 1 && values[0] === 'true') return true;
  if (values.length === 1 && values[0] === 'false') return false;
  throw invalidParameter(SEARCH_TEXT.invalidFilterValue(key, values));
}

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

function parseResults(body: Uint8Array): SearchResult[] {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (e) {
    throw new EngineError('system', `error decoding the search results: ${(e as Error).message}`);
  }
  const results = (v as { results?: unknown })?.results;
  if (!Array.isArray(results)) return [];
  return results
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({
      name: typeof r['name'] === 'string' ? r['name'] : '',
      description: typeof r['description'] === 'string' ? r['description'] : '',
      star_count: typeof r['star_count'] === 'number' && Number.isFinite(r['star_count']) ? Math.trunc(r['star_count']) : 0,
      is_official: r['is_official'] === true,
      is_automated: r['is_automated'] === true,
    }));
}

/** SearchRegistryForImages: filters, the term's index, that index's v1 ping, the limit, the search. */
export async function searchNative(term: string, opts: { limit?: number; filters?: Record<string, string[]> } = {}, signal?: AbortSignal): Promise<SearchResult[]> {
  const filters = opts.filters ?? {};
  for (const key of Object.keys(filters)) if (!ACCEPTED.has(key)) throw invalidParameter(SEARCH_TEXT.invalidFilter(key));
  const automated = exactBool(filters, 'is-automated');
  const official = exactBool(filters, 'is-official');
  let minStars = 0;
  for (const v of filters['stars'] ?? []) {
    if (!/^[+-]?\d+$/.test(v)) throw invalidParameter(SEARCH_TEXT.invalidStars(v));
    minStars = Math.max(minStars, Number(v));
  }

  if (term.includes('://')) throw invalidParameter(SEARCH_TEXT.scheme);
  const parts = term.split('/');
  const first = parts[0]!;
  const hub = parts.length === 1 || (!first.includes('.') && !first.includes(':') && first !== 'localhost');
  const index = hub ? 'docker.io' : first === 'index.docker.io' ? 'docker.io' : first;
  if (index.startsWith('-') || index.endsWith('-')) throw new EngineError('system', SEARCH_TEXT.hyphen(index));
  const loopback = index !== 'docker.io' && isLoopback(splitHostPort(index).host);
  if (index !== 'docker.io') {
    // the v1 ping: any answer will do; nothing there is the endpoint error
    if (!loopback) throw new EngineError('system', SEARCH_TEXT.secureEndpoint(index));
    try {
      await request(`http://${index}/v1/_ping`, { maxBytes: MAX_SEARCH_BYTES, ...(signal ? { signal } : {}) });
    } catch (e) {
      if (e instanceof HttpError) throw new EngineError('system', SEARCH_TEXT.insecureEndpoint(index));
      throw e;
    }
  }
  const limit = opts.limit ?? 25;
  if (limit < 1 || limit > 100) throw invalidParameter(SEARCH_TEXT.limit(limit));

  let remote = hub ? term : parts.slice(1).join('/');
  if (remote.startsWith('library/')) remote = remote.slice('library/'.length);
  const query = `search?q=${queryEscape(remote)}&n=${limit}`;
  if (!loopback) throw new EngineError('system', unreachable('GET', `https://index.docker.io/v1/${query}`).message);
  let res;
  try {
    res = await request(`http://${index}/v1/${query}`, { maxBytes: MAX_SEARCH_BYTES, ...(signal ? { signal } : {}) });
  } catch (e) {
    throw system(e);
  }
  if (res.status !== 200) throw new EngineError('system', SEARCH_TEXT.notFound.replace('404', String(res.status)));
  return parseResults(res.body).filter(
    (r) =>
      (automated === undefined || r.is_automated === automated) &&
      (official === undefined || r.is_official === official) &&
      r.star_count >= minStars,
  );
}
