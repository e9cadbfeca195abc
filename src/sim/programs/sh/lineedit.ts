/**
 * busybox's line editor as the interactive shell uses it: the TTY goes raw, the
 * editor echoes what is typed itself (backspace as "\b\x1b[J"), ^C abandons the
 * line, ^D on an empty line is EOF, escape sequences (arrows, the terminal's
 * answer to "\x1b[6n") are swallowed.
 */
import { EINTR, type Op, type Proc } from '../../kernel/process.ts';

export const LINE_EOF = null;
export const LINE_INT = 1;

export class LineEditor {
  /** Input read past the end of the last line. */
  #rest = '';
  #esc = 0;

  *read(p: Proc, prompt: string): Generator<Op, string | null | typeof LINE_INT> {
    const tty = p.ctty;
    p.write(1, prompt + '\x1b[6n');
    tty?.setRaw(true);
    let buf = '';
    try {
      for (;;) {
        let chunk: string | null | typeof EINTR;
        if (this.#rest) {
          chunk = this.#rest;
          this.#rest = '';
        } else chunk = yield* p.read(0, false, false);
        if (chunk === null || chunk === EINTR) return buf === '' ? null : buf;
        for (let i = 0; i < chunk.length; i++) {
          const c = chunk[i]!;
          if (this.#esc) {
            // ESC [ params final: drop the whole sequence.
            if (this.#esc === 1) this.#esc = c === '[' || c === 'O' ? 2 : 0;
            else if (c >= '@' && c <= '~') this.#esc = 0;
            continue;
          }
          switch (c) {
            case '\x1b':
              this.#esc = 1;
              break;
            case '\r':
            case '\n':
              p.write(1, '\n');
              this.#rest = chunk.slice(i + 1);
              return buf;
            case '\x03':
              this.#rest = chunk.slice(i + 1);
              p.write(1, '^C');
              return LINE_INT;
            case '\x04':
              if (buf === '') {
                this.#rest = chunk.slice(i + 1);
                return null;
              }
              break;
            case '\x7f':
            case '\b':
              if (buf) {
                buf = buf.slice(0, -1);
                p.write(1, '\b\x1b[J');
              }
              break;
            case '\x15':
              if (buf) {
                p.write(1, '\b'.repeat(buf.length) + '\x1b[J');
                buf = '';
              }
              break;
            case '\x17': {
              const m = /\S*\s*$/.exec(buf);
              const n = m ? m[0].length : 0;
              if (n) {
                buf = buf.slice(0, buf.length - n);
                p.write(1, '\b'.repeat(n) + '\x1b[J');
              }
              break;
            }
            default:
              if (c >= ' ' || c === '\t') {
                if (c === '\t') break;
                buf += c;
                p.write(1, c);
              }
          }
        }
      }
    } finally {
      tty?.setRaw(false);
    }
  }
}
