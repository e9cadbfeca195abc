/**
 * Real mode (issue 8) in Chromium against a real backend: the test starts
 * `classroom serve` (as root; a free port, a temporary state root, the test site's
 * origin), opens a lesson page with the link it prints, turns the switch on, connects,
 * runs every step of the lesson on both engines and checks that the two transcripts
 * agree after normalisation; then an `-it` session typed into the real terminal.
 * Also: with no backend the switch explains how to start one. Skipped where the
 * native engine cannot run (not root, no runc…), with the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseLesson } from '../../src/lessons/format.ts';
import { lessonSimulator, walkLesson } from '../../src/lessons/walk.ts';
import { nativeProblems } from '../../src/native/engine/backend.ts';
import { root } from './build.ts';
import { expect, screenshot, test } from './fixtures.ts';

function why(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root';
  const probe = mkdtempSync(join(tmpdir(), 'classroom-real-probe-'));
  try {
    const problems = nativeProblems(probe);
    return problems.length ? problems.join('; ') : undefined;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const skipReason = why();

/** The lesson run on both engines: its steps give the same transcripts on the simulator and on runc. */
const LESSON = parseLesson(readFileSync(join(root, 'src/lessons/07-pause-unpause.lesson'), 'utf8'), '07-pause-unpause.lesson');

interface Backend {
  url: string;
  token: string;
  link: string;
  stateRoot: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<number | null>;
}

async function startBackend(site: string): Promise<Backend> {
  const stateRoot = mkdtempSync(join(tmpdir(), 'classroom-real-e2e-'));
  const child = spawn(process.execPath, [join(root, 'bin/classroom.js'), 'serve', '--port', '0', '--state-root', stateRoot, '--origin', site, '--site', site, '--grace', '2'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!/open: +\S+/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`classroom serve did not start:\n${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  const token = /token: ([0-9a-f]{64})/.exec(out)![1]!;
  const link = /open: +(\S+)/.exec(out)![1]!;
  return {
    url,
    token,
    link,
    stateRoot,
    child,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** axe-core's serious and critical violations on the page as it is now. */
async function axeSerious(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: join(root, 'node_modules', 'axe-core', 'axe.min.js') });
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; help: string; nodes: Array<{ html: string }> };
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: V[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`);
  });
}

/** The real terminal's visible rows. */
async function realScreen(page: Page): Promise<string> {
  const raw = await page.locator('[data-real-terminal] .xterm-rows').innerText();
  return raw.replace(/\u00a0/g, ' ').replace(/[ \t]+$/gm, '');
}

async function untilReal(page: Page, what: RegExp, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await realScreen(page).catch(() => '');
    if (what.test(text)) return;
    if (Date.now() > deadline) throw new Error(`the real terminal never showed ${String(what)}:\n${text}`);
    await page.waitForTimeout(100);
  }
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('real mode with no backend: the switch says how to start one', async ({ page, problems }) => {
  const nobody = `http://127.0.0.1:${await freePort()}`;
  await page.goto(`/en/playground/?backend=${nobody}#token=${'0'.repeat(64)}`);
  await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
  // The token left the address bar at once.
  expect(page.url()).not.toContain('token=');
  await page.click('[data-action="real"]');
  await page.locator('[data-real="form"]').waitFor();
  expect(await page.inputValue('input[name="backend"]')).toBe(nobody);
  await page.click('[data-action="connect"]');
  await page.locator('.connect .message.bad').waitFor({ timeout: 10_000 });
  expect(await page.locator('.connect .message').innerText()).toContain(`No backend answers at ${nobody}`);
  expect(await page.locator('.connect').innerText()).toContain('sudo npx classroom serve');
  expect(await axeSerious(page)).toEqual([]);
  // Off again: the simulated sandbox is back, unharmed.
  await page.click('[data-action="real"]');
  await page.locator('.workbench .terminal[role="region"][data-ready="true"]').waitFor({ timeout: 10_000 });
  // Chromium logs the refused connection itself; nothing else may be reported.
  const refused = (e: string) => e.includes('net::ERR_CONNECTION_REFUSED') && e.includes(`${nobody}/api/status`);
  expect(problems.errors.filter((e) => !refused(e))).toEqual([]);
  problems.errors.splice(0, problems.errors.length, ...problems.errors.filter((e) => !refused(e)));
});

