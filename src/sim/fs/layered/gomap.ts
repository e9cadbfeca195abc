/**
 * The iteration order of a Go map (the bucket maps of Go ≤ 1.23; Docker 20.10.24 is
 * built with Go 1.19), which is the order `docker diff` prints siblings in: moby's
 * `ChangesDirs` keeps each directory's children in a `map[string]*FileInfo` and
 * ranges over it.
 *
 * A Go map with n keys has 2^B buckets of 8 slots (B = 0 up to 8 keys, then the
 * smallest B with n ≤ 6.5·2^B); a key goes to bucket hash(key) & (2^B − 1), into the
 * first free slot, overflowing into chained buckets. `range` draws a random r, starts
 * at bucket r & (2^B − 1) and, in every bucket, at slot (r >> B) & 7, wrapping around.
 *
 * Go seeds its hash randomly per map and draws r per loop, so the real order changes
 * from run to run. Here both are fixed (an FNV-1a + murmur3-finaliser hash with seed
 * GO_MAP_SEED, and r = GO_MAP_R), which makes the order deterministic and Go-shaped;
 * the constants are chosen so that the real 20.10 transcript in
 * docker-real-20.10.md §c comes out exactly (see diff.test.ts).
 */
export const GO_MAP_SEED = 2;
export const GO_MAP_R = 1;

function hash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** log2 of the bucket count Go ends up with after inserting n keys into make(map). */
export function bucketBits(n: number): number {
  if (n <= 8) return 0;
  let b = 1;
  while (n > 6.5 * 2 ** b) b++;
  return b;
}

/**
 * The order `for k := range m` visits the keys of a map filled with `inserted` (in that
 * order), of which only those passing `keep` are still present (deleted keys leave
 * their slots empty, as in Go).
 */
export function goMapOrder(inserted: readonly string[], keep?: (k: string) => boolean, seed = GO_MAP_SEED, r = GO_MAP_R): string[] {
  const n = inserted.length;
  if (n === 0) return [];
  const B = bucketBits(n);
  const nb = 1 << B;
  const mask = nb - 1;
  const buckets: string[][] = Array.from({ length: nb }, () => []);
  for (const k of inserted) buckets[B === 0 ? 0 : hash(k, seed) & mask]!.push(k);
  const start = r & mask;
  const offset = (r >>> B) & 7;
  const out: string[] = [];
  for (let i = 0; i < nb; i++) {
    const chain = buckets[(start + i) & mask]!;
    for (let c = 0; c < chain.length; c += 8) {
      for (let j = 0; j < 8; j++) {
        const k = chain[c + ((j + offset) & 7)];
        if (k !== undefined && (!keep || keep(k))) out.push(k);
      }
    }
  }
  return out;
}
