/**
 * How Go values are represented for the template engine and fmt.
 *
 * Plain JS data is what `json.Unmarshal` into `interface{}` produces in Go:
 *   string -> string, number -> float64, boolean -> bool,
 *   null -> nil (inside a map or slice: a nil interface{}),
 *   Array -> []interface {}, plain object -> map[string]interface {}.
 *
 * Typed Go values (what docker/cli really executes most templates against)
 * use the wrappers below:
 *   GoInt      an integer of a named type (int, int64, uint16…) — `docker ps`
 *              fields, inspect's State.Pid, Config.ExposedPorts keys…
 *   GoStruct   a struct (or pointer to struct when `type` starts with "*"):
 *              ordered exported fields, methods (`{{.Label "x"}}`), an
 *              optional String() (fmt.Stringer) and json() (MarshalJSON /
 *              json tags: what `{{json .}}` encodes).
 *   GoMap      a typed map with string keys, e.g. "map[string]string".
 *   GoSlice    a typed slice, e.g. "[]string" (what `split` returns).
 *   GoNil      a typed nil pointer, e.g. "*container.Health" (prints "<nil>").
 *   JsonNumber json.Number (docker's raw-inspect fallback decodes with UseNumber).
 * `undefined` is "no value" (Go's invalid reflect.Value), e.g. a missing map key.
 */

export type GoValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | GoValue[]
  | GoObject
  | GoInt
  | GoStruct
  | GoMap
  | GoSlice
  | GoNil
  | JsonNumber
  | GoFunc;

export interface GoObject {
  [key: string]: GoValue;
}

/** Parameter types a method or template function can declare. */
export type GoParam = 'string' | 'int' | 'bool' | '[]string' | 'any' | 'value';

/** A method: declared parameter types, optional variadic tail, and the body (throw Error to fail). */
export interface GoFunc {
  readonly params: readonly GoParam[];
  readonly variadic?: GoParam;
  readonly fn: (...args: GoValue[]) => GoValue;
}

export class GoInt {
  readonly value: number;
  readonly type: string;
  constructor(value: number, type = 'int') {
    this.value = Math.trunc(value);
    this.type = type;
  }
  get unsigned(): boolean {
    return this.type.startsWith('uint');
  }
}

export interface GoStructOptions {
  methods?: Record<string, GoFunc>;
  /** fmt.Stringer: used by {{.}} printing and %v/%s. */
  string?: () => string;
  /** The value `{{json .}}` encodes (MarshalJSON or json-tagged view). Defaults to the fields. */
  json?: () => unknown;
  /** Names of unexported fields (errors "is an unexported field of struct type"). */
  unexported?: readonly string[];
}

export class GoStruct {
  readonly type: string;
  readonly fields: Readonly<Record<string, GoValue>>;
  readonly methods: Readonly<Record<string, GoFunc>>;
  readonly string?: () => string;
  readonly json?: () => unknown;
  readonly unexported: readonly string[];
  constructor(type: string, fields: Record<string, GoValue>, o: GoStructOptions = {}) {
    this.type = type;
    this.fields = fields;
    this.methods = o.methods ?? {};
    if (o.string) this.string = o.string;
    if (o.json) this.json = o.json;
    this.unexported = o.unexported ?? [];
  }
  get pointer(): boolean {
    return this.type.startsWith('*');
  }
}

export class GoMap {
  readonly type: string;
  readonly entries: Readonly<Record<string, GoValue>>;
  /** A nil map: prints map[], json null. */
  readonly nil: boolean;
  constructor(type: string, entries: Record<string, GoValue>, nil = false) {
    this.type = type;
    this.entries = entries;
    this.nil = nil;
  }
  /** Element type, from "map[K]V". */
  get elem(): string {
    return elemType(this.type);
  }
}

export class GoSlice {
  readonly type: string;
  readonly items: readonly GoValue[];
  /** A nil slice: prints [], json null. */
  readonly nil: boolean;
  constructor(type: string, items: readonly GoValue[], nil = false) {
    this.type = type;
    this.items = items;
    this.nil = nil;
  }
  get elem(): string {
    return elemType(this.type);
  }
}

export class GoNil {
  readonly type: string;
  /** Field names of the pointed-to struct, if known (else any field is assumed to exist). */
  readonly fields?: readonly string[];
  constructor(type: string, fields?: readonly string[]) {
    this.type = type;
    if (fields) this.fields = fields;
  }
}

export class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export const goInt = (n: number, type = 'int'): GoInt => new GoInt(n, type);
export const goStruct = (type: string, fields: Record<string, GoValue>, o?: GoStructOptions): GoStruct =>
  new GoStruct(type, fields, o);
export const goMap = (type: string, entries: Record<string, GoValue>): GoMap => new GoMap(type, entries);
export const goSlice = (type: string, items: readonly GoValue[]): GoSlice => new GoSlice(type, items);
export const goNil = (type: string, fields?: readonly string[]): GoNil => new GoNil(type, fields);
export const goStrings = (items: readonly string[]): GoSlice => new GoSlice('[]string', items);
export const goFunc = (params: readonly GoParam[], fn: (...args: GoValue[]) => GoValue): GoFunc => ({ params, fn });

/** "V" from "map[K]V", "T" from "[]T". */
function elemType(t: string): string {
  if (t.startsWith('[]')) return t.slice(2);
  if (t.startsWith('map[')) {
    let depth = 0;
    for (let i = 3; i < t.length; i++) {
      if (t[i] === '[') depth++;
      else if (t[i] === ']' && --depth === 0) return t.slice(i + 1);
    }
  }
  return 'interface {}';
}

export function isGoFunc(v: unknown): v is GoFunc {
  return typeof v === 'object' && v !== null && 'fn' in v && 'params' in v && typeof v.fn === 'function';
}

export function isPlainObject(v: unknown): v is GoObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !isGoFunc(v);
}

/** reflect.TypeOf(v).String(); "<nil>" for nil. */
export function typeName(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoInt || v instanceof GoStruct || v instanceof GoMap || v instanceof GoSlice || v instanceof GoNil) {
    return v.type;
  }
  if (v instanceof JsonNumber) return 'json.Number';
  if (isGoFunc(v)) return 'func(' + v.params.map(paramType).join(', ') + ') interface {}';
  return 'map[string]interface {}';
}

export const paramType = (p: GoParam): string =>
  p === 'any' ? 'interface {}' : p === 'value' ? 'reflect.Value' : p;

/** Go's reflect.Kind families used by template and fmt. */
export type Kind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'ptr' | 'func';

export function kindOf(v: GoValue): Kind {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(v) || v instanceof GoSlice) return 'slice';
  if (v instanceof GoInt) return v.unsigned ? 'uint' : 'int';
  if (v instanceof JsonNumber) return 'string';
  if (v instanceof GoNil) return 'ptr';
  if (v instanceof GoStruct) return v.pointer ? 'ptr' : 'struct';
  if (isGoFunc(v)) return 'func';
  return 'map';
}

/** Entries of a map value, keys in Go's sorted order (fmtsort: byte-wise). */
export function mapEntries(v: GoObject | GoMap): [string, GoValue][] {
  const obj = v instanceof GoMap ? v.entries : v;
  return Object.keys(obj)
    .sort(compareGoStrings)
    .map((k) => [k, obj[k]]);
}

/** Go string comparison (UTF-8 byte order = code point order). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Items of a slice value. */
export const sliceItems = (v: GoValue[] | GoSlice): readonly GoValue[] => (Array.isArray(v) ? v : v.items);
