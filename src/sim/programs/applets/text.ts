/** Text applets: cat head tail wc base64 cut tee sort uniq tr rev. */
import type { Op, Proc, ProgramGen } from '../../kernel/process.ts';
import { EINTR } from '../../kernel/process.ts';
import { err, getopt, lines, perr, readAll, readInput, showUsage, writeOut } from '../lib.ts';
import { escapeAt } from './escape.ts';

/** cat streams (so `cat` on a pipe or TTY echoes as data arrives). */
export function* catMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'cat', p.argv, 'nbvteAsu');
  if (!o) return 1;
  const number = o.flags.has('n') || o.flags.has('b');
  const showEnds = o.flags.has('e') || o.flags.has('A');
  const files = o.args.length ? o.args : ['-'];
  let status = 0;
  let lineNo = 0;
  let atLineStart = true;
  const emit = (chunk: string): boolean => {
    if (!number && !showEnds && !o.flags.has('v') && !o.flags.has('t')) return p.write(1, chunk);
    let out = '';
    for (const ch of chunk) {
      if (atLineStart && number && !(o.flags.has('b') && ch === '\n')) out += String(++lineNo).padStart(6) + '\t';
      atLineStart = false;
      if (ch === '\n') {
        out += showEnds ? '$\n' : '\n';
        atLineStart = true;
      } else if (ch === '\t' && (o.flags.has('t') || o.flags.has('A'))) out += '^I';
      else out += ch;
    }
    return p.write(1, out);
  };
  for (const f of files) {
    if (f === '-') {
      for (;;) {
        const c = yield* p.read(0, false, false);
        if (c === null || c === EINTR) break;
        if (!emit(c)) return 1;
        yield* p.tick();
      }
      continue;
    }
    const fd = p.open(f, 'r');
    if (typeof fd === 'string') {
      perr(p, 'cat', `can't open '${f}'`, fd);
      status = 1;
      continue;
    }
    try {
      for (;;) {
        const c = yield* p.read(fd, false, false);
        if (c === null || c === EINTR) {
          if (fd.error) {
            err(p, 'cat', `read error: ${fd.error === 'EISDIR' ? 'Is a directory' : fd.error}`);
            status = 1;
          }
          break;
        }
        if (!emit(c)) return 1;
        yield* p.tick();
        if (c.length > 65536 * 16) break;
      }
    } finally {
      fd.close();
    }
  }
  return status;
}

/** Turns "-5" into "-n 5" (head/tail accept the old syntax). */
function oldCount(argv: string[]): string[] {
  return argv.map((a, i) => (i > 0 && /^-[0-9]+$/.test(a) ? '-n' + a.slice(1) : a));
}

function countArg(p: Proc, applet: string, v: string): number | undefined {
  const m = /^([+-]?)([0-9]+)([bkm]?)$/.exec(v);
  if (!m) {
    err(p, applet, `invalid number '${v}'`);
    return undefined;
  }
  const mult = m[3] === 'b' ? 512 : m[3] === 'k' ? 1024 : m[3] === 'm' ? 1048576 : 1;
  return Number(m[2]) * mult;
}

/** Reads at most about `n` bytes of a file, device or stdin (what head -c needs), without reading all of an endless source. */
function* readPrefix(p: Proc, applet: string, name: string, n: number): Generator<Op, string | undefined, unknown> {
  if (name === '-') {
    let buf = '';
    while (buf.length < n) {
      const d = yield* p.read(0, false, false);
      if (d === null || d === EINTR) break;
      buf += d;
    }
    return buf;
  }
  try {
    if (p.fs.stat(p.abs(name)).type === 'char') {
      const fd = p.open(name, 'r');
      if (typeof fd === 'string') return yield* readInput(p, applet, name);
      let buf = '';
      while (buf.length < n) {
        const t = fd.tryRead(false);
        if (typeof t !== 'string' || t === '') break;
        buf += t;
        if (buf.length > 65536) yield* p.tick();
      }
      fd.close();
      return buf;
    }
  } catch {
    /* readInput reports it */
  }
  return yield* readInput(p, applet, name);
}

