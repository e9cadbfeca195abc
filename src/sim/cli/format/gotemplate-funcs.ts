/**
 * text/template's builtin functions and docker/cli's template functions
 * (templates/templates.go), over evaluator values.
 *
 * Evaluator values are GoValues plus `Iface`, a non-nil value whose static
 * type is interface{} (an element of a map[string]interface{} / []interface{}).
 * `null` is a nil interface{}, `undefined` an invalid value ("<no value>").
 * Functions throw Error(message); the executor reports "error calling NAME: message".
 */
import { marshal } from './gojson.ts';
import { sprint, sprintf, sprintln } from './gofmt.ts';
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
  type GoParam,
  type GoValue,
} from './govalue.ts';
import { byteLength, runes, truncateBytes } from './quote.ts';

/** A non-nil value held in an interface{} (static type "interface {}"). */
export class Iface {
  readonly v: Exclude<GoValue, null | undefined>;
  constructor(v: Exclude<GoValue, null | undefined>) {
    this.v = v;
  }
}

export type V = GoValue | Iface;

/** The element as stored in a container whose element type is `elem`. */
export function elemValue(v: GoValue, elem: string): V {
  if (elem !== 'interface {}') return v;
  if (v === null || v === undefined) return null;
  return new Iface(v);
}

/** reflect's indirectInterface: the concrete value (nil interface -> invalid). */
export function concrete(v: V): GoValue {
  if (v instanceof Iface) return v.v;
  if (v === null) return undefined;
  return v;
}

/** Static type name for messages ("interface {}" for interface-held values). */
export const staticType = (v: V): string => (v instanceof Iface || v === null ? 'interface {}' : typeName(v));

/** reflect indirect(): through interfaces and pointers; [value, isNil]. */
export function indirect(v: V): [V, boolean] {
  for (;;) {
    if (v instanceof Iface) v = v.v;
    else if (v === null || v instanceof GoNil) return [v, true];
    else if (v instanceof GoStruct && v.pointer) return [derefStruct(v), false];
    else return [v, false];
  }
}

const DEREF = Symbol('deref');

/** *T -> T view of a struct pointer (shares the fields; made once per pointer). */
export function derefStruct(v: GoStruct): GoStruct {
  const holder = v as GoStruct & { [DEREF]?: GoStruct };
  return (holder[DEREF] ??= new GoStruct(v.type.slice(1), v.fields as Record<string, GoValue>, {
    methods: v.methods,
    ...(v.string ? { string: v.string } : {}),
    ...(v.json ? { json: v.json } : {}),
    unexported: v.unexported,
  }));
}

/** template's isTrue on a concrete value: [truth, ok]. */
export function isTrue(v: GoValue): [boolean, boolean] {
  switch (kindOf(v)) {
    case 'invalid':
      return [false, true];
    case 'string':
      return [v instanceof JsonNumber ? v.text.length > 0 : (v as string).length > 0, true];
    case 'slice':
      return [sliceItems(v as GoValue[] | GoSlice).length > 0, true];
    case 'map':
      return [mapEntries(v as GoObject | GoMap).length > 0, true];
    case 'bool':
      return [v as boolean, true];
    case 'float':
      return [v !== 0, true];
    case 'int':
    case 'uint':
      return [(v as GoInt).value !== 0, true];
    case 'ptr':
      return [!(v instanceof GoNil), true];
    case 'struct':
    case 'func':
      return [true, true];
  }
}

export const truth = (v: V): boolean => isTrue(concrete(v))[0];

/** printableValue + fmt.Sprint as evalArgs does it (html, js, urlquery). */
export function evalArgs(args: V[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => {
    const c = a instanceof Iface ? a.v : a;
    if (c === undefined || c === null) return '<no value>';
    return c instanceof GoStruct && c.pointer ? derefStruct(c) : c;
  }));
}

export interface TemplateFunc {
  params: readonly GoParam[];
  variadic?: GoParam;
  fn: (...args: V[]) => V;
}

const f = (params: readonly GoParam[], fn: (...args: V[]) => V, variadic?: GoParam): TemplateFunc =>
  variadic ? { params, fn, variadic } : { params, fn };

const int = (n: number): GoInt => new GoInt(n, 'int');

// ---------------------------------------------------------------- index / slice / len

