/**
 * The learner's progress in the browser's storage: per lesson the current step,
 * the steps done and the sandbox's input log (to rebuild it), and the playground.
 * Everything lives under keys starting with `cc:`; a progress file is those keys.
 */
export const PREFIX = 'cc:';
export const FORMAT = 'container-classroom-progress';

export interface LessonProgress {
  step: number;
  done: string[];
  /** The sandbox's input log (see src/play/terminal/record.ts). */
  log: unknown[];
  /** Log length at the start of each step (Back rewinds to it). */
  marks: number[];
}

export function lessonKey(slug: string): string {
  return `${PREFIX}lesson:${slug}`;
}

export function loadLesson(storage: Storage | undefined, slug: string): LessonProgress | null {
  try {
    const raw = storage?.getItem(lessonKey(slug));
    if (!raw) return null;
    const p = JSON.parse(raw) as Partial<LessonProgress>;
    if (typeof p.step !== 'number' || !Array.isArray(p.done)) return null;
    // marks is indexed by step: a step never entered forward is a hole (null in JSON) and keeps its place.
    const marks: number[] = [];
    if (Array.isArray(p.marks)) p.marks.forEach((m, i) => typeof m === 'number' && (marks[i] = m));
    return { step: p.step, done: p.done.filter((d) => typeof d === 'string'), log: Array.isArray(p.log) ? p.log : [], marks };
  } catch {
    return null;
  }
}

export function saveLesson(storage: Storage | undefined, slug: string, p: LessonProgress): void {
  try {
    storage?.setItem(lessonKey(slug), JSON.stringify(p));
  } catch {
    /* storage full or disabled: progress is kept for this visit only */
  }
}

export function exportProgress(storage: Storage): { format: string; version: 1; entries: Record<string, string> } {
  const entries: Record<string, string> = {};
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(PREFIX)) entries[k] = storage.getItem(k) ?? '';
  }
  return { format: FORMAT, version: 1, entries };
}

/** Restores a progress file. Throws (and changes nothing) if it is not one. */
export function importProgress(storage: Storage, data: unknown): number {
  const d = data as { format?: unknown; entries?: unknown };
  if (!d || d.format !== FORMAT || typeof d.entries !== 'object' || d.entries === null) throw new Error('not a progress file');
  const entries = Object.entries(d.entries as Record<string, unknown>).filter(
    ([k, v]) => k.startsWith(PREFIX) && typeof v === 'string',
  ) as Array<[string, string]>;
  for (const [k, v] of entries) storage.setItem(k, v);
  return entries.length;
}
