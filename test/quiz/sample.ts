/**
 * The real-engine sample: generated questions (Docker 20.10 profile, seed 1)
 * whose setup + command + probe are recorded from the real Docker 20.10 engine
 * by test/quiz/record.sh. Run with `--write` to (re)write the scripts and
 * sample.json in fixtures/ (record.sh does); without, it lists the sample.
 *
 * Chosen to cover every ask kind and every level, and the answers that depend
 * most on details of the engine: signals to paused containers, --init, traps,
 * `docker diff` of a file added then removed, restart-policy back-off and a
 * failing restart, --rm, the 20.10 rename bug, exec failures.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateQuestion, type Question } from '../../src/quiz/generate.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const SAMPLE_DOCKER = '20.10' as const;
export const SAMPLE_SEED = 1;

export const SAMPLE_IDS = [
  'running-sleep/stop/stopTime',
  'running-trap/stop/stopTime',
  'running-sleep/stop-t3/stopTime',
  'running-init/stop/stopTime',
  'paused-trap/stop/exitCode',
  'paused-trap/stop-t0/stopTime',
  'paused-sleep/stop/state',
  'paused-sleep/kill-term/state',
  'running-init/stop/exitCode',
  'running-trap/stop/exitCode',
  'running-loop/stop-t0/exitCode',
  'files-addrm/diff/diff',
  'files-mix/diff/diff',
  'files-created/diff/diff',
  'files-stopped/diff/diff',
  'running-trap/attach/state',
  'running-sleep/attach/error',
  'exited-brokenrestart/start/error',
  'exited-brokenrestart/start/exitCode',
  'restarting-always/rename/error',
  'restarting-always/stop/psStatus',
  'restarting-always/pause/error',
  'restarting-always/start/state',
  'running-autoremove/stop/state',
  'running-autoremove/restart/state',
  'fresh/run-shnotfound/state',
  'fresh/run-notfound/error',
  'fresh/run-sh/exitCode',
  'fresh/run-rm-restart/error',
  'fresh/run-dit/psStatus',
  'created-sleep/unpause/error',
  'created-sleep/wait/error',
  'created-noexec/start/error',
  'paused-sleep/rm/error',
  'paused-sleep/top/error',
  'paused-sleep/pause/psStatus',
  'running-sleep/rm/error',
  'running-sleep/exec-missing/error',
  'running-sleep/commit/state',
  'running-always/kill/state',
  'removed/start/error',
  'exited-exit1/export/error',
  'exited-onfailure/kill/exitCode',
  'files-add/diff/diff',
  'running-sleep/kill/exitCode',
  'running-sleep/stop/psStatus',
  'running-init/kill-term/exitCode',
  'paused-trap/restart/psStatus',
  'paused-trap/kill-term/state',
];

/** File name of a question's script and fixture (without extension). */
export const fileName = (id: string): string => id.replaceAll('/', '__');

export async function sampleQuestions(): Promise<Question[]> {
  const out: Question[] = [];
  for (const id of SAMPLE_IDS) {
    const q = await generateQuestion(id, { docker: SAMPLE_DOCKER, seed: SAMPLE_SEED });
    if (!q) throw new Error(`sample: no question for ${id}`);
    out.push(q);
  }
  return out;
}

/** The recorded script: a comment naming the question, then its script. */
export function scriptText(q: Question): string {
  return `# quiz question ${q.id} (docker ${q.docker}, seed ${q.seed}): ${q.prompt.en}\n${q.script}`;
}

if (import.meta.main) {
  const qs = await sampleQuestions();
  if (process.argv.includes('--write')) {
    mkdirSync(FIXTURES, { recursive: true });
    for (const f of readdirSync(FIXTURES)) if (f.endsWith('.script')) rmSync(join(FIXTURES, f));
    for (const q of qs) writeFileSync(join(FIXTURES, `${fileName(q.id)}.script`), scriptText(q));
    writeFileSync(join(FIXTURES, 'sample.json'), `${JSON.stringify({ docker: SAMPLE_DOCKER, seed: SAMPLE_SEED, ids: SAMPLE_IDS }, null, 2)}\n`);
    console.error(`wrote ${qs.length} scripts to ${FIXTURES}`);
  }
  const cover = new Map<string, number>();
  for (const q of qs) {
    const key = `${q.ask} L${q.level}`;
    cover.set(key, (cover.get(key) ?? 0) + 1);
    console.log(`${q.id.padEnd(40)} L${q.level} ${q.ask.padEnd(9)} answer: ${JSON.stringify(q.choices[q.answer])}`);
  }
  console.log([...cover].sort().map(([k, n]) => `${k}: ${n}`).join(', '));
}
