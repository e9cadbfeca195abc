/**
 * `classroom docker …` from a shell: each call replays the command history kept
 * in a state file on a fresh, seeded simulator (so the result is exactly what
 * one long session would give), lets the real time between calls pass on the
 * virtual clock, then runs the new command and appends it.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SimHost } from '../runner/simHost.ts';
import { parseDockerVersion, type DockerVersion } from '../sim/profile.ts';
import { createSimulator } from '../sim/simulator.ts';
import { nodeFiles } from './nodeFiles.ts';

interface State {
  format: 1;
  docker: DockerVersion;
  seed: number;
  /** Wall-clock ms of the first command. */
  origin: number;
  history: Array<{ argv: string[]; at: number }>;
}

/** Between two calls at most this much real time is replayed onto the virtual clock. */
const MAX_GAP_MS = 24 * 3600 * 1000;

export function statePath(): string {
  return resolve(process.env['CLASSROOM_STATE'] ?? '.classroom/state.json');
}

async function load(): Promise<State | undefined> {
  try {
    const s = JSON.parse(await readFile(statePath(), 'utf8')) as State;
    if (s.format !== 1 || !Array.isArray(s.history)) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

export async function resetState(): Promise<number> {
  await rm(statePath(), { force: true });
  return 0;
}

export async function persistentDocker(args: string[]): Promise<number> {
  let version: DockerVersion | undefined;
  const argv = [...args];
  while (argv[0]?.startsWith('--docker')) {
    const a = argv.shift()!;
    const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv.shift();
    version = v ? parseDockerVersion(v) : undefined;
    if (!version) {
      process.stderr.write(`classroom docker: unknown docker version '${v ?? ''}' (use 29 or 20.10)\n`);
      return 2;
    }
  }
  const now = Date.now();
  let state = await load();
  if (!state || (version && state.docker !== version)) {
    state = { format: 1, docker: version ?? '29', seed: 1, origin: now, history: [] };
  }
  const sim = await createSimulator({ version: state.docker, seed: state.seed, startMs: state.origin });
  const host = new SimHost(sim, nodeFiles(process.cwd()));
  let last = state.origin;
  const quiet = { stdout: '', stderr: '' };
  for (const h of state.history) {
    await host.sleep(Math.min(Math.max(0, h.at - last), MAX_GAP_MS) / 1000);
    last = h.at;
    Object.assign(quiet, await host.docker(h.argv));
  }
  await host.sleep(Math.min(Math.max(0, now - last), MAX_GAP_MS) / 1000);
  const r = await host.docker(argv);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  state.history.push({ argv, at: now });
  await mkdir(dirname(statePath()), { recursive: true });
  await writeFile(statePath(), JSON.stringify(state));
  return r.exitCode;
}
