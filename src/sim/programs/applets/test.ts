/** test / [ / [[ — a port of busybox coreutils/test.c (applet and ash builtin). */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import type { Stat } from '../../fs/types.ts';
import { matchPattern } from '../sh/glob.ts';

const UNOP = 0;
const BINOP = 1;
const BUNOP = 2;
const BBINOP = 3;
const PAREN = 4;

const OPS: Record<string, [string, number]> = {
  '-r': ['FILRD', UNOP], '-w': ['FILWR', UNOP], '-x': ['FILEX', UNOP], '-e': ['FILEXIST', UNOP], '-f': ['FILREG', UNOP],
  '-d': ['FILDIR', UNOP], '-c': ['FILCDEV', UNOP], '-b': ['FILBDEV', UNOP], '-p': ['FILFIFO', UNOP], '-u': ['FILSUID', UNOP],
  '-g': ['FILSGID', UNOP], '-k': ['FILSTCK', UNOP], '-s': ['FILGZ', UNOP], '-t': ['FILTT', UNOP], '-z': ['STREZ', UNOP],
  '-n': ['STRNZ', UNOP], '-h': ['FILSYM', UNOP], '-O': ['FILUID', UNOP], '-G': ['FILGID', UNOP], '-L': ['FILSYM', UNOP],
  '-S': ['FILSOCK', UNOP], '=': ['STREQ', BINOP], '==': ['STREQ', BINOP], '!=': ['STRNE', BINOP], '<': ['STRLT', BINOP],
  '>': ['STRGT', BINOP], '=~': ['REGEX', BINOP], '-eq': ['INTEQ', BINOP], '-ne': ['INTNE', BINOP], '-ge': ['INTGE', BINOP],
  '-gt': ['INTGT', BINOP], '-le': ['INTLE', BINOP], '-lt': ['INTLT', BINOP], '-nt': ['FILNT', BINOP], '-ot': ['FILOT', BINOP],
  '-ef': ['FILEQ', BINOP], '!': ['UNOT', BUNOP], '-a': ['BAND', BBINOP], '-o': ['BOR', BBINOP], '&&': ['BAND', BBINOP],
  '||': ['BOR', BBINOP], '(': ['LPAREN', PAREN], ')': ['RPAREN', PAREN],
};

class Leave {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

class T {
  readonly p: Proc;
  readonly name: string;
  readonly argv: (string | undefined)[];
  i = 0;
  bash2: boolean;
  last: [string, number] | undefined;

  constructor(p: Proc, name: string, argv: (string | undefined)[], bash2: boolean) {
    this.p = p;
    this.name = name;
    this.argv = argv;
    this.bash2 = bash2;
  }

  get cur(): string | undefined {
    return this.argv[this.i];
  }

  syntax(op: string | undefined, msg: string): never {
    this.p.err(op ? `${this.name}: ${op}: ${msg}\n` : `${this.name}: ${msg}\n`);
    throw new Leave(2);
  }

  check(s: string | undefined): string {
    this.last = undefined;
    if (s === undefined) return 'EOI';
    const op = OPS[s];
    if (!op) return 'OPERAND';
    if (op[0] === 'REGEX' && !this.bash2) return 'OPERAND';
    if ((op[0] === 'BAND' || op[0] === 'BOR') && this.bash2 === (s[0] === '-')) return 'OPERAND';
    this.last = op;
    return op[0];
  }

  getn(s: string): number {
    const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)[ \t\n\v\f\r]*$/.exec(s);
    if (!m) this.syntax(s, 'bad number');
    return Number(m![1]);
  }

  stat(path: string, follow = true): Stat | undefined {
    try {
      return follow ? this.p.fs.stat(this.p.abs(path)) : this.p.fs.lstat(this.p.abs(path));
    } catch {
      return undefined;
    }
  }

  binop(): boolean {
    const a = this.argv[this.i]!;
    this.check(this.argv[++this.i]);
    const op = this.last!;
    const b = this.argv[++this.i];
    if (b === undefined) this.syntax(this.argv[this.i - 1], 'argument expected');
    const n = op[0];
    if (n.startsWith('INT')) {
      const x = this.getn(a);
      const y = this.getn(b!);
      return n === 'INTEQ' ? x === y : n === 'INTNE' ? x !== y : n === 'INTGE' ? x >= y : n === 'INTGT' ? x > y : n === 'INTLE' ? x <= y : x < y;
    }
    if (this.bash2) {
      if (n === 'STREQ') return matchPattern(b!, a);
      if (n === 'STRNE') return !matchPattern(b!, a);
      if (n === 'REGEX') {
        try {
          return new RegExp(b!).test(a);
        } catch {
          throw new Leave(2);
        }
      }
    }
    if (n.startsWith('STR')) {
      const c = a < b! ? -1 : a > b! ? 1 : 0;
      return n === 'STREQ' ? c === 0 : n === 'STRNE' ? c !== 0 : n === 'STRLT' ? c < 0 : c > 0;
    }
    const s1 = this.stat(a);
    const s2 = this.stat(b!);
    if (!s1 || !s2) return false;
    if (n === 'FILNT') return Math.floor(s1.mtimeMs / 1000) > Math.floor(s2.mtimeMs / 1000);
    if (n === 'FILOT') return Math.floor(s1.mtimeMs / 1000) < Math.floor(s2.mtimeMs / 1000);
    const r1 = this.p.fs.realpath?.(this.p.abs(a)) ?? this.p.abs(a);
    const r2 = this.p.fs.realpath?.(this.p.abs(b!)) ?? this.p.abs(b!);
    return r1 === r2;
  }

