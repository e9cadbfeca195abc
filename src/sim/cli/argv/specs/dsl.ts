// A compact way to write command specs close to the Go source they mirror:
//   flags.BoolVarP(&o.detach, "detach", "d", false, "Run …")  →  flag.bool('detach', 'd')
//   flags.VarP(&o.env, "env", "e", "Set …")                     →  flag.list('env', 'e', { validate })
// Help texts (flag usages, a command's short/long/example) live in texts.ts, loaded
// when help is printed. `f` is the same with the usage as third argument, for a text
// written inline: the texts table only fills what a spec leaves empty.

import { formatDuration } from '../golang.ts';
import type { ArgsSpec, CommandSpec, FlagKind, FlagSpec, FlagValue } from '../types.ts';

export type FlagOpts = Partial<Omit<FlagSpec, 'name' | 'short' | 'kind' | 'usage'>>;

function mk(kind: FlagKind, name: string, short: string, usage: string, def: FlagValue, defValue: string, o: FlagOpts): FlagSpec {
  const spec: FlagSpec = { name, kind, usage, def, defValue, ...o };
  if (short) spec.short = short;
  if (kind === 'bool' && spec.noOptDefVal === undefined) spec.noOptDefVal = 'true';
  if (spec.deprecated) spec.hidden = true;
  return spec;
}

const sliceStr = (v: string[]) => '[' + v.join(',') + ']';

export const f = {
  bool: (name: string, short: string, usage: string, def = false, o: FlagOpts = {}) =>
    mk('bool', name, short, usage, def, String(def), o),
  string: (name: string, short: string, usage: string, def = '', o: FlagOpts = {}) =>
    mk('string', name, short, usage, def, def, o),
  int: (name: string, short: string, usage: string, def = 0, o: FlagOpts = {}) => mk('int', name, short, usage, def, String(def), o),
  int64: (name: string, short: string, usage: string, def = 0, o: FlagOpts = {}) =>
    mk('int64', name, short, usage, def, String(def), o),
  uint16: (name: string, short: string, usage: string, def = 0, o: FlagOpts = {}) =>
    mk('uint16', name, short, usage, def, String(def), o),
  uint64: (name: string, short: string, usage: string, def = 0, o: FlagOpts = {}) =>
    mk('uint64', name, short, usage, def, String(def), o),
  /** def in nanoseconds */
  duration: (name: string, short: string, usage: string, def = 0, o: FlagOpts = {}) =>
    mk('duration', name, short, usage, def, formatDuration(def), o),
  ip: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('ip', name, short, usage, '', '<nil>', o),
  stringSlice: (name: string, short: string, usage: string, def: string[] = [], o: FlagOpts = {}) =>
    mk('stringSlice', name, short, usage, def, sliceStr(def), o),
  stringArray: (name: string, short: string, usage: string, def: string[] = [], o: FlagOpts = {}) =>
    mk('stringArray', name, short, usage, def, sliceStr(def), o),
  /** opts.ListOpts */
  list: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('list', name, short, usage, [], '', o),
  /** opts.MapOpts */
  map: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('map', name, short, usage, [], 'map[]', o),
  /** opts.FilterOpt */
  filter: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('filter', name, short, usage, [], '', o),
  /** opts.MemBytes / MemSwapBytes */
  bytes: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('bytes', name, short, usage, 0, '0', o),
  /** opts.NanoCPUs */
  decimal: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('decimal', name, short, usage, 0, '', o),
  ulimit: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('ulimit', name, short, usage, [], '[]', o),
  gpus: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('gpus', name, short, usage, [], '', o),
  mount: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('mount', name, short, usage, [], '', o),
  network: (name: string, short: string, usage: string, o: FlagOpts = {}) => mk('network', name, short, usage, [], '', o),
  weightdevice: (name: string, short: string, usage: string, o: FlagOpts = {}) =>
    mk('weightdevice', name, short, usage, [], '[]', o),
  throttledevice: (name: string, short: string, usage: string, o: FlagOpts = {}) =>
    mk('throttledevice', name, short, usage, [], '[]', o),
};

