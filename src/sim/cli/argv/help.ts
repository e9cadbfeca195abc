// Help rendering: pflag's FlagUsagesWrapped and docker/cli's cobra usage/help
// templates (cli/cobra.go) for 20.10 and 29.

import { goQuote } from './golang.ts';
import type { CliOptions, CommandSpec, FlagKind, FlagSpec, FlagValue, Version } from './types.ts';

/** pflag Value.Type() of a flag. */
export function valueType(f: FlagSpec): string {
  if (f.typeName) return f.typeName;
  const map: Record<FlagKind, string> = {
    bool: 'bool',
    string: 'string',
    int: 'int',
    int64: 'int64',
    uint16: 'uint16',
    uint64: 'uint64',
    duration: 'duration',
    ip: 'ip',
    stringSlice: 'stringSlice',
    stringArray: 'stringArray',
    list: 'list',
    map: 'map',
    filter: 'filter',
    bytes: 'bytes',
    decimal: 'decimal',
    ulimit: 'ulimit',
    gpus: 'gpu-request',
    mount: 'mount',
    network: 'network',
    weightdevice: 'list',
    throttledevice: 'list',
  };
  return map[f.kind];
}

/** pflag's typed Value implementations; the others are docker/cli's own (pflag's "default" branch). */
const builtinKinds = new Set<FlagKind>([
  'bool',
  'string',
  'int',
  'int64',
  'uint16',
  'uint64',
  'duration',
  'ip',
  'stringSlice',
  'stringArray',
]);

/** pflag (*Flag).defaultIsZeroValue */
function defaultIsZeroValue(f: FlagSpec, version: Version, current?: { changed: boolean; value: FlagValue }): boolean {
  const d = f.defValue;
  if (f.custom || !builtinKinds.has(f.kind)) {
    // pflag ≤1.0.6 looked at the *current* value (Value.String()), 1.0.10 at DefValue.
    const s = version === '20.10' && current?.changed ? customString(f, current.value) : d;
    return s === 'false' || s === '<nil>' || s === '' || s === '0';
  }
  switch (f.kind) {
    case 'bool':
      return d === 'false' || (version === '29' && d === '');
    case 'duration':
      return d === '0' || d === '0s';
    case 'int':
    case 'int64':
    case 'uint16':
    case 'uint64':
      return d === '0';
    case 'string':
      return d === '';
    case 'ip':
      return d === '<nil>';
    default:
      return d === '[]';
  }
}

/** Value.String() of docker's custom values after they were set (only used for 20.10's zero check). */
function customString(f: FlagSpec, v: FlagValue): string {
  if (f.kind === 'network') return '';
  if (Array.isArray(v)) return v.length === 0 ? f.defValue : '[' + v.join(' ') + ']';
  if (typeof v === 'number') return v === 0 ? f.defValue : String(v);
  return String(v);
}

/** pflag UnquoteUsage */
function unquoteUsage(f: FlagSpec): { name: string; usage: string } {
  const u = f.usage;
  const i = u.indexOf('`');
  if (i >= 0) {
    const j = u.indexOf('`', i + 1);
    if (j >= 0) {
      const name = u.slice(i + 1, j);
      return { name, usage: u.slice(0, i) + name + u.slice(j + 1) };
    }
  }
  let name = valueType(f);
  switch (name) {
    case 'bool':
      name = '';
      break;
    case 'float64':
      name = 'float';
      break;
    case 'int64':
      name = 'int';
      break;
    case 'uint64':
      name = 'uint';
      break;
    case 'stringSlice':
      name = 'strings';
      break;
    case 'intSlice':
      name = 'ints';
      break;
    case 'uintSlice':
      name = 'uints';
      break;
    case 'boolSlice':
      name = 'bools';
      break;
  }
  return { name, usage: u };
}

