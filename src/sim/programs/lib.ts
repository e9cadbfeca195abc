/** Helpers shared by the applets: option parsing as busybox's getopt32 does it, messages, file reading. */
import { EINTR, type Op, type Proc } from '../kernel/process.ts';
import { FsError } from '../fs/types.ts';
import { strerror } from './sh/errors.ts';
import { usage } from './usage.ts';

export type Gen<T> = Generator<Op, T, unknown>;

export interface Opts {
  /** Flag -> value ('' for flags without argument; last one wins). */
  flags: Map<string, string>;
  /** How many times each flag was given. */
  count: Map<string, number>;
  /** Every value of options with arguments, in order. */
  all: Map<string, string[]>;
  args: string[];
}

/**
 * getopt_long as busybox calls it: `spec` lists flag letters, ':' after a letter
 * means it takes an argument, a leading '+' stops at the first operand
 * (otherwise options and operands may mix). `longs` maps --long names to a
 * flag letter ('' suffix '=' means it takes an argument, e.g. 'lines=': 'n').
 * Prints busybox's error and usage and returns undefined on a bad option
 * (`const o = yield* getopt(p, 'ls', p.argv, 'al')`: printing a usage may wait for its text).
 */
export function* getopt(p: Proc, applet: string, argv: string[], specIn: string, longs: Record<string, string> = {}): Gen<Opts | undefined> {
  const stopAtOperand = specIn.startsWith('+');
  const spec = stopAtOperand ? specIn.slice(1) : specIn;
  const takesArg = (c: string): false | 'req' | 'opt' => {
    const i = spec.indexOf(c);
    if (i < 0 || spec[i + 1] !== ':') return false;
    return spec[i + 2] === ':' ? 'opt' : 'req';
  };
  const o: Opts = { flags: new Map(), count: new Map(), all: new Map(), args: [] };
  const set = (c: string, v: string) => {
    o.flags.set(c, v);
    o.count.set(c, (o.count.get(c) ?? 0) + 1);
    const l = o.all.get(c) ?? [];
    l.push(v);
    o.all.set(c, l);
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      o.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const matches = Object.keys(longs).filter((k) => k.replace(/=$/, '') === name || k.replace(/=$/, '').startsWith(name));
      const exact = Object.keys(longs).find((k) => k.replace(/=$/, '') === name);
      const key = exact ?? (matches.length === 1 ? matches[0] : undefined);
      if (key === undefined) {
        p.err(`${applet}: unrecognized option '${a}'\n` + (yield* usage(p, applet)));
        return undefined;
      }
      const flag = longs[key]!;
      if (key.endsWith('=')) {
        let v: string | undefined = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) {
          p.err(`${applet}: option '--${name}' requires an argument\n` + (yield* usage(p, applet)));
          return undefined;
        }
        set(flag, v);
      } else set(flag, eq > 0 ? a.slice(eq + 1) : '');
      continue;
    }
    if (a[0] !== '-' || a.length === 1) {
      if (stopAtOperand) {
        o.args.push(...argv.slice(i));
        break;
      }
      o.args.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (c === ':' || !spec.includes(c)) {
        p.err(`${applet}: invalid option -- '${c}'\n` + (yield* usage(p, applet)));
        return undefined;
      }
      const ta = takesArg(c);
      if (ta === 'opt') {
        set(c, a.slice(j + 1));
        break;
      }
      if (ta) {
        let v: string | undefined = a.slice(j + 1);
        if (v === '') v = argv[++i];
        if (v === undefined) {
          p.err(`${applet}: option requires an argument -- '${c}'\n` + (yield* usage(p, applet)));
          return undefined;
        }
        set(c, v);
        break;
      }
      set(c, '');
    }
  }
  return o;
}

export function fsCode(e: unknown): string {
  if (e instanceof FsError) return e.code;
  throw e;
}

/** "applet: msg" on stderr. */
export function err(p: Proc, applet: string, msg: string): void {
  p.err(`${applet}: ${msg}\n`);
}

/** "applet: msg: strerror" on stderr. */
export function perr(p: Proc, applet: string, msg: string, code: string): void {
  p.err(`${applet}: ${msg}: ${strerror(code)}\n`);
}

/** Prints the applet's usage; returns 1 (`return yield* showUsage(p, 'ls')`). */
export function* showUsage(p: Proc, applet: string): Gen<number> {
  p.err(yield* usage(p, applet));
  return 1;
}

/** Reads an fd to EOF. */
export function* readAll(p: Proc, fd = 0): Gen<string> {
  let out = '';
  for (;;) {
    const c = yield* p.read(fd, false, false);
    if (c === null || c === EINTR) return out;
    out += c;
  }
}

/**
 * Reads a file operand ('-' = stdin). Returns undefined after printing
 * "applet: can't open 'x': …" (or read error for directories).
 */
export function* readInput(p: Proc, applet: string, name: string): Gen<string | undefined> {
  if (name === '-') return yield* readAll(p, 0);
  try {
    const st = p.fs.stat(p.abs(name));
    if (st.type === 'dir') {
      err(p, applet, 'read error: Is a directory');
      return undefined;
    }
    if (st.type === 'char') {
      const fd = p.open(name, 'r');
      if (typeof fd === 'string') {
        perr(p, applet, `can't open '${name}'`, fd);
        return undefined;
      }
      const t = fd.tryRead(false);
      fd.close();
      return typeof t === 'string' ? t : '';
    }
    return p.fs.readText(p.abs(name));
  } catch (e) {
    perr(p, applet, `can't open '${name}'`, fsCode(e));
    return undefined;
  }
}

/** Splits text into lines keeping the final partial line (without adding "\n"). */
export function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** busybox xatoi_positive-style number parse; undefined if invalid. */
export function parseUint(s: string): number | undefined {
  return /^[0-9]+$/.test(s) ? Number(s) : undefined;
}

/** Writes in chunks with preemption points (for applets producing a lot of output). */
export function* writeOut(p: Proc, text: string): Gen<boolean> {
  const CHUNK = 16384;
  for (let i = 0; i < text.length; i += CHUNK) {
    if (!p.write(1, text.slice(i, i + CHUNK))) return false;
    if (text.length > CHUNK) yield* p.tick();
  }
  return true;
}
