/** The readable form of a transcript (`classroom run` without --json). */
import type { TranscriptStep } from '../runner/transcript.ts';

export function formatStep(s: TranscriptStep): string {
  let out = `$ ${s.command}\n`;
  if (s.stdout) out += s.stdout.endsWith('\n') ? s.stdout : `${s.stdout}\n`;
  if (s.stderr) out += s.stderr.endsWith('\n') ? s.stderr : `${s.stderr}\n`;
  if (s.exitCode !== 0) out += `[exit ${s.exitCode}]\n`;
  return out;
}
