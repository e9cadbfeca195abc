/**
 * Checkpoints: what must hold after a lesson step, judged on the resulting state
 * through the Engine interface (so the native backend can judge them too), never
 * on the text the learner typed.
 *
 *   state NAME STATUS        STATUS: created running paused restarting removing exited dead, or gone
 *   exit NAME CODE           .State.ExitCode
 *   restarts NAME N          .RestartCount is N (`N+`: at least N)
 *   count STATUS N           how many containers are in STATUS (any: all of them)
 *   image REF                the image is present
 *   no-image REF             the image is absent
 *   changed NAME KIND PATH   `docker diff NAME` lists KIND (A, C or D) PATH
 *   unchanged NAME PATH      `docker diff NAME` does not list PATH
 *   volume NAME              the volume exists
 *   no-volume NAME           the volume does not exist
 *   volumes N                how many volumes exist
 *   host-file PATH           the host has this file (an export, a save)
 *   cmd REF WORD…            the image's Cmd is exactly these words
 *   config REF FIELD WORD…   the image's Config.FIELD: Cmd, Entrypoint, Shell are exactly the
 *                            words; WorkingDir, User, StopSignal the words joined by spaces; Env
 *                            holds KEY=VALUE, Labels has KEY=VALUE, ExposedPorts / Volumes have the key
 *   layers REF N             the image has N file system layers (RootFS.Layers)
 *   history REF N            `docker history REF` has N rows (one per instruction, layer or not)
 */
import type { Engine } from '../sim/api.ts';
import { tokenize } from '../runner/shellwords.ts';

export type Check =
  | { kind: 'state'; name: string; status: string; text: string; line: number }
  | { kind: 'exit'; name: string; code: number; text: string; line: number }
  | { kind: 'restarts'; name: string; atLeast: boolean; n: number; text: string; line: number }
  | { kind: 'count'; status: string; n: number; text: string; line: number }
  | { kind: 'image' | 'no-image'; ref: string; text: string; line: number }
  | { kind: 'changed'; name: string; change: 'A' | 'C' | 'D'; path: string; text: string; line: number }
  | { kind: 'unchanged'; name: string; path: string; text: string; line: number }
  | { kind: 'volume' | 'no-volume'; name: string; text: string; line: number }
  | { kind: 'volumes'; n: number; text: string; line: number }
  | { kind: 'host-file'; path: string; text: string; line: number }
  | { kind: 'cmd'; ref: string; words: string[]; text: string; line: number }
  | { kind: 'config'; ref: string; field: string; words: string[]; text: string; line: number }
  | { kind: 'layers'; ref: string; n: number; text: string; line: number }
  | { kind: 'history'; ref: string; n: number; text: string; line: number };

export const STATUSES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead', 'gone'] as const;

export class CheckSyntaxError extends Error {
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.line = line;
    this.reason = reason;
  }
}

const WHOLE = /^\d+$/;

/** How `config` compares each Config field: the exact word list, one entry it has, or a text. */
const CONFIG_FIELDS: Record<string, 'words' | 'has' | 'text'> = {
  Cmd: 'words',
  Entrypoint: 'words',
  Shell: 'words',
  Env: 'has',
  Labels: 'has',
  ExposedPorts: 'has',
  Volumes: 'has',
  WorkingDir: 'text',
  User: 'text',
  StopSignal: 'text',
};

