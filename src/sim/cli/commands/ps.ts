/** docker ps / docker container ls */
import { EngineError } from '../../errors.ts';
import { type Ctx, bool, changed, errorText, isOld, list, num, str } from '../context.ts';
import type { ContainerSummary } from '../../api.ts';
import { CONTAINER_HEADER, DEFAULT_PS_FORMAT, containerRow, fieldsNamed } from '../formatter/container.ts';

const EMPTY_SUMMARY: ContainerSummary = {
  Id: '', Names: [], Image: '', ImageID: '', Command: '', Created: 0, Ports: [], Labels: {}, State: 'created', Status: '', Mounts: [], NetworkNames: [],
};
import { FormatError, finalFormat, probeTemplate, writeFormatted } from '../formatter/context.ts';
import { parseFilters } from './filters.ts';

export async function ps(ctx: Ctx): Promise<number> {
  let format = str(ctx, 'format');
  // 20.10 lets a custom --format win over -q silently; current Docker warns and prints IDs.
  const quiet = bool(ctx, 'quiet') && !(isOld(ctx) && format !== '');
  if (format !== '' && quiet) ctx.io.err('WARNING: Ignoring custom format, because both --format and --quiet are set.\n');
  let filters: Record<string, string[]>;
  try {
    filters = parseFilters(list(ctx, 'filter'));
  } catch (e) {
    ctx.io.err(`${(e as Error).message}\n`);
    return 125;
  }
  const last = changed(ctx, 'last') ? (num(ctx, 'last') ?? -1) : -1;
  let limit = last;
  if (bool(ctx, 'latest') && last === -1) limit = 1;
  if (format !== '' && !quiet) {
    // docker/cli parses the template and runs it once on an empty row before listing.
    const problem = probeTemplate(finalFormat(format), containerRow(EMPTY_SUMMARY, 0, true));
    if (problem) {
      ctx.io.err(`${problem}\n`);
      return 1;
    }
  }
  let size = bool(ctx, 'size');
  // Like docker/cli's FieldsUsed probe: .Size, or {{json .}} (which marshals every field), turns sizing on.
  if (!size && format !== '' && !quiet && /\.Size\b|\{\{-?\s*json\s+\.\s*-?\}\}/.test(finalFormat(format))) size = true;
  let containers;
  try {
    containers = await ctx.engine.containerList({ all: bool(ctx, 'all'), limit, size, filters });
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  if (quiet) format = '{{.ID}}';
  else if (format === '' || format === 'table') format = size ? `${DEFAULT_PS_FORMAT}\t{{.Size}}` : DEFAULT_PS_FORMAT;
  const trunc = !bool(ctx, 'no-trunc');
  const now = ctx.engine.now();
  const needed = fieldsNamed(finalFormat(format));
  const rows = containers.map((c) => containerRow(c, now, trunc, needed, isOld(ctx)));
  try {
    ctx.io.out(writeFormatted(format, rows, CONTAINER_HEADER, ctx.version));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    ctx.io.err(`${e.message}\n`);
    return 1;
  }
  return 0;
}
