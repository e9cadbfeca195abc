/**
 * The same script on the simulator and on the native engine, both transcripts normalised
 * alike (src/runner/normalize.ts: IDs, generated names, times, PIDs), step by step, with
 * each step's container snapshot. Used by `classroom check` and the native tests.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFiles } from '../../cli/nodeFiles.ts';
import { evaluateAll, type Check, type CheckResult } from '../../lessons/checks.ts';
import { normalizeTranscript } from '../../runner/normalize.ts';
import { runSteps } from '../../runner/run.ts';
import type { Step as ScriptStep } from '../../runner/script.ts';
import { SimHost } from '../../runner/simHost.ts';
import type { ContainerSnapshot, TranscriptStep } from '../../runner/transcript.ts';
import type { Engine } from '../../sim/api.ts';
import type { DockerVersion } from '../../sim/profile.ts';
import { createSimulator, type SimulatorOptions } from '../../sim/simulator.ts';
import { openNative, type NativeBackend } from './backend.ts';
import { scriptScope } from './cleanup.ts';
import { NativeHost } from './host.ts';

export type SnapshotStep = TranscriptStep & { containers: ContainerSnapshot[] };

/** The parts of a step that must agree (IDs, names and PIDs are normalised). */
export type Compared = TranscriptStep & { containers: Array<Partial<ContainerSnapshot>> };

export function compared(steps: SnapshotStep[]): Compared[] {
  return normalizeTranscript(steps).map((s) => ({
    command: s.command,
    stdout: s.stdout,
    stderr: s.stderr,
    exitCode: s.exitCode,
    containers: s.containers.map((c) => ({
      name: c.name,
      status: c.status,
      exitCode: c.exitCode,
      restartCount: c.restartCount,
      error: c.error,
      pid: c.pid,
    })),
  }));
}

/** A group of script steps run together, then judged by its checks (a lesson step). */
export interface Section {
  label: string;
  steps: ScriptStep[];
  checks?: readonly Check[];
}

export interface SectionResult {
  label: string;
  steps: SnapshotStep[];
  checks: CheckResult[];
}

interface Runner {
  run(steps: ScriptStep[], onStep: (r: TranscriptStep) => void): Promise<void>;
  engine: Engine;
  cwd: string;
}

async function runSections(r: Runner, sections: Section[], snapshot: () => ContainerSnapshot[]): Promise<SectionResult[]> {
  const out: SectionResult[] = [];
  for (const s of sections) {
    const steps: SnapshotStep[] = [];
    await r.run(s.steps, (t) => steps.push({ ...t, containers: snapshot() }));
    const checks = await evaluateAll(s.checks ?? [], {
      engine: r.engine,
      hostFileExists: (p) => existsSync(p.startsWith('/') ? p : join(r.cwd, p)),
    });
    out.push({ label: s.label, steps, checks });
  }
  return out;
}

/**
 * The simulated world that matches a native backend on this host: Docker 29 keeps images
 * the way the native store does (the overlay2 graph driver, not the containerd store,
 * which changes image IDs, sizes and `rmi` output), and containers see this host's kernel
 * release.
 */
export function nativeLikeWorld(): Pick<SimulatorOptions, 'storage' | 'kernelRelease'> {
  return { storage: 'overlay2', kernelRelease: release() };
}

/** Runs sections on a fresh simulator (seed 7, the lessons' world) with host files in `cwd`. */
export async function runSimSections(
  sections: Section[],
  version: DockerVersion,
  cwd: string,
  world: Pick<SimulatorOptions, 'storage' | 'kernelRelease'> = {},
): Promise<SectionResult[]> {
  const sim = await createSimulator({ version, seed: 7, ...world });
  const host = new SimHost(sim, nodeFiles(cwd));
  return runSections(
    { engine: sim.engine, cwd, run: async (steps, on) => void (await runSteps(steps, host, (_s, r) => on(r))) },
    sections,
    () => host.snapshot(),
  );
}

/**
 * Runs sections on a native backend with host files in `cwd`; removes what they made
 * (containers, volumes, images stay with the backend). `cleanupLeft` gets what could not
 * be removed.
 */
export async function runNativeSections(
  backend: NativeBackend,
  sections: Section[],
  version: DockerVersion,
  cwd: string,
  o: { hangLimitS?: number; signal?: AbortSignal } = {},
): Promise<{ results: SectionResult[]; cleanupLeft: string[] }> {
  const scope = scriptScope(backend);
  const host = new NativeHost(backend.engine, { files: nodeFiles(cwd), version, hangLimitS: o.hangLimitS ?? 60, ...(o.signal ? { signal: o.signal } : {}) });
  let results: SectionResult[];
  try {
    results = await runSections(
      { engine: backend.engine, cwd, run: async (steps, on) => void (await runSteps(steps, host, (_s, r) => on(r))) },
      sections,
      () => host.snapshot(),
    );
  } catch (e) {
    await scope.cleanup();
    throw e;
  }
  return { results, cleanupLeft: await scope.cleanup() };
}

