/**
 * The virtual clock: a discrete-event scheduler. Simulated time only moves when
 * the owner calls advance()/runUntil() (tests, the script runner) or when the
 * browser driver ties it to real time. Nothing here reads the wall clock.
 */
export type TimerId = number;

interface Timer {
  id: TimerId;
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * 2025-06-01T09:00:00Z: where a fresh simulation starts unless told otherwise
 * (well after the images' file times, so that a `touch` is a change, as on a real host).
 */
export const DEFAULT_EPOCH_MS = Date.UTC(2025, 5, 1, 9, 0, 0);

export class Clock {
  #now: number;
  #seq = 0;
  #nextId = 1;
  // A binary min-heap ordered by (at, seq).
  #heap: Timer[] = [];
  #cancelled = new Set<TimerId>();

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.#now = startMs;
  }

  /** Current simulated time in milliseconds since the Unix epoch (may be fractional). */
  now(): number {
    return this.#now;
  }

  /** Runs fn once, ms milliseconds from now (0 = as soon as the clock next steps). */
  setTimer(ms: number, fn: () => void): TimerId {
    const id = this.#nextId++;
    this.#push({ id, at: this.#now + Math.max(0, ms), seq: this.#seq++, fn });
    return id;
  }

  clearTimer(id: TimerId | undefined): void {
    if (id !== undefined) this.#cancelled.add(id);
  }

  /** A promise that resolves after ms of simulated time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  /** Time of the next pending timer, or undefined when nothing is scheduled. */
  nextAt(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.at;
  }

  /**
   * Fires the earliest timer if it is due at or before `limit`, moving the clock to
   * its time. Returns false (and leaves the clock alone) when none is due.
   */
  step(limit: number = Infinity): boolean {
    this.#dropCancelled();
    const top = this.#heap[0];
    if (!top || top.at > limit) return false;
    this.#pop();
    if (top.at > this.#now) this.#now = top.at;
    top.fn();
    return true;
  }

  /** Moves the clock to `time`, firing everything due on the way (synchronously). */
  runUntil(time: number): void {
    while (this.step(time)) {
      /* keep stepping */
    }
    if (time > this.#now) this.#now = time;
  }

  advance(ms: number): void {
    this.runUntil(this.#now + ms);
  }

  #dropCancelled(): void {
    while (this.#heap.length && this.#cancelled.has(this.#heap[0]!.id)) {
      this.#cancelled.delete(this.#heap[0]!.id);
      this.#pop();
    }
  }

  #less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(t: Timer): void {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #pop(): Timer | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Resolves after the current macrotask, i.e. once every pending microtask has run. */
export function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((r) => g.setImmediate!(r));
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      r();
    };
    ch.port2.postMessage(0);
  });
}
