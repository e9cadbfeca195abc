/** Text filters for the end of a pipeline (`docker ps -a | grep busybox`): grep, head, tail, wc (GNU texts). */
import { inputText } from './files.ts';
import { type CommandContext, errnoText, hostPath } from './runtime.ts';
import { TextJoiner } from './streams.ts';

/**
 * Calls onLine for each line of the input as it arrives (stdin streams: a
 * `docker logs -f | grep x` prints matches as they come). onLine returns false to stop.
 */
async function eachLine(
  ctx: CommandContext,
  file: string,
  onLine: (line: string, newline: boolean) => boolean | void,
): Promise<boolean> {
  if (file !== '-') {
    let text: string;
    try {
      text = new TextDecoder().decode(ctx.rt.sim.host.readFile(hostPath(ctx.state.cwd, file)));
    } catch (e) {
      ctx.stdio.err.write(`${ctx.name}: ${file}: ${errnoText(e)}\n`);
      return false;
    }
    const lines = text.split('\n');
    const last = lines.pop()!;
    for (const l of lines) if (onLine(l, true) === false) return true;
    if (last !== '') onLine(last, false);
    return true;
  }
  await new Promise<void>((resolve) => {
    const j = new TextJoiner();
    let buf = '';
    let stopped = false;
    const finish = () => {
      if (stopped) return;
      stopped = true;
      off();
      resolve();
    };
    const off = ctx.stdio.in.read(
      (d) => {
        if (stopped) return;
        buf += j.text(d);
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (onLine(line, true) === false) return finish();
        }
      },
      () => {
        buf += j.flush();
        if (buf !== '' && !stopped) onLine(buf, false);
        finish();
      },
    );
    ctx.signal.addEventListener('abort', finish);
  });
  return true;
}

function usage(ctx: CommandContext, name: string, msg: string): number {
  ctx.stdio.err.write(`${name}: ${msg}\nTry '${name} --help' for more information.\n`);
  return 2;
}

/** GNU grep's basic regular expression → a JavaScript one. */
function bre(p: string): string {
  let s = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i]!;
      s += '(){}|+?'.includes(n) ? n : `\\${n}`;
    } else if ('(){}|+?'.includes(c)) s += `\\${c}`;
    else s += c;
  }
  return s;
}

export async function grep(args: string[], ctx: CommandContext): Promise<number> {
  const flags = new Set<string>();
  const rest: string[] = [];
  const patterns: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const long: Record<string, string> = { 'ignore-case': 'i', 'invert-match': 'v', count: 'c', 'line-number': 'n', 'extended-regexp': 'E', 'fixed-strings': 'F', 'word-regexp': 'w', 'line-regexp': 'x', quiet: 'q', silent: 'q' };
      const f = long[a.slice(2)];
      if (!f) return usage(ctx, 'grep', `unrecognized option '${a}'`);
      flags.add(f);
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if (ch === 'e') {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) return usage(ctx, 'grep', "option requires an argument -- 'e'");
          patterns.push(v);
          break;
        }
        if (!'ivcnEFwxqsHh'.includes(ch)) return usage(ctx, 'grep', `invalid option -- '${ch}'`);
        flags.add(ch);
      }
      continue;
    }
    rest.push(a);
  }
  if (patterns.length === 0) {
    const p = rest.shift();
    if (p === undefined) {
      ctx.stdio.err.write("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
      return 2;
    }
    patterns.push(p);
  }
  let re: RegExp;
  try {
    const one = (p: string) => {
      let src = flags.has('F') ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : flags.has('E') ? p : bre(p);
      if (flags.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
      if (flags.has('x')) src = `^(?:${src})$`;
      return src;
    };
    re = new RegExp(patterns.flatMap((p) => p.split('\n')).map(one).join('|'), flags.has('i') ? 'i' : '');
  } catch {
    ctx.stdio.err.write('grep: Invalid regular expression\n');
    return 2;
  }
  const files = rest.length ? rest : ['-'];
  const prefix = (files.length > 1 && !flags.has('h')) || flags.has('H');
  let matched = false;
  let failed = false;
  for (const f of files) {
    let count = 0;
    let n = 0;
    const shown = f === '-' ? '(standard input)' : f;
    const ok = await eachLine({ ...ctx, name: 'grep' }, f, (line, nl) => {
      n++;
      if (re.test(line) === flags.has('v')) return;
      count++;
      matched = true;
      if (flags.has('q')) return false;
      if (flags.has('c')) return;
      ctx.stdio.out.write(`${prefix ? `${shown}:` : ''}${flags.has('n') ? `${n}:` : ''}${line}\n`);
    });
    if (!ok) failed = true;
    else if (flags.has('c') && !flags.has('q')) ctx.stdio.out.write(`${prefix ? `${shown}:` : ''}${count}\n`);
    if (matched && flags.has('q')) return 0;
  }
  if (failed && !(matched && flags.has('q'))) return 2;
  return matched ? 0 : 1;
}

/** -n N, -N, -nN, --lines=N: the line count of head and tail (tail also takes +N). */
function lineCount(ctx: CommandContext, name: string, args: string[]): { n: number; fromStart: boolean; files: string[] } | number {
  let n = 10;
  let fromStart = false;
  const files: string[] = [];
  const parse = (v: string | undefined): boolean => {
    if (v === undefined) {
      usage(ctx, name, "option requires an argument -- 'n'");
      return false;
    }
    let s = v;
    if (name === 'tail' && s.startsWith('+')) {
      fromStart = true;
      s = s.slice(1);
    }
    if (!/^\d+$/.test(s)) {
      ctx.stdio.err.write(`${name}: invalid number of lines: '${v}'\n`);
      return false;
    }
    n = Number(s);
    return true;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n') {
      if (!parse(args[++i])) return 1;
    } else if (a.startsWith('-n')) {
      if (!parse(a.slice(2))) return 1;
    } else if (a.startsWith('--lines=')) {
      if (!parse(a.slice(8))) return 1;
    } else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else if (a.startsWith('-') && a !== '-') {
      usage(ctx, name, `invalid option -- '${a[1]}'`);
      return 1;
    } else files.push(a);
  }
  return { n, fromStart, files: files.length ? files : ['-'] };
}

