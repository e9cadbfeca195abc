// Svelte 5 components may use <script lang="ts"> (type stripping via Vite).
import { vitePreprocess } from '@astrojs/svelte';

export default {
  preprocess: vitePreprocess(),
};
