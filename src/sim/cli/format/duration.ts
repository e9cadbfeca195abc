/**
 * Durations and timestamps as Docker prints and parses them:
 * - humanDuration: docker/go-units HumanDuration ("Up 5 minutes", "2 hours ago").
 * - parseGoDuration: Go's time.ParseDuration ("300ms", "1.5h", "2h45m"), Go's errors.
 * - getTimestamp / parseTimestamp: docker's GetTimestamp for `logs --since/--until`
 *   and `events --since/--until` (moby client/internal/timestamp), and the
 *   daemon's ParseTimestamps of the string it produces.
 * Errors are GoTimeError with Go's text; docker wraps them as
 * `invalid value for "since": <text>`.
 */
import { GoTimeError, parseTime, timeQuote } from './gotime.ts';
import { quote } from './quote.ts';

export { GoTimeError } from './gotime.ts';

const SECOND = 1_000_000_000n;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

/** Go's Duration.Seconds()/Minutes()/Hours(): whole units plus the remainder as a fraction. */
const inUnits = (d: bigint, unit: bigint): number => Number(d / unit) + Number(d % unit) / Number(unit);

/** units.HumanDuration for a duration in nanoseconds. */
export function humanDurationNs(d: bigint): string {
  const seconds = Math.trunc(inUnits(d, SECOND));
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(inUnits(d, MINUTE));
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(inUnits(d, HOUR) + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(inUnits(d, HOUR)) / 24 / 365)} years`;
}

/** units.HumanDuration for a duration in milliseconds. */
export const humanDuration = (ms: number): string => humanDurationNs(BigInt(Math.round(ms * 1e6)));

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek letter mu
  ms: 1_000_000n,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};

const MAX = 1n << 63n;

/** time.ParseDuration: nanoseconds as a bigint. */
export function parseGoDurationNs(orig: string): bigint {
  const invalid = (): GoTimeError => new GoTimeError('time: invalid duration ' + timeQuote(orig));
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    if (!/^[.0-9]/.test(s)) throw invalid();
    // [0-9]*
    const intPart = /^[0-9]*/.exec(s)?.[0] ?? '';
    let v = 0n;
    for (const c of intPart) {
      if (v > MAX / 10n) throw invalid();
      v = v * 10n + BigInt(c.charCodeAt(0) - 48);
      if (v > MAX) throw invalid();
    }
    s = s.slice(intPart.length);
    // (\.[0-9]*)?
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      const frac = /^[0-9]*/.exec(s)?.[0] ?? '';
      let overflow = false;
      for (const c of frac) {
        if (overflow) continue;
        if (f > (MAX - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(c.charCodeAt(0) - 48);
        if (y > MAX) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = frac.length > 0;
      s = s.slice(frac.length);
    }
    if (intPart.length === 0 && !post) throw invalid();
    const u = /^[^.0-9]*/.exec(s)?.[0] ?? '';
    if (u === '') throw new GoTimeError('time: missing unit in duration ' + timeQuote(orig));
    s = s.slice(u.length);
    const unit = UNITS[u];
    if (unit === undefined) {
      throw new GoTimeError('time: unknown unit ' + timeQuote(u) + ' in duration ' + timeQuote(orig));
    }
    if (v > MAX / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // float64 arithmetic, exactly as Go does it
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) throw invalid();
    }
    d += v;
    if (d > MAX) throw invalid();
  }
  if (neg) return -d;
  if (d > MAX - 1n) throw invalid();
  return d;
}

/** time.ParseDuration in milliseconds (fractional for sub-millisecond durations). */
export const parseGoDuration = (s: string): number => Number(parseGoDurationNs(s)) / 1e6;

/** strconv.ParseInt(s, 10, 64) validity (sign allowed, digits only). */
const isInt64 = (s: string): boolean => /^[+-]?\d+$/.test(s) && BigInt(s) >= -MAX && BigInt(s) < MAX;

/** The daemon's ParseTimestamps(value): seconds and nanoseconds of "sec[.frac]". */
export function parseTimestamps(value: string): { seconds: number; nanos: number } {
  const dot = value.indexOf('.');
  const s = dot < 0 ? value : value.slice(0, dot);
  const n = dot < 0 ? '' : value.slice(dot + 1);
  if (!isInt64(s)) throw new GoTimeError(`strconv.ParseInt: parsing ${quote(s)}: invalid syntax`);
  const seconds = Number(s);
  if (dot < 0) return { seconds, nanos: 0 };
  if (!isInt64(n)) throw new GoTimeError(`strconv.ParseInt: parsing ${quote(n)}: invalid syntax`);
  return { seconds, nanos: Math.trunc(Number(n) * Math.pow(10, 9 - n.length)) };
}

/**
 * docker's GetTimestamp(value, now): the string the CLI sends as since/until.
 * Durations count back from now ("10m" -> unix seconds); RFC3339-like times
 * become "sec.nnnnnnnnn"; Unix timestamps pass through unchanged.
 * `localOffsetSec` is the client's UTC offset (times without a zone are local).
 */
export function getTimestamp(value: string, nowMs: number, localOffsetSec = 0): string {
  if (value !== '0') {
    let d: bigint | undefined;
    try {
      d = parseGoDurationNs(value);
    } catch {
      d = undefined;
    }
    if (d !== undefined) {
      const ns = BigInt(Math.round(nowMs)) * 1_000_000n - d;
      const floorDiv = ns / SECOND - (ns % SECOND < 0n ? 1n : 0n);
      return floorDiv.toString();
    }
  }
  const parseInLocation = !/[zZ+]/.test(value) && value.split('-').length - 1 !== 3;
  let format: string;
  if (value.includes('.')) {
    format = parseInLocation ? '2006-01-02T15:04:05.999999999' : '2006-01-02T15:04:05.999999999Z07:00';
  } else if (value.includes('T')) {
    let tcolons = value.split(':').length - 1;
    if (!parseInLocation && !/[zZ]/.test(value) && tcolons > 0) tcolons--;
    const base = tcolons === 0 ? '2006-01-02T15' : tcolons === 1 ? '2006-01-02T15:04' : '2006-01-02T15:04:05';
    format = parseInLocation ? base : base + 'Z07:00';
  } else {
    format = parseInLocation ? '2006-01-02' : '2006-01-02Z07:00';
  }
  let t;
  try {
    t = parseTime(format, value, localOffsetSec);
  } catch (e) {
    if (value.includes('-')) throw e;
    try {
      parseTimestamps(value);
    } catch {
      throw new GoTimeError(`failed to parse value as time or duration: ${quote(value)}`);
    }
    return value;
  }
  return `${t.sec}.${String(t.nsec).padStart(9, '0')}`;
}

/** getTimestamp plus the daemon's reading of it. */
export function parseTimestamp(
  value: string,
  nowMs: number,
  localOffsetSec = 0,
): { text: string; seconds: number; nanos: number } {
  const text = getTimestamp(value, nowMs, localOffsetSec);
  return { text, ...parseTimestamps(text) };
}
