/**
 * Every text Docker prints around registries (pull, push, login, search), as the
 * 20.10 daemon and client word them, in one place: the simulator's registries and
 * the native backend (which talks HTTP API v2 to a real registry) both print these.
 * Checked against recordings of the real 20.10 engine with Debian's docker-registry
 * 2.8 on loopback (test/conformance/fixtures/registry/).
 */
import { familiarName, familiarString, fullName, type NamedReference } from './reference.ts';

/**
 * An error the daemon reports inside a progress stream that has already begun
 * (push after "The push refers to repository …"): the client prints the message
 * alone, without "Error response from daemon: ", and exits 1.
 */
export class StreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamError';
  }
}

export const isStreamError = (e: unknown): e is StreamError => e instanceof StreamError;

/** Where the daemon's resolver sends lookups in the simulated host (normalised to `<DNS>:53` in transcripts). */
export const DNS_SERVER = '127.0.0.53:53';

/** Docker Hub's endpoints. */
export const HUB_REGISTRY_HOST = 'registry-1.docker.io';
export const HUB_INDEX_HOST = 'index.docker.io';
/** The key `docker login` stores Docker Hub credentials under (registry.IndexServer). */
export const INDEX_SERVER = 'https://index.docker.io/v1/';

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

// ---- push ------------------------------------------------------------------------------------

export const PUSH_TEXT = {
  refersTo: (ref: NamedReference) => `The push refers to repository [${fullName(ref)}]`,
  /** No reference at all under that repository name (checked before any connection). */
  noLocalImage: (ref: NamedReference) => `An image does not exist locally with the tag: ${familiarName(ref)}`,
  tagDoesNotExist: (ref: NamedReference) => `tag does not exist: ${familiarString(ref)}`,
  noTagsToPush: (ref: NamedReference) => `no tags to push for ${familiarName(ref)}`,
  /** Client side (docker/client ImagePush). */
  digestReference: 'cannot push a digest reference',
  /** Client side (docker/cli RunPush). */
  tagWithAll: "tag can't be used with --all-tags/-a",
  /** The registry refused the upload (Docker Hub: a repository outside your namespace, or not logged in). */
  denied: 'denied: requested access to the resource is denied',
  digestLine: (tag: string, digest: string, size: number) => `${tag}: digest: ${digest} size: ${size}`,
  preparing: 'Preparing',
  waiting: 'Waiting',
  pushed: 'Pushed',
  exists: 'Layer already exists',
  mountedFrom: (path: string) => `Mounted from ${path}`,
} as const;

/** The layers uploaded at once (dockerd's max-concurrent-uploads default); the others print Waiting. */
export const MAX_CONCURRENT_UPLOADS = 5;

// ---- login / logout (docker/cli 20.10) ----------------------------------------------------------

export const LOGIN_TEXT = {
  succeeded: 'Login Succeeded',
  insecurePassword: 'WARNING! Using --password via the CLI is insecure. Use --password-stdin.',
  unencrypted: (file: string) =>
    `WARNING! Your password will be stored unencrypted in ${file}.\n` +
    'Configure a credential helper to remove this warning. See\n' +
    'https://docs.docker.com/engine/reference/commandline/login/#credentials-store\n',
  existing: 'Authenticating with existing credentials...',
  storedInvalid: 'Stored credentials invalid or expired',
  nonTTY: 'Error: Cannot perform an interactive login from a non TTY device',
  usernameRequired: 'Error: Non-null Username Required',
  passwordRequired: 'Error: Password Required',
  stdinNeedsUser: 'Must provide --username with --password-stdin',
  exclusive: '--password and --password-stdin are mutually exclusive',
  hubPrompt:
    "Login with your Docker ID to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com to create one.",
  removing: (server: string) => `Removing login credentials for ${server}`,
  /** Docker Hub's answer to a wrong user name or password. */
  unauthorized: 'unauthorized: incorrect username or password',
} as const;

/** The client's config file, where credentials are stored in base64 (HOME=/root). */
export const CLIENT_CONFIG_FILE = '/root/.docker/config.json';

/** registry.ConvertToHostname: "http://localhost:5000/" → "localhost:5000". */
export function convertToHostname(url: string): string {
  let s = url;
  if (s.startsWith('http://')) s = s.slice(7);
  else if (s.startsWith('https://')) s = s.slice(8);
  return s.split('/')[0]!;
}

// ---- search (daemon 20.10: registry.Session.SearchRepositories, SearchRegistryForImages) ---------

export const SEARCH_TEXT = {
  limit: (n: number) => `Limit ${n} is outside the range of [1, 100]`,
  invalidFilter: (key: string) => `Invalid filter '${key}'`,
  invalidFilterValue: (key: string, values: string[]) => `Invalid filter '${key}=[${values.join(' ')}]'`,
  invalidStars: (value: string) => `Invalid filter 'stars=${value}'`,
  /** A term with a scheme (validateNoScheme). */
  scheme: 'Invalid repository name (ex: "registry.domain.tld/myrepos")',
  /** A v2-only registry has no /v1/search. */
  notFound: 'Unexpected status code 404',
  /** v1 ping of an insecure (loopback) registry: HTTPS then HTTP both failed. */
  insecureEndpoint: (domain: string) => {
    const https = dialError(`https://${domain}/v1/_ping`);
    const http = dialError(`http://${domain}/v1/_ping`);
    return `invalid registry endpoint ${JSON.stringify(`http://${domain}/v1/`)}. HTTPS attempt: ${https}. HTTP attempt: ${http}`;
  },
  /** v1 ping of a secure registry that failed. */
  secureEndpoint: (domain: string) => {
    const host = domain;
    return (
      `invalid registry endpoint https://${domain}/v1/: ${dialError(`https://${domain}/v1/_ping`)}. ` +
      `If this private registry supports only HTTP or HTTPS with an unknown CA certificate, please add \`--insecure-registry ${host}\` ` +
      `to the daemon's arguments. In the case of HTTPS, if you have access to the registry's CA certificate, no need for the flag; ` +
      `simply place the CA certificate at /etc/docker/certs.d/${host}/ca.crt`
    );
  },
  /** ValidateIndexName. */
  hyphen: (name: string) => `invalid index name (${name}). Cannot begin or end with a hyphen`,
} as const;

/** Search results the CLI truncates the description of (formatter.Ellipsis). */
export const SEARCH_DESCRIPTION_WIDTH = 45;
