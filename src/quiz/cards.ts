/**
 * What the quiz pages show: one card shape for both sources — concept cards
 * (concepts.ts, written) and generated questions (generate.ts, computed by the
 * simulator). Choices are shuffled per card, the same way every time.
 * The generator (and with it the simulator) is imported only when a generated
 * card is needed.
 */
import { CONCEPTS, type ConceptCard } from './concepts.ts';
import type { PathStep, Question } from './generate.ts';
import { TOPICS, type TopicId } from './catalog.ts';
import type { TranscriptStep } from '../runner/transcript.ts';

export type CardLang = 'zh' | 'en';

export interface QuizCard {
  /** The SRS id: a concept id, or `gen:` + a generated question id. */
  id: string;
  kind: 'concept' | 'generated';
  /** The lesson slug (SRS topic, links). */
  topic: string;
  level: 1 | 2 | 3;
  prompt: string;
  choices: string[];
  answer: number;
  explanation: string;
  /** Generated questions: the setup script, the command asked about, what happened. */
  setup?: string;
  command?: string;
  transcript?: TranscriptStep[];
  path?: PathStep[];
  /** The state the container ended in (for the diagram). */
  finalState?: string;
}

export const GEN_PREFIX = 'gen:';

/** A small deterministic shuffle (seeded by the card id): the answer is not always in one place. */
function order(id: string, n: number): number[] {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    const j = h % (i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

function shuffled(id: string, choices: string[], answer: number): { choices: string[]; answer: number } {
  const o = order(id, choices.length);
  return { choices: o.map((i) => choices[i]!), answer: o.indexOf(answer) };
}

export function conceptCard(c: ConceptCard, lang: CardLang): QuizCard {
  const s = shuffled(c.id, c.choices[lang], c.answer);
  return { id: c.id, kind: 'concept', topic: c.lesson, level: c.level, prompt: c.prompt[lang], ...s, explanation: c.explanation[lang] };
}

export function generatedCard(q: Question, lang: CardLang): QuizCard {
  const labels = q.labels.map((l) => l[lang]);
  const id = `${GEN_PREFIX}${q.id}`;
  const s = shuffled(id, labels, q.answer);
  const last = q.path[q.path.length - 1];
  return {
    id,
    kind: 'generated',
    topic: TOPICS[q.topic as TopicId].lesson,
    level: q.level,
    prompt: q.prompt[lang],
    ...s,
    explanation: q.explanation[lang],
    setup: q.setup,
    command: q.command,
    transcript: q.transcript,
    path: q.path,
    ...(last ? { finalState: last.to } : q.state !== 'none' ? { finalState: q.state } : {}),
  };
}

/** Seed of generated questions on the site (the same world for every learner: ids stay meaningful). */
export const SITE_SEED = 1;

/** Builds a card by its SRS id (a concept or a generated question); undefined if unknown. */
export async function cardById(id: string, lang: CardLang): Promise<QuizCard | undefined> {
  if (id.startsWith(GEN_PREFIX)) {
    const { generateQuestion } = await import('./generate.ts');
    const q = await generateQuestion(id.slice(GEN_PREFIX.length), { seed: SITE_SEED });
    return q ? generatedCard(q, lang) : undefined;
  }
  const c = CONCEPTS.find((x) => x.id === id);
  return c ? conceptCard(c, lang) : undefined;
}

/** Every card id with its topic (the SRS pool): concepts first, then generated questions, easy first. */
export async function cardPool(filter: { lesson?: string } = {}): Promise<Array<{ id: string; topic: string; level: number }>> {
  const { questionIds } = await import('./generate.ts');
  const { catalogItem } = await import('./catalog.ts');
  const concepts = CONCEPTS.map((c) => ({ id: c.id, topic: c.lesson, level: c.level }));
  const generated = questionIds().flatMap((qid) => {
    const item = catalogItem(qid);
    return item ? [{ id: `${GEN_PREFIX}${qid}`, topic: TOPICS[item.topic as TopicId].lesson as string, level: item.level as number }] : [];
  });
  const all = [...concepts, ...generated].filter((c) => !filter.lesson || c.topic === filter.lesson);
  // Easy first; within a level, alternate written concepts and generated questions.
  return all.sort((a, b) => a.level - b.level);
}
