/** C printf conversions for one directive (flags, width, precision already parsed). */

export interface Directive {
  flags: string;
  width: number | undefined;
  prec: number | undefined;
  conv: string;
}

function pad(s: string, d: Directive, numeric: boolean): string {
  const w = d.width ?? 0;
  if (s.length >= w) return s;
  if (d.flags.includes('-')) return s + ' '.repeat(w - s.length);
  if (numeric && d.flags.includes('0') && (d.prec === undefined || !'diouxX'.includes(d.conv))) {
    const m = /^([+\- ]|0[xX])?/.exec(s)!;
    const sign = m[0];
    return sign + '0'.repeat(w - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(w - s.length) + s;
}

function expFmt(v: number, prec: number, upper: boolean): string {
  let s = v.toExponential(prec);
  s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

function gFmt(v: number, precIn: number, alt: boolean, upper: boolean): string {
  const prec = precIn === 0 ? 1 : precIn;
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  let s: string;
  const e = Number(v.toExponential(prec - 1).split('e')[1]);
  if (e < -4 || e >= prec) {
    s = v.toExponential(prec - 1);
    if (!alt) s = s.replace(/\.?0+e/, 'e');
    s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  } else {
    s = v.toFixed(Math.max(0, prec - 1 - e));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  void exp;
  return upper ? s.toUpperCase() : s;
}

/** Formats an integer (bigint for 64-bit range). */
export function fmtInt(v: bigint, d: Directive): string {
  const c = d.conv;
  let neg = false;
  let digits: string;
  if (c === 'd' || c === 'i') {
    neg = v < 0n;
    digits = (neg ? -v : v).toString();
  } else {
    const u = BigInt.asUintN(64, v);
    digits = c === 'o' ? u.toString(8) : c === 'x' ? u.toString(16) : c === 'X' ? u.toString(16).toUpperCase() : u.toString();
  }
  if (d.prec !== undefined) {
    if (d.prec === 0 && v === 0n) digits = '';
    else if (digits.length < d.prec) digits = '0'.repeat(d.prec - digits.length) + digits;
  }
  if (d.flags.includes('#')) {
    if (c === 'o' && !digits.startsWith('0')) digits = '0' + digits;
    if ((c === 'x' || c === 'X') && v !== 0n) digits = (c === 'x' ? '0x' : '0X') + digits;
  }
  let sign = '';
  if (neg) sign = '-';
  else if ((c === 'd' || c === 'i') && d.flags.includes('+')) sign = '+';
  else if ((c === 'd' || c === 'i') && d.flags.includes(' ')) sign = ' ';
  return pad(sign + digits, d, true);
}

export function fmtFloat(v: number, d: Directive): string {
  const c = d.conv;
  const prec = d.prec ?? 6;
  let s: string;
  if (!Number.isFinite(v)) s = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
  else if (c === 'f' || c === 'F') s = v.toFixed(prec);
  else if (c === 'e' || c === 'E') s = expFmt(v, prec, c === 'E');
  else s = gFmt(v, prec, d.flags.includes('#'), c === 'G');
  if (c === 'F' || c === 'E' || c === 'G') s = s.toUpperCase();
  if (v >= 0 && !s.startsWith('-')) {
    if (d.flags.includes('+')) s = '+' + s;
    else if (d.flags.includes(' ')) s = ' ' + s;
  }
  return pad(s, d, Number.isFinite(v));
}

export function fmtStr(v: string, d: Directive): string {
  const s = d.prec !== undefined ? v.slice(0, d.prec) : v;
  return pad(s, d, false);
}
