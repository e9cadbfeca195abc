/**
 * Search: the header's search form lands on /search/?q=… with the lessons that match,
 * in the page's language; step hits link to …/lessons/<slug>/#step-N; nonsense
 * finds nothing and says so.
 */
import type { Page } from 'playwright-core';
import { expect, screenshot, test } from './fixtures.ts';
import { hydrated } from './helpers.ts';

/** The result links once the index has loaded and the results are listed. */
async function hits(page: Page): Promise<Array<{ href: string; text: string }>> {
  await page.locator('.search-app .summary').filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
  return page.locator('.search-app .hits li > a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: (a as HTMLElement).innerText })));
}

test('the header search (zh) for 暂停 lists the pause lesson', async ({ page, problems }) => {
  await page.goto('/');
  await page.fill('#site-search-q', '暂停');
  await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press('#site-search-q', 'Enter')]);
  const url = new URL(page.url());
  expect(url.pathname).toBe('/search/');
  expect(url.searchParams.get('q')).toBe('暂停');
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

  const found = await hits(page);
  expect(found.length).toBeGreaterThan(0);
  expect(await page.locator('.search-app .summary').innerText()).toBe(`找到 ${found.length} 条结果`);
  // Only Chinese pages, and the pause lesson among them (its page and its steps).
  for (const h of found) expect(h.href).toMatch(/^\/lessons\/[a-z0-9-]+\/(#step-\d+)?$/);
  expect(found.map((h) => h.href)).toContain('/lessons/pause-unpause/');
  const step = found.find((h) => /^\/lessons\/pause-unpause\/#step-\d+$/.test(h.href));
  expect(step, 'a step of the pause lesson is a hit').toBeDefined();
  expect(step!.text).toMatch(/^暂停与恢复 · 第 \d+ 步$/);
  // The query is highlighted in the snippets, and the search box shows it.
  expect(await page.locator('.search-app .hits mark').first().innerText()).toBe('暂停');
  expect(await page.locator('#search-page-q').inputValue()).toBe('暂停');
  await screenshot(page, 'search-zh');

  // Following a step hit opens the lesson at that step.
  const n = Number(step!.href.split('#step-')[1]);
  await Promise.all([page.waitForURL(/\/lessons\/pause-unpause\//), page.locator(`.hits a[href="${step!.href}"]`).click()]);
  expect(await page.locator('main h1').innerText()).toBe('暂停与恢复');
  await expect.poll(() => page.locator('#step-heading').innerText()).toContain(`第 ${n} 步`);
  expect(problems.errors).toEqual([]);
});

test('English search for "detach keys" lists the entering lesson', async ({ page, problems }) => {
  await page.goto('/en/search/?q=detach%20keys');
  const found = await hits(page);
  expect(found.length).toBeGreaterThan(0);
  for (const h of found) expect(h.href).toMatch(/^\/en\/lessons\/[a-z0-9-]+\/(#step-\d+)?$/);
  const entering = found.filter((h) => h.href.startsWith('/en/lessons/entering/'));
  expect(entering.length).toBeGreaterThan(0);
  expect(entering.some((h) => /#step-\d+$/.test(h.href) && /^Getting into a container: attach, exec and nsenter · step \d+$/.test(h.text))).toBe(true);
  expect(await page.locator('.search-app .summary').innerText()).toBe(`${found.length} result${found.length === 1 ? '' : 's'}`);
  expect(await page.locator('#search-page-q').inputValue()).toBe('detach keys');
  await screenshot(page, 'search-en');
  expect(problems.errors).toEqual([]);
});

test('the English header search lands on the English search page', async ({ page, problems }) => {
  await page.goto('/en/');
  await page.fill('#site-search-q', 'unpause');
  await Promise.all([page.waitForURL(/\/en\/search\/\?q=unpause$/), page.press('#site-search-q', 'Enter')]);
  expect((await hits(page)).map((h) => h.href)).toContain('/en/lessons/pause-unpause/');
  expect(problems.errors).toEqual([]);
});

test('nonsense finds nothing, and says so; typing a new query updates the results and the address', async ({ page, problems }) => {
  await page.goto('/search/?q=qwxzzy%E9%BE%98%E9%BE%98');
  expect(await hits(page)).toEqual([]);
  expect(await page.locator('.search-app .summary').innerText()).toBe('没有找到相关内容。');

  await hydrated(page);
  await page.fill('#search-page-q', 'docker pause');
  await expect.poll(() => page.locator('.search-app .hits li').count()).toBeGreaterThan(0);
  expect(new URL(page.url()).searchParams.get('q')).toBe('docker pause');

  await page.goto('/en/search/?q=qwxzzy');
  expect(await hits(page)).toEqual([]);
  expect(await page.locator('.search-app .summary').innerText()).toBe('Nothing found.');
  expect(problems.errors).toEqual([]);
});
