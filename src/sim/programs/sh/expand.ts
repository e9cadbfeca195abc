/**
 * Word expansion: tilde, parameters, command substitution, arithmetic, field
 * splitting on IFS, pathname expansion and quote removal, in POSIX order.
 */
import type { Op } from '../../kernel/process.ts';
import type { Part, Word } from './ast.ts';
import { escapePattern, globPaths, hasGlob, matchPattern, patternRegex, unescapePattern } from './glob.ts';
import { ArithError, evalArith } from './arith.ts';
import type { Shell } from './shell.ts';
import { userByName } from '../../kernel/users.ts';

type Gen<T> = Generator<Op, T, unknown>;

/** A piece of expanded text. q: quoted (no splitting, no globbing); sp: subject to field splitting. */
interface Text {
  s: string;
  q: boolean;
  sp: boolean;
}
/** "$@" boundary: always ends the field (even an empty one). */
const HARD = 1;
/** Unquoted $@/$* boundary: ends a non-empty field. */
const SOFT = 2;
type Frag = Text | typeof HARD | typeof SOFT;

export class ExpandError extends Error {}

const simpleWord = (w: Word): string | undefined => {
  if (w.length !== 1) return undefined;
  const p = w[0]!;
  if (p.k === 'q') return p.v;
  if (p.k === 'lit' && !/[*?[~]/.test(p.v)) return p.v;
  return undefined;
};

/** Full expansion of command words into fields. */
export function* expandArgs(sh: Shell, words: Word[]): Gen<string[]> {
  const out: string[] = [];
  for (const w of words) {
    const s = simpleWord(w);
    if (s !== undefined) {
      out.push(s);
      continue;
    }
    const frags: Frag[] = [];
    yield* fragsOf(sh, w, false, frags, true);
    split(sh, frags, out, !sh.optF);
  }
  return out;
}

/** One string: no field splitting or globbing (assignments, redirection targets, here-docs, case words). */
export function* expandString(sh: Shell, w: Word, tildeAssign = false): Gen<string> {
  const s = simpleWord(w);
  if (s !== undefined) return s;
  const frags: Frag[] = [];
  yield* fragsOf(sh, w, false, frags, true, tildeAssign);
  let r = '';
  for (const f of frags) if (typeof f === 'object') r += f.s;
    else if (f === SOFT) r += ' ';
  return r;
}

/** A pattern (case, ${x#pat}): quoted text escaped, the rest live. */
export function* expandPattern(sh: Shell, w: Word): Gen<string> {
  const frags: Frag[] = [];
  yield* fragsOf(sh, w, false, frags, false);
  let r = '';
  for (const f of frags) if (typeof f === 'object') r += f.q ? escapePattern(f.s) : f.s;
  return r;
}

function* fragsOf(sh: Shell, w: Word, quoted: boolean, out: Frag[], tilde: boolean, tildeAssign = false): Gen<void> {
  for (let i = 0; i < w.length; i++) {
    const p = w[i]!;
    if (p.k === 'lit' && !quoted && tilde && ((i === 0 && p.v.startsWith('~')) || tildeAssign)) {
      out.push(...tildeFrags(sh, p.v, i === 0, tildeAssign, w.length === 1 || w[i + 1]?.k !== 'lit'));
      continue;
    }
    yield* partFrags(sh, p, quoted, out);
  }
}

function tildeFrags(sh: Shell, v: string, atStart: boolean, assign: boolean, _end: boolean): Frag[] {
  const segs = assign ? v.split(':') : [v];
  const out: Frag[] = [];
  segs.forEach((seg, idx) => {
    if (idx > 0) out.push({ s: ':', q: false, sp: false });
    if ((idx > 0 || atStart) && seg.startsWith('~')) {
      const slash = seg.indexOf('/');
      const user = seg.slice(1, slash < 0 ? undefined : slash);
      const rest = slash < 0 ? '' : seg.slice(slash);
      const home = user === '' ? sh.getVar('HOME') : userByName(sh.p.fs, user)?.home;
      if (home !== undefined) {
        out.push({ s: home, q: true, sp: false });
        if (rest) out.push({ s: rest, q: false, sp: false });
        return;
      }
    }
    out.push({ s: seg, q: false, sp: false });
  });
  return out;
}

function* partFrags(sh: Shell, p: Part, quoted: boolean, out: Frag[]): Gen<void> {
  switch (p.k) {
    case 'lit':
      out.push({ s: p.v, q: quoted, sp: false });
      return;
    case 'q':
      out.push({ s: p.v, q: true, sp: false });
      return;
    case 'dq': {
      const only = p.parts.length === 1 && p.parts[0]!.k === 'param' && p.parts[0]!.name === '@' && p.parts[0]!.op === '';
      if (only && sh.params.length === 0) return;
      out.push({ s: '', q: true, sp: false });
      for (const q of p.parts) yield* partFrags(sh, q, true, out);
      return;
    }
    case 'cmd': {
      const s = (yield* sh.commandSubst(p.body)).replace(/\n+$/, '');
      out.push({ s, q: quoted, sp: !quoted });
      return;
    }
    case 'arith': {
      const expr = yield* expandString(sh, p.expr);
      let v: number;
      try {
        v = evalArith(expr, sh.arithVars);
      } catch (e) {
        if (e instanceof ArithError) throw sh.fatal(e.message);
        throw e;
      }
      out.push({ s: String(v), q: quoted, sp: !quoted });
      return;
    }
    case 'param':
      yield* paramFrags(sh, p, quoted, out);
      return;
  }
}

function* paramFrags(sh: Shell, p: Part & { k: 'param' }, quoted: boolean, out: Frag[]): Gen<void> {
  const name = p.name;
  const op = p.op;
  if (op === 'bad') throw sh.fatal('syntax error: bad substitution');
  if ((name === '@' || name === '*') && op === '') {
    const ps = sh.params;
    if (quoted && name === '*') {
      const ifs = sh.getVar('IFS');
      const sep = ifs === undefined ? ' ' : ifs.slice(0, 1);
      out.push({ s: ps.join(sep), q: true, sp: false });
      return;
    }
    ps.forEach((v, i) => {
      if (i > 0) out.push(quoted ? HARD : SOFT);
      out.push({ s: v, q: quoted, sp: !quoted });
    });
    return;
  }
  if (op === 'len') {
    const v = name === '@' || name === '*' ? String(sh.params.length) : String(sh.paramValue(name, true)?.length ?? 0);
    out.push({ s: v, q: quoted, sp: !quoted });
    return;
  }
  let v = name === '@' || name === '*' ? (sh.params.length ? sh.params.join(' ') : undefined) : sh.paramValue(name, false);
  const colon = op.startsWith(':') && op.length === 2;
  const empty = v === undefined || (colon && v === '');
  const argStr = function* (): Gen<string> {
    return p.arg ? yield* expandString(sh, p.arg, false) : '';
  };
  switch (op) {
    case '':
      if (v === undefined && sh.optU && name !== '@' && name !== '*') throw sh.fatal(`${name}: parameter not set`);
      break;
    case '-':
    case ':-':
      if (empty) {
        if (p.arg) yield* wordFrags(sh, p.arg, quoted, out);
        return;
      }
      break;
    case '=':
    case ':=':
      if (empty) {
        v = yield* argStr();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw sh.fatal(`${name}: bad variable name`);
        sh.assign(name, v);
      }
      break;
    case '?':
    case ':?':
      if (empty) {
        const msg = p.arg && p.arg.length ? yield* argStr() : colon ? 'parameter not set or null' : 'parameter not set';
        throw sh.fatal(`${name}: ${msg}`);
      }
      break;
    case '+':
    case ':+':
      if (!empty && p.arg) yield* wordFrags(sh, p.arg, quoted, out);
      return;
    case '#':
    case '##':
    case '%':
    case '%%': {
      const pat = p.arg ? yield* expandPattern(sh, p.arg) : '';
      v = removePattern(v ?? '', pat, op);
      break;
    }
    case '/':
    case '//': {
      const pat = p.arg ? yield* expandPattern(sh, p.arg) : '';
      const rep = p.arg2 ? yield* expandString(sh, p.arg2) : '';
      v = replacePattern(v ?? '', pat, rep, op === '//');
      break;
    }
    case ':': {
      const s = v ?? '';
      const off = evalNum(sh, yield* expandString(sh, p.arg ?? []));
      let start = off < 0 ? Math.max(0, s.length + off) : Math.min(off, s.length);
      let end = s.length;
      if (p.arg2) {
        const len = evalNum(sh, yield* expandString(sh, p.arg2));
        end = len < 0 ? s.length + len : start + len;
        if (end < start) end = start;
      }
      if (start > s.length) start = s.length;
      v = s.slice(start, end);
      break;
    }
  }
  if (v === undefined) return;
  out.push({ s: v, q: quoted, sp: !quoted });
}

/** The word of ${x:-word}/${x:+word}: its unquoted text is split like an expansion result. */
function* wordFrags(sh: Shell, w: Word, quoted: boolean, out: Frag[]): Gen<void> {
  for (const q of w) {
    if (q.k === 'lit' && !quoted) out.push({ s: q.v, q: false, sp: true });
    else yield* partFrags(sh, q, quoted, out);
  }
}

function evalNum(sh: Shell, s: string): number {
  try {
    return evalArith(s, sh.arithVars);
  } catch (e) {
    if (e instanceof ArithError) throw sh.fatal(e.message);
    throw e;
  }
}

function removePattern(v: string, pat: string, op: string): string {
  if (!hasGlob(pat)) {
    const lit = unescapePattern(pat);
    if (op[0] === '#') return v.startsWith(lit) ? v.slice(lit.length) : v;
    return v.endsWith(lit) ? v.slice(0, v.length - lit.length) : v;
  }
  const re = patternRegex(pat);
  if (op === '#') {
    for (let i = 0; i <= v.length; i++) if (re.test(v.slice(0, i))) return v.slice(i);
  } else if (op === '##') {
    for (let i = v.length; i >= 0; i--) if (re.test(v.slice(0, i))) return v.slice(i);
  } else if (op === '%') {
    for (let i = v.length; i >= 0; i--) if (re.test(v.slice(i))) return v.slice(0, i);
  } else {
    for (let i = 0; i <= v.length; i++) if (re.test(v.slice(i))) return v.slice(0, i);
  }
  return v;
}

function replacePattern(v: string, pat: string, rep: string, all: boolean): string {
  if (pat === '') return v;
  let anchor = '';
  let p = pat;
  if (p.startsWith('#') || p.startsWith('%')) {
    anchor = p[0]!;
    p = p.slice(1);
  }
  const re = patternRegex(p);
  let out = '';
  let i = 0;
  let done = false;
  while (i <= v.length) {
    if (!done && (anchor !== '#' || i === 0)) {
      // Longest match starting at i.
      let best = -1;
      for (let j = v.length; j > i; j--) {
        if (anchor === '%' && j !== v.length) break;
        if (re.test(v.slice(i, j))) {
          best = j;
          break;
        }
      }
      if (best > i) {
        out += rep;
        i = best;
        if (!all) done = true;
        continue;
      }
    }
    if (i < v.length) out += v[i];
    i++;
  }
  return out;
}

/** Field splitting and pathname expansion of one word's fragments. */
function split(sh: Shell, frags: Frag[], out: string[], glob: boolean): void {
  const ifs = sh.getVar('IFS') ?? ' \t\n';
  let cur: string | null = null;
  let pat = '';
  let globbable = false;
  let wsEnded = false;
  const push = () => {
    if (cur === null) return;
    if (glob && globbable && hasGlob(pat)) {
      const m = globPaths(sh.p.fs, sh.p.cwd, pat);
      if (m.length) out.push(...m);
      else out.push(cur);
    } else out.push(cur);
    cur = null;
    pat = '';
    globbable = false;
  };
  for (const f of frags) {
    if (f === HARD) {
      if (cur === null) cur = '';
      push();
      continue;
    }
    if (f === SOFT) {
      push();
      continue;
    }
    if (!f.sp || ifs === '') {
      if (cur === null) cur = '';
      cur += f.s;
      if (f.q) pat += escapePattern(f.s);
      else {
        pat += f.s;
        globbable = true;
      }
      wsEnded = false;
      continue;
    }
    for (const c of f.s) {
      if (ifs.includes(c)) {
        if (c === ' ' || c === '\t' || c === '\n') {
          if (cur !== null) {
            push();
            wsEnded = true;
          }
        } else {
          if (cur !== null) push();
          else if (!wsEnded) {
            cur = '';
            push();
          }
          wsEnded = false;
        }
        continue;
      }
      if (cur === null) cur = '';
      cur += c;
      pat += c;
      globbable = true;
      wsEnded = false;
    }
  }
  push();
}

/** Case pattern match. */
export function casematch(pat: string, s: string): boolean {
  return matchPattern(pat, s);
}
