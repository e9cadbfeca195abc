// The lifecycle diagram: the graph read from the XState machine, the tutorial's
// five-state view, the hand-placed layouts, container pills, the words for
// screen readers, and the Svelte component compiling cleanly.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import { RUNTIME_EVENTS, STATES } from '../../src/sim/lifecycle/containerMachine.ts';
import { definedPairs } from '../../src/sim/lifecycle/verdict.ts';
import {
  collapse,
  commandsIn,
  dockerCommand,
  realGraph,
  realStatesOf,
  refusalsByReason,
  TUTORIAL_OF,
  TUTORIAL_STATES,
  tutorialGraph,
  type Graph,
} from '../../src/components/lifecycle/graph.ts';
import { layout, MAX_PILLS, placePills, wrapLines, type Diagram } from '../../src/components/lifecycle/layout.ts';
import { REAL_LAYOUTS, TUTORIAL_LAYOUTS, type Orientation } from '../../src/components/lifecycle/layouts.ts';
import { boxesOverlap, insideBox, samples, truncate } from '../../src/components/lifecycle/geometry.ts';
import { edgeCaption, edgeText, eventText, recordText } from '../../src/components/lifecycle/captions.ts';
import { STRINGS, type Lang } from '../../src/components/lifecycle/strings.ts';
import { describeStates, figureLabel, refusalText, transitionText } from '../../src/components/lifecycle/describe.ts';

const dir = fileURLToPath(new URL('../../src/components/lifecycle/', import.meta.url));
const LANGS: Lang[] = ['zh-CN', 'en'];
const ORIENTATIONS: Orientation[] = ['wide', 'narrow'];

function drawn(view: 'real' | 'tutorial', o: Orientation, lang: Lang): Diagram<string> {
  const s = STRINGS[lang];
  const caption = (e: Parameters<typeof edgeCaption>[0], bare: boolean) => edgeCaption(e, s, bare);
  return view === 'real'
    ? layout(realGraph(), REAL_LAYOUTS[o], caption, s.createLines)
    : layout(tutorialGraph(), TUTORIAL_LAYOUTS[o], caption, s.createLines);
}

describe('the graph, read from the machine', () => {
  const g = realGraph();

  it('has every state as a node, starts at created and ends at removed', () => {
    expect([...g.states]).toEqual([...STATES]);
    expect(g.initial).toBe('created');
    expect(g.final).toEqual(['removed']);
  });

  it('has exactly the transitions the machine moves on, parallel events merged', () => {
    const moves = definedPairs().filter((p) => p.verdict.kind === 'move' && p.verdict.target !== p.state);
    const expected = new Map<string, string[]>();
    for (const p of moves) {
      if (p.verdict.kind !== 'move') continue;
      const id = `${p.state}->${p.verdict.target}`;
      expected.set(id, [...(expected.get(id) ?? []), p.event]);
    }
    const actual = new Map(g.edges.map((e) => [e.id, e.events.map((ev) => ev.type)]));
    expect(actual).toEqual(expected);
    expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
    expect(g.edges.find((e) => e.id === 'created->removing')?.events.map((ev) => ev.type)).toEqual([
      'container.remove',
      'container.forceRemove',
    ]);
  });

  it('draws no self-loops, refusals or no-ops', () => {
    for (const e of g.edges) expect(e.from).not.toBe(e.to);
    const judged = new Map(definedPairs().map((p) => [`${p.state} ${p.event}`, p.verdict.kind]));
    for (const e of g.edges) for (const ev of e.events) expect(judged.get(`${e.from} ${ev.type}`)).toBe('move');
  });

  it('names events as they are typed or as the runtime has them', () => {
    const en = STRINGS.en;
    const label = (id: string) => g.edges.find((e) => e.id === id)!.events.map((ev) => eventText(ev, en));
    expect(label('created->running')).toEqual(['docker start']);
    expect(label('restarting->exited')).toEqual(['docker stop', 'docker kill', 'restart fails']);
    expect(label('running->exited')).toEqual(['process exits']);
    expect(label('restarting->running')).toEqual(['restart back-off']);
    expect(label('created->removing')).toEqual(['docker rm', 'docker rm -f']);
    expect(g.edges.find((e) => e.id === 'running->exited')!.causes).toEqual(['stop', 'kill']);
    expect(edgeText(g.edges.find((e) => e.id === 'running->exited')!, en)).toBe('process exits (after docker stop / kill)');
  });

  it('has words for every runtime event in both languages', () => {
    for (const lang of LANGS) for (const ev of RUNTIME_EVENTS) expect(STRINGS[lang].runtime[ev], `${lang} ${ev}`).toBeTruthy();
  });

  it('tells, per state, which commands are refused, do nothing, or move', () => {
    const running = commandsIn('running');
    expect(running.refused).toContainEqual({ command: 'unpause', reason: 'notPaused' });
    expect(running.refused).toContainEqual({ command: 'remove', reason: 'running' });
    expect(running.noop).toEqual(['start']);
    expect(running.moves).toContainEqual({ command: 'pause', to: 'paused' });
    expect(running.allowed).toContain('exec');
    expect(commandsIn('exited').noop).toEqual(['stop']);
    expect(refusalsByReason('paused')).toEqual([{ reason: 'paused', commands: ['start', 'pause', 'remove', 'exec', 'attach'] }]);
    expect(commandsIn('removed')).toEqual({ refused: [], noop: [], moves: [], allowed: [] });
  });

  it('spells commands the docker way', () => {
    expect(dockerCommand('forceRemove')).toBe('docker rm -f');
    expect(dockerCommand('container.pause')).toBe('docker pause');
    expect(dockerCommand('docker pause web')).toBe('docker pause web');
  });
});

