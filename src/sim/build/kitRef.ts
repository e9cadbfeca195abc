/**
 * The kit (kit.ts) as the lazily loaded builder reaches it: set by the entry point that
 * loaded the chunk (SimEngine.imageBuild, the `docker build` command) before any use.
 */
import type { BuildKit } from './kit.ts';

/** The kit, with what the engine adds itself (its module cannot be named by the kit). */
export type Kit = BuildKit & { parseSignal?(name: string): number | undefined };

let current: Kit | undefined;

/** Sets the kit; what an earlier caller added (the engine's parseSignal) stays unless given again. */
export function setKit(k: Kit): void {
  current = { ...current, ...k };
}

export function kit(): Kit {
  if (!current) throw new Error('the builder was loaded without its kit (src/sim/build/kit.ts)');
  return current;
}
