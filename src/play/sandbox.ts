/**
 * One sandbox of the site: a simulated Docker host, its clock tied to real time,
 * the learner's terminal (a Shell), and what the diagrams draw. Built from an
 * input log, it replays that log on the virtual clock first (so a reload, Back,
 * undo or a share link gives the same state), then runs in real time.
 * Loaded lazily: this module pulls in the whole simulator.
 */
import { evaluateAll, type Check, type CheckResult } from '../lessons/checks.ts';
import { resolveHostPath } from '../lessons/hostFiles.ts';
import { LESSON_SEED } from '../lessons/world.ts';
import { macrotask } from '../sim/clock.ts';
import type { RefusalRecord, TransitionRecord } from '../sim/engine/simEngine.ts';
import type { ViewLayer } from '../sim/fs/layered/view.ts';
import { outsideWork } from '../sim/outside.ts';
import type { DockerVersion } from '../sim/profile.ts';
import { RealTimeDriver } from '../sim/realtime.ts';
import { createSimulator, type Simulator } from '../sim/simulator.ts';
import type { SiteLang } from '../site/i18n.ts';
import type { PlayerCommand } from '../site/lessonData.ts';
import { replay, type LogEvent as ShellEvent } from './terminal/record.ts';
import { Shell } from './terminal/shell.ts';

export interface DiagramContainer {
  id: string;
  name: string;
  state: string;
}

export interface DiagramState {
  containers: DiagramContainer[];
  last: { name: string; from: string; to: string; event: string; label: string; seq: number } | null;
  refused: { command: string; state: string; message: string; exitCode: number; seq: number } | null;
}

export interface SandboxOptions {
  lang: SiteLang;
  version?: DockerVersion;
  seed?: number;
  /** The input log to rebuild (from storage, Back, undo). Damaged entries are skipped. */
  log?: readonly unknown[];
}

/** How much faster than real time the sandbox runs while the player runs a step. */
export const STEP_SPEED = 25;
/** Real ms between typed input lines of a step. */
const TYPING_GAP_MS = 150;

/** The terminal's events, plus files the learner uploaded (base64, up to MAX_LOGGED_FILE bytes). */
export type LogEvent = ShellEvent | { at: number; kind: 'file'; path: string; data: string };

/** Uploads bigger than this are not kept in the log (storage is small): a rebuilt sandbox lacks them. */
export const MAX_LOGGED_FILE = 2 * 1024 * 1024;

function validLog(log: readonly unknown[] | undefined): LogEvent[] {
  if (!Array.isArray(log)) return [];
  return log.filter((e): e is LogEvent => {
    if (!e || typeof e !== 'object') return false;
    const x = e as Record<string, unknown>;
    if (typeof x['at'] !== 'number' || typeof x['data'] !== 'string') return false;
    return x['kind'] === 'input' || x['kind'] === 'run' || (x['kind'] === 'file' && typeof x['path'] === 'string');
  });
}

const toBase64 = (bytes: Uint8Array): string => {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
};
const fromBase64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/**
 * The quiz cards module, loaded through this one: the quiz shares the simulator with the
 * sandbox, and importing it from here keeps the simulator in this module's chunk (a lesson
 * page that never reaches its quick quiz does not pay for a split).
 */
export function loadQuizCards(): Promise<typeof import('../quiz/cards.ts')> {
  return import('../quiz/cards.ts');
}

/** Real mode's component (the switch), loaded through here for the same reason. */
export function loadRealBench(): Promise<typeof import('../components/real/RealBench.svelte')> {
  return import('../components/real/RealBench.svelte');
}

export class Sandbox {
  readonly sim: Simulator;
  readonly shell: Shell;
  readonly driver: RealTimeDriver;
  readonly lang: SiteLang;
  #diagram: DiagramState = { containers: [], last: null, refused: null };
  #seq = 0;
  /** The container whose layers the layer diagram shows (the last one touched). */
  focus: string | null = null;
  readonly #listeners = new Set<() => void>();
  readonly #commandListeners = new Set<(line: string, exitCode: number) => void>();
  readonly #offs: Array<() => void> = [];
  #busy = false;
  #notifyQueued = false;
  #disposed = false;

