/**
 * JSON the way Go's encoding/json writes it (compact form): objects keep the
 * insertion order given here (struct field order), strings escape `<`, `>`, `&`,
 * U+2028 and U+2029 like json.Marshal's HTML-safe default. Byte-exact output
 * matters because an image ID is the sha256 of its config JSON.
 */

const HEX = '0123456789abcdef';

export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    } else out += s[i];
  }
  return out + '"';
}

export type GoJsonValue = null | boolean | number | string | GoJsonValue[] | { [key: string]: GoJsonValue | undefined };

/** Encodes `v`; `undefined` object members are skipped (omitempty is decided by the caller). */
export function goJson(v: GoJsonValue | undefined, sortKeys = false): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (Array.isArray(v)) return '[' + v.map((x) => goJson(x, sortKeys)).join(',') + ']';
  let keys = Object.keys(v).filter((k) => v[k] !== undefined);
  if (sortKeys) keys = keys.sort(byteOrder);
  return '{' + keys.map((k) => goJsonString(k) + ':' + goJson(v[k], sortKeys)).join(',') + '}';
}

/** Go map keys are sorted by byte order (uppercase before lowercase). */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A Go map[string]X: keys sorted. */
export function goMap<T extends GoJsonValue>(m: Record<string, T> | null | undefined): { [k: string]: T } | null {
  if (!m) return null;
  const out: { [k: string]: T } = {};
  for (const k of Object.keys(m).sort(byteOrder)) out[k] = m[k]!;
  return out;
}

/**
 * Go's time.Time JSON form (RFC3339Nano, UTC, trailing zeros of the fraction
 * dropped). `ms` may carry a fraction; `extraNanos` adds sub-millisecond digits.
 */
export function goTime(ms: number, extraNanos = 0): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  const base = d.toISOString().slice(0, 19);
  const nanos = (whole - Math.floor(whole / 1000) * 1000) * 1_000_000 + Math.round((ms - whole) * 1_000_000) + extraNanos;
  if (nanos === 0) return base + 'Z';
  return base + '.' + String(nanos).padStart(9, '0').replace(/0+$/, '') + 'Z';
}

/** Parses an RFC 3339 time (with up to 9 fraction digits) to ms since the epoch. */
export function parseGoTime(s: string): number {
  return Date.parse(s.replace(/(\.\d{3})\d+/, '$1'));
}
