/** Linux signal numbers, names and default actions (x86_64). */
import { SIGNALS } from './types.ts';

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGKILL = 9;
export const SIGPIPE = 13;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGWINCH = 28;

/** Names by number, as `kill -l` prints them (1..31). */
export const SIGNAL_NAMES: string[] = [
  '', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS',
];

/** 'ignore' | 'stop' | 'cont' | 'term' (terminate; core dumps are termination here). */
export type DefaultAction = 'ignore' | 'stop' | 'cont' | 'term';

export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
      return 'ignore';
    case SIGCONT:
      return 'cont';
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return 'stop';
    default:
      return 'term';
  }
}

/**
 * Parses a signal as busybox's get_signum() does: a number, a name with or
 * without "SIG" (case-insensitive). Returns -1 when unknown.
 */
export function signalNumber(s: string): number {
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    return n <= 64 ? n : -1;
  }
  let name = s.toUpperCase();
  if (name.startsWith('SIG')) name = name.slice(3);
  const n = SIGNALS[name];
  if (n !== undefined) return n;
  if (name === 'CLD') return SIGCHLD;
  return -1;
}

export function signalName(n: number): string | undefined {
  return SIGNAL_NAMES[n] || undefined;
}
