/**
 * Shared by the native registry tests: why they cannot run here (the native engine's
 * reasons, or Debian's docker-registry missing), a free loopback port, Debian's
 * docker-registry started on it with the recorder's code (test/conformance/hostServices.ts:
 * its own temp config and storage, stopped by PID), the same script on the simulator
 * with a registry at the same port (as the conformance replay gives it one), and a
 * fingerprint of the native image store (to show a failed pull changed nothing).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { nodeFiles } from '../../../src/cli/nodeFiles.ts';
import type { SnapshotStep } from '../../../src/native/engine/differential.ts';
import type { NativeImageStore } from '../../../src/native/images/index.ts';
import { runSteps } from '../../../src/runner/run.ts';
import { parseScript } from '../../../src/runner/script.ts';
import { SimHost } from '../../../src/runner/simHost.ts';
import { PrivateRegistry } from '../../../src/sim/images/privateRegistry.ts';
import type { DockerVersion } from '../../../src/sim/profile.ts';
import { createSimulator } from '../../../src/sim/simulator.ts';
import { startHostServices, type HostServices } from '../../conformance/hostServices.ts';
import { skipReason as nativeSkip } from '../engine/harness.ts';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

/** Why a test needing the native engine and Debian's docker-registry cannot run here (undefined: it can). */
export const registrySkip: string | undefined =
  nativeSkip ?? (existsSync(REGISTRY_BIN) ? undefined : `${REGISTRY_BIN} missing (apt-get install -y docker-registry)`);

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Debian's docker-registry on a free loopback port, for the test's duration. */
export async function startRegistry(): Promise<{ port: number; stop: () => Promise<void> }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    let svc: HostServices;
    try {
      svc = await startHostServices({ registryPort: port });
    } catch (e) {
      lastError = e; // the port was taken in between: another one
      continue;
    }
    return { port, stop: () => svc.stop() };
  }
  throw lastError;
}

/** A script on a fresh simulator (seed 7) whose host has a registry on `port`. */
export async function runSimWithRegistry(script: string, version: DockerVersion, cwd: string, port: number, preload?: Array<'busybox' | 'nocmd'>): Promise<SnapshotStep[]> {
  const sim = await createSimulator({ version, seed: 7, ...(preload ? { preload } : {}) });
  sim.images.registry.listen(port, new PrivateRegistry());
  const host = new SimHost(sim, nodeFiles(cwd));
  const out: SnapshotStep[] = [];
  await runSteps(parseScript(script), host, (_s, r) => {
    out.push({ ...r, containers: host.snapshot() });
  });
  return out;
}

/** The store's index and every layer and config file name: equal before and after = nothing changed. */
export function storeFingerprint(store: NativeImageStore): string {
  const list = (d: string) => (existsSync(d) ? readdirSync(d).sort() : []);
  return JSON.stringify({
    index: readFileSync(`${store.dir}/index.json`, 'utf8'),
    layers: list(`${store.dir}/layers/sha256`),
    configs: list(`${store.dir}/configs/sha256`),
    tmp: list(`${store.dir}/tmp`),
  });
}
