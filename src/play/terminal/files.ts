/** Host built-ins on the simulated host's file system: ls, cat, rm, mkdir, touch, cd, pwd (GNU coreutils / bash texts, C locale). */
import type { Stat } from '../../sim/fs/types.ts';
import { type CommandContext, errnoText, hostPath } from './runtime.ts';
import { readAll } from './streams.ts';
import { textWidth } from './width.ts';

function out(ctx: CommandContext, s: string): void {
  ctx.stdio.out.write(s);
}

function err(ctx: CommandContext, s: string): void {
  ctx.stdio.err.write(s);
}

/** Splits `-la -h x` style arguments; `--` ends options. Returns undefined after reporting a bad option. */
function options(
  ctx: CommandContext,
  name: string,
  args: string[],
  allowed: string,
  longs: Record<string, string> = {},
): { flags: Set<string>; rest: string[] } | undefined {
  const flags = new Set<string>();
  const rest: string[] = [];
  let done = false;
  for (const a of args) {
    if (done || a === '-' || !a.startsWith('-')) {
      rest.push(a);
      continue;
    }
    if (a === '--') {
      done = true;
      continue;
    }
    if (a.startsWith('--')) {
      const f = longs[a.slice(2)];
      if (!f) {
        err(ctx, `${name}: unrecognized option '${a}'\nTry '${name} --help' for more information.\n`);
        return undefined;
      }
      flags.add(f);
      continue;
    }
    for (const ch of a.slice(1)) {
      if (!allowed.includes(ch)) {
        err(ctx, `${name}: invalid option -- '${ch}'\nTry '${name} --help' for more information.\n`);
        return undefined;
      }
      flags.add(ch);
    }
  }
  return { flags, rest };
}

// ---- ls ----

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS_MS = 15_778_476_000;

