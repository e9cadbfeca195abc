/**
 * Reachable situations: what a setup script (runner format) leaves behind. Each
 * brings ONE container named `web` (or none yet) into a lifecycle state with a
 * given program, restart policy and flags. The state named here is what the
 * setup is meant to reach; the generator always reads the real outcome from
 * the simulator, and a test checks that every setup really reaches its state.
 */
import type { LifecycleState } from '../sim/lifecycle/containerMachine.ts';

export type Text = { zh: string; en: string };

/** What PID 1 is, as far as the answers depend on it. */
export type ProgramId =
  | 'sleep' // sleep 3600: no SIGTERM handler, and PID 1 ignores TERM without one
  | 'loop' // a shell loop: same, the shell ignores TERM as PID 1
  | 'trap' // a shell loop that traps TERM and exits 0
  | 'init' // --init: tini is PID 1 and forwards TERM to sleep
  | 'always' // sleep 3600 with --restart=always
  | 'autoremove' // sleep 3600 with --rm
  | 'exit0' // true
  | 'exit1' // sh -c 'exit 1'
  | 'exit3' // sh -c 'exit 3'
  | 'notfound' // a command that does not exist: the runtime cannot exec it (127)
  | 'noexec' // /etc/passwd: not executable (126)
  | 'shnotfound' // sh -c nosuchcmd: the shell runs, its command is not found (127)
  | 'alwaysFail' // --restart=always with sh -c 'exit 1': restarting
  | 'brokenRestart' // --restart=always with a program that deletes /bin/sh: the restart cannot exec it
  | 'onFailure' // --restart=on-failure:2 with sh -c 'exit 1': gave up after 2 restarts
  | 'files' // sleep 3600 after file changes made with docker exec
  | 'none'; // no container yet

export type SituationState = LifecycleState | 'none';

export interface Situation {
  id: string;
  /** The state of `web` once the setup has run ('none': no container yet; 'removed': gone). */
  state: SituationState;
  program: ProgramId;
  /** Runner-format lines. */
  setup: string[];
  /** A short description of the container, shown in the prompt. */
  about: Text;
  /** 0 plain, 1 needs some knowledge, 2 tricky. */
  difficulty: 0 | 1 | 2;
  /** Only `docker diff` is asked about here (file-change situations). */
  diffOnly?: boolean;
  /** Situations close to this one (their outcomes make good distractors). */
  near?: string[];
}

export const NAME = 'web';

const SLEEP = 'busybox sleep 3600';
const LOOP = 'busybox sh -c "while true; do sleep 1; done"';
const TRAP = `busybox sh -c "trap 'exit 0' TERM; while true; do sleep 1; done"`;
/** After `run -d`: time for the program to start (and set its trap) or to exit. */
const SETTLE = 'sleep 0.5';

const runD = (flags: string, program: string) => `docker run -d ${flags}--name ${NAME} ${program}`;

const S = (s: Situation): Situation => s;

const running = (id: string, program: ProgramId, flags: string, cmd: string, about: Text, difficulty: 0 | 1 | 2): Situation =>
  S({ id, state: 'running', program, setup: [runD(flags, cmd), SETTLE], about, difficulty });

