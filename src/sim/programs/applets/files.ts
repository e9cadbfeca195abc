/** File applets: touch mkdir rmdir rm cp mv ln chmod chown readlink realpath which stat du find. */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { FsError, type FileSystem, type Stat } from '../../fs/types.ts';
import { err, fsCode, getopt, perr, showUsage, type Gen } from '../lib.ts';
import { strerror } from '../sh/errors.ts';
import { parseDate } from './date.ts';
import { blocks1k, humanSize, modeString } from './ls.ts';
import { groupByName, groupName, userByName, userName } from '../../kernel/users.ts';
import { strftime } from './strftime.ts';
import { findApplet } from '../registry.ts';

export function lstatOr(fs: FileSystem, path: string): Stat | undefined {
  try {
    return fs.lstat(path);
  } catch {
    return undefined;
  }
}

export function statOr(fs: FileSystem, path: string): Stat | undefined {
  try {
    return fs.stat(path);
  } catch {
    return undefined;
  }
}

const base = (s: string) => s.replace(/\/+$/, '').replace(/^.*\//, '') || '/';
export const join = (d: string, n: string) => (d.endsWith('/') ? d + n : d + '/' + n);

export function* touchMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'touch', p.argv, 'chamd:t:r:');
  if (!o) return 1;
  if (!o.args.length) return yield* showUsage(p, 'touch');
  let t = p.task.kernel.clock.now();
  const d = o.flags.get('d') ?? o.flags.get('t');
  if (d !== undefined) {
    const v = parseDate(d, t);
    if (v === undefined) {
      err(p, 'touch', `invalid date '${d}'`);
      return 1;
    }
    t = v;
  }
  if (o.flags.has('r')) {
    const r = o.flags.get('r')!;
    const st = statOr(p.fs, p.abs(r));
    if (!st) {
      perr(p, 'touch', r, 'ENOENT');
      return 1;
    }
    t = st.mtimeMs;
  }
  let status = 0;
  for (const f of o.args) {
    const abs = p.abs(f);
    try {
      if (!p.fs.exists(abs)) {
        if (o.flags.has('c')) continue;
        p.fs.writeFile(abs, '', { mode: 0o666 & ~p.umask });
      }
      p.fs.utimes(abs, t);
    } catch (e) {
      perr(p, 'touch', f, fsCode(e));
      status = 1;
    }
  }
  return status;
}

function parseMode(spec: string, old: number, isDir: boolean): number | undefined {
  if (/^[0-7]+$/.test(spec)) return parseInt(spec, 8) & 0o7777;
  let mode = old;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*|[ugo])$/.exec(clause);
    if (!m) return undefined;
    const who = m[1] || 'a';
    const op = m[2]!;
    const perms = m[3]!;
    let bits = 0;
    if (/^[ugo]$/.test(perms)) {
      const sh = perms === 'u' ? 6 : perms === 'g' ? 3 : 0;
      const v = (old >> sh) & 7;
      bits = (v << 6) | (v << 3) | v;
    } else {
      for (const c of perms) {
        if (c === 'r') bits |= 0o444;
        if (c === 'w') bits |= 0o222;
        if (c === 'x' || (c === 'X' && (isDir || old & 0o111))) bits |= 0o111;
        if (c === 's') bits |= 0o6000;
        if (c === 't') bits |= 0o1000;
      }
    }
    let mask = 0;
    if (who.includes('a')) mask = 0o7777;
    if (who.includes('u')) mask |= 0o4700;
    if (who.includes('g')) mask |= 0o2070;
    if (who.includes('o')) mask |= 0o1007;
    if (!m[1]) bits &= ~0o022 | 0o7755;
    const b = bits & mask;
    if (op === '+') mode |= b;
    else if (op === '-') mode &= ~b;
    else mode = (mode & ~mask) | b;
  }
  return mode & 0o7777;
}

