/**
 * A phone (360×740, touch): the home page, a lesson page (before and after its
 * terminal loads) and the playground fit the screen without horizontal scrolling,
 * and tapping the command palette types commands into the lesson's terminal.
 * Screenshots in test-results/phone-*.png.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect, screenshot, test } from './fixtures.ts';
import { freshContext, hydrated, screen, TERMINAL_READY, waitState } from './helpers.ts';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** How far the page is wider than the screen, and the widest offenders if it is. */
async function overflow(page: Page): Promise<{ by: number; wide: string[] }> {
  return page.evaluate(() => {
    const by = document.documentElement.scrollWidth - window.innerWidth;
    const wide =
      by > 0
        ? [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 8)
            .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`)
        : [];
    return { by, wide };
  });
}

async function fits(page: Page, what: string): Promise<void> {
  const o = await overflow(page);
  expect(o.by, `${what} is ${o.by}px wider than the screen: ${o.wide.join(', ')}`).toBeLessThanOrEqual(0);
}

/** Waits for `what` on the terminal, read with its rows joined (a 360px terminal wraps most lines). */
async function until(page: Page, what: RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = (await screen(page)).replace(/\n/g, '');
    if (what.test(text)) return;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(what)}:\n${await screen(page)}`);
    await page.waitForTimeout(50);
  }
}

async function phone(browser: Parameters<typeof freshContext>[0], baseURL: string, problems: Parameters<typeof freshContext>[2]): Promise<BrowserContext> {
  return freshContext(browser, baseURL, problems, PHONE);
}

test('phone: home, lesson and playground fit the screen', { timeout: 60_000 }, async ({ browser, baseURL, problems }) => {
  const context = await phone(browser, baseURL, problems);
  try {
    const page = await context.newPage();
    await page.goto('/');
    await hydrated(page);
    expect(await page.evaluate(() => window.innerWidth)).toBe(360);
    await fits(page, 'the home page');
    await screenshot(page, 'phone-home');

    await page.goto('/lessons/detached-logs/');
    await hydrated(page);
    await fits(page, 'a lesson page');
    await page.locator('.terminal-placeholder button').tap();
    await page.locator(TERMINAL_READY).waitFor({ timeout: 15_000 });
    await fits(page, 'a lesson page with its terminal');

    await page.goto('/en/playground/');
    await page.locator(TERMINAL_READY).waitFor({ timeout: 15_000 });
    await fits(page, 'the playground');
    await screenshot(page, 'phone-playground');
  } finally {
    await context.close();
  }
  expect(problems.errors).toEqual([]);
});

test('phone: tapping the palette runs commands in a lesson\'s terminal', { timeout: 60_000 }, async ({ browser, baseURL, problems }) => {
  const context = await phone(browser, baseURL, problems);
  try {
    const page = await context.newPage();
    await page.goto('/lessons/detached-logs/');
    await hydrated(page);
    // The first tap anywhere starts the sandbox.
    await page.locator('.terminal-placeholder button').tap();
    await page.locator(TERMINAL_READY).waitFor({ timeout: 15_000 });
    const tap = (label: string) => page.locator('.palette button', { hasText: label }).first().tap();

    await tap('docker ps -a');
    await until(page, /# docker ps -aCONTAINER ID\s+IMAGE\s+COMMAND/);
    await tap('run -d');
    await waitState(page, 'web', 'running');
    await until(page, /[0-9a-f]{64}/);
    // "pause" types only the start of a line; Tab completes the name; Enter runs it.
    await tap('pause');
    await tap('Tab ⇥');
    await until(page, /# docker pause web$/);
    await tap('Enter ⏎');
    await waitState(page, 'web', 'paused');
    await tap('docker ps -a');
    await until(page, /busybox\s+"sleep 3600".*Up.*\(Paused\)\s*web/);
    await fits(page, 'the lesson page after commands');
    await screenshot(page, 'phone-lesson');
  } finally {
    await context.close();
  }
  expect(problems.errors).toEqual([]);
});
