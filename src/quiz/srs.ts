// Spaced repetition for the quiz: Leitner boxes kept in the browser.
//
// The module does not know where cards come from (concept ids from concepts.ts, ids of generated
// questions, anything else); it only keeps, per card id, the card's topic (a lesson slug, passed
// in with every answer), its box and the day it is next due. Time comes from a clock that gives
// the calendar day as YYYY-MM-DD, so tests and the page can simulate "the next day".
//
// ── API ───────────────────────────────────────────────────────────────────────────────────
//   createSrs({ storage, today, newPerDay }) → Srs
//     storage    getItem/setItem like localStorage (browserStorage() gives the real one, or
//                null when it cannot be used); null or absent: kept in memory only
//     today      () => 'YYYY-MM-DD'; default systemToday (the local calendar day)
//     newPerDay  new cards introduced per day at most (default DEFAULT_NEW_PER_DAY)
//   srs.record(id, topic, correct) → AnswerOutcome    record one answer
//   srs.queue({ pool, newPerDay }) → QueueItem[]       today's review queue
//   srs.streak() → Streak                              consecutive days with a review
//   srs.mastery(pool?) → TopicMastery[]                per-topic mastery
//   srs.reset(topic?) → number                         forget everything, or one topic's cards
//   srs.exportJson() → string                          the whole state as JSON
//   srs.importJson(text) → ImportResult                replace the state; garbage is refused
//   srs.card(id) / srs.cards()                         what is stored
//   srs.health() → Health                              storage trouble, if any
//   dayOf(date), systemToday(), addDays(day, n), isDay(text), browserStorage()
//
// ── Schedule ──────────────────────────────────────────────────────────────────────────────
// Five boxes; a card in box b waits INTERVALS[b-1] = 0, 1, 2, 4, 8 days after its last answer.
//   • A new card starts in box 1 and is due the day it is introduced (interval 0).
//   • Right, when the card is due: up one box (box 5 stays 5) and due after the new box's
//     interval: 1 → 2 waits 1 day, 2 → 3 2 days, 3 → 4 4 days, 4 → 5 and 5 → 5 8 days.
//   • Right, when the card is not due yet (free practice on /quiz, or a second go the same day):
//     counted, but box and due day stay. Otherwise one sitting of repeats would carry a card to
//     box 5, and the spacing is the point.
//   • Wrong, whenever: back to box 1, due TOMORROW (WRONG_DELAY = 1 day), not today. The
//     explanation has just been read, so asking again within minutes tests short-term memory and
//     would promote the card on a free ride; and a queue that refills itself with every mistake
//     never lets the learner finish the day.
// The doubling intervals are the classic Leitner ladder; 8 days at the top suits interview
// preparation, which runs for weeks, not years.
//
// ── Queue ─────────────────────────────────────────────────────────────────────────────────
// Due cards (due day ≤ today) first, most overdue first (then lower box, then answered longer
// ago, then id, so the order is stable); then new cards from `pool` (ids never answered), in
// pool order, as many as the day's allowance has left: newPerDay minus the cards first answered
// today. With a pool, due cards whose id is not in it (a retired question) are left out.
//
// ── Streak ────────────────────────────────────────────────────────────────────────────────
// Days in a row with at least one answer; several answers on one day count once. The streak
// still shows on a day with no answer yet (there is time left), and is 0 once a whole day has
// been missed. A clock that goes backwards changes nothing.
//
// ── Mastery ───────────────────────────────────────────────────────────────────────────────
// share = cards of the topic in box ≥ MASTERED_BOX (4) ÷ cards of the topic. Reaching box 4
// takes three right answers in a row on three different days (day d, d+1, d+3). With a pool the
// topic's cards are the pool's (unanswered ones count as not mastered); without, the stored
// ones. `score` is a gentler weighted figure for a progress bar: the mean of (box − 1) / 4 over
// the same cards, unanswered cards 0, so it moves from the first right answer on.
//
// ── Storage ───────────────────────────────────────────────────────────────────────────────
// One JSON value under STORAGE_KEY ('cc:quiz:srs'), read again before every call so two tabs do
// not overwrite each other's answers. Anything unreadable (bad JSON, wrong shape, an invented
// box) starts a fresh state without throwing; the damaged text is copied once to DAMAGED_KEY so
// nothing is lost for good, and health().recovered says what happened. If the storage throws on
// read or write (private mode, quota), the state lives on in memory for the session.
// The export format is the stored format plus an `exported` day; import validates all of it and
// replaces the state only when every field is right.

