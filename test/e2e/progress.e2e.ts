/**
 * A learner's progress lives in localStorage: a reload comes back to the same step
 * with the done steps marked and the sandbox rebuilt; Back rewinds the sandbox to
 * where the previous step began; Restart clears everything; the home page marks a
 * finished lesson; and a progress file exported from the home page brings it all
 * back after the storage is cleared.
 */
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { expect, screenshot, test } from './fixtures.ts';
import { diagram, hydrated, startTerminal, until, waitState } from './helpers.ts';

/** The checks of the current step all turn green. */
async function checksGreen(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => document.querySelectorAll('article.step .checks li.ok').length === k, n, { timeout: 60_000 });
}

/** The player is idle again (a step run or a rewind has finished). */
async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => !(document.querySelector('[data-action="restart"]') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
}

async function atStep(page: Page, id: string): Promise<void> {
  await page.locator(`article.step[data-step="${id}"]`).waitFor({ timeout: 15_000 });
}

const doneDots = (page: Page) => page.locator('.dot.done').count();

test('a lesson: reload keeps step, done steps and sandbox; Back rewinds; Restart clears', { timeout: 120_000 }, async ({ page, problems }) => {
  await page.goto('/lessons/lifecycle/');
  await startTerminal(page);
  await atStep(page, 'five-vs-seven');
  await page.click('[data-action="next"]');
  await atStep(page, 'create');
  await page.click('[data-action="run"]');
  await checksGreen(page, 1);
  await idle(page);
  await page.click('[data-action="next"]');
  await atStep(page, 'start');
  await page.click('[data-action="run"]');
  await checksGreen(page, 1);
  await idle(page);
  expect(await diagram(page)).toEqual(['busybox:running']);
  expect(await doneDots(page)).toBe(3);

  // A reload: the same step, the same done steps, the sandbox rebuilt without any click.
  await page.reload();
  await atStep(page, 'start');
  expect(await page.locator('.dot[aria-current="step"]').getAttribute('aria-label')).toBe('第 3 步（运行），已完成');
  expect(await doneDots(page)).toBe(3);
  expect(await page.locator('.progress .count').innerText()).toContain('已完成 3 /');
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await waitState(page, 'busybox', 'running');
  expect(await diagram(page)).toEqual(['busybox:running']);

  // Step 4 (a task) begins with busybox running; Back from it rewinds to where step 3 began.
  await page.click('[data-action="next"]');
  await atStep(page, 'stop');
  await page.getByRole('button', { name: '← 上一步' }).click();
  await atStep(page, 'start');
  await idle(page);
  await waitState(page, 'busybox', 'created');
  expect(await diagram(page)).toEqual(['busybox:created']);
  // … and from step 3 to where step 2 began: before docker create.
  await page.getByRole('button', { name: '← 上一步' }).click();
  await atStep(page, 'create');
  await idle(page);
  await expect.poll(() => diagram(page)).toEqual([]);
  // Done steps stay done; the rewound sandbox is what a reload brings back.
  expect(await doneDots(page)).toBe(3);
  await page.reload();
  await atStep(page, 'create');
  expect(await diagram(page)).toEqual([]);
  // Running the step again works from there (the click starts the empty sandbox).
  await page.click('[data-action="run"]');
  await checksGreen(page, 1);
  await idle(page);
  expect(await diagram(page)).toEqual(['busybox:created']);

  // Restart: step 1, nothing done, an empty sandbox, and so after a reload too.
  await page.click('[data-action="restart"]');
  await atStep(page, 'five-vs-seven');
  await expect.poll(() => diagram(page)).toEqual([]);
  expect(await doneDots(page)).toBe(0);
  expect(await page.locator('.announce').innerText()).toBe('已经从头开始，沙盒也已重置。');
  await page.reload();
  await atStep(page, 'five-vs-seven');
  expect(await doneDots(page)).toBe(0);
  expect(await diagram(page)).toEqual([]);
  expect(problems.errors).toEqual([]);
});

/** Finishes lesson 1 with the player's buttons (run, do it for me, check). */
async function finishLessonOne(page: Page): Promise<void> {
  await page.goto('/lessons/what-is-a-container/');
  await startTerminal(page);
  const steps = await page.locator('.dots li').count();
  for (let i = 0; i < steps; i++) {
    const kind = await page.locator('article.step').getAttribute('data-kind');
    if (kind === 'run') await page.click('[data-action="run"]');
    else if (kind === 'task') await page.click('[data-action="solve"]');
    else if (kind === 'checkpoint') await page.click('[data-action="check"]');
    const checks = await page.locator('article.step .checks li').count();
    if (checks) await checksGreen(page, checks);
    await idle(page);
    if (i < steps - 1) {
      const id = await page.locator('article.step').getAttribute('data-step');
      await page.click('[data-action="next"]');
      await page.waitForFunction((old) => document.querySelector('article.step')?.getAttribute('data-step') !== old, id);
    }
  }
  await page.locator('[data-complete="true"]').waitFor({ timeout: 10_000 });
}

test('home marks a finished lesson; a progress file restores it after storage is cleared', { timeout: 150_000 }, async ({ page, problems }) => {
  await finishLessonOne(page);
  await page.goto('/');
  const first = page.locator('.lessons li[data-slug="what-is-a-container"]');
  expect(await first.locator('.status').innerText()).toBe('✓ 已完成');
  expect(await first.getAttribute('class')).toContain('done');
  // An untouched lesson is not marked.
  expect(await page.locator('.lessons li[data-slug="lifecycle"] .status').innerText()).toBe('');
  await screenshot(page, 'progress-home-done');

  // Export: a JSON download holding the lesson's entry.
  await hydrated(page);
  const exportButton = page.getByRole('button', { name: '↓ 导出学习进度' });
  const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
  expect(download.suggestedFilename()).toBe('container-classroom-progress.json');
  const dir = await mkdtemp(join(tmpdir(), 'cc-progress-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { format: string; entries: Record<string, string> };
  expect(saved.format).toBe('container-classroom-progress');
  expect(Object.keys(saved.entries)).toContain('cc:lesson:what-is-a-container');

  // Storage cleared: no progress on the home page or the lesson page.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  expect(await first.locator('.status').innerText()).toBe('');
  await page.goto('/lessons/what-is-a-container/');
  expect(await doneDots(page)).toBe(0);

  // Import the file: the page reloads itself and shows the lesson done again.
  await page.goto('/');
  await hydrated(page);
  const reloaded = page.waitForEvent('load');
  await page.locator('.progress-file input[type=file]').setInputFiles(file);
  await expect.poll(() => page.locator('.progress-file [role="status"]').innerText()).toBe('学习进度已导入。');
  await reloaded;
  await expect.poll(() => first.locator('.status').innerText()).toBe('✓ 已完成');

  // The lesson page has every step done and its sandbox back.
  await page.goto('/lessons/what-is-a-container/');
  await expect.poll(() => doneDots(page)).toBe(await page.locator('.dots li').count());
  await page.locator('[data-complete="true"]').waitFor();
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await until(page, 'docker rm -f web1 web2 first');
  expect(await diagram(page)).toEqual([]);

  // A file that is not a progress file is refused with a message, and changes nothing.
  await page.goto('/');
  await hydrated(page);
  await page.locator('.progress-file input[type=file]').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect.poll(() => page.locator('.progress-file [role="status"]').innerText()).toBe('这个文件不是容器课堂的进度文件。');
  expect(await first.locator('.status').innerText()).toBe('✓ 已完成');
  expect(problems.errors).toEqual([]);
});
