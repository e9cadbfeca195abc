// `npm run test:e2e`: builds the site if dist/ is missing or stale, then runs the
// browser tests (test/e2e/*.e2e.ts) with Vitest. The global setup serves dist/ on
// 127.0.0.1 and drives Debian's Chromium through playwright-core; it always closes both.
// Extra arguments go to Vitest, e.g. `npm run test:e2e -- home`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, root } from './build.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';

try {
  ensureBuilt();
} catch (error) {
  console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const child = spawn(
  process.execPath,
  [vitest, 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

const forward = (signal: NodeJS.Signals): void => {
  child.kill(signal);
};
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
  if (signal) console.error(`[e2e] vitest ended by ${signal}`);
});
