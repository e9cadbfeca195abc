/** Pulling an image and showing the daemon's progress as the CLI does when stdout is not a terminal. */
import type { ProgressMessage } from '../../api.ts';
import { parseNormalizedNamed } from '../../images/reference.ts';
import type { Ctx } from '../context.ts';
import { authFor } from '../credentials.ts';

export function progressLine(m: ProgressMessage): string {
  return `${m.id ? `${m.id}: ` : ''}${m.status}${m.progress ? ` ${m.progress}` : ''}\n`;
}

/** The credentials `docker login` stored for the registry of `ref` (none for a reference that does not parse). */
function authOf(ctx: Ctx, ref: string) {
  try {
    return authFor(ctx.engine, parseNormalizedNamed(ref, ctx.version).domain);
  } catch {
    return undefined;
  }
}

/** Pull `ref` (with `all`, every tag of that repository), writing progress to `write` (stderr for run/create, stdout for pull). */
export async function pullImage(ctx: Ctx, ref: string, write: (s: string) => void, opts: { all?: boolean } = {}): Promise<void> {
  const auth = authOf(ctx, ref);
  await ctx.engine.imagePull(ref, (m) => write(progressLine(m)), ctx.io.signal, { ...opts, ...(auth ? { auth } : {}) });
}
