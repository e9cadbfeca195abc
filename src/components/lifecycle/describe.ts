/**
 * The diagram in words: the text alternative a screen reader reads, the
 * figure's label, node tooltips and the live announcements.
 */
import { commandsIn, dockerCommand, isLifecycleState, realStatesOf, refusalsByReason, TUTORIAL_OF, type Graph } from './graph.ts';
import { edgeText, recordText } from './captions.ts';
import { stateName, type Lang, type StateText, type Strings } from './strings.ts';

export type View = 'real' | 'tutorial';

export interface Holder {
  name: string;
  state: string;
}

/** Where a container in real state `state` is drawn in `view`. */
export function placeOf(view: View, state: string): string {
  if (!isLifecycleState(state)) return state;
  return view === 'real' ? state : TUTORIAL_OF[state];
}

export function stateText(view: View, s: Strings, id: string): StateText {
  const table: Record<string, StateText> = view === 'real' ? s.real : s.tutorial;
  return table[id] ?? { word: id, note: '' };
}

/** `running 运行中` in Chinese, `running` in English. */
export function nameOf(view: View, s: Strings, lang: Lang, id: string): string {
  return stateName(stateText(view, s, id), lang);
}

export interface StateDescription {
  id: string;
  /** The state's name, with the real states it stands for in the tutorial view. */
  title: string;
  containers: string;
  /** One entry per edge out of the state. */
  out: string[];
  /** Refused commands grouped by reason, and no-op commands (real view only). */
  refused: string;
  noop: string;
  final: boolean;
  /** All of it as sentences. */
  text: string;
}

/** One description per drawn state, in the graph's order. */
export function describeStates(view: View, graph: Graph<string>, holders: Holder[], s: Strings, lang: Lang): StateDescription[] {
  const name = (id: string) => nameOf(view, s, lang, id);
  return graph.states.map((id) => {
    const here = holders.filter((c) => placeOf(view, c.state) === id);
    const names = here.map((c) => (c.state !== id ? `${c.name} (${c.state})` : c.name));
    const out = graph.edges.filter((e) => e.from === id).map((e) => s.goesTo(edgeText(e, s), name(e.to)));
    let refused = '';
    let noop = '';
    if (view === 'real' && isLifecycleState(id)) {
      const groups = refusalsByReason(id);
      if (groups.length > 0) {
        const parts = groups.map((g) => `${g.commands.map((c) => dockerCommand(c)).join(s.comma)} (${s.reasons[g.reason]})`);
        refused = `${s.refusedHere}${s.colon}${s.list(parts)}`;
      }
      const noops = commandsIn(id).noop.map((c) => dockerCommand(c));
      if (noops.length > 0) noop = `${noops.join(s.comma)}${s.colon}${s.noop}`;
    }
    const real = view === 'tutorial' ? realStatesOf(id) : [];
    const title = real.length > 0 && real.join() !== id ? `${name(id)} (${real.join(', ')})` : name(id);
    const containers = names.length > 0 ? s.containersAt(names) : s.noContainers;
    const final = graph.final.includes(id);
    const sentences = [title, containers, out.length > 0 ? s.list(out) : '', refused, noop, final ? s.endState : ''];
    const text = sentences
      .filter(Boolean)
      .map((x) => `${x}${s.period}`)
      .join('')
      .trim();
    return { id, title, containers, out, refused, noop, final, text };
  });
}

/** The figure's label: which view, and where every container is. */
export function figureLabel(view: View, holders: Holder[], s: Strings, lang: Lang): string {
  const summary =
    holders.length === 0
      ? s.noContainers
      : s.list(holders.map((c) => `${c.name}${s.colon}${isLifecycleState(c.state) ? nameOf(view, s, lang, placeOf(view, c.state)) : c.state}`));
  return s.figure(view, summary);
}

/** A node's tooltip: its description, one part a line. */
export function nodeTooltip(d: StateDescription): string {
  return [d.title, d.containers, ...d.out.map((o) => `→ ${o}`), d.refused, d.noop].filter(Boolean).join('\n');
}

export interface Transition {
  name: string;
  from: string;
  to: string;
  event: string;
  label: string;
}

export interface Refusal {
  command: string;
  state: string;
  message: string;
  exitCode: number;
}

/** "web: running → paused (docker pause)". */
export function transitionText(t: Transition, s: Strings): string {
  if (t.event === 'container.create' || t.from === 'removed') return s.born(t.name, recordText(t.event, t.label, s));
  return s.moved(t.name, t.from, t.to, recordText(t.event, t.label, s));
}

export function refusalText(r: Refusal, s: Strings): string {
  return s.refusedAnnounce(dockerCommand(r.command), r.state, r.message, r.exitCode);
}
