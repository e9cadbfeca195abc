/**
 * One chunk for the simulator: every module src/play/sandbox.ts imports statically,
 * except those the rest of the site reaches without going through it.
 *
 * Why: the bundler (rolldown) puts a module that the simulator chunk and one of its
 * lazily loaded chunks (docker build, push, the archive code, help texts…) both use
 * into a shared chunk of its own, which the lesson page then fetches as a separate
 * file: a dozen small files, and each split costs gzip context. Everything in this
 * group is loaded with the simulator anyway, so it goes into one file, and a lazy
 * chunk only holds what is its own.
 *
 * The group does not take the captured modules' dependencies along
 * (includeDependenciesRecursively: false): modules the page also reaches otherwise
 * (xstate for the lifecycle diagram, the Svelte runtime…) stay where they were, so the
 * first paint loads no simulator code. That option needs entry chunks that may gain
 * exports ('allow-extension'); no island imports anything from the simulator chunk.
 * @returns {import('vite').Plugin}
 */
export function simulatorChunk() {
  /** @type {Set<string>} */
  let group = new Set();
  const isClient = (/** @type {any} */ ctx) => ctx.environment?.config.consumer === 'client';
  return {
    name: 'classroom-simulator-chunk',
    apply: 'build',
    options(options) {
      if (!isClient(this)) return null;
      return { ...options, preserveEntrySignatures: 'allow-extension' };
    },
    buildEnd() {
      if (!isClient(this)) return;
      const ids = [...this.getModuleIds()];
      const root = ids.find((id) => id.endsWith('/src/play/sandbox.ts'));
      if (!root) return;
      /** Modules reachable from `starts` (static imports, and dynamic ones when asked), not going through `stop`. */
      const reach = (/** @type {string[]} */ starts, /** @type {boolean} */ dynamic, /** @type {string | undefined} */ stop) => {
        const seen = new Set();
        const stack = [...starts];
        while (stack.length) {
          const id = /** @type {string} */ (stack.pop());
          if (seen.has(id) || id === stop) continue;
          seen.add(id);
          const info = this.getModuleInfo(id);
          stack.push(...(info?.importedIds ?? []));
          if (dynamic) stack.push(...(info?.dynamicallyImportedIds ?? []));
        }
        return seen;
      };
      const entries = ids.filter((id) => this.getModuleInfo(id)?.isEntry);
      const elsewhere = reach(entries, true, root);
      group = new Set([...reach([root], false, undefined)].filter((id) => !elsewhere.has(id)));
    },
    outputOptions(output) {
      if (!isClient(this) || output.codeSplitting === false) return null;
      const split = typeof output.codeSplitting === 'object' ? output.codeSplitting : {};
      const sandbox = { name: 'sandbox', test: (/** @type {string} */ id) => group.has(id), includeDependenciesRecursively: false };
      return { ...output, codeSplitting: { ...split, groups: [...(split.groups ?? []), sandbox] } };
    },
  };
}
