/**
 * The classic builder's dispatcher (moby builder/dockerfile: builder.go, evaluator.go,
 * dispatchers.go, internals.go as of 20.10.24): stages and meta ARGs, the step
 * lines, one image per instruction — a commit of a build container (RUN, and the
 * `#(nop)` containers of metadata instructions and WORKDIR) or a layer written
 * directly (COPY, ADD) — the cache probe before each, intermediate containers
 * removed after each successful step.
 */
import type { EngineError } from '../errors.ts';
import type { ImageConfig } from '../images/types.ts';
import { kit } from './kitRef.ts';
import type { BuildBackend, BuildImage } from './backend.ts';
import { BuildArgs } from './buildArgs.ts';
import { BuildContext } from './context.ts';
import { copyComment, copyInstruction, performCopy, StepError } from './copy.ts';
import { ImageSource } from './imageSource.ts';
import { goQuote, goQuoteSlice, goSlice } from './goText.ts';
import { parseInstruction, parseInstructions, InstructionError, type Command, type Stage } from './instructions.ts';
import type { BuildOutput } from './output.ts';
import { parse, ParseError } from './parser.ts';
import { copyRunConfig, DEFAULT_PATH, emptyRunConfig, shellOf, withCmdComment, withCmdCommentString } from './runConfig.ts';
import { Prober } from './cache.ts';
import { ExpandError, processWord, processWords } from './shlex.ts';
import { cleanPath, PatternMatcher, readDockerignore } from './patterns.ts';

export interface BuildRequest {
  dockerfile: string;
  tags: string[];
  buildArgs: Map<string, string | undefined>;
  labels: Record<string, string>;
  noCache: boolean;
  remove: boolean;
  forceRemove: boolean;
  pull: boolean;
  target: string;
  cacheFrom: string[];
}

const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

/**
 * Simulated time the daemon spends on a step's parts, about what a 20.10 engine on
 * overlay2 takes (a metadata step ~0.1 s, `RUN echo` ~0.2 s): steps of one build land
 * in different seconds as they do for real (mtimes in layers, creation times).
 */
const STEP_MS = { create: 40, start: 100, commit: 40, remove: 20, copy: 40 };

/** Errors answered before any output (HTTP 400/500: "Error response from daemon: …"). */
const invalid = (m: string): EngineError => new (kit().EngineError)('invalidParameter', m);


class State {
  runConfig: ImageConfig = emptyRunConfig();
  maintainer = '';
  cmdSet = false;
  imageID = '';
  /** undefined until FROM; null for FROM scratch. */
  baseImage: BuildImage | null | undefined;
  stageName = '';
  os = 'linux';
  buildArgs: BuildArgs;

  constructor(base: BuildArgs) {
    this.buildArgs = base.clone();
    this.buildArgs.resetAllowed();
  }

  hasFromImage(): boolean {
    return this.imageID !== '' || this.baseImage === null;
  }
}

/** Throws for anything that is not an error of the build itself. */
function stepMessage(e: unknown): StepError {
  if (e instanceof StepError) return e;
  if (e instanceof kit().EngineError || e instanceof ExpandError || e instanceof InstructionError || e instanceof ParseError) return new StepError(e.message);
  throw e;
}

export class Builder {
  readonly #b: BuildBackend;
  readonly #out: BuildOutput;
  readonly #req: BuildRequest;
  readonly #signal: AbortSignal | undefined;
  readonly #prober: Prober;
  readonly #tmp = new Set<string>();
  /** Stage name → its last image ID (for FROM and COPY --from). */
  readonly #stages: Array<{ name: string; imageID: string }> = [];
  #ctx!: BuildContext;
  #escape = '\\';

  constructor(backend: BuildBackend, out: BuildOutput, req: BuildRequest, signal?: AbortSignal) {
    this.#b = backend;
    this.#out = out;
    this.#req = req;
    this.#signal = signal;
    this.#prober = new Prober(backend, req.noCache, req.cacheFrom);
  }

