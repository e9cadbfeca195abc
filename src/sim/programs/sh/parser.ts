/**
 * The ash grammar: a port of busybox ash's recursive-descent parser (list,
 * andor, pipeline, parse_command, simplecmd) with its own lexer. Syntax errors
 * carry ash's exact texts ("unexpected "fi"", "unexpected end of file (expecting
 * ")")", "unterminated quoted string", …).
 */
import type { Assign, Node, Part, Redir, RedirOp, Word } from './ast.ts';

const TEOF = 0;
const TNL = 1;
const TREDIR = 2;
const TWORD = 3;
const TSEMI = 4;
const TBACKGND = 5;
const TAND = 6;
const TOR = 7;
const TPIPE = 8;
const TLP = 9;
const TRP = 10;
const TENDCASE = 11;
const TNOT = 13;
const TCASE = 14;
const TDO = 15;
const TDONE = 16;
const TELIF = 17;
const TELSE = 18;
const TESAC = 19;
const TFI = 20;
const TFOR = 21;
const TFUNCTION = 22;
const TIF = 23;
const TIN = 24;
const TTHEN = 25;
const TUNTIL = 26;
const TWHILE = 27;
const TBEGIN = 28;
const TEND = 29;

const TOKNAME = [
  'end of file', 'newline', 'redirection', 'word', ';', '&', '&&', '||', '|', '(', ')', ';;', '`',
  '!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'then', 'until', 'while', '{', '}',
];
const KWDOFFSET = 13;
const KEYWORDS = new Map<string, number>(TOKNAME.slice(KWDOFFSET).map((k, i) => [k, i + KWDOFFSET]));

/** Tokens that end a list (ash's tokendlist). */
const TOKENDLIST = new Set([TEOF, TRP, TENDCASE, 12, TDO, TDONE, TELIF, TELSE, TESAC, TFI, TTHEN, TEND]);

const CHKALIAS = 1;
const CHKKWD = 2;
const CHKNL = 4;

const SPECIAL_BUILTINS = new Set(['.', ':', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'source', 'times', 'trap', 'unset']);

export class ShSyntaxError extends Error {
  /** The error came from running out of input (more lines could complete the command). */
  readonly eof: boolean;
  readonly line: number;
  constructor(msg: string, eof: boolean, line: number) {
    super(msg);
    this.eof = eof;
    this.line = line;
  }
}

export const goodname = (s: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);

function tokname(t: number): string {
  if (t >= KWDOFFSET) return `"${TOKNAME[t]}"`;
  if (t >= TSEMI) return `"${TOKNAME[t]}"`;
  return TOKNAME[t]!;
}

/** A node for "end of input" (ash's NODE_EOF). */
export const EOF_NODE: Node = { k: 'list', items: [] };

interface Heredoc {
  redir: Redir;
  mark: string;
  quoted: boolean;
  strip: boolean;
}

type Ctx = 'base' | 'dq' | 'arith';

const isMeta = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>';

function pushLit(parts: Part[], v: string, quoted: boolean): void {
  if (!v) return;
  const last = parts[parts.length - 1];
  const k = quoted ? 'q' : 'lit';
  if (last && last.k === k) (last as { v: string }).v += v;
  else parts.push({ k, v });
}

export class Parser {
  readonly src: string;
  pos = 0;
  line: number;
  #checkkwd = 0;
  #pushback = false;
  #last = TEOF;
  #word: Word = [];
  #wordText: string | undefined;
  #quoted = false;
  #redir: Redir | undefined;
  #heredocs: Heredoc[] = [];
  /** Set once the lexer has looked past the end of the input. */
  hitEof = false;

  constructor(src: string, startLine = 1) {
    this.src = src;
    this.line = startLine;
  }

  // ---- errors ----

