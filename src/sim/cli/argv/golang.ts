// Go standard-library behaviour the CLI's messages depend on: strconv.Quote (%q),
// strconv.ParseBool/ParseInt/ParseUint, time.ParseDuration, encoding/csv (one record).
// Errors are thrown as GoError with the exact text Go produces.

export class GoError extends Error {}

const namedEscapes: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

function isGoPrintable(cp: number): boolean {
  // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
  return cp === 0x20 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

function escapeRune(cp: number, quote: string): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (isGoPrintable(cp)) return ch;
  const named = namedEscapes[ch];
  if (named) return named;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** strconv.Quote / fmt %q of a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, '"');
  return out + '"';
}

/** fmt %q of a rune/byte: a single-quoted character literal ('z'). */
export function goQuoteRune(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0xfffd;
  return "'" + escapeRune(cp, "'") + "'";
}

function syntaxError(fn: string, s: string): GoError {
  return new GoError(`strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`);
}
function rangeError(fn: string, s: string): GoError {
  return new GoError(`strconv.${fn}: parsing ${goQuote(s)}: value out of range`);
}

/** strconv.ParseBool */
export function parseBool(s: string): boolean {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false;
  }
  throw syntaxError('ParseBool', s);
}

// underscoreOK reports whether the underscores in s are allowed (Go strconv).
function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const c = s[1]!.toLowerCase();
    if (c === 'b' || c === 'o' || c === 'x') {
      hex = c === 'x';
      i = 2;
      saw = '0';
    }
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint(s, base, bitSize) with the given function name in errors. Returns a bigint. */
function parseUintInner(s: string, base0: number, bitSize: number, fn: string, s0: string): bigint {
  if (s === '') throw syntaxError(fn, s0);
  let base = base0;
  const baseZero = base === 0;
  let t = s;
  if (base === 0) {
    base = 10;
    if (t[0] === '0') {
      const c = (t[1] ?? '').toLowerCase();
      if (t.length >= 3 && c === 'b') {
        base = 2;
        t = t.slice(2);
      } else if (t.length >= 3 && c === 'o') {
        base = 8;
        t = t.slice(2);
      } else if (t.length >= 3 && c === 'x') {
        base = 16;
        t = t.slice(2);
      } else {
        base = 8;
        t = t.slice(1);
      }
    }
  }
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  const b = BigInt(base);
  const cutoff = (1n << 64n) / b + 1n; // Go: maxUint64/base + 1
  let underscores = false;
  let n = 0n;
  for (const c of t) {
    let d: number;
    if (c === '_' && baseZero) {
      underscores = true;
      continue;
    } else if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
    else if (/[a-z]/i.test(c)) d = c.toLowerCase().charCodeAt(0) - 97 + 10;
    else throw syntaxError(fn, s0);
    if (d >= base) throw syntaxError(fn, s0);
    if (n >= cutoff) throw rangeError(fn, s0);
    n *= b;
    const n1 = n + BigInt(d);
    if (n1 < n || n1 > maxVal) throw rangeError(fn, s0);
    n = n1;
  }
  if (underscores && !underscoreOK(s0)) throw syntaxError(fn, s0);
  return n;
}

/** strconv.ParseUint(s, base, bitSize). */
export function parseUint(s: string, base: number, bitSize: number): bigint {
  return parseUintInner(s, base, bitSize, 'ParseUint', s);
}

/** strconv.ParseInt(s, base, bitSize). */
export function parseInt64(s: string, base: number, bitSize: number): bigint {
  if (s === '') throw syntaxError('ParseInt', s);
  let neg = false;
  let t = s;
  if (t[0] === '+') t = t.slice(1);
  else if (t[0] === '-') {
    neg = true;
    t = t.slice(1);
  }
  let un: bigint;
  try {
    un = parseUintInner(t, base, bitSize, 'ParseInt', s);
  } catch (e) {
    if (e instanceof GoError && e.message.endsWith('value out of range')) throw rangeError('ParseInt', s);
    throw e;
  }
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && un >= cutoff) throw rangeError('ParseInt', s);
  if (neg && un > cutoff) throw rangeError('ParseInt', s);
  return neg ? -un : un;
}

const durationUnits: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5
  'μs': 1000n, // U+03BC
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};

/** time.ParseDuration; returns nanoseconds. */
export function parseDuration(s: string): number {
  const orig = s;
  const invalid = () => new GoError('time: invalid duration ' + goQuote(orig));
  let d = 0n;
  let neg = false;
  if (s !== '') {
    const c = s[0];
    if (c === '-' || c === '+') {
      neg = c === '-';
      s = s.slice(1);
    }
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  const max = (1n << 63n) - 1n;
  while (s !== '') {
    let v = 0n;
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) throw invalid();
    // leading int
    let i = 0;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > 1n << 63n) throw invalid();
      i++;
    }
    const pre = i !== 0;
    s = s.slice(i);
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (j < s.length && s[j]! >= '0' && s[j]! <= '9') {
        if (!overflow) {
          if (f > max / 10n) overflow = true;
          else {
            f = f * 10n + BigInt(s.charCodeAt(j) - 48);
            scale *= 10;
          }
        }
        j++;
      }
      post = j !== 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let k = 0;
    while (k < s.length && s[k] !== '.' && !(s[k]! >= '0' && s[k]! <= '9')) k++;
    if (k === 0) throw new GoError('time: missing unit in duration ' + goQuote(orig));
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = durationUnits[u];
    if (unit === undefined) throw new GoError('time: unknown unit ' + goQuote(u) + ' in duration ' + goQuote(orig));
    if (v > max / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > max) throw invalid();
    }
    d += v;
    if (d > max) throw invalid();
  }
  if (neg) return -Number(d);
  return Number(d);
}

/** time.Duration.String() for the default displays ("0s", "30s", "1m30s"). */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  if (u < 1e9) {
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = `${trimFloat(u / 1e3)}µs`;
    else out = `${trimFloat(u / 1e6)}ms`;
  } else {
    const h = Math.floor(u / 3.6e12);
    u -= h * 3.6e12;
    const m = Math.floor(u / 6e10);
    u -= m * 6e10;
    const sec = trimFloat(u / 1e9) + 's';
    out = h > 0 ? `${h}h${m}m${sec}` : m > 0 ? `${m}m${sec}` : sec;
  }
  return neg ? '-' + out : out;
}

function trimFloat(x: number): string {
  return String(Number(x.toFixed(9)));
}

/** encoding/csv: read one record (as pflag's stringSlice does). */
export function readCsvRecord(val: string): string[] {
  if (val === '') return [];
  const out: string[] = [];
  let i = 0;
  const line = val.replace(/\r?\n$/, '');
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new GoError(`record on line 1; parse error on line 2, column 0: extraneous or missing " in quoted-field`);
        field += line.slice(i, q);
        i = q + 1;
        if (line[i] === '"') {
          field += '"';
          i++;
          continue;
        }
        if (i < line.length && line[i] !== ',') {
          throw new GoError(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        }
        break;
      }
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      field = line.slice(i, end);
      if (field.includes('"')) {
        throw new GoError(`parse error on line 1, column ${i + field.indexOf('"') + 1}: bare " in non-quoted-field`);
      }
      i = end;
    }
    out.push(field);
    if (i >= line.length) break;
    i++; // skip comma
    if (i === line.length) {
      out.push('');
      break;
    }
  }
  return out;
}
