/** docker container prune [-f] [--filter until=…] */
import { EngineError } from '../../errors.ts';
import { humanSize } from '../format/size.ts';
import { type Ctx, bool, errorText, isOld, list } from '../context.ts';
import { parseFilters } from './filters.ts';

export async function containerPrune(ctx: Ctx): Promise<number> {
  if (!bool(ctx, 'force') && !(await confirmPrune(ctx, 'WARNING! This will remove all stopped containers.'))) return 0;
  try {
    const r = await ctx.engine.containersPrune(parseFilters(list(ctx, 'filter')));
    let out = '';
    if (r.ContainersDeleted && r.ContainersDeleted.length) out += `Deleted Containers:\n${r.ContainersDeleted.join('\n')}\n\n`;
    out += `Total reclaimed space: ${humanSize(r.SpaceReclaimed)}\n`;
    ctx.io.out(out);
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}

/**
 * The prune prompt. 20.10 takes y or yes (any case) and, when declined, still
 * reports 0B reclaimed; current Docker takes only y and says nothing more.
 */
export async function confirmPrune(ctx: Ctx, warning: string): Promise<boolean> {
  ctx.io.out(`${warning}\nAre you sure you want to continue? [y/N] `);
  const answer = (await readLine(ctx)).trim();
  const yes = isOld(ctx) ? /^(y|yes)$/i.test(answer) : /^y$/i.test(answer);
  if (!yes && isOld(ctx)) ctx.io.out('Total reclaimed space: 0B\n');
  return yes;
}

/** One line from the client's stdin ('' at EOF). */
export function readLine(ctx: Ctx): Promise<string> {
  const read = ctx.io.stdin.read;
  if (!read) return Promise.resolve('');
  return new Promise((resolve) => {
    let buf = '';
    let stop = () => {};
    stop = read.call(
      ctx.io.stdin,
      (data) => {
        buf += data;
        const nl = buf.indexOf('\n');
        if (nl >= 0) {
          stop();
          resolve(buf.slice(0, nl));
        }
      },
      () => resolve(buf),
    );
  });
}
