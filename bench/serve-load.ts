/**
 * `npm run load-test`: `classroom serve` under load (issue 8). N concurrent sessions
 * (default 20) run the lessons' steps, as the lesson player sends them, for S seconds
 * (default 60) over real WebSocket connections on loopback; each session empties its
 * backend between lessons (reset). Then every session is closed and must be cleaned
 * up. Figures printed; exit 1 on any error, any leak (session directories, mounts,
 * processes, cgroups) or heap growth.
 *
 *   npm run load-test                         20 sessions × 60 s
 *   npm run load-test -- --sessions 4 --seconds 10     the short version (CI)
 *
 * Needs root and what the native engine needs (runc, overlayfs, cgroups). The server
 * runs in this process (its heap is measured after gc: run with --expose-gc, as the
 * npm script does); the clients only count.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLesson } from '../src/lessons/format.ts';
import { nativeProblems } from '../src/native/engine/backend.ts';
import { cgroupSubtreeName } from '../src/native/runtime/paths.ts';
import { readMountInfo } from '../src/native/runtime/proc.ts';
import { startServer } from '../src/server/server.ts';
import { PROTOCOL } from '../src/server/protocol.ts';
import { playerLesson } from '../src/site/lessonData.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number`);
  return v;
}
const SESSIONS = arg('--sessions', 20);
const SECONDS = arg('--seconds', 60);

function heap(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** The lessons as the player sends them: each step's commands (or a task's solution) with typed input. */
function lessonSteps(): Array<{ slug: string; steps: Array<Array<{ text: string; input: string[] }>> }> {
  const dir = join(import.meta.dirname, '../src/lessons');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.lesson'))
    .sort()
    .map((f) => parseLesson(readFileSync(join(dir, f), 'utf8'), f))
    .map((l) => {
      const p = playerLesson(l, 'en');
      return { slug: p.slug, steps: p.steps.map((s) => (s.kind === 'task' ? s.solution : s.commands).map((c) => ({ text: c.text, input: c.input }))).filter((c) => c.length) };
    });
}

/** The cgroup sub-trees of these state roots that still exist, in every hierarchy. */
function cgroupsLeft(stateRoots: string[]): string[] {
  const names = new Set(stateRoots.map(cgroupSubtreeName));
  const out: string[] = [];
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n')) {
    const [, controllers, path] = line.split(':');
    const mount = controllers ? `/sys/fs/cgroup/${controllers.split(',').find((c) => existsSync(`/sys/fs/cgroup/${c}`)) ?? controllers}` : '/sys/fs/cgroup';
    const dir = join(mount, path ?? '');
    try {
      for (const n of readdirSync(dir)) if (names.has(n)) out.push(join(dir, n));
    } catch {
      /* hierarchy not mounted here */
    }
  }
  return [...new Set(out)].sort();
}

interface Counters {
  commands: number;
  steps: number;
  lessons: number;
  resets: number;
  errors: string[];
}

class Client {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, (m: Record<string, unknown>) => void>();
  #id = 0;
  readonly c: Counters;
  session = '';
  closed = false;
  output = 0;

  private constructor(ws: WebSocket, c: Counters) {
    this.#ws = ws;
    this.c = c;
  }

