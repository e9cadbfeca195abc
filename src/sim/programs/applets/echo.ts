/** echo (the applet and ash's builtin share this code, as in busybox). */
import type { Proc, ProgramGen } from '../../kernel/process.ts';
import { escapeAt } from './escape.ts';

/** The bytes echo writes for argv (argv[0] = "echo"). */
export function echoText(argv: string[]): string {
  let nflag = true;
  let eflag = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a[0] !== '-' || a.length === 1 || !/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') nflag = false;
      else if (c === 'e') eflag = true;
    }
  }
  let out = '';
  for (let k = i; k < argv.length; k++) {
    const arg = argv[k]!;
    if (!eflag) out += arg;
    else {
      for (let j = 0; j < arg.length; ) {
        const c = arg[j]!;
        if (c !== '\\') {
          out += c;
          j++;
          continue;
        }
        j++;
        if (arg[j] === 'c') return out;
        if (arg[j] === '0' && arg[j + 1] !== undefined && arg[j + 1]! >= '0' && arg[j + 1]! < '8') j++;
        const [ch, nx] = escapeAt(arg, j);
        out += ch;
        j = nx;
      }
    }
    if (k < argv.length - 1) out += ' ';
  }
  if (nflag) out += '\n';
  return out;
}

/** Runs echo as `name` (the applet, or "sh" for the builtin); returns the status. */
export function echoRun(p: Proc, argv: string[], name: string): number {
  if (!p.write(1, echoText(argv))) {
    p.err(`${name}: write error: Bad file descriptor\n`);
    return 1;
  }
  return 0;
}

export function* echoMain(p: Proc): ProgramGen {
  return echoRun(p, p.argv, 'echo');
}