export const STORAGE_PREFIX = 'cc:quiz:';
export const STORAGE_KEY = `${STORAGE_PREFIX}srs`;
export const DAMAGED_KEY = `${STORAGE_PREFIX}srs:damaged`;
export const FORMAT = 'cc-quiz-srs';
export const FORMAT_VERSION = 1;

export const BOX_COUNT = 5;
/** Days a card waits in box 1…5 after its last answer. */
export const INTERVALS: readonly number[] = [0, 1, 2, 4, 8];
/** Days until a card answered wrong is due again. */
export const WRONG_DELAY = 1;
export const MASTERED_BOX = 4;
export const DEFAULT_NEW_PER_DAY = 10;
/** Longest text importJson reads (localStorage holds about 5 MB per site anyway). */
export const MAX_IMPORT_CHARS = 5_000_000;
const MAX_ID_CHARS = 300;

/** A calendar day, 'YYYY-MM-DD'. */
export type Day = string;
export type Box = 1 | 2 | 3 | 4 | 5;

export interface QuizStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface CardState {
  topic: string;
  box: Box;
  /** The day it is next due. */
  due: Day;
  /** The day it was first answered (introduced). */
  first: Day;
  /** The day of its latest answer. */
  last: Day;
  right: number;
  wrong: number;
}

export interface CardRef {
  id: string;
  topic: string;
}

export interface QueueItem {
  id: string;
  topic: string;
  /** 'due': answered before and due today or earlier; 'new': never answered. */
  kind: 'due' | 'new';
  box: Box;
  due: Day;
}

export interface AnswerOutcome {
  id: string;
  topic: string;
  correct: boolean;
  /** True when this was the card's first answer. */
  isNew: boolean;
  /** Box before the answer (1 for a new card) and after it. */
  fromBox: Box;
  toBox: Box;
  due: Day;
  /** Right but not due yet: counted, box and due day unchanged. */
  early: boolean;
}

export interface Streak {
  /** Days in a row up to today (or up to yesterday, when today has no answer yet). */
  current: number;
  best: number;
  /** The latest day with an answer, or null. */
  lastDay: Day | null;
  reviewedToday: boolean;
}

export interface TopicMastery {
  topic: string;
  /** The topic's cards: from the pool when one is given, else the stored ones. */
  total: number;
  /** Of those, answered at least once. */
  seen: number;
  /** Of those, in box ≥ MASTERED_BOX. */
  mastered: number;
  /** mastered / total (0 when total is 0). */
  share: number;
  /** Mean of (box − 1) / 4 over the topic's cards, unanswered ones 0. */
  score: number;
}

export type ImportResult = { ok: true; cards: number } | { ok: false; error: string };

export interface Health {
  /** Whether the state is being written to the storage ('memory': not at all, or writes fail). */
  storage: 'persistent' | 'memory';
  /** Why the stored state was thrown away and a fresh one started, if that happened. */
  recovered: string | null;
}

export interface SrsOptions {
  storage?: QuizStorage | null;
  today?: () => Day;
  newPerDay?: number;
}

export interface Srs {
  record(id: string, topic: string, correct: boolean): AnswerOutcome;
  queue(options?: { pool?: readonly CardRef[]; newPerDay?: number }): QueueItem[];
  streak(): Streak;
  mastery(pool?: readonly CardRef[]): TopicMastery[];
  reset(topic?: string): number;
  exportJson(): string;
  importJson(text: string): ImportResult;
  card(id: string): CardState | undefined;
  cards(): Array<CardState & { id: string }>;
  health(): Health;
}

