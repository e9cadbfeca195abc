/**
 * `npm run bench`: performance figures of the simulator (printed, never asserted).
 * Run with --expose-gc for the memory figures (npm run bench does).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { archiveBenchmarks } from './archive.ts';
import { layerBenchmarks } from './layers.ts';

import { SimHost } from '../src/runner/simHost.ts';
import { docker } from '../src/sim/cli/docker.ts';
import { BufferIO } from '../src/sim/cli/io.ts';
import { createSimulator, type Simulator } from '../src/sim/simulator.ts';

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function cli(sim: Simulator, argv: string[]): Promise<BufferIO> {
  const io = new BufferIO();
  await docker(argv, { engine: sim.engine, io, version: sim.version });
  return io;
}

/**
 * Commands per second through the whole command layer (argv parsing, engine,
 * formatting), on a lesson-like mix of commands that answer at once (no waiting
 * on the virtual clock): ps, inspect, logs, pause/unpause, rename, refusals.
 */
async function commandsPerSecond(): Promise<string> {
  const sim = await createSimulator({ seed: 1 });
  const host = new SimHost(sim);
  for (let i = 0; i < 8; i++) await host.docker(['run', '-d', '--name', `c${i}`, 'busybox', 'sh', '-c', 'while true; do echo tick; sleep 1; done']);
  for (let i = 0; i < 4; i++) await host.docker(['create', '--name', `k${i}`, 'busybox']);
  await host.sleep(3);
  const mix: string[][] = [
    ['ps'],
    ['ps', '-a', '--format', '{{.Names}} {{.Status}}'],
    ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'c1'],
    ['pause', 'c2'],
    ['unpause', 'c2'],
    ['logs', '--tail', '2', 'c3'],
    ['rename', 'k1', 'k1b'],
    ['rename', 'k1b', 'k1'],
    ['start', 'c4'],
    ['stop', 'k2'],
    ['rm', 'c5'],
    ['exec', 'k3', 'true'],
    ['kill', 'k0'],
    ['wait', 'k0'],
    ['container', 'ls', '-q'],
    ['unpause', 'c6'],
  ];
  for (let i = 0; i < 3000; i++) await cli(sim, mix[i % mix.length]!);
  const n = 60_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await cli(sim, mix[i % mix.length]!);
  const secs = (performance.now() - t0) / 1000;
  const per: string[] = [];
  for (const argv of mix) {
    const m = 2000;
    const t = performance.now();
    for (let i = 0; i < m; i++) await cli(sim, argv);
    per.push(`${argv.join(' ')} ${(((performance.now() - t) / m) * 1000).toFixed(1)} µs`);
  }
  return `${Math.round(n / secs).toLocaleString('en-US')} commands/s (target >= 50,000/s) over ${n} commands of a ${mix.length}-command mix on 12 containers; per command: ${per.join('; ')}`;
}

async function psOver1000(): Promise<string> {
  const sim = await createSimulator({ seed: 2 });
  const host = new SimHost(sim);
  for (let i = 0; i < 1000; i++) {
    await host.docker(['run', '-d', '--name', `w${i}`, 'busybox', 'sleep', '3600']);
  }
  const times: number[] = [];
  let out = '';
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    out = (await cli(sim, ['ps', '-a'])).stdout;
    times.push(performance.now() - t0);
  }
  const lines = out.split('\n').length - 2;
  return `docker ps -a over ${lines} running containers: median ${median(times).toFixed(2)} ms, min ${Math.min(...times).toFixed(2)} ms (target < 5 ms)`;
}

async function memoryPerIdleContainer(): Promise<string> {
  if (!gc) return 'memory per idle container: run node with --expose-gc';
  const sim = await createSimulator({ seed: 3 });
  const host = new SimHost(sim);
  await host.docker(['run', '-d', '--name', 'warm', 'busybox', 'sleep', '3600']);
  const n = 1000;
  const before = heapUsed();
  for (let i = 0; i < n; i++) await host.docker(['run', '-d', '--name', `idle${i}`, 'busybox', 'sleep', '3600']);
  await host.sleep(5);
  const after = heapUsed();
  const kb = (after - before) / n / 1024;
  const created = heapUsed();
  void created;
  return `memory per idle running container (busybox sleep 3600): ${kb.toFixed(1)} KiB (heap growth over ${n} containers)`;
}

function nativeInChild(rounds: number): string[] {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./native.ts', import.meta.url)), String(rounds)], { encoding: 'utf8' });
  const lines = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('- native: ')).map((l) => l.slice('- native: '.length));
  return lines.length ? lines : [`failed (status ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop() ?? ''}`];
}

const sections: Array<[string, () => Promise<string | string[]>]> = [
  ['command layer', commandsPerSecond],
  ['ps', psOver1000],
  ['memory', memoryPerIdleContainer],
  ['layers', layerBenchmarks],
  ['archives', archiveBenchmarks],
  // In a fresh process: spawning from a Node process with a big heap (after the sections
  // above) costs more, and that would land on raw runc's side of the comparison.
  ['native', async () => nativeInChild(20)],
];

const only = process.argv.slice(2);
console.log(`Container Classroom benchmarks (Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)})`);
for (const [name, fn] of sections) {
  if (only.length && !only.includes(name)) continue;
  const lines = await fn();
  for (const line of Array.isArray(lines) ? lines : [lines]) console.log(`- ${name}: ${line}`);
}