const BASE: Situation[] = [
  // ---- created
  S({
    id: 'created-sleep',
    state: 'created',
    program: 'sleep',
    setup: [`docker create --name ${NAME} ${SLEEP}`],
    about: { zh: '用 `docker create` 创建、从未启动（程序是 `sleep 3600`）', en: 'made with `docker create` and never started (its program is `sleep 3600`)' },
    difficulty: 0,
  }),
  S({
    id: 'created-exit1',
    state: 'created',
    program: 'exit1',
    setup: [`docker create --name ${NAME} busybox sh -c 'exit 1'`],
    about: { zh: "用 `docker create` 创建、从未启动（程序是 `sh -c 'exit 1'`）", en: "made with `docker create` and never started (its program is `sh -c 'exit 1'`)" },
    difficulty: 1,
  }),
  S({
    id: 'created-notfound',
    state: 'created',
    program: 'notfound',
    setup: [`docker run -d --name ${NAME} busybox nosuchcmd`],
    about: { zh: '`docker run -d` 失败了：镜像里没有 `nosuchcmd`', en: '`docker run -d` failed: the image has no `nosuchcmd`' },
    difficulty: 2,
  }),
  S({
    id: 'created-noexec',
    state: 'created',
    program: 'noexec',
    setup: [`docker run -d --name ${NAME} busybox /etc/passwd`],
    about: { zh: '`docker run -d` 失败了：`/etc/passwd` 不是可执行文件', en: '`docker run -d` failed: `/etc/passwd` is not executable' },
    difficulty: 2,
  }),
  // ---- running
  running('running-sleep', 'sleep', '', SLEEP, { zh: '正在运行，PID 1 是 `sleep 3600`', en: 'running, PID 1 is `sleep 3600`' }, 0),
  running(
    'running-loop',
    'loop',
    '',
    LOOP,
    { zh: '正在运行，PID 1 是一个 shell 循环 `while true; do sleep 1; done`', en: 'running, PID 1 is a shell loop `while true; do sleep 1; done`' },
    1,
  ),
  running(
    'running-trap',
    'trap',
    '',
    TRAP,
    { zh: "正在运行，PID 1 是捕获 TERM 的 shell 循环（`trap 'exit 0' TERM`）", en: "running, PID 1 is a shell loop that traps TERM (`trap 'exit 0' TERM`)" },
    1,
  ),
  running('running-init', 'init', '--init ', SLEEP, { zh: '用 `--init` 运行 `sleep 3600`', en: 'running `sleep 3600` with `--init`' }, 1),
  running(
    'running-always',
    'always',
    '--restart=always ',
    SLEEP,
    { zh: '以 `--restart=always` 运行 `sleep 3600`', en: 'running `sleep 3600` with `--restart=always`' },
    1,
  ),
  running('running-autoremove', 'autoremove', '--rm ', SLEEP, { zh: '以 `--rm` 运行 `sleep 3600`', en: 'running `sleep 3600` with `--rm`' }, 1),
  // ---- paused
  S({
    id: 'paused-sleep',
    state: 'paused',
    program: 'sleep',
    setup: [runD('', SLEEP), SETTLE, `docker pause ${NAME}`],
    about: { zh: '运行 `sleep 3600`，然后被 `docker pause` 暂停', en: 'running `sleep 3600`, then paused with `docker pause`' },
    difficulty: 1,
  }),
  S({
    id: 'paused-trap',
    state: 'paused',
    program: 'trap',
    setup: [runD('', TRAP), SETTLE, `docker pause ${NAME}`],
    about: {
      zh: "PID 1 是捕获 TERM 的 shell 循环（`trap 'exit 0' TERM`），已被 `docker pause` 暂停",
      en: "PID 1 is a shell loop that traps TERM (`trap 'exit 0' TERM`); paused with `docker pause`",
    },
    difficulty: 2,
  }),
  // ---- restarting
  S({
    id: 'restarting-always',
    state: 'restarting',
    program: 'alwaysFail',
    // RestartCount 6 at about 5 s, restarting with a margin of more than 1 s (test/conformance/scripts/restart/always.script)
    setup: [`docker run -d --restart=always --name ${NAME} busybox sh -c 'exit 1'`, 'sleep 5'],
    about: {
      zh: "以 `--restart=always` 运行 `sh -c 'exit 1'`，5 秒后（正在重启的退避等待中）",
      en: "`sh -c 'exit 1'` run with `--restart=always`, 5 s later (in the restart back-off)",
    },
    difficulty: 2,
  }),
  // ---- exited
  S({
    id: 'exited-killed',
    state: 'exited',
    program: 'sleep',
    setup: [runD('', SLEEP), SETTLE, `docker kill ${NAME}`, SETTLE],
    about: { zh: '运行 `sleep 3600`，后来被 `docker kill` 杀掉', en: 'ran `sleep 3600` and was ended with `docker kill`' },
    difficulty: 0,
  }),
  S({
    id: 'exited-trap',
    state: 'exited',
    program: 'trap',
    setup: [runD('', TRAP), SETTLE, `docker stop ${NAME}`],
    about: { zh: "运行捕获 TERM 的 shell 循环（`trap 'exit 0' TERM`），后来被 `docker stop` 停止", en: "ran a shell loop that traps TERM (`trap 'exit 0' TERM`), then `docker stop`" },
    difficulty: 1,
  }),
  S({
    id: 'exited-exit0',
    state: 'exited',
    program: 'exit0',
    setup: [`docker run --name ${NAME} busybox true`],
    about: { zh: '`docker run` 运行 `true`，程序已结束', en: '`docker run` ran `true`, which has ended' },
    difficulty: 0,
  }),
  S({
    id: 'exited-exit1',
    state: 'exited',
    program: 'exit1',
    setup: [`docker run --name ${NAME} busybox sh -c 'exit 1'`],
    about: { zh: "`docker run` 运行 `sh -c 'exit 1'`，程序已结束", en: "`docker run` ran `sh -c 'exit 1'`, which has ended" },
    difficulty: 1,
  }),
  S({
    id: 'exited-shnotfound',
    state: 'exited',
    program: 'shnotfound',
    setup: [`docker run --name ${NAME} busybox sh -c nosuchcmd`],
    about: { zh: '`docker run` 运行 `sh -c nosuchcmd`（shell 找不到这个命令）', en: '`docker run` ran `sh -c nosuchcmd` (the shell cannot find that command)' },
    difficulty: 2,
  }),
  S({
    id: 'exited-onfailure',
    state: 'exited',
    program: 'onFailure',
    // on-failure:2 gives up after 2 restarts, well before 3 s (test/conformance/scripts/restart/on-failure.script)
    setup: [`docker run -d --restart=on-failure:2 --name ${NAME} busybox sh -c 'exit 1'`, 'sleep 3'],
    about: { zh: "以 `--restart=on-failure:2` 运行 `sh -c 'exit 1'`，3 秒后", en: "`sh -c 'exit 1'` run with `--restart=on-failure:2`, 3 s later" },
    difficulty: 2,
  }),
  S({
    id: 'exited-brokenrestart',
    state: 'exited',
    program: 'brokenRestart',
    // the first run deletes /bin/sh and exits 1; the restart 0.1 s later cannot exec sh (restart.fail)
    setup: [`docker run -d --restart=always --name ${NAME} busybox sh -c 'rm /bin/sh; exit 1'`, 'sleep 1'],
    about: {
      zh: "以 `--restart=always` 运行 `sh -c 'rm /bin/sh; exit 1'`（它删掉了自己的 shell），1 秒后",
      en: "`sh -c 'rm /bin/sh; exit 1'` (it deletes its own shell) run with `--restart=always`, 1 s later",
    },
    difficulty: 2,
  }),
  // ---- removed
  S({
    id: 'removed',
    state: 'removed',
    program: 'sleep',
    setup: [runD('', SLEEP), `docker rm -f ${NAME}`],
    about: { zh: '运行过 `sleep 3600`，已被 `docker rm -f` 删除', en: 'ran `sleep 3600` and was removed with `docker rm -f`' },
    difficulty: 1,
  }),
  // ---- no container yet (the command is a docker run / create)
  S({
    id: 'fresh',
    state: 'none',
    program: 'none',
    setup: [],
    about: { zh: '还没有容器（本地只有 busybox 镜像）', en: 'no container yet (only the busybox image is here)' },
    difficulty: 0,
  }),
];

