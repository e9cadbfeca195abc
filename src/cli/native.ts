/**
 * The native engine on the command line:
 *   classroom run --engine native [--docker 29|20.10] FILE   (wired from classroom.ts)
 *   classroom native gc [--state-root DIR] [--json]           leftovers of crashed runs
 * The state root is $CLASSROOM_NATIVE_ROOT, else /var/lib/container-classroom.
 */
import { lockStateRoot, openNative, NativeUnavailable, nativeProblems, DEFAULT_STATE_ROOT, type NativeBackend } from '../native/engine/backend.ts';
import { collectCrashed, scriptScope } from '../native/engine/cleanup.ts';
import { NativeHost } from '../native/engine/host.ts';
import { runSteps } from '../runner/run.ts';
import type { Step } from '../runner/script.ts';
import type { TranscriptStep } from '../runner/transcript.ts';
import type { DockerVersion } from '../sim/profile.ts';
import { nodeFiles } from './nodeFiles.ts';

export function nativeStateRoot(): string {
  return process.env['CLASSROOM_NATIVE_ROOT'] || DEFAULT_STATE_ROOT;
}

export interface NativeRunOptions {
  docker: DockerVersion;
  seed?: number;
  stateRoot?: string;
  onStep?: (step: Step, result: TranscriptStep) => void | Promise<void>;
}

/**
 * Runs a script on the native engine and cleans up what it made (also on SIGINT and
 * SIGTERM: the running step is cancelled first). Leftovers of crashed runs go before.
 * Returns the transcript, or the exit status when the engine cannot run here (the
 * reasons printed on stderr, one line each).
 */
export async function runNativeSteps(steps: Step[], o: NativeRunOptions): Promise<{ transcript: TranscriptStep[]; status: number }> {
  const stateRoot = o.stateRoot ?? nativeStateRoot();
  const problems = nativeProblems(stateRoot);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`classroom: native engine: ${p}\n`);
    return { transcript: [], status: 2 };
  }
  let backend: NativeBackend;
  let unlock = () => {};
  try {
    unlock = lockStateRoot(stateRoot);
    backend = await openNative({ stateRoot, version: o.docker, skipPreflight: true, ...(o.seed !== undefined ? { seed: o.seed } : {}) });
  } catch (e) {
    unlock();
    if (!(e instanceof NativeUnavailable)) throw e;
    for (const p of e.problems) process.stderr.write(`classroom: native engine: ${p}\n`);
    return { transcript: [], status: 2 };
  }
  await collectCrashed(backend);
  const scope = scriptScope(backend);
  const interrupt = new AbortController();
  let caught: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (caught) return;
    caught = sig;
    interrupt.abort(new DOMException(sig, 'AbortError'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const host = new NativeHost(backend.engine, { files: nodeFiles(process.cwd()), version: o.docker, signal: interrupt.signal });
  const transcript: TranscriptStep[] = [];
  try {
    const remaining = [...steps];
    await runSteps(remaining, host, async (step, result) => {
      transcript.push(result);
      await o.onStep?.(step, result);
      if (interrupt.signal.aborted) remaining.length = 0;
    });
  } finally {
    const left = await scope.cleanup();
    backend.engine.close();
    unlock();
    for (const l of left) process.stderr.write(`classroom: native engine: cleanup: ${l}\n`);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (caught) return { transcript, status: caught === 'SIGINT' ? 130 : 143 };
  return { transcript, status: 0 };
}

const GC_USAGE = `Usage: classroom native gc [--state-root DIR] [--json]

Removes what crashed native runs left behind under the state root (default
$CLASSROOM_NATIVE_ROOT or ${DEFAULT_STATE_ROOT}): their containers and volumes,
shim and runc processes, runc state, cgroups beneath ours, and mounts.
Containers of a native run that is still going are left alone.
`;

export async function nativeCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'gc') {
    process.stderr.write(sub === undefined || sub === '--help' || sub === '-h' ? GC_USAGE : `classroom native: unknown command '${sub}'\n\n${GC_USAGE}`);
    return sub === '--help' || sub === '-h' ? 0 : 2;
  }
  let stateRoot = nativeStateRoot();
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--json') json = true;
    else if (a === '--state-root' && rest[i + 1] !== undefined) stateRoot = rest[++i]!;
    else if (a.startsWith('--state-root=')) stateRoot = a.slice('--state-root='.length);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(GC_USAGE);
      return 0;
    } else {
      process.stderr.write(`classroom native gc: unexpected argument '${a}'\n`);
      return 2;
    }
  }
  let backend: NativeBackend;
  let unlock = () => {};
  try {
    unlock = lockStateRoot(stateRoot);
    backend = await openNative({ stateRoot });
  } catch (e) {
    unlock();
    if (!(e instanceof NativeUnavailable)) throw e;
    for (const p of e.problems) process.stderr.write(`classroom: native engine: ${p}\n`);
    return 2;
  }
  let r;
  try {
    r = await collectCrashed(backend);
  } finally {
    backend.engine.close();
    unlock();
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  } else {
    const g = r.runtime;
    process.stdout.write(
      [
        `containers removed: ${r.containers.length}`,
        `volumes removed: ${r.volumes.length}`,
        ...(g
          ? [
              `shims killed: ${g.killedShims.length}`,
              `processes killed: ${g.killedProcesses.length}`,
              `runc state deleted: ${g.deletedRuncContainers.length}`,
              `cgroups removed: ${g.removedCgroups.length}`,
              `unmounted: ${g.unmounted.length}`,
            ]
          : [`runtime left alone: ${r.live} container(s) of a running native backend`]),
        ...(g?.leftovers ?? []).map((l) => `left: ${l}`),
      ].join('\n') + '\n',
    );
  }
  return r.runtime && r.runtime.leftovers.length ? 1 : 0;
}
