/**
 * Page-weight and speed budgets of a lesson page (issue 5), measured in Chromium:
 *  - JavaScript loaded before the first interaction ≤ 100 KB gzip;
 *  - the full interactive bundle (everything a session loads: terminal, simulator,
 *    diagrams, a step run, the tar panel) ≤ 350 KB gzip;
 *  - the terminal ready < 1 s after load, the first interaction coming right at load.
 * Sizes are of the bytes the page fetched, gzipped here at level 9 (what a static
 * host serves). The figures go to test-results/budgets.json and the console.
 * `npm run budgets` runs only this file.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { distDir } from './build.ts';
import { expect, resultsDir, test } from './fixtures.ts';

const KB = 1024;
const LESSON = '/lessons/what-is-a-container/';

function gz(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** Every JS file the page requested so far, by URL path. */
function recordScripts(page: Page): Set<string> {
  const seen = new Set<string>();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('.js') || u.pathname.endsWith('.mjs')) seen.add(u.pathname);
  });
  return seen;
}

const sizeOf = (paths: Iterable<string>): number => [...paths].reduce((n, p) => n + gz(join(distDir, p)), 0);

test('lesson page budgets: initial JS, full session JS, terminal ready time', { timeout: 60_000 }, async ({ page, problems }) => {
  const scripts = recordScripts(page);
  await page.goto(LESSON, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  const initial = new Set(scripts);
  const initialGz = sizeOf(initial);

  // Terminal readiness with the first interaction at load: a fresh page, a click as soon as it loaded.
  const page2 = await page.context().newPage();
  await page2.goto(LESSON, { waitUntil: 'load' });
  const loadedAt = await page2.evaluate(() => performance.now());
  await page2.locator('.terminal-placeholder button').click();
  await page2.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 10_000 });
  const readyAt = await page2.evaluate(() => performance.now());
  const readyMs = Math.round(readyAt - loadedAt);
  await page2.close();

  // A full session on the first page: terminal, a step run, the tar panel, the layer diagram.
  await page.locator('.terminal-placeholder button').click();
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 10_000 });
  await page.click('[data-action="next"]');
  await page.click('[data-action="run"]');
  await page.waitForFunction(() => document.querySelectorAll('article.step .checks li.ok').length > 0, null, { timeout: 20_000 });
  for (const d of await page.locator('.workbench details').all()) await d.evaluate((e) => ((e as HTMLDetailsElement).open = true));
  await page.waitForLoadState('networkidle');
  const fullGz = sizeOf(scripts);

  const everyChunk = readdirSync(join(distDir, '_astro')).filter((f) => f.endsWith('.js'));
  const allGz = everyChunk.reduce((n, f) => n + gz(join(distDir, '_astro', f)), 0);

  const figures = {
    page: LESSON,
    initialJsGzipKB: +(initialGz / KB).toFixed(1),
    initialFiles: [...initial].sort(),
    fullSessionJsGzipKB: +(fullGz / KB).toFixed(1),
    fullSessionFiles: [...scripts].sort(),
    everyChunkGzipKB: +(allGz / KB).toFixed(1),
    terminalReadyMsAfterLoad: readyMs,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'budgets.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(
    `[budgets] initial JS ${figures.initialJsGzipKB} KB gzip (≤ 100) · full session ${figures.fullSessionJsGzipKB} KB gzip (≤ 350) · ` +
      `every chunk ${figures.everyChunkGzipKB} KB · terminal ready ${readyMs} ms after load (< 1000)`,
  );
  expect(initialGz).toBeLessThanOrEqual(100 * KB);
  expect(fullGz).toBeLessThanOrEqual(350 * KB);
  expect(readyMs).toBeLessThan(1000);
  expect(problems.errors).toEqual([]);
});
