/** ash's built-in commands (busybox 1.35, Debian's configuration). */
import { EINTR, type Op } from '../../kernel/process.ts';
import { SIGNAL_NAMES, signalNumber } from '../../kernel/signals.ts';
import { FsError } from '../../fs/types.ts';
import { resolvePath } from '../../fs/path.ts';
import type { Shell } from './shell.ts';
import { jobLine, shQuote } from './shell.ts';
import { ExitSignal, LoopSignal, ReturnSignal, ShellError, strerror } from './errors.ts';
import { goodname } from './parser.ts';
import { VEXPORT, VREADONLY } from './vars.ts';
import { echoRun } from '../applets/echo.ts';
import { printfRun } from '../applets/printf.ts';
import { testRun } from '../applets/test.ts';
import { killRun } from '../applets/kill.ts';
import { APPLET_NAMES } from '../registry.ts';
import { ArithError, evalArith } from './arith.ts';

type Gen<T> = Generator<Op, T, unknown>;
export type Builtin = (sh: Shell, argv: string[]) => Gen<number>;

export const BUILTINS = new Map<string, { fn: Builtin; special: boolean }>();

function def(names: string, special: boolean, fn: Builtin): void {
  for (const n of names.split(' ')) BUILTINS.set(n, { fn, special });
}

/** "Illegal number" check for exit/shift/return etc. */
function number(sh: Shell, s: string): number {
  if (!/^[0-9]+$/.test(s)) throw sh.fatal(`Illegal number: ${s}`);
  return Number(s);
}

// eslint-disable-next-line require-yield
function* ret(v: number): Gen<number> {
  return v;
}

def(': true', false, () => ret(0));
BUILTINS.set(':', { fn: () => ret(0), special: true });
def('false', false, () => ret(1));

def('echo', false, (sh, argv) => ret(echoRun(sh.p, argv, sh.arg0)));
def('printf', false, (sh, argv) => printfRun(sh.p, argv, sh.arg0));
def('test [ [[', false, (sh, argv) => ret(testRun(sh.p, argv, sh.arg0)));
def('kill', false, (sh, argv) => ret(killRun(sh.p, argv, sh.arg0, (spec) => jobPids(sh, spec))));

function jobPids(sh: Shell, spec: string): number[] | undefined {
  const id = spec === '%%' || spec === '%+' || spec === '%' ? sh.jobs[sh.jobs.length - 1]?.id : Number(spec.slice(1));
  const j = sh.jobs.find((x) => x.id === id);
  return j ? j.procs.filter((p) => !p.exited).map((p) => p.pid) : undefined;
}

def('exit', true, function* (sh, argv) {
  const st = argv[1] !== undefined ? number(sh, argv[1]) & 255 : sh.status;
  throw new ExitSignal(st);
});

def('return', true, function* (sh, argv) {
  const st = argv[1] !== undefined ? number(sh, argv[1]) & 255 : sh.status;
  throw new ReturnSignal(st);
});

function* loopCtl(sh: Shell, argv: string[], brk: boolean): Gen<number> {
  let n = 1;
  if (argv[1] !== undefined) {
    n = number(sh, argv[1]);
    if (n === 0) throw sh.fatal(`Illegal number: ${argv[1]}`);
  }
  if (sh.loopDepth === 0) return 0;
  throw new LoopSignal(brk, Math.min(n, sh.loopDepth));
}
def('break', true, (sh, argv) => loopCtl(sh, argv, true));
def('continue', true, (sh, argv) => loopCtl(sh, argv, false));

