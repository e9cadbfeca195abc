/**
 * Code a lesson page only fetches when it is used (the page budget depends on it):
 * the docker help texts, busybox's usage texts, the archive code (import, export,
 * save, load: archives.e2e.ts uses it). The terminal prints the texts as before, once
 * their chunk has come in.
 */
import { expect, test } from './fixtures.ts';
import { openPlayground, typeCommand, until } from './helpers.ts';

test('help and usage texts are fetched when first printed', { timeout: 60_000 }, async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const chunk = (name: string) => fetched.some((p) => new RegExp(`/_astro/${name}\\.[\\w-]+\\.js$`).test(p));
  await openPlayground(page);
  await typeCommand(page, 'docker ps -a');
  expect(chunk('texts'), 'help texts before any help').toBe(false);
  expect(chunk('usage-text'), 'busybox usage texts before any usage').toBe(false);
  expect(chunk('archiveOps'), 'archive code without an archive command').toBe(false);

  // (its first lines scroll off the screen)
  await page.keyboard.type('docker run --help');
  await page.keyboard.press('Enter');
  await until(page, /-w, --workdir string +Working directory inside the\s+container\nroot@classroom:[^\n]*# ?$/);
  expect(chunk('texts')).toBe(true);

  await typeCommand(page, 'docker run --rm busybox basename');
  // (the screen's text has no empty rows)
  await until(page, /BusyBox v1\.35\.0 \(Debian 1:1\.35\.0-4\+deb12u1\+b1\) multi-call binary\.\n+Usage: basename FILE \[SUFFIX\] \| -a FILE\.\.\. \| -s SUFFIX FILE\.\.\.\n+Strip directory path and SUFFIX from FILE\n/);
  expect(chunk('usage-text')).toBe(true);
});
