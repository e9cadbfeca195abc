/**
 * What a question asks for, how a transcript shows it, and the canonical string
 * of an outcome (what `choices` hold). The same functions read the simulator's
 * transcripts and the real engine's recordings, so an answer key can be checked
 * against either.
 */
import type { TranscriptStep } from '../runner/transcript.ts';
import type { Text } from './situations.ts';

export const ASK_KINDS = ['state', 'exitCode', 'error', 'psStatus', 'diff', 'stopTime'] as const;
export type AskKind = (typeof ASK_KINDS)[number];

/** A transcript step with its wall (or virtual) duration when known. */
export type TimedStep = TranscriptStep & { durationMs?: number };

/** The wait between the command and the probe (a starting program gets to exit, --rm gets to remove). */
export const SETTLE_LINE = 'sleep 0.5';

/** Lines run after the command to reveal the answer (empty: the command's own output is the answer). */
export function probeLines(ask: AskKind, name: string): string[] {
  switch (ask) {
    case 'state':
      return [SETTLE_LINE, `docker inspect -f '{{.State.Status}}' ${name}`];
    case 'exitCode':
      return [SETTLE_LINE, `docker inspect -f '{{.State.ExitCode}}' ${name}`];
    case 'psStatus':
      return [SETTLE_LINE, `docker ps -a --format '{{.Status}}'`];
    case 'error':
    case 'diff':
    case 'stopTime':
      return [];
  }
}

/** Canonical outcomes that are not Docker output (labels below). */
export const GONE = '(removed)';
export const NO_ROW = '(no row)';
export const NO_ERROR = '(no error)';
export const BLOCKS = '(blocks)';
export const NO_CHANGES = '(no changes)';

/** Docker's HumanDuration texts, as in the runner's normalisation. */
const DURATION =
  /(?:Less than a second|About a minute|About an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)(?: ago)?/g;

/** `Up 3 seconds (Paused)` → `Up … (Paused)`, `Exited (137) 2 seconds ago` → `Exited (137) …`. */
export function normalizeStatus(status: string): string {
  // also the runner's normalised form (`Up <DURATION>`, `Exited (0) <DURATION> ago`)
  return status.replace(DURATION, '…').replace(/<DURATION>(?: ago)?/g, '…').trim();
}

/** `docker stop` time as a learner would say it: under 2 s, or about N s. */
export function durationBucket(ms: number): string {
  const s = ms / 1000;
  return s < 2 ? '< 2 s' : `≈ ${Math.round(s)} s`;
}

const trimEnd = (s: string) => s.replace(/\s+$/, '');

function gone(step: TranscriptStep): boolean {
  return step.exitCode !== 0 && /No such (?:object|container)/.test(step.stderr);
}

/** A command's error outcome: NO_ERROR, BLOCKS (ended by `timeout`), or the exact message it printed. */
export function errorOutcome(step: TranscriptStep, timedOut = /^timeout /.test(step.command)): string {
  if (timedOut && step.exitCode === 124) return BLOCKS;
  const message = trimEnd(step.stderr) || (step.exitCode !== 0 ? trimEnd(step.stdout) : '');
  if (message) return message;
  return step.exitCode === 0 ? NO_ERROR : `(exit ${step.exitCode})`;
}

/** `docker diff` lines in path order (the engine lists siblings in any order). */
export function diffOutcome(step: TranscriptStep): string {
  if (step.exitCode !== 0) return errorOutcome(step);
  const lines = step.stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return NO_CHANGES;
  const path = (l: string) => l.slice(2);
  return lines.sort((a, b) => (path(a) < path(b) ? -1 : path(a) > path(b) ? 1 : 0)).join('\n');
}

/**
 * The outcome a question asks for, read from the transcript of setup + command + probe.
 * `commandIndex` is the command's step; the probe (if any) is the last step.
 */
export function observe(ask: AskKind, steps: readonly TimedStep[], commandIndex: number): string {
  const cmd = steps[commandIndex];
  const last = steps[steps.length - 1];
  if (!cmd || !last) throw new Error('quiz: transcript too short');
  switch (ask) {
    case 'state': {
      if (gone(last)) return GONE;
      return last.stdout.trim();
    }
    case 'exitCode': {
      if (gone(last)) return GONE;
      return last.stdout.trim();
    }
    case 'psStatus': {
      const rows = last.stdout.split('\n').filter((l) => l.trim() !== '');
      if (rows.length === 0) return NO_ROW;
      return rows.map(normalizeStatus).join('\n');
    }
    case 'error':
      return errorOutcome(cmd);
    case 'diff':
      return diffOutcome(cmd);
    case 'stopTime': {
      if (cmd.durationMs === undefined) throw new Error('quiz: stopTime needs step durations');
      return durationBucket(cmd.durationMs);
    }
  }
}

/** How an outcome is shown (zh, en); Docker's own texts are shown as they are. */
export function label(outcome: string): Text {
  switch (outcome) {
    case GONE:
      return { zh: '（容器已不存在：No such object）', en: '(the container is gone: No such object)' };
    case NO_ROW:
      return { zh: '（没有这一行：容器已不存在）', en: '(no row: the container is gone)' };
    case NO_ERROR:
      return { zh: '（不报错，退出码 0）', en: '(no error, exit code 0)' };
    case BLOCKS:
      return { zh: '（一直等着不返回，2 秒后被 timeout 结束：124）', en: '(keeps waiting; timeout ends it after 2 s: 124)' };
    case NO_CHANGES:
      return { zh: '（没有输出：没有变化）', en: '(no output: no changes)' };
  }
  const exit = /^\(exit (\d+)\)$/.exec(outcome);
  if (exit) return { zh: `（没有消息，退出码 ${exit[1]}）`, en: `(no message, exit code ${exit[1]})` };
  if (outcome === '< 2 s') return { zh: '不到 2 秒', en: 'under 2 s' };
  const about = /^≈ (\d+) s$/.exec(outcome);
  if (about) return { zh: `约 ${about[1]} 秒`, en: `about ${about[1]} s` };
  return { zh: outcome, en: outcome };
}
