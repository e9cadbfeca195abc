/**
 * Work the simulator hands to the real world (WebCrypto digests, compression
 * streams): it takes real time, not simulated time, so whoever drives the
 * virtual clock must wait for it before judging a command stuck.
 */
const inflight = new Set<Promise<unknown>>();

/** Registers real asynchronous work; returns the same promise. */
export function outside<T>(p: Promise<T>): Promise<T> {
  inflight.add(p);
  const done = () => inflight.delete(p);
  p.then(done, done);
  return p;
}

/** Resolves when some real work in flight finishes; undefined when none is. */
export function outsideWork(): Promise<unknown> | undefined {
  return inflight.size ? Promise.race(inflight) : undefined;
}
