/**
 * Seeded randomness for IDs and names, so that a simulation (and a test) can be
 * replayed exactly. mulberry32: small, fast, good enough for identifiers.
 */
export class Random {
  #state: number;
  constructor(seed: number = 0x5eed) {
    this.#state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  hex(chars: number): string {
    let s = '';
    while (s.length < chars) s += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, chars);
  }
  get seed(): number {
    return this.#state;
  }
}

/** A container or exec ID: 64 lowercase hex; redrawn if the short ID would be all digits (it is the hostname). */
export function newId(rng: Random): string {
  for (;;) {
    const id = rng.hex(64);
    if (!/^\d{12}/.test(id)) return id;
  }
}
