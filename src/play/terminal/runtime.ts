/** What host commands run with: the shell's state, the terminal, their streams. */
import type { Simulator } from '../../sim/simulator.ts';
import { FS_ERROR_TEXT, FsError } from '../../sim/fs/types.ts';
import type { Sink, Source } from './streams.ts';
import type { Lang } from './texts.ts';

export const HOME = '/root';
export const HOSTNAME = 'classroom';

/** The host shell's variables and working directory. */
export interface HostState {
  cwd: string;
  vars: Map<string, string>;
  exported: Set<string>;
  /** $? */
  status: number;
}

export function newState(): HostState {
  const vars = new Map<string, string>([
    ['HOME', HOME],
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['SHELL', '/bin/bash'],
    ['USER', 'root'],
    ['LOGNAME', 'root'],
    ['HOSTNAME', HOSTNAME],
    ['TERM', 'xterm-256color'],
    ['PWD', HOME],
  ]);
  return { cwd: HOME, vars, exported: new Set([...vars.keys()].filter((k) => k !== 'HOSTNAME')), status: 0 };
}

/** A copy for a pipeline stage (which runs in a subshell: its `cd` does not last). */
export function forkState(s: HostState): HostState {
  return { cwd: s.cwd, vars: new Map(s.vars), exported: new Set(s.exported), status: s.status };
}

/** The exported variables: the environment of the commands the shell runs. */
export function environment(s: HostState): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of s.exported) {
    const v = s.vars.get(k);
    if (v !== undefined) env[k] = v;
  }
  return env;
}

/** How a foreground command reads the keyboard. */
export type ReadMode = 'raw' | 'cooked';

/** The shell around the commands: the simulator, the terminal and what the shell keeps. */
export interface Runtime {
  readonly sim: Simulator;
  readonly lang: Lang;
  readonly history: readonly string[];
  size(): { cols: number; rows: number };
  /** The terminal as standard streams. */
  readonly terminal: { out: Sink; err: Sink; in: Source };
  /**
   * Lets the foreground command read the keyboard. `raw`: every byte as typed
   * (a TTY session: the container's terminal echoes and handles ^C ^D ^P^Q);
   * `cooked`: the host terminal's line discipline (echo, lines, ^D = EOF).
   */
  openReader(mode: ReadMode, onData: (data: string) => void, onEnd: () => void): () => void;
  /** Window size changes while a command runs. */
  onResize(cb: (cols: number, rows: number) => void): () => void;
  /** Commands that replace the simulated host's own (classroom serve: the real nsenter). */
  readonly commands?: Readonly<Record<string, Command>>;
}

export interface Stdio {
  in: Source;
  out: Sink;
  err: Sink;
}

export interface CommandContext {
  readonly rt: Runtime;
  readonly state: HostState;
  readonly stdio: Stdio;
  readonly signal: AbortSignal;
  /** Environment of this command (exported variables and VAR=value prefixes). */
  readonly env: Record<string, string>;
  /** The command's name, for messages. */
  readonly name?: string;
  /** Runs another command with the same streams (nsenter into the host's own namespaces; timeout, with its own signal). */
  run(argv: string[], opts?: { signal?: AbortSignal }): Promise<number>;
}

export type Command = (args: string[], ctx: CommandContext) => Promise<number> | number;

/** strerror text of a file system error ("No such file or directory"). */
export function errnoText(e: unknown): string {
  if (e instanceof FsError) return FS_ERROR_TEXT[e.code];
  throw e;
}

/** Resolves a path typed on the host against the working directory (and ~). */
export function hostPath(cwd: string, path: string): string {
  let p = path;
  if (p === '~' || p.startsWith('~/')) p = HOME + p.slice(1);
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** How the prompt shows a directory: ~ for the home directory. */
export function promptDir(cwd: string): string {
  if (cwd === HOME) return '~';
  if (cwd.startsWith(`${HOME}/`)) return `~${cwd.slice(HOME.length)}`;
  return cwd;
}
