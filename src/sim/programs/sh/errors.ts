/** Non-local control flow inside the shell (ash's exceptions and evalskip). */
import { FS_ERROR_TEXT } from '../../fs/types.ts';

/** An error already reported on stderr; unwinds to the command loop (exits a non-interactive shell). */
export class ShellError {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

/** `exit`, or the end of a subshell. */
export class ExitSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

/** `break N` / `continue N`. */
export class LoopSignal {
  readonly brk: boolean;
  n: number;
  constructor(brk: boolean, n: number) {
    this.brk = brk;
    this.n = n;
  }
}

/** `return` from a function or a sourced file. */
export class ReturnSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

/** SIGINT in an interactive shell: abandon the command line. */
export class InterruptSignal {}

/** strerror(3) texts busybox prints: the file-system ones, and the process and device ones. */
export const STRERROR: Record<string, string> = {
  ...FS_ERROR_TEXT,
  ENXIO: 'No such device or address',
  EBADF: 'Bad file descriptor',
  ESRCH: 'No such process',
  ENOEXEC: 'Exec format error',
  EPIPE: 'Broken pipe',
  EIO: 'Input/output error',
};

export const strerror = (code: string): string => STRERROR[code] ?? code;
