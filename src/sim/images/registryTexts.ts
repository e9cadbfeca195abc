/**
 * The texts Docker prints around registries, as the 20.10 daemon and client word
 * them, in one place with registryCommandTexts.ts: this module has what every pull
 * needs (addresses, connection and pull errors) and loads with the simulator; that
 * one has push, login and search and loads with those commands. The simulator's
 * registries and the native backend (which will talk HTTP API v2 to a real registry)
 * both print these. Checked against recordings of the real 20.10 engine with
 * Debian's docker-registry 2.8 on loopback (test/conformance/fixtures/registry/).
 */
import { familiarName, familiarString, type NamedReference } from './reference.ts';

/** Where the daemon's resolver sends lookups in the simulated host (normalised to `<DNS>:53` in transcripts). */
export const DNS_SERVER = '127.0.0.53:53';

/** Docker Hub's endpoints. */
export const HUB_REGISTRY_HOST = 'registry-1.docker.io';

/** host and port of a registry domain ("localhost:5000" → ["localhost", 5000]); no port = undefined. */
export function splitHostPort(domain: string): { host: string; port: number | undefined } {
  const i = domain.lastIndexOf(':');
  if (i < 0) return { host: domain, port: undefined };
  return { host: domain.slice(0, i), port: Number(domain.slice(i + 1)) };
}

/** Registries Docker talks plain HTTP to by default: localhost and 127.0.0.0/8 (the insecure-registry default). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The address a loopback name dials ("localhost" resolves to 127.0.0.1). */
export function loopbackAddress(host: string, port: number): string {
  return `${host === 'localhost' ? '127.0.0.1' : host}:${port}`;
}

/** The v2 base URL the daemon pings: plain HTTP for loopback (after HTTPS failed: the last error is printed). */
export function v2BaseURL(domain: string): string {
  if (domain === 'docker.io') return `https://${HUB_REGISTRY_HOST}/v2/`;
  return isLoopback(splitHostPort(domain).host) ? `http://${domain}/v2/` : `https://${domain}/v2/`;
}

/** Go's net/http error for a request that could not connect: `Get "URL": dial tcp …`. */
export function dialError(url: string): string {
  const u = new URL(url);
  const host = u.hostname;
  const port = Number(u.port || (u.protocol === 'http:' ? 80 : 443));
  if (isLoopback(host)) return `Get ${JSON.stringify(url)}: dial tcp ${loopbackAddress(host, port)}: connect: connection refused`;
  return `Get ${JSON.stringify(url)}: dial tcp: lookup ${host} on ${DNS_SERVER}: no such host`;
}

// ---- pull ------------------------------------------------------------------------------------

/** Pull of a tag or digest the registry does not have (a registry without auth says the same for a missing repository). */
export function manifestUnknown(ref: NamedReference): string {
  return `manifest for ${familiarString(ref)} not found: manifest unknown: manifest unknown`;
}

/** Docker Hub's answer for a repository that does not exist (or is private): 401, worded by the daemon. */
export function pullAccessDenied(ref: NamedReference): string {
  return `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
}
