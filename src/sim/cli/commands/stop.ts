/** docker stop / restart / kill / pause / unpause: one action per target, errors joined. */
import { type Ctx, CliError, forEachTarget, num, str, changed, isOld } from '../context.ts';

function stopOptions(ctx: Ctx): { timeout?: number; signal?: string } {
  const opts: { timeout?: number; signal?: string } = {};
  if (changed(ctx, 'time', 'timeout')) opts.timeout = num(ctx, 'timeout') ?? num(ctx, 'time');
  const sig = str(ctx, 'signal');
  if (sig) opts.signal = sig;
  return opts;
}

export function stop(ctx: Ctx): Promise<number> {
  if (changed(ctx, 'time') && changed(ctx, 'timeout')) {
    throw new CliError('conflicting options: --timeout and --time cannot be used together', 1);
  }
  const opts = stopOptions(ctx);
  return forEachTarget(ctx, ctx.parsed.args, (t) => ctx.engine.containerStop(t, opts));
}

export function restart(ctx: Ctx): Promise<number> {
  const opts = stopOptions(ctx);
  return forEachTarget(ctx, ctx.parsed.args, (t) => ctx.engine.containerRestart(t, opts));
}

export function kill(ctx: Ctx): Promise<number> {
  const sig = str(ctx, 'signal') || 'KILL';
  return forEachTarget(ctx, ctx.parsed.args, (t) => ctx.engine.containerKill(t, sig));
}

export function pause(ctx: Ctx): Promise<number> {
  return forEachTarget(ctx, ctx.parsed.args, (t) => ctx.engine.containerPause(t));
}

export function unpause(ctx: Ctx): Promise<number> {
  return forEachTarget(ctx, ctx.parsed.args, (t) => ctx.engine.containerUnpause(t));
}

export { isOld };
