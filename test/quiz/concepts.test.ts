/** The concept bank: every card well formed, in both languages, and tied to a real lesson. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONCEPTS, validateConcepts, type ConceptCard } from '../../src/quiz/concepts.ts';

const LESSONS = join(import.meta.dirname, '../../src/lessons');

/** Slugs read straight from the lesson files' `slug:` headers. */
function lessonSlugs(): string[] {
  return readdirSync(LESSONS)
    .filter((f) => f.endsWith('.lesson'))
    .map((f) => {
      const m = /^slug:\s*(\S+)\s*$/m.exec(readFileSync(join(LESSONS, f), 'utf8'));
      if (!m?.[1]) throw new Error(`${f} has no slug: header`);
      return m[1];
    });
}

const slugs = lessonSlugs();

describe('CONCEPTS', () => {
  // 40 for lessons 1–13, then a few for each lesson added since (14 Dockerfile basics, 15 registries).
  it('has 30–50 cards', () => {
    expect(CONCEPTS.length).toBeGreaterThanOrEqual(30);
    expect(CONCEPTS.length).toBeLessThanOrEqual(50);
  });

  it("has cards for every lesson (a lesson's quick quiz draws on them)", () => {
    const topics = new Set(CONCEPTS.map((c) => c.topic));
    for (const slug of slugs) expect(topics, slug).toContain(slug);
  });

  it('passes the validator against the real lesson slugs', () => {
    expect(slugs.length).toBeGreaterThan(10);
    expect(validateConcepts(CONCEPTS, slugs)).toEqual([]);
  });

  it('has unique ids', () => {
    const ids = CONCEPTS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(CONCEPTS.map((c) => [c.id, c] as const))('%s: choices line up and the answer is in range', (_id, card) => {
    expect(card.choices.zh.length).toBe(card.choices.en.length);
    expect(card.choices.zh.length).toBeGreaterThanOrEqual(3);
    expect(card.choices.zh.length).toBeLessThanOrEqual(5);
    expect(Number.isInteger(card.answer)).toBe(true);
    expect(card.answer).toBeGreaterThanOrEqual(0);
    expect(card.answer).toBeLessThan(card.choices.en.length);
    expect(slugs).toContain(card.topic);
    expect(slugs).toContain(card.lesson);
    // Chinese text is Chinese: every zh prompt and explanation has at least one CJK character.
    expect(card.prompt.zh).toMatch(/\p{Script=Han}/u);
    expect(card.explanation.zh).toMatch(/\p{Script=Han}/u);
    expect(card.explanation.en).not.toMatch(/\p{Script=Han}/u);
  });

  it('covers every concept the issue names', () => {
    const ids = new Set(CONCEPTS.map((c) => c.id));
    for (const id of [
      'image-vs-container',
      'create-vs-run',
      'attach-vs-exec',
      'nsenter',
      'export-vs-save',
      'commit-vs-import',
      'why-copy-on-write',
      'volume-not-in-commit',
      'container-vs-vm',
      'bind-mount-vs-volume',
      'cmd-vs-entrypoint',
      'ps-a-q',
      'rm-flag',
      'detach-keys',
      'run-busybox-exits',
      'no-command-specified',
      'always-vs-unless-stopped',
      'pause-freezer',
    ]) {
      expect(ids, id).toContain(id);
    }
  });

  it('does not always put the answer in the same place', () => {
    const positions = new Set(CONCEPTS.map((c) => c.answer));
    expect(positions.size).toBeGreaterThanOrEqual(3);
  });
});

describe('validateConcepts', () => {
  const good = CONCEPTS[0] as ConceptCard;
  const bad = (patch: Partial<ConceptCard>): ConceptCard => ({ ...good, ...patch });

  it.each([
    ['duplicate id', [good, good], /duplicate id/],
    ['non-kebab id', [bad({ id: 'Image_vs' })], /kebab-case/],
    ['unknown topic', [bad({ topic: 'dockerfile' })], /topic "dockerfile"/],
    ['unknown lesson', [bad({ lesson: 'nope' })], /lesson "nope"/],
    ['answer too big', [bad({ answer: 4 })], /answer 4 out of range/],
    ['negative answer', [bad({ answer: -1 })], /out of range/],
    ['uneven choices', [bad({ choices: { zh: ['a', 'b', 'c'], en: ['a', 'b', 'c', 'd'] } })], /3 zh choices but 4 en/],
    ['too few choices', [bad({ choices: { zh: ['a', 'b'], en: ['a', 'b'] }, answer: 0 })], /2 zh choices/],
    ['repeated choice', [bad({ choices: { zh: ['a', 'a', 'c'], en: ['a', 'b', 'c'] }, answer: 0 })], /repeated zh choice/],
    ['empty prompt', [bad({ prompt: { zh: '', en: 'x' } })], /empty zh prompt/],
    ['bad level', [bad({ level: 4 as 1 })], /level 4/],
  ] as const)('catches %s', (_name, cards, message) => {
    const problems = validateConcepts(cards, slugs);
    expect(problems.join('\n')).toMatch(message);
  });
});
