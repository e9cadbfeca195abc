import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, screenshot, test } from './fixtures.ts';

test('home page: title, heading, lesson list, no console errors', async ({ page, problems }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('networkidle');

  expect(await page.title()).toBe('容器课堂 · Container Classroom');
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  expect(await page.locator('meta[name="viewport"]').count()).toBe(1);

  const heading = page.locator('main h1');
  expect(await heading.count()).toBe(1);
  const headingText = (await heading.innerText()).replace(/\s+/g, ' ').trim();
  expect(await page.locator('a.lang-switch').getAttribute('href')).toBe('/en/');
  expect(headingText).toContain('容器课堂');
  expect(headingText).toContain('Container Classroom');

  // Every lesson is listed, in order, linking to its page.
  const links = await page.locator('main .lessons li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const lessonFiles = readdirSync(join(fileURLToPath(new URL('../../src/lessons/', import.meta.url)))).filter((f) => f.endsWith('.lesson'));
  expect(lessonFiles.length).toBeGreaterThanOrEqual(15);
  expect(links.length).toBe(lessonFiles.length);
  expect(links[0]).toBe('/lessons/what-is-a-container/');
  expect(await page.locator('main .lessons li').first().innerText()).toContain('容器是什么');

  // The favicon is served (a 404 here would also show up as a console error).
  const favicon = await page.request.get('/favicon.svg');
  expect(favicon.status()).toBe(200);

  const shot = await screenshot(page, 'home');
  expect(existsSync(shot)).toBe(true);
  expect(problems.errors).toEqual([]);
});

test('home page fits a phone screen without horizontal scrolling', async ({ page, problems }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'home-phone');
  expect(problems.errors).toEqual([]);
});
