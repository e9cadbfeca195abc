/**
 * Where the backend is: the address and token typed last (sessionStorage, this tab
 * only), else what the switch took from the page's URL (`?backend=…#token=…`, the link
 * `classroom serve` prints; RealSwitch.svelte keeps it and clears the token from the URL).
 */
import type { BackendAddress } from './connection.ts';

export const ADDRESS_KEY = 'classroom.backend';
export const DEFAULT_BACKEND = 'http://127.0.0.1:4322';

export function loadAddress(): BackendAddress {
  try {
    const v = JSON.parse(sessionStorage.getItem(ADDRESS_KEY) ?? 'null') as { url?: unknown; token?: unknown } | null;
    if (v && typeof v.token === 'string') return { url: typeof v.url === 'string' && v.url ? v.url : DEFAULT_BACKEND, token: v.token };
  } catch {
    /* storage unavailable or damaged */
  }
  return { url: DEFAULT_BACKEND, token: '' };
}

export function saveAddress(a: BackendAddress & { session?: string }): void {
  try {
    sessionStorage.setItem(ADDRESS_KEY, JSON.stringify(a));
  } catch {
    /* storage unavailable: the form asks again next time */
  }
}

/** The session to resume after a reload (the backend keeps it for a grace period). */
export function lastSession(): string | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(ADDRESS_KEY) ?? 'null') as { session?: unknown } | null;
    return typeof v?.session === 'string' ? v.session : undefined;
  } catch {
    return undefined;
  }
}
