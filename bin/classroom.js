#!/usr/bin/env node
// Entry point of `npx classroom`. The sources are TypeScript run by Node's type
// stripping, which needs Node >= 22.12: under an older Node, re-run with the
// project's pinned Node (the `node` devDependency) if it is there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const pinned = join(here, '..', 'node_modules', '.bin', 'node');
  if (!existsSync(pinned)) {
    console.error(`classroom: needs Node >= 22.12 (this is ${process.version}); run 'npm install' in ${join(here, '..')} first`);
    process.exit(1);
  }
  const r = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { main } = await import('../src/cli/classroom.ts');
process.exitCode = await main(process.argv.slice(2));
