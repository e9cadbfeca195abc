/** printf (applet and ash builtin), after busybox's coreutils/printf.c. */
import type { Op, Proc, ProgramGen } from '../../kernel/process.ts';
import { escapeAt } from './escape.ts';
import { fmtFloat, fmtInt, fmtStr, type Directive } from './cformat.ts';
import { usage } from '../usage.ts';

interface State {
  out: string;
  err: boolean;
  stop: boolean;
}

function strtoll(p: Proc, name: string, argIn: string, st: State): bigint {
  let arg = argIn.replace(/^[ \t\n]+/, '');
  if (arg.startsWith('+')) arg = arg.slice(1);
  if (arg[0] === "'" || arg[0] === '"') return BigInt(arg.length > 1 ? arg.codePointAt(1)! : 0);
  const m = /^(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(arg);
  if (!m) {
    p.err(`${name}: invalid number '${argIn}'\n`);
    st.err = true;
    return 0n;
  }
  const body = m[2]!;
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body.startsWith('0')) v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  return m[1] ? -v : v;
}

function strtod(p: Proc, name: string, arg: string, st: State): number {
  const t = arg.replace(/^[ \t\n]+/, '');
  if (t[0] === "'" || t[0] === '"') return t.length > 1 ? t.codePointAt(1)! : 0;
  if (!/^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf(?:inity)?|nan|0[xX][0-9a-fA-F]+)$/i.test(t)) {
    p.err(`${name}: invalid number '${arg}'\n`);
    st.err = true;
    return 0;
  }
  return Number(t);
}

/** One pass over the format; returns how many args it consumed, or -1 to stop. */
function pass(p: Proc, name: string, f: string, args: string[], st: State): number {
  let ai = 0;
  const next = () => (ai < args.length ? args[ai++]! : undefined);
  for (let i = 0; i < f.length; i++) {
    const c = f[i]!;
    if (c === '\\') {
      i++;
      if (f[i] === 'c') {
        st.stop = true;
        return ai;
      }
      const [ch, nx] = escapeAt(f, i);
      st.out += ch;
      i = nx - 1;
      continue;
    }
    if (c !== '%') {
      st.out += c;
      continue;
    }
    const start = i;
    i++;
    if (f[i] === '%') {
      st.out += '%';
      continue;
    }
    if (f[i] === 'b') {
      const a = next();
      if (a !== undefined) {
        for (let j = 0; j < a.length; ) {
          const ch = a[j]!;
          if (ch !== '\\') {
            st.out += ch;
            j++;
            continue;
          }
          j++;
          if (a[j] === '0' && a[j + 1] !== undefined && a[j + 1]! >= '0' && a[j + 1]! < '8') j++;
          else if (a[j] === 'c') {
            st.stop = true;
            return ai;
          }
          const [e, nx] = escapeAt(a, j);
          st.out += e;
          j = nx;
        }
      }
      continue;
    }
    const d: Directive = { flags: '', width: undefined, prec: undefined, conv: '' };
    while (f[i] !== undefined && '-+ #0'.includes(f[i]!)) d.flags += f[i++];
    if (f[i] === '*') {
      i++;
      const a = next();
      if (a !== undefined) d.width = Number(strtoll(p, name, a, st));
    } else {
      let w = '';
      while (f[i] !== undefined && /[0-9]/.test(f[i]!)) w += f[i++];
      if (w) d.width = Number(w);
    }
    if (f[i] === '.') {
      i++;
      if (f[i] === '*') {
        i++;
        const a = next();
        if (a !== undefined) d.prec = Number(strtoll(p, name, a, st));
      } else {
        let w = '';
        while (f[i] !== undefined && /[0-9]/.test(f[i]!)) w += f[i++];
        d.prec = w ? Number(w) : 0;
      }
    }
    if (d.width !== undefined && d.width < 0) {
      d.flags += '-';
      d.width = -d.width;
    }
    while (f[i] === 'l' || f[i] === 'L' || f[i] === 'h' || f[i] === 'z') i++;
    const conv = f[i];
    if (conv === undefined || !'diouxXfeEgGcs'.includes(conv)) {
      p.err(`${name}: ${f.slice(start, conv === undefined ? i : i + 1)}: invalid format\n`);
      st.err = true;
      st.stop = true;
      return -1;
    }
    d.conv = conv;
    const a = next() ?? '';
    if ('di'.includes(conv) || 'ouxX'.includes(conv)) st.out += fmtInt(strtoll(p, name, a, st), d);
    else if ('feEgG'.includes(conv)) st.out += fmtFloat(strtod(p, name, a, st), d);
    else if (conv === 'c') st.out += fmtStr(a === '' ? '\0' : a[0]!, d);
    else st.out += fmtStr(a, d);
  }
  return ai;
}

/** Runs printf as `name`; returns the status (a generator: printing the usage may wait for its text). */
export function* printfRun(p: Proc, argvIn: string[], name: string): Generator<Op, number, unknown> {
  let argv = argvIn;
  if (argv[1] === '--') argv = [argv[0]!, ...argv.slice(2)];
  if (argv.length < 2) {
    if (name !== 'printf') {
      p.err(`${name}: usage: printf FORMAT [ARGUMENT...]\n`);
      return 2;
    }
    p.err(yield* usage(p, 'printf'));
    return 1;
  }
  const format = argv[1]!;
  let args = argv.slice(2);
  const st: State = { out: '', err: false, stop: false };
  for (;;) {
    const used = pass(p, name, format, args, st);
    if (st.stop || used <= 0) break;
    args = args.slice(used);
    if (!args.length) break;
  }
  if (st.out && !p.write(1, st.out)) return 1;
  return st.err ? 1 : 0;
}

export function* printfMain(p: Proc): ProgramGen {
  return yield* printfRun(p, p.argv, 'printf');
}
