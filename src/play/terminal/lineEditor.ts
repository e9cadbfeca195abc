/**
 * The prompt's line editor (a small readline): insert and delete anywhere,
 * cursor keys, Home/End, Ctrl-A/E/B/F/U/K/W/Y, Alt-B/F, history with ↑/↓.
 * Long lines wrap: the cursor is moved by rows and columns computed from the
 * terminal width, so editing the middle of a wrapped line redraws correctly.
 * Enter, Tab, Ctrl-C, Ctrl-D and Ctrl-L are left to the shell (returned as actions).
 */
import { isPrintable } from './keys.ts';
import { type Cell, advance } from './width.ts';

export type EditorAction = 'enter' | 'complete' | 'interrupt' | 'eof' | 'clear';

export interface EditorOptions {
  write(s: string): void;
  cols(): number;
  /** Lines entered so far, oldest first (shared with the shell's `history`). */
  history: readonly string[];
}

export class LineEditor {
  text = '';
  /** Cursor as an index into `text` (UTF-16 units, always on a code point boundary). */
  cursor = 0;
  #prompt = '';
  #origin = 0;
  /** Where the terminal's cursor is, relative to the prompt's first cell. */
  #at: Cell = { row: 0, col: 0 };
  #histIndex = 0;
  #draft = '';
  #killed = '';
  readonly #o: EditorOptions;

  constructor(o: EditorOptions) {
    this.#o = o;
  }

  /** Writes the prompt (the terminal cursor is at column `originCol`) and starts a new line. */
  begin(prompt: string, originCol: number, text = ''): void {
    this.#prompt = prompt;
    this.#origin = originCol;
    this.text = text;
    this.cursor = text.length;
    this.#histIndex = this.#o.history.length;
    this.#draft = '';
    this.#at = { row: 0, col: originCol };
    this.#write(prompt + text, this.#at);
  }

  /** Handles one key; returns what the shell has to do, if anything. */
  key(k: string): EditorAction | undefined {
    switch (k) {
      case '\r':
      case '\n':
        return 'enter';
      case '\t':
        return 'complete';
      case '\x03':
        return 'interrupt';
      case '\x0c':
        return 'clear';
      case '\x04':
        if (this.text === '') return 'eof';
        this.#deleteForward();
        return undefined;
      case '\x7f':
      case '\b':
        this.#deleteBackward();
        return undefined;
      case '\x1b[3~':
        this.#deleteForward();
        return undefined;
      case '\x1b[D':
      case '\x1bOD':
      case '\x02':
        this.#moveTo(this.#prev(this.cursor));
        return undefined;
      case '\x1b[C':
      case '\x1bOC':
      case '\x06':
        this.#moveTo(this.#next(this.cursor));
        return undefined;
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x1b[7~':
      case '\x01':
        this.#moveTo(0);
        return undefined;
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x1b[8~':
      case '\x05':
        this.#moveTo(this.text.length);
        return undefined;
      case '\x1b[A':
      case '\x1bOA':
      case '\x10':
        this.#historyStep(-1);
        return undefined;
      case '\x1b[B':
      case '\x1bOB':
      case '\x0e':
        this.#historyStep(1);
        return undefined;
      case '\x15': // Ctrl-U: kill to the start of the line
        this.#kill(0, this.cursor);
        return undefined;
      case '\x0b': // Ctrl-K: kill to the end
        this.#kill(this.cursor, this.text.length);
        return undefined;
      case '\x17': // Ctrl-W: the blank-separated word before the cursor
        this.#kill(this.#wordStart(this.cursor, /\s/), this.cursor);
        return undefined;
      case '\x1b\x7f': // Alt-Backspace
        this.#kill(this.#wordStart(this.cursor, /[^A-Za-z0-9]/), this.cursor);
        return undefined;
      case '\x19': // Ctrl-Y: yank
        if (this.#killed) this.insert(this.#killed);
        return undefined;
      case '\x1bb':
      case '\x1b[1;5D':
      case '\x1b[1;3D':
        this.#moveTo(this.#wordStart(this.cursor, /[^A-Za-z0-9]/));
        return undefined;
      case '\x1bf':
      case '\x1b[1;5C':
      case '\x1b[1;3C':
        this.#moveTo(this.#wordEnd(this.cursor));
        return undefined;
      default:
        if (isPrintable(k)) this.insert(k);
        // Anything else (function keys, a terminal's answers such as "\x1b[5;1R") is ignored.
        return undefined;
    }
  }

  /** Inserts text at the cursor. */
  insert(s: string): void {
    this.replace(this.cursor, this.cursor, s);
  }

  /** Replaces text[start, end) with `s` and puts the cursor after it. */
  replace(start: number, end: number, s: string): void {
    const atEnd = end === this.text.length;
    this.text = this.text.slice(0, start) + s + this.text.slice(end);
    const cursor = start + s.length;
    if (atEnd && start === this.cursor && start === end) {
      // Typing at the end of the line: just echo.
      this.cursor = cursor;
      this.#write(s, this.#at);
      return;
    }
    this.#redrawFrom(Math.min(start, this.cursor), cursor, true);
  }

  /** Writes the prompt and the line again (after Ctrl-L or a completion list). */
  redraw(originCol = 0): void {
    this.#origin = originCol;
    this.#at = { row: 0, col: originCol };
    this.#write(this.#prompt + this.text, this.#at);
    this.#placeCursor(this.cursor);
  }

  /** Moves the terminal's cursor past the end of the line (before the shell prints a newline). */
  toEnd(): void {
    this.#placeCursor(this.text.length);
  }

  /** The terminal was resized (and has re-wrapped the line): recompute where the cursor is. */
  reflow(): void {
    this.#at = this.#cellOf(this.cursor);
  }

  /** Replaces the whole line (history, a programmatic command). */
  setText(text: string): void {
    this.text = text;
    this.#redrawFrom(0, text.length, true);
  }

  // ---- internals ----

  #cellOf(index: number): Cell {
    return advance({ row: 0, col: this.#origin }, this.#prompt + this.text.slice(0, index), this.#o.cols());
  }

  /** Writes `s` at the terminal cursor, which is at `from`, and tracks where it ends. */
  #write(s: string, from: Cell): void {
    if (!s) return;
    const end = advance(from, s, this.#o.cols());
    this.#o.write(s);
    // A line that ends exactly at the right margin leaves xterm's cursor in the
    // "pending wrap" state: make the wrap happen so that rows and columns agree.
    if (end.col === 0 && end.row > from.row) this.#o.write(' \b');
    this.#at = end;
  }

  #goTo(target: Cell): void {
    const dr = target.row - this.#at.row;
    let s = '';
    if (dr < 0) s += `\x1b[${-dr}A`;
    else if (dr > 0) s += `\x1b[${dr}B`;
    if (target.col !== this.#at.col || dr !== 0) {
      s += '\r';
      if (target.col > 0) s += `\x1b[${target.col}C`;
    }
    if (s) this.#o.write(s);
    this.#at = target;
  }

  #placeCursor(index: number): void {
    this.cursor = index;
    this.#goTo(this.#cellOf(index));
  }

  #moveTo(index: number): void {
    if (index === this.cursor) return;
    this.#placeCursor(index);
  }

  /** Redraws text[from…] and clears what was after it; then puts the cursor at `cursor`. */
  #redrawFrom(from: number, cursor: number, clear: boolean): void {
    this.#goTo(this.#cellOf(from));
    this.#write(this.text.slice(from), this.#at);
    if (clear) this.#o.write('\x1b[J');
    this.#placeCursor(cursor);
  }

