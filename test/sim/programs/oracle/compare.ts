/** Runs the oracle cases in the simulator; shared by oracle.test.ts and the dev diff script. */
import { readFileSync } from 'node:fs';
import { run, runClock, sim, start } from '../helpers.ts';

export interface Expected {
  argv: string[];
  stdin?: string;
  time: number;
  stdout: string;
  stderr: string;
  status: number;
}

export const EXPECTED: Expected[] = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8'));

export function simulate(e: Expected): { stdout: string; stderr: string; status: number | undefined } {
  const s = sim({ start: e.time });
  const r = run(e.argv, { sim: s, stdin: e.stdin ?? '', ms: 20_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export interface ExpectedTty {
  steps: [number, string][];
  time: number;
  out: string;
}

export const EXPECTED_TTY: ExpectedTty[] = JSON.parse(readFileSync(new URL('./expected-tty.json', import.meta.url), 'utf8'));

/** Feeds the keys to `sh` on a simulated terminal with the same pauses (in simulated time). */
export function simulateTty(e: ExpectedTty): string {
  const s = sim({ start: e.time });
  const r = start(s, ['sh'], { tty: true, openStdin: true, env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=c0ffee123456', 'HOME=/root', 'TERM=xterm'] });
  for (const [delay, keys] of e.steps) {
    runClock(s.clock, delay * 1000);
    r.init.writeStdin(keys);
  }
  runClock(s.clock, 1000);
  return r.out;
}
