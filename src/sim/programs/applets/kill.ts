/** kill (applet and ash builtin), after busybox procps/kill.c. */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { SIGNAL_NAMES, SIGTERM, signalNumber } from '../../kernel/signals.ts';
import { strerror } from '../sh/errors.ts';

function signame(n: number): string {
  return (n > 0 && n < 32 && SIGNAL_NAMES[n]) || String(n);
}

/** `resolveJob` maps "%N" to pids (ash builtin only). */
export function killRun(p: Proc, argv: string[], name: string, resolveJob?: (spec: string) => number[] | undefined): number {
  let i = 1;
  let arg = argv[i];
  let sig = SIGTERM;
  if (arg !== undefined && arg[0] === '-') {
    if (arg === '-l') {
      arg = argv[++i];
      if (arg === undefined) {
        let out = '';
        for (let s = 1; s < 32; s++) out += `${String(s).padStart(2)}) ${SIGNAL_NAMES[s]}\n`;
        p.out(out);
        return 0;
      }
      let out = '';
      for (; arg !== undefined; arg = argv[++i]) {
        if (/^[0-9]/.test(arg)) {
          if (!/^[0-9]+$/.test(arg)) {
            p.out(out);
            p.err(`${name}: unknown signal '${arg}'\n`);
            return 1;
          }
          out += signame(Number(arg) & 0x7f) + '\n';
        } else {
          const n = signalNumber(arg);
          if (n < 0) {
            p.out(out);
            p.err(`${name}: unknown signal '${arg}'\n`);
            return 1;
          }
          out += n + '\n';
        }
      }
      p.out(out);
      return 0;
    }
    let s: string | undefined;
    if (arg === '-s') {
      s = argv[++i];
      if (s === undefined) {
        p.err(`${name}: you need to specify whom to kill\n`);
        return 1;
      }
    } else s = arg.slice(1);
    sig = signalNumber(s);
    if (sig < 0) {
      p.err(`${name}: bad signal name '${s}'\n`);
      return 1;
    }
    arg = argv[++i];
  }
  if (arg === undefined) {
    p.err(`${name}: you need to specify whom to kill\n`);
    return 1;
  }
  let errors = 0;
  for (; arg !== undefined; arg = argv[++i]) {
    let pids: number[];
    if (arg.startsWith('%') && resolveJob) {
      const r = resolveJob(arg);
      if (!r) {
        p.err(`${name}: ${arg}: no such job\n`);
        errors++;
        continue;
      }
      pids = r;
    } else {
      if (!/^-?[0-9]+$/.test(arg)) {
        p.err(`${name}: invalid number '${arg}'\n`);
        errors++;
        continue;
      }
      pids = [Number(arg)];
    }
    for (const pid of pids) {
      const r = p.killPid(pid, sig);
      if (r !== 0) {
        p.err(`${name}: can't kill pid ${pid}: ${strerror(r)}\n`);
        errors++;
      }
    }
  }
  return errors ? 1 : 0;
}

export function* killMain(p: Proc): ProgramGen {
  return killRun(p, p.argv, 'kill');
}
