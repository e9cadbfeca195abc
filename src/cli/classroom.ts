/**
 * `npx classroom …`: the project's command line.
 *   run [--engine sim|native] [--docker 29|20.10] [--json] [--seed N] FILE
 *   native gc         leftovers of crashed native runs (src/cli/native.ts)
 *   check [--all]     every lesson on the simulator and the native engine, compared (src/cli/check.ts)
 *   serve [OPTIONS]   the native backend for the site's real mode (src/cli/serve.ts)
 *   docker ARGS…      one command against a simulator whose state persists in a file
 *   reset             forget that state
 *   quiz [OPTIONS]    generated quiz questions (src/cli/quiz.ts)
 */
import { readFile } from 'node:fs/promises';
import { LessonError, lessonScript, parseLesson } from '../lessons/format.ts';
import { parseScript, ScriptError } from '../runner/script.ts';
import { runSteps } from '../runner/run.ts';
import { SimHost } from '../runner/simHost.ts';
import { parseDockerVersion, type DockerVersion } from '../sim/profile.ts';
import { createSimulator } from '../sim/simulator.ts';
import { nodeFiles } from './nodeFiles.ts';
import { persistentDocker, resetState } from './persistent.ts';
import { quizCommand } from './quiz.ts';
import { formatStep } from './transcriptText.ts';
import { nativeCommand, runNativeSteps } from './native.ts';

const USAGE = `Usage: classroom COMMAND

Commands:
  run [--engine sim|native] [--docker 29|20.10] [--json] [--seed N] FILE
                 Run a lesson script step by step and print its transcript
                 (native: real containers under runc; Linux, root; state in
                 $CLASSROOM_NATIVE_ROOT or /var/lib/container-classroom)
  native gc      Remove what crashed native runs left behind
  check [--all | LESSON…] [--docker 29|20.10] [--json]
                 Run every lesson on the simulator and on the native engine and
                 print a table of the differences (Linux, root)
  serve [--port N] [--origin URL]…
                 Serve the native backend on 127.0.0.1 for the site's real mode
                 (Linux, root; classroom serve --help for every option)
  docker ARGS…   Run one docker command against a simulator that remembers its
                 state between calls (in ./.classroom/state.json, or $CLASSROOM_STATE)
  reset          Forget that state
  quiz [--count N] [--seed S] [--level L] [--docker 29|20.10] [--json]
                 Print quiz questions generated from the lifecycle model
                 (classroom quiz --help for every option)

Options of run and docker:
  --docker V     Docker version to imitate: 29 (current, default) or 20.10
  --json         Print one JSON array, an element per step
  --seed N       Seed for IDs and names (default 1)
`;

interface RunOptions {
  engine: string;
  docker: DockerVersion;
  json: boolean;
  seed: number;
  file?: string;
}

function parseRunArgs(args: string[]): RunOptions | string {
  const opts: RunOptions = { engine: 'sim', docker: '29', json: false, seed: 1 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (name: string): string | undefined => {
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
      if (a === name) return args[++i];
      return undefined;
    };
    let v: string | undefined;
    if (a === '--json') opts.json = true;
    else if ((v = value('--engine')) !== undefined) opts.engine = v;
    else if ((v = value('--docker')) !== undefined) {
      const d = parseDockerVersion(v);
      if (!d) return `unknown docker version '${v}' (use 29 or 20.10)`;
      opts.docker = d;
    } else if ((v = value('--seed')) !== undefined) {
      if (!/^\d+$/.test(v)) return `--seed needs a non-negative integer, got '${v}'`;
      opts.seed = Number(v);
    } else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
    else if (opts.file === undefined) opts.file = a;
    else return `unexpected argument '${a}'`;
  }
  if (opts.engine !== 'sim' && opts.engine !== 'native') return `unknown engine '${opts.engine}' (use sim or native)`;
  return opts;
}

async function runCommand(args: string[]): Promise<number> {
  const opts = parseRunArgs(args);
  if (typeof opts === 'string') {
    process.stderr.write(`classroom run: ${opts}\n`);
    return 2;
  }
  if (!opts.file) {
    process.stderr.write('classroom run: missing FILE\n');
    return 2;
  }
  let text: string;
  try {
    text = opts.file === '-' ? await readStdin() : await readFile(opts.file, 'utf8');
  } catch (e) {
    process.stderr.write(`classroom run: cannot read ${opts.file}: ${(e as Error).message}\n`);
    return 2;
  }
  let steps;
  try {
    // A lesson file runs as its script: run steps' commands and tasks' solutions, in order.
    if (opts.file.endsWith('.lesson')) text = lessonScript(parseLesson(text, opts.file));
    steps = parseScript(text);
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`classroom run: ${opts.file}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof LessonError) {
      process.stderr.write(`classroom run: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.engine === 'native') {
    const r = await runNativeSteps(steps, { docker: opts.docker, onStep: (_step, result) => void (!opts.json && process.stdout.write(formatStep(result))) });
    if (opts.json && r.status !== 2) process.stdout.write(`${JSON.stringify(r.transcript, null, 2)}\n`);
    return r.status;
  }
  const sim = await createSimulator({ version: opts.docker, seed: opts.seed });
  const host = new SimHost(sim, nodeFiles(process.cwd()));
  const transcript = await runSteps(steps, host, (_step, result) => {
    if (!opts.json) process.stdout.write(formatStep(result));
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(transcript, null, 2)}\n`);
  return 0;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d) => (buf += d));
    process.stdin.on('end', () => resolve(buf));
    process.stdin.on('error', reject);
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runCommand(rest);
    case 'docker':
      return persistentDocker(rest);
    case 'reset':
      return resetState();
    case 'quiz':
      return quizCommand(rest);
    case 'native':
      return nativeCommand(rest);
    case 'check':
      return (await import('./check.ts')).checkCommand(rest);
    case 'serve':
      // Loaded on use: the server brings the terminal's shell with it.
      return (await import('./serve.ts')).serveCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`classroom: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
