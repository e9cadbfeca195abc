/** Further applets the lessons may touch: xargs df free timeout expr hexdump mount watch. */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { EINTR } from '../../kernel/process.ts';
import { signalNumber, SIGTERM } from '../../kernel/signals.ts';
import { err, getopt, readAll, readInput, showUsage } from '../lib.ts';
import { runCmd } from './files.ts';
import { humanSize } from './ls.ts';
import { findApplet } from '../registry.ts';

export function* xargsMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'xargs', p.argv, '+n:s:rxtpI:0ae:E:d:P:');
  if (!o) return 1;
  const text = yield* readAll(p, 0);
  const items = o.flags.has('0') ? text.split('\0').filter(Boolean) : (text.match(/(?:[^\s'"\\]|\\.|'[^']*'|"[^"]*")+/g) ?? []).map((w) => w.replace(/\\(.)|'([^']*)'|"([^"]*)"/g, (_m, a, b, c) => a ?? b ?? c ?? ''));
  const cmd = o.args.length ? o.args : ['echo'];
  if (!items.length && o.flags.has('r')) return 0;
  const n = o.flags.has('n') ? Math.max(1, Number(o.flags.get('n'))) : Infinity;
  const repl = o.flags.get('I');
  let status = 0;
  const batches: string[][] = [];
  if (repl !== undefined) for (const it of items) batches.push(cmd.map((c) => c.replaceAll(repl, it)));
  else if (!items.length) batches.push(cmd);
  else for (let i = 0; i < items.length; i += n === Infinity ? items.length : n) batches.push([...cmd, ...items.slice(i, i + (n === Infinity ? items.length : n))]);
  for (const b of batches) {
    if (o.flags.has('t')) p.err(b.join(' ') + '\n');
    const st = yield* runCmd(p, b);
    if (st === 255) return 124;
    if (st !== 0) status = st >= 126 ? st : 123;
  }
  return status;
}

export function* dfMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'df', p.argv, 'PkmhTaiBt:');
  if (!o) return 1;
  const h = o.flags.has('h');
  const rows: [string, number, number, string][] = [
    ['overlay', 61202244, 12473536, '/'],
    ['tmpfs', 65536, 0, '/dev'],
    ['shm', 65536, 0, '/dev/shm'],
    ['/dev/vda', 61202244, 12473536, '/etc/hosts'],
  ];
  let out = h ? 'Filesystem                Size      Used Available Use% Mounted on\n' : 'Filesystem           1K-blocks      Used Available Use% Mounted on\n';
  for (const [fs, total, used, mnt] of rows) {
    if (o.args.length && !o.args.some((a) => (a === '/' ? mnt === '/' : p.abs(a).startsWith(mnt) && mnt !== '/'))) {
      if (!(o.args.includes('/') && mnt === '/')) continue;
    }
    const avail = total - used;
    const pct = total ? Math.ceil((used * 100) / total) : 0;
    const f = (k: number) => (h ? humanSize(k * 1024).padStart(9) : String(k).padStart(9));
    out += `${fs.padEnd(20)} ${f(total)} ${f(used)} ${f(avail)} ${String(pct).padStart(3)}% ${mnt}\n`;
  }
  p.out(out);
  return 0;
}

export function* freeMain(p: Proc): ProgramGen {
  p.out(
    '              total        used        free      shared  buff/cache   available\n' +
      'Mem:        2014888      244116     1510772        2132      260000     1771464\n' +
      'Swap:             0           0           0\n',
  );
  return 0;
}

export function* timeoutMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'timeout', p.argv, '+s:k:');
  if (!o) return 1;
  let sig = SIGTERM;
  if (o.flags.has('s')) {
    sig = signalNumber(o.flags.get('s')!);
    if (sig < 0) {
      err(p, 'timeout', `unknown signal '${o.flags.get('s')}'`);
      return 1;
    }
  }
  if (o.args.length < 2) return yield* showUsage(p, 'timeout');
  const secs = Number(o.args[0]);
  if (!Number.isFinite(secs)) {
    err(p, 'timeout', `invalid number '${o.args[0]}'`);
    return 1;
  }
  const cmd = o.args.slice(1);
  const ap = cmd[0]!.includes('/') ? undefined : findApplet(cmd[0]!);
  const child = p.spawn({
    argv: cmd,
    comm: ap ? (ap.noexec ? cmd[0] : 'exe') : undefined,
    program: ap
      ? ap.main
      : function* (cp: Proc) {
          const path = cmd[0]!.includes('/') ? cmd[0]! : (cp.getenv('PATH') ?? '').split(':').map((d) => (d || '.') + '/' + cmd[0]).find((c) => cp.fs.exists(cp.abs(c))) ?? cmd[0]!;
          cp.execve(path, cmd);
          err(cp, 'timeout', `can't execute '${cmd[0]}': No such file or directory`);
          return 127;
        },
  });
  const clock = p.task.kernel.clock;
  const timer = clock.setTimer(secs * 1000, () => child.signal(sig));
  const st = yield* p.wait(child);
  clock.clearTimer(timer);
  if (st === EINTR) return 1;
  if (child.termsig) p.kill(128 + child.termsig, child.termsig);
  return st;
}

