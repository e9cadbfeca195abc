/** busybox's usage output: "BusyBox v… multi-call binary.\n\n<usage>\n" (on stderr). */
import { BUSYBOX_BANNER, USAGE } from './usage-text.ts';

export const BANNER_VERSION = BUSYBOX_BANNER;

export function usage(applet: string): string {
  return `${BUSYBOX_BANNER} multi-call binary.\n\n${USAGE[applet] ?? ''}\n`;
}
