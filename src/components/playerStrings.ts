/** The lesson player's words, Chinese first. */
import type { Check } from '../lessons/checks.ts';
import type { SiteLang } from '../site/i18n.ts';

const STATUS_ZH: Record<string, string> = {
  created: 'created（已创建）',
  running: 'running（运行中）',
  paused: 'paused（已暂停）',
  restarting: 'restarting（重启中）',
  removing: 'removing（删除中）',
  exited: 'exited（已退出）',
  dead: 'dead',
  gone: '已删除（不存在）',
  any: '任意状态',
};
const KIND_ZH = { A: '新增', C: '修改', D: '删除' } as const;
const KIND_EN = { A: 'added', C: 'changed', D: 'deleted' } as const;

/** A `config` check's expectation: a word list (Cmd, Entrypoint, Shell), one entry (Env, Labels, ports, volumes) or a text. */
function configWords(field: string, words: string[], is: string, has: string): string {
  if (field === 'Cmd' || field === 'Entrypoint' || field === 'Shell') return `${is} ${JSON.stringify(words)}`;
  if (/^(Env|Labels|ExposedPorts|Volumes)$/.test(field)) return `${has} ${words[0]}`;
  return `${is} ${JSON.stringify(words.join(' '))}`;
}

function describeZh(c: Check): string {
  switch (c.kind) {
    case 'state':
      return `容器 ${c.name} 的状态是 ${STATUS_ZH[c.status] ?? c.status}`;
    case 'exit':
      return `容器 ${c.name} 的退出码是 ${c.code}`;
    case 'restarts':
      return `容器 ${c.name} 重启了${c.atLeast ? '至少 ' : ' '}${c.n} 次`;
    case 'count':
      return `${STATUS_ZH[c.status] ?? c.status}的容器共有 ${c.n} 个`;
    case 'image':
      return `本地有镜像 ${c.ref}`;
    case 'no-image':
      return `本地没有镜像 ${c.ref}`;
    case 'changed':
      return `docker diff ${c.name} 显示 ${c.change} ${c.path}（${KIND_ZH[c.change]}）`;
    case 'unchanged':
      return `容器 ${c.name} 里的 ${c.path} 没有变化`;
    case 'volume':
      return `数据卷 ${c.name} 存在`;
    case 'no-volume':
      return `数据卷 ${c.name} 不存在`;
    case 'volumes':
      return `共有 ${c.n} 个数据卷`;
    case 'host-file':
      return `宿主机上有文件 ${c.path}`;
    case 'cmd':
      return `镜像 ${c.ref} 的 CMD 是 ${JSON.stringify(c.words)}`;
    case 'config':
      return `镜像 ${c.ref} 的 ${c.field} ${configWords(c.field, c.words, '是', '含有')}`;
    case 'layers':
      return `镜像 ${c.ref} 有 ${c.n} 个文件层`;
    case 'history':
      return `docker history ${c.ref} 有 ${c.n} 行`;
  }
}

function describeEn(c: Check): string {
  switch (c.kind) {
    case 'state':
      return c.status === 'gone' ? `container ${c.name} no longer exists` : `container ${c.name} is ${c.status}`;
    case 'exit':
      return `container ${c.name} exited with code ${c.code}`;
    case 'restarts':
      return `container ${c.name} restarted ${c.atLeast ? 'at least ' : ''}${c.n} time${c.n === 1 ? '' : 's'}`;
    case 'count':
      return c.status === 'any' ? `${c.n} container${c.n === 1 ? '' : 's'} in all` : `${c.n} container${c.n === 1 ? '' : 's'} ${c.status}`;
    case 'image':
      return `image ${c.ref} is present`;
    case 'no-image':
      return `image ${c.ref} is absent`;
    case 'changed':
      return `docker diff ${c.name} shows ${c.change} ${c.path} (${KIND_EN[c.change]})`;
    case 'unchanged':
      return `${c.path} is unchanged in container ${c.name}`;
    case 'volume':
      return `volume ${c.name} exists`;
    case 'no-volume':
      return `volume ${c.name} does not exist`;
    case 'volumes':
      return `${c.n} volume${c.n === 1 ? '' : 's'} in all`;
    case 'host-file':
      return `the host has the file ${c.path}`;
    case 'cmd':
      return `image ${c.ref} has CMD ${JSON.stringify(c.words)}`;
    case 'config':
      return `image ${c.ref}: ${c.field} ${configWords(c.field, c.words, 'is', 'has')}`;
    case 'layers':
      return `image ${c.ref} has ${c.n} file system layer${c.n === 1 ? '' : 's'}`;
    case 'history':
      return `docker history ${c.ref} has ${c.n} row${c.n === 1 ? '' : 's'}`;
  }
}

