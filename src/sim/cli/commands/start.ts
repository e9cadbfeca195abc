/** docker start [-a] [-i] CONTAINER… */
import { type Ctx, bool, errorText, forEachTarget, isOld, str } from '../context.ts';
import { attachAndWait } from './attachFlow.ts';

export async function start(ctx: Ctx): Promise<number> {
  const targets = ctx.parsed.args;
  const attach = bool(ctx, 'attach') || bool(ctx, 'interactive');
  if (attach) {
    if (targets.length > 1) {
      ctx.io.err('you cannot start and attach multiple containers at once\n');
      return 1;
    }
    return startAttached(ctx, targets[0]!);
  }
  return forEachTarget(ctx, targets, (t) => ctx.engine.containerStart(t), {
    onErrors: (errors, failed) => {
      const prefix = isOld(ctx) ? 'Error: failed' : 'failed';
      ctx.io.err(`${errors.join('\n')}\n${prefix} to start containers: ${failed.join(', ')}\n`);
    },
  });
}

async function startAttached(ctx: Ctx, target: string): Promise<number> {
  let info;
  try {
    info = await ctx.engine.containerInspect(target);
  } catch (e) {
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  if (info.State.Running && !info.State.Restarting) {
    // docker start -a on a running container just attaches (start is a 304).
  }
  return attachAndWait(ctx, info, {
    stdin: bool(ctx, 'interactive') && info.Config.OpenStdin,
    detachKeys: str(ctx, 'detach-keys') || undefined,
    // start -a has no --sig-proxy flag: it forwards signals unless the container has a TTY
    sigProxy: !info.Config.Tty,
    start: async () => {
      try {
        await ctx.engine.containerStart(info.Id);
      } catch (e) {
        if (e instanceof Error && 'errorClass' in e && (e as { errorClass: string }).errorClass === 'notModified') return;
        throw e;
      }
    },
  });
}
