/** docker rm [-f] [-v] CONTAINER… */
import { EngineError } from '../../errors.ts';
import { type Ctx, bool, errorText, isOld } from '../context.ts';

export async function rm(ctx: Ctx): Promise<number> {
  const force = bool(ctx, 'force');
  const volumes = bool(ctx, 'volumes');
  const errors: string[] = [];
  for (const t of ctx.parsed.args) {
    try {
      await ctx.engine.containerRemove(t, { force, volumes });
      ctx.io.out(`${t}\n`);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      const notFound = e.errorClass === 'notFound';
      // The 20.10 client wraps a 404 as "Error: No such container: X".
      const text = notFound && isOld(ctx) ? `Error: No such container: ${t}` : errorText(e);
      if (force && notFound) {
        if (isOld(ctx)) ctx.io.err(`${text}\n`);
        continue;
      }
      errors.push(text);
    }
  }
  if (errors.length) {
    ctx.io.err(`${errors.join('\n')}\n`);
    return 1;
  }
  return 0;
}