export function* headMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'head', oldCount(p.argv), 'n:c:qv');
  if (!o) return 1;
  const nArg = o.flags.get('n');
  const cArg = o.flags.get('c');
  let n = 10;
  let bytes = false;
  let fromEnd = false;
  if (cArg !== undefined) {
    const v = countArg(p, 'head', cArg);
    if (v === undefined) return 1;
    n = v;
    bytes = true;
    fromEnd = cArg.startsWith('-');
  } else if (nArg !== undefined) {
    const v = countArg(p, 'head', nArg);
    if (v === undefined) return 1;
    n = v;
    fromEnd = nArg.startsWith('-');
  }
  const files = o.args.length ? o.args : ['-'];
  const headers = (files.length > 1 && !o.flags.has('q')) || o.flags.has('v');
  let status = 0;
  let first = true;
  for (const f of files) {
    let text: string | undefined;
    if (f === '-' && !bytes && !fromEnd) {
      // Stream: stop reading as soon as we have n lines.
      if (headers) p.out((first ? '' : '\n') + '==> standard input <==\n');
      first = false;
      let left = n;
      while (left > 0) {
        const l = yield* p.read(0, true, false);
        if (l === null || l === EINTR) break;
        p.out(l);
        left--;
      }
      continue;
    }
    // `head -c N` of a stream or a device stops after N bytes (never reads /dev/zero to the end).
    text = bytes && !fromEnd ? yield* readPrefix(p, 'head', f, n) : yield* readInput(p, 'head', f);
    if (text === undefined) {
      status = 1;
      continue;
    }
    if (headers) p.out((first ? '' : '\n') + `==> ${f === '-' ? 'standard input' : f} <==\n`);
    first = false;
    let out: string;
    if (bytes) {
      const b = new TextEncoder().encode(text);
      out = new TextDecoder().decode(fromEnd ? b.subarray(0, Math.max(0, b.length - n)) : b.subarray(0, n));
    } else {
      const ls = text.split('\n');
      const hasFinal = text.endsWith('\n');
      if (hasFinal) ls.pop();
      const keep = fromEnd ? ls.slice(0, Math.max(0, ls.length - n)) : ls.slice(0, n);
      out = keep.map((l, i) => l + (i < keep.length - 1 || hasFinal || keep.length < ls.length ? '\n' : '')).join('');
    }
    yield* writeOut(p, out);
  }
  return status;
}

export function* tailMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'tail', oldCount(p.argv), 'fFn:c:qsvh');
  if (!o) return 1;
  const nArg = o.flags.get('n');
  const cArg = o.flags.get('c');
  let n = 10;
  let bytes = false;
  let fromStart = false;
  const spec = cArg ?? nArg;
  if (spec !== undefined) {
    const v = countArg(p, 'tail', spec);
    if (v === undefined) return 1;
    n = v;
    bytes = cArg !== undefined;
    fromStart = spec.startsWith('+');
  }
  const files = o.args.length ? o.args : ['-'];
  const headers = (files.length > 1 && !o.flags.has('q')) || o.flags.has('v');
  let status = 0;
  let first = true;
  const sizes = new Map<string, number>();
  for (const f of files) {
    const text = yield* readInput(p, 'tail', f);
    if (text === undefined) {
      status = 1;
      continue;
    }
    sizes.set(f, text.length);
    if (headers) p.out((first ? '' : '\n') + `==> ${f === '-' ? 'standard input' : f} <==\n`);
    first = false;
    let out: string;
    if (bytes) {
      const b = new TextEncoder().encode(text);
      out = new TextDecoder().decode(fromStart ? b.subarray(Math.max(0, n - 1)) : b.subarray(Math.max(0, b.length - n)));
    } else {
      const ls = text.split('\n');
      const hasFinal = text.endsWith('\n');
      if (hasFinal) ls.pop();
      const keep = fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
      out = keep.map((l, i) => l + (i < keep.length - 1 || hasFinal ? '\n' : '')).join('');
    }
    yield* writeOut(p, out);
  }
  if ((o.flags.has('f') || o.flags.has('F')) && files.some((f) => f !== '-')) {
    // Follow: poll the files once a second of simulated time.
    for (;;) {
      yield* p.sleep(1000);
      for (const f of files) {
        if (f === '-') continue;
        let text: string;
        try {
          text = p.fs.readText(p.abs(f));
        } catch {
          continue;
        }
        const old = sizes.get(f) ?? 0;
        if (text.length > old) p.out(text.slice(old));
        sizes.set(f, text.length);
      }
    }
  }
  return status;
}

