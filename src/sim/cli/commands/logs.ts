/** docker logs [-f] [-t] [--tail N] [--since T] [--until T] CONTAINER */
import { EngineError } from '../../errors.ts';
import { getTimestamp } from '../format/duration.ts';
import { type Ctx, bool, errorText, inspectFirst, str } from '../context.ts';

export async function logs(ctx: Ctx): Promise<number> {
  const ref = ctx.parsed.args[0]!;
  const now = ctx.engine.now();
  let since: number | undefined;
  let until: number | undefined;
  try {
    const s = str(ctx, 'since');
    if (s !== '') since = timestamp(s, now, 'since');
    const u = str(ctx, 'until');
    if (u !== '') until = timestamp(u, now, 'until');
  } catch (e) {
    ctx.io.err(`${(e as Error).message}\n`);
    return 1;
  }
  const timestamps = bool(ctx, 'timestamps');
  // The CLI inspects first (to learn about the TTY); a missing container fails there.
  if (!(await inspectFirst(ctx, ref))) return 1;
  try {
    await ctx.engine.containerLogs(
      ref,
      {
        stdout: true,
        stderr: true,
        follow: bool(ctx, 'follow'),
        timestamps,
        tail: str(ctx, 'tail') || 'all',
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
      },
      (line) => {
        const text = timestamps ? `${line.time} ${line.text}` : line.text;
        if (line.stream === 'stdout') ctx.io.out(text);
        else ctx.io.err(text);
      },
      ctx.io.signal,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}

/** The client's timetypes.GetTimestamp, wrapped as the API client wraps its error. */
function timestamp(value: string, now: number, what: 'since' | 'until'): number {
  try {
    return Number(getTimestamp(value, now));
  } catch (e) {
    throw new Error(`invalid value for "${what}": ${(e as Error).message}`);
  }
}
