/**
 * Go's strconv quoting: Quote / QuoteToASCII / QuoteRune / CanBackquote /
 * Unquote / UnquoteChar / IsPrint, plus small rune helpers.
 *
 * Strings are JS strings; Go sees their UTF-8 encoding. A lone surrogate
 * (impossible in a decoded UTF-8 string) is treated as U+FFFD.
 */

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** strconv.IsPrint / unicode.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. */
export function isPrint(r: number): boolean {
  if (r === 0x20) return true;
  if (r < 0x20 || r === 0x7f) return false;
  if (r < 0x7f) return true;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

/** Code points of s; lone surrogates become U+FFFD. */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0xfffd;
    out.push(r >= 0xd800 && r <= 0xdfff ? 0xfffd : r);
  }
  return out;
}

/** utf8.RuneCountInString. */
export const runeCount = (s: string): number => runes(s).length;

/** len(s) in Go: the UTF-8 byte length. */
export function byteLength(s: string): number {
  let n = 0;
  for (const r of runes(s)) n += r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
  return n;
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCodePoint(r);
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex(r, 2);
  if (r < 0x10000) return '\\u' + hex(r, 4);
  return '\\U' + hex(r, 8);
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  const q = String.fromCharCode(quote);
  let out = q;
  for (const r of runes(s)) out += escapeRune(r, quote, asciiOnly);
  return out + q;
}

/** strconv.Quote: `"a\"b"`, non-printables as \n, \x7f, \u00a0, \U0001f600 (printable runes like … kept). */
export const quote = (s: string): string => quoteWith(s, 0x22, false);

/** strconv.QuoteToASCII (fmt's %+q). */
export const quoteToASCII = (s: string): string => quoteWith(s, 0x22, true);

/** strconv.QuoteRune (fmt's %q on an integer). */
export function quoteRune(r: number): string {
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) || r < 0) r = 0xfffd;
  return "'" + escapeRune(r, 0x27, false) + "'";
}

/** strconv.CanBackquote (fmt's %#q). */
export function canBackquote(s: string): boolean {
  for (const r of runes(s)) {
    if (r === 0xfeff) return false;
    if ((r < 0x20 && r !== 0x09) || r === 0x60 || r === 0x7f) return false;
  }
  return true;
}

const syntax = (): Error => new Error('invalid syntax');

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * strconv.UnquoteChar: decodes the first character or escape of s.
 * Returns [rune, tail]. Throws Error('invalid syntax').
 */
export function unquoteChar(s: string, quote: string): [number, string] {
  const first = s.codePointAt(0);
  if (first === undefined) throw syntax();
  const c = String.fromCodePoint(first);
  if (c === quote && (quote === "'" || quote === '"')) throw syntax();
  if (c !== '\\') return [first, s.slice(c.length)];
  if (s.length <= 1) throw syntax();
  const e = s[1] ?? '';
  let rest = s.slice(2);
  switch (e) {
    case 'a': return [0x07, rest];
    case 'b': return [0x08, rest];
    case 'f': return [0x0c, rest];
    case 'n': return [0x0a, rest];
    case 'r': return [0x0d, rest];
    case 't': return [0x09, rest];
    case 'v': return [0x0b, rest];
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (rest.length < n) throw syntax();
      let v = 0;
      for (let j = 0; j < n; j++) {
        if (!isHex(rest[j])) throw syntax();
        v = v * 16 + parseInt(rest[j] ?? '0', 16);
      }
      rest = rest.slice(n);
      if (e === 'x') return [v, rest]; // a single byte
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw syntax();
      return [v, rest];
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      const digits = s.slice(1, 4);
      if (!/^[0-7]{3}$/.test(digits)) throw syntax();
      const v = parseInt(digits, 8);
      if (v > 255) throw syntax();
      return [v, s.slice(4)];
    }
    case '\\': return [0x5c, rest];
    case "'":
    case '"':
      if (e !== quote) throw syntax();
      return [e.charCodeAt(0), rest];
    default:
      throw syntax();
  }
}

/**
 * strconv.Unquote for "…", `…` and '…' literals. \x and octal escapes denote
 * bytes; bytes ≥ 0x80 that do not form valid UTF-8 come back as U+FFFD.
 */
export function unquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || q !== s[s.length - 1]) throw syntax();
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw syntax();
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") throw syntax();
  if (body.includes('\n')) throw syntax();
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let rest = body;
  let count = 0;
  while (rest.length > 0) {
    const isByte = /^\\(x|[0-7])/.test(rest);
    const [r, tail] = unquoteChar(rest, q);
    if (isByte) bytes.push(r);
    else bytes.push(...enc.encode(String.fromCodePoint(r)));
    rest = tail;
    count++;
    if (q === "'" && rest.length > 0) throw syntax();
  }
  if (q === "'" && count !== 1) throw syntax();
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The first n runes of s (no ellipsis). */
export function truncateRunes(s: string, n: number): string {
  if (n <= 0) return '';
  let out = '';
  let i = 0;
  for (const ch of s) {
    if (i++ >= n) break;
    out += ch;
  }
  return out;
}

/** Go's s[:n] on the UTF-8 bytes (may split a rune: the broken tail decodes as U+FFFD). */
export function truncateBytes(s: string, n: number): string {
  const b = new TextEncoder().encode(s);
  if (n >= b.length) return s;
  return new TextDecoder().decode(b.subarray(0, Math.max(n, 0)));
}
