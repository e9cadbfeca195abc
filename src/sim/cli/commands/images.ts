/** docker images / image ls, pull, rmi, tag */
import type { ImageSummary } from '../../api.ts';
import { EngineError } from '../../errors.ts';
import { humanDuration } from '../format/duration.ts';
import { humanSizeWithPrecision } from '../format/size.ts';
import { FormatError, writeFormatted } from '../formatter/context.ts';
import { type Ctx, bool, errorText, list, str } from '../context.ts';
import { parseFilters } from './filters.ts';
import { pullImage } from './pullFlow.ts';
import { ReferenceFormatError, parseAnyReference, parseNormalizedNamed, tagNameOnly } from '../../images/reference.ts';
import { USING_DEFAULT_TAG, pullFinalLine } from '../../images/pull.ts';

const DEFAULT_IMAGES_FORMAT = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
const DEFAULT_IMAGES_FORMAT_WITH_DIGEST = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
const IMAGE_HEADER: Record<string, string> = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  VirtualSize: 'VIRTUAL SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
};

/**
 * The rows of `docker images` (docker/cli formatter/image.go imageFormat): one per tag
 * of each repository; with digests shown, one per tag and digest of that repository;
 * a repository known only by digest gets `<none>` as its tag. (Go walks its maps in
 * random order, so the order of an image's rows is not fixed there either.)
 */
function imageRows(images: ImageSummary[], now: number, trunc: boolean, showDangling: boolean, digests: { shown: boolean; needed: boolean }): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const img of images) {
    const id = trunc ? img.Id.replace(/^sha256:/, '').slice(0, 12) : img.Id;
    const base = {
      ID: id,
      CreatedSince: `${humanDuration(now - img.Created * 1000)} ago`,
      CreatedAt: new Date(img.Created * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000 UTC'),
      Size: humanSizeWithPrecision(img.Size, 3),
      VirtualSize: humanSizeWithPrecision(img.VirtualSize ?? img.Size, 3),
      SharedSize: img.SharedSize < 0 ? 'N/A' : humanSizeWithPrecision(img.SharedSize, 3),
      UniqueSize: humanSizeWithPrecision(img.Size - Math.max(0, img.SharedSize), 3),
      Containers: img.Containers < 0 ? 'N/A' : String(img.Containers),
    };
    const tags = img.RepoTags ?? [];
    const dgsts = img.RepoDigests ?? [];
    const dangling =
      (tags.length === 0 && dgsts.length === 0) ||
      (tags.length === 1 && tags[0] === '<none>:<none>' && dgsts.length === 1 && dgsts[0] === '<none>@<none>');
    if (dangling) {
      if (showDangling) rows.push({ ...base, Repository: '<none>', Tag: '<none>', Digest: '<none>' });
      continue;
    }
    const repoTags = new Map<string, string[]>();
    const repoDigests = new Map<string, string[]>();
    for (const t of tags) {
      const i = t.lastIndexOf(':');
      if (i > 0 && !t.slice(i).includes('/')) repoTags.set(t.slice(0, i), [...(repoTags.get(t.slice(0, i)) ?? []), t.slice(i + 1)]);
    }
    for (const d of dgsts) {
      const i = d.indexOf('@');
      if (i > 0) repoDigests.set(d.slice(0, i), [...(repoDigests.get(d.slice(0, i)) ?? []), d.slice(i + 1)]);
    }
    for (const [repo, repoTagList] of repoTags) {
      const ds = digests.needed ? (repoDigests.get(repo) ?? []) : [];
      repoDigests.delete(repo);
      for (const tag of repoTagList) {
        if (ds.length === 0) rows.push({ ...base, Repository: repo, Tag: tag, Digest: '<none>' });
        for (const d of ds) rows.push({ ...base, Repository: repo, Tag: tag, Digest: d });
      }
    }
    for (const [repo, ds] of repoDigests) {
      if (digests.shown) for (const d of ds) rows.push({ ...base, Repository: repo, Tag: '<none>', Digest: d });
      else rows.push({ ...base, Repository: repo, Tag: '<none>', Digest: '' });
    }
  }
  return rows;
}

