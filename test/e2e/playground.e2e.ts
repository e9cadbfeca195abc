/**
 * The playground keeps its sandbox: commands typed with the keyboard survive a
 * reload (the input log in localStorage is replayed), Undo steps back one command,
 * a share link rebuilds the same containers in a fresh browser, a damaged link says
 * so (and starts fresh, or brings back the learner's own playground), and Reset
 * empties the sandbox.
 */
import { expect, screenshot, test } from './fixtures.ts';
import { diagram, focusTerminal, freshContext, openPlayground, prompt, screen, typeCommand, until, waitState } from './helpers.ts';

const status = '.toolbar [role="status"]';

test('commands survive a reload; undo steps back one command; reset empties the sandbox', { timeout: 90_000 }, async ({ page, problems }) => {
  await openPlayground(page);
  await typeCommand(page, 'docker run -d --name web busybox sleep 3600');
  await typeCommand(page, 'docker create --name spare busybox');
  await waitState(page, 'web', 'running');
  await waitState(page, 'spare', 'created');
  expect(await diagram(page)).toEqual(['spare:created', 'web:running']);

  // A reload rebuilds the same containers from the saved input log.
  await page.reload();
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await waitState(page, 'web', 'running');
  expect(await diagram(page)).toEqual(['spare:created', 'web:running']);
  // The terminal shows the replayed session, and it still takes commands.
  expect(await screen(page)).toContain('docker create --name spare busybox');
  await focusTerminal(page);
  await typeCommand(page, 'docker rm -f web');
  await waitState(page, 'web', undefined);
  expect(await diagram(page)).toEqual(['spare:created']);

  // Undo: web is back, running; the removal is gone from the terminal's history.
  await page.click('[data-action="undo"]');
  await expect.poll(() => page.locator(status).innerText()).toBe('已撤销上一条命令。');
  await waitState(page, 'web', 'running');
  expect(await diagram(page)).toEqual(['spare:created', 'web:running']);
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor();
  expect(await screen(page)).not.toContain('docker rm -f web');
  // Undo again removes `spare` (the create), and the undone state is what a reload brings back.
  await page.click('[data-action="undo"]');
  await waitState(page, 'spare', undefined);
  await page.reload();
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await waitState(page, 'web', 'running');
  expect(await diagram(page)).toEqual(['web:running']);

  // Reset: an empty sandbox, nothing to undo, and it stays empty after a reload.
  await page.click('[data-action="reset"]');
  await expect.poll(() => page.locator(status).innerText()).toBe('沙盒已重置。');
  await expect.poll(() => diagram(page)).toEqual([]);
  expect(await page.locator('[data-action="undo"]').isDisabled()).toBe(true);
  await page.reload();
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await prompt(page);
  expect(await diagram(page)).toEqual([]);
  expect(await screen(page)).not.toContain('docker run');
  await screenshot(page, 'playground-reset');
  expect(problems.errors).toEqual([]);
});

test('a share link rebuilds the same sandbox in a fresh browser', { timeout: 90_000 }, async ({ page, browser, baseURL, problems }) => {
  await openPlayground(page);
  await typeCommand(page, 'docker run -d --name web busybox sleep 3600');
  await typeCommand(page, 'docker run --name once busybox echo hello');
  await typeCommand(page, 'docker run -d --name held busybox sleep 3600');
  await typeCommand(page, 'docker pause held');
  await waitState(page, 'held', 'paused');
  const expected = ['held:paused', 'once:exited', 'web:running'];
  expect(await diagram(page)).toEqual(expected);

  await page.click('[data-action="share"]');
  const input = page.locator('label.share input');
  await input.waitFor();
  const link = await input.inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/playground\/#cmds=[A-Za-z0-9_-]+$/);

  // Another browser (no storage of its own) opens the link.
  const other = await freshContext(browser, baseURL, problems);
  try {
    const page2 = await other.newPage();
    await page2.goto(link);
    await expect.poll(() => page2.locator(status).innerText(), { timeout: 20_000 }).toBe('已按分享链接重放 4 条命令，重建了沙盒。');
    await waitState(page2, 'held', 'paused');
    expect(await diagram(page2)).toEqual(expected);
    // The link is consumed: the address bar no longer carries the commands, and the
    // rebuilt sandbox is this browser's playground from now on.
    expect(page2.url()).not.toContain('#cmds=');
    await page2.reload();
    await page2.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
    await waitState(page2, 'held', 'paused');
    expect(await diagram(page2)).toEqual(expected);
    await until(page2, 'docker pause held');
    await screenshot(page2, 'playground-shared');
  } finally {
    await other.close();
  }
  expect(problems.errors).toEqual([]);
});

test('a damaged share link says so: a fresh sandbox, or the learner\'s own one', { timeout: 60_000 }, async ({ page, problems }) => {
  await page.goto('/playground/#cmds=not*a%20link');
  await expect.poll(() => page.locator(status).innerText(), { timeout: 15_000 }).toBe('分享链接已损坏，已为你打开一个新的沙盒。');
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
  await prompt(page);
  expect(await diagram(page)).toEqual([]);
  expect(page.url()).not.toContain('#cmds=');
  expect(await page.locator('[data-action="undo"]').isDisabled()).toBe(true);
  // The fresh sandbox works.
  await page.locator('.terminal[role="region"]').click();
  await typeCommand(page, 'docker run -d --name web busybox sleep 3600');
  await waitState(page, 'web', 'running');

  // With a playground of one's own, a damaged link does not wipe it: it comes back, and the message says so.
  await page.goto('/');
  await page.goto('/playground/#cmds=e30');
  await expect.poll(() => page.locator(status).innerText(), { timeout: 15_000 }).toBe('分享链接已损坏，这里是你自己原来的沙盒。');
  await waitState(page, 'web', 'running');
  expect(await diagram(page)).toEqual(['web:running']);
  expect(problems.errors).toEqual([]);
});
