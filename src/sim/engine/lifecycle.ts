/**
 * What both engines (the simulator's and the native one) do the same way around a
 * container's lifecycle: find a container by ID, name or ID prefix; ask the machine
 * before acting (refusals in each version's words); move only through the machine's
 * transitions; and tell listeners (the diagram, the quiz's paths) about both.
 */
import { ambiguousPrefix, containerNotFound, notModified, refusal, system } from '../errors.ts';
import type { Command, LifecycleState } from '../lifecycle/containerMachine.ts';
import { verdict } from '../lifecycle/verdict.ts';
import type { Profile } from '../profile.ts';

export interface RefusalRecord {
  id: string;
  name: string;
  state: LifecycleState;
  command: Command;
  reason: string;
  /** The daemon's error message (the CLI prints it after "Error response from daemon: "). */
  message: string;
  at: number;
}

export interface TransitionRecord {
  id: string;
  name: string;
  from: LifecycleState;
  to: LifecycleState;
  event: string;
  label: string;
  at: number;
}

/** What the lifecycle needs of a container. */
export interface Tracked {
  id: string;
  name: string;
  state: LifecycleState;
}

/** Full ID, then exact name (a leading `/` allowed), then a unique ID prefix (daemon/container.go GetContainer). */
export function findContainer<C extends { id: string }>(ref: string, byId: ReadonlyMap<string, C>, byName: ReadonlyMap<string, C>): C | undefined {
  if (ref === '') return undefined;
  const exact = byId.get(ref);
  if (exact) return exact;
  const named = byName.get(ref.startsWith('/') ? ref.slice(1) : ref);
  if (named) return named;
  if (!/^[0-9a-f]+$/.test(ref)) return undefined;
  let found: C | undefined;
  for (const c of byId.values()) {
    if (c.id.startsWith(ref)) {
      if (found) throw ambiguousPrefix(ref);
      found = c;
    }
  }
  return found;
}

export function getContainer<C extends { id: string }>(ref: string, byId: ReadonlyMap<string, C>, byName: ReadonlyMap<string, C>): C {
  const c = findContainer(ref, byId, byName);
  if (!c) throw containerNotFound(ref);
  return c;
}

export class Lifecycle {
  readonly #profile: Profile;
  readonly #now: () => number;
  readonly #transitions = new Set<(e: TransitionRecord) => void>();
  readonly #refusals = new Set<(e: RefusalRecord) => void>();

  constructor(profile: Profile, now: () => number) {
    this.#profile = profile;
    this.#now = now;
  }

  onTransition(cb: (e: TransitionRecord) => void): () => void {
    this.#transitions.add(cb);
    return () => this.#transitions.delete(cb);
  }

  onRefusal(cb: (e: RefusalRecord) => void): () => void {
    this.#refusals.add(cb);
    return () => this.#refusals.delete(cb);
  }

  /** Asks the lifecycle machine; throws the refusal (or 304) when the command may not proceed. */
  judge(c: Tracked, command: Command, typed: string): ReturnType<typeof verdict> {
    const v = verdict(c.state, `container.${command}`);
    if (v.kind === 'refuse') {
      const e = refusal(command, v.reason, { id: c.id, typed, name: c.name }, this.#profile);
      const rec: RefusalRecord = { id: c.id, name: c.name, state: c.state, command, reason: v.reason, message: e.message, at: this.#now() };
      for (const cb of this.#refusals) cb(rec);
      throw e;
    }
    if (v.kind === 'noop') throw notModified();
    if (v.kind === 'undefined') throw system(`container ${c.id} cannot ${command} in state ${c.state}`);
    return v;
  }

  /** Moves the container through the machine; an event the machine does not define is a bug. */
  move(c: Tracked, event: string): void {
    const v = verdict(c.state, event);
    if (v.kind !== 'move') throw new Error(`lifecycle: ${event} is not a transition from ${c.state}`);
    const from = c.state;
    c.state = v.target;
    this.#emit({ id: c.id, name: c.name, from, to: v.target, event, label: v.label ?? event, at: this.#now() });
  }

  /** A new container: the diagram's entry arrow (the machine starts in `created`). */
  created(c: Pick<Tracked, 'id' | 'name'>): void {
    this.#emit({ id: c.id, name: c.name, from: 'removed', to: 'created', event: 'container.create', label: 'create', at: this.#now() });
  }

  #emit(rec: TransitionRecord): void {
    for (const cb of this.#transitions) cb(rec);
  }
}
