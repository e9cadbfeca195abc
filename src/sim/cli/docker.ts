/**
 * The docker command line: argv in, output and an exit status out, over any
 * Engine. This is the whole command layer the runner, the terminal and the
 * native backend share.
 */
import type { Engine } from '../api.ts';
import { EngineError } from '../errors.ts';
import { parseCommandLine, withHelpTexts } from './argv/index.ts';
import { isUsageError, type Version } from './argv/types.ts';
import { CliError, type Ctx, errorText } from './context.ts';
import type { CliIO } from './io.ts';
import { implementation } from './registry.ts';

export interface DockerOptions {
  engine: Engine;
  io: CliIO;
  version?: Version;
}

/** Thrown through (not printed) when the client was cancelled (timeout, Ctrl-C). */
export function isCancellation(e: unknown, io: CliIO): boolean {
  return io.signal?.aborted === true && (e === io.signal.reason || (e instanceof Error && e.name === 'AbortError'));
}

export async function docker(argv: readonly string[], opts: DockerOptions): Promise<number> {
  const { engine, io } = opts;
  const version: Version = opts.version ?? (engine.profile.version === '20.10' ? '20.10' : '29');
  // Help and usage texts are loaded when first printed; otherwise this stays synchronous.
  const parsing = withHelpTexts(() => parseCommandLine([...argv], version));
  let found;
  try {
    found = parsing instanceof Promise ? await parsing : parsing;
  } catch (e) {
    // The texts' chunk did not come (the page went offline): said, not thrown.
    io.err(`Error: internal simulator error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (isUsageError(found)) {
    if (found.stdout) io.out(found.stdout);
    if (found.stderr) io.err(found.stderr);
    return found.exitCode;
  }
  const parsed = found.parsed;
  if (parsed.stdout) io.out(parsed.stdout);
  if (parsed.stderr) io.err(parsed.stderr);
  const impl = implementation(found.path);
  if (!impl) {
    io.err(`docker ${found.path.join(' ')}: this command is not available in the simulator yet\n`);
    return 1;
  }
  const ctx: Ctx = { engine, io, version, path: found.path, parsed };
  try {
    return await impl(ctx);
  } catch (e) {
    if (isCancellation(e, io)) throw e;
    if (e instanceof CliError) {
      io.err(`${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof EngineError) {
      io.err(`${errorText(e)}\n`);
      return 1;
    }
    // A bug in the simulator must not take the page or the runner down with it.
    const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`Error: internal simulator error: ${msg}\n`);
    return 1;
  }
}
