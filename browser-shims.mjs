// Node built-ins that memfs (the layered file system's storage) asks for, mapped to
// their browser ports (Buffer, path and process: our own small ones in src/shims/, with
// what memfs's core uses). Used for client bundles only: the server side and Node keep
// the real modules. astro.config.mjs and the browser-bundle test share this map.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const browserShims = {
  buffer: new URL('./src/shims/buffer.ts', import.meta.url).pathname,
  events: require.resolve('events/'),
  path: new URL('./src/shims/path.ts', import.meta.url).pathname,
  stream: require.resolve('readable-stream'),
  process: new URL('./src/shims/process.ts', import.meta.url).pathname,
  url: require.resolve('url/'),
  util: require.resolve('util/'),
};

/**
 * Packages replaced by a slimmer module exporting the same names (only what memfs's
 * core uses): smaller client bundles, same code.
 */
/** @type {Record<string, string>} */
export const slimModules = {
  '@jsonjoy.com/fs-node-utils': new URL('./src/shims/fs-node-utils.cjs', import.meta.url).pathname,
};

/** The same map with the `node:` prefixes, as bundlers see them. */
export const browserAliases = Object.fromEntries(
  Object.entries(browserShims).flatMap(([name, target]) => [
    [name, target],
    [`node:${name}`, target],
  ]),
);

/** An esbuild plugin for the slim modules (exact names only: subpath imports keep the real package). */
/** @type {import('esbuild').Plugin} */
export const slimModulesEsbuild = {
  name: 'classroom-slim-modules',
  setup(build) {
    for (const [name, target] of Object.entries(slimModules)) {
      const filter = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      build.onResolve({ filter }, () => ({ path: target }));
    }
  },
};