export function* mkdirMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'mkdir', p.argv, 'm:pv');
  if (!o) return 1;
  if (!o.args.length) return yield* showUsage(p, 'mkdir');
  let mode = 0o777 & ~p.umask;
  if (o.flags.has('m')) {
    const m = parseMode(o.flags.get('m')!, 0o777, true);
    if (m === undefined) {
      err(p, 'mkdir', `invalid mode '${o.flags.get('m')}'`);
      return 1;
    }
    mode = m;
  }
  let status = 0;
  for (const d of o.args) {
    try {
      p.fs.mkdir(p.abs(d), { mode, parents: o.flags.has('p') });
      if (o.flags.has('m')) p.fs.chmod(p.abs(d), mode);
    } catch (e) {
      perr(p, 'mkdir', `can't create directory '${d}'`, fsCode(e));
      status = 1;
    }
  }
  return status;
}

export function* rmdirMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'rmdir', p.argv, 'pv', { parents: 'p', 'ignore-fail-on-non-empty': '\x01' });
  if (!o) return 1;
  if (!o.args.length) return yield* showUsage(p, 'rmdir');
  let status = 0;
  for (const d of o.args) {
    let cur = d;
    for (;;) {
      try {
        p.fs.rmdir(p.abs(cur));
      } catch (e) {
        const code = fsCode(e);
        if (!(code === 'ENOTEMPTY' && o.flags.has('\x01'))) {
          perr(p, 'rmdir', `'${cur}'`, code);
          status = 1;
        }
        break;
      }
      if (!o.flags.has('p')) break;
      const i = cur.replace(/\/+$/, '').lastIndexOf('/');
      if (i <= 0) break;
      cur = cur.slice(0, i);
    }
  }
  return status;
}

function removeTree(p: Proc, path: string): boolean {
  const st = lstatOr(p.fs, p.abs(path));
  if (st?.type === 'dir') {
    let ok = true;
    for (const e of p.fs.readdir(p.abs(path))) ok = removeTree(p, join(path, e.name)) && ok;
    try {
      p.fs.rmdir(p.abs(path));
    } catch (e) {
      perr(p, 'rm', `can't remove '${path}'`, fsCode(e));
      return false;
    }
    return ok;
  }
  try {
    p.fs.unlink(p.abs(path));
    return true;
  } catch (e) {
    perr(p, 'rm', `can't remove '${path}'`, fsCode(e));
    return false;
  }
}

export function* rmMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'rm', p.argv, 'fiRrv', { force: 'f', recursive: 'r', interactive: 'i' });
  if (!o) return 1;
  const force = o.flags.has('f');
  if (!o.args.length) {
    if (force) return 0;
    return yield* showUsage(p, 'rm');
  }
  const rec = o.flags.has('r') || o.flags.has('R');
  let status = 0;
  for (const f of o.args) {
    const b = base(f);
    if (b === '.' || b === '..') {
      err(p, 'rm', `can't remove '.' or '..'`);
      status = 1;
      continue;
    }
    const st = lstatOr(p.fs, p.abs(f));
    if (!st) {
      if (!force) {
        perr(p, 'rm', `can't remove '${f}'`, 'ENOENT');
        status = 1;
      }
      continue;
    }
    if (st.type === 'dir' && !rec) {
      err(p, 'rm', `'${f}' is a directory`);
      status = 1;
      continue;
    }
    if (!removeTree(p, f)) status = 1;
  }
  return status;
}

function copyFile(p: Proc, applet: string, src: string, dst: string, st: Stat, preserve: boolean): boolean {
  const fs = p.fs;
  try {
    if (st.type === 'symlink') {
      fs.symlink(fs.readlink(p.abs(src)), p.abs(dst));
      return true;
    }
    if (st.type === 'char' || st.type === 'block' || st.type === 'fifo') {
      if (fs.mknod) fs.mknod(p.abs(dst), st.type, st.mode, st.rdev);
      return true;
    }
    const existing = statOr(fs, p.abs(dst));
    if (st.exe !== undefined && st.size > 4096) fs.writeFile(p.abs(dst), '', { mode: st.mode, exe: st.exe, size: st.size });
    else fs.writeFile(p.abs(dst), fs.readFile(p.abs(src)), { mode: st.mode, exe: st.exe });
    if (!existing) fs.chmod(p.abs(dst), st.mode);
    if (preserve) {
      fs.chmod(p.abs(dst), st.mode);
      fs.utimes(p.abs(dst), st.mtimeMs);
    }
    return true;
  } catch (e) {
    perr(p, applet, `can't create '${dst}'`, fsCode(e));
    return false;
  }
}

