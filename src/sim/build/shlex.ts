/**
 * Variable expansion and word splitting in Dockerfile arguments: buildkit's
 * frontend/dockerfile/shell Lex (ProcessWord / ProcessWords) as vendored in moby
 * 20.10.24. `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR:+word}`, `${VAR?msg}`,
 * `${VAR:?msg}`; single and double quotes are removed; the escape token escapes.
 * Errors are ExpandError with buildkit's text ("failed to process …: …").
 */
import { goQuote, isGoSpace } from './goText.ts';

export class ExpandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpandError';
  }
}

/** BuildEnvs: `K=V` strings to a map (a later key wins; `K` alone is ''). */
export function buildEnvs(env: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env) {
    const i = e.indexOf('=');
    if (i < 0) m.set(e, '');
    else m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

/** ProcessWord: the word with variables expanded and quotes removed. */
export function processWord(word: string, env: readonly string[], escapeToken = '\\'): string {
  return new ShellWord(word, buildEnvs(env), escapeToken).process().word;
}

/** ProcessWords: the expanded word split on blanks (quoted blanks kept). */
export function processWords(word: string, env: readonly string[], escapeToken = '\\'): string[] {
  return new ShellWord(word, buildEnvs(env), escapeToken).process().words;
}

const EOF = undefined;
const isDigit = (c: string): boolean => /^\p{Nd}$/u.test(c);
const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);

class Words {
  word = '';
  words: string[] = [];
  inWord = false;

  addChar(ch: string): void {
    if (isGoSpace(ch) && this.inWord) {
      if (this.word.length !== 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else if (!isGoSpace(ch)) this.addRawChar(ch);
  }

  addRawChar(ch: string): void {
    this.word += ch;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  addRawString(s: string): void {
    this.word += s;
    this.inWord = true;
  }

  get(): string[] {
    if (this.word.length > 0) {
      this.words.push(this.word);
      this.word = '';
      this.inWord = false;
    }
    return this.words;
  }
}

class ShellWord {
  readonly #source: string;
  readonly #chars: string[];
  #pos = 0;
  readonly #envs: Map<string, string>;
  readonly #escape: string;

  constructor(source: string, envs: Map<string, string>, escape: string) {
    this.#source = source;
    this.#chars = [...source];
    this.#envs = envs;
    this.#escape = escape;
  }

  #peek(): string | undefined {
    return this.#chars[this.#pos];
  }

  #next(): string | undefined {
    return this.#chars[this.#pos++];
  }

  process(): { word: string; words: string[] } {
    try {
      return this.#stopOn(EOF);
    } catch (e) {
      if (e instanceof ExpandError) throw new ExpandError(`failed to process ${goQuote(this.#source)}: ${e.message}`);
      throw e;
    }
  }

  #stopOn(stop: string | undefined): { word: string; words: string[] } {
    let result = '';
    const words = new Words();
    while (this.#peek() !== EOF) {
      const ch = this.#peek()!;
      if (stop !== EOF && ch === stop) {
        this.#next();
        return { word: result, words: words.get() };
      }
      if (ch === "'" || ch === '"' || ch === '$') {
        const tmp = ch === "'" ? this.#singleQuote() : ch === '"' ? this.#doubleQuote() : this.#dollar();
        result += tmp;
        if (ch === '$') words.addString(tmp);
        else words.addRawString(tmp);
        continue;
      }
      let c = this.#next()!;
      if (c === this.#escape) {
        const escaped = this.#next();
        if (escaped === EOF) break;
        c = escaped;
        words.addRawChar(c);
      } else words.addChar(c);
      result += c;
    }
    if (stop !== EOF) throw new ExpandError(`unexpected end of statement while looking for matching ${stop}`);
    return { word: result, words: words.get() };
  }

  #singleQuote(): string {
    let result = '';
    this.#next();
    for (;;) {
      const ch = this.#next();
      if (ch === EOF) throw new ExpandError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return result;
      result += ch;
    }
  }

  #doubleQuote(): string {
    let result = '';
    this.#next();
    for (;;) {
      const p = this.#peek();
      if (p === EOF) throw new ExpandError('unexpected end of statement while looking for matching double-quote');
      if (p === '"') {
        this.#next();
        return result;
      }
      if (p === '$') {
        result += this.#dollar();
        continue;
      }
      let ch = this.#next()!;
      if (ch === this.#escape) {
        const n = this.#peek();
        if (n === EOF) continue; // a trailing escape is dropped
        if (n === '"' || n === '$' || n === this.#escape) ch = this.#next()!;
      }
      result += ch;
    }
  }

  #getEnv(name: string): [string, boolean] {
    return this.#envs.has(name) ? [this.#envs.get(name)!, true] : ['', false];
  }

  #dollar(): string {
    this.#next();
    if (this.#peek() !== '{') {
      const name = this.#name();
      if (name === '') return '$';
      return this.#getEnv(name)[0];
    }
    this.#next();
    const c = this.#peek();
    if (c === EOF) throw new ExpandError("syntax error: missing '}'");
    if (c === '{' || c === '}' || c === ':') throw new ExpandError('syntax error: bad substitution');
    const name = this.#name();
    const ch = this.#next();
    if (ch === '}') return this.#getEnv(name)[0];
    const sub = (): string => {
      try {
        return this.#stopOn('}').word;
      } catch (e) {
        if (e instanceof ExpandError && this.#peek() === EOF) throw new ExpandError("syntax error: missing '}'");
        throw e;
      }
    };
    if (ch === '?') {
      const word = sub();
      const [value, found] = this.#getEnv(name);
      if (!found) throw new ExpandError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
      return value;
    }
    if (ch === ':') {
      const modifier = this.#next();
      const word = sub();
      const [value, found] = this.#getEnv(name);
      switch (modifier) {
        case '+':
          return value !== '' ? word : value;
        case '-':
          return value === '' ? word : value;
        case '?':
          if (!found) throw new ExpandError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
          if (value === '') throw new ExpandError(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
          return value;
        default:
          // %c of the rune read (EOF is -1 in Go: U+FFFD)
          throw new ExpandError(`unsupported modifier (${modifier ?? '\ufffd'}) in substitution`);
      }
    }
    throw new ExpandError("missing ':' in substitution");
  }

  /** A name: letters, digits and _, or all digits, or one special parameter. */
  #name(): string {
    let name = '';
    while (this.#peek() !== EOF) {
      const ch = this.#peek()!;
      if (name.length === 0 && isDigit(ch)) {
        while (this.#peek() !== EOF && isDigit(this.#peek()!)) name += this.#next();
        return name;
      }
      if (name.length === 0 && '@*#?-$!0'.includes(ch)) {
        this.#next();
        return ch;
      }
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break;
      name += this.#next();
    }
    return name;
  }
}
