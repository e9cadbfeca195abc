/** Runs a parsed script against a host (the simulator, or later the native backend). */
import type { Step } from './script.ts';
import type { TranscriptStep } from './transcript.ts';

export interface Host {
  /** Runs `docker ARGV`; with a timeout, a command still running after it gets exit 124 (coreutils timeout). */
  docker(argv: string[], timeoutSeconds?: number, input?: string[]): Promise<Omit<TranscriptStep, 'command'>>;
  /** Lets time pass. */
  sleep(seconds: number): Promise<void>;
  /**
   * A `file` step: writes a host file relative to the working directory, making missing
   * parent directories (0755). Hosts without host files leave it out (the step then fails).
   */
  writeFile?(path: string, data: Uint8Array, mode: number): Promise<void>;
}

export async function runSteps(
  steps: Step[],
  host: Host,
  onStep?: (step: Step, result: TranscriptStep) => void | Promise<void>,
): Promise<TranscriptStep[]> {
  const out: TranscriptStep[] = [];
  for (const step of steps) {
    let result: TranscriptStep;
    if (step.kind === 'sleep') {
      await host.sleep(step.seconds);
      result = { command: step.text, stdout: '', stderr: '', exitCode: 0 };
    } else if (step.kind === 'file') {
      if (!host.writeFile) throw new Error(`line ${step.line}: this host has no files to write '${step.path}' to`);
      await host.writeFile(step.path, step.data, step.mode);
      result = { command: step.text, stdout: '', stderr: '', exitCode: 0 };
    } else {
      result = { command: step.text, ...(await host.docker(step.argv, step.timeout, step.input)) };
    }
    out.push(result);
    await onStep?.(step, result);
  }
  return out;
}
