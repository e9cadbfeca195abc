/**
 * Runs a lesson from first step to last on one simulated Docker, the way the
 * page's "run step" and "do it for me" buttons do, and judges every checkpoint.
 * The lesson tests and `classroom lesson` use it; the page does the same through
 * the terminal.
 */
import { runSteps } from '../runner/run.ts';
import { SimHost } from '../runner/simHost.ts';
import type { TranscriptStep } from '../runner/transcript.ts';
import { createSimulator, type Simulator } from '../sim/simulator.ts';
import type { DockerVersion } from '../sim/profile.ts';
import { evaluateAll, type CheckResult } from './checks.ts';
import type { Lesson, LessonStep } from './format.ts';
import { memoryHostFiles, resolveHostPath } from './hostFiles.ts';
import { LESSON_SEED, LESSON_VERSION } from './world.ts';

export interface WalkedStep {
  step: LessonStep;
  transcript: TranscriptStep[];
  checks: CheckResult[];
}

/** Every simulator a lesson runs on starts the same way (seed and version are part of the lesson's world). */
export { LESSON_SEED, LESSON_VERSION } from './world.ts';

export async function lessonSimulator(version: DockerVersion = LESSON_VERSION): Promise<Simulator> {
  return createSimulator({ version, seed: LESSON_SEED });
}

export async function walkLesson(lesson: Lesson, sim?: Simulator): Promise<{ sim: Simulator; steps: WalkedStep[] }> {
  const s = sim ?? (await lessonSimulator());
  const host = new SimHost(s, memoryHostFiles(s.host));
  const target = { engine: s.engine, hostFileExists: (p: string) => s.host.exists(resolveHostPath('/root', p)) };
  const steps: WalkedStep[] = [];
  for (const step of lesson.steps) {
    const cmds = step.kind === 'run' ? step.commands : step.kind === 'task' ? step.solution : [];
    const transcript = await runSteps(cmds, host);
    const checks = await evaluateAll(step.checks, target);
    steps.push({ step, transcript, checks });
  }
  return { sim: s, steps };
}
