/**
 * What every command implementation receives, and the helpers they share for
 * reading flags and reporting errors the way docker/cli does.
 */
import type { Engine } from '../api.ts';
import { EngineError } from '../errors.ts';
import type { FlagValue, ParsedArgs, Version } from './argv/types.ts';
import type { CliIO } from './io.ts';

export interface Ctx {
  engine: Engine;
  io: CliIO;
  version: Version;
  /** The command path as typed below "docker", e.g. ["container", "ls"] (for "See 'docker container ls --help'"). */
  path: string[];
  parsed: ParsedArgs;
}

export type CommandFn = (ctx: Ctx) => Promise<number>;

/** An error the CLI itself raises, printed as is (no "Error response from daemon"). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const isOld = (ctx: { version: Version }): boolean => ctx.version === '20.10';

/** How an error from the engine reads on the client's side. */
export function errorText(e: unknown): string {
  if (e instanceof EngineError) return `Error response from daemon: ${e.message}`;
  if (e instanceof CliError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function flag(ctx: Ctx, name: string): FlagValue | undefined {
  return ctx.parsed.flags[name];
}

export function str(ctx: Ctx, ...names: string[]): string {
  for (const n of names) {
    const v = ctx.parsed.flags[n];
    if (typeof v === 'string' && (v !== '' || ctx.parsed.changed.has(n))) return v;
  }
  return '';
}

export function bool(ctx: Ctx, name: string): boolean {
  return ctx.parsed.flags[name] === true;
}

export function list(ctx: Ctx, name: string): string[] {
  const v = ctx.parsed.flags[name];
  return Array.isArray(v) ? v : [];
}

export function num(ctx: Ctx, name: string): number | undefined {
  const v = ctx.parsed.flags[name];
  return typeof v === 'number' ? v : undefined;
}

export function changed(ctx: Ctx, ...names: string[]): boolean {
  return names.some((n) => ctx.parsed.changed.has(n));
}

/** `docker container ls` → "docker container ls" (for "See '… --help'"). */
export function commandPath(ctx: Ctx): string {
  return ['docker', ...ctx.path].join(' ');
}

/**
 * docker/cli's pattern for verbs with several targets (stop, kill, rm, pause…):
 * each success prints its argument on stdout in order; the failures are printed
 * together at the end and the exit status is 1.
 */
export async function forEachTarget(
  ctx: Ctx,
  targets: string[],
  action: (target: string) => Promise<void>,
  opts: { printSuccess?: boolean; onErrors?: (errors: string[], failed: string[]) => void } = {},
): Promise<number> {
  const errors: string[] = [];
  const failed: string[] = [];
  for (const t of targets) {
    try {
      await action(t);
      if (opts.printSuccess !== false) ctx.io.out(`${t}\n`);
    } catch (e) {
      if (e instanceof EngineError && e.errorClass === 'notModified') {
        if (opts.printSuccess !== false) ctx.io.out(`${t}\n`);
        continue;
      }
      if (!(e instanceof EngineError) && !(e instanceof CliError)) throw e;
      errors.push(errorText(e));
      failed.push(t);
    }
  }
  if (errors.length === 0) return 0;
  if (opts.onErrors) opts.onErrors(errors, failed);
  else ctx.io.err(`${errors.join('\n')}\n`);
  return 1;
}

/**
 * The CLI's own `docker inspect` before exec, attach, logs…: a missing container
 * fails here (the 20.10 client words a 404 as "Error: No such container: X").
 * Returns the inspect data, or prints the error and returns undefined.
 */
export async function inspectFirst(ctx: Ctx, ref: string): Promise<import('../api.ts').ContainerInspect | undefined> {
  try {
    return await ctx.engine.containerInspect(ref);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(e.errorClass === 'notFound' && isOld(ctx) ? `Error: No such container: ${ref}\n` : `${errorText(e)}\n`);
    return undefined;
  }
}

/** Resolves when the session ends, or throws the cancellation when the client is cancelled first. */
export async function untilEnded(
  session: import('../api.ts').Session,
  signal: AbortSignal | undefined,
): Promise<'exited' | 'detached' | 'closed'> {
  const ended = await Promise.race([
    session.done,
    new Promise<'aborted'>((resolve) => {
      if (signal?.aborted) resolve('aborted');
      signal?.addEventListener('abort', () => resolve('aborted'));
    }),
  ]);
  if (ended === 'aborted') {
    session.detach();
    throw signal?.reason ?? new Error('aborted');
  }
  return ended;
}
