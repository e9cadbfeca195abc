/** The playground's share links (`#cmds=` + base64url of the command lines) and its saved history. */
import { PREFIX } from './progress.ts';

const KEY = `${PREFIX}playground`;
/** A share link longer than this is refused (browsers and chat apps cut long URLs). */
export const MAX_SHARE_LINES = 500;

export function encodeShare(lines: readonly string[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(lines));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The command lines of a share link, or null if it is damaged. */
export function decodeShare(code: string): string[] | null {
  try {
    const bin = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const lines = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    if (!Array.isArray(lines) || lines.length > MAX_SHARE_LINES || !lines.every((l) => typeof l === 'string' && l.length < 4096 && !/[\r\n]/.test(l))) {
      return null;
    }
    return lines;
  } catch {
    return null;
  }
}

export function loadPlayground(storage: Storage | undefined): unknown[] {
  try {
    const raw = storage?.getItem(KEY);
    const log = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(log) ? log : [];
  } catch {
    return [];
  }
}

export function savePlayground(storage: Storage | undefined, log: readonly unknown[]): void {
  try {
    storage?.setItem(KEY, JSON.stringify(log));
  } catch {
    /* storage full or disabled */
  }
}
