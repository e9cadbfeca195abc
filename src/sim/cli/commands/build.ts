/**
 * docker build (docker/cli runBuild with the classic builder): the context is tarred
 * on the client (src/sim/build/client.ts, loaded on first use), sent to the engine's
 * imageBuild, and the daemon's JSON stream printed as the CLI prints it without a
 * terminal. 20.10 uses the classic builder unless DOCKER_BUILDKIT says otherwise;
 * the simulated v29 client has no buildx plugin, so it warns and falls back to the
 * classic builder, as the real v29 CLI does without buildx.
 */
import type { BuildMessage } from '../../api.ts';
import type { Ctx } from '../context.ts';
import type { BuildKit } from '../../build/kit.ts';
import { setKit } from '../../build/kitRef.ts';

const BUILDX_MISSING_WARNING = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/`;
const BUILDKIT_DISABLED_WARNING = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0
            environment-variable.`;
const BUILDX_MISSING_ERROR = `ERROR: BuildKit is enabled but the buildx component is missing or broken.
       Install the buildx component to build images with BuildKit:
       https://docs.docker.com/go/buildx/`;

/** strconv.ParseBool. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** The bytes of stdin (a terminal hands binary input on one character per byte). */
async function readStdin(ctx: Ctx): Promise<Uint8Array> {
  const read = ctx.io.stdin.read;
  if (!read) return new Uint8Array(0);
  const chunks: string[] = [];
  await new Promise<void>((resolve) => {
    read.call(ctx.io.stdin, (d) => chunks.push(d), resolve);
  });
  const text = chunks.join('');
  if ([...text].some((c) => c.codePointAt(0)! > 0xff)) return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** KEY=VALUE list to a map; KEY alone: null (build args) or '' (labels). */
function kvMap(values: string[], bare: string | null): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i < 0) out[v] = bare;
    else out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** `kit`: what the command uses of the main bundle (src/sim/build/kit.ts), handed over by the registry. */
