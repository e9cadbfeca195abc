/**
 * Accessibility: axe-core on every page type in both languages (home, a lesson
 * before any interaction and with its terminal loaded, the playground, search with
 * results) must find no serious or critical violation; every violation found is
 * printed. And keyboard-only use: the skip link, and Tab to "run step" + Enter on
 * a fresh lesson page (the first key press is what loads the sandbox).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { root } from './build.ts';
import { expect, test } from './fixtures.ts';
import { hydrated, startTerminal, TERMINAL_READY } from './helpers.ts';

const axePath = join(root, 'node_modules', 'axe-core', 'axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string; html: string }>;
}

/** Runs axe on the page as it is now; prints every violation; returns the serious and critical ones. */
async function axe(page: Page, what: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html })) }));
  });
  const lines = (v: Violation) =>
    `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`;
  if (violations.length) console.log(`axe on ${what}: ${violations.length} violation(s)\n  ${violations.map(lines).join('\n  ')}`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${what}: ${lines(v)}`);
}

for (const lang of ['zh-CN', 'en'] as const) {
  const base = lang === 'en' ? '/en' : '';

  test(`axe (${lang}): home, lesson before and after the terminal, playground, search with results, quiz`, { timeout: 90_000 }, async ({ page, problems }) => {
    const serious: string[] = [];

    await page.goto(`${base}/`);
    await hydrated(page);
    serious.push(...(await axe(page, `${lang} home`)));

    await page.goto(`${base}/lessons/detached-logs/`);
    await hydrated(page);
    serious.push(...(await axe(page, `${lang} lesson (fresh)`)));
    await startTerminal(page);
    await page.click('[data-action="run"]');
    await page.waitForFunction(() => document.querySelectorAll('article.step .checks li.ok').length === 1, null, { timeout: 30_000 });
    await page.locator('.workbench details.panel summary').nth(1).click();
    serious.push(...(await axe(page, `${lang} lesson (terminal loaded, a step run, panels open)`)));

    await page.goto(`${base}/playground/`);
    await page.locator(TERMINAL_READY).waitFor({ timeout: 15_000 });
    serious.push(...(await axe(page, `${lang} playground`)));

    await page.goto(`${base}/search/?q=${lang === 'en' ? 'pause' : '暂停'}`);
    await page.locator('.search-app .hits li').first().waitFor({ timeout: 10_000 });
    serious.push(...(await axe(page, `${lang} search with results`)));

    // The quiz: a question, then the same card answered (verdict, explanation, path diagram).
    await page.goto(`${base}/quiz/`);
    await page.locator('[data-card]').first().waitFor({ timeout: 30_000 });
    serious.push(...(await axe(page, `${lang} quiz question`)));
    await page.locator('[data-card] [data-choice="0"]').click();
    await page.locator('.feedback').waitFor();
    serious.push(...(await axe(page, `${lang} quiz answered`)));

    expect(serious, serious.join('\n')).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
}

/** Presses Tab until the focused element matches `selector` (at most `max` times). */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return;
  }
  throw new Error(`Tab never reached ${selector} (now on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))})`);
}

test('keyboard only: the skip link, then Tab to "运行此步" and Enter runs the step', { timeout: 60_000 }, async ({ page, problems }) => {
  await page.goto('/lessons/detached-logs/');
  await hydrated(page);
  expect(await page.locator(TERMINAL_READY).count()).toBe(0);

  // The first Tab lands on the skip link, which shows itself; Enter moves focus to the main content.
  await page.keyboard.press('Tab');
  const skip = page.locator('a.skip-link');
  expect(await skip.evaluate((a) => a === document.activeElement)).toBe(true);
  expect(await skip.innerText()).toBe('跳到正文');
  const box = await skip.boundingBox();
  expect(box && box.y >= 0 && box.height > 0).toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
  expect(new URL(page.url()).hash).toBe('#main');
  // That first key press started the sandbox.
  await page.locator(TERMINAL_READY).waitFor({ timeout: 15_000 });

  // From the main content, Tab reaches the run button; Enter runs the step and its checks turn green.
  await tabTo(page, '[data-action="run"]');
  expect(await page.evaluate(() => (document.activeElement as HTMLElement).innerText)).toBe('▶ 运行此步');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('article.step .checks li.ok').length === 1, null, { timeout: 30_000 });
  expect(await page.locator('.announce').innerText()).toBe('这一步完成了。');
  expect(problems.errors).toEqual([]);
});

test('keyboard only: on a fresh lesson page, Tab to "运行此步" and Enter (the first key press loads the sandbox)', { timeout: 60_000 }, async ({ page, problems }) => {
  await page.goto('/lessons/detached-logs/');
  await hydrated(page);
  await tabTo(page, '[data-action="run"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('article.step .checks li.ok').length === 1, null, { timeout: 30_000 });
  await page.locator(TERMINAL_READY).waitFor({ timeout: 15_000 });
  expect(await page.locator('[data-container="loop"]').getAttribute('data-state')).toBe('running');
  expect(problems.errors).toEqual([]);
});
