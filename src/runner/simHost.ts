/** The simulator as a runner host: every step on one simulated Docker, on the virtual clock. */
import { docker, isCancellation } from '../sim/cli/docker.ts';
import { BufferIO, type CliStdin, type HostFiles, TIMEOUT_REASON } from '../sim/cli/io.ts';
import type { Simulator } from '../sim/simulator.ts';
import { drive, elapse } from './drive.ts';
import { outsideWork } from '../sim/outside.ts';
import type { Host } from './run.ts';
import type { ContainerSnapshot } from './transcript.ts';

export { COMMAND_LATENCY_MS } from './latency.ts';
import { COMMAND_LATENCY_MS } from './latency.ts';

/** Simulated time between two typed input lines (and before the first). */
export const TYPING_GAP_MS = 100;

/**
 * A terminal as stdin, on which `input` is typed: each chunk TYPING_GAP_MS after the
 * previous one, starting once the command listens. A terminal never reaches EOF by
 * itself (Ctrl-D is a key: `^D` in the input).
 */
export function typedStdin(clock: Simulator['clock'], input: readonly string[]): CliStdin {
  return {
    isTTY: true,
    size: () => ({ cols: 80, rows: 24 }),
    read(onData) {
      let i = 0;
      let timer: number | undefined;
      const next = () => {
        if (i >= input.length) return;
        timer = clock.setTimer(TYPING_GAP_MS, () => {
          onData(input[i++]!);
          next();
        });
      };
      next();
      return () => clock.clearTimer(timer);
    },
  };
}

/** A docker step with no timeout that is still blocked after this much simulated time is given up. */
export const HANG_LIMIT_MS = 24 * 3600 * 1000;

export class SimHost implements Host {
  readonly sim: Simulator;
  readonly files?: HostFiles;
  readonly #inflight = new Set<Promise<unknown>>();

  constructor(sim: Simulator, files?: HostFiles) {
    this.sim = sim;
    if (files) {
      // Real file I/O takes real time: track it so that a step waiting for it is not taken for stuck.
      const track = <T>(p: Promise<T>): Promise<T> => {
        this.#inflight.add(p);
        const done = () => this.#inflight.delete(p);
        p.then(done, done);
        return p;
      };
      this.files = {
        readFile: (path) => track(files.readFile(path)),
        writeFile: (path, data, opts) => track(files.writeFile(path, data, opts)),
        ...(files.stat ? { stat: (path: string, opts?: { follow?: boolean }) => track(files.stat!(path, opts)) } : {}),
        ...(files.readdir ? { readdir: (path: string) => track(files.readdir!(path)) } : {}),
        ...(files.cwd ? { cwd: () => files.cwd!() } : {}),
      };
    }
  }

  #pendingIO = (): Promise<unknown> | undefined =>
    this.#inflight.size ? Promise.race(this.#inflight) : outsideWork();

  async docker(argv: string[], timeoutSeconds?: number, input?: string[]) {
    const clock = this.sim.clock;
    const abort = new AbortController();
    const kill = new AbortController();
    const io = new BufferIO({
      signal: abort.signal,
      kill: kill.signal,
      ...(this.files ? { files: this.files } : {}),
      ...(input ? { stdin: typedStdin(clock, input) } : {}),
    });
    const work = docker(argv, { engine: this.sim.engine, io, version: this.sim.version });
    const limit = timeoutSeconds !== undefined ? timeoutSeconds * 1000 : HANG_LIMIT_MS;
    const r = await drive(clock, work, clock.now() + limit, timeoutSeconds !== undefined, this.#pendingIO);
    // What the command set going goes on while the client finishes (a started process runs).
    await elapse(clock, COMMAND_LATENCY_MS, this.#pendingIO);
    const failed = (error: unknown) => ({
      stdout: io.stdout,
      stderr: `${io.stderr}Error: internal simulator error: ${String(error)}\n`,
      exitCode: 1,
    });
    if (r.settled) {
      if ('value' in r) return { stdout: io.stdout, stderr: io.stderr, exitCode: r.value };
      if (isCancellation(r.error, io)) return { stdout: io.stdout, stderr: io.stderr, exitCode: 124 };
      return failed(r.error);
    }
    const giveUp = async (why: string) => {
      kill.abort(new DOMException('killed', 'AbortError'));
      if (!abort.signal.aborted) abort.abort(new DOMException('killed', 'AbortError'));
      await drive(clock, work.catch(() => 0), clock.now());
      return { stdout: io.stdout, stderr: `${io.stderr}classroom: gave up on this step: ${why}\n`, exitCode: 124 };
    };
    const hung = (d: { reason: 'deadline' | 'stuck' }) =>
      d.reason === 'stuck' ? 'it waits for something that can never happen' : `it was still running after ${HANG_LIMIT_MS / 3600000} h of simulated time`;
    if (timeoutSeconds === undefined) return giveUp(`${hung(r)} (use 'timeout N docker …')`);
    // Still running: coreutils timeout sends SIGTERM to the client once, then waits for it.
    // Most clients die of it; one that proxies signals (attach, run, start -a) forwards it to
    // the container's PID 1 and ends when the container does. Either way timeout exits 124.
    abort.abort(new DOMException(TIMEOUT_REASON, 'AbortError'));
    const after = await drive(clock, work, clock.now() + HANG_LIMIT_MS, false, this.#pendingIO);
    if (after.settled) {
      if ('error' in after && !isCancellation(after.error, io)) return failed(after.error);
      return { stdout: io.stdout, stderr: io.stderr, exitCode: 124 };
    }
    return giveUp(`docker forwarded timeout's SIGTERM to the container, and ${hung(after)} (real Docker waits forever here; --sig-proxy=false lets the client end)`);
  }

  async sleep(seconds: number): Promise<void> {
    await elapse(this.sim.clock, seconds * 1000, this.#pendingIO);
  }

  async writeFile(path: string, data: Uint8Array, mode: number): Promise<void> {
    if (!this.files) throw new Error(`this runner has no host files to write '${path}' to`);
    await this.files.writeFile(path, data, { mode, parents: true });
  }

  /** Every container as `docker inspect` would show it, newest first (like `docker ps -a`). */
  snapshot(): ContainerSnapshot[] {
    return this.sim.engine
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
