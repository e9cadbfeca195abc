// Fixtures for e2e tests: `browser` (one connection per test file), `page` (a fresh
// context per test that fails the test on any console error or uncaught page error),
// and `baseURL` (the static server serving dist/).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject, test as base } from 'vitest';
import { root } from './build.ts';

export const resultsDir = join(root, 'test-results');

export interface PageProblems {
  /** console.error messages and uncaught exceptions seen on the page so far. */
  readonly errors: string[];
}

export const test = base
  .extend('baseURL', { scope: 'worker' }, () => inject('baseURL'))
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }): Promise<Browser> => {
    const browser = await chromium.connect(inject('wsEndpoint'));
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('problems', (): PageProblems => ({ errors: [] }))
  .extend('page', async ({ browser, baseURL, problems }, { onCleanup }): Promise<Page> => {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        const where = msg.location();
        problems.errors.push(`console.error: ${msg.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (error) => {
      problems.errors.push(`page error: ${error.stack ?? error.message}`);
    });
    onCleanup(async () => {
      await context.close();
      if (problems.errors.length > 0) {
        throw new Error(`the page reported ${problems.errors.length} error(s):\n  ${problems.errors.join('\n  ')}`);
      }
    });
    return page;
  });

/** Saves a full-page screenshot as test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export { expect } from 'vitest';
