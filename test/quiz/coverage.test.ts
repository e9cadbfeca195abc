/**
 * The generator covers the lifecycle model: every (state, event) pair of
 * definedPairs() is in the coverage table; every pair a docker command can reach
 * is asked about by some catalogue item; the unreachable ones say why; the
 * runtime events' witnesses really show their transition; and every situation's
 * setup really reaches the state it claims (in both Docker profiles).
 */
import { describe, expect, it } from 'vitest';
import { definedPairs } from '../../src/sim/lifecycle/verdict.ts';
import { catalog, catalogItem } from '../../src/quiz/catalog.ts';
import { coverageTable, REACHABLE_STATES, UNREACHABLE } from '../../src/quiz/coverage.ts';
import { generateQuestion } from '../../src/quiz/generate.ts';
import { GONE } from '../../src/quiz/observe.ts';
import { SITUATIONS } from '../../src/quiz/situations.ts';
import { runScript } from '../../src/quiz/simrun.ts';

describe('coverage table', () => {
  const table = coverageTable();

  it('has exactly one row per pair of definedPairs()', () => {
    const pairs = definedPairs().map((p) => `${p.state} ${p.event}`).sort();
    expect(table.map((r) => `${r.state} ${r.event}`).sort()).toEqual(pairs);
    for (const p of definedPairs()) {
      expect(table.find((r) => r.state === p.state && r.event === p.event)!.verdict).toBe(p.verdict.kind);
    }
  });

  it('asks about every command pair in every reachable state', () => {
    for (const row of table.filter((r) => r.event.startsWith('container.'))) {
      if (REACHABLE_STATES.includes(row.state)) {
        expect(row.reachable, `${row.state} ${row.event}`).toBe(true);
        expect(row.items.length, `${row.state} ${row.event}`).toBeGreaterThan(0);
        for (const id of row.items) {
          const it = catalogItem(id)!;
          expect(it.situation.state).toBe(row.state);
          expect(`container.${it.command.command}`).toBe(row.event);
        }
      } else {
        expect(row.reachable).toBe(false);
      }
    }
  });

  it('says why each unreachable pair is unreachable', () => {
    const unreachable = table.filter((r) => !r.reachable);
    expect(new Set(unreachable.map((r) => r.state))).toEqual(new Set(['removing', 'dead']));
    for (const r of unreachable) {
      expect(r.why?.zh, `${r.state} ${r.event}`).toBeTruthy();
      expect(r.why?.en, `${r.state} ${r.event}`).toBeTruthy();
    }
    expect(Object.keys(UNREACHABLE).sort()).toEqual(['dead', 'removed', 'removing']);
  });

  it('each runtime event witness shows its transition', async () => {
    const rows = table.filter((r) => r.witness);
    expect(rows.map((r) => r.event).sort()).toEqual(['removal.done', 'restart.fail', 'restart.start', 'task.exit', 'task.exit', 'task.exitRestart']);
    for (const r of rows) {
      const q = (await generateQuestion(r.witness!, { docker: '20.10' }))!;
      expect(q, r.witness).toBeDefined();
      const moves = [...q.setupPath, ...q.path];
      expect(moves.some((m) => m.from === r.state && m.event === r.event), `${r.witness}: ${JSON.stringify(moves)}`).toBe(true);
    }
  }, 30_000);

  it('every catalogue item is in the table or asks about a fresh/diff/removed command', () => {
    const listed = new Set(table.flatMap((r) => r.items));
    for (const it of catalog()) {
      if (listed.has(it.id)) continue;
      expect(it.command.fresh || it.command.id === 'diff' || it.situation.state === 'removed', it.id).toBe(true);
    }
  });
});

describe('situations', () => {
  it('reach every state the coverage calls reachable', () => {
    for (const s of REACHABLE_STATES) expect(SITUATIONS.some((x) => x.state === s), s).toBe(true);
  });

  it.each(['29', '20.10'] as const)('each setup reaches its state (docker %s)', async (docker) => {
    for (const s of SITUATIONS) {
      if (s.state === 'none') {
        expect(s.setup).toEqual([]);
        continue;
      }
      const run = await runScript([...s.setup, `docker inspect -f '{{.State.Status}}' web`], docker, 1);
      const last = run.steps[run.steps.length - 1]!;
      const seen = last.exitCode === 0 ? last.stdout.trim() : /No such object/.test(last.stderr) ? GONE : last.stderr;
      expect(seen, s.id).toBe(s.state === 'removed' ? GONE : s.state);
    }
  }, 30_000);
});