  private constructor(sim: Simulator, lang: SiteLang) {
    this.sim = sim;
    this.lang = lang;
    this.driver = new RealTimeDriver(sim.clock);
    this.shell = new Shell({
      sim,
      write: () => {},
      lang,
      onCommand: (line, exitCode) => {
        for (const fn of this.#commandListeners) fn(line, exitCode);
        if (this.#pendingRefusal) {
          const r = this.#pendingRefusal;
          this.#pendingRefusal = null;
          this.#diagram = { ...this.#diagram, refused: { ...r, exitCode } };
        }
        this.#changed();
      },
      onBusy: (busy) => {
        this.#busy = busy;
        this.#changed();
      },
    });
    const engine = sim.engine;
    this.#offs.push(
      engine.onTransition((t: TransitionRecord) => {
        this.focus = t.to === 'removed' ? (this.focus === t.name ? null : this.focus) : t.name;
        this.#diagram = { ...this.#diagram, last: { name: t.name, from: t.from, to: t.to, event: t.event, label: t.label, seq: ++this.#seq }, refused: null };
        this.#changed();
      }),
      engine.onRefusal((r: RefusalRecord) => {
        this.#pendingRefusal = { command: `docker ${r.command === 'forceRemove' ? 'rm -f' : r.command === 'remove' ? 'rm' : r.command} ${r.name}`, state: r.state, message: `Error response from daemon: ${r.message}`, seq: ++this.#seq };
        this.#diagram = { ...this.#diagram, refused: { ...this.#pendingRefusal, exitCode: 1 } };
        this.#changed();
      }),
    );
  }

  #pendingRefusal: Omit<NonNullable<DiagramState['refused']>, 'exitCode'> | null = null;

  static async create(opts: SandboxOptions): Promise<Sandbox> {
    const sim = await createSimulator({ version: opts.version ?? '29', seed: opts.seed ?? LESSON_SEED });
    const sb = new Sandbox(sim, opts.lang);
    const log = validLog(opts.log);
    if (log.length) {
      // The terminal's events go through the shell's replay; uploads are written back at their time.
      let from = 0;
      for (let i = 0; i <= log.length; i++) {
        const e = log[i];
        if (e && e.kind !== 'file') continue;
        await replay(log.slice(from, i) as ShellEvent[], sb.shell, (ms) => sb.#advanceTo(ms));
        if (e) {
          await sb.#advanceTo(e.at);
          try {
            sb.sim.host.writeFile(e.path, fromBase64(e.data));
            sb.#files.push(e);
          } catch {
            /* a damaged entry: skipped */
          }
        }
        from = i + 1;
      }
      // Let what the last events started finish as it did (everything already due).
      await sb.#advanceTo(sim.clock.now());
    }
    sb.shell.start();
    sb.driver.start();
    sb.#changed();
    return sb;
  }

  /** Runs the virtual clock to `ms`, waiting for real async work (image data loading) on the way. */
  async #advanceTo(ms: number): Promise<void> {
    const clock = this.sim.clock;
    for (;;) {
      await macrotask();
      const io = outsideWork();
      if (io) {
        await io.catch(() => undefined);
        continue;
      }
      const next = clock.nextAt();
      if (next === undefined || next > ms) break;
      clock.step(ms);
    }
    if (clock.now() < ms) clock.runUntil(ms);
    await macrotask();
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** What the lifecycle diagram draws. */
  get diagram(): DiagramState {
    return this.#diagram;
  }

  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Called as each command line finishes, before the next prompt (real mode pairs the transcripts by it). */
  onCommandDone(fn: (line: string, exitCode: number) => void): () => void {
    this.#commandListeners.add(fn);
    return () => this.#commandListeners.delete(fn);
  }

  /** Containers whose filesystem is watched (a write makes the container the layer diagram's focus). */
  readonly #watched = new Map<string, () => void>();

  #watchFiles(live: DiagramContainer[]): void {
    for (const c of live) {
      if (this.#watched.has(c.id)) continue;
      const l = this.layers(c.id);
      if (!l) continue;
      this.#watched.set(
        c.id,
        l.watch(() => {
          const now = this.sim.engine.containers().find((x) => x.id === c.id);
          if (now && now.name !== this.focus) {
            this.focus = now.name;
            this.#changed();
          }
        }),
      );
    }
    for (const [id, off] of this.#watched) {
      if (!live.some((c) => c.id === id)) {
        off();
        this.#watched.delete(id);
      }
    }
  }