export function parseCheck(text: string, line: number): Check {
  const fail = (reason: string): never => {
    throw new CheckSyntaxError(line, `check '${text}': ${reason}`);
  };
  let words: string[];
  try {
    words = tokenize(text).map((t) => t.value);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const [kind, ...args] = words;
  const arity = (n: number) => {
    if (args.length !== n) fail(`takes ${n} argument${n === 1 ? '' : 's'}`);
  };
  const whole = (w: string | undefined) => {
    if (!w || !WHOLE.test(w)) fail(`'${w ?? ''}' is not a whole number`);
    return Number(w);
  };
  switch (kind) {
    case 'state':
      arity(2);
      if (!(STATUSES as readonly string[]).includes(args[1]!)) fail(`unknown status '${args[1]}' (${STATUSES.join(', ')})`);
      return { kind, name: args[0]!, status: args[1]!, text, line };
    case 'exit':
      arity(2);
      return { kind, name: args[0]!, code: whole(args[1]), text, line };
    case 'restarts': {
      arity(2);
      const atLeast = args[1]!.endsWith('+');
      return { kind, name: args[0]!, atLeast, n: whole(atLeast ? args[1]!.slice(0, -1) : args[1]), text, line };
    }
    case 'count':
      arity(2);
      if (args[0] !== 'any' && !(STATUSES as readonly string[]).includes(args[0]!)) fail(`unknown status '${args[0]}'`);
      return { kind, status: args[0]!, n: whole(args[1]), text, line };
    case 'image':
    case 'no-image':
      arity(1);
      return { kind, ref: args[0]!, text, line };
    case 'changed': {
      arity(3);
      const change = args[1]!;
      if (change !== 'A' && change !== 'C' && change !== 'D') fail(`change kind must be A, C or D, got '${change}'`);
      return { kind, name: args[0]!, change: change as 'A' | 'C' | 'D', path: args[2]!, text, line };
    }
    case 'unchanged':
      arity(2);
      return { kind, name: args[0]!, path: args[1]!, text, line };
    case 'volume':
    case 'no-volume':
      arity(1);
      return { kind, name: args[0]!, text, line };
    case 'volumes':
      arity(1);
      return { kind, n: whole(args[0]), text, line };
    case 'host-file':
      arity(1);
      return { kind, path: args[0]!, text, line };
    case 'cmd':
      if (args.length < 1) fail('needs an image reference');
      return { kind, ref: args[0]!, words: args.slice(1), text, line };
    case 'config': {
      const how = CONFIG_FIELDS[args[1] ?? ''];
      if (!how) fail(`needs an image reference and a field (${Object.keys(CONFIG_FIELDS).join(', ')})`);
      if (how === 'has' && args.length !== 3) fail(`${args[1]} takes one entry`);
      return { kind, ref: args[0]!, field: args[1]!, words: args.slice(2), text, line };
    }
    case 'layers':
    case 'history':
      arity(2);
      return { kind, ref: args[0]!, n: whole(args[1]), text, line };
    default:
      return fail(`unknown check '${kind ?? ''}'`);
  }
}

/** What a check can look at besides the engine: the host's files. */
export interface CheckTarget {
  engine: Engine;
  hostFileExists?: (path: string) => boolean | Promise<boolean>;
}

export interface CheckResult {
  check: Check;
  ok: boolean;
  /** What was found instead (for the learner and for failing tests). */
  actual: string;
}

const KINDS = ['C', 'A', 'D'] as const;

async function statusOf(engine: Engine, name: string): Promise<{ status: string; exitCode: number; restarts: number }> {
  try {
    const c = await engine.containerInspect(name);
    return { status: c.State.Status, exitCode: c.State.ExitCode, restarts: c.RestartCount };
  } catch {
    return { status: 'gone', exitCode: -1, restarts: 0 };
  }
}

async function exists(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch {
    return false;
  }
}

export async function evaluate(check: Check, target: CheckTarget): Promise<CheckResult> {
  const { engine } = target;
  const result = (ok: boolean, actual: string): CheckResult => ({ check, ok, actual });
  switch (check.kind) {
    case 'state': {
      const s = await statusOf(engine, check.name);
      return result(s.status === check.status, s.status);
    }
    case 'exit': {
      const s = await statusOf(engine, check.name);
      return result(s.exitCode === check.code, s.status === 'gone' ? 'gone' : String(s.exitCode));
    }
    case 'restarts': {
      const s = await statusOf(engine, check.name);
      const ok = check.atLeast ? s.restarts >= check.n : s.restarts === check.n;
      return result(s.status !== 'gone' && ok, String(s.restarts));
    }
    case 'count': {
      const all = await engine.containerList({ all: true });
      const n = check.status === 'any' ? all.length : all.filter((c) => c.State === check.status).length;
      return result(n === check.n, String(n));
    }
    case 'image':
    case 'no-image': {
      const present = await exists(engine.imageInspect(check.ref));
      return result(check.kind === 'image' ? present : !present, present ? 'present' : 'absent');
    }
    case 'changed':
    case 'unchanged': {
      let changes: Array<{ Kind: number; Path: string }>;
      try {
        changes = await engine.containerChanges(check.name);
      } catch (e) {
        return result(false, e instanceof Error ? e.message : String(e));
      }
      const hit = changes.find((c) => c.Path === check.path);
      const actual = hit ? `${KINDS[hit.Kind]} ${hit.Path}` : `${check.path} unchanged`;
      if (check.kind === 'unchanged') return result(!hit, actual);
      return result(hit !== undefined && KINDS[hit.Kind] === check.change, actual);
    }
    case 'volume':
    case 'no-volume': {
      const present = await exists(engine.volumeInspect(check.name));
      return result(check.kind === 'volume' ? present : !present, present ? 'present' : 'absent');
    }
    case 'volumes': {
      const n = (await engine.volumeList()).length;
      return result(n === check.n, String(n));
    }
    case 'host-file': {
      const present = target.hostFileExists ? await target.hostFileExists(check.path) : false;
      return result(present, present ? 'present' : 'absent');
    }
    case 'cmd':
    case 'config':
    case 'layers': {
      let img: InspectedImage;
      try {
        img = (await engine.imageInspect(check.ref)) as InspectedImage;
      } catch {
        return result(false, 'no such image');
      }
      if (check.kind === 'layers') {
        const n = img.RootFS?.Layers?.length ?? 0;
        return result(n === check.n, String(n));
      }
      const field = check.kind === 'cmd' ? 'Cmd' : check.field;
      const v = img.Config?.[field];
      const how = CONFIG_FIELDS[field];
      if (how === 'text') return result(String(v ?? '') === check.words.join(' '), JSON.stringify(v ?? ''));
      if (how === 'words') return result(JSON.stringify(v ?? []) === JSON.stringify(check.words), JSON.stringify(v ?? []));
      // Env is a list; Labels a map of texts (KEY=VALUE); ExposedPorts and Volumes maps of {} (the key).
      const entries = Array.isArray(v) ? v : Object.entries(v ?? {}).map(([k, x]) => (typeof x === 'string' ? `${k}=${x}` : k));
      return result(entries.includes(check.words[0]), JSON.stringify(entries));
    }
    case 'history': {
      try {
        const n = (await engine.imageHistory(check.ref)).length;
        return result(n === check.n, String(n));
      } catch {
        return result(false, 'no such image');
      }
    }
  }
}

interface InspectedImage {
  Config?: Record<string, unknown>;
  RootFS?: { Layers?: string[] };
}

export async function evaluateAll(checks: readonly Check[], target: CheckTarget): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of checks) out.push(await evaluate(c, target));
  return out;
}
