/**
 * POSIX-shell word splitting for one line, without any expansion.
 *
 * Supported, as a POSIX shell reads them:
 *  - blanks (space, tab) separate words;
 *  - '…' single quotes: everything literal up to the next quote;
 *  - "…" double quotes: literal except that a backslash escapes \ " $ ` and a
 *    newline (any other backslash stays as it is);
 *  - an unquoted backslash escapes the next character (backslash-newline is
 *    a line continuation and disappears);
 *  - a `#` at the start of a word begins a comment that runs to the end;
 *  - unquoted operator characters (| & ; < > ( )) are returned as operator
 *    tokens by `tokenize`; `split` refuses them.
 *
 * Nothing is expanded: `$HOME`, `~`, `*` and backticks stay literal.
 */

export class ShellwordsError extends Error {
  /** 0-based character offset in the line where the problem starts. */
  offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'ShellwordsError';
    this.offset = offset;
  }
}

export type Token = { kind: 'word'; value: string } | { kind: 'op'; value: string };

const OPERATOR_CHARS = new Set(['|', '&', ';', '<', '>', '(', ')']);
/** Longest-first list of the operators a POSIX shell recognises. */
const OPERATORS = ['&&', '||', ';;', '<<', '>>', '<&', '>&', '<>', '>|', '|', '&', ';', '<', '>', '(', ')'];

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Splits a line into words and operator tokens. Throws ShellwordsError on unterminated quotes. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  let word = '';
  let inWord = false; // true once the current word has started (even if empty, e.g. '')

  const endWord = () => {
    if (inWord) tokens.push({ kind: 'word', value: word });
    word = '';
    inWord = false;
  };

  while (i < n) {
    const c = line[i]!; // i < n
    if (isBlank(c)) {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      break; // comment to end of line
    }
    if (OPERATOR_CHARS.has(c)) {
      endWord();
      const op = OPERATORS.find((o) => line.startsWith(o, i)) ?? c;
      tokens.push({ kind: 'op', value: op });
      i += op.length;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= n) {
        // A trailing backslash: a shell would wait for a continuation line.
        throw new ShellwordsError('unexpected end of line after backslash', i);
      }
      const next = line[i + 1];
      if (next === '\n') {
        i += 2; // line continuation
        continue;
      }
      word += next;
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new ShellwordsError('unterminated single quote', i);
      word += line.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const start = i;
      i++;
      inWord = true;
      let closed = false;
      while (i < n) {
        const d = line[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          const e = line[i + 1];
          if (e === '\\' || e === '"' || e === '$' || e === '`') {
            word += e;
            i += 2;
            continue;
          }
          if (e === '\n') {
            i += 2;
            continue;
          }
          word += d;
          i++;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) throw new ShellwordsError('unterminated double quote', start);
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  endWord();
  return tokens;
}

/**
 * Splits a line into words. Throws ShellwordsError on unterminated quotes and
 * on unquoted shell operators (pipes, redirections, &&, ;, &, parentheses).
 */
export function split(line: string): string[] {
  const words: string[] = [];
  for (const t of tokenize(line)) {
    if (t.kind === 'op') {
      throw new ShellwordsError(`unquoted shell operator '${t.value}' is not supported (quote it to pass it literally)`, -1);
    }
    words.push(t.value);
  }
  return words;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word so that `split` (and a POSIX shell) gives it back unchanged. */
export function quoteWord(word: string): string {
  if (word === '') return "''";
  if (SAFE_WORD.test(word)) return word;
  return "'" + word.replace(/'/g, `'\\''`) + "'";
}

/** Re-quotes words for display: `split(quote(argv))` equals argv. */
export function quote(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}
