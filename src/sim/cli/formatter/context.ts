/**
 * docker/cli's formatter.Context: a Go template per row, `table …` formats go
 * through a tabwriter with a header row, `{{json .}}` prints the row object.
 */
import { dockerTable } from '../format/tabwriter.ts';
import { parseTemplate, type GoValue, type Template } from '../format/gotemplate.ts';
import type { Version } from '../argv/types.ts';

export const TABLE_PREFIX = 'table';

export class FormatError extends Error {}

const templates = new Map<string, Template>();

/** Parsed templates by source: a template is parsed once, however many times a command runs. */
export function cachedTemplate(source: string): Template {
  let t = templates.get(source);
  if (!t) {
    t = parseTemplate(source);
    if (templates.size > 200) templates.clear();
    templates.set(source, t);
  }
  return t;
}

export function isTable(format: string): boolean {
  return format.startsWith(TABLE_PREFIX);
}

/** The template body: `table ` stripped, trimmed, literal \t and \n turned into tab and newline. */
export function finalFormat(format: string): string {
  let f = format;
  if (isTable(f)) f = f.slice(TABLE_PREFIX.length);
  f = f.replace(/^ +| +$/g, '');
  return f.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}

export interface Formattable {
  /** The row as the template sees it. */
  row: Record<string, unknown>;
}

/**
 * Renders rows. `header` maps field names to column titles (the CLI executes the
 * same template over it, with functions that pass their argument through).
 */
export function writeFormatted(
  format: string,
  rows: ReadonlyArray<GoValue | Record<string, unknown>>,
  header: Record<string, string>,
  version: Version,
): string {
  let tmpl;
  try {
    tmpl = cachedTemplate(finalFormat(format));
  } catch (e) {
    throw new FormatError(`Template parsing error: ${(e as Error).message}`);
  }
  let body = '';
  for (const row of rows) {
    try {
      body += `${tmpl.execute(row as GoValue)}\n`;
    } catch (e) {
      throw new FormatError(`Template parsing error: ${(e as Error).message}`);
    }
  }
  if (!isTable(format)) return body;
  let head = '';
  try {
    head = tmpl.execute(header as GoValue, { funcs: 'header' });
  } catch {
    head = '';
  }
  const w = dockerTable(version === '20.10' ? 'runes' : 'display');
  w.write(`${head}\n`);
  w.write(body);
  return w.flush();
}

/** docker/cli's "failed to parse template" / "failed to execute template" check, on one probe row. */
export function probeTemplate(body: string, probe: GoValue): string | undefined {
  let tmpl;
  try {
    tmpl = cachedTemplate(body);
  } catch (e) {
    return `failed to parse template: ${(e as Error).message}`;
  }
  try {
    tmpl.execute(probe);
  } catch (e) {
    return `failed to execute template: ${(e as Error).message}`;
  }
  return undefined;
}
