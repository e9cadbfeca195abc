/**
 * Prompts and explanations, zh first, in our own words. Explanations are built
 * from the lifecycle machine's verdict for (state, command), what the program
 * does with signals, and the path the simulator actually took.
 */
import type { Reason } from '../sim/lifecycle/containerMachine.ts';
import type { Verdict } from '../sim/lifecycle/verdict.ts';
import type { DockerVersion } from '../sim/profile.ts';
import type { QuizCommand } from './commands.ts';
import { label, NO_ERROR, BLOCKS, type AskKind } from './observe.ts';
import type { PathStep } from './simrun.ts';
import { NAME, type Situation, type Text } from './situations.ts';

const both = (zh: string, en: string): Text => ({ zh, en });

// ---- prompts ------------------------------------------------------------------

function askText(ask: AskKind, cmd: string): Text {
  switch (ask) {
    case 'state':
      return both(
        `执行 \`${cmd}\`，0.5 秒后 \`docker inspect -f '{{.State.Status}}' ${NAME}\` 输出什么？`,
        `You run \`${cmd}\`. Half a second later, what does \`docker inspect -f '{{.State.Status}}' ${NAME}\` print?`,
      );
    case 'exitCode':
      return both(
        `执行 \`${cmd}\`，0.5 秒后 \`docker inspect -f '{{.State.ExitCode}}' ${NAME}\` 输出什么？`,
        `You run \`${cmd}\`. Half a second later, what does \`docker inspect -f '{{.State.ExitCode}}' ${NAME}\` print?`,
      );
    case 'psStatus':
      return both(
        `执行 \`${cmd}\`，0.5 秒后 \`docker ps -a\` 的 STATUS 列显示什么？（时长写成 …）`,
        `You run \`${cmd}\`. Half a second later, what does the STATUS column of \`docker ps -a\` show? (durations written as …)`,
      );
    case 'error':
      return both(`执行 \`${cmd}\` 会出错吗？出错的话 Docker 输出什么？`, `Does \`${cmd}\` fail? If it does, what does Docker print?`);
    case 'diff':
      return both(`\`${cmd}\` 输出什么？（行按路径排序）`, `What does \`${cmd}\` print? (lines sorted by path)`);
    case 'stopTime':
      return both(`\`${cmd}\` 大约多久才返回？`, `About how long does \`${cmd}\` take to return?`);
  }
}