// ── days ────────────────────────────────────────────────────────────────────────────────────

const DAY_FORM = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar day written 'YYYY-MM-DD' ('2026-02-30' is false). */
export function isDay(text: unknown): text is Day {
  if (typeof text !== 'string') return false;
  const m = DAY_FORM.exec(text);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === text;
}

/** The day `n` days after `day` (n may be negative). Calendar arithmetic, no time zones. */
export function addDays(day: Day, n: number): Day {
  const m = DAY_FORM.exec(day);
  if (!m || !isDay(day)) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + n * MS_PER_DAY;
  return new Date(t).toISOString().slice(0, 10);
}

/** The local calendar day of a Date, 'YYYY-MM-DD'. */
export function dayOf(date: Date): Day {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today in the local time zone: a new day starts at the learner's midnight. */
export function systemToday(): Day {
  return dayOf(new Date());
}

/** window.localStorage when it exists and can be used, else null (SSR, blocked storage). */
export function browserStorage(): QuizStorage | null {
  try {
    const s = (globalThis as { localStorage?: QuizStorage }).localStorage;
    if (!s) return null;
    s.getItem(STORAGE_KEY); // throws where storage is blocked; a failing write is handled later
    return s;
  } catch {
    return null;
  }
}

// ── state and its validation ────────────────────────────────────────────────────────────────

interface StreakState {
  last: Day | null;
  count: number;
  best: number;
}

interface State {
  cards: Map<string, CardState>;
  streak: StreakState;
}

function freshState(): State {
  return { cards: new Map(), streak: { last: null, count: 0, best: 0 } };
}

function cloneCard(c: CardState): CardState {
  return { topic: c.topic, box: c.box, due: c.due, first: c.first, last: c.last, right: c.right, wrong: c.wrong };
}

function serialize(state: State, exported?: Day): Record<string, unknown> {
  const out: Record<string, unknown> = { format: FORMAT, version: FORMAT_VERSION };
  if (exported !== undefined) out['exported'] = exported;
  // fromEntries defines own properties, so an id such as "__proto__" stays an ordinary key.
  out['cards'] = Object.fromEntries([...state.cards].map(([id, c]) => [id, cloneCard(c)]));
  out['streak'] = { last: state.streak.last, count: state.streak.count, best: state.streak.best };
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS;
}

/** Parses and checks a stored or exported state; a string says what is wrong. */
function parseState(text: string): State | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!isRecord(data)) return 'not a JSON object';
  if (data['format'] !== FORMAT) return `format is not "${FORMAT}"`;
  if (data['version'] !== FORMAT_VERSION) return `version ${JSON.stringify(data['version'])} is not ${FORMAT_VERSION}`;
  if ('exported' in data && !isDay(data['exported'])) return 'exported is not a day';
  const rawCards = data['cards'];
  if (!isRecord(rawCards)) return 'cards is not an object';
  const cards = new Map<string, CardState>();
  for (const [id, raw] of Object.entries(rawCards)) {
    const at = `card ${JSON.stringify(id.slice(0, 60))}`;
    if (!isName(id)) return `${at}: bad id`;
    if (!isRecord(raw)) return `${at}: not an object`;
    const { topic, box, due, first, last, right, wrong } = raw;
    if (!isName(topic)) return `${at}: bad topic`;
    if (typeof box !== 'number' || !Number.isInteger(box) || box < 1 || box > BOX_COUNT) return `${at}: box is not 1–${BOX_COUNT}`;
    if (!isDay(due) || !isDay(first) || !isDay(last)) return `${at}: due, first and last must be days`;
    if (first > last) return `${at}: first answer after the last one`;
    if (!isCount(right) || !isCount(wrong)) return `${at}: right and wrong must be counts`;
    if (right + wrong === 0) return `${at}: stored but never answered`;
    cards.set(id, { topic, box: box as Box, due, first, last, right, wrong });
  }
  const rawStreak = data['streak'];
  if (!isRecord(rawStreak)) return 'streak is not an object';
  const { last, count, best } = rawStreak;
  if (last !== null && !isDay(last)) return 'streak.last is not a day or null';
  if (!isCount(count) || !isCount(best)) return 'streak counts are not counts';
  if (best < count) return 'streak.best is below the current streak';
  if ((last === null) !== (count === 0)) return 'streak.last and streak.count disagree';
  return { cards, streak: { last, count, best } };
}

