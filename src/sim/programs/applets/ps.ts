/** ps as Debian's busybox builds it (DESKTOP -o support, no TIME column): "PID   USER     COMMAND". */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { getopt, err } from '../lib.ts';
import { groupName, userName } from '../../kernel/users.ts';

interface Col {
  width: number;
  name: string;
  header: string;
  f: (q: Proc) => string;
}

function args(q: Proc): string {
  const cmd = q.cmdline ?? q.argv;
  let s = cmd.join(' ').replace(/[\x00-\x1f]/g, ' ');
  const argv0 = (cmd[0] ?? '').split(' ')[0]!;
  let base = argv0.slice(argv0.lastIndexOf('/') + 1);
  if (base.startsWith('-')) base = base.slice(1);
  if (!base.startsWith(q.comm)) s = `{${q.comm}} ${s}`;
  return s;
}

function specs(p: Proc): Col[] {
  const fs = p.fs;
  return [
    { width: 8, name: 'user', header: 'USER', f: (q) => userName(fs, q.uid).slice(0, 8) },
    { width: 8, name: 'group', header: 'GROUP', f: (q) => groupName(fs, q.gid).slice(0, 8) },
    { width: 16, name: 'comm', header: 'COMMAND', f: (q) => q.comm },
    { width: 2048, name: 'args', header: 'COMMAND', f: args },
    { width: 5, name: 'pid', header: 'PID', f: (q) => String(q.pid).padStart(5) },
    { width: 5, name: 'ppid', header: 'PPID', f: (q) => String(q.ppid).padStart(5) },
    { width: 5, name: 'pgid', header: 'PGID', f: (q) => String(q.pgid).padStart(5) },
    { width: 5, name: 'nice', header: 'NI', f: () => '0'.padStart(5) },
    { width: 8, name: 'rgroup', header: 'RGROUP', f: (q) => groupName(fs, q.gid).slice(0, 8) },
    { width: 8, name: 'ruser', header: 'RUSER', f: (q) => userName(fs, q.uid).slice(0, 8) },
    { width: 6, name: 'tty', header: 'TT', f: (q) => (q.ctty ? '136,0' : '?') },
    { width: 4, name: 'vsz', header: 'VSZ', f: () => '2268' },
    { width: 5, name: 'sid', header: 'SID', f: (q) => String(q.pgid).padStart(5) },
    { width: 4, name: 'stat', header: 'STAT', f: (q) => q.stat.padEnd(3) },
    { width: 4, name: 'rss', header: 'RSS', f: () => '4' },
  ];
}

export function* psMain(p: Proc): ProgramGen {
  const o = yield* getopt(p, 'ps', p.argv, 'Zo:aAdeflT');
  if (!o) return 1;
  const all = specs(p);
  const cols: Col[] = [];
  const oList = o.all.get('o') ?? ['pid,user,args'];
  for (const spec of oList) {
    let rest = spec;
    for (;;) {
      const comma = rest.indexOf(',');
      const equal = rest.indexOf('=');
      if (comma >= 0 && (equal < 0 || equal > comma)) {
        const c = all.find((x) => x.name === rest.slice(0, comma));
        if (!c) return badO(p, rest.slice(0, comma));
        cols.push({ ...c });
        rest = rest.slice(comma + 1);
        continue;
      }
      const name = equal >= 0 ? rest.slice(0, equal) : rest;
      const c = all.find((x) => x.name === name);
      if (!c) return badO(p, name);
      const col = { ...c };
      cols.push(col);
      if (equal < 0) break;
      let header = rest.slice(equal + 1);
      const c2 = header.indexOf(',');
      if (c2 >= 0) {
        rest = header.slice(c2 + 1);
        header = header.slice(0, c2);
      } else rest = '';
      col.header = header;
      if (header) col.width = header.length;
      if (c2 < 0) break;
    }
  }
  let width = 2048;
  const tty = p.fds[1]?.tty;
  if (tty) width = Math.min(2048, tty.cols - 1);
  // Columns that would start past the terminal width are dropped (alloc_line_buffer).
  let total = 0;
  for (let i = 0; i < cols.length; i++) {
    total += cols[i]!.width + 1;
    if (total > width) {
      cols.length = i + 1;
      break;
    }
  }
  const clip = (s: string) => s.slice(0, width);
  let out = '';
  if (cols.some((c) => c.header)) {
    out += clip(cols.map((c, i) => (i === cols.length - 1 ? c.header : c.header.padEnd(c.width) + ' ')).join('')) + '\n';
  }
  for (const q of p.task.list()) {
    let line = '';
    cols.forEach((c, i) => {
      let v = c.f(q);
      if (!v) v = '-';
      line += v;
      if (i < cols.length - 1) line += ' '.repeat(Math.max(1, c.width - v.length + 1));
    });
    out += clip(line) + '\n';
  }
  p.out(out);
  return 0;
}

function badO(p: Proc, name: string): number {
  err(p, 'ps', `bad -o argument '${name}', supported arguments: user,group,comm,args,pid,ppid,pgid,nice,rgroup,ruser,tty,vsz,sid,stat,rss`);
  return 1;
}
