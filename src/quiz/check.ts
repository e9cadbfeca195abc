/**
 * Checking a question's answer key against a transcript of its script from
 * another engine (a fresh simulator, or the real Docker engine's recording).
 * Both transcripts go through the runner's normalisation (src/runner/normalize.ts:
 * IDs → <IDn> by first appearance, host artefact lines dropped, durations…), and
 * so do the choices, in the context of the question's own transcript, so that an
 * ID inside a message compares equal when it is the same container.
 */
import { normalizeTranscript } from '../runner/normalize.ts';
import type { TranscriptStep } from '../runner/transcript.ts';
import { observe, type AskKind, type TimedStep } from './observe.ts';

export interface KeyCheck {
  /** What the other transcript shows, normalised. */
  observed: string;
  /** The choices, normalised in the context of the question's transcript. */
  choices: string[];
  /** Whether the keyed answer is what the other transcript shows. */
  answerMatches: boolean;
  /** Indexes of distractors equal to what the other transcript shows (should be none). */
  distractorHits: number[];
}

type Checked = { ask: AskKind; commandIndex: number; transcript: readonly TranscriptStep[]; choices: readonly string[]; answer: number };

const strip = (s: TimedStep): TimedStep => ({
  command: s.command,
  stdout: s.stdout,
  stderr: s.stderr,
  exitCode: s.exitCode,
  ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
});

/** Normalises `text` as if it were printed after `steps` (IDs keep their numbers from the transcript). */
function inContext(steps: readonly TimedStep[], text: string): string {
  const norm = normalizeTranscript([...steps.map(strip), { command: 'docker quiz-outcome', stdout: text, stderr: '', exitCode: 0 }]);
  return norm[norm.length - 1]!.stdout;
}

export function checkKey(q: Checked, other: readonly TimedStep[]): KeyCheck {
  const raw = other.map(strip);
  const observed = inContext(raw, observe(q.ask, normalizeTranscript(raw), q.commandIndex));
  const own = q.transcript.map(strip);
  const choices = q.choices.map((c) => inContext(own, c));
  return {
    observed,
    choices,
    answerMatches: choices[q.answer] === observed,
    distractorHits: choices.flatMap((c, i) => (i !== q.answer && c === observed ? [i] : [])),
  };
}