function copyTree(p: Proc, src: string, dst: string, opts: { rec: boolean; preserve: boolean; deref: boolean }, top: boolean): boolean {
  const fs = p.fs;
  const st = opts.deref || (top && !opts.rec) ? statOr(fs, p.abs(src)) ?? lstatOr(fs, p.abs(src)) : lstatOr(fs, p.abs(src));
  if (!st) {
    perr(p, 'cp', `can't stat '${src}'`, 'ENOENT');
    return false;
  }
  if (st.type === 'dir') {
    if (!opts.rec) {
      err(p, 'cp', `omitting directory '${src}'`);
      return false;
    }
    const d = statOr(fs, p.abs(dst));
    if (!d) {
      try {
        fs.mkdir(p.abs(dst), { mode: st.mode });
      } catch (e) {
        perr(p, 'cp', `can't create directory '${dst}'`, fsCode(e));
        return false;
      }
    }
    let ok = true;
    for (const e of fs.readdir(p.abs(src))) ok = copyTree(p, join(src, e.name), join(dst, e.name), opts, false) && ok;
    if (opts.preserve) fs.utimes(p.abs(dst), st.mtimeMs);
    return ok;
  }
  if (statOr(fs, p.abs(dst))?.type === 'dir') {
    err(p, 'cp', `'${dst}' is a directory`);
    return false;
  }
  return copyFile(p, 'cp', src, dst, st, opts.preserve);
}

export function* cpMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'cp', p.argv, 'arPLHpfinlsTut:dRv');
  if (!o) return 1;
  const f = (c: string) => o.flags.has(c);
  const rec = f('r') || f('R') || f('a');
  const args = o.args.slice();
  let dest = o.flags.get('t');
  if (dest === undefined) {
    if (args.length < 2) return yield* showUsage(p, 'cp');
    dest = args.pop()!;
  }
  const opts = { rec, preserve: f('p') || f('a'), deref: f('L') };
  const destIsDir = statOr(p.fs, p.abs(dest))?.type === 'dir' && !f('T');
  if (args.length > 1 && !destIsDir) {
    err(p, 'cp', `'${dest}' is not a directory`);
    return 1;
  }
  let status = 0;
  for (const s of args) {
    const target = destIsDir ? join(dest, base(s)) : dest;
    if (f('n') && p.fs.exists(p.abs(target))) continue;
    if (f('s')) {
      try {
        p.fs.symlink(s, p.abs(target));
      } catch (e) {
        perr(p, 'cp', `can't create '${target}'`, fsCode(e));
        status = 1;
      }
      continue;
    }
    if (!copyTree(p, s, target, opts, true)) status = 1;
  }
  return status;
}

export function* mvMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'mv', p.argv, 'finTt:v');
  if (!o) return 1;
  const args = o.args.slice();
  let dest = o.flags.get('t');
  if (dest === undefined) {
    if (args.length < 2) return yield* showUsage(p, 'mv');
    dest = args.pop()!;
  }
  const destIsDir = statOr(p.fs, p.abs(dest))?.type === 'dir' && !o.flags.has('T');
  if (args.length > 1 && !destIsDir) {
    err(p, 'mv', `'${dest}' is not a directory`);
    return 1;
  }
  let status = 0;
  for (const s of args) {
    const target = destIsDir ? join(dest, base(s)) : dest;
    if (o.flags.has('n') && p.fs.exists(p.abs(target))) continue;
    try {
      p.fs.rename(p.abs(s), p.abs(target));
    } catch (e) {
      const code = fsCode(e);
      if (code === 'EXDEV') {
        const st = lstatOr(p.fs, p.abs(s));
        if (st && copyTree(p, s, target, { rec: true, preserve: true, deref: false }, true) && removeTree(p, s)) continue;
      }
      if (code === 'ENOENT' && !lstatOr(p.fs, p.abs(s))) perr(p, 'mv', `can't rename '${s}'`, code);
      else perr(p, 'mv', `can't rename '${s}'`, code);
      status = 1;
    }
  }
  return status;
}