  static open(url: string, token: string, c: Counters): Promise<Client> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws?lang=en`, [PROTOCOL, `token.${token}`]);
    return new Promise((resolve, reject) => {
      const client = new Client(ws, c);
      ws.onmessage = (e) => {
        const m = JSON.parse(String(e.data)) as Record<string, unknown>;
        if (m['t'] === 'ready') {
          client.session = String(m['session']);
          resolve(client);
        }
        else if (m['t'] === 'out') {
          const d = String(m['data']);
          client.output += d.length;
          for (const bad of ['internal error', 'gave up on this step']) if (d.includes(bad)) c.errors.push(`output: ${d.slice(0, 200)}`);
        } else if (m['t'] === 'error') {
          c.errors.push(`error message: ${String(m['message'])}`);
          if (typeof m['id'] === 'number') client.#pending.get(m['id'])?.(m);
        } else if (m['t'] === 'done') client.#pending.get(m['id'] as number)?.(m);
      };
      ws.onclose = (e) => {
        client.closed = true;
        if (e.code !== 1000) c.errors.push(`connection closed: ${e.code} ${e.reason}`);
        for (const p of client.#pending.values()) p({ t: 'error' });
        reject(new Error(`closed ${e.code}`));
      };
    });
  }

  request(m: Record<string, unknown>, ms = 180_000): Promise<Record<string, unknown>> {
    const id = ++this.#id;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.c.errors.push(`no answer in ${ms / 1000} s to ${JSON.stringify(m).slice(0, 120)}`);
        resolve({ t: 'error' });
      }, ms);
      this.#pending.set(id, (a) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        resolve(a);
      });
      this.#ws.send(JSON.stringify({ ...m, id }));
    });
  }

  close(): void {
    this.#ws.close(1000);
  }
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('load-test: needs root (the native engine runs real containers)');
    return 2;
  }
  const root = mkdtempSync(join(tmpdir(), 'classroom-load-'));
  const problems = nativeProblems(root);
  if (problems.length) {
    console.error(`load-test: the native engine cannot run here: ${problems.join('; ')}`);
    return 2;
  }
  if (!gc) console.warn('load-test: run with --expose-gc for exact heap figures (npm run load-test does)');
  const lessons = lessonSteps();
  const log: string[] = [];
  const server = await startServer({ port: 0, origins: ['http://127.0.0.1:4321'], root, maxSessions: SESSIONS, version: '29', graceMs: 500, log: (l) => log.push(l) });
  const counters: Counters = { commands: 0, steps: 0, lessons: 0, resets: 0, errors: [] };

  const sessionsGone = async () => {
    const deadline = Date.now() + 60_000;
    while (server.sessions.size || readdirSync(root).some((n) => /^[0-9a-f]{32}$/.test(n))) {
      if (Date.now() > deadline) throw new Error('sessions were not cleaned up within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  // Warm-up: one session, one short lesson; the baseline heap is taken after it ended.
  const warm = await Client.open(server.url, server.token, { commands: 0, steps: 0, lessons: 0, resets: 0, errors: counters.errors });
  for (const step of lessons[6]!.steps) await warm.request({ t: 'run', commands: step });
  warm.close();
  await sessionsGone();
  const baseline = heap();
  const rss0 = process.memoryUsage().rss;
  const external0 = process.memoryUsage().external;

  const samples: Array<{ s: number; heapMB: number; heapTotalMB: number; externalMB: number; rssMB: number; containers: number; sessions: number }> = [];
  const t0 = Date.now();
  const end = t0 + SECONDS * 1000;
  const sample = () => {
    let containers = 0;
    for (const s of server.sessions.values()) containers += s.backend.engine.containers().length;
    samples.push({ s: Math.round((Date.now() - t0) / 1000), heapMB: +(heap() / MB).toFixed(1), heapTotalMB: +(process.memoryUsage().heapTotal / MB).toFixed(1), externalMB: +(process.memoryUsage().external / MB).toFixed(1), rssMB: +(process.memoryUsage().rss / MB).toFixed(1), containers, sessions: server.sessions.size });
  };
  const sampler = setInterval(sample, 5000);

  const stepMs: number[] = [];
  const clients = await Promise.all(Array.from({ length: SESSIONS }, () => Client.open(server.url, server.token, counters)));
  await Promise.all(
    clients.map(async (client, i) => {
      let n = i;
      while (Date.now() < end && !client.closed) {
        const lesson = lessons[n++ % lessons.length]!;
        for (const step of lesson.steps) {
          if (Date.now() >= end || client.closed) break;
          const started = Date.now();
          const a = await client.request({ t: 'run', commands: step });
          if (a['t'] !== 'done') counters.errors.push(`step of ${lesson.slug} failed`);
          stepMs.push(Date.now() - started);
          counters.steps++;
          counters.commands += step.length;
        }
        counters.lessons++;
        const r = await client.request({ t: 'reset' });
        counters.resets++;
        const left = (r['left'] as string[] | undefined) ?? [];
        if (r['t'] !== 'done' || left.length) counters.errors.push(`reset left: ${left.join('; ') || JSON.stringify(r)}`);
      }
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  sample();
  clearInterval(sampler);
  const output = clients.reduce((n, c) => n + c.output, 0);
  for (const c of clients) c.close();
  await sessionsGone();
  const leftAtClose = await server.close();
  const after = heap();

  // Leaks: session directories, mounts, processes, cgroups.
  const dirs = readdirSync(root).filter((n) => n !== 'runtime');
  const mounts = readMountInfo().filter((m) => m.mountPoint.startsWith(root)).map((m) => m.mountPoint);
  const procs = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(root));
  const cgroups = cgroupsLeft([warm, ...clients].map((c) => join(root, c.session, 'engine')));
  rmSync(root, { recursive: true, force: true });

  stepMs.sort((a, b) => a - b);
  const pct = (p: number) => stepMs[Math.min(stepMs.length - 1, Math.floor((p / 100) * stepMs.length))] ?? 0;
  const growthMB = (after - baseline) / MB;
  const figures = {
    sessions: SESSIONS,
    seconds: +elapsed.toFixed(1),
    lessonsRun: counters.lessons,
    steps: counters.steps,
    commands: counters.commands,
    resets: counters.resets,
    outputMB: +(output / MB).toFixed(2),
    stepMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: stepMs[stepMs.length - 1] ?? 0 },
    heapMB: { baseline: +(baseline / MB).toFixed(1), peak: Math.max(...samples.map((s) => s.heapMB)), afterClose: +(after / MB).toFixed(1), growth: +growthMB.toFixed(1) },
    rssMB: { start: +(rss0 / MB).toFixed(1), peak: Math.max(...samples.map((s) => s.rssMB)), afterClose: +(process.memoryUsage().rss / MB).toFixed(1) },
    externalMB: { start: +(external0 / MB).toFixed(1), afterClose: +(process.memoryUsage().external / MB).toFixed(1) },
    samples,
    errors: counters.errors.length,
    leaks: { sessionDirs: dirs, mounts, processes: procs, cgroups, cleanup: leftAtClose },
  };
  console.log(JSON.stringify(figures, null, 2));
  const failures: string[] = [];
  if (counters.errors.length) failures.push(`${counters.errors.length} error(s):\n  ${[...new Set(counters.errors)].slice(0, 20).join('\n  ')}`);
  if (dirs.length || mounts.length || procs.length || cgroups.length || leftAtClose.length) failures.push('something was left behind (see leaks)');
  // Flat: after every session ended, the heap is back where it was after the warm-up.
  if (growthMB > 16) failures.push(`the heap grew by ${growthMB.toFixed(1)} MB over the run`);
  if (failures.length) {
    console.error(`load-test: FAILED\n${failures.join('\n')}`);
    return 1;
  }
  console.error(`load-test: ok — ${SESSIONS} sessions × ${elapsed.toFixed(0)} s: ${counters.commands} commands in ${counters.steps} steps, no errors, nothing left, heap ${figures.heapMB.baseline} → ${figures.heapMB.afterClose} MB`);
  return 0;
}

process.exitCode = await main();
