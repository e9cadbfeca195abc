/**
 * util-linux nsenter on the simulated host: finds the container that owns a
 * host PID and runs a program in it, on the host's terminal (no docker exec:
 * no exec record, no detach keys). Texts follow util-linux 2.38.
 */
import type { Container } from '../../sim/engine/container.ts';
import type { Process } from '../../sim/kernel/types.ts';
import { type CommandContext, environment } from './runtime.ts';
import { TextJoiner } from './streams.ts';
import { texts } from './texts.ts';

/** The order in which nsenter opens namespace files (the first failure is reported). */
export const NS_ORDER = ['user', 'cgroup', 'ipc', 'uts', 'net', 'pid', 'mnt', 'time'] as const;
export type Ns = (typeof NS_ORDER)[number];

const LONG_NS: Record<string, Ns> = { mount: 'mnt', uts: 'uts', ipc: 'ipc', net: 'net', pid: 'pid', user: 'user', cgroup: 'cgroup', time: 'time' };
const SHORT_NS: Record<string, Ns> = { m: 'mnt', u: 'uts', i: 'ipc', n: 'net', p: 'pid', U: 'user', C: 'cgroup', T: 'time' };

const USAGE = `
Usage:
 nsenter [options] [<program> [<argument>...]]

Run a program with namespaces of other processes.

Options:
 -a, --all              enter all namespaces
 -t, --target <pid>     target process to get namespaces from
 -m, --mount[=<file>]   enter mount namespace
 -u, --uts[=<file>]     enter UTS namespace (hostname etc)
 -i, --ipc[=<file>]     enter System V IPC namespace
 -n, --net[=<file>]     enter network namespace
 -p, --pid[=<file>]     enter pid namespace
 -C, --cgroup[=<file>]  enter cgroup namespace
 -U, --user[=<file>]    enter user namespace
 -T, --time[=<file>]    enter time namespace
 -S, --setuid <uid>     set uid in entered namespace
 -G, --setgid <gid>     set gid in entered namespace
     --preserve-credentials do not touch uids or gids
 -r, --root[=<dir>]     set the root directory
 -w, --wd[=<dir>]       set the working directory
 -F, --no-fork          do not fork before exec'ing <program>

 -h, --help             display this help
 -V, --version          display version

For more details see nsenter(1).
`;

export interface Parsed {
  target?: number;
  ns: Set<Ns>;
  all: boolean;
  program: string[];
}

/** Parses nsenter's options; a number is the exit status of --help, --version or a usage error (printed). */
export function parseArgs(args: string[], ctx: CommandContext): Parsed | number {
  const bad = (msg: string) => {
    ctx.stdio.err.write(`nsenter: ${msg}\nTry 'nsenter --help' for more information.\n`);
    return 1;
  };
  const p: Parsed = { ns: new Set(), all: false, program: [] };
  const setTarget = (v: string): number | undefined => {
    if (!/^\d+$/.test(v)) {
      ctx.stdio.err.write(`nsenter: failed to parse pid: '${v}'\n`);
      return 1;
    }
    p.target = Number(v);
    return undefined;
  };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const [name = '', value] = a.slice(2).split(/=(.*)/s, 2);
      if (name === 'help') {
        ctx.stdio.out.write(USAGE);
        return 0;
      }
      if (name === 'version') {
        ctx.stdio.out.write('nsenter from util-linux 2.38.1\n');
        return 0;
      }
      if (name === 'target') {
        const v = value ?? args[++i];
        if (v === undefined) return bad("option '--target' requires an argument");
        const r = setTarget(v);
        if (r !== undefined) return r;
      } else if (name === 'all') p.all = true;
      else if (LONG_NS[name]) p.ns.add(LONG_NS[name]);
      else if (['root', 'wd', 'preserve-credentials', 'no-fork', 'follow-context'].includes(name)) {
        /* accepted, no effect here */
      } else if (name === 'setuid' || name === 'setgid') {
        if ((value ?? args[++i]) === undefined) return bad(`option '--${name}' requires an argument`);
      } else return bad(`unrecognized option '${a}'`);
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if (ch === 't' || ch === 'S' || ch === 'G') {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) return bad(`option requires an argument -- '${ch}'`);
          if (ch === 't') {
            const r = setTarget(v);
            if (r !== undefined) return r;
          }
          break;
        }
        if (ch === 'h') {
          ctx.stdio.out.write(USAGE);
          return 0;
        }
        if (ch === 'V') {
          ctx.stdio.out.write('nsenter from util-linux 2.38.1\n');
          return 0;
        }
        if (ch === 'a') p.all = true;
        else if (SHORT_NS[ch]) p.ns.add(SHORT_NS[ch]);
        else if ('rwFZ'.includes(ch)) {
          /* accepted, no effect here */
        } else return bad(`invalid option -- '${ch}'`);
      }
      continue;
    }
    break;
  }
  p.program = args.slice(i);
  return p;
}

