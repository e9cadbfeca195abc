/**
 * The Dockerfile parser and word lexer that `--change` goes through (buildkit's
 * frontend/dockerfile/parser and shell.Lex as vendored in moby 20.10.24): lines,
 * comments, `\` continuations, the `# escape=` directive, per-instruction argument
 * forms (JSON or shell, name=value pairs, whitespace lists), builder flags, and
 * variable expansion with quote removal. Errors: ArchiveError('change', text).
 */
import { ArchiveError } from './errors.ts';

export const fail = (msg: string): ArchiveError => new ArchiveError('change', msg);

// ---- the Dockerfile parser (buildkit frontend/dockerfile/parser) ----------------------------

export interface Node {
  value: string;
  original: string;
  flags: string[];
  args: string[];
  json: boolean;
}

const RE_WS = /[\t\v\f\r ]+/;
const isSpace = (c: string): boolean => /\s/u.test(c);

function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s[i]!)) i++;
  return s.slice(i);
}

/** Go's %q for the error texts that quote a word. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** parseWords: splits on spaces, keeping quotes and escapes in the words (processed later). */
function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  const chars = [...rest];
  for (let pos = 0; pos <= chars.length; pos++) {
    let ch = chars[pos] ?? '';
    const end = pos === chars.length;
    if (phase === 'spaces') {
      if (end) break;
      if (isSpace(ch)) continue;
      phase = 'word';
    }
    if (end) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isSpace(ch)) {
        phase = 'spaces';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === escape) {
        if (pos + 1 === chars.length) continue;
        word += ch;
        pos++;
        ch = chars[pos]!;
      }
      word += ch;
      continue;
    }
    // in quote
    if (ch === quote) phase = 'word';
    if (ch === escape && quote !== "'") {
      if (pos + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      pos++;
      word += ch;
      ch = chars[pos]!;
    }
    word += ch;
  }
  return words;
}

/** The first JSON value of `s` when it is an array of strings (Go's json.Decoder reads one value). */
function parseJSONArray(rest: string): string[] | 'not-json' | 'not-strings' {
  const s = trimLeftSpace(rest);
  if (!s.startsWith('[')) return 'not-json';
  // find the end of the first value: brackets outside strings
  let depth = 0;
  let inStr = false;
  let end = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        end = i + 1;
        break;
      }
    }
  }
  if (end < 0) return 'not-json';
  let v: unknown;
  try {
    v = JSON.parse(s.slice(0, end));
  } catch {
    return 'not-json';
  }
  if (!Array.isArray(v)) return 'not-json';
  if (!v.every((x) => typeof x === 'string')) return 'not-strings';
  return v as string[];
}

const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';

function maybeJSON(rest: string): { args: string[]; json: boolean } {
  if (rest === '') return { args: [], json: false };
  const j = parseJSONArray(rest);
  if (j === 'not-strings') throw fail(NOT_STRINGS);
  if (j !== 'not-json') return { args: j, json: true };
  return { args: [rest], json: false };
}

function whitespaceList(rest: string): string[] {
  return rest === '' ? [] : rest.split(RE_WS);
}

function nameVal(rest: string, key: string, escape: string): string[] {
  const words = parseWords(rest, escape);
  if (words.length === 0) return [];
  if (!words[0]!.includes('=')) {
    const m = RE_WS.exec(rest);
    if (!m) throw fail(`${key} must have two arguments`);
    return [rest.slice(0, m.index), rest.slice(m.index + m[0].length)];
  }
  const out: string[] = [];
  for (const w of words) {
    const i = w.indexOf('=');
    if (i < 0) throw fail(`Syntax error - can't find = in ${goQuote(w)}. Must be of the form: name=value`);
    out.push(w.slice(0, i), w.slice(i + 1));
  }
  return out;
}

/** extractBuilderFlags: leading `--flag` words, then the rest of the line. */
function extractFlags(line: string): [string, string[]] {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  for (let pos = 0; pos <= line.length; pos++) {
    let ch = line[pos] ?? '';
    if (phase === 'spaces') {
      if (pos === line.length) break;
      if (isSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === line.length || line[pos + 1] !== '-') return [line.slice(pos), words];
      phase = 'word';
    }
    if (pos === line.length) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return [line.slice(pos), words];
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        pos++;
        ch = line[pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === line.length) {
        phase = 'word';
        continue;
      }
      pos++;
      ch = line[pos]!;
    }
    word += ch;
  }
  return ['', words];
}

