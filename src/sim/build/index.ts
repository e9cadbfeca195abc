/**
 * `POST /build` on the simulated daemon: the classic builder over the context tar,
 * its output as the daemon's JSON message stream. Loaded on the first
 * `docker build` (dynamic import from SimEngine.imageBuild): its own chunk.
 */
import type { BuildMessage, BuildOptions } from '../api.ts';
import type { SimEngine } from '../engine/simEngine.ts';
import type { BuildBackend } from './backend.ts';
import { Builder } from './builder.ts';
import { StepError } from './copy.ts';
import { kit, setKit, type Kit } from './kitRef.ts';
import { BuildOutput } from './output.ts';
import { SimBuildBackend } from './simBackend.ts';

/** Runs a build on any backend (tests use their own). */
export async function build(
  backend: BuildBackend,
  context: Uint8Array,
  options: BuildOptions,
  onMessage: (m: BuildMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  const out = new BuildOutput(onMessage, options.quiet ?? false);
  const builder = new Builder(
    backend,
    out,
    {
      dockerfile: options.dockerfile ?? '',
      tags: options.tags ?? [],
      buildArgs: new Map(Object.entries(options.buildArgs ?? {}).map(([k, v]) => [k, v ?? undefined])),
      labels: options.labels ?? {},
      noCache: options.noCache ?? false,
      remove: options.remove ?? true,
      forceRemove: options.forceRemove ?? false,
      pull: options.pull ?? false,
      target: options.target ?? '',
      cacheFrom: options.cacheFrom ?? [],
    },
    signal,
  );
  try {
    const id = await builder.build(context);
    if (options.quiet) out.finishQuiet(id);
  } catch (e) {
    const { EngineError } = kit();
    if (!(e instanceof StepError || e instanceof EngineError)) throw e;
    const code = e instanceof StepError ? e.code : undefined;
    if (out.fail(e.message, code)) return;
    throw e instanceof EngineError ? e : new EngineError('system', e.message);
  }
}

/** SimEngine.imageBuild's body (the kit: what the builder uses of the main bundle). */
export function buildOnSimEngine(
  k: Kit,
  engine: SimEngine,
  context: Uint8Array,
  options: BuildOptions,
  onMessage: (m: BuildMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  setKit(k);
  return build(new SimBuildBackend(engine), context, options, onMessage, signal);
}
