/**
 * Lexer and parser for Go's text/template (Go 1.24 text/template/parse), with
 * Go's parse error texts ("template: :1: unexpected \"}\" in operand").
 * Positions are JS string indices; errors convert them to Go's byte offsets.
 */
import { byteLength, quote, runes, unquote, unquoteChar } from './quote.ts';

export class TemplateError extends Error {
  /** Output written before an execution error (Go leaves it in the writer). */
  output = '';
}

// ---------------------------------------------------------------- nodes

export interface PipeNode {
  type: 'pipe';
  pos: number;
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode {
  type: 'command';
  pos: number;
  args: ArgNode[];
}
export interface FieldNode {
  type: 'field';
  pos: number;
  ident: string[];
}
export interface VariableNode {
  type: 'variable';
  pos: number;
  ident: string[];
}
export interface ChainNode {
  type: 'chain';
  pos: number;
  node: ArgNode;
  field: string[];
}
export interface IdentifierNode {
  type: 'identifier';
  pos: number;
  ident: string;
}
export interface NumberNode {
  type: 'number';
  pos: number;
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int: number;
  float: number;
}
export interface StringNode {
  type: 'string';
  pos: number;
  quoted: string;
  text: string;
}
export interface BoolNode {
  type: 'bool';
  pos: number;
  value: boolean;
}
export interface SimpleNode {
  type: 'dot' | 'nil';
  pos: number;
}
export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | NumberNode
  | StringNode
  | BoolNode
  | SimpleNode
  | PipeNode;

export interface ListNode {
  type: 'list';
  pos: number;
  nodes: Node[];
}
export interface TextNode {
  type: 'text';
  pos: number;
  text: string;
}
export interface ActionNode {
  type: 'action';
  pos: number;
  line: number;
  pipe: PipeNode;
}
export interface BranchNode {
  type: 'if' | 'range' | 'with';
  pos: number;
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface TemplateNode {
  type: 'template';
  pos: number;
  line: number;
  name: string;
  pipe: PipeNode | null;
}
export interface MarkerNode {
  type: 'end' | 'else' | 'break' | 'continue';
  pos: number;
  line: number;
}
export type Node = ListNode | TextNode | ActionNode | BranchNode | TemplateNode | MarkerNode | CommandNode | ArgNode;

/** Node.String() as Go renders it (used in error contexts like `at <.Foo.Bar>`). */
export function nodeString(n: Node): string {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'action':
      return '{{' + nodeString(n.pipe) + '}}';
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) {
        s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      }
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? '(' + nodeString(a) + ')' : nodeString(a))).join(' ');
    case 'if':
    case 'range':
    case 'with':
      return (
        `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}` +
        (n.elseList ? '{{else}}' + nodeString(n.elseList) : '') +
        '{{end}}'
      );
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'template':
      return n.pipe ? `{{template ${quote(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${quote(n.name)}}}`;
    case 'end':
    case 'else':
    case 'break':
    case 'continue':
      return `{{${n.type}}}`;
    case 'field':
      return n.ident.map((i) => '.' + i).join('');
    case 'variable':
      return n.ident.join('.');
    case 'chain':
      return (n.node.type === 'pipe' ? '(' + nodeString(n.node) + ')' : nodeString(n.node)) + n.field.map((f) => '.' + f).join('');
    case 'identifier':
      return n.ident;
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
  }
}

// ---------------------------------------------------------------- lexer

type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'complex' | 'assign' | 'declare' | 'EOF'
  | 'field' | 'identifier' | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString'
  | 'rightDelim' | 'rightParen' | 'space' | 'string' | 'text' | 'variable'
  // keywords
  | 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'nil' | 'range' | 'template' | 'with';

const KEYWORDS: Record<string, ItemType> = {
  '.': 'dot', block: 'block', break: 'break', continue: 'continue', define: 'define', else: 'else',
  end: 'end', if: 'if', nil: 'nil', range: 'range', template: 'template', with: 'with',
};
const isKeyword = (t: ItemType): boolean => Object.values(KEYWORDS).includes(t);

interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