def('cd chdir', false, function* (sh, argv) {
  const p = sh.p;
  let args = argv.slice(1);
  let physical = false;
  while (args[0] === '-P' || args[0] === '-L') {
    physical = args[0] === '-P';
    args = args.slice(1);
  }
  void physical;
  let dest = args[0];
  let print = false;
  if (dest === undefined || dest === '') {
    dest = sh.getVar('HOME') ?? '';
    if (dest === '') return 0;
  } else if (dest === '-') {
    dest = sh.getVar('OLDPWD') || sh.getVar('PWD') || p.cwd;
    print = true;
  }
  const cur = sh.getVar('PWD') ?? p.cwd;
  const target = resolvePath(cur.startsWith('/') ? cur : p.cwd, dest);
  try {
    const st = p.fs.stat(target);
    if (st.type !== 'dir') throw new FsError('ENOTDIR', target);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    throw sh.fatal(`can't cd to ${dest}: ${strerror(e.code)}`);
  }
  sh.vars.set('OLDPWD', cur, VEXPORT);
  p.cwd = target;
  sh.vars.set('PWD', target, VEXPORT);
  if (print) p.out(target + '\n');
  return 0;
});

def('pwd', false, function* (sh) {
  sh.p.out((sh.getVar('PWD') ?? sh.p.cwd) + '\n');
  return 0;
});

def('export readonly', true, function* (sh, argv) {
  const flag = argv[0] === 'export' ? VEXPORT : VREADONLY;
  let args = argv.slice(1);
  let unexport = false;
  while (args[0]?.startsWith('-')) {
    const o = args[0];
    if (o === '--') {
      args = args.slice(1);
      break;
    }
    if (o === '-p') args = args.slice(1);
    else if (o === '-n' && flag === VEXPORT) {
      unexport = true;
      args = args.slice(1);
    } else throw sh.fatal(`illegal option ${o.slice(0, 2)}`);
  }
  if (!args.length) {
    const all = sh.vars.all().filter((v) => v.flags & flag).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let out = '';
    for (const v of all) out += `${argv[0]} ${v.name}${v.value === undefined ? '' : '=' + shSingle(v.value)}\n`;
    sh.p.out(out);
    return 0;
  }
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (!goodname(name)) throw sh.fatal(`${name}: bad variable name`);
    if (unexport) {
      const v = sh.vars.find(name);
      if (v) v.flags &= ~VEXPORT;
      continue;
    }
    if (eq >= 0) sh.assign(name, a.slice(eq + 1), flag);
    else {
      const v = sh.vars.find(name);
      if (v) v.flags |= flag;
      else sh.vars.set(name, undefined, flag);
    }
  }
  return 0;
});

