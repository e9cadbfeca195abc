/**
 * The attached part of `docker run`, `docker start -a` and `docker attach`:
 * stream the container's output to the client, feed the client's stdin to it,
 * and end with the container's exit status (or on detach / cancellation).
 */
import type { ContainerInspect, Session, WaitCondition } from '../../api.ts';
import { type Ctx, untilEnded } from '../context.ts';

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
  const outer = ctx.io.signal;
  const onOuterAbort = () => waitAbort.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort);
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
      waitAbort.abort(outer?.reason);
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
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