export async function head(args: string[], ctx: CommandContext): Promise<number> {
  const o = lineCount(ctx, 'head', args);
  if (typeof o === 'number') return o;
  let status = 0;
  for (const [i, f] of o.files.entries()) {
    if (o.files.length > 1) ctx.stdio.out.write(`${i ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
    let left = o.n;
    if (left === 0) continue;
    const ok = await eachLine({ ...ctx, name: 'head' }, f, (line, nl) => {
      ctx.stdio.out.write(nl ? `${line}\n` : line);
      return --left > 0;
    });
    if (!ok) status = 1;
  }
  return status;
}

export async function tail(args: string[], ctx: CommandContext): Promise<number> {
  const o = lineCount(ctx, 'tail', args);
  if (typeof o === 'number') return o;
  let status = 0;
  for (const [i, f] of o.files.entries()) {
    if (o.files.length > 1) ctx.stdio.out.write(`${i ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
    const lines: string[] = [];
    let lastNl = true;
    const ok = await eachLine({ ...ctx, name: 'tail' }, f, (line, nl) => {
      lines.push(line);
      lastNl = nl;
    });
    if (!ok) {
      status = 1;
      continue;
    }
    const picked = o.fromStart ? lines.slice(Math.max(0, o.n - 1)) : o.n === 0 ? [] : lines.slice(-o.n);
    if (picked.length) ctx.stdio.out.write(picked.join('\n') + (lastNl ? '\n' : ''));
  }
  return status;
}

export async function wc(args: string[], ctx: CommandContext): Promise<number> {
  const flags = new Set<string>();
  const files: string[] = [];
  for (const a of args) {
    if (a.startsWith('--')) {
      const f = ({ lines: 'l', words: 'w', bytes: 'c', chars: 'm' } as Record<string, string>)[a.slice(2)];
      if (!f) {
        usage(ctx, 'wc', `unrecognized option '${a}'`);
        return 1;
      }
      flags.add(f);
    } else if (a.startsWith('-') && a !== '-') {
      for (const ch of a.slice(1)) {
        if (!'lwcm'.includes(ch)) {
          usage(ctx, 'wc', `invalid option -- '${ch}'`);
          return 1;
        }
        flags.add(ch);
      }
    } else files.push(a);
  }
  if (flags.size === 0) ['l', 'w', 'c'].forEach((f) => flags.add(f));
  const { texts, failed } = await inputText(ctx, 'wc', files);
  const enc = new TextEncoder();
  const counts = texts.map((t) => ({
    name: files.length ? t.name : '',
    l: (t.text.match(/\n/g) ?? []).length,
    w: t.text.split(/\s+/).filter(Boolean).length,
    c: enc.encode(t.text).length,
    m: [...t.text].length,
  }));
  if (counts.length > 1) {
    const sum = (k: 'l' | 'w' | 'c' | 'm') => counts.reduce((n, c) => n + c[k], 0);
    counts.push({ name: 'total', l: sum('l'), w: sum('w'), c: sum('c'), m: sum('m') });
  }
  const order = (['l', 'w', 'm', 'c'] as const).filter((k) => flags.has(k));
  // GNU wc: no padding for a single count of a single input; 7 columns for stdin; else the digits of the total size.
  const width = order.length === 1 && counts.length === 1 ? 1 : files.length === 0 ? 7 : Math.max(1, ...counts.map((c) => String(c.c).length));
  for (const c of counts) {
    const nums = order.map((k) => String(c[k]).padStart(width)).join(' ');
    ctx.stdio.out.write(c.name ? `${nums} ${c.name}\n` : `${nums}\n`);
  }
  return failed ? 1 : 0;
}
