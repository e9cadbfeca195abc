/** docker wait CONTAINER…: prints each exit code in order. */
import { EngineError } from '../../errors.ts';
import { type Ctx, errorText } from '../context.ts';

export async function wait(ctx: Ctx): Promise<number> {
  const errors: string[] = [];
  for (const t of ctx.parsed.args) {
    try {
      const r = await ctx.engine.containerWait(t, 'not-running', ctx.io.signal);
      ctx.io.out(`${r.StatusCode}\n`);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      errors.push(errorText(e));
    }
  }
  if (errors.length) {
    ctx.io.err(`${errors.join('\n')}\n`);
    return 1;
  }
  return 0;
}
