/**
 * The script format shared by the simulator's runner and the real-engine
 * recorder (issue 2 §6):
 *
 *  - UTF-8 text (a leading BOM is ignored), LF or CRLF line ends;
 *  - blank lines and lines whose first non-blank character is `#` are skipped;
 *  - every other line is one step, one of
 *      docker ARGS…              POSIX quoting; no pipes, redirections, && or ;
 *      sleep N                   N a non-negative decimal (fractions allowed)
 *      timeout N docker ARGS…    exit code 124 if not done after N seconds (N > 0)
 *      < TEXT                    typed into a terminal while the docker step above runs
 *                                (TEXT then Enter); `<^D`, `<^C`, `<^P^Q` type control keys
 *      file PATH [--mode=NNNN] [--base64] <<WORD
 *                                writes a host file (a build context, a Dockerfile): the
 *                                lines after it up to a line that is exactly WORD, verbatim
 *                                (blank and `#` lines included), each ending in LF; with
 *                                --base64 they are base64 of the bytes (no LF added). PATH is
 *                                relative to the working directory, without `..`; missing
 *                                parent directories are made (0755); the file gets mode NNNN
 *                                (octal, default 0644). It prints nothing and exits 0.
 *
 * A docker step followed by `<` lines runs with a terminal as its stdin (so
 * `docker run -it` works): the lines are typed 0.1 s apart, once it is listening.
 * `argv` holds the arguments AFTER the word `docker` (so `docker ps -a` gives
 * `['ps', '-a']`). `text` is the line trimmed: it is what goes in a
 * transcript's `command` field.
 */
import { ShellwordsError, tokenize } from './shellwords.ts';

export type Step =
  | { line: number; text: string; kind: 'docker'; argv: string[]; timeout?: number; input?: string[] }
  | { line: number; text: string; kind: 'sleep'; seconds: number }
  | { line: number; text: string; kind: 'file'; path: string; data: Uint8Array; mode: number };

export class ScriptError extends Error {
  /** 1-based line number in the script. */
  line: number;
  /** The message without the line prefix. */
  reason: string;
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'ScriptError';
    this.line = line;
    this.reason = reason;
  }
}

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

function parseSeconds(word: string | undefined, what: string, line: number): number {
  if (word === undefined) throw new ScriptError(line, `${what} needs a number of seconds`);
  if (!DECIMAL.test(word)) {
    throw new ScriptError(line, `${what}: invalid number of seconds '${word}' (expected a non-negative decimal such as 2 or 0.5)`);
  }
  return Number(word);
}

/** Parses one non-blank, non-comment line. */
export function parseLine(raw: string, line: number): Step {
  const text = raw.trim();
  let words: string[];
  try {
    const tokens = tokenize(text);
    const op = tokens.find((t) => t.kind === 'op');
    if (op) {
      throw new ScriptError(
        line,
        `shell operator '${op.value}' is not allowed: a step is a single docker, sleep or timeout command ` +
          `(no pipes, redirections, && or ;). Quote it if it is an argument.`,
      );
    }
    words = tokens.map((t) => t.value);
  } catch (e) {
    if (e instanceof ShellwordsError) throw new ScriptError(line, e.message);
    throw e;
  }
  if (words.length === 0) throw new ScriptError(line, 'empty step');
  const [cmd, ...rest] = words;
  if (cmd === 'docker') {
    return { line, text, kind: 'docker', argv: rest };
  }
  if (cmd === 'sleep') {
    if (rest.length !== 1) throw new ScriptError(line, `sleep takes exactly one argument (seconds), got ${rest.length}`);
    return { line, text, kind: 'sleep', seconds: parseSeconds(rest[0], 'sleep', line) };
  }
  if (cmd === 'timeout') {
    const seconds = parseSeconds(rest[0], 'timeout', line);
    if (seconds === 0) throw new ScriptError(line, 'timeout 0 would disable the time limit; use a positive number of seconds');
    if (rest[1] !== 'docker') {
      throw new ScriptError(line, `timeout must be followed by a number and a docker command (timeout N docker …)`);
    }
    return { line, text, kind: 'docker', argv: rest.slice(2), timeout: seconds };
  }
  throw new ScriptError(line, `unknown step '${cmd}': expected 'docker …', 'sleep N', 'timeout N docker …' or 'file PATH <<WORD'`);
}

