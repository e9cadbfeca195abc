/**
 * Start latency of `run --rm busybox true`, measured in one run, interleaved so load changes
 * hit all three alike:
 *   - native: the native engine (in this process, as `classroom serve` holds it) through the
 *     command layer: create, start (overlay mount, cgroup, shim, runc), wait, auto-remove;
 *   - runc:   raw `runc run` of a bundle with the same config.json (Docker's mounts,
 *     namespaces, capabilities; a cgroup beneath ours) over a plain busybox rootfs dir;
 *   - docker: the real engine of this machine (`docker.io`, a private dockerd started here
 *     and stopped after), `/usr/bin/docker run --rm busybox true` as a user types it.
 * Needs root, runc, perl and busybox-static; docker is skipped (said so) when not installed.
 *   node bench/native.ts [ROUNDS]      (or through bench/run.ts: nativeBenchmarks())
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openNative, nativeProblems } from '../src/native/engine/backend.ts';
import { docker } from '../src/sim/cli/docker.ts';
import { BufferIO } from '../src/sim/cli/io.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOCKER = '/usr/bin/docker';

function stats(xs: number[]): { median: number; p90: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p90: s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]! };
}

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** A private dockerd with busybox:latest imported; null (and why) when docker is not here. */
function startDocker(rootfs: string): { sock: string; stop: () => void } | string {
  if (!existsSync(DOCKER) || run('sh', ['-c', 'command -v dockerd']).status !== 0) return 'docker.io is not installed (apt-get install -y docker.io)';
  const engine = join(REPO, 'test/conformance/real-engine.sh');
  const started = run('bash', [engine, 'start']);
  const sock = started.out.trim().split('\n').pop() ?? '';
  if (started.status !== 0 || !sock.endsWith('.sock')) return `dockerd did not start: ${started.out.trim().split('\n').pop()}`;
  const stop = () => void run('bash', [engine, 'stop', sock]);
  const env = { ...process.env, DOCKER_HOST: `unix://${sock}` };
  const imp = spawnSync('sh', ['-c', `tar -C '${rootfs}' -c . | ${DOCKER} import --change 'CMD ["sh"]' - busybox:latest`], { env, encoding: 'utf8' });
  if (imp.status !== 0) {
    stop();
    return `docker import failed: ${imp.stderr}`;
  }
  return { sock, stop };
}

export async function nativeBenchmarks(rounds = 20): Promise<string[]> {
  if (process.getuid?.() !== 0) return ['skipped: needs root'];
  const scratch = mkdtempSync('/tmp/tmp.');
  const root = join(scratch, 'root');
  mkdirSync(root, { mode: 0o711 });
  const problems = nativeProblems(root);
  if (problems.length) {
    rmSync(scratch, { recursive: true, force: true });
    return [`skipped: ${problems.join('; ')}`];
  }
  const rootfs = join(scratch, 'rootfs');
  const made = run('bash', [join(REPO, 'scripts/make-busybox-rootfs.sh'), rootfs]);
  if (made.status !== 0) return [`skipped: busybox rootfs: ${made.out.trim()}`];

  const backend = await openNative({ stateRoot: root, version: '29', skipPreflight: true });
  const dockerEngine = startDocker(rootfs);
  const lines: string[] = [];
  try {
    const nativeRun = async (): Promise<number> => {
      const io = new BufferIO();
      const t = performance.now();
      const code = await docker(['run', '--rm', 'busybox', 'true'], { engine: backend.engine, io, version: '29' });
      const ms = performance.now() - t;
      if (code !== 0) throw new Error(`native run exited ${code}: ${io.stderr}`);
      return ms;
    };

    // The raw bundle: the config.json the native engine wrote for a container of its own,
    // pointed at the plain rootfs dir, `true` as the process, a cgroup leaf beneath ours.
    await docker(['create', '--name', 'bench-config', 'busybox', 'true'], { engine: backend.engine, io: new BufferIO(), version: '29' });
    await docker(['start', 'bench-config'], { engine: backend.engine, io: new BufferIO(), version: '29' });
    const containers = join(root, 'runtime', 'containers');
    const id = readdirSync(containers).find((d) => existsSync(join(containers, d, 'config.json')))!;
    const config = JSON.parse(readFileSync(join(containers, id, 'config.json'), 'utf8'));
    await docker(['rm', '-f', 'bench-config'], { engine: backend.engine, io: new BufferIO(), version: '29' });
    const bundle = join(scratch, 'bundle');
    mkdirSync(bundle);
    config.root = { path: rootfs, readonly: false };
    config.process.args = ['true'];
    config.mounts = config.mounts.filter((m: { type?: string; source?: string }) => !(m.type === 'bind' && m.source?.startsWith(root)));
    config.linux.cgroupsPath = String(config.linux.cgroupsPath).replace(id, 'bench-raw');
    config.hostname = 'bench';
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(config));
    const runcRoot = join(scratch, 'runc');
    let seq = 0;
    const rawRun = (): number => {
      const t = performance.now();
      const r = spawnSync('runc', ['--root', runcRoot, 'run', '--bundle', bundle, `bench-${++seq}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      const ms = performance.now() - t;
      if (r.status !== 0) throw new Error(`runc run exited ${r.status}: ${r.stderr}`);
      return ms;
    };

    const dockerRun =
      typeof dockerEngine === 'string'
        ? null
        : (): number => {
            const t = performance.now();
            const r = spawnSync(DOCKER, ['run', '--rm', 'busybox', 'true'], { env: { ...process.env, DOCKER_HOST: `unix://${dockerEngine.sock}` }, stdio: ['ignore', 'pipe', 'pipe'] });
            const ms = performance.now() - t;
            if (r.status !== 0) throw new Error(`docker run exited ${r.status}: ${r.stderr}`);
            return ms;
          };

    // warm-up (page cache, first overlay mount, dockerd's first container)
    for (let i = 0; i < 3; i++) {
      await nativeRun();
      rawRun();
      dockerRun?.();
    }
    const t = { native: [] as number[], runc: [] as number[], docker: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      t.native.push(await nativeRun());
      t.runc.push(rawRun());
      if (dockerRun) t.docker.push(dockerRun());
    }
    const n = stats(t.native);
    const r = stats(t.runc);
    const fmt = (s: { median: number; p90: number }) => `median ${s.median.toFixed(1)} ms (p90 ${s.p90.toFixed(1)})`;
    lines.push(`run --rm busybox true, ${rounds} rounds interleaved: native engine ${fmt(n)}`);
    lines.push(`raw runc run, same config.json: ${fmt(r)} → native/runc ${(n.median / r.median).toFixed(2)}× (target ≤ 1.5×)`);
    if (dockerRun) {
      const d = stats(t.docker);
      lines.push(`docker run (20.10 CLI + dockerd here): ${fmt(d)} → native/docker ${(n.median / d.median).toFixed(2)}× (target ≤ 0.5×)`);
    } else {
      lines.push(`docker run: skipped (${dockerEngine as string})`);
    }
  } finally {
    backend.engine.close();
    if (typeof dockerEngine !== 'string') dockerEngine.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // standalone: node bench/native.ts [ROUNDS]
  for (const l of await nativeBenchmarks(Number(process.argv[2]) || 20)) console.log(`- native: ${l}`);
}
