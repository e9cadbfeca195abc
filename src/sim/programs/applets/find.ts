/** find, after busybox findutils/find.c: the common primaries and actions. */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import type { Stat } from '../../fs/types.ts';
import { err, fsCode, perr, type Gen } from '../lib.ts';
import { matchPattern } from '../sh/glob.ts';
import { userName } from '../../kernel/users.ts';
import { lstatOr, runCmd, statOr, join } from './files.ts';

/** find with the common primaries: -name -iname -type -maxdepth -mindepth -path -newer -size -empty -perm? -print -exec … ; -delete, ! -not -a -o ( ). */
export function* findMain(p: Proc): ProgramGen {
  const argv = p.argv.slice(1);
  const paths: string[] = [];
  let i = 0;
  while (i < argv.length && !argv[i]!.startsWith('-') && argv[i] !== '!' && argv[i] !== '(') paths.push(argv[i++]!);
  if (!paths.length) paths.push('.');
  let maxDepth = Infinity;
  let minDepth = 0;
  const exprArgs: string[] = [];
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-maxdepth' || a === '-mindepth') {
      const v = argv[++i];
      if (v === undefined || !/^[0-9]+$/.test(v)) {
        err(p, 'find', `invalid number '${v ?? ''}'`);
        return 1;
      }
      if (a === '-maxdepth') maxDepth = Number(v);
      else minDepth = Number(v);
    } else if (a === '-depth' || a === '-xdev' || a === '-follow') {
      /* accepted */
    } else exprArgs.push(a);
  }
  type Pred = (path: string, st: Stat) => Gen<boolean>;
  let k = 0;
  let hasAction = false;
  let bad: string | undefined;
  const primary = (): Pred | undefined => {
    const a = exprArgs[k++];
    if (a === undefined) return undefined;
    const need = () => {
      const v = exprArgs[k++];
      if (v === undefined) bad = bad ?? `missing argument to '${a}'`;
      return v ?? '';
    };
    switch (a) {
      case '!':
      case '-not': {
        const q = primary();
        if (!q) return undefined;
        return function* (path, st) {
          return !(yield* q(path, st));
        };
      }
      case '(': {
        const q = orExpr();
        if (exprArgs[k] === ')') k++;
        return q;
      }
      case '-name':
      case '-iname': {
        const pat = need();
        const ci = a === '-iname';
        return function* (path) {
          const b = path === '/' ? '/' : path.replace(/\/+$/, '').replace(/^.*\//, '');
          return ci ? matchPattern(pat.toLowerCase(), b.toLowerCase()) : matchPattern(pat, b);
        };
      }
      case '-path':
      case '-wholename': {
        const pat = need();
        return function* (path) {
          return matchPattern(pat, path);
        };
      }
      case '-type': {
        const t = need();
        const map: Record<string, string> = { f: 'file', d: 'dir', l: 'symlink', c: 'char', b: 'block', p: 'fifo', s: 'socket' };
        return function* (_path, st) {
          return st.type === map[t];
        };
      }
      case '-newer': {
        const ref = need();
        const rst = statOr(p.fs, p.abs(ref));
        return function* (_path, st) {
          return !!rst && st.mtimeMs > rst.mtimeMs;
        };
      }
      case '-empty':
        return function* (path, st) {
          if (st.type === 'dir') return p.fs.readdir(p.abs(path)).length === 0;
          return st.type === 'file' && st.size === 0;
        };
      case '-size': {
        const v = need();
        const m = /^([+-]?)([0-9]+)([ckMGbw]?)$/.exec(v);
        return function* (_path, st) {
          if (!m) return false;
          const unit = m[3] === 'c' ? 1 : m[3] === 'k' ? 1024 : m[3] === 'M' ? 1048576 : m[3] === 'G' ? 1073741824 : m[3] === 'w' ? 2 : 512;
          const n = Math.ceil(st.size / unit);
          const want = Number(m[2]);
          return m[1] === '+' ? n > want : m[1] === '-' ? n < want : n === want;
        };
      }
      case '-perm': {
        const v = need();
        return function* (_path, st) {
          const exact = v.replace(/^[-/]/, '');
          const mode = parseInt(exact, 8);
          if (v.startsWith('-')) return (st.mode & mode) === mode;
          if (v.startsWith('/')) return (st.mode & mode) !== 0;
          return (st.mode & 0o7777) === mode;
        };
      }
      case '-user': {
        const v = need();
        return function* (_path, st) {
          return userName(p.fs, st.uid) === v || String(st.uid) === v;
        };
      }
      case '-print':
        hasAction = true;
        return function* (path) {
          p.out(path + '\n');
          return true;
        };
      case '-print0':
        hasAction = true;
        return function* (path) {
          p.out(path + '\0');
          return true;
        };
      case '-delete':
        hasAction = true;
        return function* (path, st) {
          try {
            if (st.type === 'dir') p.fs.rmdir(p.abs(path));
            else p.fs.unlink(p.abs(path));
          } catch (e) {
            perr(p, 'find', path, fsCode(e));
          }
          return true;
        };
      case '-exec':
      case '-ok': {
        hasAction = true;
        const cmd: string[] = [];
        while (k < exprArgs.length && exprArgs[k] !== ';' && exprArgs[k] !== '+') cmd.push(exprArgs[k++]!);
        if (k >= exprArgs.length) {
          bad = bad ?? `missing argument to '${a}'`;
          return undefined;
        }
        k++;
        return function* (path) {
          const args = cmd.map((c) => c.replaceAll('{}', path));
          return (yield* runCmd(p, args)) === 0;
        };
      }
      case '-true':
        return function* () {
          return true;
        };
      case '-false':
        return function* () {
          return false;
        };
      default:
        bad = bad ?? `unrecognized: ${a}`;
        return undefined;
    }
  };
  const andExpr = (): Pred | undefined => {
    let left = primary();
    if (!left) return undefined;
    while (k < exprArgs.length && exprArgs[k] !== '-o' && exprArgs[k] !== '-or' && exprArgs[k] !== ')') {
      if (exprArgs[k] === '-a' || exprArgs[k] === '-and') k++;
      const right = primary();
      if (!right) break;
      const l: Pred = left;
      left = function* (path: string, st: Stat): Gen<boolean> {
        return (yield* l(path, st)) && (yield* right(path, st));
      };
    }
    return left;
  };
  const orExpr = (): Pred | undefined => {
    let left = andExpr();
    while (left && (exprArgs[k] === '-o' || exprArgs[k] === '-or')) {
      k++;
      const right = andExpr();
      if (!right) break;
      const l: Pred = left;
      left = function* (path: string, st: Stat): Gen<boolean> {
        return (yield* l(path, st)) || (yield* right(path, st));
      };
    }
    return left;
  };
  const expr = exprArgs.length ? orExpr() : undefined;
  if (bad || (exprArgs.length && (!expr || k < exprArgs.length))) {
    err(p, 'find', bad ?? `unrecognized: ${exprArgs[k] ?? ''}`);
    return 1;
  }
  let status = 0;
  let n = 0;
  const visit = function* (path: string, depth: number): Gen<void> {
    const st = lstatOr(p.fs, p.abs(path));
    if (!st) {
      perr(p, 'find', path, 'ENOENT');
      status = 1;
      return;
    }
    if (depth >= minDepth) {
      const ok = expr ? yield* expr(path, st) : true;
      if (ok && !hasAction) p.out(path + '\n');
    }
    if (++n % 200 === 0) yield* p.tick();
    if (st.type === 'dir' && depth < maxDepth) {
      let names: string[] = [];
      try {
        names = p.fs.readdir(p.abs(path)).map((e) => e.name);
      } catch (e) {
        perr(p, 'find', path, fsCode(e));
        status = 1;
      }
      for (const name of names) yield* visit(join(path, name), depth + 1);
    }
  };
  for (const path of paths) yield* visit(path, 0);
  return status;
}

