/**
 * Runs parsed command lines: lists with && || ;, pipelines (stages run side by
 * side, joined by pipes), redirections, assignments, expansions, and the
 * commands themselves.
 */
import { FsError } from '../../sim/fs/types.ts';
import { ExpandError, type Expander, expandString, expandWord, wordSource } from './expand.ts';
import { COMMANDS } from './hostCommands.ts';
import { type AndOr, type Pipeline, type Script, type Simple, parse } from './parse.ts';
import { type CommandContext, type HostState, type Runtime, type Stdio, environment, errnoText, forkState, hostPath } from './runtime.ts';
import { CollectSink, FileSink, NULL_SINK, Pipe, type Sink, type Source, bytesSource, EMPTY_SOURCE } from './streams.ts';
import { texts } from './texts.ts';

export interface Job {
  readonly rt: Runtime;
  readonly signal: AbortSignal;
}

function say(sink: Sink, text: string): void {
  sink.write(text);
}

/** Runs a whole script (one command line); returns the status of the last command. */
export async function runScript(script: Script, job: Job, state: HostState, stdio: Stdio): Promise<number> {
  for (const ao of script) {
    if (job.signal.aborted) return 130;
    state.status = await runAndOr(ao, job, state, stdio);
  }
  return state.status;
}

async function runAndOr(ao: AndOr, job: Job, state: HostState, stdio: Stdio): Promise<number> {
  let status = await runPipeline(ao.first, job, state, stdio);
  for (const { op, pipeline } of ao.rest) {
    if (job.signal.aborted) return 130;
    state.status = status;
    if (op === '&&' ? status !== 0 : status === 0) continue;
    status = await runPipeline(pipeline, job, state, stdio);
  }
  return status;
}

async function runPipeline(p: Pipeline, job: Job, state: HostState, stdio: Stdio): Promise<number> {
  let status: number;
  if (p.commands.length === 1) status = await runSimple(p.commands[0]!, job, state, stdio);
  else {
    // Each stage is a subshell; when the last one ends the others are done for (SIGPIPE).
    const stop = new AbortController();
    const onAbort = () => stop.abort(job.signal.reason);
    job.signal.addEventListener('abort', onAbort);
    const stageJob: Job = { rt: job.rt, signal: stop.signal };
    const pipes = p.commands.slice(1).map(() => new Pipe());
    const stages = p.commands.map((cmd, i) => {
      const io: Stdio = { in: i === 0 ? stdio.in : pipes[i - 1]!.source, out: i < pipes.length ? pipes[i]!.sink : stdio.out, err: stdio.err };
      return runSimple(cmd, stageJob, forkState(state), io).finally(() => {
        if (i < pipes.length) pipes[i]!.sink.end();
      });
    });
    status = await stages[stages.length - 1]!;
    stop.abort(new DOMException('broken pipe', 'AbortError'));
    job.signal.removeEventListener('abort', onAbort);
    for (const s of stages) s.catch(() => {});
  }
  if (job.signal.aborted) return 130;
  return p.negate ? (status === 0 ? 1 : 0) : status;
}

class RedirectError extends Error {}

/** Opens the command's redirections over the inherited streams, in order. */
async function redirect(cmd: Simple, x: Expander, state: HostState, job: Job, stdio: Stdio): Promise<{ io: Stdio; opened: Sink[] }> {
  const fds: Array<Sink | Source> = [stdio.in, stdio.out, stdio.err];
  const opened: Sink[] = [];
  const fs = job.rt.sim.host;
  const term = job.rt.terminal;
  const special = (path: string, input: boolean): Sink | Source | undefined => {
    if (path === '/dev/null') return input ? EMPTY_SOURCE : NULL_SINK;
    if (path === '/dev/tty') return input ? term.in : term.out;
    if (path === '/dev/stdout') return fds[1];
    if (path === '/dev/stderr') return fds[2];
    return undefined;
  };
  for (const r of cmd.redirects) {
    const fields = await expandWord(r.target, x);
    if (fields.length !== 1) throw new RedirectError(`bash: ${wordSource(r.target)}: ambiguous redirect`);
    const target = fields[0]!;
    if (r.op === '>&' && /^\d$/.test(target)) {
      const from = fds[Number(target)];
      if (!from || Number(target) === 0) throw new RedirectError(`bash: ${target}: Bad file descriptor`);
      fds[r.fd] = from;
      continue;
    }
    if (r.op === '>&' && target === '-') {
      fds[r.fd] = NULL_SINK;
      continue;
    }
    const path = hostPath(state.cwd, target);
    if (r.op === '<') {
      const s = special(path, true);
      if (s) fds[r.fd] = s;
      else {
        try {
          fds[r.fd] = bytesSource(fs.readFile(path));
        } catch (e) {
          throw new RedirectError(`bash: ${target}: ${errnoText(e)}`);
        }
      }
      continue;
    }
    let sink = special(path, false) as Sink | undefined;
    if (!sink) {
      try {
        if (r.op === '>>' && fs.exists(path)) fs.writeFile(path, new Uint8Array(0), { append: true });
        else fs.writeFile(path, new Uint8Array(0), { mode: 0o644 });
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        throw new RedirectError(`bash: ${target}: ${errnoText(e)}`);
      }
      sink = new FileSink(fs, path);
      opened.push(sink);
    }
    if (r.op === '&>' || (r.op === '>&' && r.fd === 1)) {
      fds[1] = sink;
      fds[2] = sink;
    } else fds[r.fd] = sink;
  }
  return { io: { in: fds[0] as Source, out: fds[1] as Sink, err: fds[2] as Sink }, opened };
}

