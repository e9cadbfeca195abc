/**
 * A learner types a session into the playground's terminal with the keyboard:
 * a detached container, history, Tab completion, Ctrl-C, an interactive
 * `docker run -it … sh` session ended with `exit`, and `docker exec -it` ended
 * with Ctrl-D. The screen and the lifecycle diagram must show the results.
 */
import type { Page } from 'playwright-core';
import { expect, screenshot, test } from './fixtures.ts';

/** The terminal's visible rows as text. */
async function screen(page: Page): Promise<string> {
  const raw = await page.locator('.xterm-rows').innerText();
  return raw.replace(/\u00a0/g, ' ').replace(/[ \t]+$/gm, '');
}

async function until(page: Page, what: string | RegExp, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await screen(page);
    if (typeof what === 'string' ? text.includes(what) : what.test(text)) return;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(what)}:\n${text}`);
    await page.waitForTimeout(50);
  }
}

async function stateOf(page: Page, name: string): Promise<string | undefined> {
  return page.evaluate((n) => (document.querySelector(`[data-container="${n}"]`) as HTMLElement | null)?.dataset.state, name);
}

async function openPlayground(page: Page): Promise<void> {
  await page.goto('/playground/');
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await page.locator('.terminal[role="region"]').click();
}

test('a typed session: detached run, history, completion, Ctrl-C, -it and exec -it', { timeout: 60_000 }, async ({ page, problems }) => {
  await openPlayground(page);
  const kb = page.keyboard;

  await kb.type('docker run -d --name web busybox sleep 3600');
  await kb.press('Enter');
  await until(page, /[0-9a-f]{64}/);
  await kb.type('docker ps');
  await kb.press('Enter');
  // CREATED is real time since the run: under a loaded CI machine it may read "1 second ago"
  await until(page, /busybox\s+"sleep 3600"\s+(Less than a second|\d+ seconds?) ago\s+Up/);
  expect(await stateOf(page, 'web')).toBe('running');

  // Tab completes the subcommand, then the container name.
  await kb.type('docker pa');
  await kb.press('Tab');
  await kb.type('w');
  await kb.press('Tab');
  await until(page, /# docker pause web$/m);
  await kb.press('Enter');
  await page.waitForFunction(() => (document.querySelector('[data-container="web"]') as HTMLElement | null)?.dataset.state === 'paused');
  await kb.type('docker unpause web');
  await kb.press('Enter');
  await page.waitForFunction(() => (document.querySelector('[data-container="web"]') as HTMLElement | null)?.dataset.state === 'running');

  // History: ↑ brings back the last line (once the prompt is back).
  await until(page, /# docker unpause web\nweb\nroot@classroom:~#$/);
  await kb.press('ArrowUp');
  await until(page, /web\nroot@classroom:~# docker unpause web$/);
  // Ctrl-C drops the line.
  await kb.press('Control+C');
  await until(page, /docker unpause web\^C/);

  // An interactive shell in a new container; exit ends its PID 1.
  await kb.type('docker run -it --name box busybox sh');
  await kb.press('Enter');
  await until(page, /^\/ #$/m);
  await kb.type('echo hi from box');
  await kb.press('Enter');
  await until(page, /^hi from box\s*$/m);
  await kb.type('exit');
  await kb.press('Enter');
  await page.waitForFunction(() => (document.querySelector('[data-container="box"]') as HTMLElement | null)?.dataset.state === 'exited');

  // exec -it starts a second process: Ctrl-D ends it, the container keeps running.
  await kb.type('docker exec -it web sh');
  await kb.press('Enter');
  await until(page, /^\/ #$/m);
  await kb.type('touch /tmp/typed');
  await kb.press('Enter');
  await kb.press('Control+D');
  await until(page, /^root@classroom:~#$/m);
  await kb.type('docker diff web');
  await kb.press('Enter');
  await until(page, 'A /tmp/typed');
  expect(await stateOf(page, 'web')).toBe('running');

  // The layer diagram shows the new file in web's container layer.
  await expect.poll(() => page.locator('.workbench details').first().innerText()).toContain('/tmp/typed');
  await screenshot(page, 'terminal-session');
  expect(problems.errors).toEqual([]);
});

test('detach keys leave an attached container running', { timeout: 60_000 }, async ({ page, problems }) => {
  await openPlayground(page);
  const kb = page.keyboard;
  await kb.type('docker run -dit --name tty busybox');
  await kb.press('Enter');
  await until(page, /[0-9a-f]{64}/);
  await kb.type('docker attach tty');
  await kb.press('Enter');
  await kb.press('Enter');
  await until(page, /^\/ #$/m);
  await kb.press('Control+P');
  await kb.press('Control+Q');
  await until(page, 'read escape sequence');
  expect(await stateOf(page, 'tty')).toBe('running');
  expect(problems.errors).toEqual([]);
});