export function* wcMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'wc', p.argv, 'lwmcL');
  if (!o) return 1;
  const order = ['l', 'w', 'm', 'c', 'L'];
  let sel = order.filter((c) => o.flags.has(c));
  if (!sel.length) sel = ['l', 'w', 'c'];
  const files = o.args.length ? o.args : [''];
  let fmt1 = (n: number) => String(n).padStart(9);
  if (files.length <= 1 && sel.length === 1) fmt1 = (n: number) => String(n);
  const totals: Record<string, number> = { l: 0, w: 0, m: 0, c: 0, L: 0 };
  let out = '';
  let status = 0;
  const line = (c: Record<string, number>, name: string | undefined) => {
    out += sel.map((k, i) => (i === 0 ? fmt1(c[k]!) : ' ' + String(c[k]).padStart(9))).join('') + (name === undefined ? '\n' : ' ' + name + '\n');
  };
  for (const f of files) {
    const text = f === '' ? yield* readAll(p, 0) : yield* readInput(p, 'wc', f);
    if (text === undefined) {
      status = 1;
      continue;
    }
    const bytes = new TextEncoder().encode(text);
    const c: Record<string, number> = { l: 0, w: 0, m: bytes.length, c: bytes.length, L: 0 };
    let inWord = false;
    let pos = 0;
    for (const b of bytes) {
      if (b === 10) c.l!++;
      if (b >= 32 && b < 127) {
        pos++;
        if (b !== 32) {
          inWord = true;
          continue;
        }
      } else if (b >= 9 && b <= 13) {
        if (b === 9) pos = (pos | 7) + 1;
        else {
          c.L = Math.max(c.L!, pos);
          if (b !== 11) pos = 0;
        }
      } else continue;
      if (inWord) c.w!++;
      inWord = false;
    }
    if (inWord) c.w!++;
    c.L = Math.max(c.L!, pos);
    for (const k of order) totals[k] = k === 'L' ? Math.max(totals[k]!, c[k]!) : totals[k]! + c[k]!;
    line(c, f === '' ? undefined : f);
  }
  if (files.length > 1) line(totals, 'total');
  p.out(out);
  return status;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function* base64Main(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'base64', p.argv, 'dw:');
  if (!o) return 1;
  if (o.args.length > 1) return yield* showUsage(p, 'base64');
  const text = o.args.length ? yield* readInput(p, 'base64', o.args[0]!) : yield* readAll(p, 0);
  if (text === undefined) return 1;
  if (o.flags.has('d')) {
    const out: number[] = [];
    let acc = 0;
    let bits = 0;
    let bad = false;
    for (const ch of text) {
      if (ch === '\n' || ch === ' ' || ch === '\r' || ch === '\t') continue;
      if (ch === '=') break;
      const v = B64.indexOf(ch);
      if (v < 0) {
        bad = true;
        break;
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push((acc >> bits) & 255);
      }
    }
    if (bad || (bits >= 6 && !text.includes('='))) {
      err(p, 'base64', 'truncated input');
      return 1;
    }
    p.write(1, new TextDecoder().decode(new Uint8Array(out)));
    return 0;
  }
  const bytes = new TextEncoder().encode(text);
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    s += B64[b0 >> 2]! + B64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    s += b1 === undefined ? '=' : B64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    s += b2 === undefined ? '=' : B64[b2 & 63]!;
  }
  const w = o.flags.has('w') ? Number(o.flags.get('w')) : 76;
  let out = '';
  if (w > 0) for (let i = 0; i < s.length; i += w) out += s.slice(i, i + w) + '\n';
  else out = s;
  p.out(out);
  return 0;
}

