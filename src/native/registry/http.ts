/**
 * The one way the native backend talks to a registry: plain HTTP/1.1 over node:http,
 * to loopback only (localhost and 127.0.0.0/8, which Docker treats as insecure
 * registries by default). Every other host has no network here: a request to it
 * fails at once with the Go resolver's error, the text a daemon on a machine without
 * network prints (src/sim/images/registryTexts.ts dialError).
 *
 * Hostile servers: every body is read up to a limit given by the caller (the
 * request fails past it), a connection that sends nothing for `idleMs` fails,
 * and redirects are followed only within the same scheme, host and port (at most
 * 10, as Go's client); a redirect elsewhere fails with the error its target would
 * give (another loopback port is refused, anything else is out of reach).
 *
 * Errors are HttpError, worded as Go's *url.Error: `Get "URL": …`.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { DNS_SERVER, isLoopback } from '../../sim/images/registryTexts.ts';

export class HttpError extends Error {
  override readonly name = 'HttpError';
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
  /** The URL that answered (after redirects). */
  url: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Most bytes of the response body accepted (default 64 KiB). */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Follow same-origin redirects (default true). */
  follow?: boolean;
}

/** How long a connection may stay silent (connect, headers, body) before the request fails. */
export const timing = { idleMs: 60_000 };

const MAX_REDIRECTS = 10;
const DEFAULT_MAX_BYTES = 64 * 1024;

/** Go's url.Error Op: the method with only its first letter upper case ("Get", "Head", "Put"). */
export function opOf(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}

const quote = (url: string) => JSON.stringify(url);

/** The Go error of a request to a host this machine cannot reach (no network: the name does not resolve). */
export function unreachable(method: string, url: string): HttpError {
  const host = new URL(url).hostname;
  return new HttpError(`${opOf(method)} ${quote(url)}: dial tcp: lookup ${host} on ${DNS_SERVER}: no such host`);
}

function dialAddress(u: URL): { host: string; port: number } {
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return { host: u.hostname === 'localhost' ? '127.0.0.1' : u.hostname, port };
}

/** The error text of a failed connection or read, as Go's net package words it. */
function netError(method: string, url: string, e: NodeJS.ErrnoException): HttpError {
  const { host, port } = dialAddress(new URL(url));
  const at = `${quote(url)}`;
  // Node says "socket hang up" (code ECONNRESET) when the server closed before answering: Go's EOF
  if (/socket hang up/.test(e.message)) return new HttpError(`${opOf(method)} ${at}: EOF`);
  switch (e.code) {
    case 'ECONNREFUSED':
      return new HttpError(`${opOf(method)} ${at}: dial tcp ${host}:${port}: connect: connection refused`);
    case 'ECONNRESET':
      return new HttpError(`${opOf(method)} ${at}: read tcp ${host}:${port}: read: connection reset by peer`);
    case 'EPIPE':
      return new HttpError(`${opOf(method)} ${at}: write tcp ${host}:${port}: write: broken pipe`);
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
      return new HttpError(`${opOf(method)} ${at}: net/http: HTTP/1.x transport connection broken: malformed HTTP response`);
    default:
      return new HttpError(`${opOf(method)} ${at}: ${e.message}`);
  }
}

/** One request, no redirects. */
function once(method: string, url: string, o: RequestOptions): Promise<HttpResponse> {
  const u = new URL(url);
  if (u.protocol !== 'http:' || !isLoopback(u.hostname)) return Promise.reject(unreachable(method, url));
  const { host, port } = dialAddress(u);
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  const body = typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : o.body;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(e);
    };
    const headers: Record<string, string> = { Host: u.host, 'User-Agent': 'docker/20.10.24 go/go1.19 (container-classroom native)', ...o.headers };
    if (body) headers['Content-Length'] = String(body.length);
    const req = httpRequest({ host, port, method, path: u.pathname + u.search, headers, agent: false });
    const onAbort = () => fail(o.signal?.reason instanceof Error ? o.signal.reason : new HttpError(`${opOf(method)} ${quote(url)}: context canceled`));
    if (o.signal) {
      if (o.signal.aborted) return onAbort();
      o.signal.addEventListener('abort', onAbort, { once: true });
    }
    const done = () => o.signal?.removeEventListener('abort', onAbort);
    req.setTimeout(timing.idleMs, () => fail(new HttpError(`${opOf(method)} ${quote(url)}: net/http: timeout awaiting response (no data for ${timing.idleMs / 1000} s)`)));
    req.on('error', (e) => {
      done();
      fail(netError(method, url, e as NodeJS.ErrnoException));
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(res.headers['content-length']);
      if (method !== 'HEAD' && Number.isFinite(declared) && declared > maxBytes) {
        done();
        return fail(new HttpError(`${opOf(method)} ${quote(url)}: the response is more than the limit of ${maxBytes} bytes`));
      }
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          done();
          fail(new HttpError(`${opOf(method)} ${quote(url)}: the response is more than the limit of ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('error', (e) => {
        done();
        fail(netError(method, url, e as NodeJS.ErrnoException));
      });
      res.on('aborted', () => {
        done();
        fail(new HttpError(`${opOf(method)} ${quote(url)}: unexpected EOF`));
      });
      res.on('end', () => {
        done();
        if (settled) return;
        if (!res.complete) return fail(new HttpError(`${opOf(method)} ${quote(url)}: unexpected EOF`));
        settled = true;
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: new Uint8Array(Buffer.concat(chunks)), url });
      });
    });
    req.end(body);
  });
}

const sameOrigin = (a: URL, b: URL) => a.protocol === b.protocol && a.hostname === b.hostname && (a.port || '80') === (b.port || '80');

/** A request, following same-origin redirects. Throws HttpError. */
export async function request(url: string, o: RequestOptions = {}): Promise<HttpResponse> {
  let method = o.method ?? 'GET';
  let target = url;
  let opts = o;
  for (let hops = 0; ; hops++) {
    const res = await once(method, target, opts);
    if (![301, 302, 303, 307, 308].includes(res.status) || o.follow === false) return res;
    const location = res.headers.location;
    if (!location) return res;
    if (hops >= MAX_REDIRECTS) throw new HttpError(`${opOf(method)} ${quote(target)}: stopped after ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw new HttpError(`${opOf(method)} ${quote(target)}: failed to parse Location header ${quote(location)}`);
    }
    const from = new URL(target);
    if (!sameOrigin(from, next)) {
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new HttpError(`${opOf(method)} ${quote(next.href)}: unsupported protocol scheme ${quote(next.protocol.replace(/:$/, ''))}`);
      if (!isLoopback(next.hostname)) throw unreachable(method, next.href);
      throw new HttpError(`${opOf(method)} ${quote(next.href)}: redirect from ${from.host} to another address ${next.host} refused`);
    }
    // 303 (and 301/302 of a POST) turn into a GET without a body, as Go's client does
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      const { body: _body, ...rest } = opts;
      opts = rest;
    }
    target = next.href;
  }
}
