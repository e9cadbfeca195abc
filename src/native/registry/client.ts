/**
 * A registry HTTP API v2 client for one registry (distribution's API as Debian's
 * docker-registry 2.8 serves it): the ping, manifests, blobs (HEAD, GET, monolithic
 * upload, cross-repository mount) and tags/list, with Docker's error texts.
 *
 * Addresses: Docker Hub (`docker.io`) and any host that is not loopback are out of
 * reach (no network): connecting gives the Go resolver's error for the /v2/ URL the
 * daemon pings, as the simulator's texts. Loopback registries are spoken to in plain
 * HTTP (Docker's default insecure registries); the error of a failed connection is
 * the last attempt's, the plain HTTP one, as the daemon prints it.
 *
 * Authentication: none, or HTTP Basic when the registry's ping asks for it
 * (`WWW-Authenticate: Basic`) and credentials were given; token (Bearer) auth is
 * refused with a sentence.
 */
import { createHash } from 'node:crypto';
import type { RegistryAuth } from '../../sim/api.ts';
import { v2BaseURL } from '../../sim/images/registryTexts.ts';
import { HttpError, opOf, request, unreachable, type HttpResponse, type RequestOptions } from './http.ts';

/** Limits for what a registry sends (a hostile one must not fill memory). */
export const LIMITS = {
  /** A manifest or an index (Docker and containerd read at most 4 MiB of one). */
  manifestBytes: 4 * 1024 * 1024,
  /** An image config. */
  configBytes: 8 * 1024 * 1024,
  /** tags/list, error bodies and other small answers. */
  smallBytes: 1024 * 1024,
  /** Layers in one image (overlay's lowerdir limit in Docker's layer store: "max depth exceeded"). */
  layers: 125,
};

/** An error the registry answered (distribution's errcode): `code` is e.g. MANIFEST_UNKNOWN. */
export class RegistryApiError extends Error {
  override readonly name = 'RegistryApiError';
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** errcode.Error's text: the code in lower case with spaces, then the registry's message. */
function errcodeText(code: string, message: string): string {
  return `${code.toLowerCase().replace(/_/g, ' ')}: ${message}`;
}

/** What an error answer means, as the distribution client words it (HandleErrorResponse). */
export function apiError(res: HttpResponse): RegistryApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(res.body).toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const errors = (parsed as { errors?: unknown })?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as { code?: unknown; message?: unknown };
    const code = typeof first.code === 'string' ? first.code : 'UNKNOWN';
    const message = typeof first.message === 'string' ? first.message : '';
    return new RegistryApiError(code, res.status, errcodeText(code, message));
  }
  if (res.status === 401) return new RegistryApiError('UNAUTHORIZED', 401, errcodeText('UNAUTHORIZED', 'authentication required'));
  if (res.status === 404) return new RegistryApiError('NOT_FOUND', 404, `${res.status} ${res.statusText || 'Not Found'}`);
  return new RegistryApiError('UNKNOWN', res.status, `received unexpected HTTP status: ${res.status} ${res.statusText}`.trimEnd());
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function isDigest(s: unknown): s is string {
  return typeof s === 'string' && DIGEST.test(s);
}

export function sha256Digest(b: Uint8Array | string): string {
  return 'sha256:' + createHash('sha256').update(b).digest('hex');
}

/** A manifest as fetched: its exact bytes, media type and digest (computed from the bytes). */
export interface FetchedManifest {
  body: Uint8Array;
  mediaType: string;
  digest: string;
}

export const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** The registry a domain names, once its /v2/ answered. */
export class RegistryClient {
  readonly domain: string;
  /** http://host:port/v2/ */
  readonly base: string;
  readonly #auth: RegistryAuth | undefined;
  #basic = false;

  private constructor(domain: string, auth: RegistryAuth | undefined) {
    this.domain = domain;
    this.base = v2BaseURL(domain);
    this.#auth = auth;
  }

  /**
   * Pings the registry (GET /v2/) and returns a client for it. Throws HttpError with the
   * daemon's text when nothing answers (or, for Docker Hub and other hosts, at once).
   */
  static async connect(domain: string, o: { auth?: RegistryAuth; signal?: AbortSignal } = {}): Promise<RegistryClient> {
    const c = new RegistryClient(domain, o.auth);
    if (!c.base.startsWith('http:')) throw unreachable('GET', c.base);
    const res = await request(c.base, { maxBytes: LIMITS.smallBytes, ...(o.signal ? { signal: o.signal } : {}) });
    if (res.status === 401) c.#challenge(res);
    return c;
  }

