// Vitest global setup for the e2e suite: builds the site if needed, serves dist/ on
// 127.0.0.1, starts one headless Chromium for all test files (a Playwright browser
// server whose websocket also listens on 127.0.0.1 only) and tears both down at the end.
// Playwright gives the browser a fresh temporary profile (--user-data-dir) and deletes it on close.
import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { distDir, ensureBuilt } from './build.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    wsEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  ensureBuilt();

  let server: StaticServer | undefined;
  let browser: BrowserServer | undefined;
  const teardown = async (): Promise<void> => {
    await Promise.allSettled([browser?.close(), server?.close()]);
    browser = undefined;
    server = undefined;
  };
  try {
    server = await serveStatic(distDir);
    browser = await chromium.launchServer({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      host: '127.0.0.1',
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('baseURL', server.url);
  project.provide('wsEndpoint', browser.wsEndpoint());
  return teardown;
}
