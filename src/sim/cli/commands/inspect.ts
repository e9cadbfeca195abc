/** docker inspect / docker container inspect / docker image inspect */
import { EngineError } from '../../errors.ts';
import { goJsonString } from '../../images/gojson.ts';
import { TemplateError, type GoValue } from '../format/gotemplate.ts';
import { cachedTemplate } from '../formatter/context.ts';
import { typedInspect } from '../formatter/inspectValue.ts';
import { type Ctx, bool, str } from '../context.ts';

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

async function fetchOne(ctx: Ctx, ref: string, kinds: Kind[], size: boolean): Promise<{ kind: Kind; obj: unknown }> {
  let last: unknown;
  for (const k of kinds) {
    try {
      if (k === 'container') return { kind: k, obj: await ctx.engine.containerInspect(ref, { size }) };
      return { kind: k, obj: await ctx.engine.imageInspect(ref) };
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
        tmpl = cachedTemplate(format.replace(/\\t/g, '\t').replace(/\\n/g, '\n'));
      } catch (e) {
        ctx.io.err(`template parsing error: ${(e as Error).message}\n`);
        return 64;
      }
    }
    const found: unknown[] = [];
    const errors: string[] = [];
    let out = '';
    let templateError: string | undefined;
    for (const ref of ctx.parsed.args) {
      let obj: unknown;
      let objKind: Kind;
      try {
        ({ kind: objKind, obj } = await fetchOne(ctx, ref, kinds, bool(ctx, 'size')));
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        if (e.errorClass === 'notFound') errors.push(`Error: No such ${type === '' ? 'object' : type}: ${ref}`);
        else errors.push(`Error response from daemon: ${e.message}`);
        continue;
      }
      if (!tmpl) {
        found.push(obj);
        continue;
      }
      // Typed structs first; on failure the raw JSON with missingkey=error (docker/cli inspect).
      try {
        out += `${tmpl.execute(typedInspect(obj, { kind: objKind, version: ctx.version }))}\n`;
      } catch {
        try {
          out += `${tmpl.execute(obj as GoValue, { missingKey: 'error' })}\n`;
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          templateError = `template parsing error: ${e.message}`;
          break;
        }
      }
    }
    // The inspector's Flush: an empty template output is one newline; an empty JSON list is [].
    if (tmpl) ctx.io.out(out === '' ? '\n' : out);
    else ctx.io.out(`${goJsonIndent(found)}\n`);
    if (templateError) errors.push(templateError);
    if (errors.length) {
      ctx.io.err(`${errors.join('\n')}\n`);
      return 1;
    }
    return 0;
  };
}
