// Builds the site with `astro build` when dist/ is missing or older than its sources.
// Used by test/e2e/run.ts and by the e2e global setup (so `vitest -c vitest.e2e.config.ts`
// alone works too). No-op when dist/ is fresh.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const distDir = join(root, 'dist');
const stampFile = join(distDir, '.build-stamp');

/** Everything the built site depends on. */
const inputs = ['src', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why dist/ must be rebuilt, or null when it is up to date. */
export function staleReason(): string | null {
  if (!existsSync(join(distDir, 'index.html')) || !existsSync(stampFile)) return 'dist/ is missing';
  const built = statSync(stampFile).mtimeMs;
  for (const input of inputs) {
    if (newestMtime(join(root, input)) > built) return `${input} changed since the last build`;
  }
  return null;
}

export function ensureBuilt(): void {
  const reason = staleReason();
  if (reason === null) return;
  console.log(`[e2e] building the site (${reason}): astro build`);
  const started = Date.now();
  // Run astro's entry with this same Node (24), whatever `node` is first on PATH.
  const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`astro build failed (exit ${result.status ?? result.signal})`);
  }
  writeFileSync(stampFile, `${new Date().toISOString()}\n`);
  console.log(`[e2e] site built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
