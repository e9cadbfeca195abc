/**
 * Go's fmt.Sprint / Sprintln / Sprintf over GoValues (see govalue.ts).
 *
 * Verbs: %v %+v %#v(≈%v) %T %t %d %b %o %O %x %X %c %q %U %s %e %E %f %F %g %G %%,
 * flags + - # 0 space, width and precision (including *), and Go's error forms:
 * %!d(string=x), %!d(MISSING), %!(EXTRA int=1), %!(NOVERB), %!(BADWIDTH), %!(BADPREC).
 * Not modelled: explicit argument indexes (%[1]d), %p, %x on floats, Go-syntax %#v.
 * Pointers below the top level print as a fixed fake address (Go prints a real one).
 */
import { formatFloat, type FloatFmt } from './gofloat.ts';
import {
  GoInt,
  GoMap,
  GoNil,
  GoSlice,
  GoStruct,
  JsonNumber,
  isGoFunc,
  kindOf,
  mapEntries,
  sliceItems,
  typeName,
  type GoObject,
  type GoValue,
} from './govalue.ts';
import { canBackquote, isPrint, quote, quoteRune, quoteToASCII, runeCount, runes } from './quote.ts';

const FAKE_ADDRESS = '0xc000010000';

class Printer {
  buf = '';
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  widPresent = false;
  prec = 0;
  precPresent = false;

