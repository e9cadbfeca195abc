/**
 * The drawable lifecycle graph, read from the XState machine itself: nodes are
 * the machine's states, edges its transitions that have a target (refusals,
 * no-ops and plain "allowed" commands change nothing and are not edges).
 * Parallel events between the same two states are merged onto one edge.
 *
 * The tutorial's five-state view is the same graph collapsed through a
 * mapping (exited and dead → stopped, restarting → running, removing and
 * removed → deleted).
 */
import {
  containerMachine,
  COMMANDS,
  STATES,
  type Command,
  type LifecycleState,
  type Reason,
  type TransitionMeta,
} from '../../sim/lifecycle/containerMachine.ts';

export type EventKind = 'command' | 'runtime';

export interface EdgeEvent {
  /** The machine's event type: `container.start`, `task.exit` … */
  type: string;
  kind: EventKind;
  /** For command events: the command and how it is typed (`docker rm -f`). */
  command?: Command;
  cli?: string;
  /** The machine's own label for the transition (`start`, `exit`, `restart policy` …). */
  label: string;
}

export interface Edge<S extends string = string> {
  /** `from->to`, unique in a graph. */
  id: string;
  from: S;
  to: S;
  events: EdgeEvent[];
  /**
   * Commands allowed in `from` that end its process, so that a runtime exit
   * event follows (docker stop / kill → the process exits → exited).
   */
  causes: Command[];
}

export interface Graph<S extends string = string> {
  states: readonly S[];
  /** Where `docker create` puts a new container. */
  initial: S;
  /** Where a container ends (it no longer exists). */
  final: readonly S[];
  edges: Edge<S>[];
}

/** How each command is typed on the docker command line. */
export const CLI: Record<Command, string> = {
  start: 'start',
  stop: 'stop',
  kill: 'kill',
  restart: 'restart',
  pause: 'pause',
  unpause: 'unpause',
  remove: 'rm',
  forceRemove: 'rm -f',
  exec: 'exec',
  attach: 'attach',
  wait: 'wait',
  logs: 'logs',
  top: 'top',
  export: 'export',
  commit: 'commit',
  rename: 'rename',
  inspect: 'inspect',
};

/** `docker rm -f` for `forceRemove`; also accepts `container.forceRemove` and text already typed. */
export function dockerCommand(command: string): string {
  const bare = command.startsWith('container.') ? command.slice('container.'.length) : command;
  if (isCommand(bare)) return `docker ${CLI[bare]}`;
  return bare.startsWith('docker ') ? bare : `docker ${bare}`;
}

export function isCommand(name: string): name is Command {
  return (COMMANDS as readonly string[]).includes(name);
}

export function isLifecycleState(name: string): name is LifecycleState {
  return (STATES as readonly string[]).includes(name);
}

/**
 * Commands that only signal the process (the state changes when it exits).
 * The machine marks them "allowed" in running and paused; this names which of
 * the allowed commands end the process, so an exit edge can say what causes it.
 */
const ENDS_PROCESS: readonly Command[] = ['stop', 'kill'];
const EXIT_EVENT = 'task.exit';

interface Judged {
  event: string;
  meta: TransitionMeta;
  target: LifecycleState | undefined;
}

/** Every transition the machine defines in `state`, in the machine's order. */
function transitionsOf(state: LifecycleState): Judged[] {
  const node = containerMachine.states[state];
  const out: Judged[] = [];
  if (!node) return out;
  for (const [event, defs] of node.transitions) {
    const def = defs[0];
    if (!def) continue;
    const key = def.target?.[0]?.key;
    out.push({
      event,
      meta: (def.meta ?? {}) as TransitionMeta,
      target: key !== undefined && isLifecycleState(key) ? key : undefined,
    });
  }
  return out;
}

function eventOf(j: Judged): EdgeEvent {
  const bare = j.event.startsWith('container.') ? j.event.slice('container.'.length) : '';
  if (isCommand(bare)) {
    return { type: j.event, kind: 'command', command: bare, cli: `docker ${CLI[bare]}`, label: j.meta.label ?? CLI[bare] };
  }
  return { type: j.event, kind: 'runtime', label: j.meta.label ?? j.event };
}

function pushUnique<T>(list: T[], item: T, same: (a: T, b: T) => boolean): void {
  if (!list.some((x) => same(x, item))) list.push(item);
}

