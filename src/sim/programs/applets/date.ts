/** date, after busybox coreutils/date.c (UTC only: containers have no TZ by default). */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { err, fsCode, getopt, perr, showUsage } from '../lib.ts';
import { strftime } from './strftime.ts';

/**
 * busybox's parse_datestr(): "@SECONDS", "hh:mm[:ss]", "[YYYY-]MM-DD hh:mm[:ss]",
 * "YYYY-MM-DD[ T]hh:mm[:ss]", "YYYY-MM-DD", "YYYY.MM.DD-hh:mm[:ss]", "MMDDhhmm[[CC]YY][.ss]".
 * Returns ms since the epoch, or undefined.
 */
export function parseDate(s: string, nowMs: number): number | undefined {
  const now = new Date(nowMs);
  const mk = (y: number, mo: number, d: number, h: number, mi: number, se: number): number | undefined => {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return undefined;
    return Date.UTC(y, mo - 1, d, h, mi, se);
  };
  let m = /^@(-?[0-9]+)$/.exec(s);
  if (m) return Number(m[1]) * 1000;
  m = /^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$/.exec(s);
  if (m) return mk(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), +m[1]!, +m[2]!, +(m[3] ?? 0));
  m = /^([0-9]{4})[-.]([0-9]{1,2})[-.]([0-9]{1,2})(?:[ T-]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$/.exec(s);
  if (m) return mk(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  m = /^([0-9]{1,2})-([0-9]{1,2}) ([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$/.exec(s);
  if (m) return mk(now.getUTCFullYear(), +m[1]!, +m[2]!, +m[3]!, +m[4]!, +(m[5] ?? 0));
  m = /^([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})((?:[0-9]{2}){0,2})(?:\.([0-9]{2}))?$/.exec(s);
  if (m) {
    let y = now.getUTCFullYear();
    if (m[5]!.length === 4) y = +m[5]!;
    else if (m[5]!.length === 2) y = 1900 + +m[5]! + (+m[5]! < 69 ? 100 : 0);
    return mk(y, +m[1]!, +m[2]!, +m[3]!, +m[4]!, +(m[6] ?? 0));
  }
  return undefined;
}

export function* dateMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'date', p.argv, 'Rs:ud:r:I::D:', {
    rfc2822: 'R', set: 's=', utc: 'u', date: 'd=', reference: 'r=', 'rfc-email': 'R', 'iso-8601': 'I',
  });
  if (!o) return 1;
  const now = p.task.kernel.clock.now();
  let t = now;
  let args = o.args;
  let fmt: string | undefined;
  if (args[0]?.startsWith('+')) {
    fmt = args[0].slice(1);
    args = args.slice(1);
  }
  let setStr = o.flags.get('s');
  const dStr = o.flags.get('d');
  if (setStr === undefined && dStr === undefined && args.length) {
    setStr = args[0];
    args = args.slice(1);
  }
  if (args.length) return yield* showUsage(p, 'date');
  if (o.flags.has('r')) {
    const f = o.flags.get('r')!;
    try {
      t = p.fs.stat(p.abs(f)).mtimeMs;
    } catch (e) {
      perr(p, 'date', `can't stat '${f}'`, fsCode(e));
      return 1;
    }
  }
  const str = dStr ?? setStr;
  if (str !== undefined) {
    const v = parseDate(str, now);
    if (v === undefined) {
      err(p, 'date', `invalid date '${str}'`);
      return 1;
    }
    t = v;
    if (setStr !== undefined) err(p, 'date', "can't set date: Operation not permitted");
  }
  if (fmt === undefined) {
    if (o.flags.has('I')) {
      const spec = o.flags.get('I') || 'date';
      const idx = ['date', 'hours', 'minutes', 'seconds', 'ns'].indexOf(spec);
      if (idx < 0) return yield* showUsage(p, 'date');
      fmt = ['%Y-%m-%d', '%Y-%m-%dT%H+00:00', '%Y-%m-%dT%H:%M+00:00', '%Y-%m-%dT%H:%M:%S+00:00', '%Y-%m-%dT%H:%M:%S,000000000+00:00'][idx];
    } else if (o.flags.has('R')) fmt = '%a, %d %b %Y %H:%M:%S %z';
    else fmt = '%a %b %e %H:%M:%S %Z %Y';
  } else {
    // %N (nanoseconds) with optional precision.
    const ns = String(Math.floor((t % 1000) * 1e6)).padStart(9, '0');
    fmt = fmt.replace(/%(%|([0-9]*)N)/g, (m, a: string, n: string | undefined) => (a === '%' ? m : ns.slice(0, n ? Number(n) || 9 : 9)));
  }
  p.out(strftime(fmt!, t) + '\n');
  return 0;
}
