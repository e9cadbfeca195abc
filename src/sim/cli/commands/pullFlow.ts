/** Pulling an image and showing the daemon's progress as the CLI does when stdout is not a terminal. */
import type { ProgressMessage } from '../../api.ts';
import type { Ctx } from '../context.ts';

export function progressLine(m: ProgressMessage): string {
  return `${m.id ? `${m.id}: ` : ''}${m.status}${m.progress ? ` ${m.progress}` : ''}\n`;
}

/**
 * Pull `ref` (with `all`, every tag of that repository), writing progress to `write`
 * (stderr for run/create, stdout for pull). No credentials go with it: every
 * repository of the simulated registries can be pulled without them.
 */
export async function pullImage(ctx: Ctx, ref: string, write: (s: string) => void, opts: { all?: boolean } = {}): Promise<void> {
  await ctx.engine.imagePull(ref, (m) => write(progressLine(m)), ctx.io.signal, opts);
}
