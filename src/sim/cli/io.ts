/**
 * What a docker command can reach besides the engine: its output streams, its
 * input, the host's files (for -o/-i), and a cancellation signal (timeout, Ctrl-C).
 */
export interface CliStdin {
  /** Whether stdin is a terminal (`docker run -it` refuses otherwise). */
  readonly isTTY: boolean;
  /** Registers a reader: data as it arrives, then end() at EOF. Without a reader stdin is empty. */
  read?(onData: (data: string) => void, onEnd: () => void): () => void;
  /** Terminal size, when stdin is a terminal. */
  size?(): { cols: number; rows: number };
}

export interface HostFiles {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (export/save refuse to write a tar to one). */
  readonly stdoutIsTTY?: boolean;
  /** Binary output on stdout (docker export without -o). */
  outBytes?(data: Uint8Array): void;
  readonly stdin: CliStdin;
  readonly files?: HostFiles;
  /** Aborted when the command is to give up (timeout, Ctrl-C without a TTY session). */
  readonly signal?: AbortSignal;
  /** Environment variables of the client (for `-e VAR` without a value). */
  readonly env?: Record<string, string | undefined>;
}

export const EMPTY_STDIN: CliStdin = { isTTY: false };

/** A CliIO that collects everything, for the runner and tests. */
export class BufferIO implements CliIO {
  stdout = '';
  stderr = '';
  readonly stdin: CliStdin;
  readonly files?: HostFiles;
  readonly signal?: AbortSignal;
  readonly env?: Record<string, string | undefined>;
  constructor(opts: { stdin?: CliStdin; files?: HostFiles; signal?: AbortSignal; env?: Record<string, string | undefined> } = {}) {
    this.stdin = opts.stdin ?? EMPTY_STDIN;
    if (opts.files) this.files = opts.files;
    if (opts.signal) this.signal = opts.signal;
    if (opts.env) this.env = opts.env;
  }
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}
