/**
 * Go's strconv.FormatFloat(f, fmt, prec, 64) for the formats Docker output
 * meets: 'e', 'E', 'f', 'g', 'G', with prec -1 meaning "shortest round-trip".
 *
 * Fixed precisions round the double's exact decimal expansion half-to-even,
 * like Go (JS toFixed/toPrecision round ties away from zero: 10.625 -> "10.63",
 * Go gives "10.62"). Shortest digits come from JS, whose shortest round-trip
 * digits are the same as Go's.
 */

export type FloatFmt = 'e' | 'E' | 'f' | 'g' | 'G';

/** Decimal digits `d` (no leading/trailing zeros) with value 0.d × 10^dp. */
interface Digits {
  d: string;
  dp: number;
}

/** The exact decimal expansion of a finite, non-negative double. */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString();
    dp = s.length + exp;
  }
  return { d: s.replace(/0+$/, ''), dp };
}

/** Shortest round-trip digits (same digits Go's shortest mode picks). */
function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const [mant = '', e = '0'] = x.toExponential().split('e');
  return { d: mant.replace('.', '').replace(/0+$/, ''), dp: Number(e) + 1 };
}

/** Go's decimal.Round(nd): round half to even on the exact digits. */
function round(a: Digits, nd: number): Digits {
  if (nd < 0 || nd >= a.d.length) return a;
  const next = a.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === a.d.length) {
    up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else {
    up = next >= 5;
  }
  if (!up) return { d: a.d.slice(0, nd).replace(/0+$/, ''), dp: a.dp };
  let i = nd - 1;
  while (i >= 0 && a.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: a.dp + 1 };
  return { d: a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), dp: a.dp };
}

function fmtE(neg: boolean, a: Digits, prec: number, ch: string): string {
  let s = neg ? '-' : '';
  s += a.d.length === 0 ? '0' : a.d[0];
  if (prec > 0) {
    s += '.' + a.d.slice(1, prec + 1).padEnd(prec, '0');
  }
  const exp = a.d.length === 0 ? 0 : a.dp - 1;
  s += ch + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  return s;
}

function fmtF(neg: boolean, a: Digits, prec: number): string {
  let s = neg ? '-' : '';
  if (a.dp > 0) {
    s += a.d.slice(0, a.dp).padEnd(a.dp, '0');
  } else {
    s += '0';
  }
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = a.dp + i - 1;
      s += j >= 0 && j < a.d.length ? a.d[j] : '0';
    }
  }
  return s;
}

/** strconv.FormatFloat(x, fmt, prec, 64). */
export function formatFloat(x: number, fmt: FloatFmt, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(abs);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    const exact = exactDigits(abs);
    if (fmt === 'e' || fmt === 'E') digs = round(exact, prec + 1);
    else if (fmt === 'f') digs = round(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = round(exact, prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, digs, prec, fmt);
  if (fmt === 'f') return fmtF(neg, digs, prec);
  // %e is used if the exponent is < -4 or >= the precision; shortest uses 6.
  let eprec = prec;
  if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > digs.d.length) prec = digs.d.length;
    return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > digs.dp) prec = digs.d.length;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}

/** fmt's %v for a float64: strconv 'g' shortest ("1e+06", "1.23456789e+09", "0.5"). */
export const formatFloatV = (x: number): string => formatFloat(x, 'g', -1);
