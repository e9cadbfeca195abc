/**
 * Records conformance fixtures from a real Docker 20.10 engine.
 *
 *   DOCKER_HOST=unix:///…/docker.sock BUSYBOX_TAR=/…/rootfs.tar \
 *     node test/conformance/record.ts [SCRIPT…]
 *
 * Normally run through test/conformance/record.sh, which starts a private
 * engine (real-engine.sh), builds the busybox rootfs tar and stops the engine
 * afterwards. With no arguments every test/conformance/scripts/**\/*.script is
 * recorded; otherwise the named scripts (paths relative to the repo or to the
 * scripts folder).
 *
 * For each script: reset the engine (remove every container, every image but
 * busybox:latest and nocmd:latest — re-imported if a script removed them —
 * and unused volumes), then run each step for real in a fresh temporary
 * working directory: docker steps with /usr/bin/docker (stdin /dev/null, no
 * TTY), `timeout N docker …` through coreutils timeout, `sleep N` as a real
 * sleep, `file PATH <<WORD` as a file written there (mode as given, parents 0755). After every step the containers (docker ps -a + inspect) and images
 * are snapshotted. Output: test/conformance/fixtures/<relpath>.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScript, type Step } from '../../src/runner/script.ts';
import type { ContainerSnapshot, Fixture, RecordedStep } from '../../src/runner/transcript.ts';
import { hostSetupOf } from './hostSetup.ts';
import { startHostServices, type HostServices } from './hostServices.ts';

const DOCKER = '/usr/bin/docker';
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const SCRIPTS = join(HERE, 'scripts');
const FIXTURES = join(HERE, 'fixtures');
const ENGINE = 'docker 20.10.24 (real)';
const KEEP_IMAGES = ['busybox:latest', 'nocmd:latest'];

const dockerHost = process.env.DOCKER_HOST;
if (!dockerHost) {
  console.error('record.ts: DOCKER_HOST is not set; run test/conformance/record.sh');
  process.exit(2);
}
const busyboxTar = process.env.BUSYBOX_TAR;
// Only what the client needs, no inherited DOCKER_* settings. HOME is fixed to
// /root because help texts print the default config dir (`$HOME/.docker`).
const env: NodeJS.ProcessEnv = {
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C.UTF-8',
  DOCKER_HOST: dockerHost,
};

type RunResult = { stdout: string; stderr: string; exitCode: number; durationMs: number };

function run(file: string, args: string[], cwd: string, host: HostServices, input?: Buffer): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    [file, args] = host.wrap(file, args);
    const child = spawn(file, args, { cwd, env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    if (input) child.stdin!.end(input);
    child.on('close', (code, signal) => {
      resolvePromise({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code ?? 128 + (signal ? (osSignals[signal] ?? 0) : 0),
        durationMs: Math.round(performance.now() - t0),
      });
    });
  });
}
const osSignals: Record<string, number> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2, SIGHUP: 1 };

function docker(args: string[], cwd = ROOT): RunResult {
  const r = spawnSync(DOCKER, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', exitCode: r.status ?? 1, durationMs: 0 };
}

function must(args: string[]): string {
  const r = docker(args);
  if (r.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.exitCode}): ${r.stderr}`);
  return r.stdout;
}

function importImages(): void {
  const have = new Set(must(['images', '--format', '{{.Repository}}:{{.Tag}}']).split('\n').filter(Boolean));
  for (const ref of KEEP_IMAGES) {
    if (have.has(ref)) continue;
    if (!busyboxTar || !existsSync(busyboxTar)) throw new Error(`${ref} is missing and BUSYBOX_TAR is not set`);
    const args = ref === 'busybox:latest' ? ['import', '--change', 'CMD ["sh"]', busyboxTar, ref] : ['import', busyboxTar, ref];
    must(args);
  }
}

function resetEngine(): void {
  const ids = must(['ps', '-aq', '--no-trunc']).split('\n').filter(Boolean);
  if (ids.length) docker(['rm', '-f', ...ids]);
  const left = must(['ps', '-aq']).trim();
  if (left) throw new Error(`containers left after reset: ${left}`);
  // Images: untag every other reference, then remove dangling images. Built images leave
  // intermediate images (`images -a` only) that would serve as build cache to the next
  // script: repeat until none is left (a child must go before its parent).
  for (let round = 0; round < 10; round++) {
    const rows = must(['images', '-a', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']).split('\n').filter(Boolean);
    const extra = rows.filter((row) => !KEEP_IMAGES.includes(row.split(' ')[0] ?? ''));
    if (extra.length === 0) break;
    for (const row of extra) {
      const [ref = '', id] = row.split(' '); // split() always yields at least one element
      const target = ref === '<none>:<none>' ? id : ref;
      if (target === undefined) throw new Error(`unexpected 'docker images' row: ${row}`);
      docker(['rmi', '-f', target]);
    }
  }
  importImages();
  docker(['volume', 'prune', '-f']);
  const images = listImages();
  if (images.join(',') !== KEEP_IMAGES.join(',')) throw new Error(`images left after reset: ${images.join(', ')}`);
  const all = must(['images', '-aq']).split('\n').filter(Boolean);
  if (all.length !== KEEP_IMAGES.length) throw new Error(`intermediate images left after reset: ${all.join(', ')}`);
}

function listImages(): string[] {
  return must(['images', '--format', '{{.Repository}}:{{.Tag}}']).split('\n').filter(Boolean).sort();
}

type Inspect = {
  Id: string;
  Name: string;
  RestartCount: number;
  Config: { Image: string };
  State: { Status: string; Running: boolean; Paused: boolean; Restarting: boolean; ExitCode: number; Error: string; Pid: number };
};

function snapshotContainers(): ContainerSnapshot[] {
  const ids = must(['ps', '-aq', '--no-trunc']).split('\n').filter(Boolean);
  if (ids.length === 0) return [];
  const r = docker(['inspect', ...ids]); // a container may vanish in between (--rm): keep what we got
  let data: Inspect[] = [];
  try {
    data = JSON.parse(r.stdout || '[]');
  } catch {
    throw new Error(`cannot parse docker inspect output: ${r.stdout.slice(0, 200)} ${r.stderr}`);
  }
  const byId = new Map(data.map((c) => [c.Id, c]));
  const out: ContainerSnapshot[] = [];
  for (const id of ids) {
    const c = byId.get(id);
    if (!c) continue;
    out.push({
      name: c.Name.replace(/^\//, ''),
      id: c.Id,
      image: c.Config.Image,
      status: c.State.Status,
      running: c.State.Running,
      paused: c.State.Paused,
      restarting: c.State.Restarting,
      exitCode: c.State.ExitCode,
      restartCount: c.RestartCount,
      error: c.State.Error,
      pid: c.State.Pid,
    });
  }
  return out;
}

async function runStep(step: Step, cwd: string, host: HostServices): Promise<RunResult> {
  if (step.kind === 'file') {
    const full = join(cwd, step.path);
    mkdirSync(dirname(full), { recursive: true, mode: 0o755 });
    writeFileSync(full, step.data);
    chmodSync(full, step.mode); // whatever the umask
    return { stdout: '', stderr: '', exitCode: 0, durationMs: 0 };
  }
  if (step.kind === 'sleep') {
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, step.seconds * 1000));
    return { stdout: '', stderr: '', exitCode: 0, durationMs: Math.round(performance.now() - t0) };
  }
  if (step.timeout !== undefined) return run('timeout', [String(step.timeout), DOCKER, ...step.argv], cwd, host);
  return run(DOCKER, step.argv, cwd, host);
}

async function record(scriptPath: string): Promise<Fixture> {
  const rel = relative(SCRIPTS, scriptPath);
  const text = readFileSync(scriptPath, 'utf8');
  const steps = parseScript(text);
  resetEngine();
  const cwd = mkdtempSync(join(tmpdir(), 'record-cwd-'));
  const recorded: RecordedStep[] = [];
  // what the script's `# host:` header asks for (a registry on loopback), stopped in finally
  let host: HostServices | undefined;
  try {
    host = await startHostServices(hostSetupOf(text));
    for (const step of steps) {
      const r = await runStep(step, cwd, host);
      recorded.push({
        command: step.text,
        stdout: r.stdout,
        stderr: r.stderr,
        exitCode: r.exitCode,
        containers: snapshotContainers(),
        images: listImages(),
        durationMs: r.durationMs,
      });
    }
  } finally {
    await host?.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
  return { script: rel, engine: ENGINE, recordedAt: new Date().toISOString(), steps: recorded };
}

function findScripts(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findScripts(p));
    else if (name.endsWith('.script')) out.push(p);
  }
  return out;
}

function resolveScript(arg: string): string {
  for (const p of [resolve(arg), resolve(SCRIPTS, arg), resolve(SCRIPTS, arg + '.script')]) {
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  throw new Error(`no such script: ${arg}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scripts = args.length ? args.map(resolveScript) : findScripts(SCRIPTS);
  // Parse everything first so a typo fails before anything is recorded.
  for (const s of scripts) {
    const text = readFileSync(s, 'utf8');
    parseScript(text);
    hostSetupOf(text);
  }
  const t0 = Date.now();
  let steps = 0;
  for (const [i, s] of scripts.entries()) {
    const ts = Date.now();
    const fx = await record(s);
    const outFile = join(FIXTURES, fx.script.replace(/\.script$/, '.json'));
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, JSON.stringify(fx, null, 2) + '\n');
    steps += fx.steps.length;
    console.error(`[${i + 1}/${scripts.length}] ${fx.script}: ${fx.steps.length} steps, ${((Date.now() - ts) / 1000).toFixed(1)} s`);
  }
  resetEngine();
  console.error(`recorded ${scripts.length} scripts, ${steps} steps in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
