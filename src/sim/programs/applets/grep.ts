/** grep / egrep / fgrep, after busybox findutils/grep.c (POSIX regexes translated to JavaScript). */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { err, fsCode, getopt, lines, perr, readAll, readInput, showUsage, type Gen } from '../lib.ts';
import { compile } from './regex.ts';

export function* grepMain(p: Proc): ProgramGen {
  const name = (p.argv[0] ?? 'grep').replace(/^.*\//, '');
  const o = yield* getopt(p, name, p.argv, 'lnqvscFiHhe:f:LorRwxEzmA:B:C:a', {
    'ignore-case': 'i', 'invert-match': 'v', count: 'c', quiet: 'q', silent: 'q', 'line-number': 'n', 'files-with-matches': 'l',
    recursive: 'r', 'word-regexp': 'w', 'line-regexp': 'x', 'extended-regexp': 'E', 'fixed-strings': 'F', 'only-matching': 'o', 'regexp=': 'e',
  });
  if (!o) return 1;
  const f = (c: string) => o.flags.has(c);
  const args = o.args.slice();
  let patterns: string[] = o.all.get('e') ?? [];
  if (o.flags.has('f')) {
    const t = yield* readInput(p, name, o.flags.get('f')!);
    if (t === undefined) return 2;
    patterns.push(...lines(t));
  }
  if (!patterns.length) {
    if (!args.length) return yield* showUsage(p, name);
    patterns = [args.shift()!];
  }
  const fixed = f('F') || name === 'fgrep';
  const extended = f('E') || name === 'egrep';
  const res: RegExp[] = [];
  for (const pat of patterns.flatMap((x) => x.split('\n'))) {
    let src = fixed ? pat.replace(/[\\^$.*+?()[\]{}|\/]/g, '\\$&') : undefined;
    let re = src !== undefined ? new RegExp(src, f('i') ? 'i' : '') : compile(pat, extended, f('i') ? 'i' : '');
    if (!re) {
      err(p, name, `bad regex '${pat}'`);
      return 2;
    }
    src = re.source;
    if (f('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
    if (f('x')) src = `^(?:${src})$`;
    re = new RegExp(src, (f('i') ? 'i' : '') + 'g');
    res.push(re);
  }
  const rec = f('r') || f('R');
  let files = args.length ? args : rec ? ['.'] : ['-'];
  if (rec) {
    const expand = (path: string): string[] => {
      try {
        const st = p.fs.stat(p.abs(path));
        if (st.type !== 'dir') return [path];
        return p.fs.readdir(p.abs(path)).flatMap((e) => expand(path.replace(/\/$/, '') + '/' + e.name));
      } catch {
        return [path];
      }
    };
    files = files.flatMap(expand);
  }
  const showName = !f('h') && (files.length > 1 || rec || f('H'));
  let found = false;
  let status = 0;
  let out = '';
  for (const file of files) {
    const text = file === '-' ? yield* readAll(p, 0) : yield* readInputQuiet(p, name, file, f('s'));
    if (text === undefined) {
      status = 2;
      continue;
    }
    let count = 0;
    const ls = lines(text);
    for (let i = 0; i < ls.length; i++) {
      const l = ls[i]!;
      let matched = false;
      const pieces: string[] = [];
      for (const re of res) {
        re.lastIndex = 0;
        if (f('o') && !f('v')) {
          for (const m of l.matchAll(re)) {
            if (m[0] !== '') pieces.push(m[0]);
            matched = true;
          }
        } else if (re.test(l)) matched = true;
      }
      if (matched === f('v')) continue;
      count++;
      found = true;
      if (f('q')) return 0;
      if (f('l') || f('L') || f('c')) continue;
      const prefix = (showName ? (file === '-' ? '(standard input)' : file) + ':' : '') + (f('n') ? `${i + 1}:` : '');
      if (f('o') && !f('v')) for (const piece of pieces) out += prefix + piece + '\n';
      else out += prefix + l + '\n';
      if (o.flags.has('m') && count >= Number(o.flags.get('m'))) break;
    }
    const shown = file === '-' ? '(standard input)' : file;
    if (f('c')) out += (showName ? shown + ':' : '') + count + '\n';
    if (f('l') && count) out += shown + '\n';
    if (f('L') && !count) out += shown + '\n';
    if (out.length > 65536) {
      p.out(out);
      out = '';
      yield* p.tick();
    }
  }
  p.out(out);
  if (status === 2 && !f('q')) return 2;
  return found ? 0 : status || 1;
}

function* readInputQuiet(p: Proc, applet: string, name: string, quiet: boolean): Gen<string | undefined> {
  try {
    const st = p.fs.stat(p.abs(name));
    if (st.type === 'dir') {
      if (!quiet) err(p, applet, `${name}: Is a directory`);
      return undefined;
    }
    return p.fs.readText(p.abs(name));
  } catch (e) {
    if (!quiet) perr(p, applet, name, fsCode(e));
    return undefined;
  }
}

