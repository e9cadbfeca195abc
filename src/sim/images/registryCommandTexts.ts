/**
 * The texts of docker push, login, logout and search (20.10 daemon and client), loaded
 * with those commands; registryTexts.ts has the rest (addresses, connection and pull
 * errors). See that file for where they were checked.
 */
import { fullName, familiarName, familiarString, type NamedReference } from './reference.ts';
import { dialError } from './registryTexts.ts';

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

/** The key `docker login` stores Docker Hub credentials under (registry.IndexServer). */
export const INDEX_SERVER = 'https://index.docker.io/v1/';

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
