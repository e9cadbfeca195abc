/** $(( … )): C-style integer arithmetic as ash evaluates it (64-bit semantics approximated with doubles). */

export class ArithError extends Error {}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Ast =
  | { t: 'num'; v: number }
  | { t: 'var'; n: string }
  | { t: 'un'; op: string; a: Ast }
  | { t: 'bin'; op: string; a: Ast; b: Ast }
  | { t: 'asg'; op: string; n: string; b: Ast }
  | { t: 'inc'; op: string; pre: boolean; n: string }
  | { t: 'cond'; c: Ast; a: Ast; b: Ast };

const OPS = ['<<=', '>>=', '**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=',
  '+', '-', '*', '/', '%', '<', '>', '&', '^', '|', '!', '~', '?', ':', '=', '(', ')', ','];

const BIN_PREC: Record<string, number> = {
  ',': 1, '||': 4, '&&': 5, '|': 6, '^': 7, '&': 8, '==': 9, '!=': 9, '<': 10, '<=': 10, '>': 10, '>=': 10,
  '<<': 11, '>>': 11, '+': 12, '-': 12, '*': 13, '/': 13, '%': 13, '**': 14,
};

const syntax = (): never => {
  throw new ArithError('arithmetic syntax error');
};

function parseNumber(s: string): number {
  const m = /^(?:0[xX]([0-9a-fA-F]+)|0([0-7]*)|([1-9][0-9]*)|([0-9]+)#([0-9a-zA-Z@_]+))$/.exec(s);
  if (!m) return syntax();
  if (m[1] !== undefined) return parseInt(m[1], 16);
  if (m[2] !== undefined) return m[2] ? parseInt(m[2], 8) : 0;
  if (m[3] !== undefined) return Number(m[3]);
  const base = Number(m[4]);
  if (base < 2 || base > 64) return syntax();
  let v = 0;
  for (const ch of m[5]!) {
    let d: number;
    if (ch >= '0' && ch <= '9') d = ch.charCodeAt(0) - 48;
    else if (ch >= 'a' && ch <= 'z') d = ch.charCodeAt(0) - 87;
    else if (ch >= 'A' && ch <= 'Z') d = base <= 36 ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 29;
    else if (ch === '@') d = 62;
    else d = 63;
    if (d >= base) return syntax();
    v = v * base + d;
  }
  return v;
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    const m = /^(?:[0-9][0-9a-zA-Z@_#]*|[A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(i));
    if (m) {
      out.push(m[0]);
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    if (!op) syntax();
    out.push(op!);
    i += op!.length;
  }
  return out;
}

class P {
  toks: string[];
  i = 0;
  constructor(toks: string[]) {
    this.toks = toks;
  }
  peek(): string | undefined {
    return this.toks[this.i];
  }
  next(): string {
    const t = this.toks[this.i++];
    if (t === undefined) syntax();
    return t!;
  }
  expr(): Ast {
    let a = this.assign();
    while (this.peek() === ',') {
      this.i++;
      a = { t: 'bin', op: ',', a, b: this.assign() };
    }
    return a;
  }
  exprFrom(minPrec: number): Ast {
    let a = this.unary();
    for (;;) {
      const op = this.peek();
      if (op === undefined) return a;
      const prec = BIN_PREC[op];
      if (prec === undefined || prec < minPrec || op === ',') return a;
      this.i++;
      const b = op === '**' ? this.exprFrom(prec) : this.exprFrom(prec + 1);
      a = { t: 'bin', op, a, b };
    }
  }
  assign(): Ast {
    const t = this.peek();
    const op = this.toks[this.i + 1];
    if (t && /^[A-Za-z_]/.test(t) && op && /^(?:[-+*/%&^|]|<<|>>)?=$/.test(op) && op !== '==') {
      this.i += 2;
      return { t: 'asg', op, n: t, b: this.assign() };
    }
    return this.ternary();
  }
  ternary(): Ast {
    const c = this.exprFrom(4);
    if (this.peek() !== '?') return c;
    this.i++;
    const a = this.assign();
    if (this.next() !== ':') syntax();
    const b = this.assign();
    return { t: 'cond', c, a, b };
  }
  unary(): Ast {
    const t = this.next();
    if (t === '+' || t === '-' || t === '!' || t === '~') return { t: 'un', op: t, a: this.unary() };
    if (t === '++' || t === '--') {
      const n = this.next();
      if (!/^[A-Za-z_]/.test(n)) syntax();
      return { t: 'inc', op: t, pre: true, n };
    }
    if (t === '(') {
      const e = this.expr();
      if (this.next() !== ')') syntax();
      return e;
    }
    if (/^[0-9]/.test(t)) return { t: 'num', v: parseNumber(t) };
    if (/^[A-Za-z_]/.test(t)) {
      const nx = this.peek();
      if (nx === '++' || nx === '--') {
        this.i++;
        return { t: 'inc', op: nx, pre: false, n: t };
      }
      return { t: 'var', n: t };
    }
    return syntax();
  }
}

const toInt = (v: number): number => {
  if (!Number.isFinite(v)) return 0;
  const t = Math.trunc(v);
  return Object.is(t, -0) ? 0 : t;
};

function varValue(vars: ArithVars, n: string, depth: number): number {
  const s = vars.get(n);
  if (s === undefined || s.trim() === '') return 0;
  const t = s.trim();
  if (/^-?[0-9]/.test(t)) {
    const neg = t.startsWith('-');
    return neg ? -parseNumber(t.slice(1)) : parseNumber(t);
  }
  if (depth > 10) syntax();
  return evalArith(t, vars, depth + 1);
}

function binop(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return toInt(a + b);
    case '-': return toInt(a - b);
    case '*': return toInt(a * b);
    case '/':
      if (b === 0) throw new ArithError('divide by zero');
      return toInt(a / b);
    case '%':
      if (b === 0) throw new ArithError('divide by zero');
      return toInt(a % b);
    case '**':
      if (b < 0) throw new ArithError('exponent less than 0');
      return toInt(a ** b);
    case '<<': return Number(BigInt.asIntN(64, BigInt(a) << BigInt(b & 63)));
    case '>>': return Number(BigInt.asIntN(64, BigInt(a) >> BigInt(b & 63)));
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '&': return Number(BigInt.asIntN(64, BigInt(a) & BigInt(b)));
    case '^': return Number(BigInt.asIntN(64, BigInt(a) ^ BigInt(b)));
    case '|': return Number(BigInt.asIntN(64, BigInt(a) | BigInt(b)));
    case ',': return b;
  }
  return syntax();
}

function run(n: Ast, vars: ArithVars, depth: number): number {
  switch (n.t) {
    case 'num':
      return n.v;
    case 'var':
      return varValue(vars, n.n, depth);
    case 'un': {
      const a = run(n.a, vars, depth);
      return n.op === '-' ? toInt(-a) : n.op === '+' ? a : n.op === '!' ? (a ? 0 : 1) : Number(BigInt.asIntN(64, ~BigInt(a)));
    }
    case 'bin':
      if (n.op === '&&') return run(n.a, vars, depth) && run(n.b, vars, depth) ? 1 : 0;
      if (n.op === '||') return run(n.a, vars, depth) || run(n.b, vars, depth) ? 1 : 0;
      return binop(n.op, run(n.a, vars, depth), run(n.b, vars, depth));
    case 'cond':
      return run(n.c, vars, depth) ? run(n.a, vars, depth) : run(n.b, vars, depth);
    case 'asg': {
      const b = run(n.b, vars, depth);
      const v = n.op === '=' ? b : binop(n.op.slice(0, -1), varValue(vars, n.n, depth), b);
      vars.set(n.n, String(v));
      return v;
    }
    case 'inc': {
      const old = varValue(vars, n.n, depth);
      const v = n.op === '++' ? old + 1 : old - 1;
      vars.set(n.n, String(v));
      return n.pre ? v : old;
    }
  }
}

/** Evaluates an (already expanded) arithmetic expression. Empty = 0. */
export function evalArith(src: string, vars: ArithVars, depth = 0): number {
  const toks = tokenize(src);
  if (!toks.length) return 0;
  const p = new P(toks);
  const ast = p.expr();
  if (p.i !== toks.length) syntax();
  return run(ast, vars, depth);
}
