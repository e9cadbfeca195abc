/** docker exec [-d] [-i] [-t] [-e] [-w] [-u] CONTAINER COMMAND [ARG…] */
import { EngineError } from '../../errors.ts';
import { type Ctx, bool, errorText, inspectFirst, list, str, untilEnded } from '../context.ts';
import { pumpStdin } from './attachFlow.ts';

export async function exec(ctx: Ctx): Promise<number> {
  const [ref = '', ...cmd] = ctx.parsed.args;
  const interactive = bool(ctx, 'interactive');
  const tty = bool(ctx, 'tty');
  const detach = bool(ctx, 'detach');
  const workdir = str(ctx, 'workdir');
  const env = list(ctx, 'env').map((e) => {
    if (e.includes('=')) return e;
    const v = ctx.io.env?.[e];
    return v === undefined ? e : `${e}=${v}`;
  });
  // docker/cli inspects the container first, so "No such container" wins.
  if (!(await inspectFirst(ctx, ref))) return 1;
  if (!detach && interactive && tty && !ctx.io.stdin.isTTY) {
    ctx.io.err('the input device is not a TTY\n');
    return 1;
  }
  let execId: string;
  try {
    const res = await ctx.engine.execCreate(ref, {
      Cmd: cmd,
      AttachStdin: interactive && !detach,
      AttachStdout: !detach,
      AttachStderr: !detach,
      Tty: tty,
      Env: env,
      ...(workdir ? { WorkingDir: workdir } : {}),
      ...(str(ctx, 'user') ? { User: str(ctx, 'user') } : {}),
      ...(str(ctx, 'detach-keys') ? { DetachKeys: str(ctx, 'detach-keys') } : {}),
    });
    execId = res.Id;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  let session;
  try {
    session = await ctx.engine.execStart(execId, { Detach: detach, Tty: tty });
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  if (detach) return 0;
  session.onOutput((stream, data) => (stream === 'stdout' ? ctx.io.out(data) : ctx.io.err(data)));
  const unpump = interactive ? pumpStdin(ctx, session) : () => {};
  try {
    if ((await untilEnded(session, ctx.io.signal)) === 'detached') return 0;
  } finally {
    unpump();
  }
  const info = await ctx.engine.execInspect(execId);
  return info.ExitCode ?? 0;
}