/** ash's single-quoting for export -p / set. */
export function shSingle(v: string): string {
  return "'" + v.replace(/'/g, `'"'"'`) + "'";
}

def('unset', true, function* (sh, argv) {
  let args = argv.slice(1);
  let funcs = false;
  while (args[0]?.startsWith('-') && args[0].length > 1) {
    for (const c of args[0].slice(1)) {
      if (c === 'f') funcs = true;
      else if (c === 'v') funcs = false;
      else throw sh.fatal(`illegal option -${c}`);
    }
    args = args.slice(1);
  }
  for (const name of args) {
    if (funcs) {
      sh.funcs.delete(name);
      continue;
    }
    const v = sh.vars.find(name);
    if (v && v.flags & VREADONLY) throw sh.fatal(`${name}: is read only`);
    if (['IFS', 'PATH', 'PS1', 'PS2', 'PS4', 'OPTIND', 'LINENO', 'FUNCNAME', 'MAIL', 'MAILPATH', 'RANDOM'].includes(name)) {
      if (v) {
        v.value = undefined;
        v.flags &= ~VEXPORT;
      }
    } else sh.vars.unset(name);
    sh.funcs.delete(name);
  }
  return 0;
});

def('local', false, function* (sh, argv) {
  if (sh.funcDepth === 0) throw sh.fatal('not in a function');
  for (const a of argv.slice(1)) {
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (!goodname(name)) throw sh.fatal(`${name}: bad variable name`);
    sh.pushLocal(name);
    if (eq >= 0) sh.assign(name, a.slice(eq + 1));
    else if (!sh.vars.find(name)) sh.vars.set(name, undefined);
  }
  return 0;
});

def('shift', true, function* (sh, argv) {
  const n = argv[1] !== undefined ? number(sh, argv[1]) : 1;
  if (n > sh.params.length) return 1;
  sh.params = sh.params.slice(n);
  return 0;
});

const SET_OPTS: [string, string][] = [
  ['errexit', 'e'], ['noglob', 'f'], ['ignoreeof', 'I'], ['monitor', 'm'], ['noexec', 'n'], ['xtrace', 'x'], ['verbose', 'v'],
  ['noclobber', 'C'], ['allexport', 'a'], ['notify', 'b'], ['nounset', 'u'], ['errtrace', 'E'], ['vi', ''], ['pipefail', ''],
];

function setFlag(sh: Shell, c: string, on: boolean): boolean {
  switch (c) {
    case 'e':
      sh.optE = on;
      return true;
    case 'u':
      sh.optU = on;
      return true;
    case 'x':
      sh.optX = on;
      return true;
    case 'f':
      sh.optF = on;
      return true;
    case 'a':
    case 'b':
    case 'C':
    case 'E':
    case 'I':
    case 'm':
    case 'n':
    case 'v':
      return true;
  }
  return false;
}

def('set', true, function* (sh, argv) {
  const p = sh.p;
  if (argv.length === 1) {
    const all = sh.vars.all().filter((v) => v.value !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let out = '';
    for (const v of all) out += `${v.name}=${shSingle(v.name === 'LINENO' ? '' : v.value!)}\n`;
    p.out(out);
    return 0;
  }
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      sh.params = argv.slice(i);
      return 0;
    }
    if (a === '-' ) {
      i++;
      break;
    }
    if ((a[0] !== '-' && a[0] !== '+') || a.length < 2) break;
    const on = a[0] === '-';
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if (c === 'o') {
        const name = argv[++i];
        if (name === undefined) {
          let out = '';
          for (const [n, f] of SET_OPTS) {
            const v = f === 'e' ? sh.optE : f === 'u' ? sh.optU : f === 'x' ? sh.optX : f === 'f' ? sh.optF : false;
            out += on ? `${n.padEnd(16)}${v ? 'on' : 'off'}\n` : `set ${v ? '-' : '+'}o ${n}\n`;
          }
          p.out(out);
          continue;
        }
        const o = SET_OPTS.find(([n]) => n === name);
        if (!o) throw sh.fatal(`illegal option -o ${name}`);
        if (o[1]) setFlag(sh, o[1], on);
        continue;
      }
      if (!setFlag(sh, c, on)) throw sh.fatal(`illegal option ${a[0]}${c}`);
    }
  }
  if (i < argv.length) sh.params = argv.slice(i);
  return 0;
});

def('trap', true, function* (sh, argv) {
  const p = sh.p;
  let args = argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  else if (args[0]?.startsWith('-') && args[0] !== '-' && args[0].length > 1) throw sh.fatal(`illegal option ${args[0].slice(0, 2)}`);
  if (!args.length) {
    let out = '';
    for (let s = 0; s < 32; s++) {
      const act = sh.traps.get(s);
      if (act === undefined) continue;
      out += `trap -- ${shSingle(act)} ${s === 0 ? 'EXIT' : SIGNAL_NAMES[s]}\n`;
    }
    p.out(out);
    return 0;
  }
  let action: string | undefined = args[0];
  let sigs = args.slice(1);
  // "trap N..." (first arg a signal number) resets them.
  if (/^[0-9]+$/.test(args[0]!)) {
    action = undefined;
    sigs = args;
  } else if (action === '-') action = undefined;
  let status = 0;
  for (const s of sigs) {
    let n: number;
    if (s === 'EXIT' || s === '0') n = 0;
    else n = signalNumber(s);
    if (n < 0 || n >= 32) {
      sh.errmsg(`${s}: invalid signal specification`);
      status = 1;
      continue;
    }
    sh.setTrap(n, action);
  }
  return status;
});

