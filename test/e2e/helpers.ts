// Shared steps of the e2e tests that drive the sandbox: the terminal's screen, waiting
// for text on it, the lifecycle diagram's states, and error watching for extra contexts.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { PageProblems } from './fixtures.ts';

export const TERMINAL_READY = '.terminal[role="region"][data-ready="true"]';

/** The terminal's visible rows as text. */
export async function screen(page: Page): Promise<string> {
  const raw = await page.locator('.xterm-rows').innerText();
  return raw.replace(/\u00a0/g, ' ').replace(/[ \t]+$/gm, '').replace(/\s+$/, '');
}

/** Waits until the terminal shows `what`. */
export async function until(page: Page, what: string | RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await screen(page).catch(() => '');
    if (typeof what === 'string' ? text.includes(what) : what.test(text)) return;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(what)}:\n${text}`);
    await page.waitForTimeout(50);
  }
}

/** Waits for the prompt at the end of the screen (the last command has finished). */
export async function prompt(page: Page, timeout?: number): Promise<void> {
  await until(page, /root@classroom:[^\n]*# ?$/, timeout);
}

/** Types a command line at the terminal's prompt, runs it and waits for the next prompt. */
export async function typeCommand(page: Page, line: string, timeout?: number): Promise<void> {
  await prompt(page, timeout);
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  // The line is on screen, then a prompt comes back after it.
  await until(page, new RegExp(`# ${escapeRe(line)}\\n(?:[^]*\\n)?root@classroom:[^\\n]*# ?$`), timeout);
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every container the lifecycle diagram draws, as name:state, sorted. */
export async function diagram(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-container]')].map((e) => `${(e as HTMLElement).dataset.container}:${(e as HTMLElement).dataset.state}`).sort(),
  );
}

export async function stateOf(page: Page, name: string): Promise<string | undefined> {
  return page.evaluate((n) => (document.querySelector(`[data-container="${n}"]`) as HTMLElement | null)?.dataset.state, name);
}

/** Waits until the diagram shows container `name` in `state` (or no such container when state is undefined). */
export async function waitState(page: Page, name: string, state: string | undefined, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    ([n, s]) => (document.querySelector(`[data-container="${n}"]`) as HTMLElement | null)?.dataset.state === (s ?? undefined),
    [name, state ?? null] as const,
    { timeout },
  );
}

/** Reports console errors and uncaught errors of every page of `context` into `problems`. */
export function watchErrors(context: BrowserContext, problems: PageProblems): void {
  context.on('page', (page) => watchPage(page, problems));
  for (const page of context.pages()) watchPage(page, problems);
}

function watchPage(page: Page, problems: PageProblems): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (error) => problems.errors.push(`page error: ${error.stack ?? error.message}`));
}

/** A second, fresh browser context (empty storage) whose errors count against the test. */
export async function freshContext(browser: Browser, baseURL: string, problems: PageProblems, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, ...options });
  watchErrors(context, problems);
  return context;
}

/** Opens the playground and waits for its terminal, then gives the terminal the keyboard. */
export async function openPlayground(page: Page, path = '/playground/'): Promise<void> {
  await page.goto(path);
  await focusTerminal(page);
}

export async function focusTerminal(page: Page): Promise<void> {
  await page.locator(TERMINAL_READY).waitFor({ timeout: 15_000 });
  await page.locator('.terminal[role="region"]').click();
}

/** Waits until every Astro island of the page is hydrated (client:idle ones included). */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 15_000 });
}

/** Starts a lesson page's sandbox (the first interaction) and waits for the terminal's first prompt. */
export async function startTerminal(page: Page): Promise<void> {
  await page.locator('.terminal-placeholder button').click();
  await page.locator(TERMINAL_READY).waitFor({ timeout: 15_000 });
}
