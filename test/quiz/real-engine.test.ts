/**
 * Answer keys confirmed against the REAL Docker 20.10 engine: a sample of
 * generated questions (test/quiz/sample.ts) whose scripts were recorded by
 * test/quiz/record.sh into fixtures/. No dockerd needed: the test reads the
 * recordings, regenerates each question, checks that its script is still the
 * recorded one, and that the keyed choice is what the real engine showed (both
 * normalised with src/runner/normalize.ts) while no distractor is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/runner/script.ts';
import type { Fixture } from '../../src/runner/transcript.ts';
import { checkKey, generateQuestion } from '../../src/quiz/generate.ts';
import { fileName, FIXTURES, SAMPLE_DOCKER, SAMPLE_IDS, SAMPLE_SEED } from './sample.ts';

const sample = JSON.parse(readFileSync(join(FIXTURES, 'sample.json'), 'utf8')) as { docker: string; seed: number; ids: string[] };

describe('quiz answer keys against the real Docker 20.10 engine', () => {
  it('the recorded sample is the current one and covers every ask kind and level', async () => {
    expect(sample).toEqual({ docker: SAMPLE_DOCKER, seed: SAMPLE_SEED, ids: SAMPLE_IDS });
    const asks = new Set<string>();
    const levels = new Set<number>();
    for (const id of sample.ids) {
      const q = (await generateQuestion(id, { docker: SAMPLE_DOCKER, seed: SAMPLE_SEED }))!;
      asks.add(q.ask);
      levels.add(q.level);
    }
    expect(asks).toEqual(new Set(['state', 'exitCode', 'error', 'psStatus', 'diff', 'stopTime']));
    expect(levels).toEqual(new Set([1, 2, 3]));
  }, 30_000);

  it.each(sample.ids)('%s', async (id) => {
    const q = (await generateQuestion(id, { docker: SAMPLE_DOCKER, seed: SAMPLE_SEED }))!;
    const file = join(FIXTURES, `${fileName(id)}.json`);
    expect(existsSync(file), `${file}: run test/quiz/record.sh`).toBe(true);
    const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
    // the question's script is still what was recorded (else: re-record)
    expect(fixture.steps.map((s) => s.command)).toEqual(parseScript(q.script).map((s) => s.text));
    expect(fixture.engine).toMatch(/^docker 20\.10/);
    const k = checkKey(q, fixture.steps);
    expect(k.observed, `real engine shows ${JSON.stringify(k.observed)}; choices ${JSON.stringify(k.choices)}`).toBe(k.choices[q.answer]);
    expect(k.distractorHits).toEqual([]);
  });
});
