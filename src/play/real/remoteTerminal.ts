/**
 * The backend's terminal for the site's Terminal component (xterm.js): the same
 * connect/input/resize/start a Shell offers, over the session's WebSocket. What the
 * learner types goes to the backend and, mirrored, to the simulated shell, so both
 * transcripts follow the same keys.
 */
const KEEP = 1 << 20;

export class RemoteTerminal {
  readonly #send: (keys: string) => void;
  readonly #resize: (cols: number, rows: number) => void;
  #chunks: string[] = [];
  #size = 0;
  #write: (s: string) => void = () => {};

  constructor(send: (keys: string) => void, resize: (cols: number, rows: number) => void) {
    this.#send = send;
    this.#resize = resize;
  }

  /** Output from the backend. */
  receive(s: string): void {
    this.#chunks.push(s);
    this.#size += s.length;
    while (this.#size > KEEP && this.#chunks.length > 1) this.#size -= this.#chunks.shift()!.length;
    this.#write(s);
  }

  /** Shows what came so far, then everything new (Terminal.svelte calls this once mounted). */
  connect(write: (s: string) => void): () => void {
    for (const c of this.#chunks) write(c);
    this.#write = write;
    return () => {
      if (this.#write === write) this.#write = () => {};
    };
  }

  input(keys: string): void {
    this.#send(keys);
  }

  resize(cols: number, rows: number): void {
    this.#resize(cols, rows);
  }

  start(): void {}
}
