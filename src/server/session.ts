/**
 * One browser session of `classroom serve`: its own native backend (a state root of
 * its own, so container names never collide with another session's), its own host
 * files (a directory standing in for `/`, where bind mounts live too), and the site's
 * terminal shell (src/play/terminal) running here over the native engine — so the
 * learner types into the same bash as in the simulated sandbox, and `docker run -it`,
 * `docker exec -it`, `docker attach` and the real `nsenter` get real processes.
 *
 * Whatever the session made goes when it ends (scriptScope: containers, volumes,
 * images; then the runtime's gc) and its directory is removed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { openNative, type NativeBackend } from '../native/engine/backend.ts';
import { scriptScope, type ScriptScope } from '../native/engine/cleanup.ts';
import { NATIVE_CLIENT_LATENCY_MS } from '../native/engine/host.ts';
import { forgetImmutable } from '../native/images/scan.ts';
import { readMountInfo } from '../native/runtime/proc.ts';
import type { DiagramState } from '../play/sandbox.ts';
import { Shell } from '../play/terminal/shell.ts';
import { Clock } from '../sim/clock.ts';
import type { RefusalRecord, TransitionRecord } from '../sim/engine/simEngine.ts';
import type { ViewLayer } from '../sim/fs/layered/view.ts';
import type { DockerVersion } from '../sim/profile.ts';
import { RealTimeDriver } from '../sim/realtime.ts';
import type { Simulator } from '../sim/simulator.ts';
import type { SiteLang } from '../site/i18n.ts';
import { HostDirFs } from './hostFs.ts';
import { containerLayers } from './layers.ts';
import { realNsenter } from './nsenter.ts';

/** What a session tells its client (see protocol.ts for the messages). */
export interface SessionEvents {
  out(data: string): void;
  command(line: string, exitCode: number): void;
  busy(busy: boolean): void;
  state(diagram: DiagramState, focus: string | null): void;
}

export interface SessionOptions {
  id: string;
  /** The session's directory: `engine/` (the state root) and `host/` (its `/`). */
  dir: string;
  version: DockerVersion;
  lang: SiteLang;
  cols: number;
  rows: number;
}

/** Real time between two typed input lines of a step (a real process needs a moment to start reading). */
export const REAL_TYPING_GAP_MS = 300;

/** Directories the simulated host starts with (createSimulatorSync). */
const HOST_DIRS = ['/root', '/home', '/tmp', '/srv', '/var/lib/docker'];

export class ServeSession {
  readonly id: string;
  readonly dir: string;
  readonly version: DockerVersion;
  readonly lang: SiteLang;
  #backend!: NativeBackend;
  #scope!: ScriptScope;
  #shell!: Shell;
  #driver!: RealTimeDriver;
  #host!: HostDirFs;
  #offs: Array<() => void> = [];
  readonly #children = new Set<ChildProcess>();
  #diagram: DiagramState = { containers: [], last: null, refused: null };
  #pendingRefusal: Omit<NonNullable<DiagramState['refused']>, 'exitCode'> | null = null;
  #seq = 0;
  #focus: string | null = null;
  #stateTimer: ReturnType<typeof setTimeout> | undefined;
  #events: SessionEvents | undefined;
  #cols: number;
  #rows: number;
  #closed = false;
  /** One operation at a time that replaces or ends the backend (reset, close). */
  #work: Promise<unknown> = Promise.resolve();

  private constructor(o: SessionOptions) {
    this.id = o.id;
    this.dir = o.dir;
    this.version = o.version;
    this.lang = o.lang;
    this.#cols = o.cols;
    this.#rows = o.rows;
  }

  static async open(o: SessionOptions): Promise<ServeSession> {
    const s = new ServeSession(o);
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    try {
      await s.#start();
    } catch (e) {
      await s.close().catch(() => undefined);
      throw e;
    }
    return s;
  }

  get engineRoot(): string {
    return `${this.dir}/engine`;
  }

  get hostRoot(): string {
    return `${this.dir}/host`;
  }

  get backend(): NativeBackend {
    return this.#backend;
  }

  get shell(): Shell {
    return this.#shell;
  }

  get diagram(): DiagramState {
    return this.#diagram;
  }

  async #start(): Promise<void> {
    mkdirSync(this.hostRoot, { recursive: true, mode: 0o755 });
    for (const d of HOST_DIRS) mkdirSync(`${this.hostRoot}${d}`, { recursive: true, mode: d === '/tmp' ? 0o1777 : 0o755 });
    this.#host = new HostDirFs(this.hostRoot);
    this.#backend = await openNative({ stateRoot: this.engineRoot, version: this.version, skipPreflight: true, hostRoot: this.hostRoot });
    this.#scope = scriptScope(this.#backend);
    const clock = new Clock(Date.now());
    this.#driver = new RealTimeDriver(clock);
    // The terminal's shell reads these members of a Simulator: the docker CLI's engine
    // and version, the host's files, a clock (sleep, file times) and, for Tab, the images.
    const host = {
      version: this.version,
      clock,
      engine: this.#backend.engine,
      host: this.#host,
      images: { store: this.#backend.store.images },
    } as unknown as Simulator;
    this.#diagram = { containers: [], last: null, refused: null };
    this.#focus = null;
    this.#shell = new Shell({
      sim: host,
      write: () => {},
      lang: this.lang,
      cols: this.#cols,
      rows: this.#rows,
      commands: { nsenter: realNsenter(this.#backend.engine, this.#children) },
      onCommand: (line, exitCode) => {
        if (this.#pendingRefusal) {
          this.#diagram = { ...this.#diagram, refused: { ...this.#pendingRefusal, exitCode } };
          this.#pendingRefusal = null;
        }
        this.#events?.command(line, exitCode);
        this.#changed();
      },
      onBusy: (busy) => this.#events?.busy(busy),
    });
    const engine = this.#backend.engine;
    this.#offs = [
      engine.onTransition((t: TransitionRecord) => {
        this.#focus = t.to === 'removed' ? (this.#focus === t.name ? null : this.#focus) : t.name;
        this.#diagram = { ...this.#diagram, last: { name: t.name, from: t.from, to: t.to, event: t.event, label: t.label, seq: ++this.#seq }, refused: null };
        this.#changed();
      }),
      engine.onRefusal((r: RefusalRecord) => {
        const verb = r.command === 'forceRemove' ? 'rm -f' : r.command === 'remove' ? 'rm' : r.command;
        this.#pendingRefusal = { command: `docker ${verb} ${r.name}`, state: r.state, message: `Error response from daemon: ${r.message}`, seq: ++this.#seq };
        this.#diagram = { ...this.#diagram, refused: { ...this.#pendingRefusal, exitCode: 1 } };
        this.#changed();
      }),
    ];
    this.#driver.start();
    this.#shell.start();
    if (this.#events) this.#connectShell();
  }