function parseList(spec: string): [number, number][] | undefined {
  const out: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^([0-9]*)(-?)([0-9]*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return undefined;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    out.push([a, b]);
  }
  return out;
}

export function* cutMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'cut', p.argv, 'b:c:f:d:snO:');
  if (!o) return 1;
  const spec = o.flags.get('f') ?? o.flags.get('c') ?? o.flags.get('b');
  if (spec === undefined) {
    err(p, 'cut', 'expected a list of bytes, characters, or fields');
    return 1;
  }
  const list = parseList(spec);
  if (!list) {
    err(p, 'cut', `invalid range`);
    return 1;
  }
  const inList = (i: number) => list.some(([a, b]) => i >= a && i <= b);
  const delim = o.flags.get('d') ?? '\t';
  const files = o.args.length ? o.args : ['-'];
  let out = '';
  let status = 0;
  for (const f of files) {
    const text = yield* readInput(p, 'cut', f);
    if (text === undefined) {
      status = 1;
      continue;
    }
    for (const l of lines(text)) {
      if (o.flags.has('f')) {
        if (!l.includes(delim)) {
          if (!o.flags.has('s')) out += l + '\n';
          continue;
        }
        out += l.split(delim).filter((_, i) => inList(i + 1)).join(o.flags.get('O') ?? delim) + '\n';
      } else out += [...l].filter((_, i) => inList(i + 1)).join('') + '\n';
    }
  }
  p.out(out);
  return status;
}

export function* teeMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'tee', p.argv, 'ai');
  if (!o) return 1;
  const fds = [];
  let status = 0;
  for (const f of o.args) {
    const fd = p.open(f, o.flags.has('a') ? 'a' : 'w');
    if (typeof fd === 'string') {
      perr(p, 'tee', f, fd);
      status = 1;
    } else fds.push(fd);
  }
  for (;;) {
    const c = yield* p.read(0, false, false);
    if (c === null || c === EINTR) break;
    p.write(1, c);
    for (const fd of fds) fd.write(c);
  }
  for (const fd of fds) fd.close();
  return status;
}

export function* sortMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'sort', p.argv, 'nrufbdiMghcsmSTk:t:o:zV');
  if (!o) return 1;
  const files = o.args.length ? o.args : ['-'];
  let all: string[] = [];
  for (const f of files) {
    const t = yield* readInput(p, 'sort', f);
    if (t === undefined) return 2;
    all.push(...lines(t));
  }
  const sep = o.flags.get('t');
  const keySpec = o.flags.get('k');
  const key = (l: string): string => {
    if (!keySpec) return l;
    const m = /^([0-9]+)(?:\.[0-9]+)?[a-z]*(?:,([0-9]+))?/.exec(keySpec);
    if (!m) return l;
    const a = Number(m[1]) - 1;
    const b = m[2] ? Number(m[2]) : undefined;
    const fields = sep !== undefined ? l.split(sep) : l.trim().split(/\s+/);
    return fields.slice(a, b).join(sep ?? ' ');
  };
  const num = o.flags.has('n') || o.flags.has('g') || o.flags.has('h');
  const cmp = (x: string, y: string): number => {
    let a = key(x);
    let b = key(y);
    if (o.flags.has('f')) {
      a = a.toUpperCase();
      b = b.toUpperCase();
    }
    if (num) {
      const d = (parseFloat(a) || 0) - (parseFloat(b) || 0);
      if (d) return d;
    } else if (a !== b) return a < b ? -1 : 1;
    return o.flags.has('s') ? 0 : x < y ? -1 : x > y ? 1 : 0;
  };
  all.sort(cmp);
  if (o.flags.has('r')) all.reverse();
  if (o.flags.has('u')) all = all.filter((l, i) => i === 0 || cmp(all[i - 1]!, l) !== 0);
  const text = all.map((l) => l + '\n').join('');
  if (o.flags.has('o')) {
    p.fs.writeFile(p.abs(o.flags.get('o')!), text);
    return 0;
  }
  yield* writeOut(p, text);
  return 0;
}

