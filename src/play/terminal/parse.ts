/**
 * The host shell's command language: a small, honest subset of sh.
 *
 * Words are split as src/runner/shellwords.ts splits them (blanks, '…', "…",
 * backslashes, # comments, the same operators), but quoting is remembered so
 * that expansions can follow it: $VAR, ${VAR}, $?, $(command) and `command`
 * expand outside single quotes, and unquoted results are split into fields.
 * Then: NAME=value assignments, redirections (> >> < 2> 2>&1 &>), pipelines,
 * && || ; and newlines. Subshells, groups, if/for/while and & are recognised
 * only to be refused.
 */

export type Part =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean }
  | { kind: 'sub'; source: string; quoted: boolean }
  | { kind: 'arith'; expr: string; quoted: boolean };

export type Word = Part[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '&>';
  target: Word;
}

export interface Simple {
  assigns: Array<{ name: string; value: Word }>;
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  negate: boolean;
  commands: Simple[];
}

export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
  background: boolean;
}

export type Script = AndOr[];

export type ParseResult =
  | { kind: 'ok'; script: Script }
  /** The line is not finished (open quote, trailing | or &&, backslash-newline): read another. */
  | { kind: 'incomplete' }
  | { kind: 'error'; message: string }
  /** Valid sh that this terminal does not run (subshells, if/for/while, &). */
  | { kind: 'unsupported'; what: 'background' | 'compound' };

type Tok = { kind: 'word'; parts: Part[] } | { kind: 'op'; value: string } | { kind: 'io'; fd: number; op: string } | { kind: 'nl' };

class Incomplete extends Error {}

const OPERATORS = ['&&', '||', ';;', '>>', '>&', '<&', '>|', '<<', '&>', '|', '&', ';', '<', '>', '(', ')'];
const OPERATOR_CHARS = new Set(['|', '&', ';', '<', '>', '(', ')']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function pushLit(parts: Part[], text: string, quoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.kind === 'lit' && last.quoted === quoted) last.text += text;
  else parts.push({ kind: 'lit', text, quoted });
}

/** Index just past the ')' that closes a `$(` whose content starts at `i`. */
function closeParen(src: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) throw new Incomplete();
      i = j + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      if (i >= src.length) throw new Incomplete();
      i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  throw new Incomplete();
}

/** Reads a `$…` at src[i] (src[i] === '$'); returns the index after it. */
function dollar(src: string, i: number, parts: Part[], quoted: boolean): number {
  const n = src[i + 1];
  if (n === '(' && src[i + 2] === '(') {
    const end = closeParen(src, i + 2);
    if (src[end - 2] === ')') {
      parts.push({ kind: 'arith', expr: src.slice(i + 3, end - 2), quoted });
      return end;
    }
  }
  if (n === '(') {
    const end = closeParen(src, i + 2);
    parts.push({ kind: 'sub', source: src.slice(i + 2, end - 1), quoted });
    return end;
  }
  if (n === '{') {
    const end = src.indexOf('}', i + 2);
    if (end < 0) throw new Incomplete();
    parts.push({ kind: 'var', name: src.slice(i + 2, end), quoted });
    return end + 1;
  }
  if (n !== undefined && '?$#!0123456789'.includes(n)) {
    parts.push({ kind: 'var', name: n, quoted });
    return i + 2;
  }
  const m = NAME.exec(src.slice(i + 1));
  if (m) {
    parts.push({ kind: 'var', name: m[0], quoted });
    return i + 1 + m[0].length;
  }
  pushLit(parts, '$', quoted);
  return i + 1;
}

function backtick(src: string, i: number, parts: Part[], quoted: boolean): number {
  let j = i + 1;
  let body = '';
  while (j < src.length && src[j] !== '`') {
    if (src[j] === '\\' && j + 1 < src.length && '$`\\'.includes(src[j + 1]!)) {
      body += src[j + 1];
      j += 2;
      continue;
    }
    body += src[j];
    j++;
  }
  if (j >= src.length) throw new Incomplete();
  parts.push({ kind: 'sub', source: body, quoted });
  return j + 1;
}

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let parts: Part[] = [];
  let inWord = false;
  const endWord = () => {
    if (inWord) toks.push({ kind: 'word', parts });
    parts = [];
    inWord = false;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      endWord();
      toks.push({ kind: 'nl' });
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      const op = OPERATORS.find((o) => src.startsWith(o, i)) ?? c;
      // "2>" "2>>" "2>&1": a word of digits right before a redirection is a file descriptor.
      const only = parts.length === 1 ? parts[0]! : undefined;
      if ((op[0] === '<' || op[0] === '>') && inWord && only?.kind === 'lit' && !only.quoted && /^\d$/.test(only.text)) {
        toks.push({ kind: 'io', fd: Number(only.text), op });
        parts = [];
        inWord = false;
      } else {
        endWord();
        toks.push({ kind: 'op', value: op });
      }
      i += op.length;
      continue;
    }
    inWord = true;
    if (c === '\\') {
      if (i + 1 >= src.length) throw new Incomplete();
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      pushLit(parts, src[i + 1]!, true);
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) throw new Incomplete();
      pushLit(parts, src.slice(i + 1, close), true);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      i++;
      pushLit(parts, '', true);
      for (;;) {
        if (i >= src.length) throw new Incomplete();
        const d = src[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < src.length && '\\"$`\n'.includes(src[i + 1]!)) {
          if (src[i + 1] !== '\n') pushLit(parts, src[i + 1]!, true);
          i += 2;
        } else if (d === '$') i = dollar(src, i, parts, true);
        else if (d === '`') i = backtick(src, i, parts, true);
        else {
          pushLit(parts, d, true);
          i++;
        }
      }
      continue;
    }
    if (c === '$') {
      i = dollar(src, i, parts, false);
      continue;
    }
    if (c === '`') {
      i = backtick(src, i, parts, false);
      continue;
    }
    pushLit(parts, c, false);
    i++;
  }
  endWord();
  return toks;
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', '{', '}', 'function', 'select']);