// ── the store ───────────────────────────────────────────────────────────────────────────────

export function createSrs(options: SrsOptions = {}): Srs {
  const storage = options.storage ?? null;
  const clock = options.today ?? systemToday;
  const defaultNew = validAllowance(options.newPerDay) ?? DEFAULT_NEW_PER_DAY;

  let memory = freshState();
  let saveFailed = false;
  let recovered: string | null = null;
  let backedUp: string | null = null;

  function today(): Day {
    const d = clock();
    if (!isDay(d)) throw new RangeError(`the quiz clock gave ${JSON.stringify(d)}, not a YYYY-MM-DD day`);
    return d;
  }

  /** The current state: storage first (another tab may have written), memory when it fails. */
  function read(): State {
    if (!storage || saveFailed) return memory;
    let text: string | null;
    try {
      text = storage.getItem(STORAGE_KEY);
    } catch {
      return memory;
    }
    if (text === null) {
      memory = freshState();
      return memory;
    }
    const parsed = parseState(text);
    if (typeof parsed === 'string') {
      recovered = `stored quiz progress was damaged (${parsed}); started afresh`;
      if (backedUp !== text) {
        backedUp = text;
        try {
          storage.setItem(DAMAGED_KEY, text);
        } catch {
          // Nowhere to keep it; the fresh state matters more.
        }
      }
      memory = freshState();
      return memory;
    }
    memory = parsed;
    return memory;
  }

  function write(state: State): void {
    memory = state;
    if (!storage) return;
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify(serialize(state)));
      saveFailed = false;
    } catch {
      saveFailed = true;
    }
  }

  function record(id: string, topic: string, correct: boolean): AnswerOutcome {
    if (!isName(id)) throw new TypeError(`card id must be a non-empty string of at most ${MAX_ID_CHARS} characters`);
    if (!isName(topic)) throw new TypeError(`topic must be a non-empty string of at most ${MAX_ID_CHARS} characters`);
    const day = today();
    const state = read();
    const old = state.cards.get(id);
    const card: CardState = old
      ? cloneCard(old)
      : { topic, box: 1, due: day, first: day, last: day, right: 0, wrong: 0 };
    card.topic = topic;
    const fromBox = card.box;
    const isDue = card.due <= day;
    let early = false;
    if (correct) {
      card.right += 1;
      if (isDue) {
        card.box = Math.min(BOX_COUNT, card.box + 1) as Box;
        card.due = addDays(day, INTERVALS[card.box - 1] ?? 0);
      } else {
        early = true;
      }
    } else {
      card.wrong += 1;
      card.box = 1;
      card.due = addDays(day, WRONG_DELAY);
    }
    if (day > card.last) card.last = day;
    state.cards.set(id, card);
    bumpStreak(state.streak, day);
    write(state);
    return { id, topic, correct, isNew: !old, fromBox, toBox: card.box, due: card.due, early };
  }

  function queue(opts: { pool?: readonly CardRef[]; newPerDay?: number } = {}): QueueItem[] {
    const day = today();
    const state = read();
    const pool = opts.pool;
    const inPool = pool ? new Set(pool.map((r) => r.id)) : null;
    const due: Array<[string, CardState]> = [];
    for (const [id, c] of state.cards) {
      if (c.due <= day && (!inPool || inPool.has(id))) due.push([id, c]);
    }
    due.sort(([ia, a], [ib, b]) =>
      cmp(a.due, b.due) || a.box - b.box || cmp(a.last, b.last) || cmp(ia, ib),
    );
    const items: QueueItem[] = due.map(([id, c]) => ({ id, topic: c.topic, kind: 'due', box: c.box, due: c.due }));
    if (pool) {
      const allowance = validAllowance(opts.newPerDay) ?? defaultNew;
      let introducedToday = 0;
      for (const c of state.cards.values()) if (c.first === day) introducedToday += 1;
      let room = Math.max(0, allowance - introducedToday);
      const offered = new Set<string>();
      for (const ref of pool) {
        if (room === 0) break;
        if (!isName(ref.id) || state.cards.has(ref.id) || offered.has(ref.id)) continue;
        offered.add(ref.id);
        items.push({ id: ref.id, topic: ref.topic, kind: 'new', box: 1, due: day });
        room -= 1;
      }
    }
    return items;
  }

  function streak(): Streak {
    const day = today();
    const s = read().streak;
    const alive = s.last !== null && (s.last === day || addDays(s.last, 1) === day);
    return { current: alive ? s.count : 0, best: s.best, lastDay: s.last, reviewedToday: s.last === day };
  }

  function mastery(pool?: readonly CardRef[]): TopicMastery[] {
    const state = read();
    const byTopic = new Map<string, string[]>();
    const add = (topic: string, id: string) => {
      const list = byTopic.get(topic);
      if (list) {
        if (!list.includes(id)) list.push(id);
      } else byTopic.set(topic, [id]);
    };
    if (pool) {
      for (const ref of pool) add(ref.topic, ref.id);
    } else {
      const stored = [...state.cards].sort(([, a], [, b]) => cmp(a.topic, b.topic));
      for (const [id, c] of stored) add(c.topic, id);
    }
    return [...byTopic].map(([topic, ids]) => {
      let seen = 0;
      let mastered = 0;
      let weight = 0;
      for (const id of ids) {
        const c = state.cards.get(id);
        if (!c) continue;
        seen += 1;
        if (c.box >= MASTERED_BOX) mastered += 1;
        weight += (c.box - 1) / (BOX_COUNT - 1);
      }
      const total = ids.length;
      return { topic, total, seen, mastered, share: total ? mastered / total : 0, score: total ? weight / total : 0 };
    });
  }

  function reset(topic?: string): number {
    const state = read();
    if (topic === undefined) {
      const n = state.cards.size;
      write(freshState());
      return n;
    }
    let n = 0;
    for (const [id, c] of [...state.cards]) {
      if (c.topic === topic) {
        state.cards.delete(id);
        n += 1;
      }
    }
    if (n > 0) write(state);
    return n;
  }

  function exportJson(): string {
    return JSON.stringify(serialize(read(), today()), null, 2);
  }

  function importJson(text: string): ImportResult {
    if (typeof text !== 'string') return { ok: false, error: 'not text' };
    if (text.length > MAX_IMPORT_CHARS) return { ok: false, error: `more than ${MAX_IMPORT_CHARS} characters` };
    const parsed = parseState(text);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    write(parsed);
    return { ok: true, cards: parsed.cards.size };
  }

  function card(id: string): CardState | undefined {
    const c = read().cards.get(id);
    return c ? cloneCard(c) : undefined;
  }

  function cards(): Array<CardState & { id: string }> {
    return [...read().cards].map(([id, c]) => ({ id, ...cloneCard(c) }));
  }

  function health(): Health {
    read();
    return { storage: storage && !saveFailed ? 'persistent' : 'memory', recovered };
  }

  return { record, queue, streak, mastery, reset, exportJson, importJson, card, cards, health };
}

function bumpStreak(s: StreakState, day: Day): void {
  if (s.last !== null && day <= s.last) return; // same day counts once; a clock going back changes nothing
  s.count = s.last !== null && addDays(s.last, 1) === day ? s.count + 1 : 1;
  s.last = day;
  s.best = Math.max(s.best, s.count);
}

function validAllowance(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
