/**
 * The learner's terminal: a small bash on the simulated Docker host, driven by
 * raw keystrokes (what xterm.js onData delivers) and writing what a terminal
 * shows. No DOM here: the page connects it to xterm.js, tests read its output.
 *
 * At the prompt keys go to the line editor. While a command runs, keys go to it
 * unchanged when it holds a TTY session (docker run/exec -it, attach): the
 * container's terminal echoes them and handles ^C ^D ^P^Q. Otherwise the host
 * terminal's line discipline applies: ^C interrupts the command (status 130),
 * typed text is echoed and kept for the next prompt (or for a command reading
 * its standard input).
 */
import type { Simulator } from '../../sim/simulator.ts';
import { type Candidate, commonPrefix, complete } from './complete.ts';
import { runLine } from './exec.ts';
import { columns } from './files.ts';
import { isPrintable, splitKeys } from './keys.ts';
import { LineEditor } from './lineEditor.ts';
import { parse } from './parse.ts';
import type { LogEvent } from './record.ts';
import { type Command, HOSTNAME, type HostState, type ReadMode, type Runtime, newState, promptDir } from './runtime.ts';
import type { Sink, Source } from './streams.ts';
import { type Lang, texts } from './texts.ts';
import { charWidth } from './width.ts';

export interface ShellOptions {
  sim: Simulator;
  /** Receives everything the terminal shows (text with escape sequences, "\r\n" line ends). */
  write: (s: string) => void;
  lang?: Lang;
  cols?: number;
  rows?: number;
  /** After each command line (typed or run()), with its exit status. */
  onCommand?: (line: string, exitCode: number) => void;
  /** When the shell starts or stops being busy (a command running or queued). */
  onBusy?: (busy: boolean) => void;
  /** Commands that replace the simulated host's own (Runtime.commands). */
  commands?: Readonly<Record<string, Command>>;
}

interface Job {
  readonly abort: AbortController;
  interrupted: boolean;
  interrupt: () => void;
}

interface Reader {
  mode: ReadMode;
  onData: (data: string) => void;
  onEnd: () => void;
}

/** How much of what was written is kept for a terminal connected later. */
const TRANSCRIPT_LIMIT = 1 << 20;

export class Shell {
  readonly sim: Simulator;
  readonly lang: Lang;
  /** The shell's variables, working directory and $?. */
  readonly state: HostState = newState();
  /** Every input() and run(), with its simulated time (see record.ts). */
  readonly log: LogEvent[] = [];

  #write: (s: string) => void;
  readonly #onCommand: ShellOptions['onCommand'];
  readonly #onBusy: ShellOptions['onBusy'];
  readonly #commands: ShellOptions['commands'];
  #cols: number;
  #rows: number;
  readonly #history: string[] = [];
  readonly #lines: string[] = [];
  readonly #editor: LineEditor;
  #started = false;
  #mode: 'prompt' | 'busy' = 'prompt';
  #wasBusy = false;
  /** Lines of a command continued with PS2 ("> "). */
  #continuation = '';
  /** What the user had typed when run() took the prompt: given back at the next prompt. */
  #draft = '';
  readonly #queue: Array<{ line: string; resolve: (status: number) => void }> = [];
  /** Keys typed while a command ran and nobody read them (already echoed): for the next prompt. */
  #pending = '';
  /** The line being typed while a command runs (host line discipline, echoed). */
  #canon = '';
  #job: Job | undefined;
  #reader: Reader | undefined;
  readonly #resizeListeners = new Set<(cols: number, rows: number) => void>();
  #lastWasTab = false;
  #col = 0;
  #lastCR = false;
  #transcript: string[] = [];
  #transcriptSize = 0;
  readonly #idleWaiters: Array<() => void> = [];

  constructor(opts: ShellOptions) {
    this.sim = opts.sim;
    this.lang = opts.lang ?? 'zh-CN';
    this.#write = opts.write;
    this.#onCommand = opts.onCommand;
    this.#onBusy = opts.onBusy;
    this.#commands = opts.commands;
    this.#cols = Math.max(2, opts.cols ?? 80);
    this.#rows = Math.max(1, opts.rows ?? 24);
    this.#editor = new LineEditor({ write: (s) => this.#emit(s), cols: () => this.#cols, history: this.#history });
  }