/** pflag wrapN */
function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nlPos = head.lastIndexOf('\n');
  if (nlPos > 0 && nlPos < w) return [s.slice(0, nlPos), s.slice(nlPos + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}

/** pflag wrap */
function wrap(i: number, w: number, s: string): string {
  if (w === 0) return s.replaceAll('\n', '\n' + ' '.repeat(i));
  let wrapWidth = w - i;
  let r = '';
  if (wrapWidth < 24) {
    i = 16;
    wrapWidth = w - i;
    r += '\n' + ' '.repeat(i);
  }
  if (wrapWidth < 24) return s.replaceAll('\n', r);
  const slop = 5;
  wrapWidth -= slop;
  let [l, rest] = wrapN(wrapWidth, slop, s);
  r += l.replaceAll('\n', '\n' + ' '.repeat(i));
  while (rest !== '') {
    let t: string;
    [t, rest] = wrapN(wrapWidth, slop, rest);
    r += '\n' + ' '.repeat(i) + t.replaceAll('\n', '\n' + ' '.repeat(i));
  }
  return r;
}

export interface FlagState {
  values: Record<string, FlagValue>;
  changed: Set<string>;
}

/** pflag (*FlagSet).FlagUsagesWrapped over the visible flags, sorted by name. */
export function flagUsagesWrapped(flags: FlagSpec[], cols: number, version: Version, state?: FlagState): string {
  const sorted = flags.filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines: string[] = [];
  let maxlen = 0;
  for (const f of sorted) {
    let line = f.short && !f.shorthandDeprecated ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const { name: varname, usage } = unquoteUsage(f);
    if (varname !== '') line += ' ' + varname;
    if (f.noOptDefVal) {
      switch (valueType(f)) {
        case 'string':
          line += `[="${f.noOptDefVal}"]`;
          break;
        case 'bool':
          if (f.noOptDefVal !== 'true') line += `[=${f.noOptDefVal}]`;
          break;
        default:
          line += `[=${f.noOptDefVal}]`;
      }
    }
    line += '\x00';
    if (line.length > maxlen) maxlen = line.length;
    line += usage;
    const cur = state ? { changed: state.changed.has(f.name), value: state.values[f.dest ?? f.name]! } : undefined;
    if (!defaultIsZeroValue(f, version, cur)) {
      line += valueType(f) === 'string' ? ` (default ${goQuote(f.defValue)})` : ` (default ${f.defValue})`;
    }
    if (f.deprecated) line += ` (DEPRECATED: ${f.deprecated})`;
    lines.push(line);
  }
  let out = '';
  for (const line of lines) {
    const sidx = line.indexOf('\x00');
    const spacing = ' '.repeat(maxlen - sidx);
    out += line.slice(0, sidx) + ' ' + spacing + ' ' + wrap(maxlen + 2, cols, line.slice(sidx + 1)) + '\n';
  }
  return out;
}

// ---------------------------------------------------------------- cobra helpers

export function commandPath(c: CommandSpec): string {
  return c.path.join(' ');
}

/** cobra UseLine (docker sets DisableFlagsInUseLine everywhere). */
export function useLine(c: CommandSpec): string {
  return c.parent ? commandPath(c.parent) + ' ' + c.use : c.use;
}

/** cobra IsAvailableCommand */
export function isAvailable(c: CommandSpec): boolean {
  if (c.deprecated || c.hidden || c.helpCommand) return false;
  return c.runnable || c.subcommands.some(isAvailable);
}

export function hasSubCommands(c: CommandSpec): boolean {
  return c.subcommands.length > 0;
}

/** cobra NamePadding: the longest child name of the parent (hidden ones included), at least 11. */
function namePadding(c: CommandSpec): number {
  const p = c.parent;
  if (!p) return 11;
  const max = Math.max(...p.subcommands.map((s) => s.name.length));
  return Math.max(11, max);
}

function rpad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function sortedChildren(c: CommandSpec): CommandSpec[] {
  return c.subcommands.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function trimSpace(s: string): string {
  return s.replace(/^[\s]+|[\s]+$/g, '');
}

function hasAvailableFlags(flags: FlagSpec[]): boolean {
  return flags.some((f) => !f.hidden);
}

function naturalLess(a: string, b: string): boolean {
  // fvbommel/sortorder.NaturalLess for the numeric category strings used here.
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na < nb;
  return a < b;
}

export interface HelpContext extends CliOptions {
  /** The command's flags after hiding unsupported features (see cobra.ts visibleFlags). */
  flags: FlagSpec[];
  /** Visible children after hiding unsupported features. */
  isVisible: (c: CommandSpec) => boolean;
  state?: FlagState;
}

/** The docker usage template (cli/cobra.go usageTemplate) of the given version. */
export function usageString(c: CommandSpec, version: Version, ctx: HelpContext): string {
  const cols = (ctx.width ?? 80) - 1;
  const path = commandPath(c);
  const subs = sortedChildren(c).filter((s) => ctx.isVisible(s));
  const mgmt = subs.filter((s) => hasSubCommands(s));
  let ops = subs.filter((s) => !hasSubCommands(s));
  const flagsAvailable = hasAvailableFlags(ctx.flags);
  let out = 'Usage:';
  if (!hasSubCommands(c)) out += '  ' + useLine(c);
  else out += '  ' + path + (flagsAvailable ? ' [OPTIONS]' : '') + ' COMMAND';
  out += '\n\n' + (c.long !== undefined && c.long !== '' ? trimSpace(c.long) : trimSpace(c.short));
  const experimental = isExperimental(c);
  if (experimental) {
    out +=
      `\n\nEXPERIMENTAL:\n  ${path} is an experimental feature.\n` +
      '  Experimental features provide early access to product functionality. These\n' +
      '  features may change between releases without warning, or can be removed from a\n' +
      '  future release. Learn more about experimental features in our documentation:\n' +
      '  https://docs.docker.com/go/experimental/';
  }
  if (version === '20.10') {
    if (c.aliases.length > 0) out += '\n\nAliases:\n  ' + [c.name, ...c.aliases].join(', ');
  } else if (c.aliases.length > 0 || c.aliasesAnnotation) {
    out += '\n\nAliases:\n  ' + commandAliases(c);
  }
  if (c.example) out += '\n\nExamples:\n' + c.example;
  const flagBlock = () => flagUsagesWrapped(ctx.flags, cols, version, ctx.state).replace(/\s+$/, '');
  if (version === '20.10') {
    if (flagsAvailable) out += '\n\nOptions:\n' + flagBlock();
  } else {
    if (c.parent && flagsAvailable) out += '\n\nOptions:\n' + flagBlock();
    if (!c.parent) {
      const top = subs.filter((s) => s.categoryTop !== undefined);
      top.sort((a, b) => (naturalLess(a.categoryTop!, b.categoryTop!) ? -1 : naturalLess(b.categoryTop!, a.categoryTop!) ? 1 : 0));
      if (top.length > 0) {
        out += '\n\nCommon Commands:';
        for (const s of top) out += '\n  ' + rpad(s.name + ' ', namePadding(s) + 1) + s.short;
      }
      ops = ops.filter((s) => s.categoryTop === undefined);
    }
  }
  const swarm = version === '29' ? mgmt.filter((s) => s.swarm !== undefined) : [];
  const management = version === '29' ? mgmt.filter((s) => s.swarm === undefined) : mgmt;
  if (management.length > 0) {
    out += '\n\nManagement Commands:';
    for (const s of management) out += '\n  ' + rpad(s.name + ' ', namePadding(s) + 1) + s.short;
  }
  if (swarm.length > 0) {
    out += '\n\nSwarm Commands:';
    for (const s of swarm) out += '\n  ' + rpad(s.name + ' ', namePadding(s) + 1) + s.short;
  }
  if (ops.length > 0) {
    out += '\n\nCommands:';
    for (const s of ops) out += '\n  ' + rpad(s.name, namePadding(s)) + ' ' + s.short;
  }
  if (version === '29' && !c.parent && flagsAvailable) out += '\n\nGlobal Options:\n' + flagBlock();
  if (hasSubCommands(c)) out += `\n\nRun '${path} COMMAND --help' for more information on a command.`;
  if (!c.parent) {
    out +=
      version === '20.10'
        ? '\n\nTo get more help with docker, check out our guides at https://docs.docker.com/go/guides/'
        : '\n\nFor more help on how to use Docker, head to https://docs.docker.com/go/guides/';
  }
  return out + '\n';
}

function isExperimental(c: CommandSpec): boolean {
  for (let p: CommandSpec | undefined = c; p; p = p.parent) if (p.experimentalCLI) return true;
  return false;
}

/** v29 commandAliases template function. */
function commandAliases(c: CommandSpec): string {
  if (c.aliasesAnnotation) return c.aliasesAnnotation;
  const parentPath = c.parent ? commandPath(c.parent) + ' ' : '';
  return [commandPath(c), ...c.aliases.map((a) => parentPath + a)].join(', ');
}

/** The help template: 20.10 starts with an empty line, 29 does not. */
export function helpString(c: CommandSpec, version: Version, ctx: HelpContext): string {
  const body = c.runnable || hasSubCommands(c) ? usageString(c, version, ctx) : '';
  return version === '20.10' ? '\n' + body : body;
}
