/**
 * docker search (docker/cli registry/search.go and formatter_search.go): the index
 * name checked on the client, the daemon's results (20.10 sorts them by stars, most
 * first), the columns NAME DESCRIPTION STARS OFFICIAL AUTOMATED (v29: no AUTOMATED),
 * descriptions cut to 45 columns unless --no-trunc, `[OK]` for true; `{{json .}}`
 * gives every field as a string ("true"/"false").
 */
import type { SearchResult } from '../../api.ts';
import { EngineError } from '../../errors.ts';
import { SEARCH_DESCRIPTION_WIDTH, SEARCH_TEXT } from '../../images/registryCommandTexts.ts';
import { ellipsis } from '../format/runewidth.ts';
import { FormatError, writeFormatted } from '../formatter/context.ts';
import { type Ctx, bool, errorText, isOld, list, num, str } from '../context.ts';
import { authFor } from '../credentials.ts';
import { parseFilters } from './filters.ts';

const HEADER = { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL', IsAutomated: 'AUTOMATED' };
const FORMAT_2010 = 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}\t{{.IsAutomated}}';
const FORMAT_29 = 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}';

/** The index a term names (registry.splitReposSearchTerm). */
function indexOf(term: string): string {
  const parts = term.split('/');
  const first = parts[0]!;
  if (parts.length === 1 || (!first.includes('.') && !first.includes(':') && first !== 'localhost')) return 'docker.io';
  return first === 'index.docker.io' ? 'docker.io' : first;
}

function rowOf(r: SearchResult, trunc: boolean, json: boolean): Record<string, string> {
  const flag = (v: boolean) => (json ? String(v) : v ? '[OK]' : '');
  const desc = r.description.replace(/[\n\r]/g, ' ');
  return {
    Description: trunc ? ellipsis(desc, SEARCH_DESCRIPTION_WIDTH) : desc,
    IsAutomated: flag(r.is_automated),
    IsOfficial: flag(r.is_official),
    Name: r.name,
    StarCount: String(r.star_count),
  };
}

export async function search(ctx: Ctx): Promise<number> {
  const term = ctx.parsed.args[0]!;
  const old = isOld(ctx);
  const index = indexOf(term);
  if (index.startsWith('-') || index.endsWith('-')) {
    ctx.io.err(`${SEARCH_TEXT.hyphen(index)}\n`);
    return 1;
  }
  let filters: Record<string, string[]>;
  try {
    filters = parseFilters(list(ctx, 'filter'));
  } catch (e) {
    ctx.io.err(`${(e as Error).message}\n`);
    return 125;
  }
  if (!old && filters['is-automated']) {
    ctx.io.err('WARNING: the "is-automated" filter is deprecated, and searching for "is-automated=true" will not yield any results in future.\n');
  }
  const limit = num(ctx, 'limit');
  const auth = authFor(ctx.engine, index);
  let results: SearchResult[];
  try {
    results = await ctx.engine.imageSearch(term, {
      filters,
      // v29 sends no limit when it is 0 (the daemon's default, 25, applies)
      ...(limit !== undefined && (old || limit !== 0) ? { limit } : {}),
      ...(auth ? { auth } : {}),
    });
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  if (old) results = [...results].sort((a, b) => b.star_count - a.star_count);
  let format = str(ctx, 'format');
  if (format === '' || format === 'table') format = old ? FORMAT_2010 : FORMAT_29;
  const json = /\{\{\s*json\s+\.\s*\}\}/.test(format);
  const rows = results.map((r) => rowOf(r, !bool(ctx, 'no-trunc'), json));
  try {
    ctx.io.out(writeFormatted(format, rows, HEADER, ctx.version));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    ctx.io.err(`${e.message}\n`);
    return 1;
  }
  return 0;
}
