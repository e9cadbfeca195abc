/**
 * The first JSON value of a text, as Go's json.NewDecoder(r).Decode(&v) reads it: the
 * rest of the text after that value is ignored. The Dockerfile parser uses it to tell the
 * exec form (`CMD ["a", "b"]`) from the shell form.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** Nesting limit, as Go's scanner (maxNestingDepth 10000): deeper input is an error, never a stack overflow. */
const MAX_DEPTH = 10000;

class JsonSyntaxError extends Error {}

/** The first value of `text` (leading JSON whitespace skipped), or undefined when it is not valid JSON. */
export function decodeFirstValue(text: string): { value: JsonValue } | undefined {
  let pos = 0;
  const ws = () => {
    while (pos < text.length) {
      const c = text[pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
      pos++;
    }
  };
  const fail = (): never => {
    throw new JsonSyntaxError();
  };
  const literal = (word: string, value: JsonValue): JsonValue => {
    if (text.startsWith(word, pos)) {
      pos += word.length;
      return value;
    }
    return fail();
  };
  const number = (): number => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!m) return fail();
    pos += m[0].length;
    return Number(m[0]);
  };
  const string = (): string => {
    pos++; // the opening quote
    let out = '';
    for (;;) {
      if (pos >= text.length) return fail();
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return out;
      }
      if (c < 0x20) return fail();
      if (c !== 0x5c) {
        // a lone surrogate (invalid UTF-8 in Go's view) becomes U+FFFD
        if (c >= 0xd800 && c <= 0xdbff) {
          const d = text.charCodeAt(pos + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            out += text.slice(pos, pos + 2);
            pos += 2;
            continue;
          }
          out += '\ufffd';
        } else if (c >= 0xdc00 && c <= 0xdfff) out += '\ufffd';
        else out += text[pos];
        pos++;
        continue;
      }
      const e = text[pos + 1];
      pos += 2;
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        continue;
      }
      if (e !== 'u') return fail();
      const hex = (at: number): number => {
        const h = text.slice(at, at + 4);
        return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : -1;
      };
      const u = hex(pos);
      if (u < 0) return fail();
      pos += 4;
      if (u >= 0xd800 && u <= 0xdbff) {
        // a pair when a low surrogate escape follows, else U+FFFD (encoding/json's getu4 + DecodeRune)
        if (text[pos] === '\\' && text[pos + 1] === 'u') {
          const lo = hex(pos + 2);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            out += String.fromCharCode(u, lo);
            pos += 6;
            continue;
          }
        }
        out += '\ufffd';
      } else if (u >= 0xdc00 && u <= 0xdfff) out += '\ufffd';
      else out += String.fromCharCode(u);
    }
  };
  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) return fail();
    ws();
    const c = text[pos];
    if (c === '"') return string();
    if (c === '[') {
      pos++;
      const arr: JsonValue[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        return fail();
      }
    }
    if (c === '{') {
      pos++;
      const obj: { [k: string]: JsonValue } = {};
      ws();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') return fail();
        const k = string();
        ws();
        if (text[pos] !== ':') return fail();
        pos++;
        obj[k] = value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        return fail();
      }
    }
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    return fail();
  };
  try {
    return { value: value(0) };
  } catch (e) {
    // A stack overflow on absurd nesting is taken as invalid JSON (the shell form), never a crash.
    if (e instanceof JsonSyntaxError || e instanceof RangeError) return undefined;
    throw e;
  }
}
