/**
 * Small pieces of Go's standard library the builder's texts depend on: unicode.IsSpace,
 * %q (strconv.Quote) and the %v / %q forms of string slices.
 */

/** unicode.IsSpace: ASCII blanks, NEL, NBSP and the Unicode space separators (not U+FEFF, unlike JS \s). */
export function isGoSpace(ch: string): boolean {
  const c = ch.codePointAt(0) ?? -1;
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** bytes.TrimLeftFunc(s, unicode.IsSpace). */
export function trimLeftGoSpace(s: string): string {
  let i = 0;
  while (i < s.length) {
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    if (!isGoSpace(ch)) break;
    i += ch.length;
  }
  return s.slice(i);
}

/** strings.TrimSpace. */
export function trimGoSpace(s: string): string {
  const left = trimLeftGoSpace(s);
  let end = left.length;
  while (end > 0) {
    const lo = left.charCodeAt(end - 1);
    const ch = lo >= 0xdc00 && lo <= 0xdfff && end >= 2 ? left.slice(end - 2, end) : left.slice(end - 1, end);
    if (!isGoSpace(ch)) break;
    end -= ch.length;
  }
  return left.slice(0, end);
}

const isPrintable = (c: number): boolean =>
  // strconv.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020
  c === 0x20 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(c));

/** strconv.Quote (Go's %q of a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 0xfffd && ch === '\ufffd') out += ch;
    else if (isPrintable(c)) out += ch;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x80) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** fmt's %q of a []string: `["a" "b"]`. */
export function goQuoteSlice(xs: readonly string[] | null | undefined): string {
  return `[${(xs ?? []).map(goQuote).join(' ')}]`;
}

/** fmt's %v of a []string: `[a b]`. */
export function goSlice(xs: readonly string[] | null | undefined): string {
  return `[${(xs ?? []).join(' ')}]`;
}

const encoder = new TextEncoder();

/** Go's string order (bytes). */
export function byteOrder(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** A copy sorted as Go sorts strings (sort.Strings, os.ReadDir). */
export function goSorted(xs: readonly string[]): string[] {
  return [...xs].sort(byteOrder);
}

/** Length of `s` in UTF-8 bytes. */
export function utf8Length(s: string): number {
  return encoder.encode(s).length;
}
