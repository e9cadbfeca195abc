/**
 * Word expansion as sh does it, for the subset we parse: ~, $VAR, ${VAR}, $?,
 * $(command) and `command` (trailing newlines dropped); unquoted results are
 * split into fields at blanks. No globbing: `*` stays as typed.
 */
import type { Part, Word } from './parse.ts';
import { HOME, type HostState } from './runtime.ts';

export class ExpandError extends Error {}

export interface Expander {
  readonly state: HostState;
  /** Runs a command substitution and returns its standard output. */
  substitute(source: string): Promise<string>;
}

/** PID the host's bash reports for $$ (a plausible number; the host's processes are not simulated). */
const SHELL_PID = '4187';

function variable(name: string, state: HostState): string {
  switch (name) {
    case '?':
      return String(state.status);
    case '$':
      return SHELL_PID;
    case '#':
      return '0';
    case '0':
      return 'bash';
    case '!':
      return '';
    default:
      if (/^\d$/.test(name)) return '';
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ExpandError(`bash: \${${name}}: bad substitution`);
      return state.vars.get(name) ?? '';
  }
}

/** $(( … )): integer arithmetic with + - * / % and parentheses, variables by name or $NAME. */
function arith(expr: string, state: HostState): string {
  const src = expr.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*|[?#$])\}?/g, (_m, n: string) => variable(n, state));
  const toks = src.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/%()]|\S/g) ?? [];
  let i = 0;
  const fail = (): never => {
    throw new ExpandError(`bash: ${expr.trim()}: syntax error in expression (error token is "${toks.slice(i).join(' ')}")`);
  };
  const atom = (): bigint => {
    const t = toks[i++];
    if (t === undefined) return fail();
    if (t === '(') {
      const v = sum();
      if (toks[i++] !== ')') fail();
      return v;
    }
    if (t === '-') return -atom();
    if (t === '+') return atom();
    if (/^\d+$/.test(t)) return BigInt(t);
    if (/^[A-Za-z_]/.test(t)) {
      const v = state.vars.get(t) ?? '0';
      return /^-?\d+$/.test(v.trim()) ? BigInt(v.trim()) : 0n;
    }
    i--;
    return fail();
  };
  const product = (): bigint => {
    let v = atom();
    while (toks[i] === '*' || toks[i] === '/' || toks[i] === '%') {
      const op = toks[i++];
      const r = atom();
      if (op !== '*' && r === 0n) throw new ExpandError(`bash: ${expr.trim()}: division by 0 (error token is "${toks[i - 1]}")`);
      v = op === '*' ? v * r : op === '/' ? v / r : v % r;
    }
    return v;
  };
  const sum = (): bigint => {
    let v = product();
    while (toks[i] === '+' || toks[i] === '-') {
      const op = toks[i++];
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  if (toks.length === 0) return '0';
  const v = sum();
  if (i < toks.length) fail();
  return String(BigInt.asIntN(64, v));
}

async function partValue(p: Part, x: Expander): Promise<string> {
  if (p.kind === 'lit') return p.text;
  if (p.kind === 'var') return variable(p.name, x.state);
  if (p.kind === 'arith') return arith(p.expr, x.state);
  return (await x.substitute(p.source)).replace(/\n+$/, '');
}

function withTilde(w: Word): Word {
  const first = w[0];
  if (first?.kind !== 'lit' || first.quoted || !first.text.startsWith('~')) return w;
  if (first.text !== '~' && !first.text.startsWith('~/')) return w;
  return [{ kind: 'lit', text: HOME + first.text.slice(1), quoted: true }, ...w.slice(1)];
}

/** Expands a word into fields (an unquoted empty expansion gives none). */
export async function expandWord(word: Word, x: Expander): Promise<string[]> {
  const fields: string[] = [];
  let cur = '';
  let has = false;
  for (const p of withTilde(word)) {
    const value = await partValue(p, x);
    if (p.kind === 'lit' || p.quoted) {
      cur += value;
      if (p.quoted || value) has = true;
      continue;
    }
    for (const ch of value) {
      if (ch === ' ' || ch === '\t' || ch === '\n') {
        if (has) fields.push(cur);
        cur = '';
        has = false;
      } else {
        cur += ch;
        has = true;
      }
    }
  }
  if (has) fields.push(cur);
  return fields;
}

/** Expands a word without field splitting (assignments). */
export async function expandString(word: Word, x: Expander): Promise<string> {
  let s = '';
  for (const p of withTilde(word)) s += await partValue(p, x);
  return s;
}

/** The word as typed, for messages ("bash: $X: ambiguous redirect"). */
export function wordSource(word: Word): string {
  return word
    .map((p) =>
      p.kind === 'lit'
        ? p.text
        : p.kind === 'var'
          ? p.name.length === 1 || /^\w+$/.test(p.name)
            ? `$${p.name}`
            : `\${${p.name}}`
          : p.kind === 'arith'
            ? `$((${p.expr}))`
            : `$(${p.source})`,
    )
    .join('');
}
