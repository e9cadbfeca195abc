/**
 * Walks every lesson in Chromium, in both languages, from first step to last:
 * run steps are run, tasks done with "do it for me", checkpoints checked. Every
 * check must turn green, the lesson must end complete, and the lifecycle diagram
 * must show the same containers in the same states as the simulator walk of the
 * same lesson in Node (src/lessons/walk.ts). Screenshots in test-results/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseLesson, type Lesson } from '../../src/lessons/format.ts';
import { lessonSimulator, walkLesson } from '../../src/lessons/walk.ts';
import { expect, screenshot, test } from './fixtures.ts';

const dir = join(import.meta.dirname, '../../src/lessons');
const lessons: Lesson[] = readdirSync(dir)
  .filter((f) => f.endsWith('.lesson'))
  .sort()
  .map((f) => parseLesson(readFileSync(join(dir, f), 'utf8'), f));

/**
 * Starts the sandbox (the first interaction) and waits for the terminal's first prompt.
 * Usually a few hundred ms (npm run budgets measures it); the wait is long because the
 * first page of a run can share 2 CPUs with real mode's backend and other browsers.
 */
export async function startTerminal(page: Page): Promise<void> {
  await page.locator('.terminal-placeholder button').click();
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 45_000 });
}

for (const lesson of lessons) {
  for (const lang of ['zh-CN', 'en'] as const) {
    test(`lesson ${lesson.order} ${lesson.slug} (${lang}): every step to the end`, { timeout: 180_000 }, async ({ page, problems }) => {
      const base = lang === 'en' ? '/en' : '';
      const res = await page.goto(`${base}/lessons/${lesson.slug}/`);
      expect(res?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await startTerminal(page);

      for (const [i, step] of lesson.steps.entries()) {
        await page.locator(`article.step[data-step="${step.id}"]`).waitFor();
        if (step.kind === 'run') await page.click('[data-action="run"]');
        else if (step.kind === 'task') await page.click('[data-action="solve"]');
        else if (step.kind === 'checkpoint') await page.click('[data-action="check"]');
        if (step.checks.length) {
          await page
            .waitForFunction((n) => document.querySelectorAll('article.step .checks li.ok').length === n, step.checks.length, { timeout: 60_000 })
            .catch(async (e) => {
              const text = await page.locator('article.step .checks').innerText();
              const term = await page.locator('.terminal[role="region"]').innerText();
              throw new Error(`step ${step.id}: checks did not all hold:\n${text}\n--- terminal ---\n${term.slice(-3000)}\n${String(e)}`);
            });
        }
        await page.waitForFunction(() => !(document.querySelector('[data-action="restart"]') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
        if (i < lesson.steps.length - 1) await page.click('[data-action="next"]');
      }
      await page.locator('[data-complete="true"]').waitFor({ timeout: 10_000 });
      expect(await page.locator('.dot.done').count()).toBe(lesson.steps.length);

      // The diagram shows what the simulator walk in Node ends with.
      const { sim } = await walkLesson(lesson, await lessonSimulator('29'));
      const expected = sim.engine
        .containers()
        .filter((c) => c.state !== 'removed')
        .map((c) => `${c.name}:${c.state}`)
        .sort();
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll('[data-container]')].map((e) => `${(e as HTMLElement).dataset.container}:${(e as HTMLElement).dataset.state}`).sort(),
      );
      expect(shown).toEqual(expected);
      // The layer diagram draws the container last written to (its writable layer on top of
      // read-only image layers), or explains that there is none.
      const layersPanel = page.locator('.workbench details').first();
      if (expected.length) {
        expect(await layersPanel.locator('section').count()).toBeGreaterThanOrEqual(2);
        expect(await layersPanel.textContent()).toMatch(lang === 'en' ? /read-only/i : /只读/);
      }
      // Layer-focused lessons open the layer diagram first.
      expect(await layersPanel.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(lesson.focus === 'layers');
      await screenshot(page, `lesson-${lesson.order}-${lesson.slug}-${lang}`);
      expect(problems.errors).toEqual([]);
    });
  }
}
