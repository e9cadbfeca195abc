/**
 * Who may talk to `classroom serve`. Every HTTP request and every WebSocket upgrade
 * passes three checks, in this order:
 *  1. Host: the loopback address and this server's port (127.0.0.1:P, localhost:P,
 *     [::1]:P). Any other name means a page reached us through a name that resolves
 *     to 127.0.0.1 (DNS rebinding): refused.
 *  2. Origin: absent (not a browser: curl, the load test) or exactly one of the
 *     allowed origins (the site's). A page of any other site is refused, so it can
 *     neither use the backend nor learn anything from its answers.
 *  3. The token: 32 random bytes (64 hex digits) made at start, printed once, never
 *     stored; compared in constant time. HTTP carries it as `Authorization: Bearer`,
 *     the WebSocket handshake as the subprotocol `token.<hex>` (browsers cannot set
 *     headers on a WebSocket, and a URL would keep it in logs and history).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PROTOCOL, TOKEN_PROTOCOL_PREFIX } from './protocol.ts';

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** An origin as browsers send it: scheme://host[:port], lower case, no path. */
export function normalizeOrigin(s: string): string | undefined {
  try {
    const u = new URL(s);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

export type Refusal = { status: number; reason: string };

export interface GuardOptions {
  port: number;
  origins: ReadonlySet<string>;
  token: string;
}

export function hostRefusal(host: string | undefined, port: number): Refusal | undefined {
  const ok = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (host !== undefined && ok.has(host.toLowerCase())) return undefined;
  return { status: 403, reason: `Host '${host ?? ''}' is not this machine's loopback address with port ${port} (DNS rebinding is refused)` };
}

export function originRefusal(origin: string | undefined, origins: ReadonlySet<string>): Refusal | undefined {
  if (origin === undefined) return undefined;
  const o = normalizeOrigin(origin);
  if (o && origins.has(o)) return undefined;
  return { status: 403, reason: `Origin '${origin}' is not allowed (start classroom serve with --origin ${origin} if that is the site)` };
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function tokenRefusal(given: string | undefined, token: string): Refusal | undefined {
  if (given === undefined || given === '') return { status: 401, reason: 'missing token' };
  if (!sameToken(given, token)) return { status: 401, reason: 'wrong token' };
  return undefined;
}

/** The token of an HTTP request (Authorization: Bearer …). */
export function httpToken(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m?.[1];
}

/** The subprotocols a WebSocket handshake offers, and the token among them. */
export function wsProtocols(headers: IncomingHttpHeaders): { protocols: string[]; token: string | undefined } {
  const raw = headers['sec-websocket-protocol'];
  const protocols = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  const t = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return { protocols, token: t?.slice(TOKEN_PROTOCOL_PREFIX.length) };
}

/** Checks 1–3 for a request; undefined when it may go on. */
export function refusal(headers: IncomingHttpHeaders, given: string | undefined, o: GuardOptions): Refusal | undefined {
  return hostRefusal(headers.host, o.port) ?? originRefusal(headers.origin, o.origins) ?? tokenRefusal(given, o.token);
}

export { PROTOCOL };