/** item.String(): EOF, <keyword>, %.10q... or %q. */
function itemString(i: Item): string {
  if (i.typ === 'EOF') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  const rs = runes(i.val);
  if (rs.length > 10) return quote(rs.slice(0, 10).map((r) => String.fromCodePoint(r)).join('')) + '...';
  return quote(i.val);
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined): boolean => c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c));
const hasLeftTrim = (s: string, i: number): boolean => s[i] === '-' && isSpace(s[i + 1]);
const hasRightTrim = (s: string, i: number): boolean => isSpace(s[i]) && s[i + 1] === '-';

/** %#U: U+007D '}' (printable) or U+0007. */
function sharpU(c: string): string {
  const r = c.codePointAt(0) ?? 0;
  const hex = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `${hex} '${c}'` : hex;
}

class Lexer {
  readonly input: string;
  pos = 0;
  start = 0;
  atEOF = false;
  parenDepth = 0;
  line = 1;
  startLine = 1;
  insideAction = false;
  item: Item = { typ: 'EOF', pos: 0, val: '', line: 1 };

  readonly legacy: boolean;
  constructor(input: string, legacy = false) {
    this.input = input;
    this.legacy = legacy;
  }

  next(): string | undefined {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return undefined;
    }
    const c = String.fromCodePoint(this.input.codePointAt(this.pos) ?? 0);
    this.pos += c.length;
    if (c === '\n') this.line++;
    return c;
  }

  peek(): string | undefined {
    const c = this.next();
    this.backup(c);
    return c;
  }

  backup(c: string | undefined): void {
    if (!this.atEOF && c !== undefined && this.pos > 0) {
      this.pos -= c.length;
      if (c === '\n') this.line--;
    }
  }

  thisItem(typ: ItemType): Item {
    const i = { typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  emit(typ: ItemType): null {
    this.item = this.thisItem(typ);
    return null;
  }

  ignore(): void {
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const c = this.next();
    if (c !== undefined && valid.includes(c)) return true;
    this.backup(c);
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const c = this.next();
      if (c === undefined || !valid.includes(c)) {
        this.backup(c);
        return;
      }
    }
  }

  errorf(msg: string): null {
    this.item = { typ: 'error', pos: this.start, val: msg, line: this.startLine };
    this.start = this.pos = this.input.length;
    this.atEOF = true;
    return null;
  }

  nextItem(): Item {
    this.item = { typ: 'EOF', pos: this.pos, val: 'EOF', line: this.startLine };
    let state: (() => State) | null = this.insideAction ? () => this.lexInsideAction() : () => this.lexText();
    while (state) state = state();
    return this.item;
  }

  atRightDelim(): [boolean, boolean] {
    if (hasRightTrim(this.input, this.pos) && this.input.startsWith('}}', this.pos + 2)) return [true, true];
    if (this.input.startsWith('}}', this.pos)) return [true, false];
    return [false, false];
  }

  atTerminator(): boolean {
    const c = this.peek();
    if (c === undefined || isSpace(c) || '.,|:)('.includes(c)) return true;
    return this.input.startsWith('}}', this.pos);
  }

  lexText(): State {
    const x = this.input.indexOf('{{', this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trim = 0;
        if (hasLeftTrim(this.input, x + 2)) {
          const text = this.input.slice(this.start, this.pos);
          trim = text.length - text.replace(/[ \t\r\n]+$/, '').length;
        }
        this.pos -= trim;
        this.line += countNewlines(this.input.slice(this.start, this.pos));
        const i = this.thisItem('text');
        this.pos += trim;
        this.ignore();
        if (i.val.length > 0) {
          this.item = i;
          return null;
        }
      }
      return () => this.lexLeftDelim();
    }
    this.pos = this.input.length;
    if (this.pos > this.start) {
      this.line += countNewlines(this.input.slice(this.start, this.pos));
      return this.emit('text');
    }
    return this.emit('EOF');
  }

  lexLeftDelim(): State {
    this.pos += 2;
    const trim = hasLeftTrim(this.input, this.pos);
    const after = trim ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + after)) {
      this.pos += after;
      this.ignore();
      return () => this.lexComment();
    }
    const i = this.thisItem('leftDelim');
    this.insideAction = true;
    this.pos += after;
    this.ignore();
    this.parenDepth = 0;
    this.item = i;
    return null;
  }

  lexComment(): State {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + 2;
    const [delim, trim] = this.atRightDelim();
    if (!delim) return this.errorf('comment ends before closing delimiter');
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
    if (trim) this.pos += 2;
    this.pos += 2;
    if (trim) this.pos += leadingSpace(this.input.slice(this.pos));
    this.ignore();
    return () => this.lexText();
  }

  lexRightDelim(): State {
    const [, trim] = this.atRightDelim();
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += 2;
    const i = this.thisItem('rightDelim');
    if (trim) {
      this.pos += leadingSpace(this.input.slice(this.pos));
      this.ignore();
    }
    this.insideAction = false;
    this.item = i;
    return null;
  }

  lexInsideAction(): State {
    const [delim] = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) return () => this.lexRightDelim();
      return this.errorf('unclosed left paren');
    }
    const c = this.next();
    if (c === undefined) return this.errorf('unclosed action');
    if (isSpace(c)) {
      this.backup(c);
      return () => this.lexSpace();
    }
    switch (c) {
      case '=':
        return this.emit('assign');
      case ':':
        if (this.next() !== '=') return this.errorf('expected :=');
        return this.emit('declare');
      case '|':
        return this.emit('pipe');
      case '"':
        return () => this.lexQuote();
      case '`':
        return () => this.lexRawQuote();
      case '$':
        return () => this.lexVariable();
      case "'":
        return () => this.lexChar();
      case '(':
        this.parenDepth++;
        return this.emit('leftParen');
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0 && !this.legacy) return this.errorf('unexpected right paren');
        return this.emit('rightParen');
      case '.': {
        const n = this.input[this.pos];
        if (this.pos < this.input.length && (n === undefined || n < '0' || n > '9')) {
          return () => this.lexFieldOrVariable('field');
        }
        this.backup(c);
        return () => this.lexNumber();
      }
    }
    if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      this.backup(c);
      return () => this.lexNumber();
    }
    if (isAlnum(c)) {
      this.backup(c);
      return () => this.lexIdentifier();
    }
    const r = c.codePointAt(0) ?? 0;
    if (r <= 0x7f && r >= 0x20 && r !== 0x7f) return this.emit('char');
    return this.errorf('unrecognized character in action: ' + sharpU(c));
  }

  lexSpace(): State {
    let n = 0;
    while (isSpace(this.peek())) {
      this.next();
      n++;
    }
    if (hasRightTrim(this.input, this.pos - 1) && this.input.startsWith('}}', this.pos + 1)) {
      this.backup(this.input[this.pos - 1]);
      if (n === 1) return () => this.lexRightDelim();
    }
    return this.emit('space');
  }

  lexIdentifier(): State {
    let c: string | undefined;
    for (;;) {
      c = this.next();
      if (!isAlnum(c)) break;
    }
    this.backup(c);
    const word = this.input.slice(this.start, this.pos);
    if (!this.atTerminator()) return this.errorf('bad character ' + sharpU(c ?? ''));
    const kw = KEYWORDS[word];
    if (kw !== undefined) return this.emit(kw);
    if (word[0] === '.') return this.emit('field');
    if (word === 'true' || word === 'false') return this.emit('bool');
    return this.emit('identifier');
  }

  lexVariable(): State {
    if (this.atTerminator()) return this.emit('variable');
    return this.lexFieldOrVariable('variable');
  }

  lexFieldOrVariable(typ: 'field' | 'variable'): State {
    if (this.atTerminator()) return this.emit(typ === 'variable' ? 'variable' : 'dot');
    let c: string | undefined;
    for (;;) {
      c = this.next();
      if (!isAlnum(c)) break;
    }
    this.backup(c);
    if (!this.atTerminator()) return this.errorf('bad character ' + sharpU(c ?? ''));
    return this.emit(typ);
  }

  lexChar(): State {
    for (;;) {
      const c = this.next();
      if (c === '\\') {
        const r = this.next();
        if (r !== undefined && r !== '\n') continue;
        return this.errorf('unterminated character constant');
      }
      if (c === undefined || c === '\n') return this.errorf('unterminated character constant');
      if (c === "'") return this.emit('charConstant');
    }
  }

  lexNumber(): State {
    if (!this.scanNumber()) return this.errorf('bad number syntax: ' + quote(this.input.slice(this.start, this.pos)));
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.errorf('bad number syntax: ' + quote(this.input.slice(this.start, this.pos)));
      }
      return this.emit('complex');
    }
    return this.emit('number');
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlnum(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  lexQuote(): State {
    for (;;) {
      const c = this.next();
      if (c === '\\') {
        const r = this.next();
        if (r !== undefined && r !== '\n') continue;
        return this.errorf('unterminated quoted string');
      }
      if (c === undefined || c === '\n') return this.errorf('unterminated quoted string');
      if (c === '"') return this.emit('string');
    }
  }

  lexRawQuote(): State {
    for (;;) {
      const c = this.next();
      if (c === undefined) return this.errorf('unterminated raw quoted string');
      if (c === '`') return this.emit('rawString');
    }
  }
}

