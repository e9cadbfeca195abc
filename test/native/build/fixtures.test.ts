/**
 * The real Docker 20.10 `docker build` recordings (test/conformance/fixtures/build/,
 * classic builder) replayed on the native engine: each script on a fresh scope with the
 * recorder's two images (busybox, and busybox imported without a CMD as nocmd), every
 * step's stdout, stderr, exit code and containers compared with the real engine's after
 * the usual normalisation (IDs, times, sizes of the build context as recorded).
 *
 * One difference is allowed, and only in the output of a `docker build`: where a RUN
 * step writes to stdout and stderr back to back, the two can come in either order (the
 * native shim reads them from two pipes; src/native/engine/README.md). Such a step must
 * still match once each stream's text is compared on its own (helpers.ts unweave).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFiles } from '../../../src/cli/nodeFiles.ts';
import { scriptScope } from '../../../src/native/engine/cleanup.ts';
import { NativeHost } from '../../../src/native/engine/host.ts';
import { busyboxLayerTar, importTar } from '../../../src/native/images/index.ts';
import { normalizeTranscript } from '../../../src/runner/normalize.ts';
import { runSteps } from '../../../src/runner/run.ts';
import { parseScript } from '../../../src/runner/script.ts';
import type { ContainerSnapshot, RecordedStep } from '../../../src/runner/transcript.ts';
import { SCRIPTS, fixtureFiles, loadFixture } from '../../conformance/replay.ts';
import { openTestBackend, skipReason, type TestBackend } from '../engine/harness.ts';
import { unweave } from './helpers.ts';

const FILES = fixtureFiles().filter((f) => f.startsWith('build/'));

const UNORDERED = /^docker (images|image ls|diff|container diff)\b/;

function sortRows(stdout: string): string {
  const lines = stdout.split('\n');
  const last = lines.pop();
  const header = /^[A-Z][A-Z ]*[A-Z](?: {3,}|\t)/.test(lines[0] ?? '') ? lines.shift() : undefined;
  lines.sort();
  return [...(header !== undefined ? [header] : []), ...lines, last ?? ''].join('\n');
}

/** As test/native/engine/fixtures.test.ts compares (and the conformance replay). */
function compared(steps: readonly RecordedStep[]) {
  return normalizeTranscript(steps.map((s) => (UNORDERED.test(s.command) ? { ...s, stdout: sortRows(s.stdout) } : s))).map((s) => ({
    command: s.command,
    stdout: UNORDERED.test(s.command) ? sortRows(s.stdout) : s.stdout,
    stderr: s.stderr,
    exitCode: s.exitCode,
    containers: s.containers.map((c: ContainerSnapshot) => ({ name: c.name, status: c.status, exitCode: c.exitCode, restartCount: c.restartCount, error: c.error, pid: c.pid })),
  }));
}

type Compared = ReturnType<typeof compared>[number];

/** The step as compared: a build's stdout with its RUN steps' stderr chunks set apart, if that is all that differs. */
function allowed(native: Compared | undefined, real: Compared): Compared | undefined {
  if (!native || JSON.stringify(native) === JSON.stringify(real)) return native;
  if (!/^docker (image )?build\b/.test(real.command)) return native;
  const a = { ...native, stdout: unweave(native.stdout) };
  const b = { ...real, stdout: unweave(real.stdout) };
  return JSON.stringify(a) === JSON.stringify(b) ? real : native;
}

describe.skipIf(skipReason !== undefined)(`real 20.10 build recordings replayed on the native engine${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await openTestBackend('20.10');
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('has the build recordings', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(13);
  });

  it.each(FILES)('%s', async (file) => {
    const fixture = loadFixture(file);
    const scope = scriptScope(t.backend);
    await importTar(t.backend.store, busyboxLayerTar(), { source: '-', reference: 'nocmd:latest' });
    const cwd = mkdtempSync('/tmp/tmp.');
    const host = new NativeHost(t.backend.engine, { files: nodeFiles(cwd), version: '20.10', hangLimitS: 60 });
    const steps: RecordedStep[] = [];
    let left: string[] = [];
    try {
      await runSteps(parseScript(readFileSync(join(SCRIPTS, fixture.script), 'utf8')), host, (_s, r) => {
        steps.push({ ...r, containers: host.snapshot(), images: [], durationMs: 0 });
      });
    } finally {
      left = await scope.cleanup();
      rmSync(cwd, { recursive: true, force: true });
    }
    const real = compared(fixture.steps);
    const native = compared(steps);
    for (let i = 0; i < real.length; i++) expect(allowed(native[i], real[i]!), `step ${i + 1}: ${real[i]!.command}`).toEqual(real[i]);
    expect(native.length).toBe(real.length);
    // everything the script made is gone again (build containers, images, the COPY mounts)
    expect(left).toEqual([]);
  }, 120_000);
});
