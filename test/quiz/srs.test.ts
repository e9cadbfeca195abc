/** Leitner spaced repetition: boxes, the daily queue, streaks, mastery, reset, export/import, damaged storage. */
import { describe, expect, it } from 'vitest';
import {
  DAMAGED_KEY,
  INTERVALS,
  STORAGE_KEY,
  addDays,
  createSrs,
  dayOf,
  isDay,
  type CardRef,
  type QuizStorage,
} from '../../src/quiz/srs.ts';

class MemoryStorage implements QuizStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

/** A clock the test moves by hand. */
function fakeClock(start = '2026-03-01') {
  let day = start;
  return {
    today: () => day,
    set: (d: string) => {
      day = d;
    },
    advance: (n: number) => {
      day = addDays(day, n);
    },
  };
}

function setup(opts: { newPerDay?: number; start?: string } = {}) {
  const storage = new MemoryStorage();
  const clock = fakeClock(opts.start);
  const srs = createSrs({ storage, today: clock.today, newPerDay: opts.newPerDay });
  return { storage, clock, srs };
}

const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('days', () => {
  it.each([
    ['2026-03-01', 1, '2026-03-02'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 8, '2026-04-06'],
  ])('%s + %i = %s', (day, n, want) => {
    expect(addDays(day, n)).toBe(want);
  });

  it('knows real days from look-alikes', () => {
    expect(isDay('2026-03-01')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-3-1')).toBe(false);
    expect(isDay('2026-03-01T00:00')).toBe(false);
    expect(isDay(20260301)).toBe(false);
  });

  it('dayOf uses the local calendar', () => {
    expect(dayOf(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('refuses a clock that does not give a day', () => {
    const srs = createSrs({ today: () => 'yesterday' });
    expect(() => srs.queue()).toThrow(RangeError);
  });
});

describe('answers move cards between boxes', () => {
  it('a new card answered right goes to box 2, due tomorrow', () => {
    const { srs } = setup();
    const out = srs.record('image-vs-container', 'what-is-a-container', true);
    expect(out).toMatchObject({ isNew: true, fromBox: 1, toBox: 2, due: '2026-03-02', early: false });
    expect(srs.card('image-vs-container')).toMatchObject({ box: 2, right: 1, wrong: 0, first: '2026-03-01' });
  });

  it('climbs one box per due right answer, waiting 1, 2, 4, 8 days, and stays in box 5', () => {
    const { srs, clock } = setup();
    const waits: number[] = [];
    let last = clock.today();
    for (let i = 0; i < 6; i++) {
      const out = srs.record('c', 't', true);
      waits.push(Math.round((Date.parse(out.due) - Date.parse(last)) / 86_400_000));
      clock.set(out.due);
      last = out.due;
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8]);
    expect(srs.card('c')?.box).toBe(5);
    expect(INTERVALS).toEqual([0, 1, 2, 4, 8]);
  });

  it('a right answer before the card is due counts but does not promote it', () => {
    const { srs } = setup();
    srs.record('c', 't', true);
    const again = srs.record('c', 't', true);
    expect(again).toMatchObject({ early: true, fromBox: 2, toBox: 2, due: '2026-03-02' });
    expect(srs.card('c')).toMatchObject({ box: 2, right: 2 });
  });

  it('a wrong answer sends the card back to box 1, due tomorrow', () => {
    const { srs, clock } = setup();
    srs.record('c', 't', true);
    clock.advance(1);
    srs.record('c', 't', true); // box 3, due +2
    clock.advance(2);
    const out = srs.record('c', 't', false);
    expect(out).toMatchObject({ fromBox: 3, toBox: 1, due: '2026-03-05' });
    expect(srs.card('c')).toMatchObject({ box: 1, wrong: 1, right: 2 });
    // Not due again today: the explanation was just shown.
    expect(srs.queue({ pool: [{ id: 'c', topic: 't' }] })).toEqual([]);
  });

  it('a wrong first answer still introduces the card', () => {
    const { srs } = setup();
    expect(srs.record('c', 't', false)).toMatchObject({ isNew: true, fromBox: 1, toBox: 1, due: '2026-03-02' });
  });

  it('takes the latest topic given for a card', () => {
    const { srs } = setup();
    srs.record('c', 'ps', true);
    srs.record('c', 'lifecycle', false);
    expect(srs.card('c')?.topic).toBe('lifecycle');
  });

  it('refuses empty ids and topics', () => {
    const { srs } = setup();
    expect(() => srs.record('', 't', true)).toThrow(TypeError);
    expect(() => srs.record('c', '', true)).toThrow(TypeError);
  });
});

describe('the daily queue', () => {
  const pool: CardRef[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, topic: 'ps' }));

  it('on day 1, 2, 5 and 9: due cards oldest first, then at most N new ones', () => {
    const { srs, clock } = setup({ newPerDay: 3 });

    // Day 1 (03-01): nothing due, three of the four new cards.
    let q = srs.queue({ pool });
    expect(ids(q)).toEqual(['a', 'b', 'c']);
    expect(q.every((i) => i.kind === 'new' && i.box === 1 && i.due === '2026-03-01')).toBe(true);
    srs.record('a', 'ps', true); // box 2, due 03-02
    srs.record('b', 'ps', true); // box 2, due 03-02
    srs.record('c', 'ps', false); // box 1, due 03-02
    expect(srs.queue({ pool })).toEqual([]); // the day's three new cards are used up
    expect(ids(srs.queue({ pool, newPerDay: 4 }))).toEqual(['d']); // a bigger allowance for one call

    // Day 2 (03-02): all three due the same day, lower box first; then d, new.
    clock.advance(1);
    q = srs.queue({ pool });
    expect(q.map((i) => `${i.id}:${i.kind}:${i.box}`)).toEqual(['c:due:1', 'a:due:2', 'b:due:2', 'd:new:1']);
    srs.record('a', 'ps', true); // box 3, due 03-04
    srs.record('b', 'ps', false); // box 1, due 03-03
    srs.record('c', 'ps', true); // box 2, due 03-03
    srs.record('d', 'ps', true); // box 2, due 03-03
    expect(srs.queue({ pool })).toEqual([]);

    // Day 5 (03-05), two days missed: the most overdue first.
    clock.set('2026-03-05');
    q = srs.queue({ pool });
    expect(q.map((i) => `${i.id}:${i.due}`)).toEqual(['b:2026-03-03', 'c:2026-03-03', 'd:2026-03-03', 'a:2026-03-04']);
    for (const id of ids(q)) srs.record(id, 'ps', true);
    // b → box 2 (03-06), c, d → box 3 (03-07), a → box 4 (03-09)

    // Day 9 (03-09).
    clock.set('2026-03-09');
    q = srs.queue({ pool });
    expect(q.map((i) => `${i.id}:${i.box}:${i.due}`)).toEqual([
      'b:2:2026-03-06',
      'c:3:2026-03-07',
      'd:3:2026-03-07',
      'a:4:2026-03-09',
    ]);
  });

  it('leaves out due cards that are not in the pool, and keeps them without one', () => {
    const { srs, clock } = setup();
    srs.record('retired', 'ps', true);
    srs.record('a', 'ps', true);
    clock.advance(1);
    expect(ids(srs.queue({ pool }))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(srs.queue())).toEqual(['a', 'retired']);
  });

  it('offers a pool id once even when the pool repeats it', () => {
    const { srs } = setup();
    expect(ids(srs.queue({ pool: [...pool, ...pool] }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('newPerDay 0 shows only due cards', () => {
    const { srs } = setup({ newPerDay: 0 });
    expect(srs.queue({ pool })).toEqual([]);
  });
});

describe('streaks', () => {
  it('counts consecutive days once each, survives until a day is missed, then starts over', () => {
    const { srs, clock } = setup();
    expect(srs.streak()).toEqual({ current: 0, best: 0, lastDay: null, reviewedToday: false });

    srs.record('a', 't', true);
    srs.record('b', 't', false);
    expect(srs.streak()).toMatchObject({ current: 1, best: 1, reviewedToday: true });

    clock.advance(1);
    expect(srs.streak()).toMatchObject({ current: 1, reviewedToday: false }); // still time today
    srs.record('a', 't', true);
    clock.advance(1);
    srs.record('c', 't', true);
    expect(srs.streak()).toMatchObject({ current: 3, best: 3, lastDay: '2026-03-03' });

    clock.advance(1); // 03-04: nothing yet, streak alive
    expect(srs.streak().current).toBe(3);
    clock.advance(1); // 03-05: 03-04 was missed
    expect(srs.streak()).toMatchObject({ current: 0, best: 3 });
    srs.record('a', 't', true);
    expect(srs.streak()).toMatchObject({ current: 1, best: 3 });
  });

  it('ignores a clock that goes backwards', () => {
    const { srs, clock } = setup();
    srs.record('a', 't', true);
    clock.advance(1);
    srs.record('a', 't', true);
    clock.set('2026-02-20');
    srs.record('b', 't', true);
    clock.set('2026-03-02');
    expect(srs.streak()).toMatchObject({ current: 2, lastDay: '2026-03-02' });
  });
});

describe('mastery', () => {
  it('is the share of a topic’s cards in box 4 or 5, plus a weighted score', () => {
    const { srs, clock } = setup();
    // Take p1 to box 4: right on day d, d+1, d+3.
    srs.record('p1', 'ps', true);
    clock.advance(1);
    srs.record('p1', 'ps', true);
    clock.advance(2);
    srs.record('p1', 'ps', true);
    srs.record('p2', 'ps', true); // box 2
    srs.record('v1', 'volumes', false); // box 1
    expect(srs.card('p1')?.box).toBe(4);

    const pool: CardRef[] = [
      { id: 'p1', topic: 'ps' },
      { id: 'p2', topic: 'ps' },
      { id: 'p3', topic: 'ps' },
      { id: 'p4', topic: 'ps' },
      { id: 'v1', topic: 'volumes' },
      { id: 'n1', topic: 'names-ports' },
    ];
    expect(srs.mastery(pool)).toEqual([
      { topic: 'ps', total: 4, seen: 2, mastered: 1, share: 0.25, score: (3 / 4 + 1 / 4) / 4 },
      { topic: 'volumes', total: 1, seen: 1, mastered: 0, share: 0, score: 0 },
      { topic: 'names-ports', total: 1, seen: 0, mastered: 0, share: 0, score: 0 },
    ]);

    // Without a pool: the stored cards only, topics in alphabetical order.
    expect(srs.mastery()).toEqual([
      { topic: 'ps', total: 2, seen: 2, mastered: 1, share: 0.5, score: (3 / 4 + 1 / 4) / 2 },
      { topic: 'volumes', total: 1, seen: 1, mastered: 0, share: 0, score: 0 },
    ]);
  });
});

describe('reset', () => {
  it('forgets one topic, or everything including the streak', () => {
    const { srs } = setup();
    srs.record('p1', 'ps', true);
    srs.record('p2', 'ps', false);
    srs.record('v1', 'volumes', true);
    expect(srs.reset('ps')).toBe(2);
    expect(srs.cards().map((c) => c.id)).toEqual(['v1']);
    expect(srs.streak().current).toBe(1);
    expect(srs.reset('nothing-here')).toBe(0);

    expect(srs.reset()).toBe(1);
    expect(srs.cards()).toEqual([]);
    expect(srs.streak()).toMatchObject({ current: 0, best: 0, lastDay: null });
  });
});

describe('export and import', () => {
  function filled() {
    const s = setup();
    s.srs.record('image-vs-container', 'what-is-a-container', true);
    s.srs.record('gen:ps:42', 'ps', false);
    s.clock.advance(1);
    s.srs.record('image-vs-container', 'what-is-a-container', true);
    return s;
  }

  it('round-trips into another store', () => {
    const { srs, clock } = filled();
    const text = srs.exportJson();
    expect(JSON.parse(text)).toMatchObject({ format: 'cc-quiz-srs', version: 1, exported: '2026-03-02' });

    const other = createSrs({ storage: new MemoryStorage(), today: clock.today });
    expect(other.importJson(text)).toEqual({ ok: true, cards: 2 });
    expect(other.cards()).toEqual(srs.cards());
    expect(other.streak()).toEqual(srs.streak());
    clock.advance(3);
    expect(other.queue()).toEqual(srs.queue());
  });

  it('keeps odd ids such as __proto__ as ordinary cards', () => {
    const { srs } = setup();
    srs.record('__proto__', 't', true);
    srs.record('constructor', 't', false);
    const other = createSrs({ storage: new MemoryStorage(), today: () => '2026-03-01' });
    expect(other.importJson(srs.exportJson())).toEqual({ ok: true, cards: 2 });
    expect(other.card('__proto__')).toMatchObject({ box: 2 });
    expect(other.cards().map((c) => c.id).sort()).toEqual(['__proto__', 'constructor']);
  });

  const valid = () => JSON.parse(filled().srs.exportJson()) as Record<string, any>;
  const garbage: Array<[string, () => string]> = [
    ['not JSON', () => '{"format": '],
    ['an array', () => '[]'],
    ['another format', () => JSON.stringify({ ...valid(), format: 'anki' })],
    ['a future version', () => JSON.stringify({ ...valid(), version: 2 })],
    ['box 7', () => { const v = valid(); v.cards['gen:ps:42'].box = 7; return JSON.stringify(v); }],
    ['box 2.5', () => { const v = valid(); v.cards['gen:ps:42'].box = 2.5; return JSON.stringify(v); }],
    ['30 February', () => { const v = valid(); v.cards['gen:ps:42'].due = '2026-02-30'; return JSON.stringify(v); }],
    ['a negative count', () => { const v = valid(); v.cards['gen:ps:42'].wrong = -1; return JSON.stringify(v); }],
    ['an empty topic', () => { const v = valid(); v.cards['gen:ps:42'].topic = ''; return JSON.stringify(v); }],
    ['a card never answered', () => { const v = valid(); Object.assign(v.cards['gen:ps:42'], { right: 0, wrong: 0 }); return JSON.stringify(v); }],
    ['an empty id', () => { const v = valid(); v.cards[''] = v.cards['gen:ps:42']; return JSON.stringify(v); }],
    ['no streak', () => { const v = valid(); delete v.streak; return JSON.stringify(v); }],
    ['best below current', () => { const v = valid(); v.streak.best = 0; return JSON.stringify(v); }],
  ];

  it.each(garbage)('refuses %s and changes nothing', (_name, make) => {
    const { srs, storage } = filled();
    const before = srs.exportJson();
    const stored = storage.getItem(STORAGE_KEY);
    const result = srs.importJson(make());
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).not.toBe('');
    expect(srs.exportJson()).toBe(before);
    expect(storage.getItem(STORAGE_KEY)).toBe(stored);
  });
});

describe('storage', () => {
  it('is shared: a second store on the same storage (another tab, a reload) sees the answers', () => {
    const { storage, clock, srs } = setup();
    srs.record('a', 't', true);
    const tab2 = createSrs({ storage, today: clock.today });
    tab2.record('b', 't', false);
    expect(srs.cards().map((c) => c.id)).toEqual(['a', 'b']);
    expect(Object.keys(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}').cards)).toEqual(['a', 'b']);
    // Every key the module writes starts with cc:quiz:.
    expect([...storage.data.keys()].every((k) => k.startsWith('cc:quiz:'))).toBe(true);
  });

  it.each([
    ['bad JSON', '{"cards": {'],
    ['the wrong shape', JSON.stringify({ format: 'cc-quiz-srs', version: 1, cards: { a: { box: 9 } } })],
    ['a bare number', '42'],
  ])('damaged by %s: starts fresh without throwing, keeps a copy of the damage', (_name, text) => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, text);
    const srs = createSrs({ storage, today: () => '2026-03-01' });
    expect(srs.queue()).toEqual([]);
    expect(srs.streak().current).toBe(0);
    expect(srs.health().recovered).toMatch(/damaged/);
    expect(storage.getItem(DAMAGED_KEY)).toBe(text);
    srs.record('a', 't', true);
    expect(createSrs({ storage, today: () => '2026-03-01' }).card('a')).toMatchObject({ box: 2 });
  });

  it('works in memory when the storage throws on every call', () => {
    const broken: QuizStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const srs = createSrs({ storage: broken, today: () => '2026-03-01' });
    expect(() => srs.record('a', 't', true)).not.toThrow();
    expect(srs.card('a')).toMatchObject({ box: 2 });
    expect(srs.health()).toEqual({ storage: 'memory', recovered: null });
  });

  it('keeps answers in memory when writes fail (quota), rather than rereading stale storage', () => {
    const storage = new MemoryStorage();
    const srs0 = createSrs({ storage, today: () => '2026-03-01' });
    srs0.record('old', 't', true);
    const full: QuizStorage = {
      getItem: (k) => storage.getItem(k),
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const srs = createSrs({ storage: full, today: () => '2026-03-01' });
    srs.record('new', 't', true);
    expect(srs.cards().map((c) => c.id)).toEqual(['old', 'new']);
    expect(srs.health().storage).toBe('memory');
  });

  it('works without any storage', () => {
    const srs = createSrs({ today: () => '2026-03-01' });
    srs.record('a', 't', false);
    expect(srs.card('a')).toMatchObject({ box: 1 });
    expect(srs.health().storage).toBe('memory');
  });
});
