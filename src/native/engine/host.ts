/**
 * The native backend as a runner host: every step against one NativeEngine, in real
 * time. `sleep N` really sleeps; `timeout N docker …` cancels the command through the
 * CLI's AbortSignal after N real seconds (exit 124, as coreutils timeout); typed input
 * (`<` lines) arrives 0.1 s apart once the command reads.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Host } from '../../runner/run.ts';
import { COMMAND_LATENCY_MS } from '../../runner/latency.ts';
import type { ContainerSnapshot } from '../../runner/transcript.ts';
import { docker, isCancellation } from '../../sim/cli/docker.ts';
import { BufferIO, type CliStdin, type HostFiles } from '../../sim/cli/io.ts';
import type { DockerVersion } from '../../sim/profile.ts';
import type { NativeEngine } from './nativeEngine.ts';

/**
 * Real time a docker step takes on top of its own work, as a real client's round trips
 * do: what the command set going goes on meanwhile (a started `echo` prints and exits).
 * The simulator's runner takes 10 ms of simulated time; real processes need a little more.
 */
export const NATIVE_CLIENT_LATENCY_MS = 50;

/** Real time between two typed input lines (and before the first). */
export const TYPING_GAP_MS = 100;

/** A step without `timeout` still running after this long is given up (real seconds; CLASSROOM_NATIVE_HANG_S). */
export const DEFAULT_HANG_LIMIT_S = 120;

export function realTypedStdin(input: readonly string[]): CliStdin {
  return {
    isTTY: true,
    size: () => ({ cols: 80, rows: 24 }),
    read(onData) {
      let i = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const next = () => {
        if (i >= input.length) return;
        timer = setTimeout(() => {
          onData(input[i++]!);
          next();
        }, TYPING_GAP_MS);
      };
      next();
      return () => clearTimeout(timer);
    },
  };
}

export interface NativeHostOptions {
  files?: HostFiles;
  version?: DockerVersion;
  /** Seconds; default CLASSROOM_NATIVE_HANG_S or 120. */
  hangLimitS?: number;
  /** Aborted on SIGINT/SIGTERM: the running step is cancelled. */
  signal?: AbortSignal;
}

export class NativeHost implements Host {
  readonly engine: NativeEngine;
  readonly files?: HostFiles;
  readonly version: DockerVersion;
  readonly hangLimitS: number;
  readonly #signal?: AbortSignal;

  constructor(engine: NativeEngine, o: NativeHostOptions = {}) {
    this.engine = engine;
    if (o.files) this.files = o.files;
    this.version = o.version ?? (engine.profile.version === '20.10' ? '20.10' : '29');
    const env = Number(process.env['CLASSROOM_NATIVE_HANG_S']);
    this.hangLimitS = o.hangLimitS ?? (Number.isFinite(env) && env > 0 ? env : DEFAULT_HANG_LIMIT_S);
    if (o.signal) this.#signal = o.signal;
  }

  async docker(argv: string[], timeoutSeconds?: number, input?: string[]) {
    const abort = new AbortController();
    const io = new BufferIO({
      signal: abort.signal,
      ...(this.files ? { files: this.files } : {}),
      ...(input ? { stdin: realTypedStdin(input) } : {}),
    });
    const onOuter = () => abort.abort(new DOMException('interrupted', 'AbortError'));
    this.#signal?.addEventListener('abort', onOuter);
    const work = docker(argv, { engine: this.engine, io, version: this.version });
    const limitMs = (timeoutSeconds ?? this.hangLimitS) * 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limitMs);
    });
    type Outcome = { value: number } | { error: unknown } | 'timeout';
    const outcome: Outcome = await Promise.race([
      work.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      timedOut,
    ]);
    clearTimeout(timer);
    try {
      if (outcome !== 'timeout') {
        await delay(Math.max(COMMAND_LATENCY_MS, NATIVE_CLIENT_LATENCY_MS));
        await this.engine.settle();
        if ('value' in outcome) return { stdout: io.stdout, stderr: io.stderr, exitCode: outcome.value };
        if (isCancellation(outcome.error, io)) return { stdout: io.stdout, stderr: io.stderr, exitCode: 124 };
        return { stdout: io.stdout, stderr: `${io.stderr}Error: internal error of the native engine: ${String(outcome.error)}\n`, exitCode: 1 };
      }
      abort.abort(new DOMException('timeout', 'AbortError'));
      await work.catch(() => 0);
      if (timeoutSeconds === undefined) {
        return {
          stdout: io.stdout,
          stderr: `${io.stderr}classroom: gave up on this step: it was still running after ${this.hangLimitS} s (use 'timeout N docker …')\n`,
          exitCode: 124,
        };
      }
      return { stdout: io.stdout, stderr: io.stderr, exitCode: 124 };
    } finally {
      this.#signal?.removeEventListener('abort', onOuter);
    }
  }

  async sleep(seconds: number): Promise<void> {
    await delay(seconds * 1000, undefined, this.#signal ? { signal: this.#signal } : {}).catch(() => undefined);
  }

  /** Every container as `docker inspect` would show it, newest first (like `docker ps -a`). */
  snapshot(): ContainerSnapshot[] {
    return this.engine
      .containers()
      .slice()
      .reverse()
      .map((c) => ({
        name: c.name,
        id: c.id,
        image: c.config.Image,
        status: c.state === 'removed' ? 'dead' : c.state,
        running: c.state === 'running' || c.state === 'paused' || c.state === 'restarting',
        paused: c.state === 'paused',
        restarting: c.state === 'restarting',
        exitCode: c.exitCode,
        restartCount: c.restartCount,
        error: c.error,
        pid: c.pid,
      }));
  }
}
