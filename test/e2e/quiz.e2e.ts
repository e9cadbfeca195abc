/**
 * The quiz: answer a card right and one wrong, see the verdicts and explanations,
 * then come back the next (simulated) day and get both as due cards; the end-of-lesson
 * quick quiz; a mock interview. The right answers come from the same card builder the
 * page uses (src/quiz/cards.ts), run here in Node.
 */
import type { Page } from 'playwright-core';
import { cardById } from '../../src/quiz/cards.ts';
import { startTerminal } from './helpers.ts';
import { expect, screenshot, test } from './fixtures.ts';

const DAY1 = new Date('2026-11-22T10:00:00Z');
const DAY2 = new Date('2026-11-23T10:00:00Z');

async function currentCard(page: Page): Promise<string> {
  const el = page.locator('[data-card]').first();
  await el.waitFor({ timeout: 30_000 });
  return (await el.getAttribute('data-card'))!;
}

async function rightIndex(id: string): Promise<number> {
  const card = await cardById(id, 'zh');
  if (!card) throw new Error(`unknown card ${id}`);
  return card.answer;
}

test('review: right and wrong answers, explanations, the next day brings both back', { timeout: 90_000 }, async ({ page, problems }) => {
  await page.clock.setFixedTime(DAY1);
  await page.goto('/quiz/');
  await currentCard(page);
  const dueBefore = Number(await page.locator('[data-due]').getAttribute('data-due'));
  expect(dueBefore).toBeGreaterThan(1);

  // First card: the right answer.
  const first = await currentCard(page);
  const r1 = await rightIndex(first);
  await page.click(`[data-card="${first}"] [data-choice="${r1}"]`);
  await expect.poll(() => page.locator(`[data-card="${first}"]`).getAttribute('data-answered')).toBe('right');
  expect(await page.locator('.feedback .verdict').innerText()).toContain('答对了');
  expect((await page.locator('.feedback').innerText()).length).toBeGreaterThan(20);
  await page.click('[data-action="next"]');

  // Second card: a wrong answer; the right one is shown.
  const second = await currentCard(page);
  expect(second).not.toBe(first);
  const r2 = await rightIndex(second);
  const n2 = await page.locator(`[data-card="${second}"] [data-choice]`).count();
  await page.click(`[data-card="${second}"] [data-choice="${(r2 + 1) % n2}"]`);
  await expect.poll(() => page.locator(`[data-card="${second}"]`).getAttribute('data-answered')).toBe('wrong');
  expect(await page.locator('.feedback .verdict').innerText()).toContain('答错了');
  expect(await page.locator(`[data-card="${second}"] [data-choice="${r2}"]`).innerText()).toContain('正确答案');
  expect(await page.locator('[data-streak]').innerText()).toContain('1 天');
  await screenshot(page, 'quiz-wrong');

  // The next day: both cards are due again (right → box 2 after 1 day; wrong → box 1, tomorrow).
  await page.clock.setFixedTime(DAY2);
  await page.reload();
  await currentCard(page);
  const due = await page.evaluate(() => {
    const raw = localStorage.getItem('cc:quiz:srs');
    return raw ? (JSON.parse(raw) as { cards: Record<string, { due: string }> }).cards : {};
  });
  expect(due[first]?.due).toBe('2026-11-23');
  expect(due[second]?.due).toBe('2026-11-23');
  const shown = await currentCard(page);
  expect([first, second]).toContain(shown);
  expect(problems.errors).toEqual([]);
});

test('mock interview: ten questions, a score at the end with every answer explained', { timeout: 120_000 }, async ({ page, problems }) => {
  await page.goto('/en/quiz/');
  await page.click('[data-mode="mock"]');
  await page.click('[data-action="mock-start"]');
  await page.locator('[data-mock-left]').waitFor({ timeout: 60_000 });
  for (let i = 0; i < 10; i++) {
    const id = await currentCard(page);
    const r = await rightIndex(id);
    // Right on even questions, wrong on odd ones; no verdict is shown during the interview.
    const n = await page.locator(`[data-card="${id}"] [data-choice]`).count();
    await page.click(`[data-card="${id}"] [data-choice="${i % 2 === 0 ? r : (r + 1) % n}"]`);
    expect(await page.locator('.feedback').count()).toBe(0);
    if (i < 9) await page.click('[data-action="mock-next"]');
  }
  await page.click('[data-action="mock-finish"]');
  expect(await page.locator('[data-mock-score]').getAttribute('data-mock-score')).toBe('5');
  expect(await page.locator('.feedback').count()).toBe(10);
  expect(problems.errors).toEqual([]);
});

test('the end of a lesson offers a quick quiz of its topic, recorded for review', { timeout: 120_000 }, async ({ page, problems }) => {
  await page.goto('/lessons/pause-unpause/');
  await startTerminal(page);
  const steps = await page.locator('.dots li').count();
  for (let i = 0; i < steps; i++) {
    const kind = await page.locator('article.step').getAttribute('data-kind');
    if (kind === 'run') await page.click('[data-action="run"]');
    else if (kind === 'task') await page.click('[data-action="solve"]');
    else if (kind === 'checkpoint') await page.click('[data-action="check"]');
    await page.waitForFunction(() => !(document.querySelector('[data-action="restart"]') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
    if (i < steps - 1) await page.click('[data-action="next"]');
  }
  await page.locator('[data-complete="true"] [data-quick-quiz]').waitFor({ timeout: 30_000 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await currentCard(page);
    ids.push(id);
    const r = await rightIndex(id);
    await page.click(`[data-card="${id}"] [data-choice="${r}"]`);
    await expect.poll(() => page.locator(`[data-card="${id}"]`).getAttribute('data-answered')).toBe('right');
    await page.click('[data-action="quick-next"]');
  }
  expect(await page.locator('[data-quick-done]').innerText()).toContain('3 / 3');
  expect(ids.some((id) => id.startsWith('gen:'))).toBe(true);
  const stored = await page.evaluate(() => Object.keys((JSON.parse(localStorage.getItem('cc:quiz:srs') ?? '{}') as { cards?: object }).cards ?? {}));
  expect(stored.sort()).toEqual([...ids].sort());
  await screenshot(page, 'quiz-quick');
  expect(problems.errors).toEqual([]);
});