describe("the tutorial's five states", () => {
  const real = realGraph();
  const t = tutorialGraph();

  it('maps every real state to a tutorial state, and every tutorial state stands for one', () => {
    for (const s of STATES) expect(TUTORIAL_STATES).toContain(TUTORIAL_OF[s]);
    for (const ts of TUTORIAL_STATES) expect(realStatesOf(ts).length).toBeGreaterThan(0);
    expect(TUTORIAL_OF.exited).toBe('stopped');
    expect(TUTORIAL_OF.dead).toBe('stopped');
    expect(TUTORIAL_OF.restarting).toBe('running');
    expect(TUTORIAL_OF.removing).toBe('deleted');
    expect(TUTORIAL_OF.removed).toBe('deleted');
  });

  it('collapses the real edges: every crossing edge kept, none inside a group', () => {
    for (const e of real.edges) {
      const from = TUTORIAL_OF[e.from];
      const to = TUTORIAL_OF[e.to];
      if (from === to) continue;
      const te = t.edges.find((x) => x.from === from && x.to === to);
      expect(te, e.id).toBeDefined();
      for (const ev of e.events) expect(te!.events.map((x) => x.type)).toContain(ev.type);
    }
    for (const e of t.edges) expect(e.from).not.toBe(e.to);
    expect(t.initial).toBe('created');
    expect(t.final).toEqual(['deleted']);
    const stop = t.edges.find((e) => e.id === 'running->stopped')!;
    expect(edgeCaption(stop, STRINGS.en)).toEqual(['docker stop / kill', 'process exits', 'restart fails']);
  });

  it('collapse is generic', () => {
    const g: Graph<string> = {
      states: ['a', 'b', 'c'],
      initial: 'a',
      final: ['c'],
      edges: [
        { id: 'a->b', from: 'a', to: 'b', events: [{ type: 'x', kind: 'runtime', label: 'x' }], causes: [] },
        { id: 'b->c', from: 'b', to: 'c', events: [{ type: 'y', kind: 'runtime', label: 'y' }], causes: [] },
      ],
    };
    const merged = collapse(g, ['ab', 'c'], (s) => (s === 'c' ? 'c' : 'ab'));
    expect(merged.edges.map((e) => e.id)).toEqual(['ab->c']);
  });
});

