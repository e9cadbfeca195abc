/** Fixture access for the archive tests. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const FIX = new URL('./fixtures/', import.meta.url);

export function fixture(name: string): Uint8Array {
  const b = new Uint8Array(readFileSync(new URL(name, FIX)));
  return name.endsWith('.gz') ? new Uint8Array(gunzipSync(b)) : b;
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIX), 'utf8');
}

export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export interface RunResult {
  args: string[];
  rc: number;
  stdout: string;
  stderr: string;
}

export interface Meta {
  exp: { created: string; started: string };
  tc: { created: string };
  images: Record<string, { id: string; created: string; layers: string[]; size: number } | null>;
  'diff-exp': string[];
}

export const meta = (): Meta => fixtureJson<Meta>('meta.json');

export function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** "Error response from daemon: X" -> "X" (the part the archive module produces). */
export function daemonText(stderr: string): string {
  return stderr.replace(/^Error response from daemon: /, '').trim();
}
