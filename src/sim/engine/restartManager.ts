/**
 * The daemon's restart manager (moby restartmanager): decides after each exit
 * whether the policy restarts the container, and after what back-off delay.
 */
import type { RestartPolicy } from '../api.ts';

export const BACKOFF_START_MS = 100;
export const BACKOFF_MAX_MS = 60_000;
/** A run at least this long resets the back-off. */
export const BACKOFF_RESET_AFTER_MS = 10_000;

export class RestartManager {
  readonly policy: RestartPolicy;
  /** Automatic restarts since the last manual start. */
  restartCount = 0;
  /** The delay used for the latest restart (0 = none yet). */
  delayMs = 0;
  cancelled = false;

  constructor(policy: RestartPolicy) {
    this.policy = policy;
  }

  /**
   * Called when PID 1 exits. Returns the back-off delay in ms when the container
   * is to be restarted, or undefined when it stays stopped.
   */
  shouldRestart(exitCode: number, manuallyStopped: boolean, ranForMs: number): number | undefined {
    const name = this.policy.Name;
    if (name === '' || name === 'no' || this.cancelled) return undefined;
    if (ranForMs >= BACKOFF_RESET_AFTER_MS) this.delayMs = 0;
    this.delayMs = this.delayMs === 0 ? BACKOFF_START_MS : Math.min(this.delayMs * 2, BACKOFF_MAX_MS);
    let restart = false;
    if (name === 'always') restart = true;
    else if (name === 'unless-stopped') restart = !manuallyStopped;
    else if (name === 'on-failure') {
      const max = this.policy.MaximumRetryCount;
      if (max === 0 || this.restartCount < max) restart = exitCode !== 0;
    }
    if (!restart) return undefined;
    this.restartCount++;
    return this.delayMs;
  }

  cancel(): void {
    this.cancelled = true;
  }
}
