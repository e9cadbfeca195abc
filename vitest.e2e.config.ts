// Browser end-to-end tests: `npm run test:e2e` (test/e2e/run.ts) runs Vitest with this file.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // A page load against a local static server takes well under a second;
    // 15 s leaves room for a slow machine without hiding a hang.
    testTimeout: 15_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    passWithNoTests: false,
  },
});