  #prev(i: number): number {
    if (i <= 0) return 0;
    const c = this.text.charCodeAt(i - 1);
    return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? i - 2 : i - 1;
  }

  #next(i: number): number {
    if (i >= this.text.length) return this.text.length;
    const c = this.text.charCodeAt(i);
    return c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
  }

  #deleteBackward(): void {
    if (this.cursor === 0) return;
    const start = this.#prev(this.cursor);
    this.text = this.text.slice(0, start) + this.text.slice(this.cursor);
    this.#redrawFrom(start, start, true);
  }

  #deleteForward(): void {
    if (this.cursor >= this.text.length) return;
    const end = this.#next(this.cursor);
    this.text = this.text.slice(0, this.cursor) + this.text.slice(end);
    this.#redrawFrom(this.cursor, this.cursor, true);
  }

  #kill(start: number, end: number): void {
    if (start >= end) return;
    this.#killed = this.text.slice(start, end);
    this.text = this.text.slice(0, start) + this.text.slice(end);
    this.#redrawFrom(Math.min(start, this.cursor), start, true);
  }

  /** Start of the word before `i`: skip separators, then non-separators. */
  #wordStart(i: number, sep: RegExp): number {
    let j = i;
    while (j > 0 && sep.test(this.text[j - 1]!)) j--;
    while (j > 0 && !sep.test(this.text[j - 1]!)) j--;
    return j;
  }

  #wordEnd(i: number): number {
    const sep = /[^A-Za-z0-9]/;
    let j = i;
    while (j < this.text.length && sep.test(this.text[j]!)) j++;
    while (j < this.text.length && !sep.test(this.text[j]!)) j++;
    return j;
  }

  #historyStep(dir: -1 | 1): void {
    const h = this.#o.history;
    const to = this.#histIndex + dir;
    if (to < 0 || to > h.length) return;
    if (this.#histIndex === h.length) this.#draft = this.text;
    this.#histIndex = to;
    this.setText(to === h.length ? this.#draft : h[to]!);
  }
}
