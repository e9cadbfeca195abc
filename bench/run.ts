/**
 * `npm run bench`: performance figures of the simulator (printed, never asserted).
 * Run with --expose-gc for the memory figures (npm run bench does).
 */
import { performance } from 'node:perf_hooks';
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

/** Commands per second through the whole command layer (argv parsing, engine, formatting). */
async function commandsPerSecond(): Promise<string> {
  const sim = await createSimulator({ seed: 1 });
  for (let i = 0; i < 20; i++) await cli(sim, ['create', '--name', `c${i}`, 'busybox']);
  const mix: string[][] = [
    ['ps', '-a'],
    ['inspect', '-f', '{{.State.Status}}', 'c1'],
    ['pause', 'nosuch'],
    ['rename', 'c2', 'c2b'],
    ['rename', 'c2b', 'c2'],
    ['ps', '-q', '-f', 'status=created'],
    ['stop', 'c3'],
    ['start', 'nosuch'],
    ['logs', 'c4'],
    ['wait', 'c5'],
  ];
  // warm-up
  for (let i = 0; i < 2000; i++) await cli(sim, mix[i % mix.length]!);
  const n = 50_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await cli(sim, mix[i % mix.length]!);
  const secs = (performance.now() - t0) / 1000;
  return `${Math.round(n / secs).toLocaleString('en-US')} commands/s (${n} commands of a 10-command mix: ps -a over 20 containers, inspect -f, errors, rename, stop/wait/logs on created containers; target >= 50,000/s)`;
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

const sections: Array<[string, () => Promise<string>]> = [
  ['command layer', commandsPerSecond],
  ['ps', psOver1000],
  ['memory', memoryPerIdleContainer],
];

console.log(`Container Classroom benchmarks (Node ${process.version})`);
for (const [name, fn] of sections) {
  const line = await fn();
  console.log(`- ${name}: ${line}`);
}