  filstat(nm: string, mode: string): boolean {
    if (mode === 'FILSYM') return this.stat(nm, false)?.type === 'symlink';
    const s = this.stat(nm);
    if (!s) return false;
    const uid = this.p.uid;
    switch (mode) {
      case 'FILEXIST':
        return true;
      case 'FILRD':
      case 'FILWR':
      case 'FILEX': {
        const bit = mode === 'FILRD' ? 4 : mode === 'FILWR' ? 2 : 1;
        if (uid === 0) {
          if (bit !== 1) return true;
          if (s.mode & 0o111) return true;
        }
        let m = bit;
        if (s.uid === uid) m <<= 6;
        else if (s.gid === this.p.gid) m <<= 3;
        return (s.mode & m) !== 0;
      }
      case 'FILREG':
        return s.type === 'file';
      case 'FILDIR':
        return s.type === 'dir';
      case 'FILCDEV':
        return s.type === 'char';
      case 'FILBDEV':
        return s.type === 'block';
      case 'FILFIFO':
        return s.type === 'fifo';
      case 'FILSOCK':
        return s.type === 'socket';
      case 'FILSUID':
        return (s.mode & 0o4000) !== 0;
      case 'FILSGID':
        return (s.mode & 0o2000) !== 0;
      case 'FILSTCK':
        return (s.mode & 0o1000) !== 0;
      case 'FILGZ':
        return s.size > 0;
      case 'FILUID':
        return s.uid === uid;
      case 'FILGID':
        return s.gid === this.p.gid;
    }
    return true;
  }

  nexpr(n: string): boolean {
    if (n === 'UNOT') {
      const m = this.check(this.argv[++this.i]);
      if (m === 'EOI') {
        this.i--;
        return true;
      }
      return !this.nexpr(m);
    }
    return this.primary(n);
  }

  aexpr(n: string): boolean {
    const res = this.nexpr(n);
    if (this.check(this.argv[++this.i]) === 'BAND') {
      const r = this.aexpr(this.check(this.argv[++this.i]));
      return r && res;
    }
    this.i--;
    return res;
  }

  oexpr(n: string): boolean {
    const res = this.aexpr(n);
    if (this.check(this.argv[++this.i]) === 'BOR') {
      const r = this.oexpr(this.check(this.argv[++this.i]));
      return r || res;
    }
    this.i--;
    return res;
  }

  primary(n: string): boolean {
    if (n === 'EOI') this.syntax(undefined, 'argument expected');
    if (n === 'LPAREN') {
      const res = this.oexpr(this.check(this.argv[++this.i]));
      if (this.check(this.argv[++this.i]) !== 'RPAREN') this.syntax(undefined, 'closing paren expected');
      return res;
    }
    const op0 = this.last;
    if (this.check(this.argv[this.i + 1]) !== 'EOI') {
      if (this.argv[this.i + 2] !== undefined && this.last && this.last[1] === BINOP) return this.binop();
    }
    if (op0 && op0[1] === UNOP) {
      if (this.argv[this.i + 1] === undefined) return this.cur !== '';
      this.i++;
      const a = this.cur!;
      if (n === 'STREZ') return a === '';
      if (n === 'STRNZ') return a !== '';
      if (n === 'FILTT') return this.p.isatty(this.getn(a));
      return this.filstat(a, n);
    }
    if (this.last && this.last[1] === BINOP) return this.binop();
    return this.cur !== '';
  }
}

/** Runs test/[/[[ as invoked (argv[0] decides), reporting as `name`. */
export function testRun(p: Proc, argvIn: string[], name: string): number {
  const arg0 = (argvIn[0] ?? 'test').replace(/^.*\//, '');
  let argv = argvIn.slice(1);
  let bash2 = false;
  if (arg0[0] === '[') {
    const last = argv[argv.length - 1];
    if (arg0 === '[') {
      if (last !== ']') {
        p.err(`${name}: missing ]\n`);
        return 2;
      }
    } else {
      if (last !== ']]') {
        p.err(`${name}: missing ]]\n`);
        return 2;
      }
      bash2 = true;
    }
    argv = argv.slice(0, -1);
  }
  // args and argv share one array in busybox (the 4-argument "( x y )" case nulls the ")" in it).
  const args: (string | undefined)[] = argv.slice();
  try {
    let negate = 0;
    let off = 0;
    const a = (k: number) => args[off + k];
    for (;;) {
      if (a(0) === undefined) return 1 ^ negate;
      if (a(1) === undefined) return (a(0) === '' ? 1 : 0) ^ negate;
      if (a(2) !== undefined) {
        if (a(3) === undefined) {
          const t = new T(p, name, args.slice(off), bash2);
          t.check(a(1));
          if (t.last && t.last[1] === BINOP) return (t.binop() ? 0 : 1) ^ negate;
        } else if (a(4) === undefined && a(0) === '(' && a(3) === ')') {
          args[off + 3] = undefined;
          off++;
        }
      }
      if (a(0) === '!') {
        off++;
        negate ^= 1;
        continue;
      }
      break;
    }
    const t = new T(p, name, args, bash2);
    let res = t.oexpr(t.check(args[0])) ? 0 : 1;
    if (t.cur !== undefined && args[++t.i] !== undefined) {
      p.err(`${name}: ${args[t.i]}: unknown operand\n`);
      res = 2;
    }
    return res;
  } catch (e) {
    if (e instanceof Leave) return e.code;
    throw e;
  }
}

export function* testMain(p: Proc): ProgramGen {
  return testRun(p, p.argv, (p.argv[0] ?? 'test').replace(/^.*\//, ''));
}