function indexArg(index: V, cap: number): number {
  const v = concrete(index);
  let x: number;
  if (v instanceof GoInt) x = v.value;
  else if (v === undefined) throw new Error('cannot index slice/array with nil');
  else throw new Error(`cannot index slice/array with type ${typeName(v)}`);
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

function index(item: V, ...indexes: V[]): V {
  let cur: V = concrete(item);
  if (cur === undefined) throw new Error('index of untyped nil');
  for (const i of indexes) {
    const [v, isNil] = indirect(cur);
    if (isNil) throw new Error('index of nil pointer');
    const c = concrete(v);
    if (typeof c === 'string') {
      const bytes = new TextEncoder().encode(c);
      const x = indexArg(i, bytes.length);
      if (x === bytes.length) throw new Error('reflect: string index out of range');
      cur = new GoInt(bytes[x] ?? 0, 'uint8');
    } else if (Array.isArray(c) || c instanceof GoSlice) {
      const items = sliceItems(c);
      const x = indexArg(i, items.length);
      if (x === items.length) throw new Error('reflect: slice index out of range');
      cur = elemValue(items[x], Array.isArray(c) ? 'interface {}' : c.elem);
    } else if (kindOf(c) === 'map') {
      const m = c as GoObject | GoMap;
      const elem = m instanceof GoMap ? m.elem : 'interface {}';
      const key = concrete(i);
      if (key === undefined) throw new Error('value is nil; should be of type string');
      if (typeof key !== 'string') throw new Error(`value has type ${typeName(key)}; should be string`);
      const entries = m instanceof GoMap ? m.entries : m;
      cur = Object.hasOwn(entries, key) ? elemValue(entries[key], elem) : zeroValue(elem);
    } else {
      throw new Error(`can't index item of type ${typeName(c)}`);
    }
  }
  return cur;
}

/** reflect.Zero of a type named by string (what a missing map key indexes to). */
export function zeroValue(type: string): V {
  if (type === 'interface {}') return null;
  if (type === 'string') return '';
  if (type === 'bool') return false;
  if (type === 'float64' || type === 'float32') return 0;
  if (/^u?int\d*$/.test(type)) return new GoInt(0, type);
  if (type.startsWith('[]')) return new GoSlice(type, [], true);
  if (type.startsWith('map[')) return new GoMap(type, {}, true);
  if (type.startsWith('*')) return new GoNil(type);
  return undefined;
}

function slice(item: V, ...indexes: V[]): V {
  const c = concrete(item);
  if (c === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof c === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = byteLength(c);
  } else if (Array.isArray(c) || c instanceof GoSlice) {
    len = sliceItems(c).length;
  } else {
    throw new Error(`can't slice item of type ${typeName(c)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((i, k) => {
    idx[k] = indexArg(i, len);
  });
  const [lo = 0, hi = 0, max = 0] = idx;
  if (lo > hi) throw new Error(`invalid slice index: ${lo} > ${hi}`);
  if (indexes.length === 3 && hi > max) throw new Error(`invalid slice index: ${hi} > ${max}`);
  if (typeof c === 'string') {
    const bytes = new TextEncoder().encode(c).subarray(lo, hi);
    return new TextDecoder().decode(bytes);
  }
  if (Array.isArray(c)) return c.slice(lo, hi);
  return new GoSlice(c.type, c.items.slice(lo, hi));
}

function length(item: V): V {
  const [v, isNil] = indirect(item);
  if (isNil) throw new Error('len of nil pointer');
  const c = concrete(v);
  if (c === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (typeof c === 'string') return int(byteLength(c));
  if (c instanceof JsonNumber) return int(byteLength(c.text));
  if (Array.isArray(c) || c instanceof GoSlice) return int(sliceItems(c).length);
  if (kindOf(c) === 'map') return int(mapEntries(c as GoObject | GoMap).length);
  throw new Error(`len of type ${typeName(c)}`);
}

// ---------------------------------------------------------------- comparison

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid';

function basicKind(v: GoValue): BasicKind {
  const k = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'uint' || k === 'float' || k === 'string' ? k : 'invalid';
}

const scalar = (v: GoValue): number | string | boolean =>
  v instanceof GoInt ? v.value : v instanceof JsonNumber ? v.text : (v as number | string | boolean);

const isNilValue = (v: GoValue): boolean =>
  v === undefined || v === null || v instanceof GoNil || ((v instanceof GoMap || v instanceof GoSlice) && v.nil);

/** Go ≥ 1.25 names the types in "incompatible types for comparison". */
function incompatible(a: GoValue, b: GoValue, legacy: boolean): Error {
  return new Error('incompatible types for comparison' + (legacy ? '' : `: ${typeName(a)} and ${typeName(b)}`));
}

function eq(legacy: boolean, arg1: V, ...arg2: V[]): V {
  const a = concrete(arg1);
  if (arg2.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(a);
  for (const arg of arg2) {
    const b = concrete(arg);
    const k2 = basicKind(b);
    let t = false;
    if (k1 !== k2) {
      if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) {
        t = scalar(a) === scalar(b);
      } else if (a !== undefined && b !== undefined) {
        throw incompatible(a, b, legacy);
      }
    } else if (k1 !== 'invalid') {
      t = scalar(a) === scalar(b);
    } else if (isNilValue(a) || isNilValue(b)) {
      t = isNilValue(a) === isNilValue(b);
    } else if (kindOf(a) !== kindOf(b)) {
      throw new Error(`non-comparable types ${sprint([a])}: ${typeName(a)}, ${typeName(b)}: ${sprint([b])}`);
    } else if (kindOf(b) === 'slice' || kindOf(b) === 'map' || kindOf(b) === 'func') {
      throw new Error(`non-comparable type ${sprint([b])}: ${typeName(b)}`);
    } else {
      t = a === b;
    }
    if (t) return true;
  }
  return false;
}

function lt(legacy: boolean, arg1: V, arg2: V): V {
  const a = concrete(arg1);
  const b = concrete(arg2);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return scalar(a) < scalar(b);
    throw incompatible(a, b, legacy);
  }
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  const x = scalar(a);
  const y = scalar(b);
  if (typeof x === 'string' && typeof y === 'string') return compareBytes(x, y) < 0;
  return x < y;
}

/** Go string order (UTF-8 bytes). */
function compareBytes(a: string, b: string): number {
  const x = runes(a);
  const y = runes(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const le = (legacy: boolean, a: V, b: V): V => lt(legacy, a, b) === true || eq(legacy, a, b) === true;

// ---------------------------------------------------------------- escapers

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) =>
    c === '\0' ? '\uFFFD' : c === '"' ? '&#34;' : c === "'" ? '&#39;' : c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;',
  );
}

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D',
};

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    const e = JS_ESCAPES[ch];
    if (e !== undefined) out += e;
    else if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

// ---------------------------------------------------------------- strings (unicode simple case mapping)

function mapRunes(s: string, m: (ch: string) => string): string {
  let out = '';
  for (const ch of s) out += m(ch);
  return out;
}

const upperRune = (ch: string): string => {
  const u = ch.toUpperCase();
  return Array.from(u).length === 1 ? u : ch;
};
const lowerRune = (ch: string): string => Array.from(ch.toLowerCase())[0] ?? ch;

const TITLE_DIGRAPHS: Record<string, string> = {
  '\u01C4': '\u01C5', '\u01C5': '\u01C5', '\u01C6': '\u01C5', '\u01C7': '\u01C8', '\u01C8': '\u01C8', '\u01C9': '\u01C8',
  '\u01CA': '\u01CB', '\u01CB': '\u01CB', '\u01CC': '\u01CB', '\u01F1': '\u01F2', '\u01F2': '\u01F2', '\u01F3': '\u01F2',
};
const titleRune = (ch: string): string => TITLE_DIGRAPHS[ch] ?? (/[\u10D0-\u10FA\u10FD-\u10FF]/.test(ch) ? ch : upperRune(ch));

const UNICODE_SPACE = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]$/;

/** strings.Title's isSeparator. */
function isSeparator(ch: string): boolean {
  const r = ch.codePointAt(0) ?? 0;
  if (r <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/^[\p{L}\p{Nd}]$/u.test(ch)) return false;
  return UNICODE_SPACE.test(ch);
}

export function goTitle(s: string): string {
  let prev = ' ';
  return mapRunes(s, (ch) => {
    const out = isSeparator(prev) ? titleRune(ch) : ch;
    prev = ch;
    return out;
  });
}
export const goUpper = (s: string): string => mapRunes(s, upperRune);
export const goLower = (s: string): string => mapRunes(s, lowerRune);

/** strings.Split (sep "" splits into runes). */
export const goSplit = (s: string, sep: string): string[] => (sep === '' ? Array.from(s) : s.split(sep));

// ---------------------------------------------------------------- function tables

/** text/template's builtins; `legacy` = Go 1.19 messages (Docker 20.10). */
export const builtinFuncs = (legacy: boolean): Record<string, TemplateFunc> => ({
  and: f(['value'], () => undefined, 'value'), // short-circuit: handled by the executor
  or: f(['value'], () => undefined, 'value'),
  call: f(['value'], () => undefined, 'value'),
  not: f(['value'], (a) => !truth(a)),
  len: f(['value'], length),
  index: f(['value'], index, 'value'),
  slice: f(['value'], slice, 'value'),
  print: f([], (...a) => sprint(a as GoValue[]), 'any'),
  printf: f(['string'], (fmt, ...a) => sprintf(fmt as string, a as GoValue[]), 'any'),
  println: f([], (...a) => sprintln(a as GoValue[]), 'any'),
  html: f([], (...a) => htmlEscape(evalArgs(a)), 'any'),
  js: f([], (...a) => jsEscape(evalArgs(a)), 'any'),
  urlquery: f([], (...a) => queryEscape(evalArgs(a)), 'any'),
  eq: f(['value'], (a, ...b) => eq(legacy, a, ...b), 'value'),
  ne: f(['value', 'value'], (a, b) => !eq(legacy, a, b)),
  lt: f(['value', 'value'], (a, b) => lt(legacy, a, b)),
  le: f(['value', 'value'], (a, b) => le(legacy, a, b)),
  gt: f(['value', 'value'], (a, b) => !le(legacy, a, b)),
  ge: f(['value', 'value'], (a, b) => !lt(legacy, a, b)),
});

export const BUILTIN_NAMES: ReadonlySet<string> = new Set(Object.keys(builtinFuncs(false)));

/** docker/cli's joinElements (Docker ≥ 25): []string joined, other slices/maps via fmt.Sprint. */
function joinElements(elems: V, sep: V): V {
  const c = concrete(elems);
  if (c === undefined || c === null) return '';
  if (Array.isArray(c) || c instanceof GoSlice) return sliceItems(c).map((e) => sprint([e])).join(sep as string);
  if (kindOf(c) === 'map') {
    return mapEntries(c as GoObject | GoMap)
      .map(([, v]) => sprint([v]))
      .sort(compareBytes)
      .join(sep as string);
  }
  throw new Error(`expected slice, got ${typeName(c)}`);
}

function padWithSpace(source: V, prefix: V, suffix: V): V {
  const s = source as string;
  if (s === '') return s;
  const repeat = (n: GoInt): string => {
    if (n.value < 0) throw new Error('strings: negative Repeat count');
    return ' '.repeat(n.value);
  };
  return repeat(prefix as GoInt) + s + repeat(suffix as GoInt);
}

function truncateWithLength(source: V, length: V): V {
  const s = source as string;
  const n = (length as GoInt).value;
  if (byteLength(s) < n) return s;
  if (n < 0) throw new Error(`runtime error: slice bounds out of range [:${n}]`);
  return truncateBytes(s, n);
}

/** docker/cli templates.basicFunctions. `legacy`: Docker 20.10 (strings.Join, json errors ignored). */
export function dockerFuncs(legacy: boolean): Record<string, TemplateFunc> {
  return {
    json: f(['any'], (v) => {
      try {
        return marshal(v as GoValue, legacy);
      } catch (e) {
        if (legacy) return '';
        throw e;
      }
    }),
    split: f(['string', 'string'], (s, sep) => new GoSlice('[]string', goSplit(s as string, sep as string))),
    join: legacy
      ? f(['[]string', 'string'], (a, sep) => (a as GoSlice).items.join(sep as string))
      : f(['any', 'string'], joinElements),
    title: f(['string'], (s) => goTitle(s as string)),
    lower: f(['string'], (s) => goLower(s as string)),
    upper: f(['string'], (s) => goUpper(s as string)),
    pad: f(['string', 'int', 'int'], padWithSpace),
    truncate: f(['string', 'int'], truncateWithLength),
  };
}

/** docker/cli templates.HeaderFunctions: identity versions used to render table headers. */
export const HEADER_FUNCS: Record<string, TemplateFunc> = {
  json: f(['string'], (v) => v),
  split: f(['string', 'string'], (v) => v),
  join: f(['string', 'string'], (v) => v),
  title: f(['string'], (v) => v),
  lower: f(['string'], (v) => v),
  upper: f(['string'], (v) => v),
  truncate: f(['string', 'int'], (v) => v),
};

export const FUNC_NAMES: ReadonlySet<string> = new Set([...BUILTIN_NAMES, ...Object.keys(dockerFuncs(false))]);

export { isGoFunc };
