/** docker top CONTAINER [ps OPTIONS] */
import { EngineError } from '../../errors.ts';
import { TabWriter } from '../format/tabwriter.ts';
import { type Ctx, errorText } from '../context.ts';

export async function top(ctx: Ctx): Promise<number> {
  const [ref = '', ...psArgs] = ctx.parsed.args;
  try {
    const r = await ctx.engine.containerTop(ref, psArgs.join(' '));
    const w = new TabWriter({ minwidth: 20, tabwidth: 1, padding: 3, padchar: ' ', flags: 0 });
    w.write(`${r.Titles.join('\t')}\n`);
    for (const p of r.Processes) w.write(`${p.join('\t')}\n`);
    ctx.io.out(w.flush());
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}
