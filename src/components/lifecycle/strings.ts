/**
 * Every string the lifecycle diagram shows or announces, Chinese first.
 * State names stay Docker's own English words (what `docker ps` and
 * `docker inspect` print); Chinese adds a gloss.
 */
import type { LifecycleState, Reason } from '../../sim/lifecycle/containerMachine.ts';
import type { TutorialState } from './graph.ts';

export type Lang = 'zh-CN' | 'en';

export interface StateText {
  /** Docker's word, as `.State.Status` prints it (or the tutorial's word). */
  word: string;
  /** The second line in the node: a gloss (zh) or a short description (en). */
  note: string;
}

export interface Strings {
  real: Record<LifecycleState, StateText>;
  tutorial: Record<TutorialState, StateText>;
  /** Labels of runtime events (commands are labelled by how they are typed); `\n` breaks a caption line. */
  runtime: Record<string, string>;
  create: string;
  /** The entry arrow's caption, one line each. */
  createLines: string[];
  reasons: Record<Reason, string>;
  viewGroup: string;
  viewReal: string;
  viewTutorial: string;
  legendCommand: string;
  legendRuntime: string;
  tutorialNote: string;
  figure: (view: 'real' | 'tutorial', summary: string) => string;
  containersAt: (names: string[]) => string;
  noContainers: string;
  more: (n: number) => string;
  textTitle: string;
  /** One transition out of a state, for the text alternative. */
  goesTo: (events: string, to: string) => string;
  /** Ends a sentence in the text alternative. */
  period: string;
  colon: string;
  causedBy: (commands: string) => string;
  refusedHere: string;
  noop: string;
  endState: string;
  startHere: (create: string) => string;
  moved: (name: string, from: string, to: string, label: string) => string;
  born: (name: string, create: string) => string;
  refusedAnnounce: (command: string, state: string, message: string, exitCode: number) => string;
  refusedTitle: string;
  exitCode: (code: number) => string;
  dismiss: string;
  list: (items: string[]) => string;
  comma: string;
  /** What a caption's line break becomes in running text. */
  joiner: string;
}

const zh: Strings = {
  real: {
    created: { word: 'created', note: '已创建' },
    running: { word: 'running', note: '运行中' },
    paused: { word: 'paused', note: '已暂停' },
    restarting: { word: 'restarting', note: '重启中' },
    removing: { word: 'removing', note: '删除中' },
    exited: { word: 'exited', note: '已退出' },
    dead: { word: 'dead', note: '已失效' },
    removed: { word: 'removed', note: '已删除' },
  },
  tutorial: {
    created: { word: 'created', note: '初建' },
    running: { word: 'running', note: '运行' },
    stopped: { word: 'stopped', note: '停止' },
    paused: { word: 'paused', note: '暂停' },
    deleted: { word: 'deleted', note: '删除' },
  },
  runtime: {
    'task.exit': '进程退出',
    'task.exitRestart': '进程退出，\n按重启策略',
    'restart.start': '退避后重启',
    'restart.fail': '重启失败',
    'removal.done': '删除完成',
    'removal.fail': '删除失败',
  },
  create: 'docker create / run',
  createLines: ['docker create', '/ docker run'],
  reasons: {
    notRunning: '容器没有在运行',
    notPaused: '容器没有暂停',
    paused: '容器已暂停',
    restarting: '容器正在重启',
    running: '容器正在运行，要先停止或用 rm -f',
    removalInProgress: '正在删除',
    markedForRemoval: '已标记为删除',
    dead: '容器已失效',
  },
  viewGroup: '图示方式',
  viewReal: 'Docker 的 7 种状态',
  viewTutorial: '教程的 5 种状态',
  legendCommand: '实线：你输入的 docker 命令',
  legendRuntime: '虚线：容器自己发生',
  tutorialNote:
    '这是教程里的简化画法。Docker 实际有 7 种状态：这里的 stopped（停止）其实是 exited（已退出，还有少见的 dead）；running 也包括 restarting；deleted 包括 removing 和删除后的 removed。',
  figure: (view, summary) =>
    `${view === 'real' ? '容器生命周期图（Docker 的 7 种状态）' : '容器生命周期图（教程的 5 种状态）'}。${summary}`,
  containersAt: (names) => `容器：${names.join('、')}`,
  noContainers: '没有容器',
  more: (n) => `+${n}`,
  textTitle: '生命周期图的文字说明',
  goesTo: (events, to) => `${events}：进入 ${to}`,
  period: '。',
  colon: '：',
  causedBy: (commands) => `（${commands} 之后）`,
  refusedHere: '在这里会被拒绝',
  noop: '什么也不做（退出码 0）',
  endState: '终点：容器不复存在',
  startHere: (create) => `起点：${create} 创建的容器从这里开始`,
  moved: (name, from, to, label) => `${name}：${from} → ${to}（${label}）`,
  born: (name, create) => `${name}：新建，状态 created（${create}）`,
  refusedAnnounce: (command, state, message, exitCode) =>
    `已拒绝：${command}（容器处于 ${state}）。${message}（退出码 ${exitCode}）`,
  refusedTitle: '命令被拒绝',
  exitCode: (code) => `退出码 ${code}`,
  dismiss: '关闭',
  list: (items) => items.join('；'),
  comma: '、',
  joiner: '',
};