/** The real lifecycle: Docker's seven states plus `removed` as the end. */
export function realGraph(): Graph<LifecycleState> {
  const edges = new Map<string, Edge<LifecycleState>>();
  for (const from of STATES) {
    const all = transitionsOf(from);
    const causes = ENDS_PROCESS.filter((c) =>
      all.some((j) => j.event === `container.${c}` && !j.meta.refuse && !j.meta.noop && !j.target),
    );
    for (const j of all) {
      if (j.meta.refuse || j.meta.noop || !j.target || j.target === from) continue;
      const id = `${from}->${j.target}`;
      let edge = edges.get(id);
      if (!edge) {
        edge = { id, from, to: j.target, events: [], causes: [] };
        edges.set(id, edge);
      }
      edge.events.push(eventOf(j));
      if (j.event === EXIT_EVENT) for (const c of causes) pushUnique(edge.causes, c, (a, b) => a === b);
    }
  }
  const initial = containerMachine.config.initial;
  const final = STATES.filter((s) => containerMachine.states[s]?.type === 'final');
  return {
    states: STATES,
    initial: typeof initial === 'string' && isLifecycleState(initial) ? initial : 'created',
    final,
    edges: [...edges.values()],
  };
}

// ---- the tutorial's five states ------------------------------------------------

export const TUTORIAL_STATES = ['created', 'running', 'stopped', 'paused', 'deleted'] as const;
export type TutorialState = (typeof TUTORIAL_STATES)[number];

/** Where each real state appears in the tutorial's drawing. */
export const TUTORIAL_OF: Record<LifecycleState, TutorialState> = {
  created: 'created',
  running: 'running',
  restarting: 'running',
  paused: 'paused',
  exited: 'stopped',
  dead: 'stopped',
  removing: 'deleted',
  removed: 'deleted',
};

/** The real states drawn as one tutorial state. */
export function realStatesOf(t: string): LifecycleState[] {
  return STATES.filter((s) => TUTORIAL_OF[s] === t);
}

/** A graph collapsed through a state mapping: edges inside one group disappear, parallel ones merge. */
export function collapse<S extends string, T extends string>(g: Graph<S>, states: readonly T[], map: (s: S) => T): Graph<T> {
  const edges = new Map<string, Edge<T>>();
  for (const e of g.edges) {
    const from = map(e.from);
    const to = map(e.to);
    if (from === to) continue;
    const id = `${from}->${to}`;
    let edge = edges.get(id);
    if (!edge) {
      edge = { id, from, to, events: [], causes: [] };
      edges.set(id, edge);
    }
    for (const ev of e.events) pushUnique(edge.events, ev, (a, b) => a.type === b.type);
    for (const c of e.causes) pushUnique(edge.causes, c, (a, b) => a === b);
  }
  const final: T[] = [];
  for (const f of g.final) pushUnique(final, map(f), (a, b) => a === b);
  return { states, initial: map(g.initial), final, edges: [...edges.values()] };
}

export function tutorialGraph(): Graph<TutorialState> {
  return collapse(realGraph(), TUTORIAL_STATES, (s) => TUTORIAL_OF[s]);
}

// ---- what a state does with each command ---------------------------------------

export interface StateCommands {
  /** Commands the daemon refuses here, with the machine's reason. */
  refused: Array<{ command: Command; reason: Reason }>;
  /** Commands that succeed without doing anything (HTTP 304, exit 0). */
  noop: Command[];
  /** Commands that move the container at once. */
  moves: Array<{ command: Command; to: LifecycleState }>;
  /** Commands that are allowed and leave the state as it is (or change it later through the runtime). */
  allowed: Command[];
}

/** How `state` judges each docker command, read from the machine. */
export function commandsIn(state: LifecycleState): StateCommands {
  const out: StateCommands = { refused: [], noop: [], moves: [], allowed: [] };
  for (const j of transitionsOf(state)) {
    const bare = j.event.startsWith('container.') ? j.event.slice('container.'.length) : '';
    if (!isCommand(bare)) continue;
    if (j.meta.refuse) out.refused.push({ command: bare, reason: j.meta.refuse });
    else if (j.meta.noop) out.noop.push(bare);
    else if (j.target && j.target !== state) out.moves.push({ command: bare, to: j.target });
    else out.allowed.push(bare);
  }
  return out;
}

/** The refusals of a state grouped by reason, in the machine's order. */
export function refusalsByReason(state: LifecycleState): Array<{ reason: Reason; commands: Command[] }> {
  const groups: Array<{ reason: Reason; commands: Command[] }> = [];
  for (const r of commandsIn(state).refused) {
    const g = groups.find((x) => x.reason === r.reason);
    if (g) g.commands.push(r.command);
    else groups.push({ reason: r.reason, commands: [r.command] });
  }
  return groups;
}