def('wait', false, function* (sh, argv) {
  const p = sh.p;
  const targets = argv.slice(1);
  if (!targets.length) {
    for (const j of sh.jobs.slice()) {
      for (const pr of j.procs) {
        const r = yield* p.wait(pr, true);
        if (r === EINTR) return 128 + (pendingSig(sh) || 2);
      }
    }
    sh.jobs = sh.jobs.filter((j) => !j.procs.every((x) => x.exited));
    return 0;
  }
  let st = 127;
  for (const t of targets) {
    let procs;
    if (t.startsWith('%')) {
      const pids = jobPids(sh, t);
      const j = sh.jobs.find((x) => x.procs.some((pr) => pids?.includes(pr.pid)) || String(x.id) === t.slice(1));
      procs = j?.procs;
    } else {
      if (!/^[0-9]+$/.test(t)) throw sh.fatal(`Illegal number: ${t}`);
      const pid = Number(t);
      const j = sh.jobs.find((x) => x.procs.some((pr) => pr.pid === pid));
      procs = j?.procs.filter((pr) => pr.pid === pid);
      if (j && j.procs[j.procs.length - 1]!.pid === pid) procs = j.procs;
    }
    if (!procs) {
      st = 127;
      continue;
    }
    const last = procs[procs.length - 1]!;
    const seen = last.exited;
    for (const pr of procs) {
      const r = yield* p.wait(pr, true);
      if (r === EINTR) return 128 + (pendingSig(sh) || 2);
      st = r;
    }
    // ash reports a signal death it observes while waiting for this very job.
    if (!seen) sh.reportSignal(last);
  }
  sh.jobs = sh.jobs.filter((j) => !j.procs.every((x) => x.exited));
  return st;
});

function pendingSig(sh: Shell): number {
  const pend = sh.p.pending;
  for (let s = 1; s < 32; s++) if (pend & (2 ** s)) return s;
  return 0;
}

def('jobs', false, function* (sh, argv) {
  let out = '';
  const pidsOnly = argv.includes('-p');
  const long = argv.includes('-l');
  for (const j of sh.jobs) {
    if (pidsOnly) {
      out += j.procs[0]!.pid + '\n';
      continue;
    }
    let line = jobLine(j);
    if (long) {
      const head = `[${j.id}]+  ${j.procs[0]!.pid} `;
      const state = line.slice(6, 33).trimEnd();
      line = head + state + ' '.repeat(Math.max(1, 33 - head.length - state.length)) + j.cmd + '\n';
    }
    out += line;
  }
  sh.p.out(out);
  for (const j of sh.jobs) if (j.procs.every((x) => x.exited)) j.notified = true;
  sh.jobs = sh.jobs.filter((j) => !j.procs.every((x) => x.exited));
  return 0;
});

def('fg bg', false, function* (sh, argv) {
  throw sh.fatal(sh.iflag ? 'no current job' : `job control not enabled`);
  void argv;
});