test.skipIf(skipReason !== undefined)(
  `real mode: a lesson on both engines, transcripts agree; an -it session${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: 240_000 },
  async ({ page, baseURL, problems }) => {
    const site = new URL(baseURL).origin;
    const backend = await startBackend(site);
    try {
      // The link classroom serve prints, on the lesson's page.
      const link = new URL(backend.link);
      await page.goto(`/en/lessons/${LESSON.slug}/${link.search}${link.hash}`);
      await page.locator('.terminal-placeholder button').click();
      await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
      await page.click('[data-action="real"]');
      await page.locator('[data-real="form"]').waitFor();
      expect(await page.inputValue('input[name="backend"]')).toBe(backend.url);
      await page.click('[data-action="connect"]');
      await page.locator('[data-real="connected"] [data-real-terminal] .terminal[data-ready="true"]').waitFor({ timeout: 30_000 });

      let commands = 0;
      for (const [i, step] of LESSON.steps.entries()) {
        await page.locator(`article.step[data-step="${step.id}"]`).waitFor();
        if (step.kind === 'run') await page.click('[data-action="run"]');
        else if (step.kind === 'task') await page.click('[data-action="solve"]');
        else if (step.kind === 'checkpoint') await page.click('[data-action="check"]');
        commands += step.kind === 'run' ? step.commands.length : step.kind === 'task' ? step.solution.length : 0;
        await page.waitForFunction((n) => Number(document.querySelector('[data-compare]')?.getAttribute('data-blocks')) >= n, commands, { timeout: 60_000 });
        await page.waitForFunction(() => !(document.querySelector('[data-action="restart"]') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
        if (i < LESSON.steps.length - 1) await page.click('[data-action="next"]');
      }
      // Both transcripts, side by side, agree line for line after normalisation.
      const compare = page.locator('[data-compare]');
      expect(Number(await compare.getAttribute('data-blocks'))).toBe(commands);
      const differing = await page.locator('[data-compare] [data-differs="true"]').allInnerTexts();
      expect(differing, differing.join('\n----\n')).toEqual([]);
      expect(await compare.getAttribute('data-agree')).toBe('true');
      // The lifecycle diagram follows the real engine, which ends where the simulator's walk does.
      const { sim } = await walkLesson(LESSON, await lessonSimulator('29'));
      const expected = sim.engine.containers().filter((c) => c.state !== 'removed').map((c) => `${c.name}:${c.state}`).sort();
      expect(await page.evaluate(() => [...document.querySelectorAll('[data-container]')].map((e) => `${(e as HTMLElement).dataset.container}:${(e as HTMLElement).dataset.state}`).sort())).toEqual(expected);
      await screenshot(page, 'real-mode-lesson');
      expect(await axeSerious(page)).toEqual([]);

      // An -it session typed into the real terminal. (The native engine's attach reads the
      // container's output from its log, whole lines only: the prompt shows with the next line.)
      await page.locator('[data-real-terminal] .xterm').click();
      await page.keyboard.type('docker run -it --name itest busybox sh');
      await page.keyboard.press('Enter');
      await untilReal(page, /Enter 'help' for a list of built-in commands\.\n/);
      await page.keyboard.type('echo hi');
      await page.keyboard.press('Enter');
      await untilReal(page, /\/ # echo hi\nhi\n/);
      await page.keyboard.type('exit');
      await page.keyboard.press('Enter');
      await untilReal(page, /\/ # exit\nroot@classroom:~#$/);
      await page.waitForFunction(() => document.querySelector('[data-container="itest"]')?.getAttribute('data-state') === 'exited', null, { timeout: 10_000 });
      // The simulator got the same keys: its transcript of the session agrees too.
      await page.waitForFunction((n) => Number(document.querySelector('[data-compare]')?.getAttribute('data-blocks')) === n, commands + 1, { timeout: 10_000 });
      const last = await page.locator('[data-compare] section').last().getAttribute('data-differs');
      expect(last, await page.locator('[data-compare] section').last().innerText()).toBe('false');
      await screenshot(page, 'real-mode-it-session');

      // The playground in the same tab: the switch finds the backend again (and resumes the
      // session the lesson page left, within its grace period).
      await page.goto('/en/playground/');
      await page.locator('.terminal[role="region"][data-ready="true"]').waitFor({ timeout: 15_000 });
      await page.click('[data-action="real"]');
      await page.click('[data-action="connect"]');
      await page.locator('[data-real="connected"] [data-real-terminal] .terminal[data-ready="true"]').waitFor({ timeout: 30_000 });
      await untilReal(page, /root@classroom:~#$/);
      await page.locator('[data-real-terminal] .xterm').click();
      await page.keyboard.type('docker run --name pg busybox echo from the playground');
      await page.keyboard.press('Enter');
      await untilReal(page, /\nfrom the playground\nroot@classroom:~#$/);
      await page.waitForFunction(() => document.querySelector('[data-container="pg"]')?.getAttribute('data-state') === 'exited', null, { timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('[data-compare]')?.getAttribute('data-agree') === 'true', null, { timeout: 10_000 });
      expect(problems.errors).toEqual([]);
    } finally {
      const code = await backend.stop();
      const left = readdirSync(backend.stateRoot).filter((n) => n !== 'runtime');
      rmSync(backend.stateRoot, { recursive: true, force: true });
      expect(code, backend.stderr()).toBe(0);
      expect(left, 'the backend removed every session').toEqual([]);
    }
  },
);