export const PLAYER = {
  'zh-CN': {
    playerTitle: '分步练习',
    progressLabel: '学习进度',
    progress: (d: number, n: number) => `已完成 ${d} / ${n} 步`,
    goTo: (i: number, kind: string, isDone: boolean) => `第 ${i} 步（${kind}）${isDone ? '，已完成' : ''}`,
    stepN: (i: number, n: number) => `第 ${i} 步，共 ${n} 步`,
    kinds: { narrate: '讲解', run: '运行', task: '任务', checkpoint: '检查点' },
    commands: '这一步要运行的命令',
    solution: '参考答案',
    showSolution: '显示参考答案',
    hideSolution: '隐藏参考答案',
    checks: '完成条件',
    ok: '已满足',
    notYet: '尚未满足',
    unchecked: '尚未检查',
    found: (a: string) => `（现在是：${a}）`,
    back: '上一步',
    next: '下一步',
    runStep: '运行此步',
    check: '检查',
    doItForMe: '替我完成',
    restart: '从头开始',
    realSwitch: '模拟 / 真实',
    restarted: '已经从头开始，沙盒也已重置。',
    stepDone: '这一步完成了。',
    checksFailed: '还有条件没有满足，看看上面的提示。',
    lessonComplete: '✓ 这一课全部完成！',
    nextLesson: '下一课',
    loading: '正在启动模拟的 Docker 主机…',
    clickToStart: '终端会在你开始操作时启动。',
    startTerminal: '启动终端',
    loadFailed: (e: string) => `终端没能启动：${e}`,
    describe: describeZh,
  },
  en: {
    playerTitle: 'Step by step',
    progressLabel: 'Progress',
    progress: (d: number, n: number) => `${d} of ${n} steps done`,
    goTo: (i: number, kind: string, isDone: boolean) => `Step ${i} (${kind})${isDone ? ', done' : ''}`,
    stepN: (i: number, n: number) => `Step ${i} of ${n}`,
    kinds: { narrate: 'Read', run: 'Run', task: 'Task', checkpoint: 'Checkpoint' },
    commands: 'Commands of this step',
    solution: 'Solution',
    showSolution: 'Show the solution',
    hideSolution: 'Hide the solution',
    checks: 'Done when',
    ok: 'holds',
    notYet: 'does not hold yet',
    unchecked: 'not checked yet',
    found: (a: string) => `(now: ${a})`,
    back: 'Back',
    next: 'Next',
    runStep: 'Run step',
    check: 'Check',
    doItForMe: 'Do it for me',
    restart: 'Restart',
    realSwitch: 'Simulated / real',
    restarted: 'Started over; the sandbox is fresh again.',
    stepDone: 'Step done.',
    checksFailed: 'Some conditions do not hold yet: see above.',
    lessonComplete: '✓ Lesson complete!',
    nextLesson: 'Next lesson',
    loading: 'Starting the simulated Docker host…',
    clickToStart: 'The terminal starts as soon as you interact with the page.',
    startTerminal: 'Start the terminal',
    loadFailed: (e: string) => `The terminal could not start: ${e}`,
    describe: describeEn,
  },
} satisfies Record<SiteLang, unknown>;
