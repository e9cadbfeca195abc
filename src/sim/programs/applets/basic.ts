/** Small applets: true false sleep usleep yes seq hostname uname id whoami groups env printenv pwd basename dirname tty nproc clear sync arch uptime. */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { err, getopt, showUsage, type Gen } from '../lib.ts';
import { usage } from '../usage.ts';
import { groupByGid, groups as allGroups, userByName, userByUid } from '../../kernel/users.ts';
import { fmtFloat } from './cformat.ts';
import { findApplet } from '../registry.ts';

export function* trueMain(): ProgramGen {
  return 0;
}

export function* falseMain(): ProgramGen {
  return 1;
}

function* durationMs(p: Proc, s: string): Gen<number | undefined> {
  const suffix: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
  if (s.includes('.')) {
    const m = /^([0-9.]*)(.*)$/.exec(s)!;
    const num = m[1]!;
    if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(num) || suffix[m[2]!] === undefined) {
      p.err(yield* usage(p, 'sleep'));
      return undefined;
    }
    return Number(num) * suffix[m[2]!]! * 1000;
  }
  const m = /^([0-9]+)([smhd]?)$/.exec(s);
  if (!m) {
    err(p, 'sleep', `invalid number '${s}'`);
    return undefined;
  }
  return Number(m[1]) * suffix[m[2]!]! * 1000;
}

export function* sleepMain(p: Proc): ProgramGen {
  const args = p.argv.slice(1);
  if (args[0] === '--help') return yield* showUsage(p, 'sleep');
  if (!args.length) return yield* showUsage(p, 'sleep');
  if (args[0]!.slice(0, 3).toLowerCase() === 'inf') {
    for (;;) yield* p.sleep(2147483647 * 1000);
  }
  let ms = 0;
  for (const a of args) {
    const d = yield* durationMs(p, a);
    if (d === undefined) return 1;
    ms += d;
  }
  yield* p.sleep(ms);
  return 0;
}

export function* usleepMain(p: Proc): ProgramGen {
  const a = p.argv[1];
  if (a === undefined) return yield* showUsage(p, 'usleep');
  if (!/^[0-9]+$/.test(a)) {
    err(p, 'usleep', `invalid number '${a}'`);
    return 1;
  }
  yield* p.sleep(Number(a) / 1000);
  return 0;
}

export function* yesMain(p: Proc): ProgramGen {
  const line = (p.argv.length > 1 ? p.argv.slice(1).join(' ') : 'y') + '\n';
  const chunk = line.repeat(Math.max(1, Math.floor(4096 / line.length)));
  for (;;) {
    if (!p.write(1, chunk)) return 1;
    yield* p.tick();
  }
}

function seqNum(s: string): number | undefined {
  return /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s) ? Number(s) : undefined;
}

export function* seqMain(p: Proc): ProgramGen {
  // seq's options must come first (negative numbers look like options).
  let sep = '\n';
  let width = false;
  let fmt: string | undefined;
  let i = 1;
  const argv = p.argv;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-w') width = true;
    else if (a === '-s') sep = argv[++i] ?? '\n';
    else if (a.startsWith('-s')) sep = a.slice(2);
    else if (a === '-f') fmt = argv[++i];
    else if (a === '--') {
      i++;
      break;
    } else break;
  }
  const nums = argv.slice(i);
  if (nums.length < 1 || nums.length > 3) return yield* showUsage(p, 'seq');
  const vals: number[] = [];
  for (const n of nums) {
    const v = seqNum(n);
    if (v === undefined) return yield* showUsage(p, 'seq');
    vals.push(v);
  }
  const first = nums.length > 1 ? vals[0]! : 1;
  const inc = nums.length === 3 ? vals[1]! : 1;
  const last = vals[vals.length - 1]!;
  const frac = Math.max(0, ...nums.slice(0, nums.length === 3 ? 2 : nums.length - 1).map((n) => (n.includes('.') ? n.length - n.indexOf('.') - 1 : 0)), nums.length === 1 ? 0 : 0);
  const fmtOne = (v: number): string => {
    if (fmt) return fmtFloat(v, { flags: '', width: undefined, prec: undefined, conv: 'g' });
    let s = v.toFixed(frac);
    if (width) {
      const w = Math.max(...[first, last].map((x) => x.toFixed(frac).length));
      const neg = s.startsWith('-');
      s = (neg ? '-' : '') + s.replace('-', '').padStart(w - (neg ? 1 : 0), '0');
    }
    return s;
  };
  if (inc === 0) return 0;
  let out = '';
  let n = 0;
  let started = false;
  for (let k = 0; ; k++) {
    const v = first + k * inc;
    if (inc > 0 ? v > last + 1e-10 : v < last - 1e-10) break;
    out += (started ? sep : '') + fmtOne(v);
    started = true;
    if (++n % 4096 === 0) {
      if (!p.write(1, out)) return 1;
      out = '';
      yield* p.tick();
    }
  }
  if (started) out += '\n';
  p.write(1, out);
  return 0;
}