/** The running container one of whose processes has this host PID. */
function owner(ctx: CommandContext, pid: number): Container | undefined {
  for (const c of ctx.rt.sim.engine.containers()) {
    if (!c.task || c.task.init.exited) continue;
    if (c.task.processes().some((p) => p.hostPid === pid)) return c;
  }
  return undefined;
}

const EXEC_ERRNO: Record<string, string> = {
  'not-found': 'No such file or directory',
  'permission-denied': 'Permission denied',
  'is-directory': 'Permission denied',
  'not-directory': 'Not a directory',
  other: 'No such file or directory',
};

export async function nsenter(args: string[], ctx: CommandContext): Promise<number> {
  const p = parseArgs(args, ctx);
  if (typeof p === 'number') return p;
  if (p.all) for (const n of NS_ORDER) if (n !== 'user' && n !== 'time') p.ns.add(n);
  if (p.target === undefined) {
    const first = NS_ORDER.find((n) => p.ns.has(n));
    if (first) {
      ctx.stdio.err.write(`nsenter: neither filename nor target pid supplied for ns/${first}\n`);
      return 1;
    }
    // Nothing to enter: the program runs right here.
    return p.program.length ? ctx.run(p.program) : 0;
  }
  const container = p.target === 1 ? undefined : owner(ctx, p.target);
  if (p.target !== 1 && !container) {
    const first = NS_ORDER.find((n) => p.ns.has(n)) ?? 'mnt';
    ctx.stdio.err.write(`nsenter: cannot open /proc/${p.target}/ns/${first}: No such file or directory\n`);
    return 1;
  }
  const t = texts(ctx.rt.lang);
  if (!container) {
    // PID 1 of the host: its namespaces are the shell's own.
    if (p.program.length) return ctx.run(p.program);
    ctx.stdio.err.write(`${t.nsenterHostShell}\n`);
    return 1;
  }
  if (container.state === 'paused') {
    ctx.stdio.err.write(`${t.nsenterPaused}\n`);
    return 1;
  }
  if (!p.ns.has('mnt') && p.program.length === 0) {
    ctx.stdio.err.write(`${t.nsenterNeedsMount}\n`);
    return 1;
  }
  const env = environment(ctx.state);
  Object.assign(env, ctx.env);
  const argv = p.program.length ? p.program : [env['SHELL'] ?? '/bin/bash'];
  const tty = ctx.stdio.in.tty && ctx.stdio.out.tty;
  const started = container.task!.exec({
    argv,
    env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    // setns(CLONE_NEWNS) moves the working directory to the new root.
    cwd: '/',
    user: '',
    tty,
    openStdin: true,
  });
  if ('kind' in started) {
    ctx.stdio.err.write(`nsenter: failed to execute ${argv[0]}: ${EXEC_ERRNO[started.kind]}\n`);
    return started.kind === 'not-found' || started.kind === 'other' ? 127 : 126;
  }
  return attach(started, ctx, tty);
}

/** Wires the process to the shell's streams until it exits. */
function attach(proc: Process, ctx: CommandContext, tty: boolean): Promise<number> {
  const { stdio, rt } = ctx;
  return new Promise<number>((resolve) => {
    proc.onOutput((stream, data) => (stream === 'stdout' ? stdio.out.write(data) : stdio.err.write(data)));
    let unread: () => void;
    if (stdio.in.tty) {
      unread = rt.openReader(tty ? 'raw' : 'cooked', (d) => proc.writeStdin(d), () => proc.closeStdin());
    } else {
      const j = new TextJoiner();
      unread = stdio.in.read(
        (d) => proc.writeStdin(j.text(d)),
        () => proc.closeStdin(),
      );
    }
    const { cols, rows } = rt.size();
    if (tty && (cols !== 80 || rows !== 24)) proc.resize?.(cols, rows);
    const unresize = tty ? rt.onResize((c, r) => proc.resize?.(c, r)) : () => {};
    // Without a TTY of its own, Ctrl-C reaches the program as the host terminal's SIGINT.
    const onAbort = () => proc.signal(2);
    ctx.signal.addEventListener('abort', onAbort);
    proc.onExit((status) => {
      unread();
      unresize();
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(status);
    });
  });
}
