/**
 * A live stream between a client and a container process (attach, exec, the
 * attached part of run). The engine pushes output; the client writes input.
 */
import type { AttachOptions, Session } from '../api.ts';
import type { Container } from './container.ts';

export type EndReason = 'exited' | 'detached' | 'closed';

export interface SessionWiring {
  write(data: string): void;
  closeStdin(): void;
  resize?(cols: number, rows: number): void;
}

/** Parses docker's detach-keys syntax ("ctrl-p,ctrl-q", "a,ctrl-b"…) into the bytes to match. */
export function parseDetachKeys(spec: string): string | undefined {
  if (spec === '') return undefined;
  let out = '';
  for (const part of spec.split(',')) {
    const p = part.trim();
    if (p.length === 1) out += p;
    else if (/^ctrl-[a-z@\[\\\]^_]$/.test(p)) {
      const ch = p.slice(5);
      const code = ch >= 'a' && ch <= 'z' ? ch.charCodeAt(0) - 96 : '@[\\]^_'.indexOf(ch) === -1 ? 0 : [0, 27, 28, 29, 30, 31][
        '@[\\]^_'.indexOf(ch)
      ]!;
      out += String.fromCharCode(code);
    } else return undefined;
  }
  return out;
}

export class AttachSession implements Session {
  readonly #listeners: Array<(stream: 'stdout' | 'stderr', data: string) => void> = [];
  readonly #buffered: Array<[stream: 'stdout' | 'stderr', data: string]> = [];
  readonly #wiring: SessionWiring;
  readonly #container: Container;
  readonly #detachKeys: string | undefined;
  readonly #opts: AttachOptions;
  #matched = '';
  #ended = false;
  #resolve!: (r: EndReason) => void;
  readonly done: Promise<EndReason>;

  constructor(container: Container, opts: AttachOptions, wiring: SessionWiring, register = true) {
    this.#container = container;
    this.#opts = opts;
    this.#wiring = wiring;
    this.#detachKeys = container.config.Tty ? parseDetachKeys(opts.detachKeys ?? 'ctrl-p,ctrl-q') : undefined;
    this.done = new Promise((r) => (this.#resolve = r));
    if (register) container.attached.add(this);
  }

  onOutput(cb: (stream: 'stdout' | 'stderr', data: string) => void): void {
    this.#listeners.push(cb);
    for (const [s, d] of this.#buffered.splice(0)) cb(s, d);
  }

  /** Output from the process. */
  push(stream: 'stdout' | 'stderr', data: string): void {
    if (this.#ended || data === '') return;
    if (stream === 'stdout' && !this.#opts.stdout) return;
    if (stream === 'stderr' && !this.#opts.stderr) return;
    if (this.#listeners.length === 0) this.#buffered.push([stream, data]);
    for (const l of this.#listeners) l(stream, data);
  }

  write(data: string): void {
    if (this.#ended) return;
    const keys = this.#detachKeys;
    if (!keys) {
      this.#wiring.write(data);
      return;
    }
    // Hold back a possible start of the detach sequence; flush it when it does not complete.
    let pass = '';
    for (const ch of data) {
      const want = keys[this.#matched.length];
      if (ch === want) {
        this.#matched += ch;
        if (this.#matched === keys) {
          this.#matched = '';
          if (pass) this.#wiring.write(pass);
          this.end('detached');
          return;
        }
      } else {
        pass += this.#matched + ch;
        this.#matched = '';
      }
    }
    if (pass) this.#wiring.write(pass);
  }

  closeStdin(): void {
    if (!this.#ended) this.#wiring.closeStdin();
  }

  resize(cols: number, rows: number): void {
    this.#wiring.resize?.(cols, rows);
  }

  detach(): void {
    this.end('detached');
  }

  end(reason: EndReason): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#container.attached.delete(this);
    this.#resolve(reason);
  }
}
