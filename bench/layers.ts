/**
 * Benchmarks of the layered filesystem (issue 3), called from bench/run.ts;
 * `node --expose-gc bench/layers.ts` runs them alone.
 *  1. 1,000 containers from one 50 MB image: heap growth (target < 5 MB in all);
 *  2. copy-up of a 10 MB file;
 *  3. `docker diff` (changes()) of a container with 10,000 changed files (target < 50 ms).
 */
import { performance } from 'node:perf_hooks';
import { FileData } from '../src/sim/fs/layered/content.ts';
import { Layer, type Meta } from '../src/sim/fs/layered/layer.ts';
import { LayerStore } from '../src/sim/fs/layered/store.ts';
import { UnionFs } from '../src/sim/fs/layered/union.ts';
import { changes } from '../src/sim/fs/layered/diff.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const MiB = 1024 * 1024;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Bytes that are not all zeros (so nothing can be shared by accident). */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const META: Meta = { mode: 0o644, uid: 0, gid: 0, mtimeMs: Date.UTC(2024, 0, 1) };
const DIR: Meta = { ...META, mode: 0o755 };

/** An image layer of `files` files of `size` real bytes in `dirs` directories under `prefix`. */
function layer(id: string, prefix: string, dirs: number, files: number, size: number): Layer {
  const l = new Layer(id);
  const top = l.mkdirs(prefix, DIR);
  for (let d = 0; d < dirs; d++) {
    const dir = l.mkdir(top, `d${d}`, DIR);
    for (let f = 0; f < files / dirs; f++) l.createFile(dir, `f${f}`, META, FileData.of(bytes(size, d * 1000 + f)));
  }
  l.readOnly = true;
  return l;
}

async function thousandContainers(): Promise<string> {
  if (!gc) return '1,000 containers from a 50 MB image: run node with --expose-gc';
  const store = new LayerStore();
  // 5 layers × 10.24 MB: 500 files of 102,400 bytes in 50 directories.
  const lowers = Array.from({ length: 5 }, (_, i) => layer(`sha256:bench${i}`, `/data/l${i}`, 10, 100, 100 * 1024));
  const imageBytes = lowers.reduce((n, l) => n + l.diskSize(), 0);
  const init = store.initLayer();
  let t = Date.UTC(2026, 0, 1);
  const now = () => t;
  // warm-up (JIT, shared init layer)
  new UnionFs({ lowers, init, now }).readText('/data/l0/d0/f0');
  const before = heapUsed();
  const t0 = performance.now();
  const containers: UnionFs[] = [];
  for (let i = 0; i < 1000; i++) {
    t += 1000;
    const fs = new UnionFs({ lowers, init, now, initMtimeMs: t, id: i.toString(16).padStart(12, '0') });
    fs.stat('/data/l3/d5/f7');
    containers.push(fs);
  }
  const ms = performance.now() - t0;
  const grown = heapUsed() - before;
  const written = containers.slice(0, 100);
  const b2 = heapUsed();
  for (const fs of written) fs.writeFile('/tmp-note', 'hello\n');
  const perWriter = (heapUsed() - b2) / written.length;
  return (
    `1,000 containers from one ${(imageBytes / 1e6).toFixed(1)} MB image (5 layers, 500 files of real bytes): heap +${(grown / 1e6).toFixed(2)} MB in all ` +
    `(${Math.round(grown / 1000)} B per container; target < 5 MB), created in ${ms.toFixed(1)} ms; ` +
    `a first small write then adds ~${(perWriter / 1000).toFixed(1)} kB (its container layer)`
  );
}

async function copyUp10MB(): Promise<string> {
  const l = new Layer('sha256:big');
  l.createFile(l.root, 'big', META, FileData.of(bytes(10 * MiB, 7)));
  l.readOnly = true;
  const runs: Record<string, number[]> = { append: [], chmod: [], rewrite: [], read: [] };
  let heap = 0;
  const data = bytes(10 * MiB, 8);
  for (let i = 0; i < 7; i++) {
    const fs = new UnionFs({ lowers: [l] });
    const h0 = gc ? heapUsed() : 0;
    let t0 = performance.now();
    fs.writeFile('/big', 'x', { append: true });
    runs.append!.push(performance.now() - t0);
    if (gc) heap = heapUsed() - h0;
    const fs2 = new UnionFs({ lowers: [l] });
    t0 = performance.now();
    fs2.chmod('/big', 0o600);
    runs.chmod!.push(performance.now() - t0);
    const fs3 = new UnionFs({ lowers: [l] });
    t0 = performance.now();
    fs3.writeFile('/big', data);
    runs.rewrite!.push(performance.now() - t0);
    t0 = performance.now();
    fs.readFile('/big');
    runs.read!.push(performance.now() - t0);
  }
  const f = (k: string) => median(runs[k]!).toFixed(3);
  return (
    `copy-up of a 10 MiB file: first append ${f('append')} ms (bytes shared with the image layer, heap +${gc ? (heap / 1000).toFixed(1) + ' kB' : '?'}), ` +
    `chmod ${f('chmod')} ms, full rewrite ${f('rewrite')} ms (one copy of the new bytes); reading it back ${f('read')} ms`
  );
}

async function diff10000(): Promise<string> {
  // Image: 5,000 files in 50 directories. Container: 2,500 modified, 2,500 deleted, 5,000 added in 50 new directories.
  const img = layer('sha256:diff', '/srv', 50, 5000, 16);
  let t = Date.UTC(2026, 0, 1);
  const fs = new UnionFs({ lowers: [img], now: () => (t += 1) });
  for (let d = 0; d < 50; d++) {
    for (let f = 0; f < 100; f++) {
      if (f % 2 === 0) fs.writeFile(`/srv/d${d}/f${f}`, '+', { append: true });
      else fs.unlink(`/srv/d${d}/f${f}`);
    }
    fs.mkdir(`/new/n${d}`, { parents: true });
    for (let f = 0; f < 100; f++) fs.writeFile(`/new/n${d}/g${f}`, 'new');
  }
  let n = 0;
  for (let i = 0; i < 3; i++) n = changes(fs).length;
  const go: number[] = [];
  const sorted: number[] = [];
  for (let i = 0; i < 15; i++) {
    let t0 = performance.now();
    changes(fs);
    go.push(performance.now() - t0);
    t0 = performance.now();
    changes(fs, { order: 'sorted' });
    sorted.push(performance.now() - t0);
  }
  return `docker diff of a container with 10,000 changed files (${n} lines): median ${median(go).toFixed(1)} ms in Go map order, ${median(sorted).toFixed(1)} ms sorted (target < 50 ms)`;
}

export async function layerBenchmarks(): Promise<string[]> {
  return [await thousandContainers(), await copyUp10MB(), await diff10000()];
}

if (process.argv[1]?.endsWith('layers.ts')) {
  for (const line of await layerBenchmarks()) console.log(line);
}