  clearFlags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
    this.widPresent = this.precPresent = false;
    this.wid = this.prec = 0;
  }

  private padding(n: number): string {
    return n > 0 ? (this.zero ? '0' : ' ').repeat(n) : '';
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    this.buf += this.minus ? s + this.padding(width) : this.padding(width) + s;
  }

  badVerb(verb: string, arg: GoValue): void {
    this.buf += '%!' + verb + '(';
    if (arg === null || arg === undefined) this.buf += '<nil>';
    else {
      this.buf += typeName(arg) + '=';
      this.printArg(arg, 'v');
    }
    this.buf += ')';
  }

  printArg(arg: GoValue, verb: string): void {
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.fmtString(typeName(arg), 's', arg);
      return;
    }
    this.printValue(arg, verb, 0);
  }

  printValue(v: GoValue, verb: string, depth: number): void {
    if (v instanceof GoStruct && v.string && 'vsxXq'.includes(verb)) {
      this.fmtString(v.string(), verb, v);
      return;
    }
    if (v instanceof JsonNumber) {
      this.fmtString(v.text, verb, v);
      return;
    }
    switch (typeof v) {
      case 'boolean':
        if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
        else this.badVerb(verb, v);
        return;
      case 'number':
        this.fmtFloat(v, verb);
        return;
      case 'string':
        this.fmtString(v, verb, v);
        return;
    }
    if (v === null || v === undefined) {
      // a nil interface inside a map, slice or struct
      this.pad('<nil>');
      return;
    }
    if (v instanceof GoInt) {
      this.fmtInteger(v, verb);
      return;
    }
    if (v instanceof GoNil) {
      if (verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, v);
      return;
    }
    if (isGoFunc(v)) {
      if (verb === 'v') this.pad(FAKE_ADDRESS);
      else this.badVerb(verb, v);
      return;
    }
    if (v instanceof GoStruct) {
      if (v.pointer && depth > 0) {
        if (verb === 'v') this.pad(FAKE_ADDRESS);
        else this.badVerb(verb, v);
        return;
      }
      if (v.pointer) this.buf += '&';
      this.buf += '{';
      Object.entries(v.fields).forEach(([name, f], i) => {
        if (i > 0) this.buf += ' ';
        if (this.plusV || this.sharpV) this.buf += name + ':';
        this.printValue(f, verb, depth + 1);
      });
      this.buf += '}';
      return;
    }
    if (Array.isArray(v) || v instanceof GoSlice) {
      this.buf += '[';
      sliceItems(v).forEach((item, i) => {
        if (i > 0) this.buf += ' ';
        this.printValue(item, verb, depth + 1);
      });
      this.buf += ']';
      return;
    }
    this.buf += 'map[';
    mapEntries(v as GoObject | GoMap).forEach(([k, item], i) => {
      if (i > 0) this.buf += ' ';
      this.printValue(k, verb, depth + 1);
      this.buf += ':';
      this.printValue(item, verb, depth + 1);
    });
    this.buf += ']';
  }

  fmtString(s: string, verb: string, arg: GoValue): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
      case 'X':
        this.fmtSx(s, verb === 'x' ? '0123456789abcdef' : '0123456789ABCDEF', verb);
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  private truncate(s: string): string {
    if (this.precPresent) return runes(s).slice(0, this.prec).map((r) => String.fromCodePoint(r)).join('');
    return s;
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) this.pad('`' + s + '`');
    else this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  private fmtSx(s: string, digits: string, verb: string): void {
    let bytes = Array.from(new TextEncoder().encode(s));
    if (this.precPresent && this.prec < bytes.length) bytes = bytes.slice(0, this.prec);
    const length = bytes.length;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.buf += this.padding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.buf += this.padding(this.wid - width);
    const prefix = verb === 'x' ? '0x' : '0X';
    let out = this.sharp ? prefix : '';
    bytes.forEach((c, i) => {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += prefix;
      }
      out += (digits[c >> 4] ?? '') + (digits[c & 15] ?? '');
    });
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.buf += this.padding(this.wid - width);
  }

  fmtInteger(n: GoInt, verb: string): void {
    const v = n.value;
    const digitsFor = (base: number, upper: boolean): string => {
      const s = Math.abs(v).toString(base);
      return upper ? s.toUpperCase() : s;
    };
    switch (verb) {
      case 'v':
      case 'd':
        this.integer(v, digitsFor(10, false), 10, false);
        return;
      case 'b':
        this.integer(v, digitsFor(2, false), 2, false);
        return;
      case 'o':
      case 'O':
        this.integer(v, digitsFor(8, false), 8, verb === 'O');
        return;
      case 'x':
      case 'X':
        this.integer(v, digitsFor(16, verb === 'X'), 16, false, verb === 'X');
        return;
      case 'c':
        this.pad(String.fromCodePoint(v > 0x10ffff || v < 0 ? 0xfffd : v));
        return;
      case 'q': {
        const r = v > 0x10ffff || v < 0 ? 0xfffd : v;
        if (this.sharp && canBackquote(String.fromCodePoint(r))) this.pad("'" + String.fromCodePoint(r) + "'");
        else this.pad(quoteRune(r));
        return;
      }
      case 'U': {
        let s = 'U+' + v.toString(16).toUpperCase().padStart(this.precPresent ? Math.max(this.prec, 4) : 4, '0');
        if (this.sharp && v >= 0 && v <= 0x10ffff && isPrint(v)) s += " '" + String.fromCodePoint(v) + "'";
        const zero = this.zero;
        this.zero = false;
        this.pad(s);
        this.zero = zero;
        return;
      }
      default:
        this.badVerb(verb, n);
    }
  }

  /** fmt.fmtInteger: precision/zero padding, sign, 0x/0 prefixes. */
  private integer(v: number, digits: string, base: number, prefixO: boolean, upper = false): void {
    const negative = v < 0;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && v === 0) {
        const zero = this.zero;
        this.zero = false;
        this.buf += this.padding(this.wid);
        this.zero = zero;
        return;
      }
    } else if (this.zero && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = digits.padStart(prec, '0');
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8 && s[0] !== '0') s = '0' + s;
      else if (base === 16) s = (upper ? '0X' : '0x') + s;
    }
    if (prefixO) s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    const zero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = zero;
  }

  fmtFloat(v: number, verb: string): void {
    let fmt: FloatFmt;
    let prec: number;
    switch (verb) {
      case 'v':
        fmt = 'g';
        prec = -1;
        break;
      case 'g':
      case 'G':
        fmt = verb;
        prec = -1;
        break;
      case 'e':
      case 'E':
      case 'f':
        fmt = verb;
        prec = 6;
        break;
      case 'F':
        fmt = 'f';
        prec = 6;
        break;
      default:
        this.badVerb(verb, v);
        return;
    }
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, fmt, prec);
    num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const zero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = zero;
      return;
    }
    if (this.sharp) num = this.sharpFloat(num, fmt, prec);
    if (this.plus || num[0] !== '+') {
      if (this.zero && this.widPresent && this.wid > num.length) {
        this.buf += num[0] + '0'.repeat(this.wid - num.length) + num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  /** The # flag: keep the decimal point and trailing zeros. */
  private sharpFloat(num: string, fmt: FloatFmt, prec: number): string {
    let digits = fmt === 'g' || fmt === 'G' ? (prec === -1 ? 6 : prec) : 0;
    let tail = '';
    let body = num;
    const e = body.search(/[eE]/);
    if (e >= 0) {
      tail = body.slice(e);
      body = body.slice(0, e);
    }
    let sawNonzero = false;
    for (const c of body.slice(1)) {
      if (c === '.') continue;
      if (c !== '0') sawNonzero = true;
      if (sawNonzero) digits--;
    }
    if (!body.includes('.')) {
      if (body.length === 2 && body[1] === '0') digits--;
      body += '.';
    }
    return body + '0'.repeat(Math.max(digits, 0)) + tail;
  }
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: readonly GoValue[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = kindOf(arg) === 'string';
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln: spaces between all operands, newline at the end. */
export function sprintln(args: readonly GoValue[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += ' ';
    p.printArg(arg, 'v');
  });
  return p.buf + '\n';
}

/** fmt's %v of one value. */
export const formatV = (v: GoValue): string => sprint([v]);

function intArg(args: readonly GoValue[], i: number): [number, boolean, number] {
  if (i >= args.length) return [0, false, i];
  const a = args[i];
  if (a instanceof GoInt && Math.abs(a.value) <= 1e6) return [a.value, true, i + 1];
  return [0, false, i + 1];
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  const p = new Printer();
  let argNum = 0;
  const end = format.length;
  let i = 0;
  while (i < end) {
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) p.buf += format.slice(lasti, i);
    if (i >= end) break;
    i++; // skip %
    p.clearFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          p.sharp = true;
          break;
        case '0':
          p.zero = !p.minus;
          break;
        case '+':
          p.plus = true;
          break;
        case '-':
          p.minus = true;
          p.zero = false;
          break;
        case ' ':
          p.space = true;
          break;
        default:
          break flags;
      }
    }
    // width
    if (format[i] === '*') {
      i++;
      [p.wid, p.widPresent, argNum] = intArg(args, argNum);
      if (!p.widPresent) p.buf += '%!(BADWIDTH)';
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        p.wid = Number(m[0]);
        p.widPresent = true;
        i += m[0].length;
      }
    }
    // precision
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        [p.prec, p.precPresent, argNum] = intArg(args, argNum);
        if (p.prec < 0) {
          p.prec = 0;
          p.precPresent = false;
        }
        if (!p.precPresent) p.buf += '%!(BADPREC)';
      } else {
        const m = /^\d+/.exec(format.slice(i));
        p.prec = m ? Number(m[0]) : 0;
        p.precPresent = true;
        if (m) i += m[0].length;
      }
    }
    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    if (verb === '%') {
      p.buf += '%';
      continue;
    }
    if (argNum >= args.length) {
      p.buf += '%!' + verb + '(MISSING)';
      continue;
    }
    if (verb === 'v') {
      p.sharpV = p.sharp;
      p.sharp = false;
      p.plusV = p.plus;
      p.plus = false;
    }
    p.printArg(args[argNum], verb);
    argNum++;
  }
  if (argNum < args.length) {
    p.clearFlags();
    p.buf += '%!(EXTRA ';
    args.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.buf += ', ';
      if (arg === null || arg === undefined) p.buf += '<nil>';
      else {
        p.buf += typeName(arg) + '=';
        p.printArg(arg, 'v');
      }
    });
    p.buf += ')';
  }
  return p.buf;
}
