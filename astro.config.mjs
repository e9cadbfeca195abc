// @ts-check
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';
import { browserAliases, slimModules } from './browser-shims.mjs';
import { simulatorChunk } from './sim-chunk.mjs';

/**
 * memfs (under the layered file system) imports Node built-ins: in client bundles
 * they resolve to their browser ports, and a few packages to slimmer modules with the
 * same exports; server-side code keeps the real modules.
 * @returns {import('vite').Plugin}
 */
function browserShimsForClient() {
  return {
    name: 'classroom-browser-shims',
    enforce: 'pre',
    resolveId(id) {
      if (this.environment?.config.consumer !== 'client') return null;
      return browserAliases[id] ?? slimModules[id] ?? null;
    },
  };
}

// 容器课堂 · Container Classroom — static site, Svelte 5 islands.
export default defineConfig({
  output: 'static',
  outDir: './dist',
  integrations: [svelte()],
  // `astro dev` and `astro preview` listen on loopback only.
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  vite: {
    plugins: [browserShimsForClient(), simulatorChunk()],
  },
});