/** File changes made in a running `sleep 3600` container with one `docker exec … sh -c '…'`. */
const DIFFS: Array<{ id: string; ops: string; about: Text; difficulty: 0 | 1 | 2; near: string[]; stopped?: boolean; created?: boolean }> = [
  {
    id: 'files-add',
    ops: 'touch /tmp/hello',
    about: { zh: '运行 `sleep 3600`，之后执行了 `touch /tmp/hello`', en: 'running `sleep 3600`; then `touch /tmp/hello` was run in it' },
    difficulty: 1,
    near: ['files-addrm', 'files-mkdir', 'files-mix', 'running-sleep'],
  },
  {
    id: 'files-delete',
    ops: 'rm /etc/group',
    about: { zh: '运行 `sleep 3600`，之后执行了 `rm /etc/group`', en: 'running `sleep 3600`; then `rm /etc/group` was run in it' },
    difficulty: 1,
    near: ['files-change', 'files-mix', 'running-sleep'],
  },
  {
    id: 'files-change',
    ops: 'echo extra >> /etc/group',
    about: { zh: '运行 `sleep 3600`，之后执行了 `echo extra >> /etc/group`', en: 'running `sleep 3600`; then `echo extra >> /etc/group` was run in it' },
    difficulty: 1,
    near: ['files-delete', 'files-mix', 'running-sleep'],
  },
  {
    id: 'files-mkdir',
    ops: 'mkdir -p /data/logs',
    about: { zh: '运行 `sleep 3600`，之后执行了 `mkdir -p /data/logs`', en: 'running `sleep 3600`; then `mkdir -p /data/logs` was run in it' },
    difficulty: 1,
    near: ['files-add', 'running-sleep'],
  },
  {
    id: 'files-addrm',
    ops: 'touch /tmp/x; rm /tmp/x',
    about: { zh: '运行 `sleep 3600`，之后执行了 `touch /tmp/x; rm /tmp/x`', en: 'running `sleep 3600`; then `touch /tmp/x; rm /tmp/x` was run in it' },
    difficulty: 2,
    near: ['files-add', 'running-sleep'],
  },
  {
    id: 'files-mix',
    ops: 'touch /tmp/hello; rm /etc/group',
    about: {
      zh: '运行 `sleep 3600`，之后执行了 `touch /tmp/hello; rm /etc/group`',
      en: 'running `sleep 3600`; then `touch /tmp/hello; rm /etc/group` was run in it',
    },
    difficulty: 2,
    near: ['files-add', 'files-delete', 'files-change', 'running-sleep'],
  },
  {
    id: 'files-stopped',
    ops: 'touch /tmp/hello',
    stopped: true,
    about: {
      zh: '运行 `sleep 3600` 时执行了 `touch /tmp/hello`，之后容器被 `docker kill` 杀掉',
      en: '`touch /tmp/hello` was run in it while it ran `sleep 3600`; then it was ended with `docker kill`',
    },
    difficulty: 2,
    near: ['files-add', 'exited-killed', 'running-sleep'],
  },
  {
    id: 'files-created',
    ops: '',
    created: true,
    about: {
      zh: "用 `docker create` 创建，程序是 `sh -c 'touch /tmp/hello'`，从未启动",
      en: "made with `docker create` with the program `sh -c 'touch /tmp/hello'`, never started",
    },
    difficulty: 2,
    near: ['files-add', 'created-sleep'],
  },
];

const FILES: Situation[] = DIFFS.map((d) => {
  if (d.created) {
    return S({
      id: d.id,
      state: 'created',
      program: 'files',
      setup: [`docker create --name ${NAME} busybox sh -c 'touch /tmp/hello'`],
      about: d.about,
      difficulty: d.difficulty,
      diffOnly: true,
      near: d.near,
    });
  }
  const setup = [runD('', SLEEP), SETTLE, `docker exec ${NAME} sh -c '${d.ops}'`];
  if (d.stopped) setup.push(`docker kill ${NAME}`, SETTLE);
  return S({ id: d.id, state: d.stopped ? 'exited' : 'running', program: 'files', setup, about: d.about, difficulty: d.difficulty, diffOnly: true, near: d.near });
});

export const SITUATIONS: readonly Situation[] = [...BASE, ...FILES];

const byId = new Map(SITUATIONS.map((s) => [s.id, s]));

export function situation(id: string): Situation {
  const s = byId.get(id);
  if (!s) throw new Error(`quiz: no situation '${id}'`);
  return s;
}
