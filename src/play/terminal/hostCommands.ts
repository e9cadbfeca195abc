/** The commands the host shell knows: docker, nsenter, bash built-ins and a few coreutils on the simulated host. */
import { dockerCommand } from './dockerCommand.ts';
import { cat, cd, ls, mkdir, pwd, rm, touch } from './files.ts';
import { grep, head, tail, wc } from './filters.ts';
import { nsenter } from './nsenter.ts';
import type { Command, CommandContext } from './runtime.ts';
import { texts } from './texts.ts';
import { timeout } from './timeout.ts';

function echo(args: string[], ctx: CommandContext): number {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    for (const ch of a.slice(1)) {
      if (ch === 'n') newline = false;
      else if (ch === 'e') escapes = true;
      else escapes = false;
    }
  }
  let s = args.slice(i).join(' ');
  if (escapes) {
    const cut = s.indexOf('\\c');
    if (cut >= 0) {
      s = s.slice(0, cut);
      newline = false;
    }
    const map: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', r: '\r', v: '\v' };
    s = s.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/g, (m, c: string) => {
      if (c[0] === '0') return String.fromCharCode(parseInt(c.slice(1) || '0', 8));
      if (c[0] === 'x') return String.fromCharCode(parseInt(c.slice(1), 16));
      return map[c] ?? m;
    });
  }
  ctx.stdio.out.write(newline ? `${s}\n` : s);
  return 0;
}

function history(args: string[], ctx: CommandContext): number {
  const h = ctx.rt.history;
  let from = 0;
  if (args[0] !== undefined) {
    if (!/^\d+$/.test(args[0])) {
      ctx.stdio.err.write(`bash: history: ${args[0]}: numeric argument required\n`);
      return 1;
    }
    from = Math.max(0, h.length - Number(args[0]));
  }
  let s = '';
  for (let i = from; i < h.length; i++) s += `${String(i + 1).padStart(5)}  ${h[i]}\n`;
  ctx.stdio.out.write(s);
  return 0;
}

function exportCommand(args: string[], ctx: CommandContext): number {
  const st = ctx.state;
  const names = args.filter((a) => a !== '-n' && a !== '--');
  if (names.length === 0 || args[0] === '-p') {
    const keys = [...st.exported].filter((k) => st.vars.has(k)).sort();
    ctx.stdio.out.write(keys.map((k) => `declare -x ${k}="${st.vars.get(k)!.replace(/(["\\$`])/g, '\\$1')}"\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const a of names) {
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      ctx.stdio.err.write(`bash: export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (eq >= 0) st.vars.set(name, a.slice(eq + 1));
    if (args[0] === '-n') st.exported.delete(name);
    else st.exported.add(name);
  }
  return status;
}

function unset(args: string[], ctx: CommandContext): number {
  for (const a of args) {
    if (a.startsWith('-')) continue;
    ctx.state.vars.delete(a);
    ctx.state.exported.delete(a);
  }
  return 0;
}

/** GNU sleep: NUMBER[smhd]…, on the simulated clock. */
async function sleep(args: string[], ctx: CommandContext): Promise<number> {
  if (args.length === 0) {
    ctx.stdio.err.write("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let ms = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      ctx.stdio.err.write(`sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    ms += Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] * 1000;
  }
  const clock = ctx.rt.sim.clock;
  await new Promise<void>((resolve) => {
    const id = clock.setTimer(ms, resolve);
    ctx.signal.addEventListener('abort', () => {
      clock.clearTimer(id);
      resolve();
    });
  });
  return 0;
}

export const COMMANDS: Record<string, Command> = {
  docker: dockerCommand,
  nsenter,
  ls,
  cat,
  rm,
  mkdir,
  touch,
  cd,
  pwd,
  echo,
  grep,
  head,
  tail,
  wc,
  sleep,
  timeout,
  history,
  export: exportCommand,
  unset,
  true: () => 0,
  false: () => 1,
  clear: (_args, ctx) => {
    // What `clear` prints for TERM=xterm-256color: home, erase the screen and the scrollback.
    ctx.stdio.out.write('\x1b[H\x1b[2J\x1b[3J');
    return 0;
  },
  help: (_args, ctx) => {
    ctx.stdio.out.write(texts(ctx.rt.lang).help);
    return 0;
  },
  exit: (_args, ctx) => {
    ctx.stdio.err.write(`${texts(ctx.rt.lang).exitNote}\n`);
    return 0;
  },
};

/** Names Tab completes as the first word of a command. */
export function commandNames(): string[] {
  return Object.keys(COMMANDS).sort();
}