function plainText(w: Part[]): string | undefined {
  let s = '';
  for (const p of w) {
    if (p.kind !== 'lit' || p.quoted) return undefined;
    s += p.text;
  }
  return s;
}

class ShSyntaxError extends Error {}
class Unsupported extends Error {
  readonly what: 'background' | 'compound';
  constructor(what: 'background' | 'compound') {
    super(what);
    this.what = what;
  }
}

class Parser {
  readonly toks: Tok[];
  i = 0;
  constructor(toks: Tok[]) {
    this.toks = toks;
  }

  peek(): Tok | undefined {
    return this.toks[this.i];
  }

  isOp(v: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.value === v;
  }

  skipNewlines(): void {
    while (this.peek()?.kind === 'nl') this.i++;
  }

  unexpected(t: Tok | undefined): never {
    if (!t) throw new Incomplete();
    const text = t.kind === 'op' ? t.value : t.kind === 'nl' ? 'newline' : t.kind === 'io' ? t.op : '';
    throw new ShSyntaxError(`bash: syntax error near unexpected token \`${text}'`);
  }

  script(): Script {
    const out: Script = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t) return out;
      if (t.kind === 'op' && (t.value === ';' || t.value === '&' || t.value === ';;')) this.unexpected(t);
      const ao = this.andOr();
      const sep = this.peek();
      if (sep?.kind === 'op' && (sep.value === ';' || sep.value === '&')) {
        this.i++;
        if (sep.value === '&') ao.background = true;
      } else if (sep && sep.kind !== 'nl') this.unexpected(sep);
      out.push(ao);
    }
  }

  andOr(): AndOr {
    const ao: AndOr = { first: this.pipeline(), rest: [], background: false };
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'op' && (t.value === '&&' || t.value === '||')) {
        this.i++;
        this.skipNewlines();
        ao.rest.push({ op: t.value, pipeline: this.pipeline() });
      } else return ao;
    }
  }

  pipeline(): Pipeline {
    let negate = false;
    const t = this.peek();
    if (t?.kind === 'word' && plainText(t.parts) === '!') {
      negate = true;
      this.i++;
    }
    const commands = [this.simple()];
    while (this.isOp('|')) {
      this.i++;
      this.skipNewlines();
      commands.push(this.simple());
    }
    return { negate, commands };
  }

  simple(): Simple {
    const cmd: Simple = { assigns: [], words: [], redirects: [] };
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.kind === 'word') {
        this.i++;
        const first = t.parts[0];
        if (cmd.words.length === 0 && first?.kind === 'lit' && !first.quoted) {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
          if (m) {
            const rest = first.text.slice(m[0].length);
            const value: Word = rest ? [{ kind: 'lit', text: rest, quoted: false }, ...t.parts.slice(1)] : t.parts.slice(1);
            cmd.assigns.push({ name: m[1]!, value });
            continue;
          }
        }
        if (cmd.words.length === 0 && RESERVED.has(plainText(t.parts) ?? '')) throw new Unsupported('compound');
        cmd.words.push(t.parts);
        continue;
      }
      if (t.kind === 'io' || (t.kind === 'op' && ['>', '>>', '<', '>|', '>&', '&>', '<&', '<<', '<>'].includes(t.value))) {
        this.i++;
        const fd = t.kind === 'io' ? t.fd : undefined;
        const op = t.kind === 'io' ? t.op : t.value;
        const target = this.peek();
        if (!target) throw new ShSyntaxError("bash: syntax error near unexpected token `newline'");
        if (target.kind !== 'word') this.unexpected(target);
        this.i++;
        if (op === '<<' || op === '<>' || op === '<&') throw new Unsupported('compound');
        if (op === '<') cmd.redirects.push({ fd: fd ?? 0, op: '<', target: target.parts });
        else if (op === '&>') cmd.redirects.push({ fd: 1, op: '&>', target: target.parts });
        else if (op === '>&') cmd.redirects.push({ fd: fd ?? 1, op: '>&', target: target.parts });
        else cmd.redirects.push({ fd: fd ?? 1, op: op === '>>' ? '>>' : '>', target: target.parts });
        continue;
      }
      if (t.kind === 'op' && t.value === '(') throw new Unsupported('compound');
      break;
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) this.unexpected(this.peek());
    return cmd;
  }
}

/** Parses one command line (several lines when continued). */
export function parse(src: string): ParseResult {
  try {
    const p = new Parser(lex(src));
    const script = p.script();
    if (script.some((ao) => ao.background)) return { kind: 'unsupported', what: 'background' };
    return { kind: 'ok', script };
  } catch (e) {
    if (e instanceof Incomplete) return { kind: 'incomplete' };
    if (e instanceof ShSyntaxError) return { kind: 'error', message: e.message };
    if (e instanceof Unsupported) return { kind: 'unsupported', what: e.what };
    throw e;
  }
}