async function runSimple(cmd: Simple, job: Job, state: HostState, stdio: Stdio): Promise<number> {
  let subStatus: number | undefined;
  const x: Expander = {
    state,
    substitute: async (source) => {
      const collect = new CollectSink();
      const parsed = parse(source);
      if (parsed.kind !== 'ok') {
        say(stdio.err, parsed.kind === 'error' ? `${parsed.message}\n` : `bash: command substitution: syntax error\n`);
        subStatus = 2;
        return '';
      }
      subStatus = await runScript(parsed.script, job, forkState(state), { in: stdio.in, out: collect, err: stdio.err });
      collect.end();
      return collect.text;
    },
  };
  let argv: string[] = [];
  let io: Stdio;
  let opened: Sink[] = [];
  const values: string[] = [];
  try {
    for (const w of cmd.words) argv.push(...(await expandWord(w, x)));
    ({ io, opened } = await redirect(cmd, x, state, job, stdio));
    for (const a of cmd.assigns) values.push(await expandString(a.value, x));
  } catch (e) {
    if (e instanceof ExpandError || e instanceof RedirectError) {
      say(stdio.err, `${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (job.signal.aborted) return 130;
  if (argv.length === 0) {
    cmd.assigns.forEach((a, i) => state.vars.set(a.name, values[i]!));
    return subStatus ?? 0;
  }
  const env = environment(state);
  cmd.assigns.forEach((a, i) => (env[a.name] = values[i]!));
  try {
    return await dispatch(argv, job, state, io, env);
  } finally {
    for (const s of opened) s.end();
  }
}

async function dispatch(argv: string[], job: Job, state: HostState, io: Stdio, env: Record<string, string>): Promise<number> {
  const [name = '', ...args] = argv;
  const ctx: CommandContext = {
    rt: job.rt,
    state,
    stdio: io,
    signal: job.signal,
    env,
    name,
    run: (more, opts) => dispatch(more, opts?.signal ? { ...job, signal: opts.signal } : job, state, io, env),
  };
  const own = job.rt.commands;
  const command = own && Object.hasOwn(own, name) ? own[name] : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return notFound(name, state.cwd, job, io);
  try {
    return await command(args, ctx);
  } catch (e) {
    if (job.signal.aborted) return 130;
    const msg = e instanceof Error ? e.message : String(e);
    say(io.err, `bash: ${name}: internal error of the simulated host: ${msg}\n`);
    return 1;
  }
}

function notFound(name: string, cwd: string, job: Job, io: Stdio): number {
  if (!name.includes('/')) {
    say(io.err, `bash: ${name}: command not found\n`);
    return 127;
  }
  // A path: the simulated host has files but no programs to run.
  try {
    const st = job.rt.sim.host.stat(hostPath(cwd, name));
    say(io.err, `bash: ${name}: ${st.type === 'dir' ? 'Is a directory' : 'Permission denied'}\n`);
    return 126;
  } catch {
    say(io.err, `bash: ${name}: No such file or directory\n`);
    return 127;
  }
}

/** Parses and runs one command line as the shell's foreground job. */
export async function runLine(line: string, job: Job, state: HostState, stdio: Stdio): Promise<number> {
  const parsed = parse(line);
  switch (parsed.kind) {
    case 'ok':
      return runScript(parsed.script, job, state, stdio);
    case 'incomplete':
      say(stdio.err, 'bash: syntax error: unexpected end of file\n');
      return 2;
    case 'error':
      say(stdio.err, `${parsed.message}\n`);
      return 2;
    case 'unsupported': {
      const t = texts(job.rt.lang);
      say(stdio.err, `${parsed.what === 'background' ? t.noBackground : t.noCompound}\n`);
      return 2;
    }
  }
}