  /** Sends what happens from now on to `events`, after the terminal so far (a reconnect sees its screen again). */
  attach(events: SessionEvents): void {
    this.#events = events;
    this.#connectShell();
    events.state(this.#diagram, this.#focus);
  }

  detach(events: SessionEvents): void {
    if (this.#events === events) this.#events = undefined;
  }

  get attached(): boolean {
    return this.#events !== undefined;
  }

  #connectShell(): void {
    const events = this.#events;
    if (!events) return;
    this.#shell.connect((s) => this.#events?.out(s));
  }

  #changed(): void {
    const live = this.#backend.engine
      .containers()
      .filter((c) => c.state !== 'removed')
      .map((c) => ({ id: c.id, name: c.name, state: c.state as string }));
    this.#diagram = { ...this.#diagram, containers: live };
    if (this.#stateTimer) return;
    this.#stateTimer = setTimeout(() => {
      this.#stateTimer = undefined;
      if (!this.#closed) this.#events?.state(this.#diagram, this.#focus);
    }, 20);
  }

  /** Keys, as xterm.js delivers them. */
  input(data: string): void {
    if (!this.#closed) this.#shell.input(data);
  }

  resize(cols: number, rows: number): void {
    this.#cols = cols;
    this.#rows = rows;
    if (!this.#closed) this.#shell.resize(cols, rows);
  }

  /**
   * Runs a step's commands as the player does in the simulated sandbox: each shown at the
   * prompt and run, its typed input fed to it; then what they set going settles.
   */
  async run(commands: ReadonlyArray<{ text: string; input: readonly string[] }>): Promise<void> {
    const shell = this.#shell;
    for (const c of commands) {
      if (this.#closed || shell !== this.#shell) return;
      const done = shell.run(c.text);
      for (const key of c.input) {
        await delay(REAL_TYPING_GAP_MS);
        shell.input(key);
      }
      await done;
      await this.#backend.engine.settle();
      await delay(NATIVE_CLIENT_LATENCY_MS);
    }
    await shell.whenIdle();
  }

  /** The layer diagram's data for a container (name or ID), null if none. */
  async layers(ref: string): Promise<ViewLayer[] | null> {
    if (this.#closed) return null;
    return containerLayers(this.#backend, ref);
  }

  /** Removes everything the session made and starts again with an empty engine and host. */
  reset(): Promise<string[]> {
    const job = this.#work.then(async () => {
      if (this.#closed) return [];
      const left = await this.#teardown();
      await this.#start();
      this.#events?.state(this.#diagram, this.#focus);
      return left;
    });
    this.#work = job.catch(() => undefined);
    return job;
  }

  /** Ends the session: cleanup, then its directory is removed. Returns what could not be removed. */
  close(): Promise<string[]> {
    if (this.#closed) return this.#work.then(() => []);
    this.#closed = true;
    const job = this.#work.then(() => this.#teardown());
    this.#work = job.catch(() => undefined);
    return job;
  }

  async #teardown(): Promise<string[]> {
    const left: string[] = [];
    clearTimeout(this.#stateTimer);
    this.#stateTimer = undefined;
    this.#driver?.stop();
    for (const off of this.#offs) off();
    this.#offs = [];
    for (const c of this.#children) c.kill('SIGKILL');
    if (this.#backend) {
      const b = this.#backend;
      // A second round for what the first could not remove yet (under load a killed
      // container's exit can come after the engine stopped waiting for it).
      for (let round = 0; round < 3; round++) {
        try {
          const l = await this.#scope.cleanup();
          if (!l.length || round === 2) {
            left.push(...l);
            break;
          }
        } catch (e) {
          if (round === 2) left.push(`cleanup: ${(e as Error).message}`);
        }
        await delay(500);
      }
      // The image layers' scans are cached for the process's life: this root's go with it.
      for (const img of b.store.images.images()) {
        try {
          for (const d of b.store.lowerDirs(img.id)) forgetImmutable(d);
        } catch {
          /* no layers */
        }
      }
      b.engine.close();
    }
    const mounted = readMountInfo().filter((m) => m.mountPoint === this.dir || m.mountPoint.startsWith(`${this.dir}/`));
    if (mounted.length) left.push(...mounted.map((m) => `still mounted: ${m.mountPoint}`));
    else rmSync(this.dir, { recursive: true, force: true });
    return left;
  }
}
