/** docker run: create (pulling if needed), attach unless -d, start, and wait. */
import { EngineError } from '../../errors.ts';
import { type Ctx, CliError, bool, errorText, isOld, str, untilEnded } from '../context.ts';
import { attachAndWait, clientEnd } from './attachFlow.ts';
import { createContainer, parseOrReport, runStyleError, validatePull } from './create.ts';

/** Exit status for a failed create/start of `docker run` (runStartContainerErr / toStatusError). */
export function runErrorStatus(message: string): number {
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(message)) return 127;
  if (/permission denied|is a directory/.test(message)) return 126;
  return 125;
}

export async function run(ctx: Ctx): Promise<number> {
  const bad = validatePull(ctx, 'run');
  if (bad !== undefined) return bad;
  const opts = await parseOrReport(ctx, 'run');
  if (typeof opts === 'number') return opts;
  const detach = bool(ctx, 'detach');
  const cfg = opts.request.config;
  if (!detach) {
    if (cfg.AttachStdin && cfg.Tty && !ctx.io.stdin.isTTY) {
      ctx.io.err(
        isOld(ctx) ? 'the input device is not a TTY\n' : 'the input device is not a TTY\n',
      );
      return 1;
    }
  } else {
    if (ctx.parsed.flags['attach'] && (ctx.parsed.flags['attach'] as string[]).length) {
      ctx.io.err(
        isOld(ctx) ? 'Conflicting options: -a and -d\n' : 'conflicting options: cannot specify both --attach and --detach\n',
      );
      return 1;
    }
    cfg.AttachStdin = false;
    cfg.AttachStdout = false;
    cfg.AttachStderr = false;
    cfg.StdinOnce = false;
  }
  let id: string;
  try {
    id = await createContainer(ctx, opts);
  } catch (e) {
    if (!(e instanceof EngineError) && !(e instanceof CliError)) throw e;
    const text = errorText(e);
    ctx.io.err(runStyleError(ctx, 'run', text));
    return runErrorStatus(text);
  }
  const attach = cfg.AttachStdin || cfg.AttachStdout || cfg.AttachStderr;
  // Without stdout/stderr attached (-d, -a stdin) the client prints the new ID as soon as the
  // create succeeds, before the start (which may still fail: ID on stdout, error on stderr).
  const showsId = !cfg.AttachStdout && !cfg.AttachStderr;
  if (showsId) ctx.io.out(`${id}\n`);
  const startOnly = async () => {
    try {
      await ctx.engine.containerStart(id);
      return undefined;
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      const text = errorText(e);
      ctx.io.err(runStyleError(ctx, 'run', text, !isOld(ctx)));
      if (opts.autoRemove) {
        try {
          await ctx.engine.containerWait(id, 'removed');
        } catch {
          /* already gone */
        }
      }
      return runErrorStatus(text);
    }
  };
  if (!attach) {
    const failed = await startOnly();
    return failed ?? 0;
  }
  const sigProxy = bool(ctx, 'sig-proxy');
  if (showsId) return stdinOnly(ctx, id, sigProxy, str(ctx, 'detach-keys') || undefined, startOnly);
  const info = await ctx.engine.containerInspect(id);
  let startFailure: number | undefined;
  const status = await attachAndWait(ctx, info, {
    stdin: cfg.AttachStdin ?? false,
    stdout: cfg.AttachStdout ?? true,
    stderr: cfg.AttachStderr ?? true,
    detachKeys: str(ctx, 'detach-keys') || undefined,
    condition: opts.autoRemove ? 'removed' : 'next-exit',
    // docker/cli forwards signals for `docker run` with or without -t (--sig-proxy only)
    sigProxy,
    start: async () => {
      startFailure = await startOnly();
      if (startFailure !== undefined) throw new StartFailed();
    },
  }).catch((e) => {
    if (e instanceof StartFailed) return startFailure!;
    throw e;
  });
  return status;
}

class StartFailed extends Error {}

/**
 * `docker run -a stdin` (stdin without stdout/stderr): the ID is printed, stdin is copied to
 * the container until it ends (EOF) or the container's stream does, then the client exits 0
 * without waiting for the container (runContainer's "Detached mode" return).
 */
async function stdinOnly(
  ctx: Ctx,
  id: string,
  sigProxy: boolean,
  detachKeys: string | undefined,
  startOnly: () => Promise<number | undefined>,
): Promise<number> {
  const session = await ctx.engine.containerAttach(id, { stdin: true, stdout: false, stderr: false, ...(detachKeys ? { detachKeys } : {}) });
  const client = clientEnd(ctx, id, sigProxy);
  try {
    const failed = await startOnly();
    if (failed !== undefined) {
      session.detach();
      return failed;
    }
    let stop = () => {};
    const stdinDone = new Promise<void>((resolve) => {
      const read = ctx.io.stdin.read;
      if (!read) {
        session.closeStdin();
        resolve();
        return;
      }
      stop = read.call(
        ctx.io.stdin,
        (data) => session.write(data),
        () => {
          session.closeStdin();
          resolve();
        },
      );
    });
    try {
      await Promise.race([stdinDone, untilEnded(session, client.signal)]);
    } finally {
      stop();
      session.detach();
    }
    return 0;
  } finally {
    client.dispose();
  }
}