export function* hostnameMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'hostname', p.argv, 'sidfF:');
  if (!o) return 1;
  if (o.args.length || o.flags.has('F')) {
    err(p, 'hostname', 'sethostname: Operation not permitted');
    return 1;
  }
  let h = p.hostname;
  if (o.flags.has('s')) h = h.split('.')[0]!;
  else if (o.flags.has('d')) h = h.includes('.') ? h.slice(h.indexOf('.') + 1) : '';
  else if (o.flags.has('i')) h = '172.17.0.2';
  p.out(h + '\n');
  return 0;
}

export function* unameMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'uname', p.argv, 'amnrspvio', { all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', 'kernel-version': 'v', machine: 'm', processor: 'p', 'hardware-platform': 'i', 'operating-system': 'o' });
  if (!o) return 1;
  if (o.args.length) return yield* showUsage(p, 'uname');
  const u = p.task.kernel.uname;
  const all = o.flags.has('a');
  const fields: [string, string][] = [
    ['s', u.sysname], ['n', p.hostname], ['r', u.release], ['v', u.version], ['m', u.machine], ['p', 'unknown'], ['i', 'unknown'], ['o', 'GNU/Linux'],
  ];
  let sel = fields.filter(([f]) => o.flags.has(f));
  if (all) sel = fields.filter(([f, v]) => !((f === 'p' || f === 'i') && v === 'unknown'));
  if (!sel.length) sel = [fields[0]!];
  p.out(sel.map(([, v]) => v).join(' ') + '\n');
  return 0;
}

function gidsOf(p: Proc, uid: number, gid: number): number[] {
  const u = userByUid(p.fs, uid);
  const out = [gid];
  if (u) for (const g of allGroups(p.fs)) if (g.members.includes(u.name) && !out.includes(g.gid)) out.push(g.gid);
  return out;
}

export function* idMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'id', p.argv, 'ugGnr');
  if (!o) return 1;
  let uid = p.uid;
  let gid = p.gid;
  if (o.args.length) {
    const name = o.args[0]!;
    const u = /^[0-9]+$/.test(name) ? userByUid(p.fs, Number(name)) : userByName(p.fs, name);
    if (!u) {
      err(p, 'id', `unknown user ${name}`);
      return 1;
    }
    uid = u.uid;
    gid = u.gid;
  }
  const uname = (x: number) => userByUid(p.fs, x)?.name;
  const gname = (x: number) => groupByGid(p.fs, x)?.name;
  const n = o.flags.has('n');
  const one = (id: number, name: string | undefined) => (n ? (name ?? String(id)) : String(id));
  if (o.flags.has('u')) {
    p.out(one(uid, uname(uid)) + '\n');
    return 0;
  }
  if (o.flags.has('g')) {
    p.out(one(gid, gname(gid)) + '\n');
    return 0;
  }
  // runc gives a container process its primary group plus the groups /etc/group lists it in.
  const gids = gidsOf(p, uid, gid);
  if (o.flags.has('G')) {
    p.out(gids.map((g) => one(g, gname(g))).join(' ') + '\n');
    return 0;
  }
  const fmt = (id: number, name: string | undefined) => (name !== undefined ? `${id}(${name})` : String(id));
  let s = `uid=${fmt(uid, uname(uid))} gid=${fmt(gid, gname(gid))}`;
  s += ` groups=${gids.map((g) => fmt(g, gname(g))).join(',')}`;
  p.out(s + '\n');
  return 0;
}

export function* whoamiMain(p: Proc): ProgramGen {
  const u = userByUid(p.fs, p.uid);
  if (!u) {
    err(p, 'whoami', `unknown uid ${p.uid}`);
    return 1;
  }
  p.out(u.name + '\n');
  return 0;
}

export function* groupsMain(p: Proc): ProgramGen {
  const name = p.argv[1];
  const u = name ? userByName(p.fs, name) : userByUid(p.fs, p.uid);
  if (name && !u) {
    err(p, 'groups', `unknown user ${name}`);
    return 1;
  }
  const gids = name && u ? gidsOf(p, u.uid, u.gid) : gidsOf(p, p.uid, p.gid);
  p.out(gids.map((g) => groupByGid(p.fs, g)?.name ?? String(g)).join(' ') + '\n');
  return 0;
}