export function* lnMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'ln', p.argv, 'sfnbS:vTL');
  if (!o) return 1;
  const args = o.args.slice();
  if (!args.length) return yield* showUsage(p, 'ln');
  let dest: string;
  if (args.length === 1) dest = base(args[0]!);
  else dest = args.pop()!;
  const destIsDir = !o.flags.has('n') && statOr(p.fs, p.abs(dest))?.type === 'dir' && !o.flags.has('T');
  if (args.length > 1 && !destIsDir) {
    err(p, 'ln', `${dest}: Not a directory`);
    return 1;
  }
  let status = 0;
  for (const s of args) {
    const target = destIsDir ? join(dest, base(s)) : dest;
    try {
      if (o.flags.has('f') && lstatOr(p.fs, p.abs(target))) p.fs.unlink(p.abs(target));
      if (o.flags.has('s')) p.fs.symlink(s, p.abs(target));
      else {
        if (!lstatOr(p.fs, p.abs(s))) throw new FsError('ENOENT', s);
        if (!p.fs.link) throw new FsError('EPERM', s);
        p.fs.link(p.abs(s), p.abs(target));
      }
    } catch (e) {
      const code = fsCode(e);
      perr(p, 'ln', code === 'EEXIST' ? target : s, code);
      status = 1;
    }
  }
  return status;
}

export function* chmodMain(p: Proc): ProgramGen {
  // Modes like "-x" look like options: busybox scans them first.
  const argv = p.argv;
  let rec = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-R') rec = true;
    else if (a === '-v' || a === '-c' || a === '-f') continue;
    else if (a === '--') {
      i++;
      break;
    } else break;
  }
  const rest = argv.slice(i);
  if (rest.length < 2) return yield* showUsage(p, 'chmod');
  const spec = rest[0]!;
  if (parseMode(spec, 0, false) === undefined) {
    err(p, 'chmod', `invalid mode '${spec}'`);
    return 1;
  }
  let status = 0;
  const apply = (f: string, top: boolean) => {
    const st = top ? statOr(p.fs, p.abs(f)) : lstatOr(p.fs, p.abs(f));
    if (!st) {
      perr(p, 'chmod', f, 'ENOENT');
      status = 1;
      return;
    }
    if (st.type === 'symlink') return;
    p.fs.chmod(p.abs(f), parseMode(spec, st.mode, st.type === 'dir')!);
    if (rec && st.type === 'dir') for (const e of p.fs.readdir(p.abs(f))) apply(join(f, e.name), false);
  };
  for (const f of rest.slice(1)) apply(f, true);
  return status;
}

export function* chownMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'chown', p.argv, 'RhLHPcfv');
  if (!o) return 1;
  if (o.args.length < 2) return yield* showUsage(p, 'chown');
  const [spec, ...files] = o.args as [string, ...string[]];
  const [u, g] = spec.split(/[:.]/, 2) as [string, string | undefined];
  let uid = -1;
  let gid = -1;
  if (u) {
    if (/^[0-9]+$/.test(u)) uid = Number(u);
    else {
      const e = userByName(p.fs, u);
      if (!e) {
        err(p, 'chown', `unknown user ${u}`);
        return 1;
      }
      uid = e.uid;
    }
  }
  if (g) {
    if (/^[0-9]+$/.test(g)) gid = Number(g);
    else {
      const e = groupByName(p.fs, g);
      if (!e) {
        err(p, 'chown', `unknown group ${g}`);
        return 1;
      }
      gid = e.gid;
    }
  }
  let status = 0;
  const apply = (f: string) => {
    try {
      p.fs.chown(p.abs(f), uid, gid);
      if (o.flags.has('R') && p.fs.lstat(p.abs(f)).type === 'dir') for (const e of p.fs.readdir(p.abs(f))) apply(join(f, e.name));
    } catch (e) {
      perr(p, 'chown', f, fsCode(e));
      status = 1;
    }
  };
  for (const f of files) apply(f);
  return status;
}