def('read', false, function* (sh, argv) {
  const p = sh.p;
  let raw = false;
  let prompt: string | undefined;
  let nchars: number | undefined;
  let fd = 0;
  let timeout: number | undefined;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a[0] !== '-' || a.length === 1) break;
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      const rest = () => {
        const v = a.slice(k + 1) || argv[++i];
        k = a.length;
        if (v === undefined) throw sh.fatal(`option requires an argument -- '${c}'`);
        return v;
      };
      if (c === 'r') raw = true;
      else if (c === 's') {
        /* silent */
      } else if (c === 'p') prompt = rest();
      else if (c === 'n') nchars = Number(rest());
      else if (c === 't') timeout = Number(rest());
      else if (c === 'u') fd = Number(rest());
      else throw sh.fatal(`invalid option -- '${c}'`);
    }
  }
  const names = argv.slice(i);
  if (!names.length) names.push('REPLY');
  for (const n of names) if (!goodname(n)) throw sh.fatal(`'${n}': not a valid identifier`);
  if (prompt !== undefined && p.isatty(0)) p.write(2, prompt);
  let line = '';
  let eof = false;
  let deadlineHit = false;
  for (;;) {
    let chunk: string | null | typeof EINTR;
    if (timeout !== undefined) {
      const c = yield* readWithTimeout(sh, fd, timeout);
      if (c === undefined) {
        deadlineHit = true;
        break;
      }
      chunk = c;
    } else chunk = yield* p.read(fd, true, true);
    if (chunk === EINTR) return 128 + (pendingSig(sh) || 2);
    if (chunk === null) {
      eof = true;
      break;
    }
    line += chunk;
    if (nchars !== undefined && line.length >= nchars) {
      line = line.slice(0, nchars);
      break;
    }
    if (line.endsWith('\n')) {
      if (!raw && line.endsWith('\\\n')) {
        line = line.slice(0, -2);
        continue;
      }
      line = line.slice(0, -1);
      break;
    }
  }
  if (deadlineHit) return 1;
  // Field splitting of the line into the names; backslash escapes unless -r.
  const ifs = sh.getVar('IFS') ?? ' \t\n';
  const isWs = (c: string) => ifs.includes(c) && ' \t\n'.includes(c);
  const isSep = (c: string) => ifs.includes(c);
  const chars: { c: string; q: boolean }[] = [];
  for (let k = 0; k < line.length; k++) {
    if (!raw && line[k] === '\\' && k + 1 < line.length) {
      chars.push({ c: line[++k]!, q: true });
    } else chars.push({ c: line[k]!, q: false });
  }
  let k = 0;
  while (k < chars.length && !chars[k]!.q && isWs(chars[k]!.c)) k++;
  for (let n = 0; n < names.length; n++) {
    const last = n === names.length - 1;
    let val = '';
    if (last) {
      let end = chars.length;
      while (end > k && !chars[end - 1]!.q && isWs(chars[end - 1]!.c)) end--;
      val = chars.slice(k, end).map((x) => x.c).join('');
      k = chars.length;
    } else {
      while (k < chars.length && (chars[k]!.q || !isSep(chars[k]!.c))) val += chars[k++]!.c;
      if (k < chars.length) {
        let sawNonWs = false;
        while (k < chars.length && !chars[k]!.q && isSep(chars[k]!.c)) {
          if (!isWs(chars[k]!.c)) {
            if (sawNonWs) break;
            sawNonWs = true;
          }
          k++;
        }
      }
    }
    sh.assign(names[n]!, val);
  }
  return eof && line === '' ? 1 : eof ? 1 : 0;
});

function* readWithTimeout(sh: Shell, fd: number, secs: number): Gen<string | null | typeof EINTR | undefined> {
  const p = sh.p;
  const f = p.fds[fd];
  if (!f) return null;
  const r = f.tryRead(true);
  if (r !== undefined) return r;
  const clock = p.task.kernel.clock;
  const v = yield* p.block((wake) => {
    const cancelRead = f.waitReadable(() => wake('data'));
    const id = clock.setTimer(secs * 1000, () => wake('timeout'));
    return () => {
      cancelRead();
      clock.clearTimer(id);
    };
  }, true);
  if (v === EINTR) return EINTR;
  if (v === 'timeout') return undefined;
  return f.tryRead(true) ?? undefined;
}

def('eval', true, function* (sh, argv) {
  const src = argv.slice(1).join(' ');
  if (!src.trim()) return 0;
  const prev = sh.commandname;
  sh.commandname = prev === 'eval' ? null : prev;
  try {
    return yield* sh.evalString(src, 0);
  } finally {
    sh.commandname = prev;
  }
});

