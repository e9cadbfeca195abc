/**
 * Runs async simulator work on the virtual clock: flush every pending microtask,
 * fire the next timer, repeat — until the work settles or a deadline passes.
 */
import { type Clock, macrotask } from '../sim/clock.ts';

export type Driven<T> = { settled: true; value: T } | { settled: true; error: unknown } | { settled: false; reason: 'deadline' | 'stuck' };

/**
 * Drives `work` until it settles, or until the clock would pass `deadline`
 * (then the clock stops exactly at the deadline), or until nothing is left to
 * happen (`stuck`: the work waits for something that will never come).
 */
export async function drive<T>(
  clock: Clock,
  work: Promise<T>,
  deadline = Infinity,
  advanceWhenStuck = false,
  /** Real I/O still in flight (host files): awaited before the simulation is judged stuck. */
  pendingIO: () => Promise<unknown> | undefined = () => undefined,
): Promise<Driven<T>> {
  let result: Driven<T> | undefined;
  work.then(
    (value) => (result = { settled: true, value }),
    (error) => (result = { settled: true, error }),
  );
  // Fast path: most commands settle on microtasks alone.
  await Promise.race([work.catch(() => undefined), macrotask()]);
  for (;;) {
    if (result) return result;
    const io = pendingIO();
    if (io) {
      await io.catch(() => undefined);
      await macrotask();
      continue;
    }
    const next = clock.nextAt();
    if (next === undefined) {
      if (!advanceWhenStuck || !Number.isFinite(deadline)) return { settled: false, reason: 'stuck' };
      clock.runUntil(deadline);
      await macrotask();
      return result ?? { settled: false, reason: 'deadline' };
    }
    if (next > deadline) {
      clock.runUntil(deadline);
      await macrotask();
      if (result) return result;
      return { settled: false, reason: 'deadline' };
    }
    clock.step(deadline);
    await macrotask();
  }
}

/**
 * Lets simulated time pass (a `sleep N` step): everything due in the window happens.
 * Real work in flight (a program waiting for a lazily loaded text) is awaited before
 * the clock moves on, as drive() does.
 */
export async function elapse(clock: Clock, ms: number, pendingIO: () => Promise<unknown> | undefined = () => undefined): Promise<void> {
  const end = clock.now() + ms;
  await macrotask();
  for (;;) {
    const io = pendingIO();
    if (io) {
      await io.catch(() => undefined);
      await macrotask();
      continue;
    }
    const next = clock.nextAt();
    if (next === undefined || next > end) break;
    clock.step(end);
    await macrotask();
  }
  clock.runUntil(end);
  await macrotask();
}
