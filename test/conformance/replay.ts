/**
 * Replays a recorded real-engine script on the simulator and normalises both
 * transcripts the same way, so that a test (or a person) can compare them step by step.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { nodeFiles } from '../../src/cli/nodeFiles.ts';
import { normalizeTranscript } from '../../src/runner/normalize.ts';
import { runSteps } from '../../src/runner/run.ts';
import { parseScript } from '../../src/runner/script.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import type { ContainerSnapshot, Fixture, RecordedStep, TranscriptStep } from '../../src/runner/transcript.ts';
import { createSimulator } from '../../src/sim/simulator.ts';
import { PrivateRegistry } from '../../src/sim/images/privateRegistry.ts';
import { hostSetupOf } from './hostSetup.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const SCRIPTS = join(import.meta.dirname, 'scripts');

export function fixtureFiles(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...fixtureFiles(p));
    else if (name.endsWith('.json')) out.push(relative(FIXTURES, p));
  }
  return out;
}

export function loadFixture(rel: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, rel), 'utf8')) as Fixture;
}

/**
 * Outputs whose order the real daemon leaves to chance are compared as sets of lines:
 * `docker images` sorts by creation time in whole seconds (images made within one
 * second, like the recorder's busybox and nocmd imports, come in any order), and
 * `docker diff` lists siblings in Go map order. (The simulator's own order for diff
 * follows the real engine's walk; unit tests in test/sim/fs/layered pin it.)
 */
const UNORDERED = /^docker (images|image ls|diff|container diff)\b/;

function sortRows(stdout: string): string {
  const lines = stdout.split('\n');
  const last = lines.pop();
  // a table header: capitals then a column gap ("REPOSITORY   TAG …"), not a diff line ("A /x")
  const header = /^[A-Z][A-Z ]*[A-Z](?: {3,}|\t)/.test(lines[0] ?? '') ? lines.shift() : undefined;
  lines.sort();
  return [...(header !== undefined ? [header] : []), ...lines, last ?? ''].join('\n');
}

export type Compared = TranscriptStep & { containers: Array<Partial<ContainerSnapshot>> };

/** The parts of a snapshot that must agree (IDs, names and PIDs are normalised away). */
function stateOf(c: ContainerSnapshot): Partial<ContainerSnapshot> {
  return {
    name: c.name,
    status: c.status,
    exitCode: c.exitCode,
    restartCount: c.restartCount,
    error: c.error,
    pid: c.pid,
  };
}

export async function replay(fixture: Fixture): Promise<{ real: Compared[]; sim: Compared[] }> {
  const script = readFileSync(join(SCRIPTS, fixture.script), 'utf8');
  const steps = parseScript(script);
  const cwd = mkdtempSync(join(tmpdir(), 'classroom-replay-'));
  try {
    const sim = await createSimulator({ version: '20.10', seed: 7, preload: ['busybox', 'nocmd'] });
    // what the recording host had besides the engine (`# host:` header): a registry on loopback
    const setup = hostSetupOf(script);
    if (setup.registryPort !== undefined) sim.images.registry.listen(setup.registryPort, new PrivateRegistry());
    const host = new SimHost(sim, nodeFiles(cwd));
    const simSteps: RecordedStep[] = [];
    await runSteps(steps, host, (_s, r) => {
      simSteps.push({ ...r, containers: host.snapshot(), images: [], durationMs: 0 });
    });
    const norm = (xs: readonly RecordedStep[]): Compared[] =>
      normalizeTranscript(xs.map((s) => (UNORDERED.test(s.command) ? { ...s, stdout: sortRows(s.stdout) } : s))).map((s) => ({
        command: s.command,
        // sorted before normalising (so placeholders are numbered alike) and after (rows of IDs only)
        stdout: UNORDERED.test(s.command) ? sortRows(s.stdout) : s.stdout,
        stderr: s.stderr,
        exitCode: s.exitCode,
        containers: s.containers.map(stateOf),
      }));
    return { real: norm(fixture.steps), sim: norm(simSteps) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
