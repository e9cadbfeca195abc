/**
 * The Dockerfile parser: buildkit's frontend/dockerfile/parser as vendored in moby
 * 20.10.24. Lines (bufio.Scanner: LF, a CR before it dropped, 64 KiB per line), the
 * `# escape=` and `# syntax=` directives, comments, line continuations (with the
 * empty-continuation-line warning), builder flags (`--chown=…`), and each
 * instruction's argument form: JSON or shell, name=value pairs, whitespace lists,
 * plain strings, ONBUILD's sub-instruction, HEALTHCHECK's type.
 *
 * Errors are ParseError; their message is buildkit's text, without location (the
 * daemon prefixes "failed to parse Dockerfile: ").
 */
import { decodeFirstValue } from './json.ts';
import { goQuote, isGoSpace, trimGoSpace, trimLeftGoSpace, utf8Length } from './goText.ts';

export interface Node {
  /** The instruction, lower-cased (`run`, `copy`, …). */
  value: string;
  /** The whole instruction as written, continuation lines joined. */
  original: string;
  /** Builder flags (`--from=x`) as written. */
  flags: string[];
  /** The arguments (parser.Node's Next chain; ONBUILD: the sub-instruction's name, then its arguments). */
  args: string[];
  /** Exec form (a JSON array). */
  json: boolean;
  /** 1-based first and last line. */
  startLine: number;
  endLine: number;
}

export interface ParseResult {
  nodes: Node[];
  escapeToken: string;
  warnings: string[];
}

export class ParseError extends Error {
  /** 1-based line (0 when the error is about the whole file). */
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'ParseError';
    this.line = line;
  }
}

/** bufio.MaxScanTokenSize - 1: the longest line the scanner accepts. */
export const MAX_LINE_BYTES = 64 * 1024 - 1;

const RE_WHITESPACE = /[\t\v\f\r ]+/;
const RE_DIRECTIVE = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';

class Directives {
  escapeToken = '\\';
  continuation = Directives.continuationFor('\\');
  done = false;
  readonly seen = new Set<string>();

  static continuationFor(token: string): RegExp {
    const e = token === '\\' ? '\\\\' : token;
    return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
  }

  setEscapeToken(s: string): void {
    if (s !== '`' && s !== '\\') throw new Error(`invalid escape token '${s}' does not match \` or \\`);
    this.escapeToken = s;
    this.continuation = Directives.continuationFor(s);
  }

  /** possibleParserDirective: directives come before any instruction or other comment, each once. */
  possible(line: string): void {
    if (this.done) return;
    const m = RE_DIRECTIVE.exec(line);
    if (!m) {
      this.done = true;
      return;
    }
    const k = m[1]!.toLowerCase();
    if (k !== 'escape' && k !== 'syntax') {
      this.done = true;
      return;
    }
    if (this.seen.has(k)) throw new Error(`only one ${k} parser directive can be used`);
    this.seen.add(k);
    if (k === 'escape') this.setEscapeToken(m[2]!);
  }
}

/** bufio.Scanner with ScanLines: lines without their LF (and a CR before it); a line over 64 KiB is an error. */
function scanLines(text: string): { lines: string[]; tooLong: boolean } {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let line = text.slice(start, end);
    // bytes, not UTF-16 units: only lines that could be long are measured
    if (line.length > MAX_LINE_BYTES / 3 && utf8Length(line) > MAX_LINE_BYTES) return { lines, tooLong: true };
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lines.push(line);
    if (nl < 0) nl = text.length;
    start = nl + 1;
  }
  return { lines, tooLong: false };
}

const isComment = (line: string): boolean => trimLeftGoSpace(line).startsWith('#');

/** Parses a Dockerfile's text. Throws ParseError. */
export function parse(source: string): ParseResult {
  const d = new Directives();
  const src = source.startsWith('\ufeff') ? source.slice(1) : source;
  const { lines, tooLong } = scanLines(src);
  const nodes: Node[] = [];
  const warnings: string[] = [];
  let current = 0;
  const fail = (e: unknown, line: number): never => {
    throw new ParseError(e instanceof Error ? e.message : String(e), line);
  };
  // processLine: strip (first lines only) leading blanks, drop a comment line, look for a directive
  const processLine = (token: string, stripLeft: boolean): string => {
    const t = stripLeft ? trimLeftGoSpace(token) : token;
    try {
      d.possible(t);
    } catch (e) {
      fail(e, current + 1);
    }
    return t.startsWith('#') ? '' : t;
  };
  const trimContinuation = (line: string): [string, boolean] => {
    if (d.continuation.test(line)) return [line.replace(d.continuation, '$1'), false];
    return [line, true];
  };
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i++]!;
    const first = processLine(raw, true);
    current++;
    const startLine = current;
    let [line, endOfLine] = trimContinuation(first);
    if (endOfLine && line === '') continue;
    let emptyContinuation = false;
    while (!endOfLine && i < lines.length) {
      const next = lines[i++]!;
      const processed = processLine(next, false);
      current++;
      if (isComment(next)) continue;
      if (trimLeftGoSpace(processed) === '') {
        emptyContinuation = true;
        continue;
      }
      let piece: string;
      [piece, endOfLine] = trimContinuation(processed);
      line += piece;
    }
    if (emptyContinuation) warnings.push(`[WARNING]: Empty continuation line found in:\n    ${line}`);
    let node: Node;
    try {
      node = nodeFromLine(line, d.escapeToken);
    } catch (e) {
      return fail(e, startLine);
    }
    node.startLine = startLine;
    node.endLine = current;
    nodes.push(node);
  }
  if (warnings.length) warnings.push('[WARNING]: Empty continuation lines will become errors in a future release.');
  if (nodes.length === 0) fail(new Error('file with no instructions'), current);
  // the scanner's error comes after the instructions read before it (and only if there were some)
  if (tooLong) fail(new Error(`dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`), current + 1);
  return { nodes, escapeToken: d.escapeToken, warnings };
}

