/**
 * The build's progress writer (api/server/router/build buildProgressWriter over the
 * HTTP response): stdout text, a container's stderr wrapped in red (streamformatter's
 * StderrWriter), pull progress, the aux image ID. With -q the daemon keeps all of it
 * in a buffer: it sends only the final ID, or, when the build fails, the buffer then
 * the error. `flushed` tells whether the client has received anything yet (before
 * that, an error is an HTTP error: "Error response from daemon: …").
 */
import type { BuildMessage } from '../api.ts';

export class BuildOutput {
  readonly #emit: (m: BuildMessage) => void;
  readonly #quiet: boolean;
  readonly #held: BuildMessage[] = [];
  #flushed = false;

  constructor(emit: (m: BuildMessage) => void, quiet: boolean) {
    this.#emit = emit;
    this.#quiet = quiet;
  }

  get flushed(): boolean {
    return this.#flushed;
  }

  #send(m: BuildMessage): void {
    if (this.#quiet) {
      this.#held.push(m);
      return;
    }
    this.#flushed = true;
    this.#emit(m);
  }

  stdout(text: string): void {
    if (text) this.#send({ stream: text });
  }

  /** Each chunk written to a container's stderr (and the parser's warnings), in bright red. */
  stderr(text: string): void {
    if (text) this.#send({ stream: `\x1b[91m${text}\x1b[0m` });
  }

  progress(m: { id?: string; status: string; progress?: string }): void {
    this.#send({ status: m.status, ...(m.id ? { id: m.id } : {}), ...(m.progress ? { progress: m.progress } : {}) });
  }

  aux(id: string): void {
    this.#send({ aux: { ID: id } });
  }

  /** -q and success: only the image ID. */
  finishQuiet(id: string): void {
    this.#flushed = true;
    this.#emit({ stream: `${id}\n` });
  }

  /**
   * The build failed. Returns false when nothing was sent yet (the caller answers with
   * an HTTP error); otherwise sends what -q held back, then the error message.
   */
  fail(message: string, code?: number): boolean {
    if (this.#quiet && this.#held.length) {
      for (const m of this.#held.splice(0)) this.#emit(m);
      this.#flushed = true;
    }
    if (!this.#flushed) return false;
    this.#emit({ error: { message, ...(code ? { code } : {}) } });
    return true;
  }
}
