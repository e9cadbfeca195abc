// Node built-ins that memfs (the layered file system's storage) asks for, mapped to
// their browser ports. Used for client bundles only: the server side and Node keep
// the real modules. astro.config.mjs and the browser-bundle test share this map.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const browserShims = {
  buffer: require.resolve('buffer/'),
  events: require.resolve('events/'),
  path: require.resolve('path-browserify'),
  stream: require.resolve('readable-stream'),
  process: require.resolve('process/browser.js'),
  url: require.resolve('url/'),
  util: require.resolve('util/'),
};

/** The same map with the `node:` prefixes, as bundlers see them. */
export const browserAliases = Object.fromEntries(
  Object.entries(browserShims).flatMap(([name, target]) => [
    [name, target],
    [`node:${name}`, target],
  ]),
);
