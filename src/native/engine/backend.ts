/**
 * Opening the native backend: preflight (one line per problem), the image store with
 * busybox:latest, the runtime, the engine with its containers found again.
 */
import { ensureBusybox, NativeImageStore } from '../images/index.ts';
import { preflightReport } from '../runtime/preflight.ts';
import { DEFAULT_STATE_ROOT } from '../runtime/paths.ts';
import { PROFILES, type DockerVersion } from '../../sim/profile.ts';
import { emptyTrash } from '../runtime/trash.ts';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImagesAdapter } from './imagesAdapter.ts';
import { NativeEngine, ownerAlive, processOwner } from './nativeEngine.ts';
import { RuntimeAdapter } from './runtimeAdapter.ts';

export { DEFAULT_STATE_ROOT };

export class NativeUnavailable extends Error {
  override readonly name = 'NativeUnavailable';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/**
 * One backend process per state root (the image store and the runtime's gc are not
 * safe against a second one): `<root>/engine.lock` names the owner; a lock whose process
 * is gone is taken over. Returns a release function, or throws NativeUnavailable.
 */
export function lockStateRoot(stateRoot: string): () => void {
  mkdirSync(stateRoot, { recursive: true, mode: 0o711 });
  const file = join(stateRoot, 'engine.lock');
  const me = processOwner();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, me, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (readFileSync(file, 'utf8') === me) rmSync(file, { force: true });
        } catch {
          /* gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = '';
    try {
      holder = readFileSync(file, 'utf8').trim();
    } catch {
      continue;
    }
    if (holder === me) return () => {};
    if (holder && ownerAlive(holder)) {
      throw new NativeUnavailable([
        `another native run (pid ${holder.split(':')[0]}) is using the state root ${stateRoot}: wait for it to end, or give this one its own with CLASSROOM_NATIVE_ROOT=DIR`,
      ]);
    }
    rmSync(file, { force: true });
  }
  throw new NativeUnavailable([`cannot take the lock ${file}: remove it if no native run is going`]);
}

export interface OpenOptions {
  stateRoot?: string;
  version?: DockerVersion;
  /** Names the records this process writes (default: its PID and start time). */
  owner?: string;
  seed?: number;
  /** Skip the preflight (tests that ran it already). */
  skipPreflight?: boolean;
  /** Where bind mounts' host paths live (NativeEngineOptions.hostRoot; `classroom serve`). */
  hostRoot?: string;
}

export interface NativeBackend {
  engine: NativeEngine;
  store: NativeImageStore;
  runtime: RuntimeAdapter;
  stateRoot: string;
}

/** Runs the preflight checks; the problems, one line each (empty: usable). */
export function nativeProblems(stateRoot = DEFAULT_STATE_ROOT): string[] {
  return preflightReport({ stateRoot }).errors;
}

export async function openNative(o: OpenOptions = {}): Promise<NativeBackend> {
  const stateRoot = o.stateRoot ?? DEFAULT_STATE_ROOT;
  if (!o.skipPreflight) {
    const problems = nativeProblems(stateRoot);
    if (problems.length) throw new NativeUnavailable(problems);
  }
  const version = o.version ?? '29';
  emptyTrash(stateRoot);
  const store = NativeImageStore.open({ root: stateRoot });
  try {
    await ensureBusybox(store);
  } catch (e) {
    throw new NativeUnavailable([(e as Error).message]);
  }
  const runtime = new RuntimeAdapter(stateRoot);
  const images = new ImagesAdapter({ store, stateRoot, version });
  const engine = new NativeEngine({
    stateRoot,
    runtime,
    images,
    profile: PROFILES[version],
    ...(o.owner ? { owner: o.owner } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.hostRoot !== undefined ? { hostRoot: o.hostRoot } : {}),
  });
  store.setContainersUsing((id) =>
    engine
      .containers()
      .filter((c) => c.imageId === id)
      .map((c) => ({ id: c.id, running: c.state === 'running' || c.state === 'paused' || c.state === 'restarting' })),
  );
  await engine.restore();
  return { engine, store, runtime, stateRoot };
}
