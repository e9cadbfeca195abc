/** ls, after busybox coreutils/ls.c (no colour by default, as Debian builds it). */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import type { Stat } from '../../fs/types.ts';
import { getopt, fsCode, perr } from '../lib.ts';
import { groupName, userName } from '../../kernel/users.ts';
import { strftime } from './strftime.ts';

interface Entry {
  name: string;
  path: string;
  st: Stat;
  /** lstat when different (symlinks). */
  lst: Stat;
}

export function modeString(st: Stat): string {
  const t: Record<string, string> = { file: '-', dir: 'd', symlink: 'l', char: 'c', block: 'b', fifo: 'p', socket: 's' };
  const m = st.mode;
  const rwx = (r: number, w: number, x: number, special: number, sc: string) =>
    (m & r ? 'r' : '-') + (m & w ? 'w' : '-') + (m & special ? (m & x ? sc : sc.toUpperCase()) : m & x ? 'x' : '-');
  return (
    (t[st.type] ?? '?') +
    rwx(0o400, 0o200, 0o100, 0o4000, 's') +
    rwx(0o040, 0o020, 0o010, 0o2000, 's') +
    rwx(0o004, 0o002, 0o001, 0o1000, 't')
  );
}

export function humanSize(size: number): string {
  const units = ['', 'K', 'M', 'G', 'T', 'P', 'E'];
  let val = size;
  let u = 0;
  let frac = 0;
  let withFrac = false;
  while (val >= 1024 && u < units.length - 1) {
    withFrac = true;
    u++;
    frac = Math.floor(((val % 1024) * 10 + 512) / 1024);
    val = Math.floor(val / 1024);
  }
  if (frac >= 10) {
    val++;
    frac = 0;
  }
  return withFrac ? `${val}.${frac}${units[u]}` : String(val);
}

/** 1K blocks an inode occupies (st_blocks/2). */
export function blocks1k(st: Stat): number {
  if (st.blocks !== undefined) return Math.floor(st.blocks / 2);
  if (st.type === 'file') return Math.ceil(st.size / 4096) * 4;
  if (st.type === 'dir') return 4;
  return 0;
}

