/** docker volume ls|create|inspect|rm|prune, and docker system df. */
import { EngineError } from '../../errors.ts';
import { humanSize } from '../format/size.ts';
import { FormatError, cachedTemplate, writeFormatted } from '../formatter/context.ts';
import { type Ctx, bool, errorText, isOld, list, str } from '../context.ts';
import { goJsonIndent } from './inspect.ts';
import { parseFilters } from './filters.ts';
import { confirmPrune } from './prune.ts';
import type { GoValue } from '../format/gotemplate.ts';

const VOLUME_HEADER: Record<string, string> = {
  Name: 'VOLUME NAME',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  Mountpoint: 'MOUNTPOINT',
  Labels: 'LABELS',
  Links: 'LINKS',
  Size: 'SIZE',
};

function fail(ctx: Ctx, e: unknown): number {
  if (!(e instanceof EngineError)) throw e;
  ctx.io.err(`${errorText(e)}\n`);
  return 1;
}

export async function volumeLs(ctx: Ctx): Promise<number> {
  let volumes;
  try {
    volumes = await ctx.engine.volumeList(parseFilters(list(ctx, 'filter')));
  } catch (e) {
    return fail(ctx, e);
  }
  volumes.sort((a, b) => (String(a['Name']) < String(b['Name']) ? -1 : 1));
  let format = str(ctx, 'format');
  if (bool(ctx, 'quiet')) format = '{{.Name}}';
  else if (format === '' || format === 'table') format = 'table {{.Driver}}\t{{.Name}}';
  const rows = volumes.map((v) => ({
    Name: String(v['Name']),
    Driver: String(v['Driver']),
    Scope: String(v['Scope']),
    Mountpoint: String(v['Mountpoint']),
    Labels: Object.entries((v['Labels'] as Record<string, string> | null) ?? {})
      .map(([k, x]) => `${k}=${x}`)
      .join(','),
    Links: 'N/A',
    Size: 'N/A',
  }));
  try {
    ctx.io.out(writeFormatted(format, rows, VOLUME_HEADER, ctx.version));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    ctx.io.err(`${e.message}\n`);
    return 1;
  }
  return 0;
}

export async function volumeCreate(ctx: Ctx): Promise<number> {
  const name = ctx.parsed.args[0] ?? str(ctx, 'name');
  const labels: Record<string, string> = {};
  for (const l of list(ctx, 'label')) {
    const i = l.indexOf('=');
    labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? '' : l.slice(i + 1);
  }
  try {
    const v = await ctx.engine.volumeCreate(name || undefined, labels);
    ctx.io.out(`${String(v['Name'])}\n`);
    return 0;
  } catch (e) {
    return fail(ctx, e);
  }
}

export async function volumeInspect(ctx: Ctx): Promise<number> {
  const format = str(ctx, 'format');
  const found: unknown[] = [];
  const errors: string[] = [];
  let out = '';
  for (const name of ctx.parsed.args) {
    try {
      const v = await ctx.engine.volumeInspect(name);
      if (format) out += `${cachedTemplate(format).execute(v as GoValue)}\n`;
      else found.push(v);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      errors.push(e.errorClass === 'notFound' ? `Error: No such volume: ${name}` : errorText(e));
    }
  }
  ctx.io.out(format ? (out === '' ? '\n' : out) : `${goJsonIndent(found)}\n`);
  if (errors.length) {
    ctx.io.err(`${errors.join('\n')}\n`);
    return 1;
  }
  return 0;
}

export async function volumeRm(ctx: Ctx): Promise<number> {
  const errors: string[] = [];
  for (const name of ctx.parsed.args) {
    try {
      await ctx.engine.volumeRemove(name, bool(ctx, 'force'));
      ctx.io.out(`${name}\n`);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      errors.push(e.errorClass === 'notFound' && isOld(ctx) ? `Error: No such volume: ${name}` : errorText(e));
    }
  }
  if (errors.length) {
    ctx.io.err(`${errors.join('\n')}\n`);
    return 1;
  }
  return 0;
}

export async function volumePrune(ctx: Ctx): Promise<number> {
  const all = bool(ctx, 'all');
  const what = isOld(ctx) || all ? 'all local volumes' : 'anonymous local volumes';
  if (!bool(ctx, 'force')) {
    const answer = await confirmPrune(ctx, `WARNING! This will remove ${what} not used by at least one container.`);
    if (answer !== 'yes') return answer;
  }
  try {
    const r = await ctx.engine.volumesPrune(all);
    let out = '';
    if (r.VolumesDeleted?.length) out += `Deleted Volumes:\n${r.VolumesDeleted.join('\n')}\n\n`;
    ctx.io.out(`${out}Total reclaimed space: ${humanSize(r.SpaceReclaimed)}\n`);
    return 0;
  } catch (e) {
    return fail(ctx, e);
  }
}

const DF_HEADER: Record<string, string> = {
  Type: 'TYPE',
  TotalCount: 'TOTAL',
  Active: 'ACTIVE',
  Size: 'SIZE',
  Reclaimable: 'RECLAIMABLE',
};

function reclaimable(amount: number, total: number): string {
  return total > 0 ? `${humanSize(amount)} (${Math.floor((amount * 100) / total)}%)` : humanSize(amount);
}

export async function systemDf(ctx: Ctx): Promise<number> {
  const du = await ctx.engine.systemDf();
  const imgTotal = du.layersSize;
  let imgReclaim = imgTotal;
  for (const i of du.images) if (i.containers !== 0) imgReclaim -= i.size - i.shared;
  const ctrTotal = du.containers.reduce((n, c) => n + c.sizeRw, 0);
  const ctrReclaim = du.containers.filter((c) => !c.running).reduce((n, c) => n + c.sizeRw, 0);
  const volTotal = du.volumes.reduce((n, v) => n + v.size, 0);
  const volReclaim = du.volumes.filter((v) => v.refs === 0).reduce((n, v) => n + v.size, 0);
  const rows = [
    { Type: 'Images', TotalCount: String(du.images.length), Active: String(du.images.filter((i) => i.containers > 0).length), Size: humanSize(imgTotal), Reclaimable: reclaimable(imgReclaim, imgTotal) },
    { Type: 'Containers', TotalCount: String(du.containers.length), Active: String(du.containers.filter((c) => c.running).length), Size: humanSize(ctrTotal), Reclaimable: reclaimable(ctrReclaim, ctrTotal) },
    { Type: 'Local Volumes', TotalCount: String(du.volumes.length), Active: String(du.volumes.filter((v) => v.refs > 0).length), Size: humanSize(volTotal), Reclaimable: reclaimable(volReclaim, volTotal) },
    { Type: 'Build Cache', TotalCount: '0', Active: '0', Size: '0B', Reclaimable: '0B' },
  ];
  const format = str(ctx, 'format') || 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
  try {
    ctx.io.out(writeFormatted(format, rows, DF_HEADER, ctx.version));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    ctx.io.err(`${e.message}\n`);
    return 1;
  }
  return 0;
}