/** `f` without the usage argument: the text comes from texts.ts (fillTexts) when help needs it. */
export const flag = {
  bool: (name: string, short: string, def = false, o: FlagOpts = {}) => f.bool(name, short, '', def, o),
  string: (name: string, short: string, def = '', o: FlagOpts = {}) => f.string(name, short, '', def, o),
  int: (name: string, short: string, def = 0, o: FlagOpts = {}) => f.int(name, short, '', def, o),
  int64: (name: string, short: string, def = 0, o: FlagOpts = {}) => f.int64(name, short, '', def, o),
  uint16: (name: string, short: string, def = 0, o: FlagOpts = {}) => f.uint16(name, short, '', def, o),
  uint64: (name: string, short: string, def = 0, o: FlagOpts = {}) => f.uint64(name, short, '', def, o),
  /** def in nanoseconds */
  duration: (name: string, short: string, def = 0, o: FlagOpts = {}) => f.duration(name, short, '', def, o),
  ip: (name: string, short: string, o: FlagOpts = {}) => f.ip(name, short, '', o),
  stringSlice: (name: string, short: string, def: string[] = [], o: FlagOpts = {}) => f.stringSlice(name, short, '', def, o),
  stringArray: (name: string, short: string, def: string[] = [], o: FlagOpts = {}) => f.stringArray(name, short, '', def, o),
  list: (name: string, short: string, o: FlagOpts = {}) => f.list(name, short, '', o),
  map: (name: string, short: string, o: FlagOpts = {}) => f.map(name, short, '', o),
  filter: (name: string, short: string, o: FlagOpts = {}) => f.filter(name, short, '', o),
  bytes: (name: string, short: string, o: FlagOpts = {}) => f.bytes(name, short, '', o),
  decimal: (name: string, short: string, o: FlagOpts = {}) => f.decimal(name, short, '', o),
  ulimit: (name: string, short: string, o: FlagOpts = {}) => f.ulimit(name, short, '', o),
  gpus: (name: string, short: string, o: FlagOpts = {}) => f.gpus(name, short, '', o),
  mount: (name: string, short: string, o: FlagOpts = {}) => f.mount(name, short, '', o),
  network: (name: string, short: string, o: FlagOpts = {}) => f.network(name, short, '', o),
  weightdevice: (name: string, short: string, o: FlagOpts = {}) => f.weightdevice(name, short, '', o),
  throttledevice: (name: string, short: string, o: FlagOpts = {}) => f.throttledevice(name, short, '', o),
};

export const A = {
  any: { kind: 'any' } as ArgsSpec,
  none: { kind: 'none' } as ArgsSpec,
  min: (n: number): ArgsSpec => ({ kind: 'min', n }),
  max: (n: number): ArgsSpec => ({ kind: 'max', n }),
  exact: (n: number): ArgsSpec => ({ kind: 'exact', n }),
  range: (min: number, max: number): ArgsSpec => ({ kind: 'range', min, max }),
};

/** `short` (and long, example) may be left out: texts.ts fills them when help needs them. */
export type CmdInit = Partial<Omit<CommandSpec, 'name' | 'path' | 'parent'>> & { use: string };

/** A leaf command (Args defaults to arbitrary, flags interspersed). */
export function cmd(init: CmdInit): CommandSpec {
  const name = init.use.split(/[ \n]/, 1)[0]!;
  return {
    aliases: [],
    args: A.any,
    flags: [],
    interspersed: true,
    subcommands: [],
    runnable: true,
    short: '',
    ...init,
    name,
    path: [],
  };
}

/** A management command (`docker container`): Args NoArgs, RunE ShowHelp. */
export function group(init: CmdInit, subcommands: CommandSpec[]): CommandSpec {
  return cmd({ args: A.none, ...init, subcommands });
}

/** A command listed in the tree whose flags the simulator does not model. */
export function stub(use: string, init: Partial<CmdInit> = {}): CommandSpec {
  return cmd({ use, stub: true, ...init });
}

export function stubGroup(use: string, subs: CommandSpec[], init: Partial<CmdInit> = {}): CommandSpec {
  return group({ use, stub: true, ...init }, subs);
}

/** Links parents and paths (call once on the root). */
export function link(root: CommandSpec, parent?: CommandSpec): CommandSpec {
  root.parent = parent;
  root.path = parent ? [...parent.path, root.name] : [root.name];
  for (const s of root.subcommands) link(s, root);
  return root;
}

/** A copy of a command (Go: `cmd := *newPsCommand(); cmd.Use = …`). */
export function variant(c: CommandSpec, changes: Partial<CmdInit>): CommandSpec {
  const copy = { ...c, ...changes } as CommandSpec;
  copy.name = copy.use.split(/[ \n]/, 1)[0]!;
  return copy;
}
