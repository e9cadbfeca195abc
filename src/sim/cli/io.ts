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

/** What lstat/stat tell about a host file (docker build walks its context with them). */
export interface HostFileStat {
  type: 'file' | 'dir' | 'symlink' | 'other';
  /** Permission bits (with setuid/setgid/sticky), without the file-type bits. */
  mode: number;
  size: number;
  /** Modification time, ms since the epoch. */
  mtimeMs: number;
  /** A symlink's target (lstat only). */
  linkTarget?: string;
}

export interface HostFiles {
  readFile(path: string): Promise<Uint8Array>;
  /** `mode` applies when the file is created; `parents` makes missing directories (0755) first. */
  writeFile(path: string, data: Uint8Array, opts?: { mode?: number; parents?: boolean }): Promise<void>;
  /**
   * What is at a path (`follow`: stat, else lstat). Rejects when there is nothing, with an
   * Error whose `code` is 'ENOENT' (or another errno name) and a Go-style message.
   * Hosts without it cannot give `docker build` a context.
   */
  stat?(path: string, opts?: { follow?: boolean }): Promise<HostFileStat>;
  /** Names in a directory (any order; the caller sorts). */
  readdir?(path: string): Promise<string[]>;
  /** The absolute working directory the relative paths start from (docker build prints absolute paths). */
  cwd?(): string;
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
  /**
   * A signal to the client: aborted when the command is to give up (timeout, Ctrl-C
   * without a TTY session). The abort reason says which signal it is (`clientSignal`).
   * Most commands end at once; a client that proxies signals (`docker attach`, `docker run`,
   * `docker start -a`: --sig-proxy) forwards it to the container's PID 1 and keeps waiting.
   * (The browser terminal still gives the prompt back at Ctrl-C and drops what such a client
   * prints afterwards; the runner waits for it, as coreutils timeout does.)
   */
  readonly signal?: AbortSignal;
  /**
   * SIGKILL to the client: aborted when the host gives up on a client that caught `signal`
   * and still waits (nothing can catch this one). Hosts without it never kill a client.
   */
  readonly kill?: AbortSignal;
  /** Environment variables of the client (for `-e VAR` without a value). */
  readonly env?: Record<string, string | undefined>;
}

export const EMPTY_STDIN: CliStdin = { isTTY: false };

/** A signal the docker client forwards to the container (ForwardAllSignals sends its name without SIG). */
export type ClientSignal = 'TERM' | 'INT';

/** Abort reasons (DOMException messages) hosts use for `signal`: coreutils timeout, Ctrl-C. */
export const TIMEOUT_REASON = 'timeout';
export const INTERRUPT_REASON = 'interrupted';

/**
 * Which signal a cancellation stands for: a timeout is SIGTERM, Ctrl-C SIGINT. Anything
 * else (a pipeline's broken pipe: SIGPIPE, which docker never forwards) is undefined.
 */
export function clientSignal(reason: unknown): ClientSignal | undefined {
  const message = typeof reason === 'object' && reason !== null && 'message' in reason ? String(reason.message) : undefined;
  if (message === TIMEOUT_REASON) return 'TERM';
  if (message === INTERRUPT_REASON) return 'INT';
  return undefined;
}

/** A CliIO that collects everything, for the runner and tests. */
export class BufferIO implements CliIO {
  stdout = '';
  stderr = '';
  readonly stdin: CliStdin;
  readonly files?: HostFiles;
  readonly signal?: AbortSignal;
  readonly kill?: AbortSignal;
  readonly env?: Record<string, string | undefined>;
  constructor(
    opts: { stdin?: CliStdin; files?: HostFiles; signal?: AbortSignal; kill?: AbortSignal; env?: Record<string, string | undefined> } = {},
  ) {
    this.stdin = opts.stdin ?? EMPTY_STDIN;
    if (opts.files) this.files = opts.files;
    if (opts.signal) this.signal = opts.signal;
    if (opts.kill) this.kill = opts.kill;
    if (opts.env) this.env = opts.env;
  }
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}
