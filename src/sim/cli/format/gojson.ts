/**
 * Go's encoding/json Marshal (compact) of GoValues, with SetEscapeHTML(false)
 * as docker's `{{json .}}` uses it: < > & are kept, U+2028/U+2029 escaped,
 * control characters as \u00XX (\b and \f since Go 1.22; `legacy` = Go < 1.22).
 * Map keys are sorted; GoStruct fields keep their order (or the struct's json()).
 */
import { formatFloat } from './gofloat.ts';
import { GoInt, GoMap, GoNil, GoSlice, GoStruct, JsonNumber, isGoFunc, mapEntries, typeName, type GoObject, type GoValue } from './govalue.ts';

export class JsonError extends Error {}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function jsonString(s: string, legacy = false): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const short = SHORT[ch];
    if (short !== undefined) out += short;
    else if (!legacy && c === 0x08) out += '\\b';
    else if (!legacy && c === 0x0c) out += '\\f';
    else if (c < 0x20) out += '\\u00' + c.toString(16).padStart(2, '0');
    else if (c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16);
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** encoding/json's float64 encoding: like ES6, %f unless the exponent is < -6 or >= 21. */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonError('json: unsupported value: ' + formatFloat(f, 'g', -1));
  const abs = Math.abs(f);
  const fmt = abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? 'e' : 'f';
  let s = formatFloat(f, fmt, -1);
  if (fmt === 'e') s = s.replace(/e([+-])0(\d)$/, 'e$1$2'); // e-07 -> e-7
  return s;
}

/** json.Marshal(v) as compact text. Throws JsonError with Go's message. */
export function marshal(v: GoValue, legacy = false): string {
  const enc = (x: GoValue): string => marshal(x, legacy);
  if (v === null || v === undefined || v instanceof GoNil) return 'null';
  switch (typeof v) {
    case 'string':
      return jsonString(v, legacy);
    case 'number':
      return jsonFloat(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof GoInt) return String(v.value);
  if (v instanceof JsonNumber) return v.text === '' ? '0' : v.text;
  if (isGoFunc(v)) throw new JsonError('json: unsupported type: ' + typeName(v));
  if (v instanceof GoStruct) {
    if (v.json) return enc(v.json() as GoValue);
    return '{' + Object.entries(v.fields).map(([k, f]) => jsonString(k, legacy) + ':' + enc(f)).join(',') + '}';
  }
  if (Array.isArray(v) || v instanceof GoSlice) {
    if (v instanceof GoSlice && v.nil) return 'null';
    const items = Array.isArray(v) ? v : v.items;
    return '[' + items.map(enc).join(',') + ']';
  }
  if (v instanceof GoMap && v.nil) return 'null';
  const entries = mapEntries(v as GoObject | GoMap);
  return '{' + entries.map(([k, f]) => jsonString(k, legacy) + ':' + enc(f)).join(',') + '}';
}