describe('the layouts', () => {
  for (const view of ['real', 'tutorial'] as const) {
    for (const o of ORIENTATIONS) {
      for (const lang of LANGS) {
        const d = drawn(view, o, lang);
        const graph: Graph<string> = view === 'real' ? realGraph() : tutorialGraph();

        it(`${view} ${o} ${lang}: draws every node once and every edge of the graph`, () => {
          expect(d.nodes.map((n) => n.id).sort()).toEqual([...graph.states].sort());
          expect(d.edges.map((e) => e.id).sort()).toEqual(graph.edges.map((e) => e.id).sort());
          for (const e of d.edges) {
            expect(e.d).toMatch(/^M[\d. -]+ [QC][\d. -]+$/);
            expect(e.caption.lines.length).toBeGreaterThan(0);
          }
          expect(d.entry.to).toBe(graph.initial);
        });

        it(`${view} ${o} ${lang}: no two nodes overlap, all inside the drawing`, () => {
          for (const a of d.nodes) {
            expect(a.x - a.w / 2).toBeGreaterThanOrEqual(0);
            expect(a.x + a.w / 2).toBeLessThanOrEqual(d.width);
            expect(a.y - a.h / 2).toBeGreaterThanOrEqual(0);
            expect(a.y + a.h / 2).toBeLessThanOrEqual(d.height);
            for (const b of d.nodes) if (a !== b) expect(boxesOverlap(a, b, 12), `${a.id} / ${b.id}`).toBe(false);
          }
        });

        it(`${view} ${o} ${lang}: edges pass through no other node and start and end at their own`, () => {
          for (const e of [d.entry, ...d.edges]) {
            for (const n of d.nodes) {
              if (n.id === e.from || n.id === e.to) continue;
              const through = samples(e.curve, 80).some((p) => insideBox(p, n, 2));
              expect(through, `${e.id} through ${n.id}`).toBe(false);
            }
            const to = d.nodes.find((n) => n.id === e.to)!;
            expect(insideBox(e.curve.end, to, 6)).toBe(true);
            if (e.from) expect(insideBox(e.curve.start, d.nodes.find((n) => n.id === e.from)!, 6)).toBe(true);
          }
        });

        it(`${view} ${o} ${lang}: edge captions do not cover nodes`, () => {
          for (const e of [d.entry, ...d.edges]) {
            for (const n of d.nodes) {
              // Caption widths are estimates (wide characters 1 em, others 0.58 em): allow a little.
              const box = { ...e.caption.box, w: e.caption.box.w * 0.85, h: e.caption.box.h * 0.8 };
              expect(boxesOverlap(box, n), `${e.id} over ${n.id}`).toBe(false);
            }
          }
        });
      }
    }
  }

  it('bows two edges between one pair apart', () => {
    const d = drawn('real', 'wide', 'en');
    const there = d.edges.find((e) => e.id === 'running->paused')!;
    const back = d.edges.find((e) => e.id === 'paused->running')!;
    expect(there.d).toContain('Q');
    const mid = (e: typeof there) => e.curve.controls[0];
    expect(Math.hypot(mid(there).x - mid(back).x, mid(there).y - mid(back).y)).toBeGreaterThan(10);
  });

  it('wraps caption lines at spaces', () => {
    expect(wrapLines(['process exits'], 50, 13)).toEqual(['process', 'exits']);
    expect(wrapLines(['进程退出'], 50, 13)).toEqual(['进程退出']);
  });
});

describe('container pills', () => {
  const node = { x: 200, y: 200, w: 120, h: 46 };
  const names = (n: number) => Array.from({ length: n }, (_, i) => `box${i}`);

  for (const dock of ['above', 'below', 'left', 'right'] as const) {
    it(`stack neatly ${dock} the node`, () => {
      const pills = placePills({ ...node, dock }, names(5), 11, (n) => `+${n}`);
      expect(pills).toHaveLength(5);
      for (const a of pills) {
        expect(boxesOverlap(a, node), `${a.text} over node`).toBe(false);
        for (const b of pills) if (a !== b) expect(boxesOverlap(a, b)).toBe(false);
      }
    });
  }

  it(`collapse past ${MAX_PILLS} into +N`, () => {
    const pills = placePills({ ...node, dock: 'below' }, names(9), 11, (n) => `+${n}`);
    expect(pills).toHaveLength(MAX_PILLS);
    const more = pills[pills.length - 1]!;
    expect(more.more).toBe(true);
    expect(more.text).toBe('+5');
    expect(more.names).toEqual(['box4', 'box5', 'box6', 'box7', 'box8']);
  });

  it('shorten long names', () => {
    expect(truncate('nostalgic_hopper', 12)).toBe('nostalgic_h…');
    expect(truncate('web', 12)).toBe('web');
    expect(truncate('数据库容器一号', 8)).toBe('数据库…');
  });
});

