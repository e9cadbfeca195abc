/**
 * `POST /build` on the native daemon: the simulator's classic builder (src/sim/build)
 * over the native backend. Loaded on the first `docker build` (NativeEngine.imageBuild).
 */
import type { BuildMessage, BuildOptions } from '../../sim/api.ts';
import { build } from '../../sim/build/index.ts';
import { buildKit } from '../../sim/build/kit.ts';
import { setKit } from '../../sim/build/kitRef.ts';
import { parseSignal } from '../../sim/engine/simEngine.ts';
import type { NativeEngine } from '../engine/nativeEngine.ts';
import { NativeBuildBackend } from './nativeBackend.ts';

export function buildOnNative(
  engine: NativeEngine,
  context: Uint8Array,
  options: BuildOptions,
  onMessage: (m: BuildMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  // the builder reaches the simulator's modules through its kit (src/sim/build/kit.ts); here they are plain imports
  setKit({ ...buildKit, parseSignal });
  return build(new NativeBuildBackend(engine), context, options, onMessage, signal);
}
