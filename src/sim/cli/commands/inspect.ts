/** docker inspect / docker container inspect / docker image inspect */
import { EngineError } from '../../errors.ts';
import { goJsonString } from '../../images/gojson.ts';
import { parseTemplate } from '../format/gotemplate.ts';
import { type Ctx, bool, isOld, str } from '../context.ts';

/** json.Indent(…, "", "    ") of Go's HTML-escaped encoding. */
export function goJsonIndent(v: unknown, indent = '    ', level = 0): string {
  const pad = indent.repeat(level);
  const inner = indent.repeat(level + 1);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + goJsonIndent(x, indent, level + 1)).join(',\n')}\n${pad}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${goJsonString(k)}: ${goJsonIndent(x, indent, level + 1)}`).join(',\n')}\n${pad}}`;
}

type Kind = 'container' | 'image';

async function fetchOne(ctx: Ctx, ref: string, kinds: Kind[], size: boolean): Promise<unknown> {
  let last: unknown;
  for (const k of kinds) {
    try {
      if (k === 'container') return await ctx.engine.containerInspect(ref, { size });
      return await ctx.engine.imageInspect(ref);
    } catch (e) {
      if (!(e instanceof EngineError) || e.errorClass !== 'notFound') throw e;
      last = e;
    }
  }
  throw last;
}

export function inspectCommand(kind: Kind | undefined) {
  return async (ctx: Ctx): Promise<number> => {
    const type = kind ?? (str(ctx, 'type') as Kind | '');
    if (type !== '' && type !== 'container' && type !== 'image') {
      ctx.io.err(`"${type}" is not a valid value for --type\n`);
      return 1;
    }
    const kinds: Kind[] = type === '' ? ['container', 'image'] : [type];
    const format = str(ctx, 'format');
    let tmpl;
    if (format !== '' && format !== 'json') {
      try {
        tmpl = parseTemplate(format.replace(/\\t/g, '\t').replace(/\\n/g, '\n'));
      } catch (e) {
        ctx.io.err(`template parsing error: ${(e as Error).message}\n`);
        return 1;
      }
    }
    const found: unknown[] = [];
    const errors: string[] = [];
    let out = '';
    for (const ref of ctx.parsed.args) {
      try {
        const obj = await fetchOne(ctx, ref, kinds, bool(ctx, 'size'));
        const plain = JSON.parse(JSON.stringify(obj)) as unknown;
        if (tmpl) {
          try {
            out += `${tmpl.execute(plain)}\n`;
          } catch (e) {
            ctx.io.out(out);
            ctx.io.err(`template: ${(e as Error).message.replace(/^template: /, '')}\n`);
            return 1;
          }
        } else found.push(plain);
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        if (e.errorClass === 'notFound') {
          const what = type === '' ? 'object' : type;
          errors.push(`Error: No such ${what}: ${ref}`);
        } else errors.push(`Error response from daemon: ${e.message}`);
      }
    }
    if (!tmpl) out = `${goJsonIndent(found)}\n`;
    ctx.io.out(out);
    if (errors.length) {
      ctx.io.err(`${errors.join('\n')}\n`);
      return 1;
    }
    void isOld;
    return 0;
  };
}
