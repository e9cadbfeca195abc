/**
 * The native backend as a runner host: every step against one NativeEngine, in real
 * time. `sleep N` really sleeps; `timeout N docker …` sends the client timeout's SIGTERM
 * through the CLI's AbortSignal after N real seconds and waits for it, as coreutils
 * timeout does (exit 124; a client that proxies signals forwards it to PID 1 and ends with
 * the container); typed input (`<` lines) arrives 0.1 s apart once the command reads.
 * The step's hang limit, SIGINT and SIGTERM kill the client (the CLI's `kill` signal).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Host } from '../../runner/run.ts';
import { COMMAND_LATENCY_MS } from '../../runner/latency.ts';
import type { ContainerSnapshot } from '../../runner/transcript.ts';
import { docker, isCancellation } from '../../sim/cli/docker.ts';
import { BufferIO, TIMEOUT_REASON, type CliStdin, type HostFiles } from '../../sim/cli/io.ts';
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
    const kill = new AbortController();
    const io = new BufferIO({
      signal: abort.signal,
      kill: kill.signal,
      ...(this.files ? { files: this.files } : {}),
      ...(input ? { stdin: realTypedStdin(input) } : {}),
    });
    // SIGINT/SIGTERM to classroom itself: the client is killed (nothing is forwarded).
    const onOuter = () => {
      kill.abort(new DOMException('killed', 'AbortError'));
      if (!abort.signal.aborted) abort.abort(new DOMException('killed', 'AbortError'));
    };
    if (this.#signal?.aborted) onOuter();
    this.#signal?.addEventListener('abort', onOuter);
    const work = docker(argv, { engine: this.engine, io, version: this.version });
    type Outcome = { value: number } | { error: unknown } | 'timeout';
    const settled: Promise<Outcome> = work.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const within = async (ms: number): Promise<Outcome> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
      try {
        return await Promise.race([settled, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    };
    const failed = (error: unknown) => ({
      stdout: io.stdout,
      stderr: `${io.stderr}Error: internal error of the native engine: ${String(error)}\n`,
      exitCode: 1,
    });
    const giveUp = async (why: string) => {
      kill.abort(new DOMException('killed', 'AbortError'));
      if (!abort.signal.aborted) abort.abort(new DOMException('killed', 'AbortError'));
      await settled;
      return { stdout: io.stdout, stderr: `${io.stderr}classroom: gave up on this step: ${why}\n`, exitCode: 124 };
    };
    const hangMs = this.hangLimitS * 1000;
    try {
      const outcome = await within(timeoutSeconds !== undefined ? timeoutSeconds * 1000 : hangMs);
      if (outcome !== 'timeout') {
        // a real client's round trip: what the command set going goes on meanwhile
        await delay(Math.max(COMMAND_LATENCY_MS, NATIVE_CLIENT_LATENCY_MS));
        await this.engine.settle();
        if ('value' in outcome) return { stdout: io.stdout, stderr: io.stderr, exitCode: outcome.value };
        if (isCancellation(outcome.error, io)) return { stdout: io.stdout, stderr: io.stderr, exitCode: kill.signal.aborted ? 137 : 124 };
        return failed(outcome.error);
      }
      const still = `it was still running after ${this.hangLimitS} s`;
      if (timeoutSeconds === undefined) return await giveUp(`${still} (use 'timeout N docker …')`);
      // coreutils timeout sends SIGTERM to the client once, then waits for it. Most clients
      // die of it; one that proxies signals (attach, run, start -a) forwards it to the
      // container's PID 1 and ends when the container does. Either way timeout exits 124.
      abort.abort(new DOMException(TIMEOUT_REASON, 'AbortError'));
      const after = await within(hangMs);
      if (after === 'timeout') {
        return await giveUp(
          `docker forwarded timeout's SIGTERM to the container, and ${still} (real Docker waits forever here; --sig-proxy=false lets the client end)`,
        );
      }
      await this.engine.settle();
      if ('error' in after && !isCancellation(after.error, io)) return failed(after.error);
      return { stdout: io.stdout, stderr: io.stderr, exitCode: 124 };
    } finally {
      this.#signal?.removeEventListener('abort', onOuter);
    }
  }

  async sleep(seconds: number): Promise<void> {
    await delay(seconds * 1000, undefined, this.#signal ? { signal: this.#signal } : {}).catch(() => undefined);
  }

  /** A script's `file` step (a build context, a tar to load): as the simulator's runner writes it. */
  async writeFile(path: string, data: Uint8Array, mode: number): Promise<void> {
    if (!this.files) throw new Error(`this runner has no host files to write '${path}' to`);
    await this.files.writeFile(path, data, { mode, parents: true });
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
