/**
 * The container lifecycle as Docker really has it, as one XState v5 machine.
 * It is the single source of truth for what each state allows: the engines
 * (simulator and native) ask it before acting (see verdict.ts), and the site
 * draws it. Transition meta says how a command is judged in a state:
 *   - { refuse: Reason }  the daemon refuses with that reason (errors.ts owns the text)
 *   - { noop: true }      nothing happens, but the call succeeds (HTTP 304 → CLI exit 0)
 *   - a target            the state the container moves to once the action succeeded
 *   - neither             allowed; the state changes later through a runtime event
 *
 * Command events are named like Engine API verbs (container.start…); runtime
 * events (task.*, restart.*, removal.*) come from the runtime when a process
 * exits, the restart back-off fires or a removal finishes.
 */
import { setup } from 'xstate';

export const STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead', 'removed'] as const;
export type LifecycleState = (typeof STATES)[number];
/** The states `.State.Status` can report (removed containers no longer exist). */
export type ContainerStatus = Exclude<LifecycleState, 'removed'>;

export const COMMANDS = [
  'start',
  'stop',
  'kill',
  'restart',
  'pause',
  'unpause',
  'remove',
  'forceRemove',
  'exec',
  'attach',
  'wait',
  'logs',
  'top',
  'export',
  'commit',
  'rename',
  'inspect',
] as const;
export type Command = (typeof COMMANDS)[number];

export const RUNTIME_EVENTS = [
  'task.exit',
  'task.exitRestart',
  'restart.start',
  'restart.fail',
  'removal.done',
  'removal.fail',
] as const;
export type RuntimeEvent = (typeof RUNTIME_EVENTS)[number];

/** Why the daemon refuses a command (errors.ts turns reason + command into Docker's sentence). */
export type Reason =
  | 'notRunning'
  | 'notPaused'
  | 'paused'
  | 'restarting'
  | 'running'
  | 'removalInProgress'
  | 'markedForRemoval'
  | 'dead';

export type LifecycleEvent = { type: `container.${Command}` } | { type: RuntimeEvent };

export interface TransitionMeta {
  refuse?: Reason;
  noop?: boolean;
  /** The docker command a runtime transition belongs to, for labels on the diagram. */
  label?: string;
}

const refuse = (reason: Reason) => ({ meta: { refuse: reason } satisfies TransitionMeta });
const noop = { meta: { noop: true } satisfies TransitionMeta };
const allow = {};
const to = (target: LifecycleState, label?: string) => ({ target, meta: (label ? { label } : {}) satisfies TransitionMeta });

/** Commands every existing container accepts without a state change. */
const always = {
  'container.wait': allow,
  'container.rename': allow,
  'container.inspect': allow,
  'container.restart': allow,
};
const readable = { 'container.logs': allow, 'container.export': allow, 'container.commit': allow };
const unreadable = {
  'container.logs': refuse('dead'),
  'container.export': refuse('dead'),
  'container.commit': refuse('dead'),
};

