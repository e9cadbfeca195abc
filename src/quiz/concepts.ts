// The concept bank: interview questions the lifecycle model cannot generate ("image vs
// container", "why copy-on-write", "what does a volume keep"), written in our own words in
// Chinese and English. The facts come from the lessons (src/lessons/*.lesson) and the source
// map's interview list; wrong choices are, where possible, the real mistakes of the five source
// tutorials (000–004), so a learner who read them meets the myth as a distractor and the
// correction in the explanation.
//
// Exports:
//   CONCEPTS                     the cards, in teaching order (by lesson)
//   validateConcepts(cards, slugs) → string[]   problems found (empty when all is well)
//   type ConceptCard, Localized, ConceptLevel
//
// A card's `id` is stable: the spaced-repetition store (srs.ts) keys progress by it, so never
// rename one; retire a card by deleting it and add a new id instead.
// `choices.zh[i]` and `choices.en[i]` are the same choice; `answer` indexes both.
// `level`: 1 = the question itself, 2 = needs the reason behind it, 3 = the follow-up an
// interviewer asks next (edge cases, the sources' traps).

export type ConceptLevel = 1 | 2 | 3;

export interface Localized {
  zh: string;
  en: string;
}

export interface ConceptCard {
  /** Stable kebab-case id; progress is stored under it. */
  id: string;
  /** The lesson slug the card belongs to (used for per-topic mastery). */
  topic: string;
  level: ConceptLevel;
  prompt: Localized;
  /** Same choices in the same order in both languages; 3–5 of them. */
  choices: { zh: string[]; en: string[] };
  /** Index of the right choice in both `choices.zh` and `choices.en`. */
  answer: number;
  /** 2–4 sentences: why the answer is right, and what is wrong with the tempting ones. */
  explanation: Localized;
  /** The lesson slug to link for more. */
  lesson: string;
}