describe('the diagram in words', () => {
  const holders = [
    { name: 'web', state: 'running' },
    { name: 'db', state: 'exited' },
  ];

  it('describes each state, its containers and its ways out', () => {
    const d = describeStates('real', realGraph(), holders, STRINGS.en, 'en');
    const running = d.find((x) => x.id === 'running')!;
    expect(running.text).toContain('containers: web');
    expect(running.text).toContain('docker pause: to paused');
    expect(running.text).toContain('Refused here: docker unpause (the container is not paused)');
    expect(d.find((x) => x.id === 'removed')!.text).toContain('no longer exists');
    const zh = describeStates('tutorial', tutorialGraph(), holders, STRINGS['zh-CN'], 'zh-CN');
    const stopped = zh.find((x) => x.id === 'stopped')!;
    expect(stopped.title).toBe('stopped 停止 (exited, dead)');
    expect(stopped.containers).toBe('容器：db (exited)');
  });

  it('labels the figure and announces transitions and refusals', () => {
    expect(figureLabel('real', holders, STRINGS.en, 'en')).toContain('web: running; db: exited');
    expect(figureLabel('tutorial', holders, STRINGS['zh-CN'], 'zh-CN')).toContain('db：stopped 停止');
    const t = { name: 'web', from: 'running', to: 'paused', event: 'container.pause', label: 'pause' };
    expect(transitionText(t, STRINGS.en)).toBe('web: running → paused (docker pause)');
    expect(transitionText({ ...t, from: 'running', to: 'exited', event: 'task.exit', label: 'exit' }, STRINGS['zh-CN'])).toBe(
      'web：running → exited（进程退出）',
    );
    expect(recordText('container.create', 'create', STRINGS.en)).toBe('docker create / run');
    const r = { command: 'pause', state: 'exited', message: 'Error response from daemon: …', exitCode: 1 };
    expect(refusalText(r, STRINGS.en)).toContain('Refused: docker pause');
  });

  it('has every string in both languages', () => {
    const keys = (lang: Lang) => Object.keys(STRINGS[lang]).sort();
    expect(keys('zh-CN')).toEqual(keys('en'));
    for (const lang of LANGS) {
      for (const s of STATES) expect(STRINGS[lang].real[s].word).toBe(s);
      for (const s of TUTORIAL_STATES) expect(STRINGS[lang].tutorial[s].word).toBe(s);
    }
  });
});

describe('the component', () => {
  const file = `${dir}LifecycleDiagram.svelte`;
  const source = readFileSync(file, 'utf8');

  it('compiles for the client and the server without warnings', () => {
    for (const generate of ['client', 'server'] as const) {
      const out = compile(source, { filename: file, generate, runes: true });
      expect(out.warnings.map((w) => `${w.code}: ${w.message}`)).toEqual([]);
    }
  });

  it('stays light: only the machine (through graph.ts), its own modules and svelte', () => {
    const allowed = /^(\.\/[\w-]+\.ts|\.\.\/\.\.\/sim\/lifecycle\/containerMachine\.ts|svelte)$/;
    for (const name of readdirSync(dir)) {
      const text = readFileSync(`${dir}${name}`, 'utf8');
      for (const m of text.matchAll(/\bfrom\s+'([^']+)'/g)) expect(m[1], `${name} imports ${m[1]}`).toMatch(allowed);
    }
  });

  it('is an image with a label, a live region and a text alternative', () => {
    expect(source).toMatch(/<svg[^>]*role="img"[^>]*aria-label=/);
    expect(source).toContain('aria-live="polite"');
    expect(source).toContain('aria-pressed');
    expect(source).toContain('prefers-reduced-motion');
    expect(source).toMatch(/\.sr-only\s*{[^}]*clip/);
  });
});
