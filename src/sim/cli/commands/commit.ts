/** docker commit [-a] [-m] [-p/--no-pause] CONTAINER [REPO[:TAG]], docker diff, docker history */
import { EngineError } from '../../errors.ts';
import { humanDuration } from '../format/duration.ts';
import { humanSizeWithPrecision } from '../format/size.ts';
import { ellipsis } from '../format/runewidth.ts';
import { FormatError, writeFormatted } from '../formatter/context.ts';
import { type Ctx, bool, changed, errorText, list, str } from '../context.ts';

export async function commit(ctx: Ctx): Promise<number> {
  const [ref = '', reference] = ctx.parsed.args;
  if (changed(ctx, 'no-pause') && changed(ctx, 'pause')) {
    ctx.io.err('conflicting options: --no-pause and --pause cannot be used together\n');
    return 1;
  }
  const pause = changed(ctx, 'no-pause') ? !bool(ctx, 'no-pause') : !changed(ctx, 'pause') || bool(ctx, 'pause');
  try {
    const r = await ctx.engine.containerCommit(ref, {
      pause,
      changes: list(ctx, 'change'),
      ...(reference ? { reference } : {}),
      ...(str(ctx, 'message') ? { comment: str(ctx, 'message') } : {}),
      ...(str(ctx, 'author') ? { author: str(ctx, 'author') } : {}),
    });
    ctx.io.out(`${r.Id}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}

export async function diff(ctx: Ctx): Promise<number> {
  const ref = ctx.parsed.args[0]!;
  try {
    const changes = await ctx.engine.containerChanges(ref);
    ctx.io.out(changes.map((c) => `${'CAD'[c.Kind] ?? '?'} ${c.Path}\n`).join(''));
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}

const HISTORY_FORMAT = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const HISTORY_HEADER: Record<string, string> = {
  ID: 'IMAGE',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  CreatedBy: 'CREATED BY',
  Size: 'SIZE',
  Comment: 'COMMENT',
};

export async function history(ctx: Ctx): Promise<number> {
  const ref = ctx.parsed.args[0]!;
  let rows;
  try {
    rows = await ctx.engine.imageHistory(ref);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(e.errorClass === 'notFound' ? `Error response from daemon: ${e.message}\n` : `${errorText(e)}\n`);
    return 1;
  }
  const trunc = !bool(ctx, 'no-trunc');
  const human = ctx.parsed.flags['human'] !== false;
  const now = ctx.engine.now();
  let format = str(ctx, 'format');
  if (bool(ctx, 'quiet')) format = '{{.ID}}';
  else if (format === '' || format === 'table') format = human ? HISTORY_FORMAT : HISTORY_FORMAT.replace('{{.CreatedSince}}', '{{.CreatedAt}}');
  const out = rows.map((h) => {
    const id = h.Id === '<missing>' ? h.Id : trunc ? h.Id.replace(/^sha256:/, '').slice(0, 12) : h.Id;
    const createdBy = h.CreatedBy.replace(/\t/g, ' ');
    return {
      ID: id,
      CreatedSince: h.Created * 1000 < Date.UTC(2000, 0, 1) ? 'N/A' : human ? `${humanDuration(now - h.Created * 1000)} ago` : new Date(h.Created * 1000).toISOString().replace('.000Z', 'Z'),
      CreatedAt: new Date(h.Created * 1000).toISOString().replace('.000Z', 'Z'),
      CreatedBy: trunc ? ellipsis(createdBy, 45) : createdBy,
      Size: human ? humanSizeWithPrecision(h.Size, 3) : String(h.Size),
      Comment: h.Comment,
    };
  });
  try {
    ctx.io.out(writeFormatted(format, out, HISTORY_HEADER, ctx.version));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    ctx.io.err(`${e.message}\n`);
    return 1;
  }
  return 0;
}
