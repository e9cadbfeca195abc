/** docker import, docker save, docker load: real tar files in and out. */
import { EngineError } from '../../errors.ts';
import { type Ctx, errorText, isOld, list, str } from '../context.ts';
import { writeOutput } from './export.ts';

/** Reads a host file named on the command line, or stdin for "-". */
async function readInput(ctx: Ctx, name: string): Promise<Uint8Array | string> {
  if (name === '-' || name === '') {
    const read = ctx.io.stdin.read;
    if (!read) return new Uint8Array(0);
    const chunks: string[] = [];
    await new Promise<void>((resolve) => {
      read.call(ctx.io.stdin, (d) => chunks.push(d), resolve);
    });
    const text = chunks.join('');
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
    return out;
  }
  if (!ctx.io.files) return `open ${name}: no such file or directory`;
  try {
    return await ctx.io.files.readFile(name);
  } catch {
    return `open ${name}: no such file or directory`;
  }
}

export async function importCommand(ctx: Ctx): Promise<number> {
  const [source = '', reference] = ctx.parsed.args;
  const isUrl = /^https?:\/\//.test(source);
  if (isUrl) {
    ctx.io.err(`Error response from daemon: Get "${source}": dial tcp: lookup ${new URL(source).hostname}: no such host\n`);
    return 1;
  }
  const input = await readInput(ctx, source);
  if (typeof input === 'string') {
    ctx.io.err(`${input}\n`);
    return 1;
  }
  try {
    const r = await ctx.engine.imageImport(input, {
      // The CLI streams files and stdin alike, so the daemon records "-" as the source.
      source: '-',
      ...(reference ? { reference } : {}),
      ...(str(ctx, 'message') ? { message: str(ctx, 'message') } : {}),
      changes: list(ctx, 'change'),
    });
    ctx.io.out(`${r.Id}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}

export async function saveCommand(ctx: Ctx): Promise<number> {
  const output = str(ctx, 'output');
  if (output === '' && ctx.io.stdoutIsTTY) {
    ctx.io.err('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
    return 1;
  }
  let tar: Uint8Array;
  try {
    tar = await ctx.engine.imageSave(ctx.parsed.args);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  return writeOutput(ctx, output, tar);
}

export async function loadCommand(ctx: Ctx): Promise<number> {
  const input = str(ctx, 'input');
  if (input === '' && (ctx.io.stdin.isTTY || !ctx.io.stdin.read)) {
    ctx.io.err(isOld(ctx) ? 'requested load from stdin, but stdin is empty\n' : 'requested load from stdin, but stdin is empty\n');
    return 1;
  }
  const bytes = await readInput(ctx, input || '-');
  if (typeof bytes === 'string') {
    ctx.io.err(`${bytes}\n`);
    return 1;
  }
  try {
    const lines = await ctx.engine.imageLoad(bytes);
    ctx.io.out(lines.map((l) => `${l}\n`).join(''));
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
}