  #changed(): void {
    const live = this.sim.engine
      .containers()
      .filter((c) => c.state !== 'removed')
      .map((c) => ({ id: c.id, name: c.name, state: c.state }));
    this.#watchFiles(live);
    this.#diagram = { ...this.#diagram, containers: live };
    if (this.#notifyQueued) return;
    this.#notifyQueued = true;
    queueMicrotask(() => {
      this.#notifyQueued = false;
      if (this.#disposed) return;
      for (const fn of [...this.#listeners]) fn();
    });
  }

  /** The input log (what rebuilds this sandbox). */
  /** Uploaded files, as log events. */
  readonly #files: Array<Extract<LogEvent, { kind: 'file' }>> = [];

  log(): LogEvent[] {
    const all: LogEvent[] = [...this.shell.log, ...this.#files];
    // Stable by time: an upload sorts after terminal events of the same instant.
    return all.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e);
  }

  commandLines(): string[] {
    return this.shell.commandLines();
  }

  commandCount(): number {
    return this.shell.commandLines().length;
  }

  /** The log up to the start of the last command line (undo). */
  logBeforeLastCommand(): LogEvent[] {
    const log = this.log();
    for (let i = log.length - 1; i >= 0; i--) {
      const e = log[i]!;
      if (e.kind === 'file') continue;
      if (e.kind === 'run') return log.slice(0, i);
      // The Enter that submitted the last typed line at the prompt: drop from the line's first key.
      if (e.kind === 'input' && /\r/.test(e.data)) {
        let j = i;
        while (j > 0 && log[j - 1]!.kind === 'input' && !/\r/.test(log[j - 1]!.data)) j--;
        return log.slice(0, j);
      }
    }
    return [];
  }

  /**
   * Runs commands as the player's "run step" does: each shown at the prompt and run,
   * typed input fed to it, time running fast so waits (a stop's grace period) pass quickly.
   */
  async runCommands(cmds: readonly PlayerCommand[]): Promise<void> {
    this.driver.speed = STEP_SPEED;
    try {
      for (const c of cmds) {
        const done = this.shell.run(c.text);
        for (const key of c.input) {
          await new Promise((r) => setTimeout(r, TYPING_GAP_MS));
          this.shell.input(key);
        }
        await done;
      }
      await this.shell.whenIdle();
    } finally {
      this.driver.speed = 1;
    }
  }

  /** Lets simulated time jump to the next thing scheduled (the end of a grace period, a restart back-off). */
  async skipAhead(): Promise<boolean> {
    return this.driver.skipToNext();
  }

  async check(checks: readonly Check[]): Promise<CheckResult[]> {
    return evaluateAll(checks, {
      engine: this.sim.engine,
      hostFileExists: (p) => this.sim.host.exists(resolveHostPath(this.shell.state.cwd, p)),
    });
  }

  /** The layers of a container for the layer diagram, and a subscription to its changes. */
  layers(name: string): { layers: ViewLayer[]; watch: (cb: () => void) => () => void } | null {
    try {
      return this.sim.engine.containerLayers(name);
    } catch {
      return null;
    }
  }

  /** Live containers' names, newest first. */
  containerNames(): string[] {
    return this.#diagram.containers.map((c) => c.name).reverse();
  }

  async imageRefs(): Promise<string[]> {
    const list = await this.sim.engine.imageList();
    return list.flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'));
  }

  /** `docker export NAME` as bytes (for the download button). */
  async exportContainer(name: string): Promise<Uint8Array> {
    return this.sim.engine.containerExport(name);
  }

  /** `docker save REF` as bytes. */
  async saveImage(ref: string): Promise<Uint8Array> {
    return this.sim.engine.imageSave([ref]);
  }

  /** Puts an uploaded file into the simulated host's working directory; returns its path there. */
  upload(fileName: string, data: Uint8Array): string {
    const safe = fileName.replace(/[/\\\0]/g, '_').replace(/^\.+/, '_') || 'upload.tar';
    const path = resolveHostPath(this.shell.state.cwd, safe);
    this.sim.host.writeFile(path, data);
    if (data.length <= MAX_LOGGED_FILE) this.#files.push({ at: this.sim.clock.now(), kind: 'file', path, data: toBase64(data) });
    this.#changed();
    return path;
  }

  dispose(): void {
    this.#disposed = true;
    this.driver.stop();
    for (const off of this.#offs) off();
    for (const off of this.#watched.values()) off();
    this.#watched.clear();
    this.#listeners.clear();
  }
}