export const CONCEPTS: readonly ConceptCard[] = [
  // ── what-is-a-container ────────────────────────────────────────────────────────────────
  {
    id: 'image-vs-container',
    topic: 'what-is-a-container',
    level: 1,
    prompt: {
      zh: '镜像和容器有什么区别？',
      en: 'What is the difference between an image and a container?',
    },
    choices: {
      zh: [
        '没有区别：容器就是处于运行状态的镜像，停止后就不再算容器。',
        '镜像是只读层加配置；容器是镜像加上自己的可写层和一个进程。',
        '容器是镜像文件的一份完整拷贝，创建时复制一遍，所以每个容器都占一整份空间。',
        '镜像就是停止了的容器：容器一停，它的改动就写回镜像。',
      ],
      en: [
        'None: a container is just an image in the running state, and stops being a container when it stops.',
        'An image is read-only layers plus a configuration; a container is that plus its own writable layer and a process.',
        'A container is a full copy of the image\'s files, made at creation, so every container takes a whole copy\'s space.',
        'An image is a stopped container: when a container stops, its changes are written back into the image.',
      ],
    },
    answer: 1,
    explanation: {
      zh: '镜像由只读层和配置（CMD、环境变量等）组成，本身从不改变。容器在这些只读层上加一层自己的可写层，还有自己的配置、ID 和主进程，所以一个镜像可以同时变出很多个容器。容器停了也还是容器：状态是 exited，可写层还在，直到 `docker rm`。',
      en: 'An image is read-only layers plus a configuration (CMD, environment and so on), and it never changes. A container puts a writable layer of its own on those layers and has its own configuration, ID and main process, which is why one image can give you many containers at once. A stopped container is still a container: it is exited, and its writable layer stays until `docker rm`.',
    },
    lesson: 'what-is-a-container',
  },
  {
    id: 'container-vs-vm',
    topic: 'what-is-a-container',
    level: 1,
    prompt: {
      zh: '容器和虚拟机的根本区别是什么？',
      en: 'What is the basic difference between a container and a virtual machine?',
    },
    choices: {
      zh: [
        '容器是一台精简的虚拟机：它启动一个自带的小内核，所以启动得更快。',
        '容器也跑在虚拟机监控器（hypervisor）上，只是省掉了客户机操作系统，所以更省内存。',
        '容器是共用宿主机内核、被隔离起来的进程；虚拟机要在 hypervisor 上启动一整套客户机操作系统。',
        '镜像里带着内核（bootfs），容器启动完成后就把它卸载掉，所以比虚拟机轻。',
      ],
      en: [
        'A container is a slimmed-down virtual machine: it boots a tiny kernel of its own, which is why it starts faster.',
        'A container also runs on a hypervisor; it only leaves out the guest operating system, which saves memory.',
        'A container is isolated processes sharing the host\'s kernel; a VM boots a whole guest OS on a hypervisor.',
        'The image carries a kernel (bootfs) that is unloaded once the container has started, which makes it lighter than a VM.',
      ],
    },
    answer: 2,
    explanation: {
      zh: '虚拟机的层次是：应用 → 客户机操作系统 → hypervisor → 宿主机；容器是：应用 → 容器运行时 → 宿主机。容器里的程序直接跑在宿主机内核上，只是被 namespace（看不见别人）和 cgroup（用不了太多资源）圈了起来，所以在容器里 `uname -r` 看到的是宿主机的内核版本，启动容器也只是启动一个进程。镜像里根本没有内核，也就谈不上启动后卸载。',
      en: 'A virtual machine stacks app → guest OS → hypervisor → host; a container stacks app → container runtime → host. The program in a container runs straight on the host\'s kernel, fenced in by namespaces (it cannot see the others) and cgroups (it cannot take too much), so `uname -r` inside shows the host\'s kernel version, and starting a container means starting a process, not booting a system. Images hold no kernel at all, so nothing is unloaded after start.',
    },
    lesson: 'what-is-a-container',
  },
  {
    id: 'one-image-many-containers',
    topic: 'what-is-a-container',
    level: 2,
    prompt: {
      zh: '`web1` 和 `web2` 都从 `busybox` 镜像创建，正在运行。在 `web1` 里执行 `touch /only-in-a` 之后，这个文件在哪里？',
      en: '`web1` and `web2` both run from the `busybox` image. After `touch /only-in-a` in `web1`, where is the file?',
    },
    choices: {
      zh: [
        '写进了 busybox 镜像，所以从现在起 `web2` 也能看到这个文件。',
        '在 Docker 为这两个容器创建的一个共用数据卷里。',
        '哪里都没有：容器的改动要等 `docker commit` 之后才会写到磁盘上。',
        '只在 `web1` 的可写层里，`web2` 和镜像都没有变化。',
      ],
      en: [
        'In the busybox image, so `web2` sees the new file as well from now on.',
        'In a volume that Docker creates for the two containers to share.',
        'Nowhere yet: a container\'s changes are written to disk only when you `docker commit`.',
        'Only in `web1`\'s writable layer; `web2` and the image are unchanged.',
      ],
    },
    answer: 3,
    explanation: {
      zh: '镜像的层是只读的，两个容器共用它们；每个容器在上面有一层自己的可写层，写入都落在这一层，所以这个文件只出现在 `web1` 的 `docker diff` 里。没有挂载卷的路径不会写进卷里。`docker commit` 是把可写层做成一个新镜像，写入并不等它。',
      en: "An image's layers are read-only and both containers share them; each container has a writable layer of its own on top, and its writes land there, so the file shows up only in `web1`'s `docker diff`. Nothing goes into a volume on a path where no volume is mounted. `docker commit` turns a writable layer into a new image; writes do not wait for it.",
    },
    lesson: 'what-is-a-container',
  },

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────
  {
    id: 'real-states',
    topic: 'lifecycle',
    level: 2,
    prompt: {
      zh: '下面哪一个**不是** `docker inspect` 里 `State.Status` 可能的取值？',
      en: 'Which of these is **not** a possible value of `State.Status` in `docker inspect`?',
    },
    choices: {
      zh: ['`restarting`', '`stopped`', '`dead`', '`removing`', '`paused`'],
      en: ['`restarting`', '`stopped`', '`dead`', '`removing`', '`paused`'],
    },
    answer: 1,
    explanation: {
      zh: 'Docker 的状态一共七个：created、running、paused、restarting、removing、exited、dead。教程里的“stopped”在 Docker 里叫 `exited`，“deleted”也不是状态：删掉的容器就不存在了。`docker ps` 的 STATUS 列是给人看的句子，脚本要读 `State.Status`。',
      en: 'Docker has seven states: created, running, paused, restarting, removing, exited and dead. What tutorials call "stopped" is `exited`, and "deleted" is no state either: a removed container no longer exists. The STATUS column of `docker ps` is a sentence for people; scripts should read `State.Status`.',
    },
    lesson: 'lifecycle',
  },

  // ── create-start-run ───────────────────────────────────────────────────────────────────
  {
    id: 'create-vs-run',
    topic: 'create-start-run',
    level: 1,
    prompt: {
      zh: '`docker run` 比 `docker create` 加 `docker start` 多做了什么？',
      en: 'What does `docker run` do that `docker create` followed by `docker start` does not?',
    },
    choices: {
      zh: [
        '镜像缺失时先拉取；不加 `-d` 时附着到容器；然后等容器结束。',
        '什么也不多：`docker run` 只是 `docker create` 加 `docker start` 的别名。',
        '只有 run 会给容器加可写层，create 只是检查镜像、占下名字。',
        'run 会把容器接到网桥网络上并分配 IP 地址，create + start 不会。',
      ],
      en: [
        'It pulls a missing image, attaches unless `-d` is given, and waits for the container to end.',
        'Nothing more: `docker run` is simply an alias for `docker create` followed by `docker start`.',
        'Only run adds the writable layer; create merely checks the image and reserves the name.',
        'run connects the container to the bridge network and gives it an IP address; create + start do not.',
      ],
    },
    answer: 0,
    explanation: {
      zh: '`docker create` 已经准备好一切：配置、ID、名字和可写层；`docker start` 只是启动主进程，默认也不附着。run 在这两步之外，还会拉取缺失的镜像、附着（除非 `-d`）、等待结束。网络是在启动时设置的，两种方式一样；教程的步骤清单恰恰漏了附着和等待。',
      en: '`docker create` already prepares everything: configuration, ID, name and writable layer; `docker start` only starts the main process, and does not attach by default. On top of those two steps, run pulls a missing image, attaches (unless `-d`) and waits for the end. Networking is set up at start either way; the tutorials\' step lists are the ones that leave out attach and wait.',
    },
    lesson: 'create-start-run',
  },
  {
    id: 'run-busybox-exits',
    topic: 'create-start-run',
    level: 1,
    prompt: {
      zh: '为什么 `docker run busybox` 一运行就退出了？',
      en: 'Why does `docker run busybox` exit at once?',
    },
    choices: {
      zh: [
        'busybox 镜像没有默认命令，Docker 什么也没启动，容器当场结束。',
        '没加 `-d`，`docker run` 一返回，Docker 就把前台容器停掉。',
        '容器没有发布任何端口，Docker 认为它无事可做，就把它停了。',
        '`sh` 的标准输入是关着的，读到 EOF 就退出；1 号进程结束，容器也就结束。',
      ],
      en: [
        'The busybox image has no default command, so Docker starts nothing and the container ends at once.',
        'Without `-d`, Docker stops a foreground container as soon as the `docker run` command returns.',
        'It publishes no port, so Docker decides the container has nothing to do and stops it.',
        '`sh` finds its standard input closed, reads EOF and exits; when PID 1 ends, so does the container.',
      ],
    },
    answer: 3,
    explanation: {
      zh: 'busybox 的 CMD 是 `sh`。不加 `-i` 时容器的标准输入是关着的，`sh` 读到 EOF，就像按了 Ctrl-D 一样正常退出。容器的寿命就是 1 号进程的寿命；想让它留下，用 `-it`（后台用 `-dit`），或者换一个不会结束的命令。',
      en: "busybox's CMD is `sh`. Without `-i` the container's standard input is closed, and `sh` reads EOF and exits normally, as if you had pressed Ctrl-D. A container lives exactly as long as its PID 1; to keep it, use `-it` (`-dit` in the background) or a command that does not end.",
    },
    lesson: 'create-start-run',
  },
  {
    id: 'keep-shell-alive',
    topic: 'create-start-run',
    level: 2,
    prompt: {
      zh: '想让一个 busybox 容器在后台一直运行、`docker ps` 能看到它，该用哪条命令？',
      en: 'You want a busybox container that keeps running in the background, listed by `docker ps`. Which command?',
    },
    choices: {
      zh: ['`docker run -d busybox`', '`docker run -dit busybox`', '`docker run -d --restart=always busybox`', '`docker run -i busybox`'],
      en: ['`docker run -d busybox`', '`docker run -dit busybox`', '`docker run -d --restart=always busybox`', '`docker run -i busybox`'],
    },
    answer: 1,
    explanation: {
      zh: '只加 `-d` 不够：它只是让客户端不等待，`sh` 照样读到 EOF 退出，004 讲师的回答就错在这里。`-i` 让标准输入保持打开，`-t` 分配伪终端，`sh` 就会等人输入；这两个选项存进容器配置，以后 `docker start` 也有效。`--restart=always` 只会让它一次次退出又重启，显示 `Restarting (0)`；`-i` 不带 `-d` 则留在前台。',
      en: "`-d` alone is not enough: it only tells the client not to wait, and `sh` still reads EOF and exits; that is the mistake in 004's instructor's answer. `-i` keeps standard input open and `-t` gives a pseudo-terminal, so `sh` waits for input; both are stored in the container's configuration and hold for later `docker start`s too. `--restart=always` only makes it exit and restart over and over, showing `Restarting (0)`, and `-i` without `-d` stays in the foreground.",
    },
    lesson: 'create-start-run',
  },
  {
    id: 'no-command-specified',
    topic: 'create-start-run',
    level: 2,
    prompt: {
      zh: '`docker create -it centos:6.6` 报错 `No command specified`，而自己 `docker commit` 出来的 `test:latest` 没问题。最可能的原因是什么？',
      en: '`docker create -it centos:6.6` fails with `No command specified`, while `test:latest`, committed by hand, works. What is the most likely cause?',
    },
    choices: {
      zh: [
        'centos:6.6 太旧了：现在的 Docker 不再支持为 Docker 1.x 构建的镜像。',
        '本地没有这个镜像，而 `docker create` 不像 `docker run` 那样会去拉取。',
        '这个镜像（用 `docker import` 导入）没有 CMD 或 ENTRYPOINT，命令行上也没给命令。',
        'Docker 守护进程没在运行，客户端不知道镜像要运行什么命令。',
      ],
      en: [
        'centos:6.6 is too old: current Docker no longer supports images built for Docker 1.x.',
        'The image is not local, and unlike `docker run`, `docker create` does not pull a missing image.',
        'The image (made by `docker import`) has no CMD or ENTRYPOINT, and no command was given.',
        'The Docker daemon is not running, so the client cannot tell which command the image runs.',
      ],
    },
    answer: 2,
    explanation: {
      zh: '`docker import` 只从 tar 里拿文件，镜像配置是空的；既没有 CMD/ENTRYPOINT，命令行上又没给命令，Docker 就不知道该运行什么。000 后面正是用 import 导入镜像的，而 commit 会保留 CMD。解决办法：运行时给出命令（如 `sh`），或者导入时加 `--change \'CMD ["sh"]\'`。',
      en: '`docker import` takes only the files from a tar, so the image\'s configuration is empty; with no CMD or ENTRYPOINT and no command on the command line, Docker has nothing to run. 000 does bring images in with import, while commit keeps the CMD. The fix: give a command when you run it (such as `sh`), or import with `--change \'CMD ["sh"]\'`.',
    },
    lesson: 'create-start-run',
  },
  {
    id: 'fix-no-command',
    topic: 'create-start-run',
    level: 3,
    prompt: {
      zh: '`nocmd` 是从 `box.tar` 导入的镜像，没有 CMD。哪条命令能做出一个默认运行 `sh` 的镜像？',
      en: '`nocmd` was imported from `box.tar` and has no CMD. Which command makes an image whose default command is `sh`?',
    },
    choices: {
      zh: [
        '`docker commit --change \'CMD ["sh"]\' nocmd withcmd:latest`',
        '`docker load -i box.tar`',
        '`docker import --change \'CMD ["sh"]\' box.tar withcmd:latest`',
        '`docker tag nocmd withcmd:latest`',
      ],
      en: [
        '`docker commit --change \'CMD ["sh"]\' nocmd withcmd:latest`',
        '`docker load -i box.tar`',
        '`docker import --change \'CMD ["sh"]\' box.tar withcmd:latest`',
        '`docker tag nocmd withcmd:latest`',
      ],
    },
    answer: 2,
    explanation: {
      zh: '`--change` 在导入时写入配置，`CMD ["sh"]` 就成了新镜像的默认命令。`docker commit` 的对象是容器而不是镜像，这里并没有叫 `nocmd` 的容器；`docker load` 读不了 export 出来的文件系统 tar；`docker tag` 只是多起一个名字，配置不变。另一个办法是每次运行时写上命令，如 `docker run -it nocmd sh`。',
      en: '`--change` writes configuration at import time, so `CMD ["sh"]` becomes the new image\'s default command. `docker commit` takes a container, not an image, and there is no container called `nocmd`; `docker load` cannot read a file-system tar made by export; `docker tag` only adds a name and keeps the configuration. The other way is to give the command every time, as in `docker run -it nocmd sh`.',
    },
    lesson: 'create-start-run',
  },
  {
    id: 'args-replace-cmd',
    topic: 'create-start-run',
    level: 1,
    prompt: {
      zh: 'busybox 的 CMD 是 `sh`。执行 `docker run busybox echo hello` 时，容器运行的是什么？',
      en: "busybox's CMD is `sh`. What does the container run for `docker run busybox echo hello`?",
    },
    choices: {
      zh: [
        '先运行 `sh`，再把 `echo hello` 作为第一条命令交给这个 shell。',
        '`sh echo hello`：镜像名后面的参数追加在 CMD 后面。',
        '`echo hello`，替换掉 CMD，只对这个容器有效。',
        '`echo hello`，而且从此镜像的 CMD 也变成了 `echo hello`。',
      ],
      en: [
        'First `sh`, then `echo hello` typed into that shell as its first command.',
        '`sh echo hello`: the arguments after the image name are appended to CMD.',
        '`echo hello`, in place of CMD, for this container only.',
        '`echo hello`, and from now on the image\'s CMD is `echo hello` as well.',
      ],
    },
    answer: 2,
    explanation: {
      zh: '镜像名之后的一切替换掉镜像的 CMD，所以 `docker ps -a` 的 COMMAND 列显示 `"echo hello"`；它打印一行就结束，退出码 0。镜像是只读的，不会因为某个容器换了命令而改变。只有镜像有 ENTRYPOINT 时，这些参数才会接在 ENTRYPOINT 后面。',
      en: 'Everything after the image name replaces the image\'s CMD, so the COMMAND column of `docker ps -a` shows `"echo hello"`; it prints one line and ends with code 0. The image is read-only and does not change because one container ran another command. Only when the image has an ENTRYPOINT are these arguments appended to it.',
    },
    lesson: 'create-start-run',
  },
  {
    id: 'i-and-t',
    topic: 'create-start-run',
    level: 2,
    prompt: {
      zh: '`docker run -it` 里的 `-i` 和 `-t` 分别做什么？',
      en: 'What do `-i` and `-t` in `docker run -it` each do?',
    },
    choices: {
      zh: [
        '`-i` 让标准输入保持打开，`-t` 分配一个伪终端。',
        '`-i` 表示交互式地进入一个已有容器，`-t` 设置客户端等待它的时间。',
        '`-i` 指定要运行的镜像，`-t` 指定标签，比如 `-i busybox -t latest`。',
        '`-it` 只对这一次运行有效：以后再 `docker start` 同一个容器就没有终端了。',
      ],
      en: [
        '`-i` keeps standard input open; `-t` allocates a pseudo-terminal.',
        '`-i` enters an existing container interactively; `-t` sets how long the client waits for it.',
        '`-i` names the image to run and `-t` its tag, as in `-i busybox -t latest`.',
        '`-it` holds for this run only: a later `docker start` of the same container has no terminal.',
      ],
    },
    answer: 0,
    explanation: {
      zh: '`-i`（--interactive）让标准输入一直开着，`-t`（--tty）分配伪终端，`sh` 才会显示提示符并等你输入。它们保存在容器配置里，所以 `docker create -it` 之后 `docker start` 起来的 shell 一样会留着。Ctrl-P Ctrl-Q 这样的脱离按键也要靠 `-t` 给的终端才起作用。',
      en: '`-i` (--interactive) keeps standard input open and `-t` (--tty) allocates a pseudo-terminal, so `sh` shows its prompt and waits for you. They are stored in the container\'s configuration, so a shell from `docker create -it` stays up after `docker start` as well. Detach keys such as Ctrl-P Ctrl-Q also need the terminal that `-t` gives.',
    },
    lesson: 'create-start-run',
  },

  // ── detached-logs ──────────────────────────────────────────────────────────────────────
  {
    id: 'logs-survive-restart',
    topic: 'detached-logs',
    level: 2,
    prompt: {
      zh: '一个容器被 `docker stop` 之后又 `docker start`。`docker logs` 里还有上一次运行的输出吗？',
      en: 'A container is stopped with `docker stop` and started again. Does `docker logs` still show the output of the earlier run?',
    },
    choices: {
      zh: [
        '没有：每次 `docker start` 都开始一份新日志，只看得到新这次的。',
        '没有：日志属于进程，进程一停日志就没了。',
        '有：每次运行的输出都在同一份日志里，直到容器被删除。',
        '有，而且 `docker rm` 之后也还在，要用 `docker logs --prune` 清理。',
      ],
      en: [
        'No: every `docker start` begins a fresh log, so only the new run shows.',
        'No: logs belong to the process, so they go away when the process stops.',
        'Yes: all runs go into one log, kept until the container is removed.',
        'Yes, and they stay even after `docker rm`, until you run `docker logs --prune`.',
      ],
    },
    answer: 2,
    explanation: {
      zh: '守护进程记录容器写到标准输出和标准错误的一切；日志属于容器，不属于某个进程。停止、启动都不影响它，`-t` 还能看出每行是什么时候写的。只有 `docker rm`（或 `--rm` 的自动删除）会把日志和容器一起删掉。',
      en: 'The daemon records everything a container writes to standard output and standard error; the log belongs to the container, not to one process. Stopping and starting leave it alone, and `-t` shows when each line was written. Only `docker rm` (or the automatic removal of `--rm`) deletes the log along with the container.',
    },
    lesson: 'detached-logs',
  },
  {
    id: 'detach-and-rm',
    topic: 'detached-logs',
    level: 2,
    prompt: {
      zh: '`docker run -d --rm busybox sleep 5` 会怎样？',
      en: 'What happens with `docker run -d --rm busybox sleep 5`?',
    },
    choices: {
      zh: [
        '报错：`--rm` 不能和 `-d` 一起用，因为没有客户端留下来删除它。',
        '立即打印 ID；5 秒后容器退出，随即被删除。',
        '容器结束后停在 exited，等下一次 `docker run` 时才被清理。',
        '有 `-d` 时 `--rm` 不起作用，容器会留在 `docker ps -a` 里。',
      ],
      en: [
        'An error: `--rm` cannot be combined with `-d`, since there would be no client left to remove it.',
        'The ID is printed at once; 5 seconds later the container exits and is removed.',
        'The container stays exited after it ends and is cleaned up at the next `docker run`.',
        '`--rm` is ignored together with `-d`, so the container stays in `docker ps -a`.',
      ],
    },
    answer: 1,
    explanation: {
      zh: '`-d` 让客户端打印完整的 64 位 ID 后就返回，`--rm` 让容器一结束就被删除，连同它的日志和匿名卷。000 帮助文本里“与 -d 不兼容”的限制，Docker 1.13 就取消了。`--rm` 真正不能搭配的是重启策略。',
      en: "`-d` makes the client print the full 64-character ID and return; `--rm` removes the container, with its log and anonymous volumes, as soon as it ends. The \"incompatible with -d\" rule in 000's help text was lifted in Docker 1.13. What `--rm` really cannot be combined with is a restart policy.",
    },
    lesson: 'detached-logs',
  },

  // ── ps ─────────────────────────────────────────────────────────────────────────────────
  {
    id: 'ps-a-q',
    topic: 'ps',
    level: 1,
    prompt: {
      zh: '`docker ps -a -q` 输出什么？',
      en: 'What does `docker ps -a -q` print?',
    },
    choices: {
      zh: [
        '只有已停止的容器的 ID',
        '只有正在运行的容器的 ID',
        '所有容器的 ID',
        '所有容器的名字和 ID，每行一个',
      ],
      en: [
        'The IDs of stopped containers only',
        'The IDs of running containers only',
        'The IDs of all containers',
        'The names and IDs of all containers, one per line',
      ],
    },
    answer: 2,
    explanation: {
      zh: '`-a` 是“全部容器”，`-q` 只是“只输出 ID”，合起来就是所有容器的 ID。000 把它写成“只显示停止的容器”，可它自己的输出里就有一个当时正在运行的容器。只要停止的容器，用 `-f status=exited`。',
      en: '`-a` means all containers and `-q` only means "IDs only", so together they print the ID of every container. 000 presents it as "show only stopped containers", yet its own output includes a container that was running at the time. For stopped ones only, use `-f status=exited`.',
    },
    lesson: 'ps',
  },
  {
    id: 'list-stopped-only',
    topic: 'ps',
    level: 2,
    prompt: {
      zh: '怎样只列出已经停止的容器？',
      en: 'How do you list only the containers that have stopped?',
    },
    choices: {
      zh: ['`docker ps -a -q`', '`docker ps -f status=stopped`', '`docker ps -f status=exited`', '`docker ps -all`'],
      en: ['`docker ps -a -q`', '`docker ps -f status=stopped`', '`docker ps -f status=exited`', '`docker ps -all`'],
    },
    answer: 2,
    explanation: {
      zh: '停止的容器在 Docker 里的状态叫 `exited`，状态过滤器本身就会算上没在运行的容器，不需要 `-a`。`stopped` 不是状态，Docker 会拒绝这个过滤值。`-all` 会被读成 `-a -l -l`，只剩最新的一行；`-a -q` 是所有容器的 ID。',
      en: "A stopped container's state is `exited` in Docker, and a status filter takes in containers that are not running on its own, without `-a`. `stopped` is not a state, and Docker refuses it as a filter value. `-all` is read as `-a -l -l` and leaves only the newest row, and `-a -q` gives the IDs of all containers.",
    },
    lesson: 'ps',
  },

  // ── stop-kill-restart ──────────────────────────────────────────────────────────────────
  {
    id: 'stop-vs-kill',
    topic: 'stop-kill-restart',
    level: 1,
    prompt: {
      zh: '`docker stop` 和 `docker kill` 有什么区别？',
      en: 'What is the difference between `docker stop` and `docker kill`?',
    },
    choices: {
      zh: [
        'stop 先发 SIGTERM，等一会儿再 SIGKILL；kill 立即发 SIGKILL。',
        '没有区别：`docker kill` 是 `docker stop` 的旧名字，为了兼容脚本保留。',
        'stop 立即发 SIGKILL；kill 发 SIGTERM，让程序自己退出。',
        'stop 保留容器，以后还能 start；kill 结束进程并删除容器。',
      ],
      en: [
        'stop sends SIGTERM and waits before SIGKILL; kill sends SIGKILL at once.',
        'None: `docker kill` is the old name of `docker stop`, kept for scripts.',
        'stop sends SIGKILL at once; kill sends SIGTERM and lets the program exit by itself.',
        'stop keeps the container for a later start; kill ends the process and removes the container.',
      ],
    },
    answer: 0,
    explanation: {
      zh: 'stop 是“先礼后兵”：SIGTERM 给进程收尾的机会，过了宽限期（`-t` 可改）才用 SIGKILL。kill 默认直接 SIGKILL，`-s` 可以换成别的信号。两种方式之后容器都是 exited，都还在，删除要用 `docker rm`。',
      en: 'stop asks nicely first: SIGTERM gives the process a chance to clean up, and SIGKILL comes only after the grace period (changed with `-t`). kill sends SIGKILL at once by default, and `-s` picks another signal. Either way the container ends up exited and still exists; removing it takes `docker rm`.',
    },
    lesson: 'stop-kill-restart',
  },
  {
    id: 'exit-137',
    topic: 'stop-kill-restart',
    level: 2,
    prompt: {
      zh: '用 `docker run -d busybox sh -c "while true; do sleep 1; done"` 启动的容器，`docker stop` 等了 10 秒，最后显示 `Exited (137)`。为什么？',
      en: 'A container started with `docker run -d busybox sh -c "while true; do sleep 1; done"` takes 10 seconds to `docker stop` and ends `Exited (137)`. Why?',
    },
    choices: {
      zh: [
        '137 是用户停止容器时 Docker 一律记下的退出码，和程序自己怎么做没有关系。',
        'SIGTERM 在 10 秒的等待之后才生效，结束了它：137 = 128 + 15。',
        '信号到来时循环崩溃了，137 是 shell 表示命令被打断的退出码。',
        '1 号进程 `sh` 忽略 SIGTERM，10 秒后被 SIGKILL（128 + 9）。',
      ],
      en: [
        '137 is the code Docker always records when a user stops a container, whatever the program did.',
        'SIGTERM ended it after the 10-second wait: 137 = 128 + 15.',
        'The loop crashed when the signal arrived; 137 is the shell\'s code for an interrupted command.',
        '`sh` as PID 1 ignored SIGTERM, so SIGKILL came after 10 s: 128 + 9.',
      ],
    },
    answer: 3,
    explanation: {
      zh: '被信号杀死的进程，退出码是 128 加信号编号：137 是 SIGKILL（9），143 是 SIGTERM（15）。1 号进程自己没有处理函数的信号，内核不执行默认动作；`sh -c` 不处理 SIGTERM，只能等宽限期满后被 SIGKILL。用 `trap \'exit 0\' TERM` 或 `--init` 可以让它及时退出。',
      en: "A process killed by a signal exits with 128 plus the signal number: 137 is SIGKILL (9), 143 is SIGTERM (15). For signals PID 1 has no handler for, the kernel skips the default action, and `sh -c` installs no SIGTERM handler, so it is killed by SIGKILL when the grace period ends. `trap 'exit 0' TERM` or `--init` make it end promptly.",
    },
    lesson: 'stop-kill-restart',
  },
  {
    id: 'always-vs-unless-stopped',
    topic: 'stop-kill-restart',
    level: 2,
    prompt: {
      zh: '重启策略 `always` 和 `unless-stopped` 有什么区别？',
      en: 'How does the restart policy `always` differ from `unless-stopped`?',
    },
    choices: {
      zh: [
        '`unless-stopped` 不重启以退出码 0 结束的容器，`always` 会。',
        '`always` 连续重启失败 10 次就放弃，`unless-stopped` 一直重试。',
        '只在守护进程重启后有区别：`always` 连你手动停掉的容器也会启动。',
        '手动 `docker stop` 之后，`always` 的容器会马上被再启动，`unless-stopped` 的不会。',
      ],
      en: [
        '`unless-stopped` does not restart a container that exited with code 0; `always` does.',
        '`always` gives up after 10 failed restarts in a row; `unless-stopped` keeps trying forever.',
        'Only after a daemon restart: `always` also revives containers you had stopped by hand.',
        'After a manual `docker stop`, an `always` container is started again at once; `unless-stopped` is not.',
      ],
    },
    answer: 2,
    explanation: {
      zh: '四种策略：`no`（默认）、`on-failure[:N]`（退出码非 0 时重启，最多 N 次）、`always`、`unless-stopped`。手动 `stop` 或 `kill` 会取消两者当下的自动重启；差别只在守护进程重启（比如宿主机重启）之后，`always` 连手动停过的容器也会启动。000 的帮助文本里还没有 `unless-stopped`，它在 Docker 1.9 才出现。',
      en: 'The four policies are `no` (the default), `on-failure[:N]` (on a non-zero exit, at most N times), `always` and `unless-stopped`. A manual `stop` or `kill` cancels automatic restarts under both; the difference shows only when the daemon restarts (after a host reboot, say), when `always` starts even a container you stopped by hand. 000\'s help text predates `unless-stopped`, which came in Docker 1.9.',
    },
    lesson: 'stop-kill-restart',
  },
  {
    id: 'restart-always-shell',
    topic: 'stop-kill-restart',
    level: 3,
    prompt: {
      zh: '001 用 `docker run -d --restart=always` 跑一个不带 `-it` 的 bash 容器，说它“注定失败”。实际会看到什么？',
      en: '001 runs a bash container with `docker run -d --restart=always` and no `-it`, and says it "is bound to fail". What do you really see?',
    },
    choices: {
      zh: [
        '`docker run` 当场报错：shell 配 `--restart=always` 必须加 `-it`，容器根本创建不出来。',
        '容器一直是 `Up`，因为只要守护进程在，`always` 就让 bash 一直运行。',
        '容器停在 `Exited (0)`：退出码 0 不算失败，重启策略不会重启它。',
        'bash 读到 EOF 以 0 退出，然后被一次次重启：`Restarting (0) …`。',
      ],
      en: [
        '`docker run` fails at once: `--restart=always` needs `-it` for a shell, so the container is never created.',
        'The container stays `Up`, because `always` keeps bash running for as long as the daemon runs.',
        'It stays `Exited (0)`: exit code 0 is no failure, so the policy never restarts it.',
        'bash exits 0 on EOF and is restarted again and again: `Restarting (0) …`.',
      ],
    },
    answer: 3,
    explanation: {
      zh: '没有 `-i`，bash 读到 EOF 就以 0 正常退出，这不是失败。`always` 不管退出码都会重启，两次重启之间有退避等待：从 100 毫秒开始翻倍，最长 1 分钟，所以它大部分时间处于 restarting。“退出码 0 不重启”是 `on-failure` 的行为；要让 shell 常驻，加 `-it`。',
      en: 'Without `-i`, bash reads EOF and exits normally with 0: no failure. `always` restarts whatever the exit code, with a back-off between restarts that starts at 100 ms and doubles up to 1 minute, so most of the time it is restarting. "No restart on exit code 0" is what `on-failure` does; to keep a shell alive, add `-it`.',
    },
    lesson: 'stop-kill-restart',
  },

  // ── pause-unpause ──────────────────────────────────────────────────────────────────────
  {
    id: 'pause-freezer',
    topic: 'pause-unpause',
    level: 1,
    prompt: {
      zh: '`docker pause` 做了什么？',
      en: 'What does `docker pause` do?',
    },
    choices: {
      zh: [
        '给 1 号进程发 SIGSTOP，unpause 时再发 SIGCONT；进程能看到这两个信号。',
        '用 cgroup freezer 冻结容器里的所有进程：不发信号，内存原样保留。',
        '把容器的内存存到磁盘，然后停止容器，状态变成 exited。',
        '先发 SIGTERM，进程退出后保留可写层，以后从那里恢复。',
      ],
      en: [
        'It sends SIGSTOP to PID 1 and SIGCONT on unpause; the process sees both signals.',
        'It freezes every process in the container with the cgroup freezer: no signal, memory kept.',
        'It saves the container\'s memory to disk and stops the container, whose state becomes exited.',
        'It sends SIGTERM, keeps the writable layer once the process exits, and resumes from there later.',
      ],
    },
    answer: 1,
    explanation: {
      zh: 'pause 靠 cgroup freezer 把容器 cgroup 里的每个进程都冻住，进程不会察觉。状态是 `paused`，但 `Running` 仍为 true，所以不加 `-a` 的 `docker ps` 也列出它，STATUS 是 `Up … (Paused)`。stop 则是让进程结束，容器变成 exited。',
      en: "pause relies on the cgroup freezer to freeze every process in the container's cgroup, and the processes cannot tell. The state is `paused`, yet `Running` stays true, so plain `docker ps` lists it with STATUS `Up … (Paused)`. stop, by contrast, ends the process and the container becomes exited.",
    },
    lesson: 'pause-unpause',
  },
  {
    id: 'paused-what-works',
    topic: 'pause-unpause',
    level: 2,
    prompt: {
      zh: '容器 `loop` 处于 paused 状态。不先 unpause，下面哪条命令能直接成功？',
      en: 'Container `loop` is paused. Without unpausing it first, which command succeeds?',
    },
    choices: {
      zh: ['`docker exec loop echo hi`', '`docker attach loop`', '`docker rm loop`', '`docker stop loop`', '`docker start loop`'],
      en: ['`docker exec loop echo hi`', '`docker attach loop`', '`docker rm loop`', '`docker stop loop`', '`docker start loop`'],
    },
    answer: 3,
    explanation: {
      zh: '暂停的容器可以直接 stop、kill、restart 或 `rm -f`：Docker 发出信号后会把容器解冻，好让信号送达。exec 不能在冻住的容器里起新进程，attach 不接暂停的容器，start 会说它已经在运行并建议 unpause，不带 `-f` 的 rm 也会被拒绝。004 的图里 paused 只有 unpause 一条出路，其余这些都漏画了。',
      en: 'A paused container can be stopped, killed, restarted or removed with `rm -f` directly: Docker sends the signal and then thaws the container so that it arrives. exec cannot start a new process in a frozen container, attach refuses a paused one, start says it is already running and suggests unpause, and rm without `-f` is refused. 004\'s drawing gives paused a single way out, unpause, and leaves all the others out.',
    },
    lesson: 'pause-unpause',
  },

  // ── entering ───────────────────────────────────────────────────────────────────────────
  {
    id: 'attach-vs-exec',
    topic: 'entering',
    level: 1,
    prompt: {
      zh: '`docker attach` 和 `docker exec` 有什么区别？',
      en: 'What is the difference between `docker attach` and `docker exec`?',
    },
    choices: {
      zh: [
        'attach 接上 1 号进程的输入输出；exec 启动一个新进程。',
        '两者一样：`docker exec` 是 `docker attach` 的新名字，选项多一些。',
        'attach 在容器里启动一个新 shell；exec 把你接到 1 号进程上。',
        'attach 也能进入已停止的容器；exec 只能进入运行中的容器。',
      ],
      en: [
        'attach joins PID 1\'s input and output; exec starts a new process.',
        'They are the same: `docker exec` is the newer name of `docker attach`, with more options.',
        'attach starts a new shell in the container; exec connects you to its PID 1.',
        'attach can also enter a stopped container; exec works only on a running one.',
      ],
    },
    answer: 0,
    explanation: {
      zh: 'attach 不起新进程：两个窗口 attach 同一个容器，连的是同一个 1 号进程，输入输出互为镜像。exec（Docker 1.3 起）在容器里另起一个进程，比如 `docker exec -it box sh`，是日常“进入”容器的方式。两者都要求容器在运行，暂停的也不行。',
      en: 'attach starts no process: two windows attached to one container share the same PID 1, and their input and output mirror each other. exec (since Docker 1.3) starts another process inside, such as `docker exec -it box sh`, and is the everyday way in. Both need a running container; a paused one is refused too.',
    },
    lesson: 'entering',
  },
  {
    id: 'exit-attach-vs-exec',
    topic: 'entering',
    level: 2,
    prompt: {
      zh: '`box` 是用 `docker run -dit --name box busybox` 启动的。分别用 `docker attach box` 和 `docker exec -it box sh` 进去后输入 `exit`，结果如何？',
      en: '`box` was started with `docker run -dit --name box busybox`. What happens when you type `exit` after `docker attach box`, and after `docker exec -it box sh`?',
    },
    choices: {
      zh: [
        '两次容器都会停止：`exit` 总是结束你所在的容器。',
        '两次容器都继续运行：它是用 `-d` 启动的，不依赖你的 shell。',
        'attach 时容器停止；exec 时容器继续运行。',
        'attach 时容器继续运行，因为 attach 不启动进程；exec 时 `exit` 会停掉容器。',
      ],
      en: [
        'The container stops both times: `exit` always ends the container you are in.',
        'The container keeps running both times: it was started with `-d`, so it does not depend on your shell.',
        'After attach it stops; after exec it keeps running.',
        'After attach it keeps running, since attach starts no process; after exec, `exit` stops it.',
      ],
    },
    answer: 2,
    explanation: {
      zh: 'attach 接上的就是 1 号进程 `sh`，`exit` 或 Ctrl-D 结束了它，容器也就结束了；003 说“退出 attach 就会停止容器”，其实停掉容器的是 1 号进程的结束，不是 attach。exec 起的是另一个 shell，结束它不影响 1 号进程。只想离开又不停止容器，在 attach 里按 Ctrl-P Ctrl-Q。',
      en: 'attach connects you to PID 1 itself, `sh`, and `exit` or Ctrl-D ends it, so the container ends; 003 says leaving attach stops the container, but what stops it is the end of PID 1, not attach. exec starts another shell, and ending that leaves PID 1 alone. To leave an attached container without stopping it, press Ctrl-P Ctrl-Q.',
    },
    lesson: 'entering',
  },
  {
    id: 'detach-keys',
    topic: 'entering',
    level: 1,
    prompt: {
      zh: 'attach 到一个容器之后，怎样离开而不让它停止？',
      en: 'After attaching to a container, how do you leave without stopping it?',
    },
    choices: {
      zh: [
        '输入 `exit`：客户端退出，容器继续在后台运行',
        '按 Ctrl-C：客户端结束，容器在后台不受影响',
        '按 Ctrl-D 关掉输入，容器没有输入照样运行',
        'Ctrl-P 再 Ctrl-Q（需要 `-it`）',
      ],
      en: [
        'Type `exit`: the client leaves and the container keeps running in the background',
        'Press Ctrl-C: the client ends and the container is left alone',
        'Press Ctrl-D to close your input; the container goes on without it',
        'Ctrl-P, then Ctrl-Q (started with `-it`)',
      ],
    },
    answer: 3,
    explanation: {
      zh: 'Ctrl-P Ctrl-Q 是默认的脱离按键：客户端打印 `read escape sequence` 后退出，容器照常运行；它要靠 `-t` 分配的终端才生效。`exit` 和 Ctrl-D 会结束 1 号 shell，容器随之停止。Ctrl-C 也不能让你离开：有终端时它只是发给 shell 的一个按键，没有终端时被转成 SIGINT 发给 1 号进程。',
      en: 'Ctrl-P Ctrl-Q are the default detach keys: the client prints `read escape sequence` and exits while the container keeps running; they work only with the terminal that `-t` allocates. `exit` and Ctrl-D end the shell that is PID 1, and the container with it. Ctrl-C does not let you leave either: with a terminal it is just a key sent to the shell, without one it is forwarded to PID 1 as SIGINT.',
    },
    lesson: 'entering',
  },
  {
    id: 'attach-cannot-leave',
    topic: 'entering',
    level: 3,
    prompt: {
      zh: '000 用 `docker run -d`（不带 `-it`）启动一个循环打印的容器，`docker attach` 上去后，Ctrl-C 和 Ctrl-P Ctrl-Q 都没用，只好另开一个 SSH 执行 `docker stop`。原因是什么？',
      en: '000 starts a looping container with `docker run -d` (no `-it`) and attaches with `docker attach`; Ctrl-C and Ctrl-P Ctrl-Q both do nothing, and it ends up running `docker stop` from a second SSH session. Why?',
    },
    choices: {
      zh: [
        'attach 本来就退不出来：按设计，只能从另一个会话用 docker stop 把容器停掉。',
        '没有终端，脱离键无效；Ctrl-C 变成 SIGINT 发给 `sh`，1 号进程忽略它。',
        'Ctrl 键在到达 Docker 客户端之前被 SSH 拦截了，换个终端软件就行。',
        '循环里的 `sleep 1` 屏蔽了所有信号，所以 Ctrl-C 和脱离按键都传不进容器里去。',
      ],
      en: [
        'attach can never be left: by design the only way out is to stop the container from another session.',
        'No terminal, so no detach keys; Ctrl-C goes to PID 1 `sh` as SIGINT, which it ignores.',
        'SSH swallowed the Ctrl keys before they reached the Docker client; another terminal program would fix it.',
        'The `sleep 1` in the loop blocks every signal, so neither Ctrl-C nor the detach keys arrive.',
      ],
    },
    answer: 1,
    explanation: {
      zh: '脱离按键要靠 `-t` 分配的终端，这个容器没有。没有终端时，attach 的客户端把 Ctrl-C 转成 SIGINT 发给 1 号进程，`sh` 作为 1 号进程没有处理 SIGINT，内核也就不执行默认动作。看输出用 `docker logs -f`；一定要 attach，就加 `--sig-proxy=false`，这样 Ctrl-C 只结束客户端。',
      en: 'Detach keys need the terminal that `-t` allocates, and this container has none. Without one, the attached client forwards Ctrl-C as SIGINT to PID 1, and `sh` as PID 1 has no SIGINT handler, so the kernel applies no default action. To watch the output use `docker logs -f`; if you must attach, add `--sig-proxy=false`, so that Ctrl-C ends only the client.',
    },
    lesson: 'entering',
  },
  {
    id: 'nsenter',
    topic: 'entering',
    level: 3,
    prompt: {
      zh: '关于用 `nsenter --target $PID --mount --uts --ipc --net --pid` 进入容器，哪种说法正确？',
      en: 'Which statement about entering a container with `nsenter --target $PID --mount --uts --ipc --net --pid` is right?',
    },
    choices: {
      zh: [
        '`$PID` 填 1 就行，因为容器的主进程在容器自己的 PID namespace 里就是 1 号进程。',
        'nsenter 通过 Docker API 工作，所以和 `docker exec` 一样需要守护进程在运行。',
        '`$PID` 是它在宿主机上的 PID（`.State.Pid`）；nsenter 要 root，会起一个新进程。',
        'nsenter 也能进入已停止的容器，因为它直接读取容器的文件系统。',
      ],
      en: [
        '`$PID` is simply 1, since the container\'s main process is PID 1 inside it.',
        'nsenter goes through the Docker API, so like `docker exec` it needs the daemon to be running.',
        '`$PID` is the process\'s host PID (`.State.Pid`); nsenter needs root and starts a new process.',
        'nsenter can enter a stopped container too, because it reads the container\'s file system directly.',
      ],
    },
    answer: 2,
    explanation: {
      zh: '同一个进程在容器的 PID namespace 里是 1 号，在宿主机上另有编号，nsenter 要的是宿主机上的那个，可以用 `docker inspect --format "{{ .State.Pid }}"` 取得。它绕开 Docker，直接进入该进程的 namespace，需要 root；和 exec 一样是新起一个进程，`exit` 之后容器照常运行。停止的容器没有进程（`.State.Pid` 为 0），也就无从进入。',
      en: 'One process is PID 1 in the container\'s PID namespace and has another number on the host; nsenter wants the host one, from `docker inspect --format "{{ .State.Pid }}"`. It goes around Docker straight into that process\'s namespaces and needs root; like exec it starts a new process, so the container keeps running after you `exit`. A stopped container has no process (`.State.Pid` is 0), so there is nothing to enter.',
    },
    lesson: 'entering',
  },

  // ── removing ───────────────────────────────────────────────────────────────────────────
  {
    id: 'rm-which-states',
    topic: 'removing',
    level: 1,
    prompt: {
      zh: '004 说 created、running、stopped、paused 状态的容器“都可以直接删除”。实际上不加 `-f` 的 `docker rm` 能删除哪些？',
      en: '004 says containers that are created, running, stopped or paused "can all be deleted directly". Which ones does `docker rm` without `-f` really remove?',
    },
    choices: {
      zh: [
        '四种都可以，正如 004 所说：`docker rm` 接受任何状态的容器。',
        '只有 exited 的；created 的容器没运行过，要先启动一次才能删除。',
        'running 和 exited 的；paused 的要先 unpause，然后才能删除。',
        'created 和 exited 的；running、paused 的要先停或加 `-f`。',
      ],
      en: [
        'All four, just as 004 says: `docker rm` takes a container in any state.',
        'Only exited ones; a created container has to be started once before it can be removed.',
        'Running and exited ones; a paused one must be unpaused first, then it can be removed.',
        'Created and exited ones; running or paused ones need a stop first, or `-f`.',
      ],
    },
    answer: 3,
    explanation: {
      zh: '运行中的容器会被拒绝，20.10 的说法是 `You cannot remove a running container … Stop the container before attempting removal or force remove`；暂停的也一样。`docker rm -f` 会立即用 SIGKILL 结束进程再删除，没有宽限期。想让程序好好收尾，就先 `docker stop` 再 `docker rm`。',
      en: "A running container is refused, in 20.10's words `You cannot remove a running container … Stop the container before attempting removal or force remove`; a paused one too. `docker rm -f` kills the process with SIGKILL at once, with no grace period, and then removes it. To let the program clean up, `docker stop` first and then `docker rm`.",
    },
    lesson: 'removing',
  },
  {
    id: 'rm-flag',
    topic: 'removing',
    level: 2,
    prompt: {
      zh: '`docker run --rm -v /data busybox true` 结束之后，留下了什么？',
      en: 'After `docker run --rm -v /data busybox true` ends, what is left?',
    },
    choices: {
      zh: [
        '什么都没留下：容器和它的匿名卷都被删除了。',
        '容器删了，匿名卷留了下来，要用 `docker volume prune` 清理。',
        '容器停在 exited：`--rm` 只在 `docker stop` 时才删除。',
        '容器和卷都留着：`--rm` 只删除日志。',
      ],
      en: [
        'Nothing: the container and its anonymous volume are both removed.',
        'The container is gone, but the anonymous volume stays until `docker volume prune`.',
        'The container stays exited: `--rm` removes only on `docker stop`.',
        'Both stay: `--rm` deletes only the log.',
      ],
    },
    answer: 0,
    explanation: {
      zh: '`--rm` 让容器一结束就被删除，不管是程序自己退出还是被 `docker stop`；它的匿名卷也一起删掉，相当于 `docker rm -v`。具名卷（`-v data:/data`）不会这样被删。不用 `--rm` 时，普通的 `docker rm` 会把匿名卷留下来。',
      en: '`--rm` removes the container as soon as it ends, whether the program exits by itself or is stopped with `docker stop`, and removes its anonymous volumes too, like `docker rm -v`. Named volumes (`-v data:/data`) are never removed this way. Without `--rm`, a plain `docker rm` leaves anonymous volumes behind.',
    },
    lesson: 'removing',
  },

  // ── export-import-save-load ────────────────────────────────────────────────────────────
  {
    id: 'export-vs-save',
    topic: 'export-import-save-load',
    level: 1,
    prompt: {
      zh: 'export/import 和 save/load 有什么区别？',
      en: 'How do export/import and save/load differ?',
    },
    choices: {
      zh: [
        'export：容器的文件，拍平成一层，没有配置；save：镜像的各层、标签和配置。',
        '两者是同一组命令的不同名字，为了兼容而保留，生成的 tar 可以互换。',
        'export 作用于镜像，save 作用于容器；除此之外两种归档的内容一样。',
        'export/import 还会把容器数据卷里的数据一起打包，save/load 则不会。',
      ],
      en: [
        'export: a container\'s files, flattened, no configuration; save: an image\'s layers, tags and configuration.',
        'They are the same commands under different names, kept for compatibility, and their tar files are interchangeable.',
        'export works on images and save on containers; apart from that the two archives hold the same things.',
        'export/import also pack the data in the container\'s volumes, which save/load leave out of the archive.',
      ],
    },
    answer: 0,
    explanation: {
      zh: 'export 的 tar 只有文件：CMD、ENV、历史都丢了，import 之后只剩一层，运行时要自己给命令。save 的 tar 带着镜像清单、每一层和配置，load 之后标签、历史和 CMD 都回来了。两对命令的 tar 不能混用，而且两者都不带数据卷的内容。',
      en: 'An export tar holds only files: CMD, ENV and history are lost, and after import there is one layer and you must give a command to run it. A save tar carries the image manifest, every layer and the configuration, and after load the tags, history and CMD are back. The two pairs\' tars do not mix, and neither carries the contents of volumes.',
    },
    lesson: 'export-import-save-load',
  },
  {
    id: 'commit-vs-import',
    topic: 'export-import-save-load',
    level: 2,
    prompt: {
      zh: '把容器变成镜像，`docker commit` 和“`docker export` 再 `docker import`”有什么不同？',
      en: 'To turn a container into an image, how does `docker commit` differ from `docker export` followed by `docker import`?',
    },
    choices: {
      zh: [
        '结果是同一个镜像，commit 只是省了几条命令和一个临时 tar 文件。',
        'commit 直接改写原来的镜像，只有 export + import 才生成新镜像。',
        'commit 还会把容器数据卷里的数据写进镜像，export 则不会。',
        'commit 加一层并保留配置；import 只有拍平的一层，没有配置。',
      ],
      en: [
        'The result is the same image; commit just saves typing and the space of a temporary tar file.',
        'commit rewrites the original image in place; only export + import make a new image.',
        'commit also writes the data in the container\'s volumes into the image; export leaves it out.',
        'commit adds a layer and keeps the configuration; import is one flat layer with none.',
      ],
    },
    answer: 3,
    explanation: {
      zh: 'commit 把容器的可写层做成新镜像最上面的一层，下面原有的各层不动，配置和历史都保留（CMD 变成容器当时的命令）。import 得到的是所有层拍平后的一层，配置为空。两者都生成新镜像、不改原镜像，也都不包含数据卷的内容。',
      en: "commit makes the container's writable layer the top layer of a new image, keeps the original layers below it, and keeps the configuration and history (CMD becomes the container's command). import gives one layer with everything flattened and an empty configuration. Both make a new image and leave the original alone, and neither includes what is in volumes.",
    },
    lesson: 'export-import-save-load',
  },
  {
    id: 'load-export-tar',
    topic: 'export-import-save-load',
    level: 2,
    prompt: {
      zh: '对 `docker export` 生成的 `busybox.tar` 执行 `docker load -i busybox.tar`，会怎样？',
      en: 'What happens with `docker load -i busybox.tar`, where `busybox.tar` was made by `docker export`?',
    },
    choices: {
      zh: [
        '成功，得到的镜像和容器当初所用的镜像一模一样。',
        '成功，只是载入的镜像没有标签，在 `docker images` 里显示为 `<none>`。',
        '成功，而且会把原来的容器连同名字和状态一起重建出来。',
        '失败：export 的 tar 没有镜像清单；应该用 `docker import`。',
      ],
      en: [
        'It works and gives an image identical to the one the container was created from.',
        'It works, but the loaded image has no tag, so it shows as `<none>` in `docker images`.',
        'It works, and recreates the original container as well, with its name and state.',
        'It fails: an export tar has no image manifest; use `docker import`.',
      ],
    },
    answer: 3,
    explanation: {
      zh: 'load 只读 `docker save` 生成的归档，里面有清单、配置和各层；export 的 tar 只是一棵目录树，load 会报找不到元数据文件之类的错误。文件系统 tar 交给 import，save 归档交给 load。000 说 import “也能用于镜像”，其实镜像归档该用 load。',
      en: 'load reads only archives made by `docker save`, which hold a manifest, a configuration and the layers; an export tar is just a directory tree, and load fails with an error about a missing metadata file. File-system tars go to import, save archives to load. 000 says import "works for images too", but image archives belong to load.',
    },
    lesson: 'export-import-save-load',
  },

  // ── layers-copy-on-write ───────────────────────────────────────────────────────────────
  {
    id: 'why-copy-on-write',
    topic: 'layers-copy-on-write',
    level: 2,
    prompt: {
      zh: '为什么容器的文件系统用写时复制，而不是给每个容器复制一份镜像？',
      en: "Why do containers' file systems use copy-on-write instead of giving every container its own copy of the image?",
    },
    choices: {
      zh: [
        '为了让容器的写入马上落进镜像，其他容器都能看到。',
        '为了让大量写入更快，所以数据库放在容器层里跑得很好。',
        '省空间、创建快，镜像也永远不会被改动。',
        '因为镜像层是压缩过的，必须先复制出来解压才能读。',
      ],
      en: [
        'So that a container\'s writes land in the image at once and every other container sees them.',
        'To make heavy writing faster, which is why databases run well on the container layer.',
        'Shared layers save space, creating a container copies nothing, and the image never changes.',
        'Because image layers are compressed and must be copied out and unpacked before they can be read.',
      ],
    },
    answer: 2,
    explanation: {
      zh: '容器直接读共用的只读层，只有第一次修改某个文件时，才把它复制到自己的可写层再改，所以每个容器只占它改动的那部分。代价是第一次改一个大文件要整个复制上来，所以写得多的数据应该放在数据卷里。容器无论做什么都碰不到只读层，镜像始终不变。',
      en: 'A container reads straight from the shared read-only layers, and only when it first changes a file is that file copied into its own writable layer and changed there, so each container costs only what it changes. The price is that the first change to a large file copies all of it up, which is why write-heavy data belongs in a volume. Whatever a container does, it cannot touch the read-only layers, so the image never changes.',
    },
    lesson: 'layers-copy-on-write',
  },
  {
    id: 'copy-up-where',
    topic: 'layers-copy-on-write',
    level: 2,
    prompt: {
      zh: '容器第一次修改镜像里的 `/etc/passwd` 时，发生了什么？',
      en: 'What happens the first time a container changes the image\'s `/etc/passwd`?',
    },
    choices: {
      zh: [
        '整个文件被复制到这个容器的可写层，在那里修改。',
        '直接在镜像层里原地修改，所以用这个镜像的所有容器都会看到。',
        '文件被复制到镜像层，在那里和旧版本并存一个新版本。',
        '修改被拒绝，报 “Read-only file system”，因为镜像层是只读的。',
      ],
      en: [
        'It is copied whole into the container\'s writable layer and changed there.',
        'It is changed in place in the image layer, so every container of that image sees the change.',
        'It is copied into the image layer, which keeps a new version next to the old one.',
        'The change is refused with a "Read-only file system" error, because image layers are read-only.',
      ],
    },
    answer: 0,
    explanation: {
      zh: '这就是写时复制：创建容器时什么也不复制，第一次改某个文件才把它整个复制到容器层；`docker diff` 显示 `C /etc/passwd`，其他容器读到的仍是原文件。004 的讲师说复制到“镜像层”，方向正好反了：镜像层永远不变。删除镜像里的文件也类似，容器层里只留下一个删除标记（whiteout），`docker diff` 显示 `D`。',
      en: 'That is copy-on-write: nothing is copied when a container is created, and a file is copied up whole into the container layer only on its first change; `docker diff` shows `C /etc/passwd`, and other containers still read the original. 004\'s instructor says it is copied "to the image layer", which is backwards: image layers never change. Deleting an image file works much the same way: the container layer gets only a deletion marker (a whiteout), and `docker diff` shows `D`.',
    },
    lesson: 'layers-copy-on-write',
  },
  {
    id: 'which-instructions-add-layers',
    topic: 'layers-copy-on-write',
    level: 3,
    prompt: {
      zh: '下面哪一组 Dockerfile 指令会产生新的文件层？',
      en: 'Which Dockerfile instructions add a new file-system layer?',
    },
    choices: {
      zh: ['RUN、COPY、ADD', 'RUN、COPY、ADD、CMD', '每一条指令都产生一层', '只有 FROM'],
      en: ['RUN, COPY, ADD', 'RUN, COPY, ADD, CMD', 'Every instruction makes one layer', 'Only FROM'],
    },
    answer: 0,
    explanation: {
      zh: '只有改动文件的指令（RUN、COPY、ADD）才产生文件层；CMD、ENV、EXPOSE、LABEL 只改镜像配置，它们在 `docker history` 里那一行的 SIZE 是 `0B`。001 把 CMD 也算作新的镜像层，这是错的。',
      en: "Only instructions that change files (RUN, COPY, ADD) add a file layer; CMD, ENV, EXPOSE and LABEL change only the image's configuration, and their rows in `docker history` are `0B`. 001 counts CMD as a new image layer, which is wrong.",
    },
    lesson: 'layers-copy-on-write',
  },

  // ── volumes ────────────────────────────────────────────────────────────────────────────
  {
    id: 'volume-outlives-container',
    topic: 'volumes',
    level: 1,
    prompt: {
      zh: '容器 `writer` 把一行字写进具名卷 `data`（`-v data:/data`），然后被 `docker rm` 删除。那行字怎么样了？',
      en: 'Container `writer` writes a line into the named volume `data` (`-v data:/data`) and is then removed with `docker rm`. What became of the line?',
    },
    choices: {
      zh: [
        '随容器一起删掉了，因为 `docker rm` 会删除容器写过的所有东西。',
        '还在卷 `data` 里，任何挂载 `data` 的容器都能读到。',
        '它写进了可写层，只有在 `rm` 之前 commit 才能保住。',
        '还在，但只有再建一个同样叫 `writer` 的容器才能读到。',
      ],
      en: [
        'It was removed together with the container, since `docker rm` deletes everything the container wrote.',
        'It is still in `data`; any container that mounts `data` can read it.',
        'It went into the writable layer, and only a commit before the `rm` could have kept it.',
        'It is kept, but only a new container with the same name, `writer`, can read it.',
      ],
    },
    answer: 1,
    explanation: {
      zh: '数据卷的生命和任何容器都无关：删掉容器，卷和里面的数据都还在，别的容器挂上它就能读到。写在挂载点以下的数据进了卷，不在容器的可写层里。具名卷连 `docker rm -v` 也不会删，只有 `docker volume rm`（或清理卷的 prune）才会。',
      en: "A volume's life has nothing to do with any container's: remove the container and the volume and its data stay, ready for another container to mount. Data written below the mount point goes into the volume, not into the writable layer. A named volume is not removed even by `docker rm -v`; only `docker volume rm` (or a volume prune) removes it.",
    },
    lesson: 'volumes',
  },
  {
    id: 'volume-not-in-commit',
    topic: 'volumes',
    level: 2,
    prompt: {
      zh: '容器 `keeper` 把卷 `data`（里面有 `note.txt`）挂在 `/data`，又写了一个 `/in-layer.txt`。对它 `docker commit` 之后，新镜像里有什么？',
      en: 'Container `keeper` mounts the volume `data` (holding `note.txt`) on `/data` and writes `/in-layer.txt`. After `docker commit`, what is in the new image?',
    },
    choices: {
      zh: [
        '`/in-layer.txt` 和 `/data/note.txt` 都在：commit 会带走容器能看到的一切。',
        '都不在：commit 只是给原镜像换个名字保存。',
        '只有 `/data/note.txt`，因为 commit 本来就是用来保存卷里数据的。',
        '有 `/in-layer.txt`，`/data` 是空的：卷里的数据不包括在内。',
      ],
      en: [
        'Both `/in-layer.txt` and `/data/note.txt`: commit takes everything the container can see.',
        'Neither: commit saves only the original image under a new name.',
        'Only `/data/note.txt`, because data in volumes is what commit is for.',
        '`/in-layer.txt`, and an empty `/data`: volume data is not included.',
      ],
    },
    answer: 3,
    explanation: {
      zh: '卷是从容器文件系统之外挂进来的，`docker diff` 里只看得到挂载点 `A /data`。commit 和 export 处理的是镜像层加可写层，所以卷里的 `note.txt` 不会跟着走。要备份卷，另起一个挂载它的容器，把内容打包到一个绑定挂载的目录里。',
      en: "A volume is mounted from outside the container's file system, and `docker diff` shows only its mount point, `A /data`. commit and export work on the image layers plus the writable layer, so `note.txt` in the volume does not travel with them. To back up a volume, run another container that mounts it and archives its contents into a bind-mounted directory.",
    },
    lesson: 'volumes',
  },
  {
    id: 'bind-mount-vs-volume',
    topic: 'volumes',
    level: 1,
    prompt: {
      zh: '绑定挂载和数据卷有什么区别？',
      en: 'What is the difference between a bind mount and a volume?',
    },
    choices: {
      zh: [
        '绑定挂载总是只读的，免得容器改动宿主机；数据卷是可写的。',
        '绑定挂载是你指定的宿主机路径；数据卷是 Docker 管理、按名字引用的存储。',
        '数据卷随容器一起删除，绑定挂载则留下，因为它属于宿主机。',
        '绑定挂载把镜像在该路径上的文件和宿主机的合并在一起；数据卷则把它们盖住。',
      ],
      en: [
        'Bind mounts are always read-only, so that a container cannot change the host; volumes are writable.',
        'A bind mount is a host path you choose; a volume is storage Docker manages, by name.',
        'Volumes are removed together with their container; bind mounts stay, since they belong to the host.',
        'A bind mount merges the image\'s files at that path with the host\'s; a volume hides them.',
      ],
    },
    answer: 1,
    explanation: {
      zh: '`-v /srv:/srv` 是绑定挂载：宿主机目录原样放进容器，哪边改了另一边马上看到，这个路径上镜像原有的文件被盖住（不是删除）。`-v data:/data` 是具名卷，`-v /data` 是匿名卷，都放在 Docker 管理的 `/var/lib/docker/volumes` 下，用 `docker volume` 命令管理。两种都可以加 `:ro` 只读挂载，也都不会随容器删除，只有匿名卷会被 `rm -v` 和 `--rm` 删掉。',
      en: '`-v /srv:/srv` is a bind mount: the host directory goes into the container as it is, a change on either side shows on the other at once, and the image\'s files at that path are hidden (not deleted). `-v data:/data` is a named volume and `-v /data` an anonymous one, both kept under `/var/lib/docker/volumes`, which Docker manages, and handled with the `docker volume` commands. Either can be mounted read-only with `:ro`, and neither goes away with the container, except that `rm -v` and `--rm` remove anonymous volumes.',
    },
    lesson: 'volumes',
  },
  {
    id: 'where-writes-go',
    topic: 'volumes',
    level: 2,
    prompt: {
      zh: '一个容器没有挂载任何卷，它写到 `/var/log/app.log` 的数据存在哪里？',
      en: 'A container has no volume mounted. Where does the data it writes to `/var/log/app.log` live?',
    },
    choices: {
      zh: [
        '自动保存到 Docker 为每个容器准备的数据卷里。',
        '容器的可写层里，直到容器被删除。',
        '写回镜像的只读层，下一个容器就能看到。',
        '只在内存里，容器一停就丢了。',
      ],
      en: [
        'It is saved automatically to the volume that Docker keeps for every container.',
        'In the container\'s writable layer, until the container is removed.',
        'Back into the image\'s read-only layer, so the next container sees it.',
        'Only in memory: it is lost as soon as the container stops.',
      ],
    },
    answer: 1,
    explanation: {
      zh: '没有挂载卷的路径，写入都落在容器的可写层：停止、再启动都还在，`docker rm` 之后才消失。只有写在挂载点以下的数据才进卷。004 评论里“写入会保存到对应的数据卷”的说法不对，除非镜像用 VOLUME 声明了这个路径，那时 Docker 会自动在那里挂一个匿名卷。',
      en: "On paths with no volume mounted, writes land in the container's writable layer: they survive stop and start, and go away only with `docker rm`. Only data written below a mount point goes into a volume. The comment on 004 saying writes are \"saved to the corresponding volume\" is wrong, unless the image declares that path with VOLUME, in which case Docker mounts an anonymous volume there by itself.",
    },
    lesson: 'volumes',
  },

  // ── names-ports ────────────────────────────────────────────────────────────────────────
  {
    id: 'host-port-taken',
    topic: 'names-ports',
    level: 2,
    prompt: {
      zh: '容器 A 已经用 `-p 8080:80` 在运行，再用 `-p 8080:80` 运行容器 B，会怎样？',
      en: 'Container A is running with `-p 8080:80`. What happens when you run container B with `-p 8080:80` too?',
    },
    choices: {
      zh: [
        'B 也能启动，两个容器轮流处理发到宿主机 8080 端口上的请求。',
        'Docker 把 B 挪到一个随机的空闲宿主机端口，显示在 PORTS 列里。',
        'A 被停掉、腾出 8080 端口交给 B：最新创建的容器优先。',
        'B 报 port is already allocated，启动失败。',
      ],
      en: [
        'B starts too, and the two containers take turns answering requests on port 8080.',
        'Docker moves B to a random free host port and shows it in the PORTS column.',
        'A is stopped to free port 8080, and B takes it over; the newest container wins.',
        'B fails: port is already allocated; map it to another host port.',
      ],
    },
    answer: 3,
    explanation: {
      zh: '一个宿主机端口同一时间只能转发给一个容器，B 会报 `Bind for 0.0.0.0:8080 failed: port is already allocated`；它已经创建出来，只是启动失败，所以停在 created。容器里的端口各自独立，换成 `-p 8888:80` 就行，两个容器里都可以用 80。随机的宿主机端口只有用 `-P` 时才会分配，而且分给的是镜像 EXPOSE 声明的端口。',
      en: 'A host port forwards to one container at a time, so B fails with `Bind for 0.0.0.0:8080 failed: port is already allocated`; it was created but could not start, so it stays created. The ports inside containers are separate: with `-p 8888:80` both can use 80 inside. Random host ports come only with `-P`, and then for the ports the image declares with EXPOSE.',
    },
    lesson: 'names-ports',
  },

  // ── dockerfile-basics ──────────────────────────────────────────────────────────────────
  {
    id: 'cmd-vs-entrypoint',
    topic: 'dockerfile-basics',
    level: 2,
    prompt: {
      zh: 'Dockerfile 里的 CMD 和 ENTRYPOINT 有什么区别？',
      en: 'How do CMD and ENTRYPOINT differ in a Dockerfile?',
    },
    choices: {
      zh: [
        '没有区别：两者都是设置容器要运行的命令，同时写了就以后写的那个为准。',
        'CMD 在构建镜像时执行，ENTRYPOINT 在容器启动时执行。',
        'ENTRYPOINT 是默认参数，会被 `docker run` 的参数替换；CMD 是固定的程序，只能用 `--cmd` 换掉。',
        'CMD 是默认值，可被 `docker run` 的参数替换；ENTRYPOINT 只有 `--entrypoint` 能换。',
      ],
      en: [
        'There is no difference: both set the command, and if both are written the later one wins.',
        'CMD runs while the image is built, and ENTRYPOINT runs when a container starts from it.',
        'ENTRYPOINT holds default arguments that `docker run` arguments replace; CMD is the fixed program, changed only with `--cmd`.',
        'CMD is a default that `docker run` arguments replace; ENTRYPOINT is fixed unless `--entrypoint` is given.',
      ],
    },
    answer: 3,
    explanation: {
      zh: '容器实际执行的是 ENTRYPOINT 后面接上 CMD（或接上命令行给的参数）。没有 ENTRYPOINT 时，CMD 就是整条命令，`docker run 镜像 其他命令` 会把它整个替换；`--entrypoint` 换掉 ENTRYPOINT 时，镜像的 CMD 也不再沿用。CMD 和 ENTRYPOINT 都只写进镜像配置，不产生文件层；构建时执行的是 RUN。',
      en: 'What a container runs is ENTRYPOINT followed by CMD (or by the arguments given on the command line). Without an ENTRYPOINT, CMD is the whole command, and `docker run IMAGE other command` replaces all of it; when `--entrypoint` replaces the ENTRYPOINT, the image\'s CMD is dropped too. Both only go into the image\'s configuration and add no file layer; what runs at build time is RUN.',
    },
    lesson: 'dockerfile-basics',
  },
  {
    id: 'dockerfile-layers',
    topic: 'dockerfile-basics',
    level: 2,
    prompt: {
      zh: 'Dockerfile 里哪些指令会给镜像增加文件层？',
      en: 'Which Dockerfile instructions add a file-system layer to the image?',
    },
    choices: {
      zh: [
        '每条指令都会，所以要把多个 LABEL 合成一行，镜像才小。',
        '写文件的那些：RUN、COPY、ADD；CMD、ENV、LABEL、EXPOSE 只改镜像配置。',
        '只有 RUN；COPY 和 ADD 的文件记在镜像配置里。',
        '只有 FROM；其他指令都在容器启动时才执行。',
      ],
      en: [
        'Every instruction does, which is why several LABELs should be merged into one line to keep the image small.',
        'The ones that write files: RUN, COPY, ADD; CMD, ENV, LABEL and EXPOSE only change the configuration.',
        'Only RUN; the files of COPY and ADD are kept in the image configuration.',
        'Only FROM; every other instruction runs when a container starts.',
      ],
    },
    answer: 1,
    explanation: {
      zh: '每条指令都会在 `docker history` 里留一行，但只有改动文件的指令才有真正的文件层：RUN 提交它运行后的改动，COPY 和 ADD 写入复制的文件。CMD、ENV、LABEL、EXPOSE 这类指令的那一行 SIZE 是 0B，只改了配置。001 说“每个标签会生成一个 layer”，把这两件事混在了一起。（经典构建器里，新建目录的 WORKDIR 和 VOLUME 也会留下一个只有空目录的小层。）',
      en: 'Every instruction leaves a row in `docker history`, but only those that change files make a real file-system layer: RUN commits what it changed, COPY and ADD write the copied files. CMD, ENV, LABEL, EXPOSE and their kind show 0B on their row: they only change the configuration. 001\'s "every label creates a layer" mixes the two up. (In the classic builder, a WORKDIR or VOLUME that creates a new directory also leaves a small layer holding just that directory.)',
    },
    lesson: 'dockerfile-basics',
  },
  {
    id: 'build-cache-order',
    topic: 'dockerfile-basics',
    level: 2,
    prompt: {
      zh: '改了 Dockerfile 开头附近的一行 COPY，再次构建，哪些步骤会重新执行？',
      en: 'You change a COPY line near the top of a Dockerfile and build again. Which steps run again?',
    },
    choices: {
      zh: [
        '只有这一行 COPY，其余的都用缓存。',
        '全部步骤，包括 FROM：Dockerfile 一改，缓存就整个作废。',
        '这一行和它后面的所有步骤；它前面的步骤仍然用缓存。',
        '一步都不会，除非加上 `--no-cache`。',
      ],
      en: [
        'Only that COPY line; everything else comes from the cache.',
        'Every step, FROM included: any change to the Dockerfile throws the whole cache away.',
        'That step and every step after it; the steps before it still come from the cache.',
        'None of them, unless you add `--no-cache`.',
      ],
    },
    answer: 2,
    explanation: {
      zh: '构建器为每一步找一个现成的镜像：父镜像就是这一步的起点，而且由同样的指令做成（COPY、ADD 还要比较文件的校验和）。改动的那一步找不到，只能重新执行，得到一个新镜像；后面每一步的父镜像都变了，也就都找不到缓存。所以不常变的步骤（装依赖）放前面，常变的（复制源代码）放后面。',
      en: 'For each step the builder looks for an existing image whose parent is the step\'s starting image and which was made by the same instruction (for COPY and ADD, from files with the same checksums too). The changed step finds none, runs, and gives a new image; every later step now has a new parent, so none of them finds a cached image either. Hence: what rarely changes (installing dependencies) goes first, what often changes (copying the source) last.',
    },
    lesson: 'dockerfile-basics',
  },

  // ── registries ─────────────────────────────────────────────────────────────────────────
  {
    id: 'tag-is-a-name',
    topic: 'registries',
    level: 1,
    prompt: {
      zh: '执行 `docker tag ubuntu:16.04 localhost:5000/ubuntu:16.04` 之后，`docker images` 显示什么？',
      en: 'After `docker tag ubuntu:16.04 localhost:5000/ubuntu:16.04`, what does `docker images` show?',
    },
    choices: {
      zh: [
        '两行，IMAGE ID 相同：同一个镜像的两个名字，数据只存一份。',
        '一行：镜像被改名为 `localhost:5000/ubuntu:16.04`。',
        '两行，IMAGE ID 不同：tag 为新仓库复制了一份镜像。',
        '镜像已经上传到 localhost:5000，列在那个仓库下面。',
      ],
      en: [
        'Two rows with the same IMAGE ID: one image with two names, stored once.',
        'One row: the image was renamed to `localhost:5000/ubuntu:16.04`.',
        'Two rows with different IMAGE IDs: tag copied the image for the new registry.',
        'The image has been uploaded to localhost:5000 and is listed under that registry.',
      ],
    },
    answer: 0,
    explanation: {
      zh: '`docker tag` 只是给镜像再加一个名字，不复制数据，也不联系任何仓库；原来的名字还在。名字开头的 `localhost:5000` 说明以后 `docker push` 这个名字时推到哪里。删除时也是一样：`docker rmi` 删的是名字，最后一个名字没了，镜像的数据才删除。',
      en: '`docker tag` only adds a name to the image: it copies no data and talks to no registry, and the old name stays. The `localhost:5000` at the start of the name says where a later `docker push` of that name will go. Removal works the same way round: `docker rmi` removes a name, and the image\'s data goes only with its last name.',
    },
    lesson: 'registries',
  },
  {
    id: 'push-private-registry',
    topic: 'registries',
    level: 1,
    prompt: {
      zh: '怎样把本地的镜像放进 `localhost:5000` 上的私有仓库？',
      en: 'How do you put a local image into the private registry at `localhost:5000`?',
    },
    choices: {
      zh: [
        '`docker push ubuntu:16.04 localhost:5000`：第二个参数是目标仓库。',
        '先 `docker login localhost:5000`，之后的 push 默认就推到那里。',
        '用 `docker save` 导出，再把 tar 包复制到仓库容器的 `/var/lib/registry` 里。',
        '用 `docker tag` 起一个以 `localhost:5000/` 开头的名字，再 `docker push` 这个名字。',
      ],
      en: [
        '`docker push ubuntu:16.04 localhost:5000`: the second argument is the target registry.',
        'Run `docker login localhost:5000` first; pushes then go there by default.',
        'Export it with `docker save` and copy the tar into the registry container\'s `/var/lib/registry`.',
        'Give it a name that starts with `localhost:5000/` with `docker tag`, then `docker push` that name.',
      ],
    },
    answer: 3,
    explanation: {
      zh: '推到哪个仓库完全由镜像名决定：名字里没有仓库地址就是 Docker Hub。所以先 `docker tag ubuntu:16.04 localhost:5000/ubuntu:16.04`，再 `docker push localhost:5000/ubuntu:16.04`。`docker push` 只收一个名字；登录只提供凭据，不改变默认的仓库；仓库的存储目录有它自己的格式，不能直接放 tar 包。',
      en: 'Where a push goes is decided by the image name alone: no registry address in the name means Docker Hub. So `docker tag ubuntu:16.04 localhost:5000/ubuntu:16.04`, then `docker push localhost:5000/ubuntu:16.04`. `docker push` takes a single name; logging in only supplies credentials and changes no default; and a registry\'s storage has its own layout, not a place for tar files.',
    },
    lesson: 'registries',
  },
  {
    id: 'push-denied',
    topic: 'registries',
    level: 2,
    prompt: {
      zh: '`docker push someuser/busybox:1.0` 回答 `denied: requested access to the resource is denied`，为什么？',
      en: '`docker push someuser/busybox:1.0` answers `denied: requested access to the resource is denied`. Why?',
    },
    choices: {
      zh: [
        '镜像太大，超出了 Docker Hub 免费账户的限制。',
        '这是推往 Docker Hub 的，而你没有登录，或者 `someuser` 不是你的命名空间（你的 Docker ID 或你所在的组织）。',
        'Docker Hub 只接受 `docker build` 出来的镜像，不接受 `docker tag` 出来的。',
        '少了仓库地址：推到 Docker Hub 也必须写 `docker.io/`。',
      ],
      en: [
        'The image is too big for a free Docker Hub account.',
        'It goes to Docker Hub, and you are not logged in, or `someuser` is not your namespace (your Docker ID or an organisation you belong to).',
        'Docker Hub only accepts images made with `docker build`, not ones made with `docker tag`.',
        'The registry address is missing: pushing to Docker Hub needs `docker.io/` written out.',
      ],
    },
    answer: 1,
    explanation: {
      zh: '没有仓库地址的名字指向 Docker Hub，斜杠前面的 `someuser` 是命名空间。Docker Hub 只让你推到自己的 Docker ID 或你所在组织的命名空间里，而且要先 `docker login`。不带命名空间的名字（如 `busybox`）就是 `library/busybox`，是官方镜像，一般用户也推不上去。`docker.io/` 可写可不写。',
      en: 'A name without a registry address means Docker Hub, and `someuser` before the slash is the namespace. Docker Hub lets you push only into your own Docker ID\'s namespace or an organisation\'s you belong to, and only after `docker login`. A name without a namespace (such as `busybox`) is `library/busybox`, the official image, which ordinary users cannot push to either. Writing `docker.io/` is optional.',
    },
    lesson: 'registries',
  },
];

