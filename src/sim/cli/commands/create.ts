/** docker create, and the create step of docker run (pulls a missing image). */
import { EngineError } from '../../errors.ts';
import { familiarString, parseNormalizedNamed, tagNameOnly } from '../../images/reference.ts';
import { type Ctx, CliError, isOld, str } from '../context.ts';
import { OptionsError, loadPortSpec, parseContainerOptions, type ContainerOptions } from './containerOptions.ts';
import { pullImage } from './pullFlow.ts';

/** The CLI's reportError (20.10) / withHelp (current) for run and create. */
export function runStyleError(ctx: Ctx, verb: 'run' | 'create', message: string, withHelp = true): string {
  if (isOld(ctx)) {
    const text = `docker: ${message.replace(/\.$/, '')}.`;
    return withHelp ? `${text}\nSee 'docker ${verb} --help'.\n` : `${text}\n`;
  }
  return `docker: ${message}\n\nRun 'docker ${verb} --help' for more information\n`;
}

export async function parseOrReport(ctx: Ctx, verb: 'run' | 'create'): Promise<ContainerOptions | number> {
  await loadPortSpec(ctx);
  try {
    return parseContainerOptions(ctx);
  } catch (e) {
    if (!(e instanceof OptionsError)) throw e;
    ctx.io.err(runStyleError(ctx, verb, e.message));
    return 125;
  }
}

/** createContainer in docker/cli: create, and on "No such image" pull then create again. */
export async function createContainer(ctx: Ctx, opts: ContainerOptions): Promise<string> {
  const engine = ctx.engine;
  const pull = str(ctx, 'pull') || 'missing';
  const quiet = ctx.parsed.flags['quiet'] === true;
  const image = opts.request.config.Image;
  const stderr = (s: string) => {
    if (!quiet) ctx.io.err(s);
  };
  if (pull === 'always') await pullImage(ctx, image, stderr);
  try {
    const res = await engine.containerCreate(opts.request);
    for (const w of res.Warnings) ctx.io.err(`WARNING: ${w}\n`);
    return res.Id;
  } catch (e) {
    if (!(e instanceof EngineError) || e.errorClass !== 'notFound' || pull !== 'missing') throw e;
    let named: string;
    try {
      named = familiarString(tagNameOnly(parseNormalizedNamed(image)));
    } catch {
      throw e;
    }
    ctx.io.err(`Unable to find image '${named}' locally\n`);
    await pullImage(ctx, image, stderr);
    const res = await engine.containerCreate(opts.request);
    for (const w of res.Warnings) ctx.io.err(`WARNING: ${w}\n`);
    return res.Id;
  }
}

export function validatePull(ctx: Ctx, verb: 'run' | 'create'): number | undefined {
  const pull = str(ctx, 'pull');
  if (pull !== '' && !['always', 'missing', 'never'].includes(pull)) {
    const msg = `invalid pull option: '${pull}': must be one of "always", "missing" or "never"`;
    ctx.io.err(runStyleError(ctx, verb, msg));
    return 125;
  }
  return undefined;
}

export async function create(ctx: Ctx): Promise<number> {
  const bad = validatePull(ctx, 'create');
  if (bad !== undefined) return bad;
  const opts = await parseOrReport(ctx, 'create');
  if (typeof opts === 'number') return opts;
  try {
    const id = await createContainer(ctx, opts);
    ctx.io.out(`${id}\n`);
    return 0;
  } catch (e) {
    if (e instanceof EngineError || e instanceof CliError) {
      ctx.io.err(`${e instanceof EngineError ? `Error response from daemon: ${e.message}` : e.message}\n`);
      return 1;
    }
    throw e;
  }
}