function nodeFromLine(line: string, escape: string): Node {
  const trimmed = line.trim();
  const m = RE_WS.exec(trimmed);
  const cmd = (m ? trimmed.slice(0, m.index) : trimmed).toLowerCase();
  let rest = '';
  let flags: string[] = [];
  if (m) [rest, flags] = extractFlags(trimmed.slice(m.index + m[0].length));
  rest = rest.trim();
  const node: Node = { value: cmd, original: line, flags, args: [], json: false };
  switch (cmd) {
    case 'cmd':
    case 'entrypoint':
    case 'run':
    case 'shell': {
      const r = maybeJSON(rest);
      node.args = r.args;
      node.json = r.json;
      break;
    }
    case 'volume':
    case 'add':
    case 'copy': {
      const j = parseJSONArray(rest);
      if (j === 'not-strings') throw fail(NOT_STRINGS);
      if (j !== 'not-json') {
        node.args = j;
        node.json = true;
      } else node.args = whitespaceList(rest);
      break;
    }
    case 'expose':
    case 'from':
      node.args = whitespaceList(rest);
      break;
    case 'env':
      node.args = nameVal(rest, 'ENV', escape);
      break;
    case 'label':
      node.args = nameVal(rest, 'LABEL', escape);
      break;
    case 'user':
    case 'workdir':
    case 'stopsignal':
    case 'maintainer':
      node.args = rest === '' ? [] : [rest];
      break;
    case 'arg':
      node.args = parseWords(rest, escape);
      break;
    case 'healthcheck': {
      let sep = 0;
      while (sep < rest.length && !isSpace(rest[sep]!)) sep++;
      if (sep === 0) break;
      let next = sep;
      while (next < rest.length && isSpace(rest[next]!)) next++;
      const r = maybeJSON(rest.slice(next));
      node.args = [rest.slice(0, sep), ...r.args];
      node.json = r.json;
      break;
    }
    case 'onbuild': {
      if (rest === '') break;
      const child = nodeFromLine(rest, escape);
      node.args = [child.value, ...child.args];
      break;
    }
    default:
      node.args = [''];
  }
  return node;
}

/** parser.Parse over the joined changes. */
export function parseDockerfile(text: string): Node[] {
  let escape = '\\';
  let cont = /([^\\])\\[ \t]*$|^\\[ \t]*$/;
  let directivesDone = false;
  const seenDirectives = new Set<string>();
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const nodes: Node[] = [];
  const isComment = (l: string): boolean => trimLeftSpace(l).startsWith('#');
  const directive = (l: string): void => {
    if (directivesDone) return;
    const m = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(l);
    if (!m) {
      directivesDone = true;
      return;
    }
    const k = m[1]!.toLowerCase();
    if (k !== 'escape' && k !== 'syntax') {
      directivesDone = true;
      return;
    }
    if (seenDirectives.has(k)) throw fail(`only one ${k} parser directive can be used`);
    seenDirectives.add(k);
    if (k === 'escape') {
      const v = m[2]!;
      if (v !== '`' && v !== '\\') throw fail(`invalid escape token '${v}' does not match \` or \\`);
      escape = v;
      const e = v === '\\' ? '\\\\' : v;
      cont = new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
    }
  };
  const trimComment = (l: string): string => (l.startsWith('#') ? '' : l);
  const trimCont = (l: string): [string, boolean] => {
    const m = cont.exec(l);
    if (!m) return [l, true];
    return [l.slice(0, m.index) + (m[1] ?? ''), false];
  };
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i]!;
    if (i === 0) raw = raw.replace(/^\uFEFF/, '');
    const token = trimLeftSpace(raw);
    directive(token);
    let [line, endOfLine] = trimCont(trimComment(token));
    if (endOfLine && line === '') continue;
    while (!endOfLine && i + 1 < lines.length) {
      i++;
      const next = lines[i]!;
      directive(next);
      if (isComment(next)) continue;
      if (trimLeftSpace(next) === '') continue;
      const [piece, eol] = trimCont(trimComment(next));
      line += piece;
      endOfLine = eol;
    }
    nodes.push(nodeFromLine(line, escape));
  }
  if (nodes.length === 0) throw fail('file with no instructions');
  return nodes;
}

