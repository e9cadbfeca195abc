/**
 * coreutils `timeout [-s SIG] [-k DUR] [--preserve-status] [--foreground] DURATION COMMAND…`,
 * as the lessons use it: `timeout 3 docker attach --sig-proxy=false web`. At the deadline
 * the command gets SIGTERM once (the docker client's abort with TIMEOUT_REASON: most clients
 * end, one that proxies signals forwards it to the container and keeps waiting, as under
 * the runner); timeout then waits for it and exits 124.
 */
import { INTERRUPT_REASON, TIMEOUT_REASON } from '../../sim/cli/io.ts';
import type { CommandContext } from './runtime.ts';

const UNITS = { '': 1, s: 1, m: 60, h: 3600, d: 86400 } as const;

function duration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(s);
  return m ? Number(m[1]) * UNITS[m[2] as keyof typeof UNITS] * 1000 : undefined;
}

export async function timeout(args: string[], ctx: CommandContext): Promise<number> {
  const err = (text: string) => {
    ctx.stdio.err.write(`timeout: ${text}\nTry 'timeout --help' for more information.\n`);
    return 125;
  };
  let signal = 'TERM';
  let preserve = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    let m: RegExpExecArray | null;
    if (a === '--preserve-status') preserve = true;
    else if (a === '--foreground' || a === '-v' || a === '--verbose') continue;
    else if ((m = /^(?:-s|--signal)(?:=?(.+))?$/.exec(a))) {
      const v = m[1] ?? args[++i];
      if (v === undefined) return err("option requires an argument -- 's'");
      signal = v.toUpperCase().replace(/^SIG/, '');
      if (/^\d+$/.test(signal)) signal = { '2': 'INT', '9': 'KILL', '15': 'TERM' }[signal] ?? signal;
      if (!['TERM', 'INT', 'KILL'].includes(signal)) return err(`this terminal can send TERM, INT or KILL, not '${v}'`);
    } else if ((m = /^(?:-k|--kill-after)(?:=?(.+))?$/.exec(a))) {
      const v = m[1] ?? args[++i];
      if (v === undefined || duration(v) === undefined) return err(`invalid time interval '${v ?? ''}'`);
    } else return err(`unrecognized option '${a}'`);
  }
  if (i >= args.length) return err('missing operand');
  const ms = duration(args[i]!);
  if (ms === undefined) return err(`invalid time interval '${args[i]}'`);
  const command = args.slice(i + 1);
  if (command.length === 0) return err(`missing operand after '${args[i]}'`);

  const stop = new AbortController();
  const onCtrlC = () => stop.abort(ctx.signal.reason ?? new DOMException(INTERRUPT_REASON, 'AbortError'));
  ctx.signal.addEventListener('abort', onCtrlC);
  let timedOut = false;
  const clock = ctx.rt.sim.clock;
  const timer = ms > 0 ? clock.setTimer(ms, () => {
    timedOut = true;
    // KILL: the client is gone at once (nothing to forward); TERM/INT: it decides.
    stop.abort(new DOMException(signal === 'KILL' ? 'killed' : signal === 'INT' ? INTERRUPT_REASON : TIMEOUT_REASON, 'AbortError'));
  }) : undefined;
  try {
    const status = await ctx.run(command, { signal: stop.signal });
    if (!timedOut || preserve) return status;
    return signal === 'KILL' ? 137 : 124;
  } finally {
    if (timer !== undefined) clock.clearTimer(timer);
    ctx.signal.removeEventListener('abort', onCtrlC);
  }
}
