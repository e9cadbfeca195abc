/**
 * The attached part of `docker run`, `docker start -a` and `docker attach`:
 * stream the container's output to the client, feed the client's stdin to it,
 * and end with the container's exit status (or on detach / cancellation).
 */
import type { ContainerInspect, Session, WaitCondition } from '../../api.ts';
import { type Ctx, untilEnded } from '../context.ts';
import { clientSignal } from '../io.ts';

export interface AttachFlowOptions {
  stdin: boolean;
  stdout?: boolean;
  stderr?: boolean;
  detachKeys?: string | undefined;
  /** Start the container after attaching (run, start -a). Throws on a failed start. */
  start?: () => Promise<void>;
  /** Wait condition (run --rm waits for removal). */
  condition?: WaitCondition;
  /** docker attach prints "read escape sequence" and exits 1 on detach; run returns 0. */
  onDetach?: () => number;
  /**
   * Forward a signal to the client (timeout's SIGTERM, Ctrl-C's SIGINT) to the container's
   * PID 1 and keep waiting (docker/cli ForwardAllSignals: `run --sig-proxy`, `attach
   * --sig-proxy` and `start -a` of a non-TTY container). Otherwise the signal ends the client.
   */
  sigProxy?: boolean;
}

/**
 * The client's own end, as an AbortSignal: a signal it does not catch (io.signal), or SIGKILL
 * (io.kill). With sig-proxy a SIGTERM/SIGINT goes to the container instead (ContainerKill,
 * whose errors the client only logs) and the client goes on.
 */
export function clientEnd(ctx: Ctx, containerId: string, sigProxy: boolean): { signal: AbortSignal; dispose: () => void } {
  const end = new AbortController();
  const outer = ctx.io.signal;
  const kill = ctx.io.kill;
  const onSignal = () => {
    const sig = sigProxy ? clientSignal(outer!.reason) : undefined;
    if (sig === undefined) {
      end.abort(outer!.reason);
      return;
    }
    ctx.engine.containerKill(containerId, sig).catch(() => {});
  };
  const onKill = () => end.abort(kill!.reason);
  if (kill?.aborted) onKill();
  else kill?.addEventListener('abort', onKill);
  if (outer?.aborted) onSignal();
  else outer?.addEventListener('abort', onSignal);
  return {
    signal: end.signal,
    dispose: () => {
      outer?.removeEventListener('abort', onSignal);
      kill?.removeEventListener('abort', onKill);
    },
  };
}

/** Pipes the client's stdin into the session until EOF; returns an unsubscribe. */
export function pumpStdin(ctx: Ctx, session: Session): () => void {
  const read = ctx.io.stdin.read;
  if (!read) {
    session.closeStdin();
    return () => {};
  }
  return read.call(
    ctx.io.stdin,
    (data) => session.write(data),
    () => session.closeStdin(),
  );
}

export async function attachAndWait(ctx: Ctx, info: ContainerInspect, opts: AttachFlowOptions): Promise<number> {
  const engine = ctx.engine;
  const session = await engine.containerAttach(info.Id, {
    stdin: opts.stdin,
    stdout: opts.stdout ?? true,
    stderr: opts.stderr ?? true,
    ...(opts.detachKeys ? { detachKeys: opts.detachKeys } : {}),
  });
  session.onOutput((stream, data) => (stream === 'stdout' ? ctx.io.out(data) : ctx.io.err(data)));
  const waitAbort = new AbortController();
  const client = clientEnd(ctx, info.Id, opts.sigProxy ?? false);
  const outer = client.signal;
  const onOuterAbort = () => waitAbort.abort(outer.reason);
  outer.addEventListener('abort', onOuterAbort);
  const waiting = engine.containerWait(info.Id, opts.condition ?? 'next-exit', waitAbort.signal);
  waiting.catch(() => {});
  let unpump = () => {};
  try {
    if (opts.start) {
      try {
        await opts.start();
      } catch (e) {
        session.detach();
        waitAbort.abort();
        throw e;
      }
    }
    if (opts.stdin) unpump = pumpStdin(ctx, session);
    let ended;
    try {
      ended = await untilEnded(session, outer);
    } catch (e) {
      waitAbort.abort(outer.reason);
      throw e;
    }
    if (ended === 'detached') {
      waitAbort.abort();
      return opts.onDetach ? opts.onDetach() : 0;
    }
    const result = await waiting;
    return result.StatusCode;
  } finally {
    unpump();
    outer.removeEventListener('abort', onOuterAbort);
    client.dispose();
  }
}
