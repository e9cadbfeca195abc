/**
 * A minimal `process` for client bundles (browser-shims.mjs): memfs's core asks only for
 * cwd, platform, getuid/getgid, env and emitWarning; nothing else runs in the browser.
 */
const process = {
  platform: 'linux',
  env: {} as Record<string, string | undefined>,
  cwd: (): string => '/',
  getuid: (): number => 0,
  getgid: (): number => 0,
  emitWarning: (message: string): void => console.warn(message),
  nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]): void => queueMicrotask(() => fn(...args)),
};
export default process;
