/**
 * The answer keys of generated questions, confirmed on the simulator: a
 * 500-question sample (several seeds, both Docker profiles) is re-run from each
 * question's own script on a FRESH simulator through the runner; the keyed
 * choice must be what that run shows and no distractor may equal it. Also: the
 * shape of a question, determinism, level filters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkKey, generateQuiz, observedAnswer, questionIds, type Question } from '../../src/quiz/generate.ts';
import { runScript } from '../../src/quiz/simrun.ts';

const BATCHES = [
  { seed: 1, docker: '29' },
  { seed: 2, docker: '29' },
  { seed: 3, docker: '29' },
  { seed: 4, docker: '20.10' },
  { seed: 5, docker: '20.10' },
] as const;

const sample = new Map<number, Question[]>();

// Generating 500 questions runs the simulator a few thousand times (distractors): ~15 s on 2 CPUs.
beforeAll(async () => {
  for (const b of BATCHES) sample.set(b.seed, await generateQuiz({ count: 100, seed: b.seed, docker: b.docker }));
}, 120_000);

describe('a 500-question sample, re-run on fresh simulators', () => {
  it('has 500 questions', () => {
    expect([...sample.values()].flat()).toHaveLength(500);
  });

  // 100 fresh simulator runs per batch.
  it.each(BATCHES)('seed $seed, docker $docker: every answer key holds', async ({ seed }) => {
    const failures: string[] = [];
    for (const q of sample.get(seed)!) {
      const run = await runScript(q.script.replace(/\n$/, '').split('\n'), q.docker, q.seed);
      const seen = observedAnswer(q, run.steps);
      if (q.choices[q.answer] !== seen) failures.push(`${q.id}: keyed ${JSON.stringify(q.choices[q.answer])}, run shows ${JSON.stringify(seen)}`);
      const hits = q.choices.filter((c, i) => i !== q.answer && c === seen);
      if (hits.length) failures.push(`${q.id}: distractor equals the outcome ${JSON.stringify(seen)}`);
      // the same check through the normalised comparison used for the real engine
      const k = checkKey(q, run.steps);
      if (!k.answerMatches || k.distractorHits.length) failures.push(`${q.id}: checkKey ${JSON.stringify(k)}`);
      // the question's transcript and path are what the run gives
      const steps = run.steps.map(({ command, stdout, stderr, exitCode }) => ({ command, stdout, stderr, exitCode }));
      if (JSON.stringify(steps) !== JSON.stringify(q.transcript)) failures.push(`${q.id}: transcript differs`);
      if (JSON.stringify(run.transitions.slice(q.commandIndex).flat()) !== JSON.stringify(q.path)) failures.push(`${q.id}: path differs`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('every question is well formed', () => {
    for (const q of [...sample.values()].flat()) {
      expect(q.choices.length, q.id).toBeGreaterThanOrEqual(2);
      expect(q.choices.length, q.id).toBeLessThanOrEqual(5);
      expect(new Set(q.choices).size, q.id).toBe(q.choices.length);
      expect(q.answer, q.id).toBeGreaterThanOrEqual(0);
      expect(q.answer, q.id).toBeLessThan(q.choices.length);
      expect(q.labels, q.id).toHaveLength(q.choices.length);
      for (const t of [q.prompt, q.explanation, ...q.labels]) {
        expect(t.zh, q.id).not.toBe('');
        expect(t.en, q.id).not.toBe('');
      }
      expect([1, 2, 3]).toContain(q.level);
      expect(q.id).toBe(`${q.situation}/${q.id.split('/')[1]}/${q.ask}`);
      expect(q.script).toBe(`${q.setup}${q.command}\n${q.probe.map((l) => `${l}\n`).join('')}`);
      expect(q.transcript[q.commandIndex]!.command).toBe(q.command);
      expect(q.transcript).toHaveLength(q.script.split('\n').length - 1);
      for (const p of [...q.path, ...q.setupPath]) expect(Object.keys(p).sort()).toEqual(['event', 'from', 'to']);
    }
  });

  it('covers every ask kind, level and many situations', () => {
    const qs = [...sample.values()].flat();
    expect(new Set(qs.map((q) => q.ask))).toEqual(new Set(['state', 'exitCode', 'error', 'psStatus', 'diff', 'stopTime']));
    expect(new Set(qs.map((q) => q.level))).toEqual(new Set([1, 2, 3]));
    expect(new Set(qs.map((q) => q.situation)).size).toBeGreaterThan(20);
  });
});

describe('determinism and filters', () => {
  it('the same seed gives the same quiz, another seed another one', async () => {
    const a = await generateQuiz({ count: 12, seed: 42, docker: '20.10' });
    const b = await generateQuiz({ count: 12, seed: 42, docker: '20.10' });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = await generateQuiz({ count: 12, seed: 43, docker: '20.10' });
    expect(c.map((q) => q.id)).not.toEqual(a.map((q) => q.id));
  }, 30_000);

  it('filters by level, topic and ask kind', async () => {
    const hard = await generateQuiz({ count: 8, seed: 9, level: 3 });
    expect(hard).toHaveLength(8);
    for (const q of hard) expect(q.level).toBe(3);
    const easy = await generateQuiz({ count: 8, seed: 9, level: [1, 2], topic: ['T7', 'T8'], ask: 'state' });
    for (const q of easy) {
      expect([1, 2]).toContain(q.level);
      expect(['T7', 'T8']).toContain(q.topic);
      expect(q.ask).toBe('state');
    }
    expect(questionIds({ level: 1 }).length).toBeGreaterThan(100);
  }, 30_000);
});
