/**
 * busybox's usage output: "BusyBox v… multi-call binary.\n\n<usage>\n" (on stderr).
 *
 * The texts (usage-text.ts, ~24 KB) are loaded on first use: a lesson page seldom
 * prints one. A program that prints a usage waits for them like for any blocking
 * system call (`yield* usage(p, applet)`); the load is real work (outside()), so
 * whoever drives the virtual clock waits for it and the text comes out at the same
 * simulated instant as it would have at once.
 */
import type { Op, Proc } from '../kernel/process.ts';
import { outside } from '../outside.ts';

/** usage-text.ts's BUSYBOX_BANNER, kept here so the shell's banner needs no texts (test/sim/programs/usage.test.ts compares). */
export const BANNER_VERSION = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1)';

let texts: Record<string, string> | undefined;
let loading: Promise<void> | undefined;

/** Loads the usage texts (once; again after a failed load). */
export function loadUsageTexts(): Promise<void> {
  loading ??= outside(import('./usage-text.ts')).then(
    (m) => {
      texts = m.USAGE;
    },
    () => {
      // A failed chunk load (the page went offline): the next usage tries again.
      loading = undefined;
    },
  );
  return loading;
}

/** The usage text of `applet`, waiting for the texts if they are not loaded yet. */
export function* usage(p: Proc, applet: string): Generator<Op, string, unknown> {
  if (!texts) {
    const load = loadUsageTexts();
    yield* p.block((wake) => {
      void load.then(() => wake(undefined));
      return undefined;
    });
  }
  return `${BANNER_VERSION} multi-call binary.\n\n${texts?.[applet] ?? ''}\n`;
}