export function* exprMain(p: Proc): ProgramGen {
  const a = p.argv.slice(1);
  if (!a.length) return yield* showUsage(p, 'expr');
  let i = 0;
  const isNum = (s: string) => /^-?[0-9]+$/.test(s);
  class ExprError extends Error {}
  const num = (s: string): number => {
    if (!isNum(s)) throw new ExprError('non-numeric argument');
    return Number(s);
  };
  const primary = (): string => {
    const t = a[i++];
    if (t === undefined) throw new ExprError('syntax error');
    if (t === '(') {
      const v = orE();
      if (a[i++] !== ')') throw new ExprError('syntax error');
      return v;
    }
    if (t === 'length') return String((primary() ?? '').length);
    if (t === 'substr') {
      const s = primary();
      const pos = num(primary());
      const len = num(primary());
      return s.slice(pos - 1, pos - 1 + len);
    }
    if (t === 'index') {
      const s = primary();
      const chars = primary();
      const idx = [...s].findIndex((c) => chars.includes(c));
      return String(idx + 1);
    }
    if (t === 'match') {
      const s = primary();
      const re = primary();
      return matchOp(s, re);
    }
    return t;
  };
  const matchOp = (s: string, re: string): string => {
    const m = new RegExp('^(?:' + re.replace(/\\\(/g, '(').replace(/\\\)/g, ')') + ')').exec(s);
    if (!m) return re.includes('\\(') ? '' : '0';
    return m[1] !== undefined ? m[1] : String(m[0].length);
  };
  const colon = (): string => {
    let l = primary();
    while (a[i] === ':') {
      i++;
      l = matchOp(l, primary());
    }
    return l;
  };
  const mul = (): string => {
    let l = colon();
    while (a[i] === '*' || a[i] === '/' || a[i] === '%') {
      const op = a[i++]!;
      const r = colon();
      const x = num(l);
      const y = num(r);
      if (op !== '*' && y === 0) throw new ExprError('division by zero');
      l = String(op === '*' ? x * y : op === '/' ? Math.trunc(x / y) : x % y);
    }
    return l;
  };
  const add = (): string => {
    let l = mul();
    while (a[i] === '+' || a[i] === '-') {
      const op = a[i++]!;
      const r = mul();
      l = String(op === '+' ? num(l) + num(r) : num(l) - num(r));
    }
    return l;
  };
  const cmp = (): string => {
    let l = add();
    while (['<', '<=', '=', '==', '!=', '>=', '>'].includes(a[i] ?? '')) {
      const op = a[i++]!;
      const r = add();
      const c = isNum(l) && isNum(r) ? Number(l) - Number(r) : l < r ? -1 : l > r ? 1 : 0;
      const v = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '=' || op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '>=' ? c >= 0 : c > 0;
      l = v ? '1' : '0';
    }
    return l;
  };
  const andE = (): string => {
    let l = cmp();
    while (a[i] === '&') {
      i++;
      const r = cmp();
      l = l !== '' && l !== '0' && r !== '' && r !== '0' ? l : '0';
    }
    return l;
  };
  const orE = (): string => {
    let l = andE();
    while (a[i] === '|') {
      i++;
      const r = andE();
      l = l !== '' && l !== '0' ? l : r !== '' && r !== '0' ? r : '0';
    }
    return l;
  };
  let v: string;
  try {
    v = orE();
    if (i < a.length) throw new ExprError('syntax error');
  } catch (e) {
    if (e instanceof ExprError) {
      err(p, 'expr', e.message);
      return 2;
    }
    throw e;
  }
  p.out(v + '\n');
  return v === '' || v === '0' ? 1 : 0;
}

export function* hexdumpMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'hexdump', p.argv, 'bcCdoxvn:s:e:f:R');
  if (!o) return 1;
  const text = o.args.length ? yield* readInput(p, 'hexdump', o.args[0]!) : yield* readAll(p, 0);
  if (text === undefined) return 1;
  let bytes = new TextEncoder().encode(text);
  if (o.flags.has('n')) bytes = bytes.subarray(0, Number(o.flags.get('n')));
  let out = '';
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = [...row].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    out += `${off.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|\n`;
  }
  out += bytes.length.toString(16).padStart(8, '0') + '\n';
  p.out(out);
  return 0;
}

export function* mountMain(p: Proc): ProgramGen {
  if (p.argv.length > 1 && !p.argv.slice(1).every((a) => a.startsWith('-'))) {
    err(p, 'mount', 'permission denied (are you root?)');
    return 1;
  }
  let text = '';
  try {
    text = p.fs.readText('/proc/mounts');
  } catch {
    /* none */
  }
  p.out(
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [dev, mnt, type, opts] = l.split(' ');
        return `${dev} on ${mnt} type ${type} (${opts})\n`;
      })
      .join(''),
  );
  return 0;
}

export function* watchMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'watch', p.argv, '+n:t');
  if (!o) return 1;
  if (!o.args.length) return yield* showUsage(p, 'watch');
  const every = (Number(o.flags.get('n') ?? '2') || 2) * 1000;
  const sh = findApplet('sh')!;
  for (;;) {
    p.out('\x1b[H\x1b[J');
    if (!o.flags.has('t')) p.out(`Every ${every / 1000}s: ${o.args.join(' ')}\n\n`);
    const child = p.spawn({ argv: ['sh', '-c', o.args.join(' ')], program: sh.main, comm: 'exe' });
    yield* p.wait(child);
    yield* p.sleep(every);
  }
}
