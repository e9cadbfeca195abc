// Unit, property and conformance tests: `npm run test:unit` (vitest run).
// Browser tests live in test/e2e/ and run with vitest.e2e.config.ts instead.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    // Vitest's default (5 s). A test that needs more must say so itself, with a reason.
    testTimeout: 5_000,
    hookTimeout: 10_000,
    passWithNoTests: true,
  },
});