export const containerMachine = setup({
  types: {
    events: {} as LifecycleEvent,
  },
}).createMachine({
  id: 'container',
  initial: 'created',
  states: {
    created: {
      description: 'Created: the container and its writable layer exist; no process has run (or the first start failed).',
      on: {
        ...always,
        ...readable,
        'container.start': to('running', 'start'),
        'container.stop': noop,
        'container.kill': refuse('notRunning'),
        'container.pause': refuse('notRunning'),
        'container.unpause': refuse('notPaused'),
        'container.remove': to('removing', 'rm'),
        'container.forceRemove': to('removing', 'rm -f'),
        'container.exec': refuse('notRunning'),
        'container.attach': refuse('notRunning'),
        'container.top': refuse('notRunning'),
      },
    },
    running: {
      description: 'Up: PID 1 is alive.',
      on: {
        ...always,
        ...readable,
        'container.start': noop,
        'container.stop': allow,
        'container.kill': allow,
        'container.pause': to('paused', 'pause'),
        'container.unpause': refuse('notPaused'),
        'container.remove': refuse('running'),
        'container.forceRemove': to('removing', 'rm -f'),
        'container.exec': allow,
        'container.attach': allow,
        'container.top': allow,
        'task.exit': to('exited', 'exit'),
        'task.exitRestart': to('restarting', 'exit (restart policy)'),
      },
    },
    paused: {
      description: 'Up (Paused): every process frozen by the cgroup freezer; still counts as running.',
      on: {
        ...always,
        ...readable,
        'container.start': refuse('paused'),
        'container.stop': allow,
        'container.kill': allow,
        'container.pause': refuse('paused'),
        'container.unpause': to('running', 'unpause'),
        'container.remove': refuse('paused'),
        'container.forceRemove': to('removing', 'rm -f'),
        'container.exec': refuse('paused'),
        'container.attach': refuse('paused'),
        'container.top': allow,
        'task.exit': to('exited', 'exit'),
      },
    },
    restarting: {
      description: 'Restarting: PID 1 exited and the restart policy will start it again after the back-off delay.',
      on: {
        ...always,
        ...readable,
        'container.start': noop,
        'container.stop': to('exited', 'stop'),
        'container.kill': to('exited', 'kill'),
        'container.pause': refuse('restarting'),
        'container.unpause': refuse('notPaused'),
        'container.remove': refuse('restarting'),
        'container.forceRemove': to('removing', 'rm -f'),
        'container.exec': refuse('restarting'),
        'container.attach': refuse('restarting'),
        'container.top': refuse('restarting'),
        'restart.start': to('running', 'restart policy'),
        'restart.fail': to('exited', 'restart failed'),
      },
    },
    exited: {
      description: 'Exited: PID 1 has ended; the writable layer and the logs are kept until rm.',
      on: {
        ...always,
        ...readable,
        'container.start': to('running', 'start'),
        'container.stop': noop,
        'container.kill': refuse('notRunning'),
        'container.pause': refuse('notRunning'),
        'container.unpause': refuse('notPaused'),
        'container.remove': to('removing', 'rm'),
        'container.forceRemove': to('removing', 'rm -f'),
        'container.exec': refuse('notRunning'),
        'container.attach': refuse('notRunning'),
        'container.top': refuse('notRunning'),
      },
    },
    removing: {
      description: 'Removal In Progress.',
      on: {
        'container.logs': refuse('markedForRemoval'),
        'container.export': refuse('markedForRemoval'),
        'container.commit': refuse('markedForRemoval'),
        'container.wait': allow,
        'container.inspect': allow,
        'container.rename': allow,
        'container.restart': allow,
        'container.start': refuse('markedForRemoval'),
        'container.stop': noop,
        'container.kill': refuse('notRunning'),
        'container.pause': refuse('notRunning'),
        'container.unpause': refuse('notPaused'),
        'container.remove': refuse('removalInProgress'),
        'container.forceRemove': refuse('removalInProgress'),
        'container.exec': refuse('notRunning'),
        'container.attach': refuse('notRunning'),
        'container.top': refuse('notRunning'),
        'removal.done': to('removed', 'removed'),
        'removal.fail': to('dead', 'removal failed'),
      },
    },
    dead: {
      description: 'Dead: a removal failed half-way; only rm can clear it.',
      on: {
        ...unreadable,
        ...always,
        'container.start': refuse('markedForRemoval'),
        'container.stop': noop,
        'container.kill': refuse('notRunning'),
        'container.pause': refuse('notRunning'),
        'container.unpause': refuse('notPaused'),
        'container.remove': to('removing', 'rm'),
        'container.forceRemove': to('removing', 'rm -f'),
        'container.exec': refuse('notRunning'),
        'container.attach': refuse('notRunning'),
        'container.top': refuse('notRunning'),
      },
    },
    removed: {
      description: 'Gone: the container no longer exists (every lookup is a 404).',
      type: 'final',
    },
  },
});
