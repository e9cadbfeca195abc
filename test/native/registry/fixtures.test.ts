/**
 * The real Docker 20.10 registry recordings (test/conformance/fixtures/registry/, made
 * against Debian's docker-registry on 127.0.0.1:5000, and host/registry-hub.json and
 * host/pull.json, made without network) replayed on the native engine against the same
 * docker-registry: each script gets a fresh backend (with the recorder's two images,
 * busybox and nocmd) and an empty registry. The registry runs on a free port, and the
 * port where nothing listens (5001 in the scripts) is another free one: the scripts'
 * addresses are rewritten to them and the outputs back, so the transcripts compare
 * with the recording after the usual normalisation (IDs and digests renamed alike).
 *
 * KNOWN lists every step that differs, with the reason; anything else must be equal.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFiles } from '../../../src/cli/nodeFiles.ts';
import { scriptScope } from '../../../src/native/engine/cleanup.ts';
import { NativeHost } from '../../../src/native/engine/host.ts';
import { busyboxLayerTar, importTar } from '../../../src/native/images/index.ts';
import { normalizeTranscript } from '../../../src/runner/normalize.ts';
import { runSteps } from '../../../src/runner/run.ts';
import { parseScript } from '../../../src/runner/script.ts';
import type { ContainerSnapshot, RecordedStep } from '../../../src/runner/transcript.ts';
import { SCRIPTS, fixtureFiles, loadFixture } from '../../conformance/replay.ts';
import { openTestBackend } from '../engine/harness.ts';
import { freePort, registrySkip, startRegistry } from './helpers.ts';

/** Fixture → step number (1-based) → why the native engine differs there. */
export const KNOWN: Record<string, Record<number, string>> = {};

const FILES = [...fixtureFiles().filter((f) => f.startsWith('registry/')), 'host/registry-hub.json', 'host/pull.json'];

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

/** Replaces whole `:5000` / `:5001` ports of loopback addresses (and the reverse). */
function swapPorts(s: string, map: Array<[string, string]>): string {
  let out = s;
  for (const [from, to] of map) out = out.replace(new RegExp(`(localhost|127\\.0\\.0\\.1):${from}(?![0-9])`, 'g'), `$1:${to}`);
  return out;
}

describe.skipIf(registrySkip !== undefined)(`real 20.10 registry recordings replayed on the native engine${registrySkip ? ` (skipped: ${registrySkip})` : ''}`, () => {
  let closed: number;
  beforeAll(async () => {
    closed = await freePort();
  });

  it('knows every step it excuses', () => {
    for (const f of Object.keys(KNOWN)) expect(FILES, f).toContain(f);
  });

  it.each(FILES)('%s', { timeout: 120_000 }, async (file) => {
    const fixture = loadFixture(file);
    const script = readFileSync(`${SCRIPTS}/${fixture.script}`, 'utf8');
    const registry = /^#\s*host:\s*registry/m.test(script) ? await startRegistry() : undefined;
    const port = registry ? String(registry.port) : '5000';
    const there: Array<[string, string]> = [
      ['5000', port],
      ['5001', String(closed)],
    ];
    const back: Array<[string, string]> = [
      [port, '5000'],
      [String(closed), '5001'],
    ];
    const t = await openTestBackend('20.10');
    const cwd = mkdtempSync('/tmp/tmp.');
    const steps: RecordedStep[] = [];
    try {
      // the recorder's second image: busybox imported without a CMD
      await importTar(t.backend.store, busyboxLayerTar(), { source: '-', reference: 'nocmd:latest' });
      const scope = scriptScope(t.backend);
      const host = new NativeHost(t.backend.engine, { files: nodeFiles(cwd), version: '20.10', hangLimitS: 60 });
      try {
        await runSteps(parseScript(swapPorts(script, there)), host, (_s, r) => {
          steps.push({ ...r, command: swapPorts(r.command, back), stdout: swapPorts(r.stdout, back), stderr: swapPorts(r.stderr, back), containers: host.snapshot(), images: [], durationMs: 0 });
        });
      } finally {
        await scope.cleanup();
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await t.close();
      await registry?.stop();
    }
    const real = compared(fixture.steps);
    const native = compared(steps);
    expect(native.length).toBe(real.length);
    const known = KNOWN[file] ?? {};
    for (let i = 0; i < real.length; i++) {
      if (known[i + 1]) expect(native[i], `step ${i + 1} is listed as differing: ${known[i + 1]}`).not.toEqual(real[i]);
      else expect(native[i], `step ${i + 1}: ${real[i]!.command}`).toEqual(real[i]);
    }
  });
});
