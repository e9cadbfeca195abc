/** docker rename OLD NEW */
import { type Ctx, errorText, isOld } from '../context.ts';

export async function rename(ctx: Ctx): Promise<number> {
  const [from = '', to = ''] = ctx.parsed.args;
  const oldName = from.trim();
  const newName = to.trim();
  if (oldName === '' || newName === '') {
    ctx.io.err(isOld(ctx) ? 'Error: Neither old nor new names may be empty\n' : 'Neither old nor new names may be empty\n');
    return 1;
  }
  try {
    await ctx.engine.containerRename(oldName, newName);
    return 0;
  } catch (e) {
    if (isOld(ctx)) ctx.io.err(`${errorText(e)}\nError: failed to rename container named ${oldName}\n`);
    else ctx.io.err(`failed to rename container: ${errorText(e)}\n`);
    return 1;
  }
}
