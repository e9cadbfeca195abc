/**
 * `classroom check [--all | LESSON…] [--docker 29|20.10] [--json]`: every lesson's script on
 * the simulator and on the native engine (real containers), side by side. Per lesson: the
 * steps whose normalised transcript (stdout, stderr, exit code, container states) differ,
 * and the lesson's checkpoints judged on both engines. A fresh simulator and a fresh native
 * state root per lesson, as a learner starts each lesson. The simulator is set up as this host
 * is (nativeLikeWorld: Docker 29 on the overlay2 graph driver, the host's kernel release).
 * Exit status 0 when nothing differs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLesson, type Lesson } from '../lessons/format.ts';
import { nativeProblems, NativeUnavailable } from '../native/engine/backend.ts';
import {
  compared,
  nativeLikeWorld,
  Renaming,
  runNativeSections,
  runSimSections,
  scratchBackend,
  stepDifference,
  type Section,
  type SectionResult,
} from '../native/engine/differential.ts';
import { parseDockerVersion, type DockerVersion } from '../sim/profile.ts';

const LESSON_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'lessons');

const USAGE = `Usage: classroom check [--all | LESSON…] [--docker 29|20.10] [--json]

Runs each lesson's script on the simulator and on the native engine (real
containers under runc: Linux, root) and compares the transcripts step by step
after normalising IDs, names, times and PIDs; every checkpoint of the lesson is
judged on both engines. Prints a table; exit status 1 if anything differs.

  --all        every lesson in src/lessons (the default when no LESSON is given)
  LESSON       a lesson slug (03-create-start-run), number (3) or .lesson file
  --docker V   the Docker version both engines imitate (default 29)
  --json       one JSON document with every difference
`;

export interface LessonCheck {
  slug: string;
  commands: number;
  identical: number;
  differences: Array<{ step: string; command: string; what: string }>;
  checks: { total: number; sim: number; native: number; failed: Array<{ step: string; check: string; engine: 'sim' | 'native'; detail: string }> };
  error?: string;
}

function lessonFiles(): string[] {
  return readdirSync(LESSON_DIR)
    .filter((f) => f.endsWith('.lesson'))
    .sort()
    .map((f) => join(LESSON_DIR, f));
}

function findLesson(arg: string): string | undefined {
  if (arg.endsWith('.lesson')) return arg;
  const files = lessonFiles();
  if (/^\d+$/.test(arg)) return files.find((f) => Number(basename(f).split('-')[0]) === Number(arg));
  return files.find((f) => basename(f, '.lesson') === arg || basename(f, '.lesson').replace(/^\d+-/, '') === arg);
}

function sections(lesson: Lesson): Section[] {
  return lesson.steps.map((s) => ({
    label: s.id,
    steps: s.kind === 'run' ? s.commands : s.kind === 'task' ? s.solution : [],
    checks: s.checks,
  }));
}

function judge(lesson: Lesson, sim: SectionResult[], native: SectionResult[]): LessonCheck {
  const flat = (rs: SectionResult[]) => rs.flatMap((r) => r.steps.map((s) => ({ ...s, section: r.label })));
  const a = flat(sim);
  const b = flat(native);
  const ca = compared(a);
  const cb = compared(b);
  const differences: LessonCheck['differences'] = [];
  const names = new Renaming();
  let identical = 0;
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const what = stepDifference(ca[i], cb[i], names);
    if (!what) identical++;
    else differences.push({ step: (a[i] ?? b[i])!.section, command: (a[i] ?? b[i])!.command, what });
  }
  const failed: LessonCheck['checks']['failed'] = [];
  let total = 0;
  let simOk = 0;
  let nativeOk = 0;
  sim.forEach((r, i) => {
    total += r.checks.length;
    for (const c of r.checks) {
      if (c.ok) simOk++;
      else failed.push({ step: r.label, check: c.check.text, engine: 'sim', detail: c.actual });
    }
    for (const c of native[i]?.checks ?? []) {
      if (c.ok) nativeOk++;
      else failed.push({ step: r.label, check: c.check.text, engine: 'native', detail: c.actual });
    }
  });
  return { slug: lesson.slug, commands: Math.max(a.length, b.length), identical, differences, checks: { total, sim: simOk, native: nativeOk, failed } };
}

export async function checkLesson(file: string, version: DockerVersion): Promise<LessonCheck> {
  const lesson = parseLesson(readFileSync(file, 'utf8'), file);
  const secs = sections(lesson);
  const env = await scratchBackend(version);
  const simCwd = mkdtempSync(join(tmpdir(), 'classroom-check-sim-'));
  try {
    const sim = await runSimSections(secs, version, simCwd, nativeLikeWorld());
    const { results, cleanupLeft } = await runNativeSections(env.backend, secs, version, env.cwd);
    const r = judge(lesson, sim, results);
    if (cleanupLeft.length) r.error = `cleanup left: ${cleanupLeft.join('; ')}`;
    return r;
  } finally {
    await env.close();
    rmSync(simCwd, { recursive: true, force: true });
  }
}

function table(rows: LessonCheck[]): string {
  const head = ['lesson', 'commands', 'identical', 'checks sim', 'checks native', 'differences'];
  const body = rows.map((r) => [
    r.slug,
    String(r.commands),
    `${r.identical}/${r.commands}`,
    `${r.checks.sim}/${r.checks.total}`,
    `${r.checks.native}/${r.checks.total}`,
    r.error ? `error: ${r.error}` : r.differences.length ? String(r.differences.length) : '—',
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ').trimEnd();
  const out = [line(head), ...body.map(line)];
  for (const r of rows) {
    for (const d of r.differences) out.push(`  ${r.slug} [${d.step}] ${d.command}: ${d.what}`);
    for (const f of r.checks.failed) out.push(`  ${r.slug} [${f.step}] check on ${f.engine} failed: ${f.check}${f.detail ? ` (${f.detail})` : ''}`);
  }
  return out.join('\n') + '\n';
}

export async function checkCommand(args: string[]): Promise<number> {
  let version: DockerVersion = '29';
  let json = false;
  const wanted: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a === '--json') json = true;
    else if (a === '--all') continue;
    else if (a === '--docker' || a.startsWith('--docker=')) {
      const v = a === '--docker' ? args[++i] : a.slice('--docker='.length);
      const d = v === undefined ? undefined : parseDockerVersion(v);
      if (!d) {
        process.stderr.write(`classroom check: unknown docker version '${v ?? ''}' (use 29 or 20.10)\n`);
        return 2;
      }
      version = d;
    } else if (a.startsWith('-')) {
      process.stderr.write(`classroom check: unknown option '${a}'\n\n${USAGE}`);
      return 2;
    } else wanted.push(a);
  }
  const files: string[] = [];
  for (const w of wanted) {
    const f = findLesson(w);
    if (!f) {
      process.stderr.write(`classroom check: no lesson '${w}' in ${LESSON_DIR}\n`);
      return 2;
    }
    files.push(f);
  }
  if (!files.length) files.push(...lessonFiles());

  const problems = nativeProblems('/tmp');
  if (problems.length) {
    for (const p of problems) process.stderr.write(`classroom: native engine: ${p}\n`);
    return 2;
  }
  const rows: LessonCheck[] = [];
  for (const f of files) {
    if (!json) process.stderr.write(`checking ${basename(f, '.lesson')}…\n`);
    try {
      rows.push(await checkLesson(f, version));
    } catch (e) {
      if (e instanceof NativeUnavailable) {
        for (const p of e.problems) process.stderr.write(`classroom: native engine: ${p}\n`);
        return 2;
      }
      rows.push({
        slug: basename(f, '.lesson'),
        commands: 0,
        identical: 0,
        differences: [],
        checks: { total: 0, sim: 0, native: 0, failed: [] },
        error: (e as Error).message,
      });
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ version, lessons: rows }, null, 2)}\n`);
  else process.stdout.write(table(rows));
  const bad = rows.some((r) => r.error || r.differences.length || r.checks.failed.length);
  return bad ? 1 : 0;
}
