/**
 * GET /images/search on the simulated daemon (20.10 SearchRegistryForImages and
 * registry.Service.Search), answered by the simulated Docker Hub: its catalog
 * repositories with their Hub descriptions and star counts (as of early 2024), and
 * the repositories users pushed. Loaded on first use.
 *
 * Order of the checks, as the daemon makes them: the filters (keys, then values),
 * a scheme in the term, the index name, the v1 ping of the registry (a registry
 * other than Docker Hub: unreachable → "invalid registry endpoint …"), the limit
 * (1–100), then the search itself (a v2-only registry has no /v1/search: 404).
 * Docker Hub returns at most `limit` matches, best first; the daemon filters them.
 */
import type { SearchResult } from '../api.ts';
import { EngineError, invalidParameter } from '../errors.ts';
import { HUB_REPOSITORIES } from './catalog.ts';
import type { Registry } from './registry.ts';
import { SEARCH_TEXT } from './registryCommandTexts.ts';
import { isLoopback, splitHostPort } from './registryTexts.ts';

/** Docker Hub's page of each catalog repository: [description, stars]; official = in library/. */
const HUB_PAGES: Record<string, readonly [string, number]> = {
  'library/busybox': ['Busybox base image.', 3257],
  'library/hello-world': ['Hello World! (an example of minimal Dockerization)', 2297],
  'library/alpine': ['A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!', 10593],
  'library/ubuntu': ['Ubuntu is a Debian-based Linux operating system based on free software.', 17045],
  'library/debian': ["Debian is a Linux distribution that's composed entirely of free and open-source software.", 5097],
  'library/centos': ['DEPRECATED; The official build of CentOS.', 7716],
  'library/nginx': ['Official build of Nginx.', 19862],
  'library/node': ['Node.js is a JavaScript-based platform for server-side and networking applications.', 13541],
  'library/registry': ['Distribution implementation for storing and distributing of container images and artifacts', 4012],
  'library/python': ['Python is an interpreted, interactive, object-oriented, open-source programming language.', 9871],
  'fhsinchy/hello-dock': ['', 3],
  'fhsinchy/rmbyext': ['', 1],
};

const ACCEPTED = new Set(['is-automated', 'is-official', 'stars']);

/** The name Docker Hub shows: official images without `library/`. */
const hubName = (path: string) => (path.startsWith('library/') ? path.slice('library/'.length) : path);

/** Docker Hub's answer: repositories whose name or description holds the term, best match first. */
function hubSearch(registry: Registry, term: string, limit: number): SearchResult[] {
  const q = term.toLowerCase();
  const rows: Array<SearchResult & { rank: number }> = [];
  const paths = [...new Set([...Object.keys(HUB_REPOSITORIES), ...(registry.hub.pushed?.repositories() ?? [])])];
  for (const path of paths) {
    const [description, stars] = HUB_PAGES[path] ?? ['', 0];
    const name = hubName(path);
    const rank = name === q ? 0 : name.split('/').pop()!.includes(q) ? 1 : name.includes(q) ? 2 : description.toLowerCase().includes(q) ? 3 : -1;
    if (rank < 0) continue;
    rows.push({ name, description, star_count: stars, is_official: path.startsWith('library/'), is_automated: false, rank });
  }
  rows.sort((a, b) => a.rank - b.rank || b.star_count - a.star_count || (a.name < b.name ? -1 : 1));
  return rows.slice(0, limit).map(({ rank: _rank, ...r }) => r);
}

function exactBool(filters: Record<string, string[]>, key: string): boolean | undefined {
  const values = filters[key];
  if (!values) return undefined;
  if (values.length === 1 && values[0] === 'true') return true;
  if (values.length === 1 && values[0] === 'false') return false;
  throw invalidParameter(SEARCH_TEXT.invalidFilterValue(key, values));
}

export async function searchRegistry(registry: Registry, term: string, opts: { limit?: number; filters?: Record<string, string[]> }): Promise<SearchResult[]> {
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
  if (index !== 'docker.io') {
    const found = await registry.lookup(index);
    if ('error' in found) {
      const loop = isLoopback(splitHostPort(index).host);
      throw new EngineError('system', loop ? SEARCH_TEXT.insecureEndpoint(index) : SEARCH_TEXT.secureEndpoint(index));
    }
  }
  const limit = opts.limit ?? 25;
  if (limit < 1 || limit > 100) throw invalidParameter(SEARCH_TEXT.limit(limit));
  // a registry that is not Docker Hub speaks only the v2 API: no /v1/search
  if (index !== 'docker.io') throw new EngineError('system', SEARCH_TEXT.notFound);

  let remote = hub ? term : parts.slice(1).join('/');
  if (remote.startsWith('library/')) remote = remote.slice('library/'.length);
  return hubSearch(registry, remote, limit).filter(
    (r) =>
      (automated === undefined || r.is_automated === automated) &&
      (official === undefined || r.is_official === official) &&
      r.star_count >= minStars,
  );
}
