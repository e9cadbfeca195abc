/**
 * One complete simulated Docker host: clock, kernel with its programs, image
 * store, and the daemon (SimEngine). What the runner, the tests and the site use.
 */
import type { StoreKind } from './images/types.ts';
import { Clock, DEFAULT_EPOCH_MS } from './clock.ts';
import { SimImages } from './engine/images.ts';
import { SimEngine } from './engine/simEngine.ts';
import { SimKernel } from './kernel/kernel.ts';
import { MemoryFs } from './fs/memory.ts';
import { outside } from './outside.ts';
import { PROFILES, type DockerVersion } from './profile.ts';
import { BUSYBOX_PROGRAMS, CATALOG_PROGRAMS } from './programs/index.ts';

export interface SimulatorOptions {
  version?: DockerVersion;
  seed?: number;
  /** Simulated time at start, ms since the epoch. */
  startMs?: number;
  /** Images present at start (default: busybox:latest). */
  preload?: Array<'busybox' | 'nocmd'>;
  /** The image store (default: the version's, containerd for 29): 'overlay2' is Docker 29 on the graph driver, as the native backend keeps images. */
  storage?: StoreKind;
  /** `uname -r` in containers (default: the profile's); `classroom check` gives the host's. */
  kernelRelease?: string;
}

export interface Simulator {
  version: DockerVersion;
  clock: Clock;
  kernel: SimKernel;
  images: SimImages;
  engine: SimEngine;
  /** The simulated host's own files (what bind mounts show; what a lesson lists with `ls` on the host). */
  host: MemoryFs;
}

export function createSimulatorSync(opts: SimulatorOptions = {}): Simulator {
  const version = opts.version ?? '29';
  const profile = PROFILES[version];
  const clock = new Clock(opts.startMs ?? DEFAULT_EPOCH_MS);
  const kernel = new SimKernel({ clock, programs: { ...CATALOG_PROGRAMS, ...BUSYBOX_PROGRAMS }, release: opts.kernelRelease ?? profile.kernelRelease });
  const images = new SimImages({ profile, clock, ...(opts.preload ? { preload: opts.preload } : {}), ...(opts.storage ? { storage: opts.storage } : {}) });
  const host = new MemoryFs({ now: () => clock.now() });
  for (const dir of ['/root', '/home', '/tmp', '/srv', '/var/lib/docker']) host.mkdir(dir, { parents: true, mode: dir === '/tmp' ? 0o1777 : 0o755 });
  const engine = new SimEngine({ profile, clock, kernel, images, host, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  images.setUsers((id) =>
    engine
      .containers()
      .filter((c) => c.imageId === id)
      .map((c) => ({ id: c.id, running: c.state === 'running' || c.state === 'paused' || c.state === 'restarting' })),
  );
  // a registry container publishing its port makes localhost:PORT reachable
  images.registry.setContainerLookup(async (port) => (await outside(import('./engine/registryHosts.ts'))).servedRegistry(engine, images.registry, port));
  return { version, clock, kernel, images, engine, host };
}

export async function createSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  return createSimulatorSync(opts);
}
