/**
 * Ties the virtual clock to real time, for the browser: simulated time moves as
 * fast as the wall clock (times `speed`), and a learner can fast-forward (skip
 * the 10 s of a `docker stop`). Under test the clock is driven by hand instead
 * (advance/runUntil), so everything there is deterministic.
 */
import { type Clock, macrotask } from './clock.ts';

export interface RealTimeOptions {
  /** Real milliseconds now (default performance.now). */
  now?: () => number;
  /** Schedules the next tick after `ms` real milliseconds (default setTimeout). */
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
  /** Simulated ms per real ms (default 1). */
  speed?: number;
  /** Real ms between ticks while something is scheduled (default 16: one frame). */
  tickMs?: number;
}

export class RealTimeDriver {
  readonly clock: Clock;
  speed: number;
  readonly #now: () => number;
  readonly #schedule: (fn: () => void, ms: number) => unknown;
  readonly #cancel: (handle: unknown) => void;
  readonly #tickMs: number;
  #last: number;
  #handle: unknown;
  #running = false;

  constructor(clock: Clock, opts: RealTimeOptions = {}) {
    this.clock = clock;
    this.speed = opts.speed ?? 1;
    this.#now = opts.now ?? (() => performance.now());
    this.#schedule = opts.schedule ?? ((fn, ms) => setTimeout(fn, ms));
    this.#cancel = opts.cancel ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.#tickMs = opts.tickMs ?? 16;
    this.#last = this.#now();
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#last = this.#now();
    this.#loop();
  }

  stop(): void {
    this.#running = false;
    if (this.#handle !== undefined) this.#cancel(this.#handle);
    this.#handle = undefined;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Moves simulated time forward by the real time elapsed since the last tick. */
  async tick(): Promise<void> {
    const real = this.#now();
    const elapsed = Math.max(0, real - this.#last) * this.speed;
    this.#last = real;
    await this.#advance(elapsed);
  }

  /** Jumps ahead: everything due within `ms` of simulated time happens now. */
  async fastForward(ms: number): Promise<void> {
    await this.#advance(ms);
    this.#last = this.#now();
  }

  /** Jumps to the next scheduled event (e.g. the end of a stop's grace period), if any. */
  async skipToNext(): Promise<boolean> {
    const next = this.clock.nextAt();
    if (next === undefined) return false;
    await this.#advance(next - this.clock.now());
    this.#last = this.#now();
    return true;
  }

  async #advance(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    await macrotask();
    while (this.clock.step(end)) await macrotask();
    this.clock.runUntil(end);
    await macrotask();
  }

  #loop(): void {
    if (!this.#running) return;
    this.#handle = this.#schedule(() => {
      void this.tick().then(() => this.#loop());
    }, this.#tickMs);
  }
}
