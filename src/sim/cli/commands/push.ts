/**
 * docker push (docker/cli RunPush + client ImagePush): the reference checks the
 * client makes itself, the credentials `docker login` stored for that registry, and
 * the daemon's progress as lines (no terminal). With -q only the reference at the end.
 * An error inside the progress stream is printed bare; one before it as
 * "Error response from daemon: …".
 */
import { EngineError } from '../../errors.ts';
import { ReferenceFormatError, familiarString, parseNormalizedNamed, referenceString, tagNameOnly } from '../../images/reference.ts';
import { PUSH_TEXT, isStreamError } from '../../images/registryCommandTexts.ts';
import { type Ctx, bool, errorText } from '../context.ts';
import { authFor } from '../credentials.ts';
import { progressLine } from './pullFlow.ts';

export async function push(ctx: Ctx): Promise<number> {
  const all = bool(ctx, 'all-tags');
  const quiet = bool(ctx, 'quiet');
  let ref;
  try {
    ref = parseNormalizedNamed(ctx.parsed.args[0]!, ctx.version);
  } catch (e) {
    if (!(e instanceof ReferenceFormatError)) throw e;
    ctx.io.err(`${e.message}\n`);
    return 1;
  }
  const nameOnly = ref.tag === undefined && ref.digest === undefined;
  if (all && !nameOnly) {
    ctx.io.err(`${PUSH_TEXT.tagWithAll}\n`);
    return 1;
  }
  if (!all && nameOnly) {
    ref = tagNameOnly(ref);
    if (!quiet) ctx.io.out(`Using default tag: ${ref.tag}\n`);
  }
  if (ref.digest !== undefined) {
    ctx.io.err(`${PUSH_TEXT.digestReference}\n`);
    return 1;
  }
  const auth = authFor(ctx.engine, ref.domain);
  try {
    await ctx.engine.imagePush(
      familiarString(ref),
      { all, ...(auth ? { auth } : {}) },
      (m) => {
        if (!quiet) ctx.io.out(progressLine(m));
      },
      ctx.io.signal,
    );
  } catch (e) {
    if (isStreamError(e)) {
      ctx.io.err(`${e.message}\n`);
      return 1;
    }
    if (!(e instanceof EngineError)) throw e;
    ctx.io.err(`${errorText(e)}\n`);
    return 1;
  }
  if (quiet) ctx.io.out(`${referenceString(ref)}\n`);
  return 0;
}
