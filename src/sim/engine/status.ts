/** What the daemon says about a container's state (moby container/state.go String() and StateString()). */
import { humanDuration } from '../cli/format/duration.ts';
import type { ContainerStatus } from '../lifecycle/containerMachine.ts';
import type { Container } from './container.ts';

export function statusOf(c: Container): ContainerStatus {
  return c.state === 'removed' ? 'dead' : c.state;
}

/** The STATUS column: `Up 3 seconds`, `Exited (0) 2 minutes ago`, `Created`… */
export function statusText(c: Container, now: number): string {
  switch (c.state) {
    case 'paused':
      return `Up ${humanDuration(now - c.startedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
    case 'running':
      return `Up ${humanDuration(now - c.startedAt)}`;
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
    case 'removed':
      return 'Dead';
    case 'created':
      return 'Created';
    case 'exited':
      if (c.startedAt === 0) return 'Created';
      if (c.finishedAt === 0) return '';
      return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
  }
}

/** Go's zero time prints as 0001-01-01T00:00:00Z. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** RFC3339Nano as Go prints it (trailing zeros of the fraction trimmed). */
export function rfc3339Nano(ms: number): string {
  if (ms === 0) return ZERO_TIME;
  const whole = Math.floor(ms);
  const base = new Date(whole).toISOString().slice(0, 19);
  const nanos = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6);
  if (nanos === 0) return `${base}Z`;
  return `${base}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
}

/** The fixed 9-digit form docker logs -t prints. */
export function rfc3339NanoFixed(ms: number): string {
  const whole = Math.floor(ms);
  const base = new Date(whole).toISOString().slice(0, 19);
  const nanos = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6);
  return `${base}.${String(nanos).padStart(9, '0')}Z`;
}
