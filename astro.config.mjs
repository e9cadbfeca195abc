// @ts-check
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';

// 容器课堂 · Container Classroom — static site, Svelte 5 islands.
export default defineConfig({
  output: 'static',
  outDir: './dist',
  integrations: [svelte()],
  // `astro dev` and `astro preview` listen on loopback only.
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
});
