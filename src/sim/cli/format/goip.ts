/**
 * The parts of Go's `net` package that port specs go through: ParseIP (Go 1.19:
 * IPv4 without leading zeros, IPv6 with one `::` and an optional IPv4 tail, no zone),
 * IP.String (IPv4 and IPv4-mapped as dotted quads, IPv6 with the longest run of two or
 * more zero groups as `::`) and SplitHostPort's errors.
 */

/** 16 bytes (IPv4 as ::ffff:a.b.c.d, as Go stores it), or undefined when `s` is not an IP. */
export function parseIP(s: string): number[] | undefined {
  for (const ch of s) {
    if (ch === '.') return parseIPv4(s);
    if (ch === ':') return parseIPv6(s);
  }
  return undefined;
}

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  const ip: number[] = [];
  let ellipsis = -1;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return new Array<number>(16).fill(0);
  }
  while (ip.length < 16) {
    const m = /^[0-9a-fA-F]+/.exec(rest);
    if (!m || m[0].replace(/^0+/, '').length > 4) return undefined;
    // an IPv4 tail takes the last 4 bytes
    if (rest[m[0].length] === '.') {
      if (ellipsis < 0 && ip.length !== 12) return undefined;
      if (ip.length + 4 > 16) return undefined;
      const v4 = parseIPv4(rest);
      if (!v4) return undefined;
      ip.push(...v4.slice(12));
      rest = '';
      break;
    }
    const n = parseInt(m[0], 16);
    ip.push(n >> 8, n & 0xff);
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = ip.length;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return undefined;
  if (ip.length < 16) {
    if (ellipsis < 0) return undefined;
    const fill = new Array<number>(16 - ip.length).fill(0);
    ip.splice(ellipsis, 0, ...fill);
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return ip;
}

const isV4Mapped = (ip: number[]): boolean => ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;

/** Whether the parsed address is IPv4 (Go's To4() != nil). */
export const isIPv4 = (ip: number[]): boolean => isV4Mapped(ip);

/** Go's IP.String(). */
export function formatIP(ip: number[]): string {
  if (isV4Mapped(ip)) return ip.slice(12).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i]! << 8) | ip[i + 1]!);
  // the longest run of zero groups (at least two), the first one on a tie
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, best).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(best + bestLen).map((g) => g.toString(16)).join(':');
  return `${head}::${tail}`;
}

/** ParseIP then String: the canonical form, or undefined. */
export function canonicalIP(s: string): string | undefined {
  const ip = parseIP(s);
  return ip ? formatIP(ip) : undefined;
}

/** net.SplitHostPort: [host, port], or the *AddrError text (`address X: why`). */
export function splitHostPort(hostport: string): [string, string] | { error: string } {
  const fail = (why: string) => ({ error: `address ${hostport}: ${why}` });
  const i = hostport.lastIndexOf(':');
  if (i < 0) return fail('missing port in address');
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return fail("missing ']' in address");
    if (end + 1 === hostport.length) return fail('missing port in address');
    if (end + 1 !== i) return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return fail('too many colons in address');
  }
  if (hostport.slice(j).includes('[')) return fail("unexpected '[' in address");
  if (hostport.slice(k).includes(']')) return fail("unexpected ']' in address");
  return [host, hostport.slice(i + 1)];
}

/** net.JoinHostPort: brackets around a host with a colon. */
export const joinHostPort = (host: string, port: string): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