const ID_FORM = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Checks a card list against the rules above and returns one line per problem (empty when all
 * is well): unique kebab-case ids, topic and lesson among `lessonSlugs`, level 1–3, 3–5
 * choices, the same number in both languages, no empty or repeated choice, answer in range,
 * prompts and explanations present in both languages.
 */
export function validateConcepts(cards: readonly ConceptCard[], lessonSlugs: Iterable<string>): string[] {
  const slugs = new Set(lessonSlugs);
  const problems: string[] = [];
  const seen = new Set<string>();
  cards.forEach((card, i) => {
    const at = `card ${i} (${card.id})`;
    if (!ID_FORM.test(card.id)) problems.push(`${at}: id is not kebab-case`);
    if (seen.has(card.id)) problems.push(`${at}: duplicate id`);
    seen.add(card.id);
    if (!slugs.has(card.topic)) problems.push(`${at}: topic "${card.topic}" is not a lesson slug`);
    if (!slugs.has(card.lesson)) problems.push(`${at}: lesson "${card.lesson}" is not a lesson slug`);
    if (card.level !== 1 && card.level !== 2 && card.level !== 3) problems.push(`${at}: level ${String(card.level)} is not 1, 2 or 3`);
    for (const lang of ['zh', 'en'] as const) {
      if (!card.prompt[lang]?.trim()) problems.push(`${at}: empty ${lang} prompt`);
      if (!card.explanation[lang]?.trim()) problems.push(`${at}: empty ${lang} explanation`);
      const list = card.choices[lang];
      if (!Array.isArray(list)) {
        problems.push(`${at}: no ${lang} choices`);
        continue;
      }
      if (list.length < 3 || list.length > 5) problems.push(`${at}: ${list.length} ${lang} choices (3–5 wanted)`);
      if (list.some((c) => typeof c !== 'string' || !c.trim())) problems.push(`${at}: an empty ${lang} choice`);
      if (new Set(list).size !== list.length) problems.push(`${at}: repeated ${lang} choice`);
    }
    const zh = card.choices.zh?.length ?? 0;
    const en = card.choices.en?.length ?? 0;
    if (zh !== en) problems.push(`${at}: ${zh} zh choices but ${en} en choices`);
    if (!Number.isInteger(card.answer) || card.answer < 0 || card.answer >= Math.min(zh, en)) {
      problems.push(`${at}: answer ${card.answer} out of range`);
    }
  });
  return problems;
}
