/**
 * The native backend: the Engine interface on real Linux (runc, namespaces, cgroups,
 * overlayfs). Node only; needs root. See src/native/engine/README.md.
 *
 *   const b = await openNative({ stateRoot });      // preflight, image store, busybox, runtime
 *   const host = new NativeHost(b.engine);          // a runner Host in real time
 *   const scope = scriptScope(b); … await scope.cleanup();
 */
export { openNative, nativeProblems, NativeUnavailable, DEFAULT_STATE_ROOT, type NativeBackend, type OpenOptions } from './engine/backend.ts';
export { NativeEngine, processOwner, ownerAlive, exitCodeForMessage, type NativeEngineOptions } from './engine/nativeEngine.ts';
export { NativeHost, realTypedStdin, type NativeHostOptions } from './engine/host.ts';
export { scriptScope, collectCrashed, type ScriptScope, type CollectReport } from './engine/cleanup.ts';
export { ImagesAdapter } from './engine/imagesAdapter.ts';
export { RuntimeAdapter } from './engine/runtimeAdapter.ts';
export type { ImagePort, RuntimePort, TaskSpec, ContainerLayer } from './engine/ports.ts';