// ---- shell word expansion (buildkit shell.Lex.ProcessWord) ------------------------------------

function envMap(env: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env) {
    const i = e.indexOf('=');
    if (i < 0) m.set(e, '');
    else m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

/** Expands $VAR, ${VAR}, ${VAR:-x}, ${VAR:+x}, ${VAR?x}, ${VAR:?x}; removes quotes and escapes. */
export function processWord(word: string, env: readonly string[], escape = '\\'): string {
  const envs = envMap(env);
  const chars = [...word];
  let pos = 0;
  const peek = (): string | undefined => chars[pos];
  const next = (): string | undefined => chars[pos++];
  const getEnv = (name: string): [string, boolean] => (envs.has(name) ? [envs.get(name)!, true] : ['', false]);
  const wrap = (e: ArchiveError): ArchiveError => fail(`failed to process ${goQuote(word)}: ${e.message}`);
  const name = (): string => {
    let n = '';
    for (;;) {
      const c = peek();
      if (c === undefined) break;
      if (n === '' && /\d/.test(c)) {
        while (peek() !== undefined && /\d/.test(peek()!)) n += next();
        return n;
      }
      if (n === '' && '@*#?-$!0'.includes(c)) {
        next();
        return c;
      }
      if (!/[\p{L}\p{Nd}_]/u.test(c)) break;
      n += next();
    }
    return n;
  };
  const dollar = (): string => {
    next();
    if (peek() !== '{') {
      const n = name();
      return n === '' ? '$' : getEnv(n)[0];
    }
    next();
    const c0 = peek();
    if (c0 === undefined) throw fail("syntax error: missing '}'");
    if (c0 === '{' || c0 === '}' || c0 === ':') throw fail('syntax error: bad substitution');
    const n = name();
    const ch = next();
    if (ch === '}') return getEnv(n)[0];
    if (ch === '?' || ch === ':') {
      const modifier = ch === '?' ? '?' : next();
      const w = stopOn('}');
      const [v, found] = getEnv(n);
      if (ch === '?') {
        if (!found) throw fail(`${n}: ${w || 'is not allowed to be unset'}`);
        return v;
      }
      if (modifier === '+') return v !== '' ? w : v;
      if (modifier === '-') return v === '' ? w : v;
      if (modifier === '?') {
        if (!found) throw fail(`${n}: ${w || 'is not allowed to be unset'}`);
        if (v === '') throw fail(`${n}: ${w || 'is not allowed to be empty'}`);
        return v;
      }
      throw fail(`unsupported modifier (${modifier ?? ''}) in substitution`);
    }
    throw fail("missing ':' in substitution");
  };
  const single = (): string => {
    next();
    let out = '';
    for (;;) {
      const c = next();
      if (c === undefined) throw fail('unexpected end of statement while looking for matching single-quote');
      if (c === "'") return out;
      out += c;
    }
  };
  const double = (): string => {
    next();
    let out = '';
    for (;;) {
      const c = peek();
      if (c === undefined) throw fail('unexpected end of statement while looking for matching double-quote');
      if (c === '"') {
        next();
        return out;
      }
      if (c === '$') {
        out += dollar();
        continue;
      }
      let ch = next()!;
      if (ch === escape) {
        const p = peek();
        if (p === undefined) continue;
        if (p === '"' || p === '$' || p === escape) ch = next()!;
      }
      out += ch;
    }
  };
  const stopOn = (stop: string | undefined): string => {
    let out = '';
    while (peek() !== undefined) {
      const c = peek()!;
      if (stop !== undefined && c === stop) {
        next();
        return out;
      }
      if (c === "'") out += single();
      else if (c === '"') out += double();
      else if (c === '$') out += dollar();
      else {
        let ch = next()!;
        if (ch === escape) {
          const n = next();
          if (n === undefined) break;
          ch = n;
        }
        out += ch;
      }
    }
    if (stop !== undefined) {
      if (pos >= chars.length) throw fail("syntax error: missing '}'");
      throw fail(`unexpected end of statement while looking for matching ${stop}`);
    }
    return out;
  };
  try {
    return stopOn(undefined);
  } catch (e) {
    throw e instanceof ArchiveError ? wrap(e) : e;
  }
}

