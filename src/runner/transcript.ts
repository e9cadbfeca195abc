/** Shapes of a script run's transcript (issue 2 §6) and of the recorder's fixtures. */

/** One element of `classroom run --json`: the contract other tools depend on. */
export type TranscriptStep = { command: string; stdout: string; stderr: string; exitCode: number };

/** One container as seen after a step (from `docker inspect`). */
export type ContainerSnapshot = {
  /** Name without the leading `/`. */
  name: string;
  /** Full 64-hex ID. */
  id: string;
  /** `.Config.Image`: the image as typed (e.g. `busybox`). */
  image: string;
  /** `.State.Status`: created, running, paused, restarting, removing, exited or dead. */
  status: string;
  running: boolean;
  paused: boolean;
  restarting: boolean;
  exitCode: number;
  restartCount: number;
  /** `.State.Error` (empty when none). */
  error: string;
  /** `.State.Pid` (0 when no process). */
  pid: number;
};

/** A step as the real-engine recorder stores it. */
export type RecordedStep = TranscriptStep & {
  /** Every container after the step, in `docker ps -a` order (newest first). */
  containers: ContainerSnapshot[];
  /** `Repository:Tag` of every image after the step, sorted. */
  images: string[];
  /** Wall time of the step. */
  durationMs: number;
};

/** A fixture file written by test/conformance/record.ts. */
export type Fixture = {
  script: string;
  engine: string;
  recordedAt: string;
  steps: RecordedStep[];
};
