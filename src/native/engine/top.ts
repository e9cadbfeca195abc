/**
 * docker top on the real host: the daemon runs `ps` with the given arguments
 * (default -ef) and keeps the rows whose PID belongs to the container
 * (daemon/top_unix.go parsePSOutput).
 */
import { execFile } from 'node:child_process';
import type { TopResult } from '../../sim/api.ts';
import { system } from '../../sim/errors.ts';

function runPs(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ps', args, { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(system(`Error running ps: ${String(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

/** parsePSOutput: the PID column of the header picks the rows; CMD keeps its spaces. */
export function parsePsOutput(output: string, pids: number[]): TopResult {
  const lines = output.split('\n');
  const titles = (lines[0] ?? '').trim().split(/\s+/);
  const pidIndex = titles.indexOf('PID');
  if (pidIndex < 0) throw system(`Couldn't find PID field in ps output`);
  const want = new Set(pids);
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const fields = line.trim().split(/\s+/);
    const pid = Number(fields[pidIndex]);
    if (!want.has(pid)) continue;
    const row = fields.slice(0, titles.length - 1);
    row.push(fields.slice(titles.length - 1).join(' '));
    processes.push(row);
  }
  return { Titles: titles, Processes: processes };
}

export async function top(pids: number[], psArgs = '-ef'): Promise<TopResult> {
  const args = psArgs.trim() === '' ? ['-ef'] : psArgs.trim().split(/\s+/);
  return parsePsOutput(await runPs(args), pids);
}
