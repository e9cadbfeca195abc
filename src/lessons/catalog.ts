/**
 * All lessons, parsed at build time (Astro/Vite): a broken lesson file stops the
 * build with its file and line. Not for the browser bundle: pages pass each island
 * the parts it needs.
 */
import { type Lesson, parseLesson } from './format.ts';

const files = import.meta.glob('./*.lesson', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const LESSONS: readonly Lesson[] = Object.entries(files)
  .map(([file, source]) => parseLesson(source, `src/lessons/${file.replace(/^\.\//, '')}`))
  .sort((a, b) => a.order - b.order);

export function lessonBySlug(slug: string): Lesson | undefined {
  return LESSONS.find((l) => l.slug === slug);
}