export function* readlinkMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'readlink', p.argv, 'fensvq');
  if (!o) return 1;
  if (o.args.length !== 1) return yield* showUsage(p, 'readlink');
  const f = o.args[0]!;
  let r: string;
  try {
    r = o.flags.has('f') ? (p.fs.realpath?.(p.abs(f)) ?? p.abs(f)) : p.fs.readlink(p.abs(f));
  } catch {
    return 1;
  }
  p.out(r + (o.flags.has('n') ? '' : '\n'));
  return 0;
}

export function* realpathMain(p: Proc): ProgramGen {
  const args = p.argv.slice(1);
  if (!args.length) return yield* showUsage(p, 'realpath');
  let status = 0;
  for (const f of args) {
    try {
      p.out((p.fs.realpath?.(p.abs(f)) ?? p.abs(f)) + '\n');
    } catch (e) {
      perr(p, 'realpath', f, fsCode(e));
      status = 1;
    }
  }
  return status;
}

export function* whichMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'which', p.argv, 'a');
  if (!o) return 1;
  if (!o.args.length) return yield* showUsage(p, 'which');
  const path = p.getenv('PATH') ?? '/bin:/usr/bin';
  let status = 0;
  for (const name of o.args) {
    const cands = name.includes('/') ? [name] : path.split(':').map((d) => join(d || '.', name));
    let found = false;
    for (const c of cands) {
      const st = statOr(p.fs, p.abs(c));
      if (st && st.type === 'file' && st.mode & 0o111) {
        p.out(c + '\n');
        found = true;
        if (!o.flags.has('a')) break;
      }
    }
    if (!found) status = 1;
  }
  return status;
}

export function* statMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'stat', p.argv, 'c:fLt');
  if (!o) return 1;
  if (!o.args.length) return yield* showUsage(p, 'stat');
  let status = 0;
  const typeName: Record<string, string> = { file: 'regular file', dir: 'directory', symlink: 'symbolic link', char: 'character special file', block: 'block special file', fifo: 'fifo', socket: 'socket' };
  for (const f of o.args) {
    let st: Stat;
    try {
      st = o.flags.has('L') ? p.fs.stat(p.abs(f)) : p.fs.lstat(p.abs(f));
    } catch (e) {
      perr(p, 'stat', `can't stat '${f}'`, fsCode(e));
      status = 1;
      continue;
    }
    const size = st.size;
    const blocks = blocks1k(st) * 2;
    const t = strftime('%Y-%m-%d %H:%M:%S', st.mtimeMs) + '.' + String(Math.floor((st.mtimeMs % 1000) * 1e6)).padStart(9, '0') + ' +0000';
    const fmt = o.flags.get('c');
    if (fmt !== undefined) {
      const out = fmt.replace(/%([%nsaAUuGgFhiBbtTXYyZzoN])/g, (_m, c: string) => {
        switch (c) {
          case '%': return '%';
          case 'n': return f;
          case 's': return String(size);
          case 'a': return (st.mode & 0o7777).toString(8);
          case 'A': return modeString(st);
          case 'U': return userName(p.fs, st.uid);
          case 'u': return String(st.uid);
          case 'G': return groupName(p.fs, st.gid);
          case 'g': return String(st.gid);
          case 'F': return typeName[st.type] ?? '?';
          case 'h': return String(st.nlink);
          case 'b': return String(blocks);
          case 'B': return '512';
          case 'o': return '4096';
          case 'Y': case 'Z': case 'X': return String(Math.floor(st.mtimeMs / 1000));
          case 'y': case 'z': case 'x': return t;
          case 'N': return st.type === 'symlink' ? `'${f}' -> '${p.fs.readlink(p.abs(f))}'` : `'${f}'`;
          case 'i': return '0';
          default: return '?';
        }
      });
      p.out(out + '\n');
      continue;
    }
    const name = st.type === 'symlink' ? `${f} -> ${p.fs.readlink(p.abs(f))}` : f;
    p.out(
      `  File: ${name}\n` +
        `  Size: ${String(size).padEnd(10)}\tBlocks: ${String(blocks).padEnd(10)} IO Block: 4096   ${typeName[st.type]}\n` +
        `Device: 2eh/46d\tInode: 0           Links: ${st.nlink}\n` +
        `Access: (${(st.mode & 0o7777).toString(8).padStart(4, '0')}/${modeString(st)})  Uid: (${String(st.uid).padStart(5)}/${userName(p.fs, st.uid).padStart(8)})   Gid: (${String(st.gid).padStart(5)}/${groupName(p.fs, st.gid).padStart(8)})\n` +
        `Access: ${t}\nModify: ${t}\nChange: ${t}\n`,
    );
  }
  return status;
}

