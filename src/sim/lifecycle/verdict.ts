/**
 * How the machine judges one event in one state, read from the machine's own
 * transition definitions once at load time (the machine stays the only source).
 */
import { containerMachine, STATES, type LifecycleState, type Reason, type TransitionMeta } from './containerMachine.ts';

export type Verdict =
  | { kind: 'refuse'; reason: Reason }
  | { kind: 'noop' }
  | { kind: 'move'; target: LifecycleState; label?: string }
  | { kind: 'allow' }
  /** The event is not defined in this state at all: a bug in the caller, or an impossible runtime event. */
  | { kind: 'undefined' };

type EventType = string;

const table = new Map<LifecycleState, Map<EventType, Verdict>>();

for (const state of STATES) {
  const node = containerMachine.states[state];
  const row = new Map<EventType, Verdict>();
  if (node) {
    for (const [event, defs] of node.transitions) {
      const def = defs[0];
      if (!def) continue;
      const meta = (def.meta ?? {}) as TransitionMeta;
      const target = def.target?.[0]?.key as LifecycleState | undefined;
      if (meta.refuse) row.set(event, { kind: 'refuse', reason: meta.refuse });
      else if (meta.noop) row.set(event, { kind: 'noop' });
      else if (target) row.set(event, { kind: 'move', target, ...(meta.label ? { label: meta.label } : {}) });
      else row.set(event, { kind: 'allow' });
    }
  }
  table.set(state, row);
}

const UNDEFINED: Verdict = { kind: 'undefined' };

export function verdict(state: LifecycleState, event: EventType): Verdict {
  return table.get(state)?.get(event) ?? UNDEFINED;
}

/** Every (state, event) pair the machine defines, for coverage (quizzes, tests, diagrams). */
export function definedPairs(): Array<{ state: LifecycleState; event: EventType; verdict: Verdict }> {
  const out: Array<{ state: LifecycleState; event: EventType; verdict: Verdict }> = [];
  for (const [state, row] of table) for (const [event, v] of row) out.push({ state, event, verdict: v });
  return out;
}