const CONTROL = /^(?:\^[A-Z@\[\\\]^_])+$/;

/**
 * What one `<` line types: `< TEXT` is TEXT and Enter (a carriage return, as a
 * terminal sends it); `<^D`, `<^P^Q` … are control keys without Enter.
 */
export function parseInput(raw: string, line: number): string {
  const text = raw.trim();
  if (!text.startsWith('<')) throw new ScriptError(line, `an input line starts with '<'`);
  const rest = text.slice(1);
  if (rest.startsWith(' ') || rest === '') return `${rest.slice(1)}\r`;
  if (CONTROL.test(rest)) {
    let out = '';
    for (let i = 1; i < rest.length; i += 2) out += String.fromCharCode(rest.charCodeAt(i) - 64);
    return out;
  }
  throw new ScriptError(line, `input line: write '< text' (text and Enter) or control keys such as '<^D' or '<^P^Q'`);
}

/** Whether a script line is a `<` input line (it belongs to the docker step above it). */
export function isInputLine(raw: string): boolean {
  return raw.trim().startsWith('<');
}

const FILE_HEAD = /^file\s+(\S+)((?:\s+--(?:mode=\S*|base64))*)\s+<<(\S+)$/;

/** The first line of a `file` step: where to write, how, and the word that ends the content. */
function parseFileHead(text: string, line: number): { path: string; mode: number; base64: boolean; end: string } {
  const m = FILE_HEAD.exec(text);
  if (!m) throw new ScriptError(line, `write a file step as 'file PATH [--mode=0644] [--base64] <<WORD', then its lines, then WORD`);
  const [, path = '', flags = '', end = ''] = m;
  if (path.startsWith('/') || path.split('/').some((p) => p === '..' || p === '')) {
    throw new ScriptError(line, `file: '${path}' must be a relative path inside the working directory (no leading '/', no '..', no '//')`);
  }
  let mode = 0o644;
  let base64 = false;
  for (const flag of flags.trim().split(/\s+/).filter(Boolean)) {
    if (flag === '--base64') base64 = true;
    else {
      const v = flag.slice('--mode='.length);
      if (!/^[0-7]{3,4}$/.test(v)) throw new ScriptError(line, `file: invalid --mode '${v}' (expected octal such as 0644 or 755)`);
      mode = parseInt(v, 8);
    }
  }
  return { path, mode, base64, end };
}

function decodeBase64(text: string, line: number): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new ScriptError(line, 'file --base64: the content is not valid base64');
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Parses a whole script. Throws ScriptError (with the 1-based line number) on the first broken line. */
export function parseScript(text: string): Step[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const steps: Step[] = [];
  const lines = src.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (/^file(\s|$)/.test(trimmed)) {
      const head = parseFileHead(trimmed, i + 1);
      const end = lines.indexOf(head.end, i + 1);
      if (end < 0) throw new ScriptError(i + 1, `file: no line '${head.end}' ends this file's content`);
      const body = lines.slice(i + 1, end);
      const data = head.base64 ? decodeBase64(body.join(''), i + 1) : new TextEncoder().encode(body.map((l) => `${l}\n`).join(''));
      steps.push({ line: i + 1, text: trimmed, kind: 'file', path: head.path, data, mode: head.mode });
      i = end;
      continue;
    }
    if (isInputLine(line)) {
      const last = steps[steps.length - 1];
      if (!last || last.kind !== 'docker') throw new ScriptError(i + 1, `an input line ('<') must follow a docker step`);
      (last.input ??= []).push(parseInput(line, i + 1));
      continue;
    }
    steps.push(parseLine(line, i + 1));
  }
  return steps;
}
