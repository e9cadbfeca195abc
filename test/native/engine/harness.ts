/**
 * Shared by the native engine's tests: a temp state root, the same script run on the
 * simulator and on the native engine, both transcripts normalised alike, and an
 * inventory of what the native backend holds on the machine (for leak checks).
 * The tests skip, with the reason, where the native engine cannot run (not Linux,
 * not root, no runc, no overlayfs, an unusable cgroup layout).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFiles } from '../../../src/cli/nodeFiles.ts';
import { openNative, nativeProblems, type NativeBackend } from '../../../src/native/engine/backend.ts';
import { scriptScope } from '../../../src/native/engine/cleanup.ts';
import { NativeHost } from '../../../src/native/engine/host.ts';
import { inventory } from '../../../src/native/runtime/gc.ts';
import { readMountInfo } from '../../../src/native/runtime/proc.ts';
import { compared, type Compared, type SnapshotStep } from '../../../src/native/engine/differential.ts';
import { runSteps } from '../../../src/runner/run.ts';
import { parseScript } from '../../../src/runner/script.ts';
import { SimHost } from '../../../src/runner/simHost.ts';
import type { DockerVersion } from '../../../src/sim/profile.ts';
import { createSimulator } from '../../../src/sim/simulator.ts';

function why(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root';
  const probe = mkdtempSync(join(tmpdir(), 'classroom-native-probe-'));
  try {
    const problems = nativeProblems(probe);
    return problems.length ? problems.join('; ') : undefined;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Why the native tests cannot run here (undefined: they can). */
export const skipReason: string | undefined = why();

export interface TestBackend {
  backend: NativeBackend;
  root: string;
  /** The scratch directory scripts run in (host files for -o/-i). */
  cwd: string;
  close(): Promise<void>;
}

export async function openTestBackend(version: DockerVersion = '29'): Promise<TestBackend> {
  // `/tmp/tmp.XXXX/root`: the normaliser's data-root form (as the fixture recorder's), so
  // paths under the state root compare equal to the simulator's /var/lib/docker.
  const scratch = mkdtempSync('/tmp/tmp.');
  const root = join(scratch, 'root');
  mkdirSync(root, { mode: 0o711 });
  const cwd = mkdtempSync(join(tmpdir(), 'classroom-native-cwd-'));
  const backend = await openNative({ stateRoot: root, version, skipPreflight: true });
  return {
    backend,
    root,
    cwd,
    async close() {
      await scriptScope(backend).cleanup();
      backend.engine.close();
      rmSync(scratch, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

export type Step = SnapshotStep;
export type { Compared };

export async function runSim(script: string, version: DockerVersion, cwd: string): Promise<Step[]> {
  const sim = await createSimulator({ version, seed: 7 });
  const host = new SimHost(sim, nodeFiles(cwd));
  const out: Step[] = [];
  await runSteps(parseScript(script), host, (_s, r) => {
    out.push({ ...r, containers: host.snapshot() });
  });
  return out;
}

/** Runs a script on the native engine and removes what it made. */
export async function runNative(t: TestBackend, script: string, version: DockerVersion): Promise<Step[]> {
  const scope = scriptScope(t.backend);
  const host = new NativeHost(t.backend.engine, { files: nodeFiles(t.cwd), version, hangLimitS: 30 });
  const out: Step[] = [];
  try {
    await runSteps(parseScript(script), host, (_s, r) => {
      out.push({ ...r, containers: host.snapshot() });
    });
  } finally {
    const left = await scope.cleanup();
    if (left.length) throw new Error(`cleanup left: ${left.join('; ')}`);
  }
  return out;
}

/** Both transcripts, normalised the same way. */
export async function differential(t: TestBackend, script: string, version: DockerVersion = '29'): Promise<{ sim: Compared[]; native: Compared[] }> {
  const sim = compared(await runSim(script, version, t.cwd));
  const native = compared(await runNative(t, script, version));
  return { sim, native };
}

/** What the backend holds on the machine: mounts, cgroups, processes, runc state. */
export function holdings(root: string): { mounts: string[]; cgroups: string[]; processes: number[]; runcState: string[] } {
  const inv = inventory({ stateRoot: root });
  const mounts = readMountInfo()
    .map((m) => m.mountPoint)
    .filter((p) => p.startsWith(root));
  return { mounts, cgroups: inv.cgroups, processes: inv.processes, runcState: inv.runcState };
}