/** A fresh native backend in a scratch dir (`/tmp/tmp.XXXX/root`, the normaliser's data-root form). */
export async function scratchBackend(version: DockerVersion): Promise<{ backend: NativeBackend; cwd: string; close: () => Promise<void> }> {
  const scratch = mkdtempSync('/tmp/tmp.');
  const root = join(scratch, 'root');
  mkdirSync(root, { mode: 0o711 });
  const cwd = mkdtempSync(join(tmpdir(), 'classroom-check-'));
  let backend: NativeBackend;
  try {
    backend = await openNative({ stateRoot: root, version, skipPreflight: true });
  } catch (e) {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
    throw e;
  }
  return {
    backend,
    cwd,
    async close() {
      await scriptScope(backend).cleanup();
      backend.engine.close();
      const { gc } = await import('../runtime/gc.ts');
      await gc({ stateRoot: root });
      rmSync(scratch, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/**
 * Placeholders the normaliser writes for values that differ from run to run: `<ID7>`,
 * `<ID7:12>` (a short ID), `<NAME3>`. Two transcripts are the same when they are equal up to
 * a one-to-one renaming of these: the simulator and the native engine may number them
 * differently (one pulled an image the other could not), and a single extra ID must not
 * make every later step look different.
 */
const PLACEHOLDER = /<(ID|NAME)(\d+)(?::\d+)?>/g;

export class Renaming {
  readonly #forward = new Map<string, string>();
  readonly #backward = new Map<string, string>();

  /** Do `a` and `b` match under the renaming so far (which grows with what they pair up)? */
  same(a: string, b: string): boolean {
    const pa = [...a.matchAll(PLACEHOLDER)];
    const pb = [...b.matchAll(PLACEHOLDER)];
    if (pa.length !== pb.length) return false;
    if (shape(a) !== shape(b)) return false;
    const added: string[] = [];
    for (let i = 0; i < pa.length; i++) {
      const x = `${pa[i]![1]}${pa[i]![2]}`;
      const y = `${pb[i]![1]}${pb[i]![2]}`;
      const fx = this.#forward.get(x);
      const by = this.#backward.get(y);
      if (fx === undefined && by === undefined) {
        this.#forward.set(x, y);
        this.#backward.set(y, x);
        added.push(x);
      } else if (fx !== y || by !== x) {
        for (const k of added) {
          this.#backward.delete(this.#forward.get(k)!);
          this.#forward.delete(k);
        }
        return false;
      }
    }
    return true;
  }
}

/** Listings in the order of random names: `docker volume ls` sorts by name, and anonymous volumes are named at random. */
const UNORDERED = /^docker (volume (ls|list)|volume prune)\b/;

function sortedShape(s: string): string {
  return shape(s).split('\n').sort().join('\n');
}

/** The text with every placeholder's number taken out (`<ID7:12>` → `<ID:12>`). */
function shape(s: string): string {
  return s.replace(PLACEHOLDER, (m, kind: string) => `<${kind}${m.includes(':') ? m.slice(m.indexOf(':'), -1) : ''}>`);
}

/** What differs between two compared steps, as one line; undefined when they agree. */
export function stepDifference(a: Compared | undefined, b: Compared | undefined, names: Renaming): string | undefined {
  if (!a || !b) return `${a ? 'native' : 'simulator'} has no such step`;
  for (const k of ['stdout', 'stderr'] as const) {
    if (k === 'stdout' && UNORDERED.test(a.command)) {
      // Sorted by random names (volume IDs): the same lines in any order; no pairing of IDs.
      if (sortedShape(a[k]) !== sortedShape(b[k])) {
        const [x, y] = around(a[k], b[k]);
        return `${k} (in any order): ${x} ≠ ${y}`;
      }
      continue;
    }
    if (!names.same(a[k], b[k])) {
      const [x, y] = around(a[k], b[k]);
      return `${k}: ${x} ≠ ${y}`;
    }
  }
  if (a.exitCode !== b.exitCode) return `exit code ${a.exitCode} ≠ ${b.exitCode}`;
  const ca = JSON.stringify(a.containers);
  const cb = JSON.stringify(b.containers);
  if (!names.same(ca, cb)) return `containers: ${containerDiff(a.containers, b.containers)}`;
  return undefined;
}

function containerDiff(a: Compared['containers'], b: Compared['containers']): string {
  if (a.length !== b.length) return `${a.length} ≠ ${b.length} containers (${a.map((c) => c.name).join(' ')} / ${b.map((c) => c.name).join(' ')})`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    for (const k of Object.keys(x) as Array<keyof typeof x>) {
      if (k !== 'name' && JSON.stringify(x[k]) !== JSON.stringify(y[k])) return `${x.name}.${k} ${JSON.stringify(x[k])} ≠ ${JSON.stringify(y[k])}`;
    }
    if (x.name !== y.name) return `name ${x.name} ≠ ${y.name}`;
  }
  return 'IDs or names paired differently';
}

/** Both texts from a little before their first difference, quoted, at most ~100 characters each. */
function around(a: string, b: string): [string, string] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 30);
  const cut = (s: string) => JSON.stringify((from ? '…' : '') + (s.length - from > 100 ? `${s.slice(from, from + 100)}…` : s.slice(from)));
  return [cut(a), cut(b)];
}