const en: Strings = {
  real: {
    created: { word: 'created', note: 'not started yet' },
    running: { word: 'running', note: 'process alive' },
    paused: { word: 'paused', note: 'frozen' },
    restarting: { word: 'restarting', note: 'will restart' },
    removing: { word: 'removing', note: 'being removed' },
    exited: { word: 'exited', note: 'process ended' },
    dead: { word: 'dead', note: 'removal failed' },
    removed: { word: 'removed', note: 'gone' },
  },
  tutorial: {
    created: { word: 'created', note: '' },
    running: { word: 'running', note: '+ restarting' },
    stopped: { word: 'stopped', note: '= exited, dead' },
    paused: { word: 'paused', note: '' },
    deleted: { word: 'deleted', note: '+ removing' },
  },
  runtime: {
    'task.exit': 'process exits',
    'task.exitRestart': 'exits,\nrestart policy',
    'restart.start': 'restart\nback-off',
    'restart.fail': 'restart fails',
    'removal.done': 'removal done',
    'removal.fail': 'removal fails',
  },
  create: 'docker create / run',
  createLines: ['docker create', '/ docker run'],
  reasons: {
    notRunning: 'the container is not running',
    notPaused: 'the container is not paused',
    paused: 'the container is paused',
    restarting: 'the container is restarting',
    running: 'the container is running: stop it first, or use rm -f',
    removalInProgress: 'removal is in progress',
    markedForRemoval: 'the container is marked for removal',
    dead: 'the container is dead',
  },
  viewGroup: 'Diagram view',
  viewReal: "Docker's 7 states",
  viewTutorial: "Tutorial's 5 states",
  legendCommand: 'solid: a docker command you type',
  legendRuntime: 'dashed: happens by itself',
  tutorialNote:
    "This is the tutorial's simplified drawing. Docker really has 7 states: \"stopped\" here is really exited (or, rarely, dead); \"running\" includes restarting; \"deleted\" covers removing and gone.",
  figure: (view, summary) =>
    `${view === 'real' ? "Container lifecycle diagram (Docker's 7 states)" : "Container lifecycle diagram (the tutorial's 5 states)"}. ${summary}`,
  containersAt: (names) => `containers: ${names.join(', ')}`,
  noContainers: 'no containers',
  more: (n) => `+${n}`,
  textTitle: 'The lifecycle diagram as text',
  goesTo: (events, to) => `${events}: to ${to}`,
  period: '. ',
  colon: ': ',
  causedBy: (commands) => ` (after ${commands})`,
  refusedHere: 'Refused here',
  noop: 'do nothing (exit code 0)',
  endState: 'The end: the container no longer exists',
  startHere: (create) => `Start: ${create} puts a new container here`,
  moved: (name, from, to, label) => `${name}: ${from} → ${to} (${label})`,
  born: (name, create) => `${name}: new container, created (${create})`,
  refusedAnnounce: (command, state, message, exitCode) =>
    `Refused: ${command} (the container is ${state}). ${message} (exit code ${exitCode})`,
  refusedTitle: 'Command refused',
  exitCode: (code) => `exit code ${code}`,
  dismiss: 'Dismiss',
  list: (items) => items.join('; '),
  comma: ', ',
  joiner: ' ',
};

export const STRINGS: Record<Lang, Strings> = { 'zh-CN': zh, en };

/** "running 运行中" in Chinese, "running" in English. */
export function stateName(t: StateText, lang: Lang): string {
  return lang === 'zh-CN' ? `${t.word} ${t.note}` : t.word;
}
