/** docker attach [--no-stdin] [--sig-proxy] [--detach-keys] CONTAINER */
import { verdict } from '../../lifecycle/verdict.ts';
import { type Ctx, bool, inspectFirst, isOld, str } from '../context.ts';
import { attachAndWait } from './attachFlow.ts';

export async function attach(ctx: Ctx): Promise<number> {
  const ref = ctx.parsed.args[0]!;
  const info = await inspectFirst(ctx, ref);
  if (!info) return 1;
  // The CLI refuses by itself; the lifecycle machine says which states allow attaching.
  const v = verdict(info.State.Status, 'container.attach');
  if (v.kind === 'refuse') {
    const you = isOld(ctx) ? 'You cannot' : 'cannot';
    if (v.reason === 'paused') ctx.io.err(`${you} attach to a paused container, unpause it first\n`);
    else if (v.reason === 'restarting') ctx.io.err(`${you} attach to a restarting container, wait until it is running\n`);
    else ctx.io.err(`${you} attach to a stopped container, start it first\n`);
    return 1;
  }
  const stdin = !bool(ctx, 'no-stdin');
  if (stdin && info.Config.Tty && !ctx.io.stdin.isTTY) {
    ctx.io.err('the input device is not a TTY\n');
    return 1;
  }
  return attachAndWait(ctx, info, {
    stdin: stdin && info.Config.OpenStdin,
    detachKeys: str(ctx, 'detach-keys') || undefined,
    condition: 'not-running',
    sigProxy: bool(ctx, 'sig-proxy') && !info.Config.Tty,
    onDetach: () => {
      ctx.io.err('read escape sequence\n');
      return 1;
    },
  });
}