function modeString(st: Stat): string {
  const t = { file: '-', dir: 'd', symlink: 'l', char: 'c', block: 'b', fifo: 'p', socket: 's' }[st.type];
  const m = st.mode;
  const bit = (b: number, c: string) => (m & b ? c : '-');
  const special = (x: number, s: number, lower: string, upper: string) => (m & s ? (m & x ? lower : upper) : m & x ? 'x' : '-');
  return (
    t +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    special(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') +
    bit(0o020, 'w') +
    special(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') +
    bit(0o002, 'w') +
    special(0o001, 0o1000, 't', 'T')
  );
}

function lsDate(mtime: number, now: number): string {
  const d = new Date(mtime);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const mon = MONTHS[d.getUTCMonth()]!;
  if (Math.abs(now - mtime) > SIX_MONTHS_MS || mtime > now + 60_000) return `${mon} ${day}  ${d.getUTCFullYear()}`;
  return `${mon} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

function blocks(st: Stat): number {
  if (st.blocks !== undefined) return st.blocks;
  if (st.type === 'dir') return 8;
  if (st.type !== 'file') return 0;
  return Math.ceil(st.size / 4096) * 8;
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const s = v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v));
  return `${s}${units[u]}`;
}

interface Entry {
  name: string;
  st: Stat;
  target?: string;
}

function userName(uid: number): string {
  return uid === 0 ? 'root' : String(uid);
}

function longListing(entries: Entry[], now: number, humanSizes: boolean): string {
  const rows = entries.map((e) => ({
    mode: modeString(e.st),
    links: String(e.st.nlink),
    user: userName(e.st.uid),
    group: userName(e.st.gid),
    size: e.st.type === 'char' || e.st.type === 'block' ? `${(e.st.rdev ?? 0) >> 8}, ${(e.st.rdev ?? 0) & 0xff}` : humanSizes ? human(e.st.size) : String(e.st.size),
    date: lsDate(e.st.mtimeMs, now),
    name: e.target !== undefined ? `${e.name} -> ${e.target}` : e.name,
  }));
  const w = (k: 'links' | 'user' | 'group' | 'size') => Math.max(0, ...rows.map((r) => r[k].length));
  const [wl, wu, wg, ws] = [w('links'), w('user'), w('group'), w('size')];
  return rows
    .map((r) => `${r.mode} ${r.links.padStart(wl)} ${r.user.padEnd(wu)} ${r.group.padEnd(wg)} ${r.size.padStart(ws)} ${r.date} ${r.name}\n`)
    .join('');
}

/** GNU ls's columns: as many as fit, filled top to bottom. */
export function columns(names: string[], width: number): string {
  if (names.length === 0) return '';
  const widths = names.map(textWidth);
  for (let n = names.length; n >= 1; n--) {
    const rows = Math.ceil(names.length / n);
    const cols = Math.ceil(names.length / rows);
    const colW: number[] = [];
    for (let c = 0; c < cols; c++) colW.push(Math.max(...widths.slice(c * rows, (c + 1) * rows)));
    const total = colW.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
    if (total > width && n > 1) continue;
    let s = '';
    for (let r = 0; r < rows; r++) {
      const line: string[] = [];
      for (let c = 0; c < cols; c++) {
        const i = c * rows + r;
        if (i >= names.length) break;
        const last = c === cols - 1 || (c + 1) * rows + r >= names.length;
        line.push(last ? names[i]! : names[i]! + ' '.repeat(colW[c]! - widths[i]! + 2));
      }
      s += line.join('') + '\n';
    }
    return s;
  }
  return '';
}

export function ls(args: string[], ctx: CommandContext): number {
  const o = options(ctx, 'ls', args, 'laA1hdF', { all: 'a', 'almost-all': 'A', 'human-readable': 'h', directory: 'd' });
  if (!o) return 2;
  const fs = ctx.rt.sim.host;
  const now = ctx.rt.sim.clock.now();
  const long = o.flags.has('l');
  const all = o.flags.has('a');
  const almost = o.flags.has('A');
  const oneCol = o.flags.has('1') || !ctx.stdio.out.tty;
  const classify = o.flags.has('F');
  const paths = o.rest.length ? o.rest : ['.'];
  let status = 0;
  const files: Entry[] = [];
  const dirs: Array<{ arg: string; path: string }> = [];
  for (const arg of paths) {
    const path = hostPath(ctx.state.cwd, arg);
    try {
      const st = fs.stat(path);
      if (st.type === 'dir' && !o.flags.has('d')) dirs.push({ arg, path });
      else {
        const lst = fs.lstat(path);
        files.push({ name: arg, st: long ? lst : st, ...(long && lst.type === 'symlink' ? { target: fs.readlink(path) } : {}) });
      }
    } catch (e) {
      err(ctx, `ls: cannot access '${arg}': ${errnoText(e)}\n`);
      status = 2;
    }
  }
  const decorate = (e: Entry) => {
    if (!classify) return e.name;
    if (e.st.type === 'dir') return `${e.name}/`;
    if (e.st.type === 'symlink') return `${e.name}@`;
    if (e.st.type === 'file' && e.st.mode & 0o111) return `${e.name}*`;
    return e.name;
  };
  const show = (entries: Entry[]) => {
    if (long) out(ctx, longListing(entries.map((e) => ({ ...e, name: decorate(e) })), now, o.flags.has('h')));
    else if (oneCol) out(ctx, entries.map((e) => `${decorate(e)}\n`).join(''));
    else out(ctx, columns(entries.map(decorate), ctx.rt.size().cols));
  };
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (files.length) show(files);
  const headers = paths.length > 1;
  dirs.sort((a, b) => (a.arg < b.arg ? -1 : a.arg > b.arg ? 1 : 0));
  dirs.forEach((d, i) => {
    if (headers) out(ctx, `${files.length || i > 0 ? '\n' : ''}${d.arg}:\n`);
    const entries: Entry[] = [];
    try {
      const names = fs.readdir(d.path).map((e) => e.name);
      if (all) names.push('.', '..');
      names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const name of names) {
        if (name.startsWith('.') && !all && !almost) continue;
        const p = name === '.' ? d.path : name === '..' ? hostPath(d.path, '..') : `${d.path === '/' ? '' : d.path}/${name}`;
        const st = fs.lstat(p);
        entries.push({ name, st, ...(long && st.type === 'symlink' ? { target: fs.readlink(p) } : {}) });
      }
    } catch (e) {
      err(ctx, `ls: cannot open directory '${d.arg}': ${errnoText(e)}\n`);
      status = 2;
      return;
    }
    if (long) {
      const total = entries.reduce((n, e) => n + blocks(e.st), 0) / 2;
      out(ctx, `total ${o.flags.has('h') ? human(total * 1024) : total}\n`);
    }
    show(entries);
  });
  return status;
}

// ---- cat ----

export async function cat(args: string[], ctx: CommandContext): Promise<number> {
  const o = options(ctx, 'cat', args, 'uA');
  if (!o) return 1;
  const files = o.rest.length ? o.rest : ['-'];
  let status = 0;
  for (const f of files) {
    if (ctx.signal.aborted) return 130;
    if (f === '-') {
      await new Promise<void>((resolve) => {
        const off = ctx.stdio.in.read(
          (d) => ctx.stdio.out.write(d),
          () => {
            off();
            resolve();
          },
        );
        ctx.signal.addEventListener('abort', () => resolve());
      });
      continue;
    }
    try {
      ctx.stdio.out.write(ctx.rt.sim.host.readFile(hostPath(ctx.state.cwd, f)));
    } catch (e) {
      err(ctx, `cat: ${f}: ${errnoText(e)}\n`);
      status = 1;
    }
  }
  return status;
}

/** All of a command's input: the files named, or standard input. */
export async function inputText(ctx: CommandContext, name: string, files: string[]): Promise<{ texts: Array<{ name: string; text: string }>; failed: boolean }> {
  const dec = new TextDecoder();
  const texts: Array<{ name: string; text: string }> = [];
  let failed = false;
  if (files.length === 0) files = ['-'];
  for (const f of files) {
    if (f === '-') {
      const chunks = await readAll(ctx.stdio.in, ctx.signal);
      const d = new TextDecoder();
      texts.push({ name: '(standard input)', text: chunks.map((c) => (typeof c === 'string' ? c : d.decode(c, { stream: true }))).join('') + d.decode() });
      continue;
    }
    try {
      texts.push({ name: f, text: dec.decode(ctx.rt.sim.host.readFile(hostPath(ctx.state.cwd, f))) });
    } catch (e) {
      err(ctx, `${name}: ${f}: ${errnoText(e)}\n`);
      failed = true;
    }
  }
  return { texts, failed };
}

// ---- rm, mkdir, touch ----

function removeTree(ctx: CommandContext, path: string): void {
  const fs = ctx.rt.sim.host;
  if (fs.lstat(path).type === 'dir') {
    for (const e of fs.readdir(path)) removeTree(ctx, `${path === '/' ? '' : path}/${e.name}`);
    fs.rmdir(path);
  } else fs.unlink(path);
}

export function rm(args: string[], ctx: CommandContext): number {
  const o = options(ctx, 'rm', args, 'rRfidv', { recursive: 'r', force: 'f', dir: 'd', verbose: 'v' });
  if (!o) return 1;
  const force = o.flags.has('f');
  const recursive = o.flags.has('r') || o.flags.has('R');
  if (o.rest.length === 0) {
    if (force) return 0;
    err(ctx, "rm: missing operand\nTry 'rm --help' for more information.\n");
    return 1;
  }
  const fs = ctx.rt.sim.host;
  let status = 0;
  for (const arg of o.rest) {
    const path = hostPath(ctx.state.cwd, arg);
    if (recursive && path === '/') {
      err(ctx, "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
      status = 1;
      continue;
    }
    try {
      const st = fs.lstat(path);
      if (st.type === 'dir' && !recursive) {
        if (o.flags.has('d')) fs.rmdir(path);
        else {
          err(ctx, `rm: cannot remove '${arg}': Is a directory\n`);
          status = 1;
          continue;
        }
      } else removeTree(ctx, path);
      if (o.flags.has('v')) out(ctx, st.type === 'dir' ? `removed directory '${arg}'\n` : `removed '${arg}'\n`);
    } catch (e) {
      const text = errnoText(e);
      if (force && text === 'No such file or directory') continue;
      err(ctx, `rm: cannot remove '${arg}': ${text}\n`);
      status = 1;
    }
  }
  return status;
}

export function mkdir(args: string[], ctx: CommandContext): number {
  const o = options(ctx, 'mkdir', args, 'pv', { parents: 'p', verbose: 'v' });
  if (!o) return 1;
  if (o.rest.length === 0) {
    err(ctx, "mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const arg of o.rest) {
    try {
      ctx.rt.sim.host.mkdir(hostPath(ctx.state.cwd, arg), { parents: o.flags.has('p'), mode: 0o755 });
      if (o.flags.has('v')) out(ctx, `mkdir: created directory '${arg}'\n`);
    } catch (e) {
      err(ctx, `mkdir: cannot create directory '${arg}': ${errnoText(e)}\n`);
      status = 1;
    }
  }
  return status;
}

export function touch(args: string[], ctx: CommandContext): number {
  const o = options(ctx, 'touch', args, 'c');
  if (!o) return 1;
  if (o.rest.length === 0) {
    err(ctx, "touch: missing file operand\nTry 'touch --help' for more information.\n");
    return 1;
  }
  const fs = ctx.rt.sim.host;
  let status = 0;
  for (const arg of o.rest) {
    const path = hostPath(ctx.state.cwd, arg);
    try {
      if (fs.exists(path)) fs.utimes(path, ctx.rt.sim.clock.now());
      else if (!o.flags.has('c')) fs.writeFile(path, '', { mode: 0o644 });
    } catch (e) {
      err(ctx, `touch: cannot touch '${arg}': ${errnoText(e)}\n`);
      status = 1;
    }
  }
  return status;
}

// ---- cd, pwd ----

export function cd(args: string[], ctx: CommandContext): number {
  const st = ctx.state;
  const words = args[0] === '--' ? args.slice(1) : args;
  if (words.length > 1) {
    err(ctx, 'bash: cd: too many arguments\n');
    return 1;
  }
  let target = words[0] ?? st.vars.get('HOME') ?? '/root';
  if (target === '-') {
    const old = st.vars.get('OLDPWD');
    if (old === undefined) {
      err(ctx, 'bash: cd: OLDPWD not set\n');
      return 1;
    }
    target = old;
    out(ctx, `${old}\n`);
  }
  if (target === '') return 0;
  const path = hostPath(st.cwd, target);
  try {
    if (ctx.rt.sim.host.stat(path).type !== 'dir') {
      err(ctx, `bash: cd: ${target}: Not a directory\n`);
      return 1;
    }
  } catch (e) {
    err(ctx, `bash: cd: ${target}: ${errnoText(e)}\n`);
    return 1;
  }
  st.vars.set('OLDPWD', st.cwd);
  st.exported.add('OLDPWD');
  st.cwd = path;
  st.vars.set('PWD', path);
  return 0;
}

export function pwd(_args: string[], ctx: CommandContext): number {
  out(ctx, `${ctx.state.cwd}\n`);
  return 0;
}
