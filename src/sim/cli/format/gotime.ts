/**
 * A subset of Go's time.Parse, enough for the layouts docker's GetTimestamp
 * uses: elements 2006 01 02 15 04 05 .000… .999… Z07:00 and literal text,
 * with Go's exact ParseError texts.
 */

export class GoTimeError extends Error {}

/** time's own quote(): ASCII as is (with \" and \\), anything else as \xHH bytes. */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x80 || c < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message: string): GoTimeError {
  if (message === '') {
    return new GoTimeError(
      `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`,
    );
  }
  return new GoTimeError(`parsing time ${timeQuote(value)}${message}`);
}

const STD = /^(2006|01|02|15|04|05|Z07:00|[.,](0+|9+)(?![0-9]))/;

/** Splits a layout into [literal prefix, std element, rest] (nextStdChunk). */
function nextChunk(layout: string): [string, string, string] {
  for (let i = 0; i < layout.length; i++) {
    const m = STD.exec(layout.slice(i));
    if (m) return [layout.slice(0, i), m[0], layout.slice(i + m[0].length)];
  }
  return [layout, '', ''];
}

const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

function getnum(s: string, fixed: boolean): [number, string] | null {
  if (!isDigit(s, 0)) return null;
  if (!isDigit(s, 1)) return fixed ? null : [s.charCodeAt(0) - 48, s.slice(1)];
  return [(s.charCodeAt(0) - 48) * 10 + s.charCodeAt(1) - 48, s.slice(2)];
}

function skip(value: string, prefix: string): [string, boolean] {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return [value, false];
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return [value, false];
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return [value, true];
}

/** Fraction ".123" of nbytes bytes -> nanoseconds, or an error marker. */
function parseNanos(value: string, nbytes: number): number | null {
  if (value[0] !== '.' && value[0] !== ',') return null;
  if (nbytes > 10) nbytes = 10;
  const digits = value.slice(1, nbytes);
  if (!/^\d+$/.test(digits)) return null;
  return Number(digits) * 10 ** (10 - nbytes);
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface GoTime {
  /** Unix seconds. */
  sec: number;
  /** Nanoseconds within the second. */
  nsec: number;
}

/**
 * time.Parse(layout, value) (localOffsetSec null: UTC default) or
 * time.ParseInLocation(layout, value, FixedZone(_, localOffsetSec)).
 */
export function parseTime(layout: string, value: string, localOffsetSec = 0): GoTime {
  const alayout = layout;
  const avalue = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let zoneOffset: number | null = null;
  for (;;) {
    const [prefix, std, suffix] = nextChunk(layout);
    const [rest, ok] = skip(value, prefix);
    value = rest;
    if (!ok) throw parseError(alayout, avalue, prefix, value, '');
    if (std === '') {
      if (value.length !== 0) throw parseError(alayout, avalue, '', value, ': extra text: ' + timeQuote(value));
      break;
    }
    layout = suffix;
    const hold = value;
    let bad = false;
    let rangeErr = '';
    const num = (fixed: boolean): number => {
      const r = getnum(value, fixed);
      if (!r) {
        bad = true;
        return 0;
      }
      value = r[1];
      return r[0];
    };
    switch (std) {
      case '2006':
        if (value.length < 4 || !isDigit(value, 0) || !/^\d{4}$/.test(value.slice(0, 4))) bad = true;
        else {
          year = Number(value.slice(0, 4));
          value = value.slice(4);
        }
        break;
      case '01':
        month = num(true);
        if (!bad && (month <= 0 || month > 12)) rangeErr = 'month';
        break;
      case '02':
        day = num(true);
        break;
      case '15':
        hour = num(false);
        if (hour < 0 || hour >= 24) rangeErr = 'hour';
        break;
      case '04':
        min = num(true);
        if (min < 0 || min >= 60) rangeErr = 'minute';
        break;
      case '05': {
        sec = num(true);
        if (bad) break;
        if (sec < 0 || sec >= 60) {
          rangeErr = 'second';
          break;
        }
        // A fraction in the value but none in the layout is still accepted.
        if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
          const next = nextChunk(layout)[1];
          if (/^[.,]/.test(next)) break;
          let n = 2;
          while (n < value.length && isDigit(value, n)) n++;
          const ns = parseNanos(value, n);
          if (ns === null) bad = true;
          else nsec = ns;
          value = value.slice(n);
        }
        break;
      }
      case 'Z07:00': {
        if (value[0] === 'Z') {
          value = value.slice(1);
          zoneOffset = 0;
          break;
        }
        if (value.length < 6 || value[3] !== ':') {
          bad = true;
          break;
        }
        const sign = value[0];
        const hr = getnum(value.slice(1, 3), true);
        const mm = getnum(value.slice(4, 6), true);
        value = value.slice(6);
        if (!hr || !mm) {
          bad = true;
          break;
        }
        if (hr[0] > 24) rangeErr = 'time zone offset hour';
        if (mm[0] > 60) rangeErr = 'time zone offset minute';
        const off = (hr[0] * 60 + mm[0]) * 60;
        if (sign === '+') zoneOffset = off;
        else if (sign === '-') zoneOffset = -off;
        else bad = true;
        break;
      }
      default: {
        // fractional seconds: .000 (exact digit count) or .999 (optional, any count)
        const nines = std[1] === '9';
        if (nines) {
          if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigit(value, 1)) break;
          let i = 0;
          while (i + 1 < value.length && isDigit(value, i + 1)) i++;
          const ns = parseNanos(value, 1 + i);
          if (ns === null) bad = true;
          else nsec = ns;
          value = value.slice(1 + i);
        } else {
          const ndigit = 1 + std.length - 1;
          if (value.length < ndigit) {
            bad = true;
            break;
          }
          const ns = parseNanos(value, ndigit);
          if (ns === null) bad = true;
          else nsec = ns;
          value = value.slice(ndigit);
        }
      }
    }
    if (rangeErr !== '') throw parseError(alayout, avalue, std, value, ': ' + rangeErr + ' out of range');
    if (bad) throw parseError(alayout, avalue, std, hold, '');
  }
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > daysIn(month, year)) throw parseError(alayout, avalue, '', value, ': day out of range');
  const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
  return { sec: local - (zoneOffset ?? localOffsetSec), nsec };
}