type State = (() => State) | null;

const countNewlines = (s: string): number => s.split('\n').length - 1;
const leadingSpace = (s: string): number => s.length - s.replace(/^[ \t\r\n]+/, '').length;

// ---------------------------------------------------------------- numbers

/** strconv.ParseInt/ParseUint(text, 0, 64) as a bigint, or null. */
function parseGoInt(text: string): bigint | null {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let body = s;
  if (/^0[xX]/.test(s)) [base, body] = [16, s.slice(2)];
  else if (/^0[oO]/.test(s)) [base, body] = [8, s.slice(2)];
  else if (/^0[bB]/.test(s)) [base, body] = [2, s.slice(2)];
  else if (/^0./.test(s)) [base, body] = [8, s.slice(1)];
  if (!underscoreOK(s)) return null;
  body = body.replace(/_/g, '');
  const digit = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digit.test(body)) return null;
  let v = 0n;
  for (const c of body) v = v * BigInt(base) + BigInt(parseInt(c, 16));
  return neg ? -v : v;
}

/** strconv's underscoreOK: underscores only between digits or after a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1] ?? '')) {
    i = 2;
    saw = '0';
    hex = /[xX]/.test(s[1] ?? '');
  }
  for (; i < s.length; i++) {
    const c = s[i] ?? '';
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseFloat(text, 64), or null. */
function parseGoFloat(text: string): number | null {
  if (!underscoreOK(text.replace(/^[+-]/, ''))) return null;
  const s = text.replace(/_/g, '');
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s);
  if (hex) {
    const [, sign, ip = '', fp = '', exp = '0'] = hex;
    if (ip === '' && fp === '') return null;
    const v = (parseInt(ip || '0', 16) + (fp ? parseInt(fp, 16) / 16 ** fp.length : 0)) * 2 ** Number(exp);
    return sign === '-' ? -v : v;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
const MAX_UINT64 = (1n << 64n) - 1n;

function newNumber(pos: number, text: string, typ: ItemType): NumberNode {
  const n: NumberNode = { type: 'number', pos, text, isInt: false, isUint: false, isFloat: false, int: 0, float: 0 };
  if (typ === 'charConstant') {
    const [r, tail] = unquoteChar(text.slice(1), text[0] ?? "'");
    if (tail !== "'") throw new Error('malformed character constant: ' + text);
    return { ...n, isInt: true, isUint: true, isFloat: true, int: r, float: r };
  }
  if (typ === 'complex' || text.endsWith('i')) {
    throw new Error('complex constants are not supported: ' + text);
  }
  const i = parseGoInt(text);
  if (i !== null && i >= 0n && i <= MAX_UINT64 && !text.startsWith('-') && !text.startsWith('+')) n.isUint = true;
  if (i !== null && i >= MIN_INT64 && i <= MAX_INT64) {
    n.isInt = true;
    n.int = Number(i);
    if (i === 0n) n.isUint = true; // in case of -0
  }
  if (n.isInt || n.isUint) {
    n.isFloat = true;
    n.float = Number(i);
    if (!n.isInt) n.int = Number(i);
  } else {
    const f = parseGoFloat(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) throw new Error('integer overflow: ' + quote(text));
      n.isFloat = true;
      n.float = f;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        n.isInt = true;
        n.int = f;
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) n.isUint = true;
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new Error('illegal number syntax: ' + quote(text));
  return n;
}

// ---------------------------------------------------------------- parser

export interface ParsedTemplate {
  name: string;
  text: string;
  root: ListNode;
  /** {{define}} / {{block}} templates by name. */
  defs: Map<string, ListNode>;
}

export interface ParseOptions {
  name?: string;
  /** Names of the functions the template may call (Go checks them at parse time). */
  funcs: ReadonlySet<string>;
  /** Go 1.19 (Docker 20.10): no {{else with}}, ")" errors as unexpected in command. */
  legacy?: boolean;
}

class Parser {
  readonly text: string;
  readonly name: string;
  readonly funcs: ReadonlySet<string>;
  readonly defs: Map<string, ListNode>;
  lex: Lexer;
  token: Item[] = [];
  peekCount = 0;
  vars: string[] = ['$'];
  actionLine = 0;
  rangeDepth = 0;

  constructor(text: string, o: ParseOptions, lex: Lexer, defs: Map<string, ListNode>) {
    this.text = text;
    this.name = o.name ?? '';
    this.funcs = o.funcs;
    this.lex = lex;
    this.defs = defs;
  }

  errorf(msg: string): never {
    throw new TemplateError(`template: ${this.name}:${this.token[0]?.line ?? 1}: ${msg}`);
  }

  next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount] as Item;
  }
  backup(): void {
    this.peekCount++;
  }
  backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1] as Item;
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }
  nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.typ === 'space');
    return t;
  }
  peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }
  expect(typ: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== typ) this.unexpected(t, context);
    return t;
  }

  unexpected(t: Item, context: string): never {
    if (t.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(t.val + extra);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }

  /** Go calls t.error(err) for strconv/number errors: "template: :1: <err>". */
  wrap<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      return this.errorf(e instanceof Error ? e.message : String(e));
    }
  }

  parse(): ListNode {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== 'EOF') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().typ === 'define') {
          this.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf('unexpected ' + nodeString(n));
      root.nodes.push(n);
    }
    return root;
  }

  parseDefinition(): void {
    const context = 'define clause';
    const tok = this.nextNonSpace();
    if (tok.typ !== 'string' && tok.typ !== 'rawString') this.unexpected(tok, context);
    const name = this.wrap(() => unquote(tok.val));
    this.expect('rightDelim', context);
    const saved = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = saved;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.addDef(name, list);
  }

  addDef(name: string, list: ListNode): void {
    const old = this.defs.get(name);
    if (old && !isEmptyTree(old) && !isEmptyTree(list)) {
      this.errorf(`template: multiple definition of template ${quote(name)}`);
    }
    if (!old || isEmptyTree(old)) this.defs.set(name, list);
  }

  itemList(): [ListNode, Node] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== 'EOF') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'text':
        return { type: 'text', pos: t.pos, text: t.val };
      case 'leftDelim': {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        return this.unexpected(t, 'input');
    }
  }

  action(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue':
        return this.loopControl(t);
      case 'else':
        return this.elseControl();
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos, line: t.line };
      case 'if':
      case 'range':
      case 'with':
        return this.branchControl(t.typ);
      case 'template':
        return this.templateControl();
    }
    this.backup();
    const tok = this.peek();
    return { type: 'action', pos: tok.pos, line: tok.line, pipe: this.pipeline('command', 'rightDelim') };
  }

  loopControl(t: Item): MarkerNode {
    const tok = this.nextNonSpace();
    if (tok.typ !== 'rightDelim') this.unexpected(tok, `{{${t.val}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${t.val}}} outside {{range}}`);
    return { type: t.typ === 'break' ? 'break' : 'continue', pos: t.pos, line: t.line };
  }

  pipeline(context: string, end: ItemType): PipeNode {
    const tok = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: tok.pos, line: tok.line, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        pipe.isAssign = next.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: v.val.split('.') });
        this.vars.push(v.val);
      } else if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: v.val.split('.') });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === 'space') {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ) {
        case 'bool': case 'charConstant': case 'complex': case 'dot': case 'field': case 'identifier':
        case 'number': case 'nil': case 'rawString': case 'string': case 'variable': case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]?.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  branchControl(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    let [list, next] = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.type === 'else') {
      // {{else if …}} / {{else with …}} nest a branch inside the else list
      const chained = context === 'if' ? 'if' : context === 'with' && !this.lex.legacy ? 'with' : '';
      if (chained !== '' && this.peek().typ === chained) {
        this.next();
        elseList = { type: 'list', pos: next.pos, nodes: [this.branchControl(context)] };
      } else {
        [elseList, next] = this.itemList();
        if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
      }
    }
    this.vars.length = mark;
    return { type: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
  }

  elseControl(): MarkerNode {
    const p = this.peekNonSpace();
    if (p.typ === 'if' || (p.typ === 'with' && !this.lex.legacy)) return { type: 'else', pos: p.pos, line: p.line };
    const t = this.expect('rightDelim', 'else');
    return { type: 'else', pos: t.pos, line: t.line };
  }

  templateName(t: Item, context: string): string {
    if (t.typ !== 'string' && t.typ !== 'rawString') this.unexpected(t, context);
    return this.wrap(() => unquote(t.val));
  }

  templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const saved = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = saved;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.addDef(name, list);
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.typ === 'space') continue;
      if (t.typ === 'rightDelim' || t.typ === 'rightParen') this.backup();
      else if (t.typ !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  operand(): ArgNode | null {
    let node = this.term();
    if (!node) return null;
    if (this.peek().typ === 'field') {
      const pos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === 'field') fields.push(this.next().val.slice(1));
      switch (node.type) {
        case 'field':
          node = { type: 'field', pos, ident: [...node.ident, ...fields] };
          break;
        case 'variable':
          node = { type: 'variable', pos, ident: [...node.ident, ...fields] };
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
          break;
        default:
          node = { type: 'chain', pos, node, field: fields };
      }
    }
    return node;
  }

  term(): ArgNode | null {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'identifier':
        if (!this.funcs.has(t.val)) this.errorf(`function ${quote(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, ident: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable': {
        const ident = t.val.split('.');
        if (!this.vars.includes(ident[0] ?? '')) this.errorf(`undefined variable ${quote(ident[0] ?? '')}`);
        return { type: 'variable', pos: t.pos, ident };
      }
      case 'field':
        return { type: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.wrap(() => newNumber(t.pos, t.val, t.typ));
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { type: 'string', pos: t.pos, quoted: t.val, text: this.wrap(() => unquote(t.val)) };
    }
    this.backup();
    return null;
  }
}

function isEmptyTree(n: ListNode): boolean {
  return n.nodes.every((c) => c.type === 'text' && c.text.trim() === '');
}

/** Parses a template. Throws TemplateError with Go's message. */
export function parse(text: string, o: ParseOptions): ParsedTemplate {
  const defs = new Map<string, ListNode>();
  const p = new Parser(text, o, new Lexer(text, o.legacy), defs);
  const root = p.parse();
  const name = o.name ?? '';
  if (!defs.has(name) || isEmptyTree(defs.get(name) as ListNode)) defs.set(name, root);
  return { name, text, root, defs };
}

/** Go's ErrorContext location "name:line:byteCol" for a node position. */
export function errorLocation(t: ParsedTemplate, pos: number): string {
  const before = t.text.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  const line = countNewlines(before) + 1;
  const col = nl < 0 ? byteLength(before) : byteLength(before.slice(nl + 1));
  return `${t.name}:${line}:${col}`;
}