export async function images(ctx: Ctx): Promise<number> {
  let filters: Record<string, string[]>;
  try {
    filters = parseFilters(list(ctx, 'filter'));
  } catch (e) {
    ctx.io.err(`${(e as Error).message}\n`);
    return 125;
  }
  const [repo] = ctx.parsed.args;
  if (repo) (filters['reference'] ??= []).push(repo);
  let list_;
  try {
    list_ = await ctx.engine.imageList({ all: bool(ctx, 'all'), filters });
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  const quiet = bool(ctx, 'quiet');
  const showDigests = bool(ctx, 'digests');
  let format = str(ctx, 'format');
  if (quiet) format = '{{.ID}}';
  else if (format === '' || format === 'table') format = showDigests ? DEFAULT_IMAGES_FORMAT_WITH_DIGEST : DEFAULT_IMAGES_FORMAT;
  else if (showDigests && format.startsWith('table') && !format.includes('{{.Digest}}')) format += '\t{{.Digest}}';
  const digests = { shown: showDigests, needed: showDigests || format.includes('{{.Digest}}') };
  const rows = imageRows(list_, ctx.engine.now(), !bool(ctx, 'no-trunc'), true, digests);
  const seen = new Set<string>();
  const unique = quiet ? rows.filter((r) => (seen.has(r['ID'] as string) ? false : (seen.add(r['ID'] as string), true))) : rows;
  try {
    ctx.io.out(writeFormatted(format, unique, IMAGE_HEADER, ctx.version));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    ctx.io.err(`${e.message}\n`);
    return 1;
  }
  return 0;
}

export async function pull(ctx: Ctx): Promise<number> {
  const ref = ctx.parsed.args[0]!;
  const quiet = bool(ctx, 'quiet');
  const all = bool(ctx, 'all-tags');
  let named;
  try {
    named = parseNormalizedNamed(ref, ctx.version);
  } catch (e) {
    if (!(e instanceof ReferenceFormatError)) throw e;
    ctx.io.err(`${e.message}\n`);
    return 1;
  }
  const nameOnly = named.tag === undefined && named.digest === undefined;
  if (all && !nameOnly) {
    ctx.io.err("tag can't be used with --all-tags/-a\n");
    return 1;
  }
  if (!all && nameOnly) {
    if (!quiet) ctx.io.out(`${USING_DEFAULT_TAG}\n`);
    named = tagNameOnly(named);
  }
  try {
    await pullImage(
      ctx,
      ref,
      (s) => {
        if (!quiet) ctx.io.out(s);
      },
      { all },
    );
    ctx.io.out(`${pullFinalLine(named)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}

export async function rmi(ctx: Ctx): Promise<number> {
  const errors: string[] = [];
  for (const ref of ctx.parsed.args) {
    try {
      const items = await ctx.engine.imageRemove(ref, { force: bool(ctx, 'force'), noprune: bool(ctx, 'no-prune') });
      for (const it of items) {
        if (it.Untagged) ctx.io.out(`Untagged: ${it.Untagged}\n`);
        if (it.Deleted) ctx.io.out(`Deleted: ${it.Deleted}\n`);
      }
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      // The 20.10 client turns a 404 into "Error: No such image: <as typed>".
      errors.push(e.errorClass === 'notFound' && ctx.version === '20.10' ? `Error: No such image: ${ref}` : errorText(e));
    }
  }
  if (errors.length) {
    ctx.io.err(`${errors.join('\n')}\n`);
    return 1;
  }
  return 0;
}

export async function tag(ctx: Ctx): Promise<number> {
  const [source = '', target = ''] = ctx.parsed.args;
  // The client checks both names before asking the daemon (client ImageTag).
  const prefix = ctx.version === '20.10' ? 'Error parsing reference' : 'error parsing reference';
  for (const [name, parse] of [
    [source, parseAnyReference],
    [target, parseNormalizedNamed],
  ] as const) {
    try {
      const r = parse(name, ctx.version);
      if (name === target && r.kind === 'named' && r.digest !== undefined) {
        ctx.io.err('refusing to create a tag with a digest reference\n');
        return 1;
      }
    } catch (e) {
      if (!(e instanceof ReferenceFormatError)) throw e;
      ctx.io.err(`${prefix}: ${JSON.stringify(name)} is not a valid repository/tag: ${e.message}\n`);
      return 1;
    }
  }
  try {
    await ctx.engine.imageTag(source, target);
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}
