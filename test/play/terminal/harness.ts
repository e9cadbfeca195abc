/** Test harness: a Shell over a fresh simulator, a tiny screen model, and the virtual clock driven by hand. */
import { macrotask } from '../../../src/sim/clock.ts';
import { outsideWork } from '../../../src/sim/outside.ts';
import { createSimulator, type Simulator } from '../../../src/sim/simulator.ts';
import { Shell } from '../../../src/play/terminal/shell.ts';
import { charWidth } from '../../../src/play/terminal/width.ts';

/**
 * Enough of a VT100 to read what the learner would see: printable text with
 * auto-wrap, CR, LF, BS, TAB, and the CSI sequences the shell and busybox use
 * (cursor moves, erase in display/line); everything else is ignored.
 */
export class Screen {
  lines: string[][] = [[]];
  row = 0;
  col = 0;
  readonly cols: number;
  #pendingWrap = false;

  constructor(cols: number) {
    this.cols = cols;
  }

  #line(r: number): string[] {
    while (this.lines.length <= r) this.lines.push([]);
    return this.lines[r]!;
  }

  write(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\x1b') {
        if (s[i + 1] === '[') {
          let j = i + 2;
          while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x3f) j++;
          this.#csi(s.slice(i + 2, j), s[j] ?? '');
          i = j;
        } else if (s[i + 1] === ']') {
          while (i < s.length && s[i] !== '\x07') i++;
        } else i++;
        continue;
      }
      if (c === '\r') {
        this.col = 0;
        this.#pendingWrap = false;
      } else if (c === '\n') {
        this.row++;
        this.#line(this.row);
        this.#pendingWrap = false;
      } else if (c === '\b') {
        if (this.#pendingWrap) this.#pendingWrap = false;
        else this.col = Math.max(0, this.col - 1);
      } else if (c === '\t') this.col = Math.min(this.cols - 1, (Math.floor(this.col / 8) + 1) * 8);
      else if (c >= ' ') {
        const ch = s.codePointAt(i)! > 0xffff ? s.slice(i, i + 2) : c;
        i += ch.length - 1;
        const w = charWidth(ch.codePointAt(0)!);
        if (this.#pendingWrap || this.col + w > this.cols) {
          this.row++;
          this.col = 0;
          this.#pendingWrap = false;
        }
        const line = this.#line(this.row);
        while (line.length < this.col) line.push(' ');
        line[this.col] = ch;
        // The second cell of a wide character.
        if (w === 2) line[this.col + 1] = '';
        if (this.col + w >= this.cols) {
          this.col = this.cols - 1;
          this.#pendingWrap = true;
        } else this.col += w;
      }
    }
  }

  #csi(params: string, final: string): void {
    const n = Number.parseInt(params, 10) || 1;
    this.#pendingWrap = false;
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.row += n;
        this.#line(this.row);
        break;
      case 'C':
        this.col = Math.min(this.cols - 1, this.col + n);
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'H':
        this.row = 0;
        this.col = 0;
        break;
      case 'J':
        if (params === '2' || params === '3') this.lines = this.lines.map(() => []);
        else {
          const line = this.#line(this.row);
          line.length = Math.min(line.length, this.col);
          this.lines.length = this.row + 1;
        }
        break;
      case 'K': {
        const line = this.#line(this.row);
        line.length = Math.min(line.length, this.col);
        break;
      }
      default:
    }
  }

  text(): string {
    return this.lines.map((l) => l.join('').replace(/\s+$/, '')).join('\n').replace(/\n+$/, '');
  }
}

/** Lets simulated time pass in small steps (waiting for real work such as digests) until `done` or `ms` are over. */
export async function advance(sim: Simulator, ms: number, done: () => boolean = () => false): Promise<void> {
  const clock = sim.clock;
  const end = clock.now() + ms;
  await macrotask();
  for (;;) {
    const io = outsideWork();
    if (io) {
      await io.catch(() => undefined);
      await macrotask();
      continue;
    }
    if (done()) return;
    const next = clock.nextAt();
    if (next === undefined || next > end) break;
    clock.step(end);
    await macrotask();
  }
  clock.runUntil(end);
  await macrotask();
}

export interface Session {
  sim: Simulator;
  shell: Shell;
  screen: Screen;
  /** Everything written, raw. */
  raw(): string;
  text(): string;
  /** Types keys, then lets time pass until the shell is idle (or `ms` have passed). */
  type(data: string, ms?: number): Promise<void>;
  /** Types keys and lets time pass until the screen shows `what`. */
  typeUntil(data: string, what: string | RegExp, ms?: number): Promise<void>;
  /** shell.run(line) driven to the end. */
  run(line: string, ms?: number): Promise<number>;
  /** Brings the clock to `at` (for replay). */
  advanceTo(at: number): Promise<void>;
}

export const COLS = 120;

export async function session(opts: { seed?: number; lang?: 'en' | 'zh-CN' } = {}): Promise<Session> {
  const sim = await createSimulator({ seed: opts.seed ?? 1 });
  let raw = '';
  const screen = new Screen(COLS);
  const shell = new Shell({
    sim,
    lang: opts.lang ?? 'en',
    cols: COLS,
    rows: 30,
    write: (s) => {
      raw += s;
      screen.write(s);
    },
  });
  shell.start();
  const idle = () => !shell.busy;
  const s: Session = {
    sim,
    shell,
    screen,
    raw: () => raw,
    text: () => screen.text(),
    async type(data, ms = 60_000) {
      shell.input(data);
      // The shell's docker command itself takes the client's 10 ms (COMMAND_LATENCY_MS, as in SimHost).
      await advance(sim, ms, idle);
    },
    async typeUntil(data, what, ms = 60_000) {
      shell.input(data);
      const seen = () => (typeof what === 'string' ? screen.text().includes(what) : what.test(screen.text()));
      await advance(sim, ms, seen);
      if (!seen()) throw new Error(`screen never showed ${String(what)}:\n${screen.text()}`);
    },
    async run(line, ms = 60_000) {
      let status: number | undefined;
      void shell.run(line).then((c) => (status = c));
      await advance(sim, ms, () => status !== undefined);
      if (status === undefined) throw new Error(`still running after ${ms} ms: ${line}\n${screen.text()}`);
      return status;
    },
    async advanceTo(at) {
      await advance(sim, Math.max(0, at - sim.clock.now()));
    },
  };
  return s;
}

/** The screen's last line (where the prompt is). */
export function lastLine(text: string): string {
  return text.slice(text.lastIndexOf('\n') + 1);
}
