/**
 * Runs a quiz script on a FRESH simulator with the runner (the same code path
 * as `classroom run`), recording each step's duration on the virtual clock and
 * the lifecycle transitions (engine.onTransition) each step caused. Pure: host
 * files (`docker export -o`) live in memory.
 */
import type { HostFiles } from '../sim/cli/io.ts';
import type { LifecycleState } from '../sim/lifecycle/containerMachine.ts';
import type { DockerVersion } from '../sim/profile.ts';
import { createSimulator } from '../sim/simulator.ts';
import { runSteps } from '../runner/run.ts';
import { parseScript } from '../runner/script.ts';
import { SimHost } from '../runner/simHost.ts';
import type { TimedStep } from './observe.ts';

/** One move on the lifecycle diagram. */
export interface PathStep {
  from: LifecycleState;
  to: LifecycleState;
  /** The machine event (`container.stop`, `task.exit`, …). */
  event: string;
}

export interface SimRun {
  steps: TimedStep[];
  /** Transitions caused during each step (same indexes as steps). */
  transitions: PathStep[][];
}

export function memoryFiles(): HostFiles {
  const files = new Map<string, Uint8Array>();
  return {
    readFile: async (path) => {
      const data = files.get(path);
      if (!data) throw Object.assign(new Error(`open ${path}: no such file or directory`), { code: 'ENOENT' });
      return data;
    },
    writeFile: async (path, data) => {
      files.set(path, data);
    },
  };
}

export async function runScript(lines: readonly string[], version: DockerVersion, seed: number): Promise<SimRun> {
  const sim = await createSimulator({ version, seed });
  const host = new SimHost(sim, memoryFiles());
  const transitions: PathStep[][] = [];
  let current: PathStep[] = [];
  const off = sim.engine.onTransition((t) => current.push({ from: t.from, to: t.to, event: t.event }));
  const steps: TimedStep[] = [];
  let t0 = sim.clock.now();
  try {
    await runSteps(parseScript(lines.join('\n')), host, (_step, result) => {
      const now = sim.clock.now();
      steps.push({ ...result, durationMs: now - t0 });
      transitions.push(current);
      current = [];
      t0 = now;
    });
  } finally {
    off();
  }
  return { steps, transitions };
}

/** Memoised runs (a quiz asks many questions about the same few scripts). Bounded. */
const cache = new Map<string, Promise<SimRun>>();
const CACHE_LIMIT = 4000;

export function cachedRun(lines: readonly string[], version: DockerVersion, seed: number): Promise<SimRun> {
  const key = `${version}\u0000${seed}\u0000${lines.join('\n')}`;
  let run = cache.get(key);
  if (!run) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    run = runScript(lines, version, seed);
    cache.set(key, run);
  }
  return run;
}
