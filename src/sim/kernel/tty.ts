/**
 * A pseudo-terminal with a small line discipline: echo (with ECHOCTL/ECHOE),
 * canonical line buffering, VERASE/VKILL editing, ISIG (^C -> SIGINT, ^\ -> SIGQUIT,
 * ^Z -> SIGTSTP to the foreground process group), VEOF (^D), ICRNL on input and
 * ONLCR ("\n" -> "\r\n") on output. `raw` turns off ICANON, ECHO and ISIG, as
 * busybox's line editor does while it reads a command line.
 */
import { Fd, type TtyLike, type Waker, type WriteResult } from './fd.ts';

export class Tty implements TtyLike {
  fgPgid = 0;
  raw = false;
  cols = 80;
  rows = 24;
  #line = '';
  /** Completed input: strings, or null for an EOF mark. */
  #queue: (string | null)[] = [];
  #hungUp = false;
  #waiters: Waker[] = [];
  readonly #out: (data: string) => void;
  readonly #signal: (pgid: number, sig: number) => void;

  constructor(out: (data: string) => void, signal: (pgid: number, sig: number) => void) {
    this.#out = out;
    this.#signal = signal;
  }

  /** Output path (OPOST|ONLCR). */
  write(data: string): void {
    if (data) this.#out(data.replace(/\n/g, '\r\n'));
  }

  /** Input arriving from the terminal (docker attach / exec -it). */
  input(data: string): void {
    if (this.#hungUp) return;
    for (const ch of data) {
      if (this.raw) {
        this.#push(ch);
        continue;
      }
      this.#cooked(ch);
    }
  }

  #cooked(chIn: string): void {
    let ch = chIn;
    if (ch === '\r') ch = '\n'; // ICRNL
    switch (ch) {
      case '\x03':
      case '\x1c':
      case '\x1a': {
        this.#echo(ch === '\x03' ? '^C' : ch === '\x1c' ? '^\\' : '^Z');
        this.#line = '';
        this.#signal(this.fgPgid, ch === '\x03' ? 2 : ch === '\x1c' ? 3 : 20);
        return;
      }
      case '\x04': // VEOF
        this.#queue.push(this.#line === '' ? null : this.#line);
        this.#line = '';
        this.#wake();
        return;
      case '\x7f':
      case '\b':
        if (this.#line) {
          const last = this.#line[this.#line.length - 1]!;
          this.#line = this.#line.slice(0, -1);
          this.#echo(last < ' ' ? '\b \b\b \b' : '\b \b');
        }
        return;
      case '\x15': // VKILL
        for (const c of this.#line) this.#echo(c < ' ' ? '\b \b\b \b' : '\b \b');
        this.#line = '';
        return;
      case '\n':
        this.#echo('\r\n');
        this.#queue.push(this.#line + '\n');
        this.#line = '';
        this.#wake();
        return;
      default:
        this.#line += ch;
        this.#echo(ch < ' ' && ch !== '\t' ? '^' + String.fromCharCode(ch.charCodeAt(0) + 64) : ch);
    }
  }

  #echo(s: string): void {
    this.#out(s);
  }

  #push(ch: string): void {
    const q = this.#queue;
    const last = q.length ? q[q.length - 1] : undefined;
    if (typeof last === 'string') q[q.length - 1] = last + ch;
    else q.push(ch);
    this.#wake();
  }

  /** Switches raw mode; pending canonical input becomes readable raw input. */
  setRaw(raw: boolean): void {
    if (raw === this.raw) return;
    this.raw = raw;
    if (raw && this.#line) {
      const l = this.#line;
      this.#line = '';
      for (const c of l) this.#push(c);
    }
  }

  tryRead(line: boolean): string | null | undefined {
    const q = this.#queue;
    if (!q.length) return this.#hungUp ? null : undefined;
    const head = q[0];
    if (head === null) {
      q.shift();
      return null;
    }
    if (this.raw || !line) {
      q.shift();
      return head;
    }
    const i = head!.indexOf('\n');
    if (i < 0 || i === head!.length - 1) {
      q.shift();
      return head!;
    }
    q[0] = head!.slice(i + 1);
    return head!.slice(0, i + 1);
  }

  waitReadable(w: Waker): Waker {
    this.#waiters.push(w);
    return () => {
      const i = this.#waiters.indexOf(w);
      if (i >= 0) this.#waiters.splice(i, 1);
    };
  }

  #wake(): void {
    const ws = this.#waiters.splice(0);
    for (const w of ws) w();
  }

  /** The other side went away: readers get EOF, the foreground group gets SIGHUP. */
  hangup(): void {
    if (this.#hungUp) return;
    this.#hungUp = true;
    this.#signal(this.fgPgid, 1);
    this.#wake();
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.#signal(this.fgPgid, 28);
  }
}

export class TtyFd extends Fd {
  readonly t: Tty;
  constructor(t: Tty) {
    super();
    this.t = t;
    this.readable = true;
    this.writable = true;
  }
  override tryRead(line: boolean): string | null | undefined {
    return this.t.tryRead(line);
  }
  override waitReadable(w: Waker): Waker {
    return this.t.waitReadable(w);
  }
  override write(data: string): WriteResult {
    this.t.write(data);
    return true;
  }
  override get tty(): Tty {
    return this.t;
  }
}
