/** A simulated Docker host for the registry tests: run a script, get each step's output. */
import { parseScript } from '../../../src/runner/script.ts';
import { runSteps } from '../../../src/runner/run.ts';
import { SimHost } from '../../../src/runner/simHost.ts';
import type { TranscriptStep } from '../../../src/runner/transcript.ts';
import { PrivateRegistry } from '../../../src/sim/images/privateRegistry.ts';
import { createSimulator, type Simulator } from '../../../src/sim/simulator.ts';

export interface Session {
  sim: Simulator;
  run(script: string): Promise<TranscriptStep[]>;
  /** One command; its output. */
  one(line: string): Promise<TranscriptStep>;
}

export async function session(opts: { version?: '20.10' | '29'; hostRegistry?: number; preload?: Array<'busybox' | 'nocmd'> } = {}): Promise<Session> {
  const sim = await createSimulator({ version: opts.version ?? '20.10', seed: 3, preload: opts.preload ?? ['busybox'] });
  if (opts.hostRegistry !== undefined) sim.images.registry.listen(opts.hostRegistry, new PrivateRegistry());
  const host = new SimHost(sim);
  const run = (script: string) => runSteps(parseScript(script), host);
  return { sim, run, one: async (line) => (await run(line))[0]! };
}

/** The manifest digest a push printed (`tag: digest: sha256:… size: N`). */
export function pushedDigest(stdout: string): { digest: string; size: number } {
  const m = /: digest: (sha256:[0-9a-f]{64}) size: (\d+)\n/.exec(stdout);
  if (!m) throw new Error(`no digest line in:\n${stdout}`);
  return { digest: m[1]!, size: Number(m[2]) };
}
