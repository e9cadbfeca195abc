/** The texts of real mode (loaded with it). */
import type { SiteLang } from '../../site/i18n.ts';

export interface RealTexts {
  title: string;
  intro: string;
  backendLabel: string;
  tokenLabel: string;
  connect: string;
  connecting: string;
  checking: string;
  disconnect: string;
  reset: string;
  resetDone: (left: number) => string;
  howTo: string;
  howToCommand: string;
  howToAfter: string;
  noAnswer: (url: string) => string;
  badToken: string;
  refused: (why: string) => string;
  badUrl: (url: string) => string;
  answers: (sessions: number, max: number) => string;
  connected: (url: string) => string;
  lost: (why: string) => string;
  terminalLabel: string;
  keysLabel: string;
  compareTitle: string;
  compareHint: string;
  simulated: string;
  real: string;
  agree: (same: number, total: number) => string;
  nothingYet: string;
  exit: string;
  missing: string;
  layersTitle: string;
  container: string;
  layersHint: string;
}

export const REAL: Record<SiteLang, RealTexts> = {
  'zh-CN': {
    title: '真实模式',
    intro: '每条命令同时在模拟器和你本机的原生后端（runc、overlayfs、cgroups 上的真实容器）上运行，两份输出并排对照，不同的行会高亮。',
    backendLabel: '后端地址',
    tokenLabel: '令牌',
    connect: '连接',
    connecting: '正在连接…',
    checking: '正在检查后端…',
    disconnect: '断开',
    reset: '清空后端',
    resetDone: (left) => (left ? `后端已清空，但有 ${left} 项没能删除。` : '后端已清空：容器、卷和新镜像都删掉了。'),
    howTo: '在本机以 root 运行下面的命令启动一个后端，然后打开它打印的链接（或把地址和令牌填到这里）：',
    howToCommand: 'sudo npx classroom serve',
    howToAfter: '后端只监听 127.0.0.1，只接受这个网站的请求和它打印的令牌；停止它（Ctrl-C）会删掉它创建的一切。',
    noAnswer: (url) => `${url} 没有后端应答。`,
    badToken: '后端拒绝了这个令牌：请用 classroom serve 这次启动时打印的令牌。',
    refused: (why) => `后端拒绝了连接：${why}`,
    badUrl: (url) => `“${url}”不是 http 地址。`,
    answers: (n, max) => `后端已应答（会话 ${n}/${max}）。`,
    connected: (url) => `已连接 ${url}：右边的终端是真实容器。`,
    lost: (why) => `与后端的连接断开了${why ? `：${why}` : '。'}`,
    terminalLabel: '真实终端（原生后端）',
    keysLabel: '按键',
    compareTitle: '模拟 vs 真实',
    compareHint: 'ID、名字、时间、PID 和表格列宽先统一替换，再逐行比较。',
    simulated: '模拟器',
    real: '真实后端',
    agree: (same, total) => `${total} 条命令中 ${same} 条输出一致。`,
    nothingYet: '运行一条命令后，这里会并排显示两边的输出。',
    exit: '退出码',
    missing: '（无）',
    layersTitle: '分层（真实目录）',
    container: '容器',
    layersHint: '镜像层、init 层和容器层读自后端的真实目录（可写层就是 overlay 的 upper 目录）。',
  },
  en: {
    title: 'Real mode',
    intro: 'Every command runs both on the simulator and on the native backend on your machine (real containers on runc, overlayfs and cgroups); both outputs appear side by side, differing lines highlighted.',
    backendLabel: 'Backend address',
    tokenLabel: 'Token',
    connect: 'Connect',
    connecting: 'Connecting…',
    checking: 'Checking the backend…',
    disconnect: 'Disconnect',
    reset: 'Empty the backend',
    resetDone: (left) => (left ? `The backend was emptied, but ${left} thing(s) could not be removed.` : 'The backend is empty again: containers, volumes and new images are gone.'),
    howTo: 'Start a backend on this machine, as root, with the command below, then open the link it prints (or enter its address and token here):',
    howToCommand: 'sudo npx classroom serve',
    howToAfter: 'It listens on 127.0.0.1 only and accepts only this site and the token it prints; stopping it (Ctrl-C) removes everything it made.',
    noAnswer: (url) => `No backend answers at ${url}.`,
    badToken: 'The backend refused this token: use the one classroom serve printed when it started this time.',
    refused: (why) => `The backend refused the connection: ${why}`,
    badUrl: (url) => `“${url}” is not an http address.`,
    answers: (n, max) => `A backend answers (sessions ${n}/${max}).`,
    connected: (url) => `Connected to ${url}: the terminal runs real containers.`,
    lost: (why) => `The connection to the backend ended${why ? `: ${why}` : '.'}`,
    terminalLabel: 'Real terminal (native backend)',
    keysLabel: 'Keys',
    compareTitle: 'Simulated vs real',
    compareHint: 'IDs, names, times, PIDs and table widths are replaced alike first, then the lines are compared.',
    simulated: 'Simulator',
    real: 'Real backend',
    agree: (same, total) => `${same} of ${total} commands gave the same output.`,
    nothingYet: 'Run a command: both outputs will appear here side by side.',
    exit: 'exit code',
    missing: '(none)',
    layersTitle: 'Layers (real directories)',
    container: 'Container',
    layersHint: "The image layers, the init layer and the container layer are read from the backend's real directories (the writable layer is overlay's upper directory).",
  },
};
