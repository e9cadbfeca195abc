/**
 * Every lesson file parses, and walking it from first step to last on the
 * simulator (run steps' commands, tasks' solutions) satisfies every checkpoint,
 * for both Docker versions the simulator speaks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonScript, parseLesson } from '../../src/lessons/format.ts';
import { lessonSimulator, walkLesson } from '../../src/lessons/walk.ts';
import { parseScript } from '../../src/runner/script.ts';

const dir = join(import.meta.dirname, '../../src/lessons');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.lesson'))
  .sort();

describe('lesson files', () => {
  it('exist, with unique slugs and orders', () => {
    expect(files.length).toBeGreaterThan(0);
    const lessons = files.map((f) => parseLesson(readFileSync(join(dir, f), 'utf8'), f));
    expect(new Set(lessons.map((l) => l.slug)).size).toBe(lessons.length);
    expect(new Set(lessons.map((l) => l.order)).size).toBe(lessons.length);
  });

  for (const file of files) {
    describe(file, () => {
      const lesson = parseLesson(readFileSync(join(dir, file), 'utf8'), file);

      it('has its script in the runner format', () => {
        const steps = parseScript(lessonScript(lesson));
        expect(steps.length).toBeGreaterThan(0);
      });

      for (const version of ['29', '20.10'] as const) {
        it(`walks to the end with every check holding (Docker ${version})`, async () => {
          const { steps } = await walkLesson(lesson, await lessonSimulator(version));
          const failures = steps.flatMap((s) =>
            s.checks
              .filter((c) => !c.ok)
              .map((c) => `step ${s.step.id}: '${c.check.text}' found ${c.actual}\n${s.transcript.map((t) => `$ ${t.command}\n${t.stdout}${t.stderr}[${t.exitCode}]`).join('\n')}`),
          );
          expect(failures).toEqual([]);
          // No command in a lesson may hit an internal simulator error or give up.
          for (const s of steps) for (const t of s.transcript) expect(t.stderr).not.toMatch(/internal simulator error|gave up on this step/);
        });
      }
    });
  }
});
