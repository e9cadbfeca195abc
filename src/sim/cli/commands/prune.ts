/** docker container prune [-f] [--filter until=…] */
import { EngineError } from '../../errors.ts';
import { humanSize } from '../format/size.ts';
import { type Ctx, bool, errorText, isOld, list } from '../context.ts';
import { parseFilters } from './filters.ts';

export async function containerPrune(ctx: Ctx): Promise<number> {
  if (!bool(ctx, 'force')) {
    ctx.io.out('WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ');
    const answer = (await readLine(ctx)).trim();
    // 20.10 takes y or yes (any case) and still reports 0B when declined; current Docker only y, and says nothing more.
    const yes = isOld(ctx) ? /^(y|yes)$/i.test(answer) : /^y$/i.test(answer);
    if (!yes) {
      if (isOld(ctx)) ctx.io.out('Total reclaimed space: 0B\n');
      return 0;
    }
  }
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
