/**
 * `docker …` on the host: the simulator's whole command line with the shell's
 * streams. The keyboard reaches the command raw when the docker CLI would put
 * the terminal in raw mode (a TTY session: run/exec -it, attach or start -ai to
 * a TTY container), otherwise through the host terminal's line discipline.
 */
import { HelpTextsNotLoaded, parseCommandLine, type ParsedCommand } from '../../sim/cli/argv/index.ts';
import { isUsageError } from '../../sim/cli/argv/types.ts';
import { docker, isCancellation } from '../../sim/cli/docker.ts';
import type { CliIO, CliStdin, HostFiles } from '../../sim/cli/io.ts';
import type { MemoryFs } from '../../sim/fs/memory.ts';
import type { Simulator } from '../../sim/simulator.ts';
import { type CommandContext, type ReadMode, errnoText, hostPath } from './runtime.ts';
import { type Chunk, TextJoiner, latin1 } from './streams.ts';
import { COMMAND_LATENCY_MS } from '../../runner/latency.ts';
import { memoryReaddir, memoryStat } from '../../lessons/hostFiles.ts';

/** The command line as parsed, or undefined when it ends in help or a usage error (whose texts need not be loaded for this). */
function peek(args: string[], sim: Simulator): ParsedCommand | undefined {
  try {
    const found = parseCommandLine(args, sim.version);
    return isUsageError(found) ? undefined : found;
  } catch (e) {
    if (e instanceof HelpTextsNotLoaded) return undefined;
    throw e;
  }
}

/** Whether the docker CLI would read the terminal raw for this command line. */
export function readMode(args: string[], sim: Simulator): ReadMode {
  const found = peek(args, sim);
  if (!found) return 'cooked';
  const name = found.path[found.path.length - 1];
  const f = found.parsed.flags;
  const tty = (ref: string | undefined) => {
    try {
      return ref !== undefined && sim.engine.find(ref)?.config.Tty === true;
    } catch {
      return false;
    }
  };
  if (name === 'run' || name === 'exec') return f['tty'] && f['interactive'] && !f['detach'] ? 'raw' : 'cooked';
  if (name === 'attach') return !f['no-stdin'] && tty(found.parsed.args[0]) ? 'raw' : 'cooked';
  if (name === 'start') return f['attach'] && f['interactive'] && tty(found.parsed.args[0]) ? 'raw' : 'cooked';
  return 'cooked';
}

/** Commands whose standard input is a tar (bytes, handed on one character per byte). */
function readsBinary(args: string[], sim: Simulator): boolean {
  const found = peek(args, sim);
  if (!found) return false;
  const name = found.path[found.path.length - 1];
  // docker build - reads a context tar (or a Dockerfile) from stdin
  return name === 'import' || name === 'load' || (name === 'build' && found.parsed.args[0] === '-');
}

/** The host's files as the docker client opens them (relative to the shell's directory). */
export function hostFiles(fs: MemoryFs, cwd: string): HostFiles {
  const fail = (path: string, e: unknown) => new Error(`open ${path}: ${errnoText(e).toLowerCase()}`);
  return {
    readFile: async (path) => {
      try {
        return fs.readFile(hostPath(cwd, path));
      } catch (e) {
        throw fail(path, e);
      }
    },
    writeFile: async (path, data, opts = {}) => {
      try {
        // docker/cli writes -o files through an atomic writer created with mode 0600.
        fs.writeFile(hostPath(cwd, path), data, { mode: opts.mode ?? 0o600 });
      } catch (e) {
        throw fail(path, e);
      }
    },
    stat: async (path, opts = {}) => memoryStat(fs, hostPath(cwd, path), path, opts.follow ?? false),
    readdir: async (path) => memoryReaddir(fs, hostPath(cwd, path), path),
    cwd: () => hostPath(cwd, '.'),
  };
}

export async function dockerCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { rt, stdio } = ctx;
  const sim = rt.sim;
  let stdin: CliStdin;
  if (stdio.in.tty) {
    const mode = readMode(args, sim);
    stdin = {
      isTTY: true,
      read: (onData, onEnd) => rt.openReader(mode, onData, onEnd),
      size: () => rt.size(),
    };
  } else {
    const binary = readsBinary(args, sim);
    const joiner = new TextJoiner();
    const convert = (d: Chunk) => (binary ? (typeof d === 'string' ? latin1(new TextEncoder().encode(d)) : latin1(d)) : joiner.text(d));
    stdin = {
      isTTY: false,
      read: (onData, onEnd) =>
        stdio.in.read(
          (d) => onData(convert(d)),
          () => {
            const rest = binary ? '' : joiner.flush();
            if (rest) onData(rest);
            onEnd();
          },
        ),
    };
  }
  const io: CliIO = {
    out: (text) => stdio.out.write(text),
    err: (text) => stdio.err.write(text),
    outBytes: (data) => stdio.out.write(data),
    stdoutIsTTY: stdio.out.tty,
    stdin,
    files: hostFiles(sim.host, ctx.state.cwd),
    signal: ctx.signal,
    env: ctx.env,
  };
  try {
    const status = await docker(args, { engine: sim.engine, io, version: sim.version });
    // The client's own time (connect, ask, print): what the command set going goes on
    // meanwhile, as under the runner (a started shell sets its trap before the next command).
    await sim.clock.sleep(COMMAND_LATENCY_MS);
    return status;
  } catch (e) {
    if (isCancellation(e, io)) return 130;
    throw e;
  }
}