  #err(msg: string): never {
    throw new ShSyntaxError('syntax error: ' + msg, this.hitEof, this.line);
  }

  #unexpected(expect: number): never {
    let msg = `unexpected ${tokname(this.#last)}`;
    if (expect >= 0) msg += ` (expecting ${tokname(expect)})`;
    this.#err(msg);
  }

  // ---- top level ----

  /** Parses the next top-level command (up to a newline). EOF_NODE at end of input; null for an empty line. */
  next(): Node | null {
    this.#checkkwd = 0;
    this.#pushback = false;
    return this.#list(1);
  }

  /** ash's parser_eof(): the last command ended at the end of input (not at a newline). */
  atEnd(): boolean {
    return this.#last === TEOF;
  }

  // ---- grammar ----

  #list(nlflagIn: number): Node | null {
    let nlflag = nlflagIn;
    const chknl = nlflag & 1 ? 0 : CHKNL;
    const items: Node[] = [];
    const done = (): Node | null => (items.length === 0 ? null : items.length === 1 ? items[0]! : { k: 'list', items });
    for (;;) {
      this.#checkkwd = chknl | CHKKWD | CHKALIAS;
      let tok = this.#readtoken();
      if (tok === TNL) return done();
      if (tok === TEOF) {
        this.#pushback = true;
        this.#last = TEOF;
        if (items.length === 0 && !chknl) return EOF_NODE;
        return done();
      }
      this.#pushback = true;
      if (nlflag === 2 && TOKENDLIST.has(tok)) return done();
      nlflag |= 2;
      let n2 = this.#andor();
      tok = this.#readtoken();
      if (tok === TBACKGND) n2 = { k: 'bg', n: n2 };
      items.push(n2);
      switch (tok) {
        case TEOF:
          this.#pushback = true;
          this.#last = TEOF;
          return done();
        case TNL:
          this.#pushback = true;
          break;
        case TBACKGND:
        case TSEMI:
          break;
        default:
          if (!chknl) this.#unexpected(-1);
          this.#pushback = true;
          return done();
      }
    }
  }

  #andor(): Node {
    let n1 = this.#pipeline();
    for (;;) {
      const t = this.#readtoken();
      if (t !== TAND && t !== TOR) {
        this.#pushback = true;
        return n1;
      }
      this.#checkkwd = CHKNL | CHKKWD | CHKALIAS;
      const n2 = this.#pipeline();
      n1 = t === TAND ? { k: 'and', a: n1, b: n2 } : { k: 'or', a: n1, b: n2 };
    }
  }

  #pipeline(): Node {
    let negate = false;
    if (this.#readtoken() === TNOT) {
      negate = true;
      this.#checkkwd = CHKKWD | CHKALIAS;
    } else this.#pushback = true;
    let n1 = this.#command();
    if (this.#readtoken() === TPIPE) {
      const cmds = [n1];
      do {
        this.#checkkwd = CHKNL | CHKKWD | CHKALIAS;
        cmds.push(this.#command());
      } while (this.#readtoken() === TPIPE);
      n1 = { k: 'pipe', cmds };
    }
    this.#pushback = true;
    return negate ? { k: 'not', n: n1 } : n1;
  }

  #command(): Node {
    let n1: Node;
    let t: number;
    const tok = this.#readtoken();
    switch (tok) {
      case TIF: {
        const cond = this.#listReq();
        if (this.#readtoken() !== TTHEN) this.#unexpected(TTHEN);
        const then = this.#listReq();
        const top: Node & { k: 'if' } = { k: 'if', cond, then, else: null };
        let cur = top;
        while (this.#readtoken() === TELIF) {
          const c = this.#listReq();
          if (this.#readtoken() !== TTHEN) this.#unexpected(TTHEN);
          const nx: Node & { k: 'if' } = { k: 'if', cond: c, then: this.#listReq(), else: null };
          cur.else = nx;
          cur = nx;
        }
        if (this.#last === TELSE) cur.else = this.#listReq();
        else this.#pushback = true;
        n1 = top;
        t = TFI;
        break;
      }
      case TWHILE:
      case TUNTIL: {
        const until = this.#last === TUNTIL;
        const cond = this.#listReq();
        if (this.#readtoken() !== TDO) this.#unexpected(TDO);
        n1 = { k: 'loop', until, cond, body: this.#listReq() };
        t = TDONE;
        break;
      }
      case TFOR: {
        const line = this.line;
        if (this.#readtoken() !== TWORD || this.#quoted || !goodname(this.#wordText ?? '')) this.#err('bad for loop variable');
        const name = this.#wordText!;
        this.#checkkwd = CHKNL | CHKKWD | CHKALIAS;
        let words: Word[] | null = null;
        if (this.#readtoken() === TIN) {
          words = [];
          while (this.#readtoken() === TWORD) words.push(this.#word);
          if (this.#last !== TNL && this.#last !== TSEMI) this.#unexpected(-1);
        } else if (this.#last !== TSEMI) this.#pushback = true;
        this.#checkkwd = CHKNL | CHKKWD | CHKALIAS;
        if (this.#readtoken() !== TDO) this.#unexpected(TDO);
        n1 = { k: 'for', line, name, words, body: this.#listReq() };
        t = TDONE;
        break;
      }
      case TCASE: {
        const line = this.line;
        if (this.#readtoken() !== TWORD) this.#unexpected(TWORD);
        const word = this.#word;
        this.#checkkwd = CHKNL | CHKKWD | CHKALIAS;
        if (this.#readtoken() !== TIN) this.#unexpected(TIN);
        const items: { pats: Word[]; body: Node | null }[] = [];
        this.#checkkwd = CHKNL | CHKKWD;
        let ct = this.#readtoken();
        while (ct !== TESAC) {
          if (this.#last === TLP) this.#readtoken();
          const pats: Word[] = [];
          for (;;) {
            pats.push(this.#last === TWORD || this.#last >= KWDOFFSET ? this.#word : []);
            if (this.#readtoken() !== TPIPE) break;
            this.#readtoken();
          }
          if (this.#last !== TRP) this.#unexpected(TRP);
          items.push({ pats, body: this.#list(2) });
          this.#checkkwd = CHKNL | CHKKWD;
          ct = this.#readtoken();
          if (ct !== TESAC) {
            if (ct !== TENDCASE) this.#unexpected(TENDCASE);
            this.#checkkwd = CHKNL | CHKKWD;
            ct = this.#readtoken();
          }
        }
        return this.#trailingRedirs({ k: 'case', line, word, items });
      }
      case TLP:
        n1 = { k: 'sub', body: this.#listReq(), redirs: [] };
        t = TRP;
        break;
      case TBEGIN:
        n1 = this.#listReq();
        t = TEND;
        break;
      case TFUNCTION:
      case TWORD:
      case TREDIR:
        this.#pushback = true;
        return this.#simple();
      default:
        this.#unexpected(-1);
    }
    if (this.#readtoken() !== t) this.#unexpected(t);
    return this.#trailingRedirs(n1);
  }

  /** list(0): a compound command's body (ash never returns NULL there for valid input). */
  #listReq(): Node {
    return this.#list(0) ?? { k: 'list', items: [] };
  }

  #trailingRedirs(n1: Node): Node {
    this.#checkkwd = CHKKWD | CHKALIAS;
    const redirs: Redir[] = [];
    while (this.#readtoken() === TREDIR) {
      redirs.push(this.#redir!);
      this.#parsefname();
    }
    this.#pushback = true;
    if (!redirs.length) return n1;
    if (n1.k === 'sub') return { k: 'sub', body: n1.body, redirs };
    return { k: 'redir', body: n1, redirs };
  }

  #simple(): Node {
    const args: Word[] = [];
    const assigns: Assign[] = [];
    const redirs: Redir[] = [];
    let savecheckkwd = CHKALIAS;
    let functionFlag = false;
    const line = this.line;
    for (;;) {
      this.#checkkwd = savecheckkwd;
      const t = this.#readtoken();
      switch (t) {
        case TFUNCTION:
          if (this.#readtoken() !== TWORD) this.#unexpected(TWORD);
          this.#pushback = true;
          functionFlag = true;
          continue;
        case TWORD: {
          const w = this.#word;
          const eq = assignName(w);
          if (savecheckkwd && eq !== undefined) {
            assigns.push({ name: eq, value: stripAssign(w, eq.length + 1) });
          } else {
            args.push(w);
            savecheckkwd = 0;
          }
          if (functionFlag) {
            this.#checkkwd = CHKNL | CHKKWD;
            const t2 = this.#readtoken();
            this.#pushback = true;
            if (t2 === TBEGIN || t2 === TIF || t2 === TCASE || t2 === TUNTIL || t2 === TWHILE || t2 === TFOR) {
              return this.#defun(args, functionFlag);
            }
            if (t2 === TLP) {
              functionFlag = false;
              continue;
            }
            this.#unexpected(-1);
          }
          continue;
        }
        case TREDIR:
          redirs.push(this.#redir!);
          this.#parsefname();
          continue;
        case TLP:
          if (args.length === 1 && !assigns.length && !redirs.length) {
            if (this.#readtoken() !== TRP) this.#unexpected(TRP);
            return this.#defun(args, false);
          }
          this.#pushback = true;
          break;
        default:
          this.#pushback = true;
          break;
      }
      break;
    }
    return { k: 'simple', line, assigns, args, redirs };
  }

  #defun(args: Word[], _fn: boolean): Node {
    const w = args[0]!;
    const name = w.length === 1 && w[0]!.k === 'lit' ? w[0]!.v : '';
    if (!goodname(name) || SPECIAL_BUILTINS.has(name)) this.#err('bad function name');
    this.#checkkwd = CHKNL | CHKKWD | CHKALIAS;
    return { k: 'func', name, body: this.#command() };
  }

  #parsefname(): void {
    const r = this.#redir!;
    if (r.op === '<<' || r.op === '<<-') {
      const mark = this.#readMark();
      if (mark === undefined) {
        this.#readtoken();
        this.#unexpected(-1);
      }
      this.#heredocs.push({ redir: r, mark: mark.text, quoted: mark.quoted, strip: r.op === '<<-' });
      return;
    }
    if (this.#readtoken() !== TWORD) this.#unexpected(-1);
    r.target = this.#word;
  }

  // ---- tokens ----

  #readtoken(): number {
    const kwd = this.#checkkwd;
    let t = this.#xxreadtoken();
    if (kwd & CHKNL) {
      while (t === TNL) {
        this.#checkkwd = 0;
        t = this.#xxreadtoken();
      }
    }
    if (t === TWORD && !this.#quoted && kwd & CHKKWD && this.#wordText !== undefined) {
      const k = KEYWORDS.get(this.#wordText);
      if (k !== undefined) this.#last = t = k;
    }
    this.#checkkwd = 0;
    return t;
  }

  #xxreadtoken(): number {
    if (this.#pushback) {
      this.#pushback = false;
      return this.#last;
    }
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t') {
        this.pos++;
        continue;
      }
      if (c === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
        continue;
      }
      if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
        continue;
      }
      break;
    }
    const c = s[this.pos];
    if (c === undefined) {
      this.hitEof = true;
      return (this.#last = TEOF);
    }
    const c2 = s[this.pos + 1];
    switch (c) {
      case '\n':
        this.pos++;
        this.line++;
        this.#readHeredocs();
        return (this.#last = TNL);
      case '&':
        if (c2 === '&') return this.#op(2, TAND);
        if (c2 === '>') {
          this.pos += 2;
          this.#redir = { fd: 1, op: '&>', target: [] };
          return (this.#last = TREDIR);
        }
        return this.#op(1, TBACKGND);
      case '|':
        return c2 === '|' ? this.#op(2, TOR) : this.#op(1, TPIPE);
      case ';':
        return c2 === ';' ? this.#op(2, TENDCASE) : this.#op(1, TSEMI);
      case '(':
        return this.#op(1, TLP);
      case ')':
        return this.#op(1, TRP);
      case '<':
      case '>':
        return this.#readRedir(-1);
    }
    return this.#readWordToken();
  }

  #op(n: number, t: number): number {
    this.pos += n;
    this.#wordText = TOKNAME[t];
    return (this.#last = t);
  }

  #readRedir(fd: number): number {
    const s = this.src;
    const c = s[this.pos]!;
    const c2 = s[this.pos + 1];
    let op: RedirOp;
    if (c === '<') {
      if (c2 === '<') op = s[this.pos + 2] === '-' ? '<<-' : '<<';
      else if (c2 === '&') op = '<&';
      else if (c2 === '>') op = '<>';
      else op = '<';
    } else {
      if (c2 === '>') op = '>>';
      else if (c2 === '&') op = '>&';
      else if (c2 === '|') op = '>|';
      else op = '>';
    }
    this.pos += op.length;
    this.#redir = { fd: fd >= 0 ? fd : c === '<' ? 0 : 1, op, target: [] };
    return (this.#last = TREDIR);
  }

  #readWordToken(): number {
    const start = this.pos;
    const { parts, quoted } = this.#readWord();
    // An all-digit word right before < or > is the redirection's fd.
    const c = this.src[this.pos];
    if ((c === '<' || c === '>') && !quoted && parts.length === 1 && parts[0]!.k === 'lit' && /^[0-9]+$/.test(parts[0]!.v) && parts[0]!.v.length < 3) {
      return this.#readRedir(Number(parts[0]!.v));
    }
    this.#word = parts;
    this.#quoted = quoted;
    this.#wordText = parts.length === 1 && parts[0]!.k === 'lit' ? parts[0]!.v : parts.length === 0 ? '' : undefined;
    if (this.pos === start) this.#err(`unexpected ${JSON.stringify(this.src[this.pos])}`);
    return (this.#last = TWORD);
  }

  /** Reads one word at pos (unquoted context). */
  #readWord(): { parts: Part[]; quoted: boolean } {
    const s = this.src;
    const parts: Part[] = [];
    let quoted = false;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined || isMeta(c)) break;
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        quoted = true;
        this.pos += 2;
        if (n === undefined) {
          this.hitEof = true;
          pushLit(parts, '\\', true);
          this.pos = s.length;
        } else pushLit(parts, n, true);
        continue;
      }
      if (c === "'") {
        quoted = true;
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) {
          this.pos = s.length;
          this.hitEof = true;
          this.#err('unterminated quoted string');
        }
        this.#countLines(this.pos, end);
        if (end === this.pos + 1 && parts[parts.length - 1]?.k !== 'q') parts.push({ k: 'q', v: '' });
        else pushLit(parts, s.slice(this.pos + 1, end), true);
        this.pos = end + 1;
        continue;
      }
      if (c === '"') {
        quoted = true;
        this.pos++;
        parts.push({ k: 'dq', parts: this.#readDq('"') });
        continue;
      }
      if (c === '$') {
        if (s[this.pos + 1] === "'") {
          quoted = true;
          this.pos += 2;
          pushLit(parts, this.#readDollarSq(), true);
          continue;
        }
        this.#readDollar(parts);
        continue;
      }
      if (c === '`') {
        parts.push(this.#readBackquote(false));
        continue;
      }
      let j = this.pos + 1;
      while (j < s.length) {
        const d = s[j]!;
        if (isMeta(d) || d === '\\' || d === "'" || d === '"' || d === '$' || d === '`') break;
        j++;
      }
      pushLit(parts, s.slice(this.pos, j), false);
      this.pos = j;
    }
    return { parts, quoted };
  }

  #countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.src.charCodeAt(i) === 10) this.line++;
  }

  /** Inside "…" (end = '"'), or a here-document body (end = ''). */
  #readDq(end: string): Part[] {
    const s = this.src;
    const parts: Part[] = [];
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) {
        if (end === '') return parts;
        this.hitEof = true;
        this.#err('unterminated quoted string');
      }
      if (c === end) {
        this.pos++;
        return parts;
      }
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        if (n === '$' || n === '`' || n === '\\' || (n === '"' && end === '"')) {
          pushLit(parts, n, true);
          this.pos += 2;
          continue;
        }
        pushLit(parts, '\\', true);
        this.pos++;
        continue;
      }
      if (c === '$') {
        this.#readDollar(parts, 'dq');
        continue;
      }
      if (c === '`') {
        parts.push(this.#readBackquote(true));
        continue;
      }
      if (c === '\n') this.line++;
      pushLit(parts, c, true);
      this.pos++;
    }
  }

  #readDollarSq(): string {
    const s = this.src;
    let out = '';
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) {
        this.hitEof = true;
        this.#err('unterminated quoted string');
      }
      this.pos++;
      if (c === "'") return out;
      if (c === '\n') this.line++;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const n = s[this.pos++] ?? '';
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };
      if (simple[n] !== undefined) out += simple[n];
      else if (n === 'x') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(this.pos));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          this.pos += m[0].length;
        } else out += '\\x';
      } else if (n >= '0' && n <= '7') {
        const m = /^[0-7]{0,2}/.exec(s.slice(this.pos))!;
        out += String.fromCharCode(parseInt(n + m[0], 8) & 255);
        this.pos += m[0].length;
      } else out += '\\' + n;
    }
  }

  /** After "$". ctx is the quoting the "$" appears in. */
  #readDollar(parts: Part[], ctx: Ctx = 'base'): void {
    const s = this.src;
    const n = s[this.pos + 1];
    if (n === '(') {
      if (s[this.pos + 2] === '(') {
        this.pos += 3;
        parts.push({ k: 'arith', expr: this.#readArith() });
        return;
      }
      this.pos += 2;
      parts.push({ k: 'cmd', body: this.#subparse() });
      return;
    }
    if (n === '{') {
      this.pos += 2;
      parts.push(this.#readBraceParam(ctx));
      return;
    }
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      let j = this.pos + 2;
      while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++;
      parts.push({ k: 'param', name: s.slice(this.pos + 1, j), op: '' });
      this.pos = j;
      return;
    }
    if (n !== undefined && /[0-9@*#?$!-]/.test(n)) {
      parts.push({ k: 'param', name: n, op: '' });
      this.pos += 2;
      return;
    }
    pushLit(parts, '$', ctx !== 'base');
    this.pos++;
  }

  /** $(…): parses a list up to the closing parenthesis. */
  #subparse(): Node {
    const save = this.#save();
    this.#pushback = false;
    const n = this.#list(2);
    if (this.#readtoken() !== TRP) this.#unexpected(TRP);
    this.#restore(save);
    return n ?? { k: 'list', items: [] };
  }

  #save(): [number, Word, string | undefined, boolean, Redir | undefined, number, boolean] {
    return [this.#last, this.#word, this.#wordText, this.#quoted, this.#redir, this.#checkkwd, this.#pushback];
  }

  #restore(v: [number, Word, string | undefined, boolean, Redir | undefined, number, boolean]): void {
    [this.#last, this.#word, this.#wordText, this.#quoted, this.#redir, this.#checkkwd, this.#pushback] = v;
  }

  #readBackquote(inDq: boolean): Part {
    const s = this.src;
    this.pos++;
    let text = '';
    const startLine = this.line;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) {
        this.hitEof = true;
        this.#err('EOF in backquote substitution');
      }
      this.pos++;
      if (c === '`') break;
      if (c === '\\') {
        const n = s[this.pos];
        if (n === '\\' || n === '`' || n === '$' || (inDq && n === '"')) {
          text += n;
          this.pos++;
          continue;
        }
        if (n === '\n') {
          this.pos++;
          this.line++;
          continue;
        }
        text += '\\';
        continue;
      }
      if (c === '\n') this.line++;
      text += c;
    }
    const sub = new Parser(text, startLine);
    const n = sub.#list(2);
    if (sub.#readtoken() !== TEOF) sub.#unexpected(TEOF);
    return { k: 'cmd', body: n ?? { k: 'list', items: [] } };
  }

  /** After "$((": the expression up to the matching "))". */
  #readArith(): Word {
    const s = this.src;
    const parts: Part[] = [];
    let depth = 0;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) {
        this.hitEof = true;
        this.#err("missing '))'");
      }
      if (c === ')') {
        if (depth === 0) {
          if (s[this.pos + 1] === ')') {
            this.pos += 2;
            return parts;
          }
          this.#err("missing '))'");
        }
        depth--;
      } else if (c === '(') depth++;
      else if (c === '$') {
        this.#readDollar(parts, 'arith');
        continue;
      } else if (c === '`') {
        parts.push(this.#readBackquote(true));
        continue;
      } else if (c === '"') {
        this.pos++;
        parts.push({ k: 'dq', parts: this.#readDq('"') });
        continue;
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) {
          this.hitEof = true;
          this.#err('unterminated quoted string');
        }
        pushLit(parts, s.slice(this.pos + 1, end), true);
        this.pos = end + 1;
        continue;
      } else if (c === '\\') {
        pushLit(parts, s[this.pos + 1] ?? '', true);
        this.pos += 2;
        continue;
      }
      if (c === '\n') this.line++;
      pushLit(parts, c, true);
      this.pos++;
    }
  }

  /**
   * After "${", as ash's parsesub does it: an invalid name or operator is not an
   * error here — the word still runs to the matching "}" and "bad substitution"
   * is raised when it is expanded. At the end of input the innermost quoting
   * decides the message ("unterminated quoted string", "missing '))'", "missing '}'").
   */
  #readBraceParam(ctx: Ctx): Part {
    const s = this.src;
    const isSpecial = (ch: string | undefined) => ch !== undefined && '!#$*-0123456789?@'.includes(ch);
    let name = '';
    let bad = false;
    let len = false;
    if (s[this.pos] === '#') {
      const c1 = s[this.pos + 1];
      if (c1 !== undefined && /[A-Za-z0-9_]/.test(c1)) {
        len = true;
        this.pos++;
      } else {
        const c2 = s[this.pos + 2];
        if (c1 === '}' || c2 !== '}') {
          name = '#';
          this.pos++;
        } else {
          len = true;
          this.pos++;
        }
      }
    }
    if (!name) {
      const c = s[this.pos];
      if (c !== undefined && /[A-Za-z_]/.test(c)) {
        let j = this.pos + 1;
        while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++;
        name = s.slice(this.pos, j);
        this.pos = j;
      } else if (c !== undefined && /[0-9]/.test(c)) {
        let j = this.pos + 1;
        while (j < s.length && /[0-9]/.test(s[j]!)) j++;
        name = s.slice(this.pos, j);
        this.pos = j;
      } else if (c !== '}') {
        if (c !== undefined) this.pos++;
        if (isSpecial(c)) name = c!;
        else bad = true;
      } else bad = true;
    }
    let op = '';
    let patternOp = false;
    if (!bad && !len) {
      const c = s[this.pos];
      if (c === ':') {
        this.pos++;
        const c2 = s[this.pos];
        if (c2 !== undefined && '}-+?='.includes(c2)) {
          if (c2 !== '}') {
            op = ':' + c2;
            this.pos++;
          }
        } else op = ':';
      } else if (c === '-' || c === '+' || c === '?' || c === '=') {
        op = c;
        this.pos++;
      } else if (c === '#' || c === '%') {
        op = c;
        this.pos++;
        if (s[this.pos] === c) {
          op += c;
          this.pos++;
        }
        patternOp = true;
      } else if (c === '/') {
        op = '/';
        this.pos++;
        if (s[this.pos] === '/') {
          op = '//';
          this.pos++;
        }
        patternOp = true;
      } else if (c !== '}') {
        bad = true;
        if (c !== undefined) this.pos++;
      }
    } else if (len && s[this.pos] !== '}') bad = true;
    if (len && !bad) {
      if (!name) name = this.#paramName();
      if (s[this.pos] !== '}') bad = true;
    }
    const eofCtx: Ctx = patternOp ? 'base' : ctx;
    const dq = !patternOp && ctx !== 'base';
    if (op === '/' || op === '//') {
      const pat = this.#readParamWord('/', eofCtx, dq);
      let rep: Word = [];
      if (s[this.pos] === '/') {
        this.pos++;
        rep = this.#readParamWord('}', eofCtx, dq);
      }
      this.pos++;
      return { k: 'param', name, op, arg: pat, arg2: rep };
    }
    if (op === ':') {
      const off = this.#readParamWord(':', eofCtx, dq);
      let l: Word | undefined;
      if (s[this.pos] === ':') {
        this.pos++;
        l = this.#readParamWord('}', eofCtx, dq);
      }
      this.pos++;
      return l ? { k: 'param', name, op, arg: off, arg2: l } : { k: 'param', name, op, arg: off };
    }
    const arg = this.#readParamWord('}', eofCtx, dq);
    this.pos++;
    if (bad) return { k: 'param', name: '', op: 'bad' };
    if (len) return { k: 'param', name, op: 'len' };
    return op ? { k: 'param', name, op, arg } : { k: 'param', name, op };
  }

  #paramName(): string {
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) return '';
    let j = this.pos + 1;
    if (/[A-Za-z_]/.test(c)) while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++;
    else if (/[0-9]/.test(c)) while (j < s.length && /[0-9]/.test(s[j]!)) j++;
    else if (!'@*#?$!-'.includes(c)) return '';
    const n = s.slice(this.pos, j);
    this.pos = j;
    return n;
  }

  #eofError(ctx: Ctx): never {
    this.hitEof = true;
    this.pos = this.src.length;
    this.#err(ctx === 'arith' ? "missing '))'" : ctx === 'dq' ? 'unterminated quoted string' : "missing '}'");
  }

  /** A word inside ${…} up to an unquoted `stop` (or '}'), not consumed. Inside "…", single quotes are plain. */
  #readParamWord(stop: string, ctx: Ctx, dq: boolean): Word {
    const s = this.src;
    const parts: Part[] = [];
    let depth = 0;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) this.#eofError(ctx);
      if (c === '}' && depth === 0) return parts;
      if (c === stop && depth === 0) return parts;
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        if (n === undefined) this.#eofError(ctx);
        if (dq && !'$`"\\}'.includes(n)) pushLit(parts, '\\', true);
        pushLit(parts, n, true);
        this.pos += 2;
        continue;
      }
      if (c === "'" && !dq) {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) {
          this.hitEof = true;
          this.pos = s.length;
          this.#err('unterminated quoted string');
        }
        this.#countLines(this.pos, end);
        if (end === this.pos + 1 && parts[parts.length - 1]?.k !== 'q') parts.push({ k: 'q', v: '' });
        else pushLit(parts, s.slice(this.pos + 1, end), true);
        this.pos = end + 1;
        continue;
      }
      if (c === '"') {
        this.pos++;
        parts.push({ k: 'dq', parts: this.#readDq('"') });
        continue;
      }
      if (c === '$') {
        this.#readDollar(parts, dq ? 'dq' : 'base');
        continue;
      }
      if (c === '`') {
        parts.push(this.#readBackquote(dq));
        continue;
      }
      if (c === '\n') this.line++;
      pushLit(parts, c, dq);
      this.pos++;
    }
  }

  // ---- here-documents ----

  /** The end mark after << (quotes removed; quoted = no expansion in the body). */
  #readMark(): { text: string; quoted: boolean } | undefined {
    const s = this.src;
    while (s[this.pos] === ' ' || s[this.pos] === '\t') this.pos++;
    let text = '';
    let quoted = false;
    const start = this.pos;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined || isMeta(c)) break;
      if (c === '\\') {
        quoted = true;
        text += s[this.pos + 1] ?? '';
        this.pos += 2;
        continue;
      }
      if (c === "'" || c === '"') {
        quoted = true;
        const end = s.indexOf(c, this.pos + 1);
        if (end < 0) {
          this.hitEof = true;
          this.#err('unterminated quoted string');
        }
        text += s.slice(this.pos + 1, end);
        this.pos = end + 1;
        continue;
      }
      text += c;
      this.pos++;
    }
    if (this.pos === start) return undefined;
    return { text, quoted };
  }

  #readHeredocs(): void {
    const docs = this.#heredocs;
    if (!docs.length) return;
    this.#heredocs = [];
    const s = this.src;
    for (const h of docs) {
      let body = '';
      let found = false;
      while (this.pos < s.length) {
        let nl = s.indexOf('\n', this.pos);
        const hasNl = nl >= 0;
        if (!hasNl) nl = s.length;
        let line = s.slice(this.pos, nl);
        this.pos = hasNl ? nl + 1 : nl;
        this.line++;
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.mark) {
          found = true;
          break;
        }
        body += line + '\n';
      }
      if (!found) this.hitEof = true;
      if (h.quoted) h.redir.here = body ? [{ k: 'q', v: body }] : [];
      else {
        const sub = new Parser(body, this.line);
        h.redir.here = sub.#readDq('');
      }
    }
  }
}

/** For NAME=value words: the name, else undefined. */
function assignName(w: Word): string | undefined {
  const p = w[0];
  if (!p || p.k !== 'lit') return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(p.v);
  return m ? m[1] : undefined;
}

function stripAssign(w: Word, n: number): Word {
  const first = w[0] as { k: 'lit'; v: string };
  const rest = first.v.slice(n);
  return rest ? [{ k: 'lit', v: rest }, ...w.slice(1)] : w.slice(1);
}

/** Parses a whole script into its top-level commands; a syntax error ends the list. */
export interface ParsedScript {
  nodes: Node[];
  /** Line of each node (for error messages). */
  error?: ShSyntaxError;
}

export function parseAll(src: string, startLine = 1): ParsedScript {
  const p = new Parser(src, startLine);
  const nodes: Node[] = [];
  try {
    for (;;) {
      const n = p.next();
      if (n === EOF_NODE) break;
      if (n) nodes.push(n);
    }
  } catch (e) {
    if (e instanceof ShSyntaxError) return { nodes, error: e };
    throw e;
  }
  return { nodes };
}
