/**
 * A terminal session as data: every keystroke batch (`input`) and every
 * programmatic command (`run`) with the simulated time it came at. Fed again at
 * the same simulated times into a fresh Shell over a fresh simulator with the
 * same seed, it rebuilds the same state.
 */

export interface LogEvent {
  /** sim.clock.now() when the event came. */
  at: number;
  kind: 'input' | 'run';
  data: string;
}

export interface Replayable {
  input(data: string): void;
  run(line: string): Promise<number>;
}

/**
 * Feeds `log` into `shell`: before each event, `advanceTo(at)` must bring the
 * shell's simulated clock to that time (running everything due on the way).
 * Resolves once the last event has been fed (commands it started may still run).
 */
export async function replay(log: readonly LogEvent[], shell: Replayable, advanceTo: (ms: number) => Promise<void>): Promise<void> {
  for (const e of log) {
    await advanceTo(e.at);
    if (e.kind === 'input') shell.input(e.data);
    else void shell.run(e.data).catch(() => {});
  }
}