/** splitCommand + dispatch to the instruction's line parser. */
function nodeFromLine(line: string, escape: string): Node {
  const trimmed = trimGoSpace(line);
  const m = RE_WHITESPACE.exec(trimmed);
  const cmd = (m ? trimmed.slice(0, m.index) : trimmed).toLowerCase();
  let rest = '';
  let flags: string[] = [];
  if (m) [rest, flags] = extractBuilderFlags(trimmed.slice(m.index + m[0].length));
  rest = trimGoSpace(rest);
  const node: Node = { value: cmd, original: line, flags, args: [], json: false, startLine: 0, endLine: 0 };
  const setMaybeJSON = (r: string) => {
    if (r === '') return;
    const j = parseJSON(r);
    if (j === NOT_STRING_ARRAY) throw new Error(NOT_STRING_ARRAY);
    if (j) {
      node.args = j;
      node.json = true;
    } else node.args = [r];
  };
  switch (cmd) {
    case 'cmd':
    case 'entrypoint':
    case 'run':
    case 'shell':
      setMaybeJSON(rest);
      break;
    case 'add':
    case 'copy':
    case 'volume': {
      const j = parseJSON(rest);
      if (j === NOT_STRING_ARRAY) throw new Error(NOT_STRING_ARRAY);
      if (j) {
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
      node.args = parseNameVal(rest, 'ENV', escape);
      break;
    case 'label':
      node.args = parseNameVal(rest, 'LABEL', escape);
      break;
    case 'maintainer':
    case 'stopsignal':
    case 'user':
    case 'workdir':
      node.args = rest === '' ? [] : [rest];
      break;
    case 'arg':
      node.args = parseWords(rest, escape);
      break;
    case 'healthcheck': {
      let sep = 0;
      while (sep < rest.length && !isGoSpace(rest[sep]!)) sep++;
      if (sep === 0) break;
      let next = sep;
      while (next < rest.length && isGoSpace(rest[next]!)) next++;
      const typ = rest.slice(0, sep);
      setMaybeJSON(rest.slice(next));
      node.args = [typ, ...node.args];
      break;
    }
    case 'onbuild': {
      if (rest === '') break;
      const child = nodeFromLine(rest, escape);
      node.args = [child.value, ...child.args];
      break;
    }
    default:
      // parseIgnore: the instruction is kept (and refused later as unknown)
      node.args = [''];
  }
  return node;
}

/** parseJSON: the arguments when `rest` is a JSON array of strings; NOT_STRING_ARRAY for other arrays. */
function parseJSON(rest: string): string[] | typeof NOT_STRING_ARRAY | undefined {
  const s = trimLeftGoSpace(rest);
  if (!s.startsWith('[')) return undefined;
  const r = decodeFirstValue(s);
  if (!r || !Array.isArray(r.value)) return undefined;
  const out: string[] = [];
  for (const v of r.value) {
    if (typeof v !== 'string') return NOT_STRING_ARRAY;
    out.push(v);
  }
  return out;
}

function whitespaceList(rest: string): string[] {
  return rest === '' ? [] : rest.split(new RegExp(RE_WHITESPACE.source, 'g'));
}

/** parseWords: words split on blanks; quotes and escapes are kept (removed later, at expansion). */
export function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  const chars = [...rest];
  for (let pos = 0; pos <= chars.length; pos++) {
    const end = pos === chars.length;
    let ch = end ? '' : chars[pos]!;
    if (phase === 'spaces') {
      if (end) break;
      if (isGoSpace(ch)) continue;
      phase = 'word';
    }
    if (end) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
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
        if (pos + 1 === chars.length) continue; // an escape token at the end of the line is dropped
        word += ch;
        pos++;
        ch = chars[pos]!;
      }
      word += ch;
      continue;
    }
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

/** parseNameVal: `KEY name value` (old form: the rest of the line is the value) or `name=value …`. */
function parseNameVal(rest: string, key: string, escape: string): string[] {
  const words = parseWords(rest, escape);
  if (words.length === 0) return [];
  if (!words[0]!.includes('=')) {
    const m = RE_WHITESPACE.exec(rest);
    if (!m) throw new Error(`${key} must have two arguments`);
    return [rest.slice(0, m.index), rest.slice(m.index + m[0].length)];
  }
  const out: string[] = [];
  for (const w of words) {
    const i = w.indexOf('=');
    if (i < 0) throw new Error(`Syntax error - can't find = in ${goQuote(w)}. Must be of the form: name=value`);
    out.push(w.slice(0, i), w.slice(i + 1));
  }
  return out;
}

/** extractBuilderFlags: the leading `--flag[=value]` words, then the rest of the line. */
function extractBuilderFlags(line: string): [string, string[]] {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  for (let pos = 0; pos <= line.length; pos++) {
    const end = pos === line.length;
    let ch = end ? '' : line[pos]!;
    if (phase === 'spaces') {
      if (end) break;
      if (isGoSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === line.length || line[pos + 1] !== '-') return [line.slice(pos), words];
      phase = 'word';
    }
    if (end) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
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