function duSize(p: Proc, path: string, st: Stat): number {
  let total = blocks1k(st);
  if (st.type === 'dir') {
    for (const e of p.fs.readdir(p.abs(path))) {
      const c = join(path, e.name);
      const cs = lstatOr(p.fs, p.abs(c));
      if (cs) total += duSize(p, c, cs);
    }
  }
  return total;
}

export function* duMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'du', p.argv, 'aHkLmhsxcd:l');
  if (!o) return 1;
  const args = o.args.length ? o.args : ['.'];
  const fmt = (k: number) => (o.flags.has('h') ? (k === 0 ? '0' : humanSize(k * 1024).replace(/^(\d+)([KMGT])$/, '$1.0$2')) : o.flags.has('m') ? String(Math.ceil(k / 1024)) : String(k));
  let out = '';
  let status = 0;
  let grand = 0;
  const maxDepth = o.flags.has('d') ? Number(o.flags.get('d')) : o.flags.has('s') ? 0 : Infinity;
  const walk = (path: string, st: Stat, depth: number): number => {
    let total = blocks1k(st);
    if (st.type === 'dir') {
      for (const e of p.fs.readdir(p.abs(path))) {
        const c = join(path, e.name);
        const cs = lstatOr(p.fs, p.abs(c));
        if (!cs) continue;
        if (cs.type === 'dir') total += walk(c, cs, depth + 1);
        else {
          const sz = duSize(p, c, cs);
          total += sz;
          if (o.flags.has('a') && depth + 1 <= maxDepth) out += `${fmt(sz)}\t${c}\n`;
        }
      }
    }
    if (depth <= maxDepth && (st.type === 'dir' || depth === 0)) out += `${fmt(total)}\t${path}\n`;
    return total;
  };
  for (const a of args) {
    const st = o.flags.has('L') ? statOr(p.fs, p.abs(a)) : lstatOr(p.fs, p.abs(a));
    if (!st) {
      perr(p, 'du', `can't stat '${a}'`, 'ENOENT');
      status = 1;
      continue;
    }
    grand += walk(a, st, 0);
  }
  if (o.flags.has('c')) out += `${fmt(grand)}\ttotal\n`;
  p.out(out);
  return status;
}

/** Runs a command as a child (find -exec, xargs) and waits for it. */
export function* runCmd(p: Proc, args: string[]): Gen<number> {
  const name = args[0] ?? '';
  const ap = name.includes('/') ? undefined : findApplet(name);
  if (ap) {
    const child = p.spawn({ argv: args, program: ap.main, comm: ap.noexec ? name : 'exe' });
    const r = yield* p.wait(child);
    return typeof r === 'number' ? r : 1;
  }
  const path = name.includes('/') ? name : (p.getenv('PATH') ?? '').split(':').map((d) => join(d || '.', name)).find((c) => statOr(p.fs, p.abs(c))?.type === 'file');
  if (!path) {
    err(p, p.comm, `${name}: ${strerror('ENOENT')}`);
    return 127;
  }
  const child = p.spawn({
    argv: args,
    program: function* (cp: Proc) {
      const e = cp.execve(path, args);
      err(cp, name, strerror(e));
      return 126;
    },
  });
  const r = yield* p.wait(child);
  return typeof r === 'number' ? r : 1;
}