  /** Backend.Build + BuildManager.Build: the image ID, tagged. Errors: EngineError (before output) or StepError. */
  async build(contextTar: Uint8Array): Promise<string> {
    const tags = this.#sanitizeTags();
    let ctx: BuildContext;
    try {
      ctx = await BuildContext.open(contextTar, { nowMs: this.#b.now(), typeBits: this.#b.profile.version === '20.10' });
    } catch (e) {
      throw new (kit().EngineError)('system', e instanceof Error ? e.message : String(e));
    }
    this.#ctx = ctx;
    const name = this.#req.dockerfile || 'Dockerfile';
    const text = this.#readDockerfile(name);
    let parsed;
    try {
      parsed = parse(text);
    } catch (e) {
      if (e instanceof ParseError) throw invalid(`failed to parse ${name}: ${e.message}`);
      throw e;
    }
    this.#escape = parsed.escapeToken;
    let stages: Stage[];
    let metaArgs;
    try {
      ({ stages, metaArgs } = parseInstructions(parsed.nodes));
    } catch (e) {
      if (e instanceof InstructionError) throw invalid(e.message);
      throw e;
    }
    if (this.#req.target) {
      const ix = stages.findIndex((s) => s.name.toLowerCase() === this.#req.target.toLowerCase());
      if (ix < 0) throw invalid(`failed to reach build target ${this.#req.target} in Dockerfile`);
      stages = stages.slice(0, ix + 1);
    }
    const last = stages[stages.length - 1];
    if (last) {
      for (const key of Object.keys(this.#req.labels).sort()) {
        const value = this.#req.labels[key]!;
        last.commands.push({ kind: 'label', name: 'label', code: `LABEL ${key}=${value}`, line: 0, labels: [{ key, value }], noExpand: true } as Command);
      }
    }
    if (parsed.warnings.length) this.#out.stderr(parsed.warnings.join('\n') + '\n');
    const state = await this.#dispatchAll(stages, metaArgs);
    if (state.imageID === '') throw new StepError('No image was generated. Is your Dockerfile empty?');
    const id = state.imageID;
    this.#out.stdout(`Successfully built ${short(id)}\n`);
    for (const t of tags) {
      this.#b.tag(id, t);
      this.#out.stdout(`Successfully tagged ${t}\n`);
    }
    return id;
  }

  /** sanitizeRepoAndTags: each -t parsed, no digests, duplicates dropped; the familiar names. */
  #sanitizeTags(): string[] {
    const out: string[] = [];
    for (const t of this.#req.tags) {
      if (t === '') continue;
      const k = kit();
      let named;
      try {
        named = k.parseNormalizedNamed(t, this.#b.profile.version);
      } catch (e) {
        if (e instanceof k.ReferenceFormatError) throw invalid(e.message);
        throw e;
      }
      if (named.digest !== undefined) throw invalid('build tag cannot contain a digest');
      const name = k.familiarString(k.tagNameOnly(named));
      if (!out.includes(name)) out.push(name);
    }
    return out;
  }

  /** withDockerfileFromContext: the Dockerfile's text; it (and .dockerignore) leave the context if .dockerignore lists them. */
  #readDockerfile(name: string): string {
    const ctx = this.#ctx;
    const open = (p: string): Uint8Array | undefined => {
      const full = ctx.scoped(p);
      if (full === undefined) throw new (kit().EngineError)('system', `forbidden path outside the build context: ${p} ()`);
      const st = ctx.stat(full);
      if (!st) return undefined;
      if (st.type === 'dir') throw new (kit().EngineError)('system', `unexpected error reading Dockerfile: read /var/lib/docker/tmp/docker-builder/${cleanPath(p)}: is a directory`);
      return ctx.readFile(ctx.resolved(full));
    };
    let used = name;
    let data = open(name);
    if (!data && name === 'Dockerfile' && open('dockerfile')) {
      used = 'dockerfile';
      data = open(used);
    }
    if (!data) throw new (kit().EngineError)('system', `Cannot locate specified Dockerfile: ${name}`);
    if (data.length === 0) throw invalid(`the Dockerfile (${used}) cannot be empty`);
    const ignore = ctx.scoped('.dockerignore');
    const ignoreSt = ignore ? ctx.stat(ignore) : undefined;
    if (ignore && ignoreSt && ignoreSt.type !== 'dir') {
      let excludes: string[] = [];
      try {
        excludes = readDockerignore(new TextDecoder().decode(ctx.readFile(ctx.resolved(ignore))));
        const pm = new PatternMatcher(excludes);
        for (const f of ['.dockerignore', used]) {
          const clean = cleanPath(f);
          if (clean !== '.' && pm.matches(clean)) ctx.remove(ctx.scoped(f)!);
        }
      } catch {
        /* a bad pattern: the daemon logs it and keeps the files */
      }
    }
    return new TextDecoder().decode(data);
  }

  // ---- the steps ------------------------------------------------------------------------------

  async #dispatchAll(stages: Stage[], metaArgs: Array<Extract<Command, { kind: 'arg' }>>): Promise<State> {
    const buildArgs = new BuildArgs(this.#req.buildArgs);
    const total = metaArgs.length + stages.reduce((n, s) => n + 1 + s.commands.length, 0);
    let index = 1;
    const step = (code: string) => this.#out.stdout(`Step ${index++}/${total} : ${code}\n`);
    for (const meta of metaArgs) {
      step(meta.code);
      const envs = [...buildArgs.allAllowed()].map(([k, v]) => `${k}=${v}`);
      for (const a of meta.args) {
        let key: string;
        let value: string | undefined;
        try {
          key = processWord(a.key, envs, this.#escape);
          value = a.value === undefined ? undefined : processWord(a.value, envs, this.#escape);
        } catch (e) {
          throw stepMessage(e);
        }
        buildArgs.addArg(key, value);
        buildArgs.addMetaArg(key, value);
      }
    }
    let state = new State(buildArgs);
    for (const stage of stages) {
      if (stage.name && this.#stages.some((s) => s.name === stage.name)) throw new StepError(`${stage.name} stage name already used`);
      state = new State(buildArgs);
      step(stage.code);
      await this.#from(state, stage);
      state.runConfig.Image = state.imageID;
      this.#out.stdout(` ---> ${short(state.imageID)}\n`);
      for (const cmd of stage.commands) {
        if (this.#signal?.aborted) {
          this.#out.stdout('Build cancelled\n');
          throw new StepError('Build cancelled');
        }
        step(cmd.code);
        await this.#dispatch(state, cmd);
        state.runConfig.Image = state.imageID;
        this.#out.stdout(` ---> ${short(state.imageID)}\n`);
      }
      if (state.imageID) this.#out.aux(state.imageID);
      buildArgs.mergeReferenced(state.buildArgs);
      this.#stages.push({ name: stage.name, imageID: state.imageID });
    }
    const unused = buildArgs.unused();
    if (unused.length) this.#out.stdout(`[Warning] One or more build-args ${goSlice(unused)} were not consumed\n`);
    return state;
  }

  /** initializeStage: the base image (a stage, scratch, local, or pulled), its config, ONBUILD triggers. */
  async #from(state: State, stage: Stage): Promise<void> {
    this.#prober.reset();
    const metaEnv = [...state.buildArgs.allMeta()].map(([k, v]) => `${k}=${v}`);
    if (stage.platform) {
      try {
        processWord(stage.platform, metaEnv, this.#escape);
      } catch (e) {
        throw new StepError(`failed to process arguments for platform ${stage.platform}: ${stepMessage(e).message}`);
      }
    }
    let name: string;
    try {
      name = processWord(stage.baseName, metaEnv, this.#escape);
    } catch (e) {
      throw stepMessage(e);
    }
    if (name === '') throw new StepError(`base name (${stage.baseName}) should not be blank`);
    const image = await this.#baseImage(name);
    state.stageName = stage.name;
    state.imageID = image?.id ?? '';
    state.baseImage = image;
    state.os = image?.os || 'linux';
    state.runConfig = image?.config ? copyRunConfig(image.config) : emptyRunConfig();
    if (!(state.runConfig.Env ?? []).some((e) => e.split('=')[0] === 'PATH')) state.runConfig.Env = [...(state.runConfig.Env ?? []), DEFAULT_PATH];
    state.runConfig.OpenStdin = false;
    state.runConfig.StdinOnce = false;
    const triggers = state.runConfig.OnBuild ?? [];
    if (triggers.length) {
      state.runConfig.OnBuild = null;
      this.#out.stdout(`# Executing ${triggers.length} build trigger${triggers.length > 1 ? 's' : ''}\n`);
      for (const trigger of triggers) {
        state.runConfig.Image = state.imageID;
        let cmd;
        try {
          const nodes = parse(trigger).nodes;
          if (nodes.length !== 1) throw new StepError('onbuild trigger should be a single expression');
          const parsed = parseInstruction(nodes[0]!);
          if (parsed.kind === 'from') throw new StepError('*instructions.Stage is not a command type');
          cmd = parsed;
        } catch (e) {
          throw stepMessage(e);
        }
        await this.#dispatch(state, cmd);
      }
    }
  }

  /** getImageOrStage: a previous stage's image, scratch (null), a local image, or one pulled now. */
  async #baseImage(name: string): Promise<BuildImage | null> {
    const stage = [...this.#stages].reverse().find((s) => s.name !== '' && s.name === name.toLowerCase());
    if (stage) return this.#b.image(stage.imageID) ?? null;
    if (name === 'scratch') return null;
    if (!this.#req.pull) {
      const local = this.#b.image(name);
      if (local) return local;
    }
    const k = kit();
    let ref: string;
    try {
      ref = k.familiarString(k.tagNameOnly(k.parseNormalizedNamed(name, this.#b.profile.version)));
    } catch (e) {
      if (e instanceof k.ReferenceFormatError) throw new StepError(e.message);
      throw e;
    }
    try {
      await this.#b.pull(ref, (m) => this.#out.progress(m), this.#signal);
    } catch (e) {
      throw stepMessage(e);
    }
    const pulled = this.#b.image(name);
    if (!pulled) throw new StepError(`No such image: ${ref}`);
    return pulled;
  }

  async #dispatch(state: State, cmd: Command): Promise<void> {
    let failed = true;
    try {
      await this.#dispatchOne(state, cmd);
      failed = false;
    } catch (e) {
      throw stepMessage(e);
    } finally {
      if (this.#req.forceRemove || (this.#req.remove && !failed)) await this.#removeAll();
    }
  }

  /** The env a step's words are expanded with: the config's env, then the allowed build args it does not set. */
  #envs(state: State): string[] {
    const env = state.runConfig.Env ?? [];
    return [...env, ...state.buildArgs.filterAllowed(env)];
  }

  async #dispatchOne(state: State, cmd: Command): Promise<void> {
    const rc = state.runConfig;
    // Expand: every word of the instruction, with the env as it was before the instruction
    const envs = this.#envs(state);
    const ex = (word: string): string => processWord(word, envs, this.#escape);
    switch (cmd.kind) {
      case 'env': {
        let msg = 'ENV';
        const pairs = cmd.env.map((kv) => [ex(kv.key), ex(kv.value)] as const);
        for (const [key, value] of pairs) {
          const entry = `${key}=${value}`;
          msg += ` ${entry}`;
          const env = rc.Env ?? [];
          const i = env.findIndex((e) => e.split('=')[0] === key);
          if (i >= 0) env[i] = entry;
          else env.push(entry);
          rc.Env = env;
        }
        return this.#commit(state, msg);
      }
      case 'maintainer':
        state.maintainer = cmd.maintainer;
        return this.#commit(state, `MAINTAINER ${cmd.maintainer}`);
      case 'label': {
        const noExpand = (cmd as { noExpand?: boolean }).noExpand === true;
        const pairs = cmd.labels.map((kv) => (noExpand ? [kv.key, kv.value] : [ex(kv.key), ex(kv.value)]) as [string, string]);
        rc.Labels = rc.Labels ?? {};
        let msg = 'LABEL';
        for (const [key, value] of pairs) {
          rc.Labels[key] = value;
          msg += ` ${key}=${value}`;
        }
        return this.#commit(state, msg);
      }
      case 'add':
      case 'copy':
        return this.#copy(state, cmd, ex);
      case 'onbuild':
        rc.OnBuild = [...(rc.OnBuild ?? []), cmd.expression];
        return this.#commit(state, `ONBUILD ${cmd.expression}`);
      case 'workdir':
        return this.#workdir(state, ex(cmd.path));
      case 'run':
        return this.#run(state, cmd);
      case 'cmd': {
        const line = this.#resolveCmdLine(cmd.cmdLine, cmd.prependShell, rc);
        rc.Cmd = line;
        rc.ArgsEscaped = false;
        await this.#commit(state, `CMD ${goQuoteSlice(line)}`);
        if (cmd.cmdLine && cmd.cmdLine.length !== 0) state.cmdSet = true;
        return;
      }
      case 'healthcheck': {
        const old = rc.Healthcheck?.Test;
        if (old && old.length > 0 && old[0] !== 'NONE') this.#out.stdout(`Note: overriding previous HEALTHCHECK: ${goSlice(old)}\n`);
        const h = cmd.health;
        // zero fields left out, as omitempty writes them
        rc.Healthcheck = {
          Test: h.Test,
          ...(h.Interval ? { Interval: h.Interval } : {}),
          ...(h.Timeout ? { Timeout: h.Timeout } : {}),
          ...(h.StartPeriod ? { StartPeriod: h.StartPeriod } : {}),
          ...(h.Retries ? { Retries: h.Retries } : {}),
        };
        return this.#commit(state, `HEALTHCHECK &{${goQuoteSlice(h.Test)} ${goQuote(goDuration(h.Interval))} ${goQuote(goDuration(h.Timeout))} ${goQuote(goDuration(h.StartPeriod))} ${goRuneQuote(h.Retries)}}`);
      }
      case 'entrypoint': {
        rc.Entrypoint = this.#resolveCmdLine(cmd.cmdLine, cmd.prependShell, rc);
        rc.ArgsEscaped = false;
        if (!state.cmdSet) rc.Cmd = null;
        return this.#commit(state, `ENTRYPOINT ${goQuoteSlice(rc.Entrypoint)}`);
      }
      case 'expose':
        return this.#expose(state, cmd.ports, envs);
      case 'user':
        rc.User = ex(cmd.user);
        return this.#commit(state, `USER ${rc.User}`);
      case 'volume': {
        const volumes = cmd.volumes.map(ex);
        rc.Volumes = rc.Volumes ?? {};
        for (const v of volumes) {
          if (v === '') throw new StepError('VOLUME specified can not be an empty string');
          rc.Volumes[v] = {};
        }
        return this.#commit(state, `VOLUME ${goSlice(volumes)}`);
      }
      case 'stopsignal': {
        const sig = ex(cmd.signal);
        if (kit().parseSignal?.(sig) === undefined) throw new StepError(`Invalid signal: ${sig}`);
        rc.StopSignal = sig;
        return this.#commit(state, `STOPSIGNAL ${sig}`);
      }
      case 'arg': {
        const args = cmd.args.map((a) => ({ key: ex(a.key), value: a.value === undefined ? undefined : ex(a.value) }));
        const parts: string[] = [];
        for (const { key, value } of args) {
          parts.push(value === undefined ? key : `${key}=${value}`);
          state.buildArgs.addArg(key, value);
        }
        return this.#commit(state, `ARG ${parts.join(' ')}`);
      }
      case 'shell':
        rc.Shell = [...cmd.shell];
        return this.#commit(state, `SHELL ${goSlice(rc.Shell)}`);
    }
  }

  /** resolveCmdLine: the shell form gets the shell in front. */
  #resolveCmdLine(line: string[] | null, prependShell: boolean, rc: ImageConfig): string[] | null {
    if (prependShell && line !== null) return [...shellOf(rc), ...line];
    return line === null ? null : [...line];
  }

  // ---- commits --------------------------------------------------------------------------------

  /** probeCache: a hit prints " ---> Using cache" and moves to the cached image. */
  #probe(state: State, cfg: ImageConfig): boolean {
    const cached = this.#prober.probe(state.imageID, cfg);
    if (!cached) return false;
    this.#out.stdout(' ---> Using cache\n');
    state.imageID = cached;
    return true;
  }

  async #create(cfg: ImageConfig): Promise<string> {
    // the daemon can make a container without an image (right after FROM scratch); the simulated one cannot
    if (cfg.Image === '') throw new StepError('the simulator cannot create a container from scratch (no image yet): put a COPY or ADD before this instruction');
    await this.#b.sleep(STEP_MS.create);
    const { id, warnings } = await this.#b.createContainer(cfg);
    // the daemon's merge with the image: zero HEALTHCHECK fields take the image's (in place)
    const from = cfg.Image ? this.#b.image(cfg.Image)?.config?.Healthcheck : undefined;
    if (from) {
      if (!cfg.Healthcheck) cfg.Healthcheck = from;
      else {
        const h = cfg.Healthcheck;
        if (!h.Test?.length && from.Test) h.Test = from.Test;
        if (!h.Interval && from.Interval) h.Interval = from.Interval;
        if (!h.Timeout && from.Timeout) h.Timeout = from.Timeout;
        if (!h.StartPeriod && from.StartPeriod) h.StartPeriod = from.StartPeriod;
        if (!h.Retries && from.Retries) h.Retries = from.Retries;
      }
    }
    this.#tmp.add(id);
    for (const w of warnings) this.#out.stdout(` ---> [Warning] ${w}\n`);
    this.#out.stdout(` ---> Running in ${short(id)}\n`);
    return id;
  }

  async #removeAll(): Promise<void> {
    for (const id of [...this.#tmp]) {
      try {
        await this.#b.sleep(STEP_MS.remove);
        await this.#b.removeContainer(id);
      } catch (e) {
        this.#out.stdout(`Error removing intermediate container ${short(id)}: ${e instanceof Error ? e.message : String(e)}\n`);
        return;
      }
      this.#tmp.delete(id);
      this.#out.stdout(`Removing intermediate container ${short(id)}\n`);
    }
  }

  /** commit: a `#(nop)` container with the instruction as its command, committed (or the cached image). */
  async #commit(state: State, comment: string): Promise<void> {
    if (!state.hasFromImage()) throw new StepError('Please provide a source image with `from` prior to commit');
    const cfg = withCmdComment(state.runConfig, comment);
    if (this.#probe(state, cfg)) return;
    const id = await this.#create(cfg);
    await this.#commitContainer(state, id, this.#b.containerConfig(id));
  }

  async #commitContainer(state: State, id: string, containerConfig: ImageConfig): Promise<void> {
    await this.#b.sleep(STEP_MS.commit);
    state.imageID = await this.#b.commit(id, { author: state.maintainer, config: copyRunConfig(state.runConfig), containerConfig });
  }

  async #workdir(state: State, path: string): Promise<void> {
    const rc = state.runConfig;
    if (path === '') throw new StepError('cannot normalize nothing');
    rc.WorkingDir = path.startsWith('/') ? path : cleanPath(`/${rc.WorkingDir}/${path}`);
    const cfg = withCmdCommentString(rc, `WORKDIR ${rc.WorkingDir}`);
    if (this.#probe(state, cfg)) return;
    const id = await this.#create(cfg);
    this.#b.createWorkdir(id);
    await this.#commitContainer(state, id, this.#b.containerConfig(id));
  }

  async #expose(state: State, ports: string[], envs: string[]): Promise<void> {
    const expanded: string[] = [];
    for (const p of ports) expanded.push(...processWords(p, envs, this.#escape));
    const rc = state.runConfig;
    const set: Record<string, Record<string, never>> = {};
    const k = kit();
    for (const p of expanded) {
      try {
        // the daemon's nat.ParsePortSpecs (no `published=…` notation there)
        if (p.includes('=')) throw new StepError(`Invalid containerPort: ${p.split(':').pop()!.split('/')[0]}`);
        for (const port of Object.keys(k.parsePublish([p], this.#b.profile.version === '20.10').exposed)) set[port] = {};
      } catch (e) {
        if (e instanceof k.PortSpecError) throw new StepError(e.message);
        throw e;
      }
    }
    rc.ExposedPorts = { ...(rc.ExposedPorts ?? {}), ...set };
    return this.#commit(state, `EXPOSE ${expanded.join(' ')}`);
  }

  async #run(state: State, cmd: Extract<Command, { kind: 'run' }>): Promise<void> {
    if (cmd.flagsUsed.length > 0) {
      throw new StepError(`the --${cmd.flagsUsed[0]} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`);
    }
    const rc = state.runConfig;
    const cmdFromArgs = this.#resolveCmdLine(cmd.cmdLine, cmd.prependShell, rc) ?? [];
    const buildArgs = state.buildArgs.filterAllowed(rc.Env);
    let saveCmd = cmdFromArgs;
    if (buildArgs.length > 0) {
      const kept = buildArgs.filter((e) => state.buildArgs.isReferencedOrNotBuiltin(e.split('=')[0]!)).sort();
      saveCmd = [`|${kept.length}`, ...kept, ...cmdFromArgs];
    }
    const probeCfg = copyRunConfig(rc, (c) => {
      c.Cmd = saveCmd;
      c.ArgsEscaped = false;
      if (saveCmd.length > 0) c.Entrypoint = null;
    });
    if (this.#probe(state, probeCfg)) return;
    const runCfg = copyRunConfig(rc, (c) => {
      c.Cmd = cmdFromArgs;
      c.ArgsEscaped = false;
      c.Env = [...(rc.Env ?? []), ...buildArgs];
      if (saveCmd.length > 0) c.Entrypoint = [''];
      c.Healthcheck = { Test: ['NONE'] };
    });
    const id = await this.#create(runCfg);
    await this.#b.sleep(STEP_MS.start);
    const status = await this.#b.runContainer(id, (stream, data) => (stream === 'stdout' ? this.#out.stdout(data) : this.#out.stderr(data)), this.#signal);
    if (this.#signal?.aborted) {
      // containerManager.Run's cancellation: the killed container goes, whatever --rm says
      await this.#removeAll();
      throw new StepError('build cancelled');
    }
    if (status !== 0) {
      const ran = this.#b.containerConfig(id).Cmd ?? [];
      throw new StepError(`The command '${ran.join(' ')}' returned a non-zero code: ${status}`, status);
    }
    await this.#commitContainer(state, id, probeCfg);
  }

  async #copy(state: State, cmd: Extract<Command, { kind: 'add' | 'copy' }>, ex: (w: string) => string): Promise<void> {
    const name = cmd.kind === 'add' ? 'ADD' : 'COPY';
    const chown = ex(cmd.chown);
    const paths = cmd.paths.map(ex);
    if (cmd.chmod) throw new StepError('the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled');
    const from = cmd.kind === 'copy' ? cmd.from : '';
    // COPY --from: an earlier stage's image, or any image (pulled if missing); its owners kept unless --chown
    const mount = from ? this.#b.imageFs(await this.#fromImage(from)) : undefined;
    try {
      const source = mount ? new ImageSource(mount.fs) : this.#ctx;
      const inst = copyInstruction(source, paths, name, chown);
      const cfg = withCmdCommentString(state.runConfig, copyComment(inst));
      if (this.#probe(state, cfg)) return;
      await this.#b.sleep(STEP_MS.copy);
      const nowMs = this.#b.now();
      const workingDir = state.runConfig.WorkingDir;
      const identity = chown ? await this.#chownIdentity(state, chown) : from ? undefined : { uid: 0, gid: 0 };
      state.imageID = await this.#b.createImage(state.imageID, (fs) => performCopy(fs, source, inst, { workingDir, identity, nowMs }), {
        author: state.maintainer,
        config: copyRunConfig(state.runConfig),
        containerConfig: cfg,
      });
    } finally {
      mount?.release();
    }
  }

  /** getImageMount: a stage by name or index, else an image reference ("invalid from flag value …"). */
  async #fromImage(from: string): Promise<string> {
    const fail = (why: string): never => {
      throw new StepError(`invalid from flag value ${from}: ${why}`);
    };
    const named = this.#stages.find((s) => s.name !== '' && s.name === from.toLowerCase());
    if (named) return named.imageID;
    if (/^[+-]?\d+$/.test(from)) {
      const i = Number(from);
      if (i === this.#stages.length) fail('refers to current build stage');
      if (i < 0 || i > this.#stages.length) fail('index out of bounds');
      return this.#stages[i]!.imageID;
    }
    try {
      const image = await this.#baseImage(from);
      if (!image) fail('no such image');
      return image!.id;
    } catch (e) {
      return fail(stepMessage(e).message);
    }
  }

  /** parseChownFlag: user[:group] by number or by name in the image's /etc/passwd and /etc/group. */
  async #chownIdentity(state: State, chown: string): Promise<{ uid: number; gid: number }> {
    const parts = chown.split(':');
    if (parts.length > 2) throw new StepError(`unable to convert uid/gid chown string to host mapping: invalid chown string format: ${chown}`);
    const [user = '', group = user] = parts;
    const files = await this.#b.readImageFiles(state.imageID, ['/etc/passwd', '/etc/group']);
    const lookup = (name: string, file: string, what: 'user' | 'group', text: string | undefined): number => {
      if (/^[+-]?\d+$/.test(name)) return Number(name);
      const hint = `can't find ${what === 'user' ? 'uid' : 'gid'} for ${what} ${name}`;
      if (text === undefined) throw new StepError(`unable to convert uid/gid chown string to host mapping: ${hint}: open ${file}: no such file or directory`);
      for (const line of text.split('\n')) {
        const f = line.split(':');
        if (f[0] === name && f.length >= 3) return Number(f[2]);
      }
      throw new StepError(`unable to convert uid/gid chown string to host mapping: ${hint}: no such ${what}: ${name}`);
    };
    return { uid: lookup(user, '/etc/passwd', 'user', files[0]), gid: lookup(group, '/etc/group', 'group', files[1]) };
  }
}

/** time.Duration's String (for HEALTHCHECK's history text). */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(ns);
  let out: string;
  if (n < 1e3) out = `${n}ns`;
  else if (n < 1e6) out = `${trimFrac(n / 1e3)}µs`;
  else if (n < 1e9) out = `${trimFrac(n / 1e6)}ms`;
  else {
    const h = Math.floor(n / 3600e9);
    n -= h * 3600e9;
    const m = Math.floor(n / 60e9);
    n -= m * 60e9;
    const s = trimFrac(n / 1e9);
    out = h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`;
  }
  return neg ? `-${out}` : out;
}

const trimFrac = (x: number): string => String(Number(x.toFixed(9)));

/** %q of an int: a quoted rune ('\x00' for 0). */
function goRuneQuote(n: number): string {
  if (n === 0) return "'\\x00'";
  const ch = String.fromCodePoint(n);
  return n < 0x20 ? `'\\x${n.toString(16).padStart(2, '0')}'` : `'${ch}'`;
}
