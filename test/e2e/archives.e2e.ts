/**
 * The playground's tar files: `docker export` and `docker save` downloads are real
 * tar archives (listed here with GNU tar), a downloaded image archive uploaded again
 * loads with `docker load -i`, and a hostile archive (an entry climbing out with
 * `../../escape`) gets a Docker-like error while the page keeps working.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { expect, screenshot, test } from './fixtures.ts';
import { diagram, openPlayground, screen, typeCommand, until } from './helpers.ts';

/** `tar -tvf FILE` (GNU tar): one line per entry. */
function listTar(file: string): string[] {
  return execFileSync('tar', ['-tvf', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n');
}

/** The path of every entry in a `tar -tv` listing (symlink targets dropped). */
const names = (listing: string[]): string[] => listing.map((l) => l.split(/\s+/).slice(5).join(' ').replace(/ -> .*$/, ''));

/** A ustar archive of regular files, written by hand (GNU tar strips `../` when it creates one). */
function tarOf(files: Array<{ name: string; data: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const body = Buffer.from(f.data);
    const h = Buffer.alloc(512);
    const put = (s: string, at: number, len: number) => h.write(s.slice(0, len), at, len, 'latin1');
    const octal = (n: number, len: number) => `${n.toString(8).padStart(len - 1, '0')}\0`;
    put(f.name, 0, 100);
    put(octal(0o644, 8), 100, 8);
    put(octal(0, 8), 108, 8);
    put(octal(0, 8), 116, 8);
    put(octal(body.length, 12), 124, 12);
    put(octal(1_700_000_000, 12), 136, 12);
    put('        ', 148, 8);
    put('0', 156, 1);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    put('root', 265, 32);
    put('root', 297, 32);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

async function openFilesPanel(page: Page): Promise<void> {
  const summary = page.locator('details.panel summary', { hasText: '导入导出 tar 文件' });
  await summary.click();
  await page.locator('[data-action="download-export"]').waitFor({ state: 'visible' });
}

/** Clicks a download button and saves what the browser downloads into `dir`. */
async function download(page: Page, selector: string, dir: string): Promise<{ file: string; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = join(dir, dl.suggestedFilename());
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename() };
}

const fileStatus = '.workbench .files [role="status"]';

test('export and save download real tar files; a saved image loads back; a hostile tar is refused', { timeout: 90_000 }, async ({ page, problems }) => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-archives-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  await openPlayground(page);
  await typeCommand(page, 'docker run -d --name web busybox sleep 3600');
  await typeCommand(page, 'docker exec web sh -c "echo hi > /tmp/marker"');
  await openFilesPanel(page);

  // docker export: the container's filesystem, with its writes.
  await expect.poll(() => page.locator('#export-of').inputValue()).toBe('web');
  const exported = await download(page, '[data-action="download-export"]', dir);
  expect(exported.name).toBe('web.tar');
  await expect.poll(() => page.locator(fileStatus).innerText()).toBe('已下载 web.tar（docker export 的结果）。');
  const exportNames = names(listTar(exported.file));
  for (const p of ['bin/busybox', 'etc/hostname', 'etc/hosts', 'etc/resolv.conf', 'tmp/marker']) expect(exportNames).toContain(p);
  expect(execFileSync('tar', ['-xOf', exported.file, 'tmp/marker'], { encoding: 'utf8' })).toBe('hi\n');
  expect(exportNames).not.toContain('manifest.json');

  // docker save: an image archive.
  await page.locator('#save-of').selectOption('busybox:latest');
  const saved = await download(page, '[data-action="download-save"]', dir);
  expect(saved.name).toBe('busybox_latest.tar');
  await expect.poll(() => page.locator(fileStatus).innerText()).toBe('已下载 busybox:latest 的镜像归档（docker save 的结果）。');
  const saveNames = names(listTar(saved.file));
  expect(saveNames).toContain('manifest.json');
  const manifest = JSON.parse(execFileSync('tar', ['-xOf', saved.file, 'manifest.json'], { encoding: 'utf8' })) as Array<{ RepoTags: string[]; Layers: string[] }>;
  expect(manifest[0]!.RepoTags).toEqual(['busybox:latest']);
  for (const layer of manifest[0]!.Layers) expect(saveNames).toContain(layer);

  // Upload the saved archive, remove the image, load it back.
  await page.locator('input[data-upload]').setInputFiles(saved.file);
  await expect.poll(() => page.locator(fileStatus).innerText()).toContain('docker load -i busybox_latest.tar');
  await page.locator('.terminal[role="region"]').click();
  await typeCommand(page, 'ls');
  await until(page, /^busybox_latest\.tar$/m);
  await typeCommand(page, 'docker rm -f web');
  await typeCommand(page, 'docker rmi busybox');
  await until(page, 'Untagged: busybox:latest');
  await typeCommand(page, 'docker images');
  expect(await page.locator('#save-of option').allInnerTexts()).not.toContain('busybox:latest');
  await typeCommand(page, 'docker load -i busybox_latest.tar');
  await until(page, /^Loaded image: busybox:latest$/m);
  await typeCommand(page, 'docker run --name again busybox echo loaded back');
  await until(page, /^loaded back$/m);
  expect(await diagram(page)).toEqual(['again:exited']);

  // A hostile archive: GNU tar lists the climbing entry …
  const hostile = join(dir, 'hostile.tar');
  writeFileSync(hostile, tarOf([{ name: '../../escape', data: 'out of the sandbox\n' }]));
  expect(names(listTar(hostile))).toContain('../../escape');
  // … the simulated daemon refuses it the way Docker does, and nothing changes.
  await page.locator('input[data-upload]').setInputFiles(hostile);
  await expect.poll(() => page.locator(fileStatus).innerText()).toContain('docker load -i hostile.tar');
  await page.locator('.terminal[role="region"]').click();
  await typeCommand(page, 'docker load -i hostile.tar');
  const afterLoad = (await screen(page)).split('# docker load -i hostile.tar\n').pop()!;
  const answer = afterLoad.split('\n').slice(0, -1).join('\n');
  // No manifest.json: the daemon looks for a legacy `repositories` file in its scratch directory.
  expect(answer.replace(/\n/g, '')).toMatch(/^Error response from daemon: open \/var\/lib\/docker\/tmp\/docker-import-\d+\/repositories: no such file or directory$/);
  expect(answer).not.toMatch(/TypeError|undefined|at .*\.js|\[object/);
  expect(answer).not.toContain('Loaded image');
  await typeCommand(page, 'ls /');
  expect(await screen(page)).not.toMatch(/^escape$/m);
  await typeCommand(page, 'docker images --format "{{.Repository}}:{{.Tag}}"');
  await until(page, /^busybox:latest$/m);

  // The page keeps working.
  await typeCommand(page, 'docker run -d --name after busybox sleep 3600');
  await expect.poll(() => diagram(page)).toEqual(['after:running', 'again:exited']);
  await screenshot(page, 'archives');
  expect(problems.errors).toEqual([]);
});