export async function build(ctx: Ctx, kit: BuildKit): Promise<number> {
  const { EngineError, bool, errorText, humanSize, isOld, list, outside, str } = kit;
  setKit(kit);
  const io = ctx.io;
  const old = isOld(ctx);
  const env = io.env?.['DOCKER_BUILDKIT'];
  if (env !== undefined && env !== '') {
    const enabled = parseBool(env);
    if (enabled === undefined) {
      io.err(`DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing ${JSON.stringify(env)}: invalid syntax\n`);
      return 1;
    }
    if (enabled) {
      // BuildKit needs the buildx plugin (v29) or a BuildKit-capable session (20.10): neither is simulated
      io.err(old ? 'docker build with BuildKit (DOCKER_BUILDKIT=1) is not available in the simulator: unset it to use the classic builder\n' : `${BUILDX_MISSING_ERROR}\n`);
      return 1;
    }
    if (!old) io.err(`${BUILDKIT_DISABLED_WARNING}\n\n`);
  } else if (!old) io.err(`${BUILDX_MISSING_WARNING}\n\n`);

  const [context = ''] = ctx.parsed.args;
  const dockerfileName = str(ctx, 'file');
  const quiet = bool(ctx, 'quiet');
  if (old && bool(ctx, 'stream')) {
    io.err(`DEPRECATED: The experimental --stream flag has been removed and the build context
            will be sent non-streaming. Enable BuildKit instead with DOCKER_BUILDKIT=1
            to stream build context, see https://docs.docker.com/go/buildkit/

`);
  }
  if (dockerfileName === '-' && context === '-') {
    io.err("invalid argument: can't use stdin for both build context and dockerfile\n");
    return 1;
  }
  // progBuff and buildBuff: stdout, or held back with -q
  let progBuff = '';
  let buildBuff = '';
  const prog = (s: string) => (quiet ? (progBuff += s) : io.out(s));
  const out = (s: string) => (quiet ? (buildBuff += s) : io.out(s));

  const client = await outside(import('../../build/client.ts'));
  const nowMs = ctx.engine.now();
  const typeBits = old;
  let prepared: import('../../build/client.ts').PreparedContext;
  try {
    if (context === '-') {
      try {
        prepared = client.stdinContext(await readStdin(ctx), dockerfileName, nowMs, typeBits);
      } catch (e) {
        throw new client.ContextError(old ? `unable to prepare context: ${(e as Error).message}` : `unable to prepare context from STDIN: ${(e as Error).message}`);
      }
    } else {
      let found = false;
      try {
        await io.files?.stat?.(context, { follow: true });
        found = io.files?.stat !== undefined;
      } catch {
        found = false;
      }
      if (/^(https?:\/\/|git:\/\/|git@|github\.com\/)/.test(context)) {
        io.err(`unable to prepare context: unable to download remote context ${context}: Get "${context}": dial tcp: lookup ${context.replace(/^[a-z]+:\/\//, '').split(/[/:]/)[0]}: no such host\n`);
        return 1;
      }
      if (!found) {
        io.err(`unable to prepare context: path ${JSON.stringify(context)} not found\n`);
        return 1;
      }
      const stdinDockerfile = dockerfileName === '-' ? await readStdin(ctx) : undefined;
      try {
        prepared = await client.localContext(io.files!, context, dockerfileName, { typeBits, nowMs, ...(stdinDockerfile ? { stdinDockerfile } : {}) });
      } catch (e) {
        if (e instanceof client.ContextError) throw new client.ContextError(`unable to prepare context: ${e.message}`);
        if (e instanceof Error && e.message.startsWith('error checking context: ') && !old) throw new Error(e.message.replace('error checking context: ', 'checking context: '));
        throw e;
      }
    }
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    io.err(`${e.message}\n`);
    return 1;
  }

  // the upload progress: without a terminal only its last update
  prog(`Sending build context to Docker daemon ${humanSize(prepared.tar.length).padStart(8)}\r\r\n`);

  const buildArgs = kvMap(list(ctx, 'build-arg'), null);
  const labels = kvMap(list(ctx, 'label'), '') as Record<string, string>;
  let imageID = '';
  let failure: { message: string; code?: number } | undefined;
  const onMessage = (m: BuildMessage) => {
    if (failure) return;
    if (m.aux) {
      imageID = m.aux.ID;
      return;
    }
    if (m.error) {
      failure = m.error;
      return;
    }
    if (m.stream !== undefined) out(m.stream);
    else if (m.status !== undefined && !m.progress) out(`${m.id ? `${m.id}: ` : ''}${m.status}\n`);
  };
  try {
    await ctx.engine.imageBuild(
      prepared.tar,
      {
        dockerfile: prepared.dockerfile,
        tags: list(ctx, 'tag'),
        buildArgs,
        labels,
        noCache: bool(ctx, 'no-cache'),
        remove: ctx.parsed.flags['rm'] !== false,
        forceRemove: bool(ctx, 'force-rm'),
        pull: bool(ctx, 'pull'),
        quiet,
        target: str(ctx, 'target'),
        cacheFrom: list(ctx, 'cache-from'),
      },
      onMessage,
      io.signal,
    );
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (quiet) io.err(progBuff);
    io.err(`${errorText(e)}\n`);
    return 1;
  }
  if (failure) {
    if (quiet) io.err(progBuff + buildBuff);
    io.err(`${failure.message}\n`);
    return failure.code || 1;
  }
  if (quiet) {
    imageID = buildBuff;
    io.out(buildBuff);
  }
  const iidfile = str(ctx, 'iidfile');
  if (iidfile !== '') {
    if (imageID === '') {
      io.err(`${old ? 'Server' : 'server'} did not provide an image ID. Cannot write ${iidfile}\n`);
      return 1;
    }
    try {
      await io.files?.writeFile(iidfile, new TextEncoder().encode(imageID));
    } catch (e) {
      io.err(`${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  return 0;
}
