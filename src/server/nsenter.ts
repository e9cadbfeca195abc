/**
 * nsenter in a `classroom serve` session: util-linux's real nsenter, into the real
 * namespaces of a container's process, on the session's terminal. Options are read
 * by the simulated host's parser (same texts). What the session can enter is held to
 * its own containers:
 *  - the target must be a process of one of this session's running containers (any
 *    other PID gets the "cannot open /proc/PID/ns/…" a missing process gets; PID 1 is
 *    the host shell itself, as in the simulator);
 *  - the mount namespace is always entered, so the program comes from the
 *    container's files, never the machine's (the simulator runs it there too);
 *  - --root, --wd, --setuid, --setgid and the user and time namespaces are not passed on.
 * With a terminal the program gets a pseudo-terminal (util-linux `script`, as the
 * native runtime does for -t); Ctrl-C and Ctrl-D reach it as keys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { NativeEngine } from '../native/engine/nativeEngine.ts';
import { NS_ORDER, parseArgs, type Ns } from '../play/terminal/nsenter.ts';
import { type Command, type CommandContext, environment } from '../play/terminal/runtime.ts';
import { TextJoiner } from '../play/terminal/streams.ts';
import { texts } from '../play/terminal/texts.ts';

const FLAG: Partial<Record<Ns, string>> = { mnt: '--mount', uts: '--uts', ipc: '--ipc', net: '--net', pid: '--pid', cgroup: '--cgroup' };

/** A program of the machine by absolute path (the learner's PATH is for the container). */
function hostBinary(name: string): string {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return name;
}

/** Single-quotes a word for /bin/sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Children still running (killed when the session ends). */
export type Children = Set<ChildProcess>;

async function containerOf(engine: NativeEngine, pid: number): Promise<{ state: string } | undefined> {
  for (const c of engine.containers()) {
    if (c.state !== 'running' && c.state !== 'paused') continue;
    try {
      if ((await engine.runtime.pids(c.id)).includes(pid)) return c;
    } catch {
      /* ended meanwhile */
    }
  }
  return undefined;
}

export function realNsenter(engine: NativeEngine, children: Children): Command {
  return async (args: string[], ctx: CommandContext): Promise<number> => {
    const p = parseArgs(args, ctx);
    if (typeof p === 'number') return p;
    if (p.all) for (const n of NS_ORDER) if (n !== 'user' && n !== 'time') p.ns.add(n);
    if (p.target === undefined) {
      const first = NS_ORDER.find((n) => p.ns.has(n));
      if (first) {
        ctx.stdio.err.write(`nsenter: neither filename nor target pid supplied for ns/${first}\n`);
        return 1;
      }
      return p.program.length ? ctx.run(p.program) : 0;
    }
    const t = texts(ctx.rt.lang);
    if (p.target === 1) {
      if (p.program.length) return ctx.run(p.program);
      ctx.stdio.err.write(`${t.nsenterHostShell}\n`);
      return 1;
    }
    const container = await containerOf(engine, p.target);
    if (!container) {
      const first = NS_ORDER.find((n) => p.ns.has(n)) ?? 'mnt';
      ctx.stdio.err.write(`nsenter: cannot open /proc/${p.target}/ns/${first}: No such file or directory\n`);
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
    const program = p.program.length ? p.program : [env['SHELL'] ?? '/bin/bash'];
    const flags = ['--mount', ...[...p.ns].filter((n) => n !== 'mnt').flatMap((n) => (FLAG[n] ? [FLAG[n]!] : []))];
    const argv = [hostBinary('nsenter'), '--target', String(p.target), ...flags, '--', ...program];
    const tty = ctx.stdio.in.tty && ctx.stdio.out.tty;
    return run(argv, env, tty, ctx, children);
  };
}

function run(argv: string[], env: Record<string, string>, tty: boolean, ctx: CommandContext, children: Children): Promise<number> {
  const { stdio, rt } = ctx;
  let child: ChildProcess;
  if (tty) {
    // A pseudo-terminal of the window's size; script(1) gives the program one and copies it.
    const { cols, rows } = rt.size();
    // script runs the line with $SHELL -c: /bin/sh here, the learner's SHELL again for the program.
    const shell = env['SHELL'] === undefined ? 'unset SHELL; ' : `SHELL=${shQuote(env['SHELL'])}; export SHELL; `;
    const line = `${hostBinary('stty')} cols ${cols} rows ${rows} 2>/dev/null; ${shell}exec ${argv.map(shQuote).join(' ')}`;
    child = spawn(hostBinary('script'), ['-q', '-e', '-c', line, '/dev/null'], { env: { ...env, SHELL: '/bin/sh' }, stdio: ['pipe', 'pipe', 'pipe'] });
  } else {
    child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['pipe', 'pipe', 'pipe'] });
  }
  children.add(child);
  return new Promise<number>((resolve) => {
    const out = new TextDecoder();
    const err = new TextDecoder();
    child.stdout!.on('data', (d: Buffer) => stdio.out.write(out.decode(d, { stream: true })));
    child.stderr!.on('data', (d: Buffer) => stdio.err.write(err.decode(d, { stream: true })));
    child.stdin!.on('error', () => {});
    const write = (d: string) => {
      if (child.stdin!.writable) child.stdin!.write(d);
    };
    let unread: () => void;
    if (stdio.in.tty) {
      unread = rt.openReader(tty ? 'raw' : 'cooked', write, () => child.stdin!.end());
    } else {
      const j = new TextJoiner();
      unread = stdio.in.read(
        (d) => write(j.text(d)),
        () => child.stdin!.end(),
      );
    }
    // Without a terminal of its own, Ctrl-C reaches the program as the host terminal's SIGINT.
    const onAbort = () => child.kill('SIGINT');
    ctx.signal.addEventListener('abort', onAbort);
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      children.delete(child);
      unread();
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(status);
    };
    child.on('error', (e) => {
      stdio.err.write(`nsenter: ${e.message}\n`);
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal === 'SIGINT' ? 130 : 128 + 9)));
  });
}