  /** What a 401 asks for: Basic is answered with the credentials given; token auth is not supported. */
  #challenge(res: HttpResponse): void {
    const header = String(res.headers['www-authenticate'] ?? '');
    if (/^basic\b/i.test(header)) this.#basic = true;
    else if (/^bearer\b/i.test(header)) {
      const realm = /realm="([^"]*)"/i.exec(header)?.[1] ?? '';
      throw new HttpError(`${opOf('GET')} ${JSON.stringify(this.base)}: the registry wants token authentication${realm ? ` from ${realm}` : ''}, which the native backend does not support`);
    }
  }

  /** Whether the registry asked for credentials at its ping. */
  get wantsAuth(): boolean {
    return this.#basic;
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    const h = { ...extra };
    if (this.#basic && this.#auth?.username !== undefined) {
      h['Authorization'] = 'Basic ' + Buffer.from(`${this.#auth.username}:${this.#auth.password ?? ''}`).toString('base64');
    }
    return h;
  }

  /** A request relative to /v2/; a 401 on a Basic registry without credentials is Docker's "no basic auth credentials". */
  async call(method: string, path: string, o: RequestOptions = {}): Promise<HttpResponse> {
    const url = path.startsWith('http') ? path : this.base + path;
    const res = await request(url, { ...o, method, headers: this.#headers(o.headers) });
    if (res.status === 401 && this.#basic && this.#auth?.username === undefined) {
      throw new HttpError(`${opOf(method)} ${JSON.stringify(url)}: no basic auth credentials`);
    }
    return res;
  }

  /** GET /v2/ with the credentials (docker login): undefined when accepted, else the registry's error text. */
  async checkLogin(signal?: AbortSignal): Promise<string | undefined> {
    if (!this.#basic) return undefined;
    const res = await this.call('GET', '', { maxBytes: LIMITS.smallBytes, ...(signal ? { signal } : {}) });
    if (res.status === 200) return undefined;
    return apiError(res).message;
  }

  // ---- manifests -------------------------------------------------------------------

  /** GET of a manifest by tag or digest (at most LIMITS.manifestBytes); RegistryApiError for an error answer. */
  async getManifest(repo: string, reference: string, signal?: AbortSignal): Promise<FetchedManifest> {
    const res = await this.call('GET', `${repo}/manifests/${reference}`, {
      headers: { Accept: MANIFEST_ACCEPT },
      maxBytes: LIMITS.manifestBytes,
      ...(signal ? { signal } : {}),
    });
    if (res.status !== 200) throw apiError(res);
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    return { body: res.body, mediaType, digest: sha256Digest(res.body) };
  }

  /** PUT of a manifest under a tag: the digest the registry names it by. */
  async putManifest(repo: string, tag: string, body: string, mediaType: string, signal?: AbortSignal): Promise<string> {
    const res = await this.call('PUT', `${repo}/manifests/${tag}`, {
      headers: { 'Content-Type': mediaType },
      body,
      maxBytes: LIMITS.smallBytes,
      ...(signal ? { signal } : {}),
    });
    if (res.status !== 201 && res.status !== 200 && res.status !== 202) throw apiError(res);
    return sha256Digest(body);
  }

  async tags(repo: string, signal?: AbortSignal): Promise<string[]> {
    const res = await this.call('GET', `${repo}/tags/list`, { maxBytes: LIMITS.smallBytes, ...(signal ? { signal } : {}) });
    if (res.status !== 200) throw apiError(res);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(res.body).toString('utf8'));
    } catch {
      throw new HttpError(`${opOf('GET')} ${JSON.stringify(res.url)}: invalid tags list`);
    }
    const tags = (parsed as { tags?: unknown })?.tags;
    if (tags === null || tags === undefined) return [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new HttpError(`${opOf('GET')} ${JSON.stringify(res.url)}: invalid tags list`);
    return tags as string[];
  }

  // ---- blobs -----------------------------------------------------------------------

  /** HEAD of a blob in a repository: its size when the registry has it there. */
  async statBlob(repo: string, digest: string, signal?: AbortSignal): Promise<number | undefined> {
    const res = await this.call('HEAD', `${repo}/blobs/${digest}`, { maxBytes: 0, ...(signal ? { signal } : {}) });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw apiError(res);
    const size = Number(res.headers['content-length']);
    return Number.isFinite(size) ? size : 0;
  }

  /** GET of a blob, at most `max` bytes. */
  async getBlob(repo: string, digest: string, max: number, signal?: AbortSignal): Promise<Uint8Array> {
    const res = await this.call('GET', `${repo}/blobs/${digest}`, { maxBytes: max, ...(signal ? { signal } : {}) });
    if (res.status !== 200) throw apiError(res);
    return res.body;
  }

  /**
   * Cross-repository mount (POST …/blobs/uploads/?mount=&from=): true when the registry
   * linked the blob (201); when it opened an upload instead (202) the upload is cancelled.
   */
  async mountBlob(repo: string, from: string, digest: string, signal?: AbortSignal): Promise<boolean> {
    const q = new URLSearchParams({ mount: digest, from });
    const res = await this.call('POST', `${repo}/blobs/uploads/?${q}`, { maxBytes: LIMITS.smallBytes, follow: false, ...(signal ? { signal } : {}) });
    if (res.status === 201) return true;
    if (res.status === 202) {
      const loc = this.#location(res);
      await this.call('DELETE', loc, { maxBytes: LIMITS.smallBytes, ...(signal ? { signal } : {}) }).catch(() => undefined);
      return false;
    }
    throw apiError(res);
  }

  /** Uploads a blob: POST an upload, then PUT all its bytes with the digest (a monolithic upload). */
  async putBlob(repo: string, digest: string, data: Uint8Array, signal?: AbortSignal): Promise<void> {
    const start = await this.call('POST', `${repo}/blobs/uploads/`, { maxBytes: LIMITS.smallBytes, follow: false, ...(signal ? { signal } : {}) });
    if (start.status !== 202) throw apiError(start);
    const loc = new URL(this.#location(start));
    loc.searchParams.set('digest', digest);
    const res = await this.call('PUT', loc.href, {
      headers: { 'Content-Type': 'application/octet-stream' },
      body: data,
      maxBytes: LIMITS.smallBytes,
      ...(signal ? { signal } : {}),
    });
    if (res.status !== 201) throw apiError(res);
  }

  /** The upload's Location, which must stay on this registry. */
  #location(res: HttpResponse): string {
    const loc = res.headers.location;
    if (!loc) throw new HttpError(`${opOf('POST')} ${JSON.stringify(res.url)}: the registry gave no upload location`);
    const url = new URL(loc, res.url);
    const base = new URL(this.base);
    if (url.protocol !== base.protocol || url.host !== base.host) {
      throw new HttpError(`${opOf('PUT')} ${JSON.stringify(url.href)}: upload location on another address than the registry ${base.host} refused`);
    }
    return url.href;
  }
}