  // ---- public API ----

  /** The prompt as bash shows it for root: `root@classroom:~# `. */
  get prompt(): string {
    return `root@${HOSTNAME}:${promptDir(this.state.cwd)}# `;
  }

  /** Whether a command is running or waiting to run. */
  get busy(): boolean {
    return this.#mode === 'busy' || this.#queue.length > 0;
  }

  get cols(): number {
    return this.#cols;
  }

  get rows(): number {
    return this.#rows;
  }

  /** The command lines run so far, in order (typed or run()): for a share link. */
  commandLines(): string[] {
    return this.#lines.slice();
  }

  /** Lines in the history (what ↑ and `history` show). */
  history(): string[] {
    return this.#history.slice();
  }

  /** Writes the first prompt (once). input() and run() start the shell by themselves. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#showPrompt();
  }

  /**
   * Sends the terminal's output to `write` from now on, after replaying what
   * was written so far. Returns a function that disconnects it again.
   */
  connect(write: (s: string) => void): () => void {
    for (const chunk of this.#transcript) write(chunk);
    this.#write = write;
    return () => {
      if (this.#write === write) this.#write = () => {};
    };
  }

  /** Raw keystrokes, exactly as xterm.js onData delivers them. */
  input(data: string): void {
    this.log.push({ at: this.sim.clock.now(), kind: 'input', data });
    if (!this.#started) this.start();
    if (this.#mode === 'busy') this.#busyInput(data);
    else this.#editKeys(data, false);
  }

  /**
   * Runs a command line as if typed at the prompt (shown after the prompt);
   * waits for the commands before it. Resolves with its exit status when the
   * prompt is back.
   */
  run(line: string): Promise<number> {
    this.log.push({ at: this.sim.clock.now(), kind: 'run', data: line });
    return new Promise((resolve) => {
      this.#queue.push({ line, resolve });
      this.#busyChanged();
      if (!this.#started) this.start();
      else if (this.#mode === 'prompt') this.#runQueued();
    });
  }

  /** The terminal's size changed (xterm.js fit). */
  resize(cols: number, rows: number): void {
    if (cols === this.#cols && rows === this.#rows) return;
    this.#cols = Math.max(2, cols);
    this.#rows = Math.max(1, rows);
    if (this.#mode === 'prompt') this.#editor.reflow();
    for (const cb of [...this.#resizeListeners]) cb(this.#cols, this.#rows);
  }

  /** Resolves when the prompt is back with nothing running, queued or typed ahead. */
  whenIdle(): Promise<void> {
    if (this.#started && !this.busy && !this.#pending) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  // ---- output ----

  /** Writes to the terminal as is (escape sequences of the line editor, a TTY session's output). */
  #emit(s: string): void {
    if (!s) return;
    this.#track(s);
    this.#transcript.push(s);
    this.#transcriptSize += s.length;
    while (this.#transcriptSize > TRANSCRIPT_LIMIT && this.#transcript.length > 1) this.#transcriptSize -= this.#transcript.shift()!.length;
    this.#write(s);
  }

  /** Writes command output: a "\n" not preceded by "\r" becomes "\r\n" (the host terminal's ONLCR; never doubled). */
  #print(s: string): void {
    if (!s) return;
    let t = s.replace(/(?<!\r)\n/g, '\r\n');
    if (this.#lastCR && s[0] === '\n') t = t.slice(1);
    this.#emit(t);
  }

  /** Follows the cursor column through what is written (where the next prompt starts). */
  #track(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\x1b') {
        const n = s[i + 1];
        if (n === '[') {
          let j = i + 2;
          while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x3f) j++;
          const params = s.slice(i + 2, j);
          const final = s[j];
          const num = Number.parseInt(params, 10);
          if (final === 'H' || final === 'f') this.#col = Math.max(0, (Number.parseInt(params.split(';')[1] ?? '1', 10) || 1) - 1);
          else if (final === 'G') this.#col = Math.max(0, (num || 1) - 1);
          else if (final === 'C') this.#col = Math.min(this.#cols - 1, this.#col + (num || 1));
          else if (final === 'D') this.#col = Math.max(0, this.#col - (num || 1));
          i = j;
        } else if (n === ']') {
          let j = i + 2;
          while (j < s.length && s[j] !== '\x07' && !(s[j] === '\x1b' && s[j + 1] === '\\')) j++;
          i = s[j] === '\x1b' ? j + 1 : j;
        } else i++;
        continue;
      }
      if (c === '\r') this.#col = 0;
      else if (c === '\b') this.#col = Math.max(0, Math.min(this.#col, this.#cols - 1) - 1);
      else if (c === '\t') this.#col = Math.min(this.#cols - 1, (Math.floor(this.#col / 8) + 1) * 8);
      else if (c !== '\n') {
        const w = charWidth(s.codePointAt(i)!);
        if (w === 0) continue;
        if (this.#col + w > this.#cols) this.#col = 0;
        this.#col += w;
        if (s.codePointAt(i)! > 0xffff) i++;
      }
    }
    this.#lastCR = s.endsWith('\r');
  }

  /** Column where the next prompt starts (a full row wraps first). */
  #originCol(): number {
    return this.#col >= this.#cols ? 0 : this.#col;
  }

  // ---- the prompt ----

  #showPrompt(): void {
    this.#mode = 'prompt';
    this.#editor.begin(this.prompt, this.#originCol(), this.#draft);
    this.#draft = '';
    if (this.#queue.length) {
      this.#runQueued();
      return;
    }
    const typed = this.#pending + this.#canon;
    this.#pending = '';
    this.#canon = '';
    if (typed) this.#editKeys(typed, true);
    if (this.#mode === 'prompt') {
      this.#busyChanged();
      for (const w of this.#idleWaiters.splice(0)) w();
    }
  }

  #editKeys(data: string, typedAhead: boolean): void {
    const keys = splitKeys(data);
    for (let i = 0; i < keys.length; i++) {
      if (this.#mode !== 'prompt') {
        const rest = keys.slice(i).join('');
        if (typedAhead) this.#pending = rest + this.#pending;
        else this.#busyInput(rest);
        return;
      }
      const k = keys[i]!;
      const action = this.#editor.key(k);
      const wasTab = this.#lastWasTab;
      this.#lastWasTab = action === 'complete';
      switch (action) {
        case 'enter':
          this.#enter();
          break;
        case 'complete':
          this.#complete(wasTab);
          break;
        case 'interrupt':
          this.#editor.toEnd();
          this.#emit('^C\r\n');
          this.#continuation = '';
          this.state.status = 130;
          this.#showPrompt();
          break;
        case 'eof':
          this.#editor.toEnd();
          if (this.#continuation) {
            this.#continuation = '';
            this.#print('\nbash: syntax error: unexpected end of file\n');
            this.state.status = 2;
          } else this.#print(`\n${texts(this.lang).eofHint}\n`);
          this.#showPrompt();
          break;
        case 'clear':
          this.#emit('\x1b[H\x1b[2J');
          this.#col = 0;
          this.#editor.redraw(0);
          break;
        case undefined:
          break;
      }
    }
  }

  #enter(): void {
    const text = this.#editor.text;
    this.#editor.toEnd();
    this.#emit('\r\n');
    const full = this.#continuation ? `${this.#continuation}\n${text}` : text;
    if (parse(full).kind === 'incomplete') {
      this.#continuation = full;
      this.#editor.begin('> ', 0);
      return;
    }
    this.#continuation = '';
    if (full.trim() === '') {
      this.#showPrompt();
      return;
    }
    this.#remember(full);
    void this.#execute(full);
  }

  #remember(line: string): void {
    if (line.trim() === '') return;
    this.#lines.push(line);
    // HISTCONTROL=ignoreboth, as Debian's .bashrc sets it.
    if (!line.startsWith(' ') && this.#history[this.#history.length - 1] !== line) this.#history.push(line);
  }

  #runQueued(): void {
    const next = this.#queue.shift()!;
    if (this.#continuation) {
      this.#editor.toEnd();
      this.#emit('\r\n');
      this.#continuation = '';
      this.#editor.begin(this.prompt, 0);
    }
    this.#draft = this.#editor.text;
    this.#editor.setText(next.line);
    this.#editor.toEnd();
    this.#emit('\r\n');
    this.#remember(next.line);
    void this.#execute(next.line, next.resolve);
  }

  #complete(secondTab: boolean): void {
    const ed = this.#editor;
    const c = complete(ed.text, ed.cursor, { sim: this.sim, cwd: this.state.cwd });
    const values = c.candidates.map((x) => x.value);
    if (values.length === 0) {
      this.#emit('\x07');
      return;
    }
    if (values.length === 1) {
      const only = c.candidates[0]!;
      ed.replace(c.start, ed.cursor, escapeWord(only.value) + (only.partial ? '' : ' '));
      return;
    }
    const prefix = commonPrefix(values);
    if (prefix.length > c.word.length) {
      ed.replace(c.start, ed.cursor, escapeWord(prefix));
      return;
    }
    if (!secondTab) {
      this.#emit('\x07');
      return;
    }
    this.#showCandidates(c.candidates);
  }

  /** Lists the candidates below the line, like bash on the second Tab, then the prompt again. */
  #showCandidates(candidates: Candidate[]): void {
    this.#editor.toEnd();
    this.#emit('\r\n');
    this.#print(columns(candidates.map((x) => x.display), this.#cols));
    this.#editor.redraw(this.#originCol());
  }

  // ---- running commands ----

  async #execute(line: string, resolve?: (status: number) => void): Promise<void> {
    this.#mode = 'busy';
    this.#busyChanged();
    let interrupt = () => {};
    const interrupted = new Promise<number>((r) => (interrupt = () => r(130)));
    const job: Job = { abort: new AbortController(), interrupted: false, interrupt };
    this.#job = job;
    const stdio = { in: this.#terminalSource(job), out: this.#terminalSink(job), err: this.#terminalSink(job) };
    const work = runLine(line, { rt: this.#runtime(job), signal: job.abort.signal }, this.state, stdio).catch((e: unknown) => {
      if (job.interrupted) return 130;
      stdio.err.write(`bash: internal error of the simulated host: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    });
    let status = await Promise.race([work, interrupted]);
    if (job.interrupted) status = 130;
    this.#job = undefined;
    this.#reader = undefined;
    this.state.status = status;
    try {
      this.#onCommand?.(line, status);
    } catch (e) {
      // A listener's bug must not take the terminal down: report it, go on.
      queueMicrotask(() => {
        throw e;
      });
    }
    resolve?.(status);
    this.#showPrompt();
  }

  /** ^C while a command runs without a TTY session: the client gets SIGINT, the shell takes over at once. */
  #interrupt(job: Job): void {
    this.#emit('^C\r\n');
    this.#pending = '';
    this.#canon = '';
    job.interrupted = true;
    job.abort.abort(new DOMException('interrupted', 'AbortError'));
    job.interrupt();
  }

  #rawReader(): Reader | undefined {
    return this.#reader?.mode === 'raw' ? this.#reader : undefined;
  }

  #busyInput(data: string): void {
    const raw = this.#rawReader();
    if (raw) {
      raw.onData(data);
      return;
    }
    for (const k of splitKeys(data)) {
      const job = this.#job;
      if (!job) {
        // The command ended within this batch of keys: the rest is for the prompt.
        this.#pending += k;
        continue;
      }
      const r = this.#rawReader();
      if (r) r.onData(k);
      else this.#cooked(k, job);
    }
  }

  /** The host terminal's canonical mode: echo, erase, kill, lines, EOF, ^C. */
  #cooked(k: string, job: Job): void {
    switch (k) {
      case '\x03':
        this.#interrupt(job);
        return;
      case '\r':
      case '\n': {
        this.#emit('\r\n');
        const line = this.#canon;
        this.#canon = '';
        if (this.#reader) this.#reader.onData(`${line}\n`);
        else this.#pending += `${line}\r`;
        return;
      }
      case '\x04': {
        const line = this.#canon;
        this.#canon = '';
        if (this.#reader) {
          if (line === '') this.#reader.onEnd();
          else this.#reader.onData(line);
        } else this.#pending += `${line}\x04`;
        return;
      }
      case '\x7f':
      case '\b': {
        if (!this.#canon) return;
        const chars = [...this.#canon];
        const last = chars.pop()!;
        this.#canon = chars.join('');
        const w = charWidth(last.codePointAt(0)!);
        this.#emit(w === 2 ? '\b\b  \b\b' : w === 1 ? '\b \b' : '');
        return;
      }
      case '\x15':
        for (const ch of [...this.#canon].reverse()) this.#emit(charWidth(ch.codePointAt(0)!) === 2 ? '\b\b  \b\b' : '\b \b');
        this.#canon = '';
        return;
      default:
        this.#canon += k;
        if (isPrintable(k)) this.#emit(k);
    }
  }

  #openReader(job: Job, mode: ReadMode, onData: (d: string) => void, onEnd: () => void): () => void {
    if (this.#job !== job) return () => {};
    const reader: Reader = { mode, onData, onEnd };
    this.#reader = reader;
    if (mode === 'raw') {
      // Switching to raw mode: what was typed ahead becomes readable as it is.
      const typed = this.#pending + this.#canon;
      this.#pending = '';
      this.#canon = '';
      if (typed) queueMicrotask(() => this.#reader === reader && onData(typed));
    } else if (this.#pending) {
      const typed = this.#pending;
      this.#pending = '';
      queueMicrotask(() => {
        if (this.#reader !== reader) {
          this.#pending = typed + this.#pending;
          return;
        }
        for (const part of typed.split(/(?<=[\r\x04])/)) {
          if (part.endsWith('\r')) onData(`${part.slice(0, -1)}\n`);
          else if (part.endsWith('\x04')) {
            if (part.length > 1) onData(part.slice(0, -1));
            else onEnd();
          } else this.#canon = part + this.#canon;
        }
      });
    }
    return () => {
      if (this.#reader === reader) this.#reader = undefined;
    };
  }

  #terminalSink(job: Job): Sink {
    const dec = new TextDecoder();
    return {
      tty: true,
      write: (d) => {
        if (this.#job !== job) return;
        this.#print(typeof d === 'string' ? d : dec.decode(d, { stream: true }));
      },
      end: () => {},
    };
  }

  #terminalSource(job: Job): Source {
    return {
      tty: true,
      read: (onData, onEnd) => this.#openReader(job, 'cooked', onData, onEnd),
    };
  }

  #runtime(job: Job): Runtime {
    return {
      sim: this.sim,
      lang: this.lang,
      history: this.#history,
      size: () => ({ cols: this.#cols, rows: this.#rows }),
      terminal: { out: this.#terminalSink(job), err: this.#terminalSink(job), in: this.#terminalSource(job) },
      openReader: (mode, onData, onEnd) => this.#openReader(job, mode, onData, onEnd),
      onResize: (cb) => {
        this.#resizeListeners.add(cb);
        return () => this.#resizeListeners.delete(cb);
      },
      ...(this.#commands ? { commands: this.#commands } : {}),
    };
  }

  #busyChanged(): void {
    const b = this.busy;
    if (b === this.#wasBusy) return;
    this.#wasBusy = b;
    this.#onBusy?.(b);
  }
}

/** Backslash-escapes what the shell would otherwise take apart (a file name with a blank). */
function escapeWord(s: string): string {
  return s.replace(/([ \t'"\\$`|&;<>()*?#!{}[\]])/g, '\\$1');
}