export function* envMain(p: Proc): ProgramGen {
  const argv = p.argv;
  let env = p.env.slice();
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-' || a === '-i' || a === '--ignore-environment') env = [];
    else if (a === '-u') {
      const n = argv[++i];
      if (n === undefined) {
        p.err(`env: option requires an argument -- 'u'\n` + (yield* usage(p, 'env')));
        return 1;
      }
      env = env.filter((e) => !e.startsWith(n + '='));
    } else if (a === '-0') {
      /* NUL-terminated output: rare */
    } else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-') && a.length > 1) {
      p.err(`env: invalid option -- '${a[1]}'\n` + (yield* usage(p, 'env')));
      return 1;
    } else break;
  }
  for (; i < argv.length && argv[i]!.includes('='); i++) {
    const kv = argv[i]!;
    const k = kv.slice(0, kv.indexOf('='));
    env = env.filter((e) => !e.startsWith(k + '='));
    env.push(kv);
  }
  if (i < argv.length) {
    const cmd = argv.slice(i);
    const name = cmd[0]!;
    // BB_EXECVP: applets first (FEATURE_PREFER_APPLETS), then execvp with the new PATH.
    const ap = name.includes('/') ? undefined : findApplet(name);
    if (ap) {
      p.env = env;
      p.execProgram(ap.main, cmd, name.slice(0, 15), ap.noexec ? (p.cmdline ?? p.argv) : undefined);
    }
    const path = env.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/bin:/usr/bin';
    const cands = name.includes('/') ? [name] : path.split(':').map((d) => (d || '.') + '/' + name);
    let last = 'ENOENT';
    for (const c of cands) {
      const e = p.execve(c, cmd, env);
      if (e !== 'ENOENT') last = e;
    }
    err(p, 'env', `can't execute '${name}': ${last === 'EACCES' ? 'Permission denied' : 'No such file or directory'}`);
    return last === 'EACCES' ? 126 : 127;
  }
  p.out(env.map((e) => e + '\n').join(''));
  return 0;
}

export function* printenvMain(p: Proc): ProgramGen {
  const names = p.argv.slice(1);
  if (!names.length) {
    p.out(p.env.map((e) => e + '\n').join(''));
    return 0;
  }
  let st = 0;
  for (const n of names) {
    const v = p.getenv(n);
    if (v === undefined) st = 1;
    else p.out(v + '\n');
  }
  return st;
}

export function* pwdMain(p: Proc): ProgramGen {
  const env = p.getenv('PWD');
  p.out((env && env.startsWith('/') && p.abs(env) === p.cwd ? env : p.cwd) + '\n');
  return 0;
}

export function* basenameMain(p: Proc): ProgramGen {
  const a = p.argv.slice(1);
  if (!a.length || a.length > 2) return yield* showUsage(p, 'basename');
  let s = a[0]!.replace(/\/+$/, '');
  s = s === '' ? (a[0]!.startsWith('/') ? '/' : '') : s.slice(s.lastIndexOf('/') + 1);
  if (a[1] !== undefined && s !== a[1] && s.endsWith(a[1])) s = s.slice(0, -a[1].length);
  p.out(s + '\n');
  return 0;
}

export function* dirnameMain(p: Proc): ProgramGen {
  const a = p.argv.slice(1);
  if (a.length !== 1) return yield* showUsage(p, 'dirname');
  const s = a[0]!.replace(/\/+$/, '');
  let d: string;
  if (s === '') d = a[0]!.startsWith('/') ? '/' : '.';
  else {
    const i = s.lastIndexOf('/');
    d = i < 0 ? '.' : s.slice(0, i).replace(/\/+$/, '') || '/';
  }
  p.out(d + '\n');
  return 0;
}

export function* ttyMain(p: Proc): ProgramGen {
  if (p.isatty(0)) {
    p.out('/dev/pts/0\n');
    return 0;
  }
  if (!p.argv.includes('-s')) p.out('not a tty\n');
  return 1;
}

export function* nprocMain(p: Proc): ProgramGen {
  p.out('2\n');
  return 0;
}

export function* clearMain(p: Proc): ProgramGen {
  p.out('\x1b[H\x1b[J');
  return 0;
}

export function* syncMain(): ProgramGen {
  return 0;
}

export function* archMain(p: Proc): ProgramGen {
  p.out(p.task.kernel.uname.machine + '\n');
  return 0;
}

export function* uptimeMain(p: Proc): ProgramGen {
  const now = p.task.kernel.clock.now();
  const up = Math.floor((now - p.task.init.startedAt) / 1000);
  const t = new Date(now);
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  const ss = String(t.getUTCSeconds()).padStart(2, '0');
  const days = Math.floor(up / 86400);
  const hours = Math.floor((up % 86400) / 3600);
  const mins = Math.floor((up % 3600) / 60);
  let s = ` ${hh}:${mm}:${ss} up `;
  if (days) s += `${days} day${days === 1 ? '' : 's'}, `;
  s += hours ? `${String(hours).padStart(2)}:${String(mins).padStart(2, '0')}` : `${mins} min`;
  p.out(s + ',  load average: 0.00, 0.00, 0.00\n');
  return 0;
}

export function* gensym(): Gen<void> {
  /* placeholder so the module has a generator helper type in use */
}
