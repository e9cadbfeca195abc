/**
 * Every question the generator can ask: situation × command × ask kind, with
 * its topic (T-numbers of the tutorial's source map) and difficulty level.
 * Static: nothing here runs the simulator.
 */
import { COMMANDS, type QuizCommand } from './commands.ts';
import type { AskKind } from './observe.ts';
import { SITUATIONS, type Situation, type Text } from './situations.ts';

export type Level = 1 | 2 | 3;
export const LEVELS: readonly Level[] = [1, 2, 3];

/** Topics of the lessons (../shared/source-map.md §1) the generated questions belong to. */
export const TOPICS = {
  T3: { zh: '容器的生命周期与状态', en: 'The lifecycle and its states', lesson: 'lifecycle' },
  T4: { zh: 'create、start 与 run', en: 'create, start and run', lesson: 'create-start-run' },
  T5: { zh: '后台运行与日志', en: 'Detached mode and logs', lesson: 'detached-logs' },
  T6: { zh: 'docker ps', en: 'docker ps', lesson: 'ps' },
  T7: { zh: 'stop、kill、restart 与重启策略', en: 'stop, kill, restart and restart policies', lesson: 'stop-kill-restart' },
  T8: { zh: 'pause 与 unpause', en: 'pause and unpause', lesson: 'pause-unpause' },
  T9: { zh: 'attach 与 exec', en: 'attach and exec', lesson: 'entering' },
  T10: { zh: '删除容器', en: 'Removing containers', lesson: 'removing' },
  T11: { zh: 'export 与 commit', en: 'export and commit', lesson: 'export-import-save-load' },
  T12: { zh: '镜像层与写时复制', en: 'Layers and copy-on-write', lesson: 'layers-copy-on-write' },
  T14: { zh: '名字与重命名', en: 'Names and renaming', lesson: 'names-ports' },
} as const satisfies Record<string, Text & { lesson: string }>;
export type TopicId = keyof typeof TOPICS;

export interface CatalogItem {
  /** Stable question id: `<situation>/<command>/<ask>`. */
  id: string;
  situation: Situation;
  command: QuizCommand;
  ask: AskKind;
  topic: TopicId;
  level: Level;
}

/** Situations where `docker diff` is asked besides the file-change ones (nothing changed there). */
const PLAIN_DIFF = new Set(['running-sleep', 'created-sleep', 'exited-killed']);

function applies(s: Situation, c: QuizCommand, ask: AskKind): boolean {
  if (!c.asks.includes(ask)) return false;
  if (s.state === 'none') return c.fresh === true;
  if (c.fresh) return false;
  if (c.id === 'diff') return s.diffOnly === true || PLAIN_DIFF.has(s.id);
  if (s.diffOnly) return false;
  if (s.state === 'removed') return ask === 'error';
  // on-failure restarts again after a start; the real engine is still in its back-off 0.5 s later (timing race)
  if (s.program === 'onFailure' && (c.id === 'start' || c.id === 'restart') && ask !== 'error') return false;
  // After the failed restart the real 20.10 engine keeps the last run's ExitCode (1); the simulator
  // reports the exec failure's 127. Only ask what a manual start/restart overwrites (127 in both).
  if (s.program === 'brokenRestart' && (ask === 'exitCode' || ask === 'psStatus') && c.id !== 'start' && c.id !== 'restart') return false;
  return true;
}

function topicOf(s: Situation, c: QuizCommand, ask: AskKind): TopicId {
  if (ask === 'diff') return 'T12';
  if (ask === 'psStatus') return 'T6';
  if (ask === 'stopTime') return 'T7';
  if (c.fresh) return 'T4';
  switch (c.command) {
    case 'stop':
    case 'kill':
    case 'restart':
      return 'T7';
    case 'start':
      return s.state === 'restarting' || s.program === 'onFailure' ? 'T7' : 'T4';
    case 'pause':
    case 'unpause':
      return 'T8';
    case 'exec':
    case 'attach':
      return 'T9';
    case 'remove':
    case 'forceRemove':
      return 'T10';
    case 'export':
    case 'commit':
      return 'T11';
    case 'logs':
      return 'T5';
    case 'rename':
    case 'inspect':
      return 'T14';
    default:
      return s.state === 'paused' ? 'T8' : 'T3';
  }
}

const ASK_POINTS: Record<AskKind, number> = { state: 0, diff: 0, error: 1, exitCode: 1, psStatus: 1, stopTime: 1 };

function levelOf(s: Situation, c: QuizCommand, ask: AskKind): Level {
  const points = s.difficulty + c.difficulty + ASK_POINTS[ask];
  return points <= 1 ? 1 : points <= 3 ? 2 : 3;
}

let items: CatalogItem[] | undefined;

/** Every item, in a fixed order (situations, then commands, then ask kinds). */
export function catalog(): readonly CatalogItem[] {
  if (items) return items;
  items = [];
  for (const s of SITUATIONS) {
    for (const c of COMMANDS) {
      for (const ask of c.asks) {
        if (!applies(s, c, ask)) continue;
        items.push({ id: `${s.id}/${c.id}/${ask}`, situation: s, command: c, ask, topic: topicOf(s, c, ask), level: levelOf(s, c, ask) });
      }
    }
  }
  return items;
}

const byId = new Map<string, CatalogItem>();

export function catalogItem(id: string): CatalogItem | undefined {
  if (byId.size === 0) for (const it of catalog()) byId.set(it.id, it);
  return byId.get(id);
}

/** Whether the command can be asked about in that situation (for any ask kind). */
export function commandApplies(s: Situation, c: QuizCommand): boolean {
  return c.asks.some((a) => applies(s, c, a));
}

export function askApplies(s: Situation, c: QuizCommand, ask: AskKind): boolean {
  return applies(s, c, ask);
}
