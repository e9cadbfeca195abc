/** What the terminal itself says (not what bash, docker or nsenter say): in the shell's language. */
export type Lang = 'zh-CN' | 'en';

export interface Texts {
  /** Ctrl-D on an empty prompt line. */
  eofHint: string;
  /** `exit` at the host prompt. */
  exitNote: string;
  /** A command line ending in `&`. */
  noBackground: string;
  /** ( … ) subshells, { … } groups, if/for/while. */
  noCompound: string;
  /** nsenter into the host (PID 1) without a command. */
  nsenterHostShell: string;
  /** nsenter without --mount and without a command: the host's shell cannot be started here. */
  nsenterNeedsMount: string;
  /** nsenter into a paused container (the simulator would freeze the new process with it). */
  nsenterPaused: string;
  /** Output of `help`. */
  help: string;
}

const EN: Texts = {
  eofHint: '(Ctrl-D ends the input of a program; this terminal stays open. Use Ctrl-D inside a container shell to leave it.)',
  exitNote:
    'exit: this is the only terminal of the page, so it stays open. Inside a container shell (docker run -it, docker exec -it) exit leaves the container.',
  noBackground: 'bash: background jobs (&) are not available in this terminal; run the command without & (docker run -d runs a container in the background)',
  noCompound: 'bash: ( ), { }, if, for and while are not available in this terminal; run the commands one by one',
  nsenterHostShell: 'nsenter: the host has no other shell to start here; give a command to run',
  nsenterNeedsMount: 'nsenter: this terminal runs the container\'s own programs only; add --mount (-m) or give a command',
  nsenterPaused: 'nsenter: the container is paused; in this simulation a program entering it would be frozen too. Run docker unpause first',
  help: [
    'This terminal is a small bash on a simulated Docker host.',
    '',
    '  docker …                 the whole docker command line (docker --help)',
    '  nsenter -t PID -m -u -i -n -p [CMD]   run CMD inside the container whose process has host PID',
    '  ls [-l] [-a] [PATH…]     list files on the host        cat FILE…     print files',
    '  cd DIR, pwd, mkdir [-p] DIR, rm [-r] [-f] FILE…, echo [-n] TEXT…',
    '  grep [-i] [-v] [-c] [-n] PATTERN, head [-n N], tail [-n N], wc [-l] [-w] [-c]',
    '  sleep SECONDS, timeout SECONDS COMMAND, export VAR=value, unset VAR, history, clear, help, true, false',
    '',
    'Shell syntax: VAR=value, $VAR, ${VAR}, $(command), `command`, \'…\', "…",',
    '  > FILE, >> FILE, < FILE, 2> FILE, 2>&1, cmd | cmd, &&, ||, ;',
    '',
    'Keys: ←/→, Home/End, ↑/↓ history, Tab completion, Ctrl-A/E/U/K/W/L, Ctrl-C interrupts.',
    'In a container (docker run -it, docker exec -it, docker attach) keys go to the container;',
    'Ctrl-P Ctrl-Q detaches from docker run -it and docker attach.',
    '',
  ].join('\n'),
};

const ZH: Texts = {
  eofHint: '（Ctrl-D 表示“输入结束”；这个终端不会因此关闭。在容器的 shell 里按 Ctrl-D 可以退出那个 shell。）',
  exitNote: 'exit：这是页面上唯一的终端，它会一直开着。在容器的 shell 里（docker run -it、docker exec -it）输入 exit 才会离开容器。',
  noBackground: 'bash: 这个终端不支持后台作业（&）；请去掉 & 再运行（要让容器在后台运行，用 docker run -d）',
  noCompound: 'bash: 这个终端不支持 ( )、{ }、if、for、while；请逐条运行命令',
  nsenterHostShell: 'nsenter: 这里无法在宿主机上再启动一个 shell；请给出要运行的命令',
  nsenterNeedsMount: 'nsenter: 这个终端只能运行容器里自带的程序；请加上 --mount（-m）或给出要运行的命令',
  nsenterPaused: 'nsenter: 容器已暂停；在这个模拟中，进入它的程序也会被冻结。请先运行 docker unpause',
  help: [
    '这个终端是模拟 Docker 主机上的一个小型 bash。',
    '',
    '  docker …                 完整的 docker 命令行（docker --help）',
    '  nsenter -t PID -m -u -i -n -p [命令]   在宿主机 PID 所属的容器里运行命令',
    '  ls [-l] [-a] [路径…]     列出宿主机上的文件            cat 文件…     显示文件内容',
    '  cd 目录、pwd、mkdir [-p] 目录、rm [-r] [-f] 文件…、echo [-n] 文本…',
    '  grep [-i] [-v] [-c] [-n] 模式、head [-n N]、tail [-n N]、wc [-l] [-w] [-c]',
    '  sleep 秒数、timeout 秒数 命令、export 变量=值、unset 变量、history、clear、help、true、false',
    '',
    'Shell 语法：变量=值、$变量、${变量}、$(命令)、`命令`、\'…\'、"…"、',
    '  > 文件、>> 文件、< 文件、2> 文件、2>&1、命令 | 命令、&&、||、;',
    '',
    '按键：←/→、Home/End、↑/↓ 历史记录、Tab 补全、Ctrl-A/E/U/K/W/L、Ctrl-C 中断。',
    '在容器里（docker run -it、docker exec -it、docker attach）按键会发给容器；',
    'Ctrl-P Ctrl-Q 可以从 docker run -it 和 docker attach 脱离（detach）。',
    '',
  ].join('\n'),
};

export function texts(lang: Lang): Texts {
  return lang === 'en' ? EN : ZH;
}