export function* lsMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'ls', p.argv, '1AaCxdLHRFplinshrSXvctuw:ekgGQ', {
    'full-time': 'e', 'group-directories-first': '\x01', color: '\x02', 'human-readable': 'h', all: 'a', 'almost-all': 'A',
    directory: 'd', recursive: 'R', reverse: 'r', 'color=': '\x02',
  });
  if (!o) return 1;
  const f = (c: string) => o.flags.has(c);
  const tty = p.fds[1]?.tty;
  let long = f('l') || f('n') || f('g') || f('e');
  const one = f('1') || (!tty && !f('C') && !f('x'));
  const width = o.flags.has('w') ? Number(o.flags.get('w')) || 80 : (tty?.cols ?? 80);
  const showAll = f('a');
  const almostAll = f('A');
  const follow = f('L');
  if (f('e')) long = true;
  const now = p.task.kernel.clock.now();
  let status = 0;

  const statOf = (path: string, cmdline: boolean): Entry | undefined => {
    const abs = p.abs(path);
    let lst: Stat;
    try {
      lst = p.fs.lstat(abs);
    } catch (e) {
      perr(p, 'ls', path, fsCode(e));
      status = 1;
      return undefined;
    }
    let st = lst;
    if (lst.type === 'symlink' && (follow || f('H') || (!long && !f('d') && !f('F')))) {
      try {
        st = p.fs.stat(abs);
      } catch {
        st = lst;
      }
    }
    return { name: path, path, st, lst };
  };

  const sortEntries = (list: Entry[]) => {
    const byName = (a: Entry, b: Entry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    let cmp = byName;
    if (f('t')) cmp = (a, b) => b.st.mtimeMs - a.st.mtimeMs || byName(a, b);
    else if (f('S')) cmp = (a, b) => b.st.size - a.st.size || byName(a, b);
    else if (f('X')) {
      const ext = (n: string) => (n.lastIndexOf('.') > 0 ? n.slice(n.lastIndexOf('.') + 1) : '');
      cmp = (a, b) => (ext(a.name) < ext(b.name) ? -1 : ext(a.name) > ext(b.name) ? 1 : byName(a, b));
    }
    list.sort(cmp);
    if (f('r')) list.reverse();
    if (o.flags.has('\x01')) list.sort((a, b) => Number(b.st.type === 'dir') - Number(a.st.type === 'dir'));
  };

  const suffix = (e: Entry): string => {
    const st = e.st;
    if (f('F') || f('p')) {
      if (st.type === 'dir') return '/';
      if (!f('F')) return '';
      if (e.lst.type === 'symlink' && e.st === e.lst) return '@';
      if (st.type === 'fifo') return '|';
      if (st.type === 'socket') return '=';
      if (st.type === 'file' && st.mode & 0o111) return '*';
    }
    return '';
  };

  const single = (e: Entry): string => {
    let s = '';
    const st = e.st;
    if (f('i')) s += '      0 ';
    if (f('s')) s += String(blocks1k(st)).padStart(6) + ' ';
    if (long) {
      s += modeString(st).padEnd(10) + ' ';
      s += String(st.nlink).padStart(4) + ' ';
      if (f('n')) s += f('g') ? String(st.gid).padEnd(8) + ' ' : String(st.uid).padEnd(8) + ' ' + String(st.gid).padEnd(8) + ' ';
      else if (f('g')) s += groupName(p.fs, st.gid).slice(0, 8).padEnd(8) + ' ';
      else s += userName(p.fs, st.uid).slice(0, 8).padEnd(8) + ' ' + groupName(p.fs, st.gid).slice(0, 8).padEnd(8) + ' ';
      if (st.type === 'char' || st.type === 'block') {
        const rdev = st.rdev ?? 0;
        s += String(Math.floor(rdev / 256)).padStart(4) + ', ' + String(rdev % 256).padStart(3) + ' ';
      } else if (f('h')) s += humanSize(st.size).padStart(7) + ' ';
      else s += String(st.size).padStart(9) + ' ';
      if (f('e')) s += strftime('%Y-%m-%d %H:%M:%S %z', st.mtimeMs) + ' ';
      else {
        const age = (now - st.mtimeMs) / 1000;
        if (age < (3600 * 24 * 365) / 2 && age > -15 * 60) s += strftime('%b %e %H:%M', st.mtimeMs) + ' ';
        else s += strftime('%b %e ', st.mtimeMs) + strftime('%Y', st.mtimeMs).padStart(5) + ' ';
      }
    }
    s += e.name;
    if (long && e.lst.type === 'symlink') {
      let target = '';
      try {
        target = p.fs.readlink(p.abs(e.path));
      } catch {
        /* ignore */
      }
      s += ' -> ' + target;
      if (f('F') || f('p')) {
        try {
          const t = p.fs.stat(p.abs(e.path));
          s += suffix({ ...e, st: t, lst: t });
        } catch {
          /* dangling */
        }
      }
      return s;
    }
    return s + suffix(e);
  };

  const display = (list: Entry[]): string => {
    if (!list.length) return '';
    let out = '';
    if (one || long) {
      for (const e of list) out += single(e) + '\n';
      return out;
    }
    let colw = 0;
    for (const e of list) colw = Math.max(colw, e.name.length + suffix(e).length);
    colw += 2 + (f('i') ? 8 : 0) + (f('s') ? 5 : 0);
    let ncols = Math.floor(width / colw);
    let nrows = list.length;
    if (ncols > 1) {
      nrows = Math.ceil(list.length / ncols);
    } else ncols = 1;
    for (let r = 0; r < nrows; r++) {
      let line = '';
      let column = 0;
      let nexttab = 0;
      for (let c = 0; c < ncols; c++) {
        const i = f('x') ? r * ncols + c : c * nrows + r;
        if (i >= list.length) continue;
        if (column > 0) {
          line += ' '.repeat(Math.max(0, nexttab - column));
          column = nexttab;
        }
        nexttab = column + colw;
        const s = single(list[i]!);
        line += s;
        column += s.length;
      }
      out += line + '\n';
    }
    return out;
  };

  const readDir = (dir: Entry): Entry[] => {
    const abs = p.abs(dir.path);
    let names: string[];
    try {
      names = p.fs.readdir(abs).map((d) => d.name);
    } catch (e) {
      perr(p, 'ls', dir.path, fsCode(e));
      status = 1;
      return [];
    }
    const list: Entry[] = [];
    const all = showAll ? ['.', '..', ...names] : names;
    for (const n of all) {
      if (!showAll && !almostAll && n.startsWith('.')) continue;
      const path = dir.path === '/' ? '/' + n : dir.path.replace(/\/$/, '') + '/' + n;
      let lst: Stat;
      try {
        lst = p.fs.lstat(p.abs(path));
      } catch (e) {
        perr(p, 'ls', path, fsCode(e));
        status = 1;
        continue;
      }
      let st = lst;
      if (follow && lst.type === 'symlink') {
        try {
          st = p.fs.stat(p.abs(path));
        } catch {
          /* dangling */
        }
      }
      list.push({ name: n, path, st, lst });
    }
    return list;
  };

  const args = o.args.length ? o.args : ['.'];
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const a of args) {
    const e = statOf(a, true);
    if (!e) continue;
    if (e.st.type === 'dir' && !f('d')) dirs.push(e);
    else files.push(e);
  }
  sortEntries(files);
  sortEntries(dirs);
  let out = display(files);
  const showHeaders = args.length > 1 || f('R');
  let first = files.length === 0;
  const listDir = (d: Entry) => {
    if (showHeaders) out += (first ? '' : '\n') + d.path + ':\n';
    first = false;
    const list = readDir(d);
    sortEntries(list);
    if (long || f('s')) out += `total ${list.reduce((t, e) => t + blocks1k(e.st), 0)}\n`;
    out += display(list);
    if (f('R')) {
      for (const e of list) {
        if (e.st.type === 'dir' && e.lst.type === 'dir' && e.name !== '.' && e.name !== '..') listDir(e);
      }
    }
  };
  for (const d of dirs) listDir(d);
  p.out(out);
  return status;
}