export function* uniqMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'uniq', p.argv, 'cduif:s:w:');
  if (!o) return 1;
  const text = o.args[0] && o.args[0] !== '-' ? yield* readInput(p, 'uniq', o.args[0]) : yield* readAll(p, 0);
  if (text === undefined) return 1;
  const ls = lines(text);
  let out = '';
  const norm = (l: string) => (o.flags.has('i') ? l.toLowerCase() : l);
  for (let i = 0; i < ls.length; ) {
    let j = i + 1;
    while (j < ls.length && norm(ls[j]!) === norm(ls[i]!)) j++;
    const n = j - i;
    if (!(o.flags.has('d') && n === 1) && !(o.flags.has('u') && n > 1)) out += (o.flags.has('c') ? String(n).padStart(7) + ' ' : '') + ls[i] + '\n';
    i = j;
  }
  if (o.args[1]) p.fs.writeFile(p.abs(o.args[1]), out);
  else p.out(out);
  return 0;
}

function expandSet(s: string): string {
  let out = '';
  const chars: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      const [c, nx] = escapeAt(s, i + 1);
      chars.push(c);
      i = nx - 1;
    } else if (s[i] === '[' && s[i + 1] === ':') {
      const end = s.indexOf(':]', i);
      const cls = s.slice(i + 2, end);
      const ranges: Record<string, string> = { alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \t\n\r\f\v', blank: ' \t', punct: '!-/:-@[-`{-~' };
      chars.push(...expandSet(ranges[cls] ?? ''));
      i = end + 1;
    } else chars.push(s[i]!);
  }
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const a = chars[i]!.charCodeAt(0);
      const b = chars[i + 2]!.charCodeAt(0);
      for (let c = a; c <= b; c++) out += String.fromCharCode(c);
      i += 2;
    } else out += chars[i];
  }
  return out;
}

export function* trMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'tr', p.argv, 'cdsC');
  if (!o) return 1;
  if (!o.args.length) return yield* showUsage(p, 'tr');
  const set1 = expandSet(o.args[0]!);
  let set2 = o.args[1] !== undefined ? expandSet(o.args[1]) : '';
  if (set2 && set2.length < set1.length) set2 += set2[set2.length - 1]!.repeat(set1.length - set2.length);
  const inSet1 = (c: string) => (o.flags.has('c') || o.flags.has('C') ? !set1.includes(c) : set1.includes(c));
  let last = '';
  for (;;) {
    const chunk = yield* p.read(0, false, false);
    if (chunk === null || chunk === EINTR) break;
    let out = '';
    for (const c of chunk) {
      let r = c;
      if (o.flags.has('d')) {
        if (inSet1(c)) continue;
      } else if (set2 && inSet1(c)) r = o.flags.has('c') ? set2[set2.length - 1]! : set2[set1.indexOf(c)]!;
      if (o.flags.has('s') && r === last && (set2 ? set2.includes(r) : set1.includes(r))) continue;
      out += r;
      last = r;
    }
    p.write(1, out);
  }
  return 0;
}

export function* revMain(p: Proc): ProgramGen {
  const files = p.argv.length > 1 ? p.argv.slice(1) : ['-'];
  for (const f of files) {
    const t = yield* readInput(p, 'rev', f);
    if (t === undefined) return 1;
    p.out(lines(t).map((l) => [...l].reverse().join('') + '\n').join(''));
  }
  return 0;
}
