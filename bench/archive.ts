/**
 * Export/import throughput for a 100 MB container filesystem, next to GNU tar on
 * the same tree in the same run (tar writes to / reads from a pipe, like ours in
 * memory; its extraction writes to a temporary directory).
 *   node bench/archive.ts         (or through bench/run.ts: archiveBenchmarks())
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportContainer } from '../src/sim/archive/export.ts';
import { gzip } from '../src/sim/archive/gzip.ts';
import { readRootfsTar } from '../src/sim/archive/import.ts';
import { MemoryFs } from '../src/sim/fs/memory.ts';

const MB = 1_000_000;

interface Tree {
  dirs: string[];
  files: Array<{ path: string; data: Uint8Array }>;
  links: Array<{ path: string; target: string }>;
}

/** ~100 MB in 1,500 files (4 KB … 1 MB) over 60 directories, plus 300 symlinks; pseudo-random bytes. */
function makeTree(): Tree {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed;
  };
  const tree: Tree = { dirs: [], files: [], links: [] };
  for (let d = 0; d < 60; d++) tree.dirs.push(`/usr/lib/pkg${d}`, `/usr/lib/pkg${d}/share`);
  let total = 0;
  for (let i = 0; total < 100 * MB; i++) {
    const size = i % 50 === 0 ? 1_000_000 : 4096 + (rnd() % 120_000);
    const data = new Uint8Array(size);
    const v = new Uint32Array(data.buffer, 0, size >> 2);
    for (let j = 0; j < v.length; j += 16) v[j] = rnd();
    const dir = tree.dirs[i % tree.dirs.length]!;
    tree.files.push({ path: `${dir}/file-${i}.bin`, data });
    if (i % 5 === 0) tree.links.push({ path: `${dir}/link-${i}`, target: `file-${i}.bin` });
    total += size;
  }
  return tree;
}

function toMemoryFs(t: Tree): MemoryFs {
  const fs = new MemoryFs({ now: () => 1_700_000_000_000 });
  for (const d of t.dirs) fs.mkdir(d, { parents: true });
  for (const f of t.files) fs.writeFile(f.path, f.data);
  for (const l of t.links) fs.symlink(l.target, l.path);
  return fs;
}

function toDisk(t: Tree, root: string): void {
  for (const d of t.dirs) mkdirSync(join(root, d), { recursive: true });
  for (const f of t.files) writeFileSync(join(root, f.path), f.data);
  for (const l of t.links) symlinkSync(l.target, join(root, l.path));
}

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000;
}

async function bestAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000;
}

const rate = (bytes: number, secs: number): string => `${(bytes / MB / secs).toFixed(0)} MB/s`;

export async function archiveBenchmarks(): Promise<string[]> {
  const tree = makeTree();
  const fs = toMemoryFs(tree);
  const payload = tree.files.reduce((n, f) => n + f.data.length, 0);
  let tar: Uint8Array = new Uint8Array(0);
  const exportSecs = best(3, () => {
    tar = exportContainer(fs, { init: { mtimeMs: 1_700_000_000_000 } });
  });
  const importSecs = await bestAsync(3, () => readRootfsTar(tar, { nowMs: 0 }));
  const gz = await gzip(tar);
  const importGzSecs = await bestAsync(2, () => readRootfsTar(gz, { nowMs: 0 }));

  const out = [
    `archive: container filesystem of ${(payload / MB).toFixed(0)} MB in ${tree.files.length} files, ${tree.links.length} symlinks, ${tree.dirs.length} dirs; tar ${(tar.length / MB).toFixed(0)} MB`,
    `archive: docker export ${rate(tar.length, exportSecs)} (${(exportSecs * 1000).toFixed(0)} ms), docker import ${rate(tar.length, importSecs)} (${(importSecs * 1000).toFixed(0)} ms, incl. sha256 diffID), import of .tar.gz ${rate(tar.length, importGzSecs)}`,
  ];

  const dir = mkdtempSync(join(tmpdir(), 'archive-bench-'));
  try {
    const src = join(dir, 'src');
    toDisk(tree, src);
    const has = spawnSync('tar', ['--version'], { encoding: 'utf8' });
    if (has.status !== 0) {
      out.push('archive: GNU tar not found; no comparison');
      return out;
    }
    let gnu: Buffer = Buffer.alloc(0);
    const tarCSecs = best(3, () => {
      const r = spawnSync('tar', ['-C', src, '-c', '.'], { maxBuffer: 1 << 30 });
      gnu = r.stdout;
    });
    let n = 0;
    const tarXSecs = best(3, () => {
      const dst = join(dir, `dst${n++}`);
      mkdirSync(dst);
      spawnSync('tar', ['-C', dst, '-x'], { input: gnu, maxBuffer: 1 << 30 });
    });
    const simExport = tar.length / exportSecs;
    const simImport = tar.length / importSecs;
    const tarC = gnu.length / tarCSecs;
    const tarX = gnu.length / tarXSecs;
    out.push(
      `archive: GNU tar on the same tree: tar -c ${rate(gnu.length, tarCSecs)}, tar -x ${rate(gnu.length, tarXSecs)} (to disk)`,
      `archive: ratio simulator / GNU tar: export ${(simExport / tarC).toFixed(2)}x, import ${(simImport / tarX).toFixed(2)}x`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1]?.endsWith('archive.ts')) {
  for (const line of await archiveBenchmarks()) console.log(line);
}