export function prompt(s: Situation, c: QuizCommand, ask: AskKind): Text {
  const q = askText(ask, c.line);
  if (s.state === 'none') return both(`${s.about.zh}。${q.zh}`, `${capital(s.about.en)}. ${q.en}`);
  return both(`容器 \`${NAME}\`：${s.about.zh}。${q.zh}`, `Container \`${NAME}\`: ${s.about.en}. ${q.en}`);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---- explanations -----------------------------------------------------------------

const REASON: Record<Reason, Text> = {
  notRunning: both('容器没有在运行', 'the container is not running'),
  notPaused: both('容器没有被暂停', 'the container is not paused'),
  paused: both('容器被暂停了（cgroup freezer 冻结了所有进程），要先 `docker unpause`', 'the container is paused (the cgroup freezer holds every process): unpause it first'),
  restarting: both('容器正在重启（在重启策略的退避等待中），要等它再次运行', 'the container is restarting (in the restart policy back-off): wait until it runs again'),
  running: both('容器正在运行，普通的 `docker rm` 不删运行中的容器：先 stop，或用 `rm -f`', 'the container is running, and a plain `docker rm` does not remove a running container: stop it first or use `rm -f`'),
  removalInProgress: both('容器正在被删除', 'the container is being removed'),
  markedForRemoval: both('容器已被标记删除', 'the container is marked for removal'),
  dead: both('容器处于 dead 状态', 'the container is dead'),
};

const ALLOW: Partial<Record<string, Text>> = {
  stop: both(
    '`docker stop` 先给 PID 1 发 SIGTERM，等待宽限期（默认 10 秒，`-t N` 可改），还没退出就发 SIGKILL。',
    '`docker stop` sends SIGTERM to PID 1, waits for the grace period (10 s by default, `-t N`), then sends SIGKILL.',
  ),
  kill: both('`docker kill` 立刻给 PID 1 发 SIGKILL（或 `-s` 指定的信号）。', '`docker kill` sends SIGKILL (or the signal given with `-s`) to PID 1 at once.'),
  'kill-term': both(
    '`docker kill -s TERM` 只给 PID 1 发 SIGTERM；和 `docker stop` 不同，之后不会再发 SIGKILL。',
    '`docker kill -s TERM` sends only SIGTERM to PID 1; unlike `docker stop`, no SIGKILL follows.',
  ),
  restart: both(
    '`docker restart` 先像 `docker stop` 一样停止容器（如果它在运行），再重新启动它。',
    '`docker restart` stops the container like `docker stop` (if it runs), then starts it again.',
  ),
  exec: both('`docker exec` 在运行中的容器里另起一个新进程，PID 1 不受影响。', '`docker exec` starts a new process in the running container; PID 1 is not touched.'),
  attach: both(
    '`docker attach` 接到 PID 1 的输入输出上，容器运行多久它就等多久；`--sig-proxy=false` 让它不把收到的信号（这里是 timeout 的 SIGTERM）转给 PID 1。',
    '`docker attach` connects to the streams of PID 1 and waits as long as the container runs; `--sig-proxy=false` keeps it from forwarding the signals it gets (here timeout\'s SIGTERM) to PID 1.',
  ),
  wait: both(
    '`docker wait` 等到容器不在运行（created 和 exited 的容器本来就不在运行），然后打印它的退出码。',
    '`docker wait` waits until the container is not running (a created or exited one already is not), then prints its exit code.',
  ),
  logs: both('`docker logs` 读取保存下来的输出，不需要容器在运行。', '`docker logs` reads the saved output; the container need not be running.'),
  top: both('`docker top` 列出容器里的进程，暂停的容器也可以。', '`docker top` lists the processes in the container, also when it is paused.'),
  export: both('`docker export` 把容器的整个文件系统写成一个 tar，不需要容器在运行。', '`docker export` writes the whole file system of the container as one tar; it need not be running.'),
  commit: both('`docker commit` 用容器的可写层做出一个新镜像，不需要容器在运行。', '`docker commit` makes a new image from the container\'s writable layer; it need not be running.'),
  rename: both('`docker rename` 只改名字，不改变状态。', '`docker rename` changes only the name, not the state.'),
  inspect: both('`docker inspect` 只是读取容器的配置和状态。', '`docker inspect` only reads the configuration and state of the container.'),
};

const FRESH: Record<string, Text> = {
  'run-d-sleep': both('`docker run -d` 等于 create + start，然后带着 ID 返回；`sleep 3600` 让 PID 1 一直活着。', '`docker run -d` is create + start, then returns the ID; `sleep 3600` keeps PID 1 alive.'),
  create: both('`docker create` 只创建容器和它的可写层，`docker start` 之前什么都不运行。', '`docker create` only makes the container and its writable layer; nothing runs before `docker start`.'),
  'run-sh': both('镜像的 CMD 是 `sh`；没有 `-i` 时它的标准输入是关着的，读到 EOF 立刻以 0 退出。', 'The image\'s CMD is `sh`; without `-i` its stdin is closed, so it reads EOF and exits 0 at once.'),
  'run-d-sh': both('镜像的 CMD 是 `sh`；没有 `-i` 时它的标准输入是关着的，读到 EOF 立刻以 0 退出，`-d` 也救不了它。', 'The image\'s CMD is `sh`; without `-i` its stdin is closed, so it reads EOF and exits 0 at once, `-d` or not.'),
  'run-dit': both('有了 `-i` 和 `-t`，shell 拿到一个打开的终端，PID 1 会一直等待输入。', 'With `-i` and `-t` the shell gets an open terminal, so PID 1 keeps waiting for input.'),
  'run-exit3': both('PID 1 以 3 退出；不带 `-d` 的 `docker run` 返回同样的退出码，容器留下来（exited）。', 'PID 1 exits 3; an attached `docker run` returns the same code, and the container is kept (exited).'),
  'run-rm': both('`--rm` 让程序一退出就删除容器。', '`--rm` removes the container as soon as its program exits.'),
  'run-notfound': both(
    '运行时在镜像里找不到 `nosuchcmd`，启动失败：`docker run` 退出码 127，容器停在 Created，ExitCode 是 127。',
    'The runtime cannot find `nosuchcmd` in the image, so the start fails: `docker run` exits 127 and the container stays Created with ExitCode 127.',
  ),
  'run-noexec': both(
    '`/etc/passwd` 不是可执行文件，启动失败（permission denied）：`docker run` 退出码 126，容器停在 Created。',
    '`/etc/passwd` is not executable, so the start fails (permission denied): `docker run` exits 126 and the container stays Created.',
  ),
  'run-shnotfound': both(
    '这里 `sh` 本身能启动，是 shell 找不到 `nosuchcmd`：PID 1 以 127 退出，容器是 Exited，不是 Created。',
    'Here `sh` itself starts; it is the shell that cannot find `nosuchcmd`, so PID 1 exits 127 and the container is Exited, not Created.',
  ),
  'run-rm-restart': both(
    '客户端不接受 `--rm` 和重启策略同时出现，什么都没创建就以 125 退出。',
    'The client refuses `--rm` together with a restart policy and exits 125 before anything is created.',
  ),
};

const DIFF = both(
  '`docker diff` 比较容器的可写层和镜像：A 新增，C 改变（改动所在的父目录也算改变），D 删除。',
  '`docker diff` compares the writable layer with the image: A added, C changed (the directory holding a change counts as changed), D deleted.',
);

/** The machine's rule for (state, command), as a sentence. */
function ruleSentence(s: Situation, c: QuizCommand, v: Verdict | undefined): Text {
  if (c.fresh) return FRESH[c.id] ?? both('', '');
  if (c.id === 'diff') return DIFF;
  if (s.state === 'removed') {
    return both(
      '容器已经被删除，Docker 找不到它：每个命令都回答 No such container（inspect 回答 No such object）。',
      'The container has been removed, so Docker cannot find it: every command answers No such container (inspect: No such object).',
    );
  }
  const cmd = `\`${c.line.replace(/^timeout \d+ /, '')}\``;
  const st = s.state;
  if (!v || v.kind === 'undefined') return both('', '');
  switch (v.kind) {
    case 'refuse':
      return both(`在 ${st} 状态下守护进程拒绝 ${cmd}：${REASON[v.reason].zh}。`, `In state ${st} the daemon refuses ${cmd}: ${REASON[v.reason].en}.`);
    case 'noop':
      return both(`在 ${st} 状态下 ${cmd} 无事可做：命令成功（退出码 0），状态不变。`, `In state ${st}, ${cmd} has nothing to do: it succeeds (exit 0) and nothing changes.`);
    case 'move':
      return both(`在 ${st} 状态下允许 ${cmd}，成功后容器转到 ${v.target}。`, `In state ${st}, ${cmd} is allowed and, once it succeeds, moves the container to ${v.target}.`);
    case 'allow':
      return ALLOW[c.id] ?? ALLOW[c.command ?? ''] ?? both(`在 ${st} 状态下允许 ${cmd}。`, `In state ${st}, ${cmd} is allowed.`);
  }
}

const SENDS_TERM = new Set(['stop', 'stop-t3', 'restart', 'kill-term']);
const STOPS = new Set(['stop', 'stop-t0', 'stop-t3', 'kill', 'restart']);
const EXITS_AT_ONCE = new Set(['exit0', 'exit1', 'exit3', 'shnotfound', 'onFailure']);

/** Notes on the program, the restart policy and flags, where the outcome depends on them (at most two). */
function notes(s: Situation, c: QuizCommand, ask: AskKind, version: DockerVersion): Text[] {
  const out: Text[] = [];
  const live = s.state === 'running' || s.state === 'paused';
  if (live && c.id === 'stop-t0') {
    out.push(both('`-t 0` 没有宽限期：SIGTERM 之后立刻 SIGKILL，退出码 137（128 + 9）。', '`-t 0` leaves no grace period: SIGKILL right after SIGTERM, exit code 137 (128 + 9).'));
  } else if (live && SENDS_TERM.has(c.id)) {
    switch (s.program) {
      case 'sleep':
      case 'always':
      case 'autoremove':
      case 'files':
        out.push(
          c.id === 'kill-term'
            ? both('`sleep` 作为 PID 1 没有 SIGTERM 处理程序，内核不会用它不处理的信号杀死 PID 1，所以 TERM 被忽略，容器继续运行。', '`sleep` as PID 1 has no SIGTERM handler, and the kernel does not kill PID 1 with a signal it does not handle: TERM is ignored and it keeps running.')
            : both('`sleep` 作为 PID 1 没有 SIGTERM 处理程序，TERM 被忽略；只能等宽限期结束后被 SIGKILL 杀掉，退出码 137（128 + 9）。', '`sleep` as PID 1 has no SIGTERM handler, so TERM is ignored; it ends only with the SIGKILL after the grace period, exit code 137 (128 + 9).'),
        );
        break;
      case 'loop':
        out.push(
          c.id === 'kill-term'
            ? both('shell 作为 PID 1 没有设置 TERM 的 trap，TERM 被忽略，循环继续运行。', 'The shell as PID 1 has no TERM trap, so TERM is ignored and the loop keeps running.')
            : both('shell 作为 PID 1 没有设置 TERM 的 trap，TERM 被忽略；只能等宽限期结束后被 SIGKILL 杀掉，退出码 137。', 'The shell as PID 1 has no TERM trap, so TERM is ignored; it ends only with the SIGKILL after the grace period, exit code 137.'),
        );
        break;
      case 'trap':
        out.push(both('shell 捕获了 TERM：当前的 `sleep 1` 结束后执行 `exit 0`，所以一秒之内以 0 退出。', 'The shell traps TERM: once the current `sleep 1` ends it runs `exit 0`, so it exits 0 within a second.'));
        break;
      case 'init':
        out.push(both('有 `--init` 时 PID 1 是 tini，它把 TERM 转给 `sleep`；`sleep` 不是 PID 1，收到 TERM 就死：退出码 143（128 + 15），马上结束。', 'With `--init`, tini is PID 1 and forwards TERM to `sleep`, which is not PID 1 and dies of it: exit code 143 (128 + 15), at once.'));
        break;
    }
  }
  if (s.state === 'paused' && (SENDS_TERM.has(c.id) || c.id === 'stop-t0')) {
    out.push(both('给暂停的容器发信号时 Docker 会先解冻它，信号才能送到。', 'Docker thaws a paused container when it signals it, so that the signal arrives.'));
  }
  if (s.program === 'always' && STOPS.has(c.id) && c.id !== 'restart') {
    out.push(both('手动 stop/kill 会关掉重启策略（直到下次 start），所以它不会被自动重启。', 'A manual stop or kill switches the restart policy off until the next start, so it is not restarted.'));
  }
  if (s.program === 'autoremove' && STOPS.has(c.id)) {
    out.push(
      c.id === 'restart'
        ? both('`docker restart` 会保留 `--rm` 容器：停下后马上又启动，不会被删除。', '`docker restart` keeps an `--rm` container: it is started again, not removed.')
        : both('`--rm` 让容器一退出就被删除。', '`--rm` removes the container as soon as it exits.'),
    );
  }
  if (s.state === 'restarting') {
    out.push(both('重启策略在两次运行之间等待退避时间（从 100 ms 起每次翻倍），这段时间状态是 restarting。', 'Between runs the restart policy waits a back-off delay (100 ms, doubling each time); meanwhile the state is restarting.'));
    if (c.id === 'rename' && version === '20.10') {
      out.push(both('Docker 20.10 在这里有个 bug：退避期间网络 sandbox 已经没了，所以 rename 失败。', 'Docker 20.10 has a bug here: during the back-off the network sandbox is gone, so rename fails.'));
    }
  }
  if (s.program === 'brokenRestart' && (c.id === 'start' || c.id === 'restart')) {
    out.push(
      both(
        '第一次运行删掉了 `/bin/sh`（删除记在可写层里），所以重启策略再启动它时找不到 `sh`：重启失败，容器停在 exited，原因写在 State.Error 里。',
        'The first run deleted `/bin/sh` (the deletion lives in the writable layer), so when the restart policy starts it again `sh` is not found: the restart fails, the container stays exited, and State.Error says why.',
      ),
    );
  }
  if ((s.program === 'notfound' || s.program === 'noexec') && (c.id === 'start' || c.id === 'restart')) {
    out.push(both('运行时无法执行这个程序，所以每次启动都以同样的方式失败，容器一直是 Created。', 'The runtime cannot exec the program, so every start fails the same way and the container stays Created.'));
  }
  if (EXITS_AT_ONCE.has(s.program) && (c.id === 'start' || c.id === 'restart') && ask !== 'error' && ask !== 'stopTime') {
    out.push(both('程序一启动就自己退出了，所以半秒后容器又是 exited。', 'The program exits by itself right after it starts, so half a second later the container is exited again.'));
  }
  return out.slice(0, 2);
}

function pathText(path: readonly PathStep[]): Text {
  if (path.length === 0) return both('状态没有变化', 'no state change');
  const first = path[0]!;
  const parts = path.map((p) => ` → ${p.to} (${p.event})`).join('');
  // container.create comes from 'removed' on the engine's record: show it as "nothing yet"
  const start = first.event === 'container.create' ? both('（无）', '(none)') : both(first.from, first.from);
  return both(`路径：${start.zh}${parts}`, `path: ${start.en}${parts}`);
}

function answerText(ask: AskKind, outcome: string): Text {
  const l = label(outcome);
  if (ask === 'error') {
    if (outcome === NO_ERROR) return both('命令成功，不报错', 'the command succeeds without an error');
    if (outcome === BLOCKS) return both('命令一直等待，直到被 timeout 结束（124）', 'the command keeps waiting until timeout ends it (124)');
    const flat = (t: string) => t.replace(/\n/g, ' / ');
    return both(`Docker 输出：${flat(l.zh)}`, `Docker prints: ${flat(l.en)}`);
  }
  const flat = (t: string) => t.replace(/\n/g, ', ');
  return both(`答案：${flat(l.zh)}`, `answer: ${flat(l.en)}`);
}

export function explanation(
  s: Situation,
  c: QuizCommand,
  ask: AskKind,
  v: Verdict | undefined,
  path: readonly PathStep[],
  outcome: string,
  version: DockerVersion,
): Text {
  const parts = [ruleSentence(s, c, v), ...notes(s, c, ask, version)].filter((t) => t.en !== '');
  const p = pathText(path);
  const a = answerText(ask, outcome);
  const end = (t: string, stop: string) => (/[.。]$/.test(t) ? t : t + stop);
  parts.push(both(end(`${p.zh}；${a.zh}`, '。'), end(`${capital(p.en)}; ${a.en}`, '.')));
  return { zh: parts.map((t) => t.zh).join(''), en: parts.map((t) => t.en).join(' ') };
}