def('. source', true, function* (sh, argv) {
  const p = sh.p;
  const name = argv[1];
  if (name === undefined) throw sh.fatal('.: filename argument required');
  let path = name;
  if (!name.includes('/')) {
    const dirs = (sh.getVar('PATH') ?? '').split(':');
    const found = dirs.map((d) => (d || '.') + '/' + name).find((c) => {
      try {
        return p.fs.stat(p.abs(c)).type === 'file';
      } catch {
        return false;
      }
    });
    path = found ?? name;
  }
  let text: string;
  try {
    text = p.fs.readText(p.abs(path));
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    throw sh.fatal(`can't open '${name}': ${strerror(e.code)}`);
  }
  const oldParams = sh.params;
  if (argv.length > 2) sh.params = argv.slice(2);
  const prev = sh.commandname;
  sh.commandname = null;
  try {
    return yield* sh.evalString(text, 0);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    sh.commandname = prev;
    if (argv.length > 2) sh.params = oldParams;
  }
});

def('exec', true, function* (sh, argv) {
  if (argv.length < 2) return 0;
  const name = argv[1]!;
  const args = argv.slice(1);
  const cmd = sh.resolve(name);
  if (cmd.kind === 'builtin' || cmd.kind === 'func' || cmd.kind === 'notfound') {
    if (cmd.kind === 'notfound') {
      sh.errmsg(`${name}: not found`);
      throw new ExitSignal(127);
    }
  }
  // exec replaces the shell: run it "in place" (EV_EXIT with no traps considered).
  const traps = sh.traps;
  sh.traps = new Map();
  try {
    const st = yield* sh.runExternal(cmd.kind === 'builtin' || cmd.kind === 'func' ? { kind: 'applet', name } : cmd, args, [], [], 1);
    throw new ExitSignal(st);
  } finally {
    sh.traps = traps;
  }
});

def('command', false, function* (sh, argv) {
  let args = argv.slice(1);
  let mode = '';
  while (args[0] === '-v' || args[0] === '-V' || args[0] === '-p') {
    if (args[0] !== '-p') mode = args[0]!;
    args = args.slice(1);
  }
  if (!args.length) return 0;
  if (mode) {
    let st = 0;
    for (const a of args) {
      const line = describe(sh, a, mode === '-V');
      if (line === undefined) {
        if (mode === '-V') sh.p.err(`${a}: not found\n`);
        st = 127;
      } else sh.p.out(line + '\n');
    }
    return st;
  }
  const cmd = sh.resolve(args[0]!);
  if (cmd.kind === 'builtin') return yield* cmd.fn(sh, args);
  if (cmd.kind === 'notfound') {
    sh.errmsg(`${args[0]}: not found`);
    return 127;
  }
  return yield* sh.runExternal(cmd.kind === 'func' ? sh.resolveNoFunc(args[0]!) : cmd, args, [], [], 0);
});

const KEYWORDS = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'then', 'until', 'while', '{', '}']);

function describe(sh: Shell, name: string, verbose: boolean): string | undefined {
  if (KEYWORDS.has(name)) return verbose ? `${name} is a shell keyword` : name;
  const cmd = sh.resolve(name);
  switch (cmd.kind) {
    case 'func':
      return verbose ? `${name} is a function` : name;
    case 'builtin':
      return verbose ? `${name} is a ${cmd.special ? 'special shell builtin' : 'shell builtin'}` : name;
    case 'applet':
      return verbose ? `${name} is ${name}` : name;
    case 'path':
      return verbose ? `${name} is ${cmd.path}` : cmd.path;
  }
  return undefined;
}

def('type', false, function* (sh, argv) {
  let st = 0;
  for (const a of argv.slice(1)) {
    const line = describe(sh, a, true);
    if (line === undefined) {
      sh.p.out(`${a}: not found\n`);
      st = 127;
    } else sh.p.out(line + '\n');
  }
  return st;
});

def('hash', false, () => ret(0));

