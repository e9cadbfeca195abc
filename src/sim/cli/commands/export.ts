/** docker export [-o FILE] CONTAINER */
import { EngineError } from '../../errors.ts';
import { type Ctx, errorText, str } from '../context.ts';

export async function exportCommand(ctx: Ctx): Promise<number> {
  const ref = ctx.parsed.args[0]!;
  const output = str(ctx, 'output');
  if (output === '' && ctx.io.stdoutIsTTY) {
    ctx.io.err('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
    return 1;
  }
  let tar: Uint8Array;
  try {
    tar = await ctx.engine.containerExport(ref);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  return writeOutput(ctx, output, tar);
}

/** Writes a command's binary result to -o FILE, or to stdout. */
export async function writeOutput(ctx: Ctx, output: string, data: Uint8Array): Promise<number> {
  if (output !== '') {
    if (!ctx.io.files) {
      ctx.io.err(`failed to export container: open ${output}: read-only file system\n`);
      return 1;
    }
    try {
      await ctx.io.files.writeFile(output, data);
    } catch (e) {
      ctx.io.err(`failed to save: ${(e as Error).message}\n`);
      return 1;
    }
    return 0;
  }
  if (ctx.io.outBytes) ctx.io.outBytes(data);
  else ctx.io.out(latin1(data));
  return 0;
}

function latin1(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i += 8192) s += String.fromCharCode(...data.subarray(i, i + 8192));
  return s;
}
