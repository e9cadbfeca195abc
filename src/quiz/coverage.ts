/**
 * The generator's coverage of the lifecycle model: one row per (state, event)
 * pair that `definedPairs()` (src/sim/lifecycle/verdict.ts) knows, saying
 * whether a docker command can bring a container there and which catalogue
 * items ask about it. A test checks this table against definedPairs() and runs
 * the witnesses of the runtime events.
 *
 * Reachable from the CLI: created, running, paused, restarting (a restart
 * policy + a program that fails), exited. Not reachable, see UNREACHABLE.
 */
import { COMMANDS as MACHINE_COMMANDS, type LifecycleState } from '../sim/lifecycle/containerMachine.ts';
import { definedPairs, type Verdict } from '../sim/lifecycle/verdict.ts';
import { catalog } from './catalog.ts';
import type { Text } from './situations.ts';

export const REACHABLE_STATES: readonly LifecycleState[] = ['created', 'running', 'paused', 'restarting', 'exited'];

/** States no docker command can leave a container in for the next command to find, and why. */
export const UNREACHABLE: Readonly<Partial<Record<LifecycleState, Text>>> = {
  removing: {
    zh: '删除在一条命令之内完成：`docker rm` 要等删除结束才返回，所以后面的命令再也看不到 removing 状态（只有另一个客户端恰好同时查询才可能看到）。',
    en: 'Removal happens within one command: `docker rm` returns only once the removal is done, so no later command finds the container in removing (only another client racing it could).',
  },
  dead: {
    zh: '只有删除半途失败（例如存储驱动卸载不了文件系统：device busy）容器才会变成 dead；命令行没有办法故意造成，模拟器也从不让删除失败。',
    en: 'A container becomes dead only when a removal fails half-way (e.g. the storage driver cannot unmount: device busy); no docker command causes that on purpose, and the simulator never fails a removal.',
  },
  removed: {
    zh: 'removed 是终态，状态机在这里没有任何事件：每个命令都回答 No such container。测验仍然用 removed 情境问这些错误消息。',
    en: 'removed is the final state and defines no events: every command answers No such container. The quiz still asks about those messages (situation removed).',
  },
};

/** Runtime events: a catalogue item whose run (setup or command) shows the transition. */
const WITNESSES: Readonly<Record<string, string>> = {
  'running task.exit': 'running-sleep/kill/state',
  'running task.exitRestart': 'restarting-always/wait/error',
  'paused task.exit': 'paused-sleep/kill/state',
  'restarting restart.start': 'restarting-always/wait/error',
  'restarting restart.fail': 'exited-brokenrestart/start/error',
  'removing removal.done': 'running-sleep/rm-f/state',
};

const UNWITNESSED: Readonly<Record<string, Text>> = {
  'removing removal.fail': {
    zh: '删除失败只发生在存储驱动出错时，命令行造不出来；模拟器从不让删除失败。',
    en: 'A removal fails only when the storage driver errs, which no command can cause; the simulator never fails one.',
  },
};

export interface CoverageRow {
  state: LifecycleState;
  /** `container.<command>` or a runtime event (`task.exit` …). */
  event: string;
  verdict: Verdict['kind'];
  /** Whether a docker command (or a runtime event after one) can reach this pair. */
  reachable: boolean;
  /** Catalogue items (question ids) asking about this command in this state. */
  items: string[];
  /** For runtime events: the catalogue item whose run shows this transition. */
  witness?: string;
  /** Why the pair is not reachable. */
  why?: Text;
}

const MACHINE = new Set<string>(MACHINE_COMMANDS.map((c) => `container.${c}`));

export function coverageTable(): CoverageRow[] {
  const items = catalog();
  return definedPairs().map(({ state, event, verdict }) => {
    const stateOk = REACHABLE_STATES.includes(state);
    if (MACHINE.has(event)) {
      const ids = stateOk ? items.filter((it) => it.situation.state === state && it.command.command && `container.${it.command.command}` === event).map((it) => it.id) : [];
      return { state, event, verdict: verdict.kind, reachable: stateOk, items: ids, ...(stateOk ? {} : { why: UNREACHABLE[state]! }) };
    }
    const key = `${state} ${event}`;
    const witness = WITNESSES[key];
    if (witness) return { state, event, verdict: verdict.kind, reachable: true, items: [], witness };
    return { state, event, verdict: verdict.kind, reachable: false, items: [], why: UNWITNESSED[key] ?? UNREACHABLE[state] ?? { zh: '', en: '' } };
  });
}
