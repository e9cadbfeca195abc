/** What a lesson page hands its player island: one language's prose as HTML, commands and checks as data. */
import type { Check } from '../lessons/checks.ts';
import { inputLine, type Lesson, type Lang, typedLines } from '../lessons/format.ts';
import { markdown } from '../lessons/markdown.ts';
import type { Step as ScriptStep } from '../runner/script.ts';

export interface PlayerCommand {
  /** The command line as the learner would type it. */
  text: string;
  /** Keys typed while it runs (`< …` lines). */
  input: string[];
  /** How the step shows the typed keys. */
  inputText: string[];
}

export interface PlayerStep {
  id: string;
  kind: 'narrate' | 'run' | 'task' | 'checkpoint';
  html: string;
  commands: PlayerCommand[];
  solution: PlayerCommand[];
  checks: Check[];
}

export interface PlayerLesson {
  slug: string;
  title: string;
  focus: 'lifecycle' | 'layers';
  steps: PlayerStep[];
}

/** The command lines a step types (a file step is several `echo` lines: typedLines). */
function commands(s: ScriptStep): PlayerCommand[] {
  const input = s.kind === 'docker' ? (s.input ?? []) : [];
  return typedLines(s).map((text) => ({ text, input, inputText: input.map(inputLine) }));
}

export function playerLesson(lesson: Lesson, lang: Lang): PlayerLesson {
  return {
    slug: lesson.slug,
    title: lesson.title[lang],
    focus: lesson.focus,
    steps: lesson.steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      html: markdown(s.prose[lang]),
      commands: s.commands.flatMap(commands),
      solution: s.solution.flatMap(commands),
      checks: s.checks,
    })),
  };
}
