/**
 * Small helpers over /proc: the mount table, process identity (PID + start time, so a
 * recycled PID is never mistaken for one of ours), and polling.
 */
import { readFileSync } from 'node:fs';

export interface MountInfo {
  id: number;
  parent: number;
  /** Root of the mount inside its filesystem (cgroup mounts: the hierarchy path). */
  root: string;
  mountPoint: string;
  options: string;
  fsType: string;
  source: string;
  superOptions: string;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function readMountInfo(file = '/proc/self/mountinfo'): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const a = line.slice(0, dash).split(' ');
    const b = line.slice(dash + 3).split(' ');
    out.push({
      id: Number(a[0]),
      parent: Number(a[1]),
      root: unescapeMount(a[3] ?? ''),
      mountPoint: unescapeMount(a[4] ?? ''),
      options: a[5] ?? '',
      fsType: b[0] ?? '',
      source: unescapeMount(b[1] ?? ''),
      superOptions: b[2] ?? '',
    });
  }
  return out;
}

/** Mount points at or below `dir` (a normalised absolute path), deepest first. */
export function mountsUnder(dir: string, mounts = readMountInfo()): string[] {
  const base = dir.replace(/\/+$/, '');
  const hits = mounts.map((m) => m.mountPoint).filter((p) => p === base || p.startsWith(base + '/'));
  // Deepest first; a path mounted twice appears twice (each needs its own umount).
  return hits.sort((x, y) => y.split('/').length - x.split('/').length || y.length - x.length);
}

export function isMountPoint(path: string, mounts = readMountInfo()): boolean {
  const p = path.replace(/\/+$/, '');
  return mounts.some((m) => m.mountPoint === p);
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null if gone. */
export function procStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // rest[0] is field 3 (state); field 22 is rest[19].
    const v = Number(rest[19]);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

/** One-letter process state (R, S, D, T, Z, ...) or null if gone. */
export function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** A process we recorded (pid + start time) that is still the same process and not a zombie. */
export function isSameProcessAlive(pid: number, startTime: number | null | undefined): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const st = procStartTime(pid);
  if (st === null) return false;
  if (startTime != null && st !== startTime) return false;
  return procState(pid) !== 'Z';
}

/** kill(2) that ignores "no such process". Returns false when the process was gone. */
export function killPid(pid: number, signal: NodeJS.Signals | number): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `intervalMs` until it returns a non-null value or `timeoutMs` passes. */
export async function pollFor<T>(
  check: () => T | null | undefined,
  timeoutMs: number,
  intervalMs = 10,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v != null) return v;
    if (Date.now() >= deadline) return null;
    await sleep(intervalMs);
  }
}

/** Synchronous sleep (for the few sync paths that must wait a moment, e.g. freezer polling). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** RFC3339Nano as Go prints it: UTC, fraction with trailing zeros trimmed. */
export function rfc3339Nano(ms = Date.now(), extraNs = 0): string {
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
  const base = iso.slice(0, 19);
  const nanos = (ms % 1000) * 1_000_000 + (extraNs % 1_000_000);
  if (nanos === 0) return base + 'Z';
  return `${base}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
}

let hrBase: { ms: number; hr: bigint } | null = null;
/** Current time with sub-millisecond digits from the monotonic clock (for log timestamps). */
export function nowRfc3339Nano(): string {
  if (!hrBase) hrBase = { ms: Date.now(), hr: process.hrtime.bigint() };
  const elapsedNs = process.hrtime.bigint() - hrBase.hr;
  const totalNs = BigInt(hrBase.ms) * 1_000_000n + elapsedNs;
  const ms = Number(totalNs / 1_000_000n);
  // Follow the wall clock if it was stepped (NTP) since the base was taken.
  if (Math.abs(ms - Date.now()) > 5) {
    hrBase = null;
    return nowRfc3339Nano();
  }
  return rfc3339Nano(ms, Number(totalNs % 1_000_000n));
}
