/**
 * The real Docker 20.10 recordings (test/conformance/fixtures) replayed on the native
 * engine: every step's stdout, stderr, exit code and container states must match the
 * real engine's after normalisation, as they must on the simulator.
 *
 * By default a representative handful runs (the whole set takes ~10 minutes of real
 * time); CLASSROOM_NATIVE_FIXTURES=1 runs all of them, CLASSROOM_NATIVE_FIXTURE=cases/x.json
 * one (or a comma list; a name ending in / takes that folder). KNOWN lists the fixtures whose
 * difference comes from this machine or the lower layers, not from the engine.
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
import { openTestBackend, skipReason, type TestBackend } from './harness.ts';

/** Fixture → why the native engine differs there (each checked by hand). */
export const KNOWN: Record<string, string> = {
  'cases/exec.json': 'PIDs inside the container (`ps` in an exec) are the kernel’s, not the recording’s',
  'cases/logs.json': 'stdout and stderr written back to back can swap in the json-file (two pipes read by one shim)',
  'cases/top.json': 'TTY column: the runtime runs TTY containers under `script`, so the host has /dev/pts/0 and ps names it',
  'matrix/paused-top.json': 'TTY column (as cases/top.json)',
  'matrix/running-top.json': 'TTY column (as cases/top.json)',
  'layers/dir-recreate.json': 'a file rewritten within the second of its lower copy is unchanged for diff (mtime in whole seconds in layer tars); the recording crossed a second',
};

const SAMPLE = [
  'cases/exit-codes.json',
  'cases/wait.json',
  'cases/rm-and-autoremove.json',
  'cases/save-load-ids.json',
  'layers/diff.json',
  'layers/sizes.json',
  'matrix/paused-stop.json',
  'matrix/running-kill.json',
  'matrix/exited-restart.json',
  'cases/inspect.json',
  'ports/publish.json',
  'ports/conflict.json',
];

const all = process.env['CLASSROOM_NATIVE_FIXTURES'] === '1';
const only = process.env['CLASSROOM_NATIVE_FIXTURE'];
// registry/ needs a registry on the host: test/native/registry/fixtures.test.ts replays those (and host/);
// build/ is test/native/build/fixtures.test.ts's
const pick = (f: string) => only!.split(',').some((o) => (o.endsWith('/') ? f.startsWith(o) : f === o));
const files = (only ? fixtureFiles().filter(pick) : all ? fixtureFiles().filter((f) => !f.startsWith('host/') && !f.startsWith('build/') && !f.startsWith('registry/')) : SAMPLE).filter((f) => !(f in KNOWN));

const UNORDERED = /^docker (images|image ls|diff|container diff)\b/;

function sortRows(stdout: string): string {
  const lines = stdout.split('\n');
  const last = lines.pop();
  const header = /^[A-Z][A-Z ]*[A-Z](?: {3,}|\t)/.test(lines[0] ?? '') ? lines.shift() : undefined;
  lines.sort();
  return [...(header !== undefined ? [header] : []), ...lines, last ?? ''].join('\n');
}

function compared(steps: readonly RecordedStep[]) {
  return normalizeTranscript(steps.map((s) => (UNORDERED.test(s.command) ? { ...s, stdout: sortRows(s.stdout) } : s))).map((s) => ({
    command: s.command,
    stdout: UNORDERED.test(s.command) ? sortRows(s.stdout) : s.stdout,
    stderr: s.stderr,
    exitCode: s.exitCode,
    containers: s.containers.map((c: ContainerSnapshot) => ({
      name: c.name,
      status: c.status,
      exitCode: c.exitCode,
      restartCount: c.restartCount,
      error: c.error,
      pid: c.pid,
    })),
  }));
}

describe.skipIf(skipReason !== undefined)(`real 20.10 recordings replayed on the native engine${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await openTestBackend('20.10');
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('knows every fixture it excuses', () => {
    const existing = new Set(fixtureFiles());
    for (const f of Object.keys(KNOWN)) expect(existing.has(f), f).toBe(true);
  });

  it.each(files)('%s', async (file) => {
    const fixture = loadFixture(file);
    // ports/ scripts were each recorded on a fresh daemon (the port allocator's place in the
    // ephemeral range lives as long as the daemon): each gets a fresh backend here too
    if (file.startsWith('ports/')) {
      await t.close();
      t = await openTestBackend('20.10');
    }
    const scope = scriptScope(t.backend);
    // the recorder's second image: busybox imported without a CMD
    await importTar(t.backend.store, busyboxLayerTar(), { source: '-', reference: 'nocmd:latest' });
    const cwd = mkdtempSync('/tmp/tmp.');
    const host = new NativeHost(t.backend.engine, { files: nodeFiles(cwd), version: '20.10', hangLimitS: 60 });
    const steps: RecordedStep[] = [];
    try {
      await runSteps(parseScript(readFileSync(join(SCRIPTS, fixture.script), 'utf8')), host, (_s, r) => {
        steps.push({ ...r, containers: host.snapshot(), images: [], durationMs: 0 });
      });
    } finally {
      await scope.cleanup();
      rmSync(cwd, { recursive: true, force: true });
    }
    const real = compared(fixture.steps);
    const native = compared(steps);
    for (let i = 0; i < real.length; i++) expect(native[i], `step ${i + 1}: ${real[i]!.command}`).toEqual(real[i]);
    expect(native.length).toBe(real.length);
  }, 120_000);
});
