/**
 * The simulator must run in the browser: bundled for the browser with the client
 * build's shims (browser-shims.mjs), it builds, and the bundle runs a command.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserAliases, slimModulesEsbuild } from '../../browser-shims.mjs';

describe('browser bundle of the simulator', () => {
  it('builds with the client shims and runs `docker run busybox echo`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'classroom-bundle-'));
    try {
      const entry = join(dir, 'entry.ts');
      writeFileSync(
        entry,
        `import { createSimulator } from ${JSON.stringify(join(import.meta.dirname, '../../src/sim/simulator.ts'))};
import { SimHost } from ${JSON.stringify(join(import.meta.dirname, '../../src/runner/simHost.ts'))};
export async function demo() {
  const host = new SimHost(await createSimulator({ seed: 1 }));
  return host.docker(['run', 'busybox', 'sh', '-c', 'echo hello from the browser']);
}`,
      );
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        alias: browserAliases,
        plugins: [slimModulesEsbuild],
        define: { 'process.env.NODE_DEBUG': 'false' },
        inject: [],
        logLevel: 'silent',
      });
      expect(result.errors).toEqual([]);
      const code = result.outputFiles[0]!.text;
      expect(code).not.toMatch(/require\("node:/);
      const file = join(dir, 'bundle.mjs');
      writeFileSync(file, code);
      const mod = (await import(file)) as { demo: () => Promise<{ stdout: string; exitCode: number }> };
      expect(await mod.demo()).toMatchObject({ stdout: 'hello from the browser\n', exitCode: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