def('help', false, function* (sh) {
  const names = ['.', ':', '[', '[[', 'alias', 'bg', 'break', 'cd', 'chdir', 'command', 'continue', 'echo', 'eval', 'exec', 'exit', 'export', 'false',
    'fg', 'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift',
    'source', 'test', 'times', 'trap', 'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait', ...APPLET_NAMES];
  let out = 'Built-in commands:\n------------------\n';
  let col = 0;
  for (const n of names) {
    const piece = (col === 0 ? '\t' : ' ') + n;
    out += piece;
    col += piece.length;
    if (col > 60) {
      out += '\n';
      col = 0;
    }
  }
  sh.p.out(out + '\n');
  return 0;
});

def('times', true, function* (sh) {
  sh.p.out('0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
  return 0;
});

def('umask', false, function* (sh, argv) {
  const a = argv.slice(1);
  const umaskValue = sh.p.umask;
  if (a[0] === '-S') {
    const m = ~umaskValue & 0o777;
    const part = (shift: number) => (m >> shift & 4 ? 'r' : '') + (m >> shift & 2 ? 'w' : '') + (m >> shift & 1 ? 'x' : '');
    sh.p.out(`u=${part(6)},g=${part(3)},o=${part(0)}\n`);
    return 0;
  }
  if (!a.length) {
    sh.p.out(umaskValue.toString(8).padStart(4, '0') + '\n');
    return 0;
  }
  if (!/^[0-7]+$/.test(a[0]!)) throw sh.fatal(`Illegal mode: ${a[0]}`);
  sh.p.umask = parseInt(a[0]!, 8) & 0o777;
  return 0;
});

def('ulimit', false, function* (sh, argv) {
  const a = argv.slice(1);
  sh.p.out(a.includes('-n') ? '1048576\n' : 'unlimited\n');
  return 0;
});

def('let', false, function* (sh, argv) {
  if (argv.length < 2) throw sh.fatal('expression expected');
  let v = 0;
  for (const e of argv.slice(1)) {
    try {
      v = evalArith(e, sh.arithVars);
    } catch (err) {
      if (err instanceof ArithError) throw sh.fatal(err.message);
      throw err;
    }
  }
  return v === 0 ? 1 : 0;
});

def('alias unalias', false, () => ret(0));
def('history', false, () => ret(0));

def('getopts', false, function* (sh, argv) {
  const spec = argv[1];
  const name = argv[2];
  if (spec === undefined || name === undefined) throw sh.fatal('usage: getopts optstring var [arg...]');
  const args = argv.length > 3 ? argv.slice(3) : sh.params;
  let ind = Number(sh.getVar('OPTIND') ?? '1') || 1;
  const state = sh as unknown as { optoff?: number };
  let off = state.optoff ?? 1;
  const cur = args[ind - 1];
  if (cur === undefined || cur[0] !== '-' || cur === '-' || cur === '--') {
    if (cur === '--') ind++;
    sh.assign('OPTIND', String(ind));
    sh.assign(name, '?');
    state.optoff = 1;
    return 1;
  }
  const c = cur[off]!;
  off++;
  const i = spec.indexOf(c);
  const silent = spec.startsWith(':');
  let ret = 0;
  if (i < 0 || c === ':') {
    if (!silent) sh.p.err(`${sh.arg0}: illegal option -- ${c}\n`);
    sh.assign(name, '?');
    if (silent) sh.assign('OPTARG', c);
  } else if (spec[i + 1] === ':') {
    let arg: string | undefined = cur.slice(off);
    if (arg === '') {
      arg = args[ind];
      ind++;
    }
    off = cur.length;
    if (arg === undefined) {
      if (!silent) sh.p.err(`${sh.arg0}: option requires an argument -- ${c}\n`);
      sh.assign(name, silent ? ':' : '?');
      if (silent) sh.assign('OPTARG', c);
    } else {
      sh.assign('OPTARG', arg);
      sh.assign(name, c);
    }
  } else sh.assign(name, c);
  if (off >= cur.length) {
    ind++;
    off = 1;
  }
  state.optoff = off;
  sh.assign('OPTIND', String(ind));
  return ret;
});

export { ShellError, shQuote };
