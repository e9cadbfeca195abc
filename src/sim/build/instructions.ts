/**
 * Typed instructions from parser nodes: buildkit's frontend/dockerfile/instructions
 * (ParseInstruction, Parse into stages and meta ARGs, builder flags) as vendored in
 * moby 20.10.24, with its error texts.
 */
import { goQuote, trimGoSpace } from './goText.ts';
import type { Node } from './parser.ts';

export interface KeyValue {
  key: string;
  value: string;
}

export interface ArgPair {
  key: string;
  /** undefined: `ARG NAME` without a default. */
  value?: string;
}

export interface HealthConfig {
  Test: string[];
  /** Nanoseconds. */
  Interval: number;
  Timeout: number;
  StartPeriod: number;
  Retries: number;
}

interface Base {
  /** The instruction, lower-cased (`run`). */
  name: string;
  /** The instruction as written, trimmed: what "Step N/M :" prints. */
  code: string;
  line: number;
}

/** CMD, ENTRYPOINT, RUN: the words, and whether the shell is to be put in front (shell form). */
export interface CmdLine {
  cmdLine: string[] | null;
  prependShell: boolean;
}

export type Command =
  | (Base & { kind: 'env'; env: KeyValue[] })
  | (Base & { kind: 'maintainer'; maintainer: string })
  | (Base & { kind: 'label'; labels: KeyValue[] })
  | (Base & { kind: 'add'; paths: string[]; chown: string; chmod: string })
  | (Base & { kind: 'copy'; paths: string[]; from: string; chown: string; chmod: string })
  | (Base & { kind: 'onbuild'; expression: string })
  | (Base & { kind: 'workdir'; path: string })
  | (Base & { kind: 'run'; flagsUsed: string[] } & CmdLine)
  | (Base & { kind: 'cmd' } & CmdLine)
  | (Base & { kind: 'entrypoint' } & CmdLine)
  | (Base & { kind: 'healthcheck'; health: HealthConfig })
  | (Base & { kind: 'expose'; ports: string[] })
  | (Base & { kind: 'user'; user: string })
  | (Base & { kind: 'volume'; volumes: string[] })
  | (Base & { kind: 'stopsignal'; signal: string })
  | (Base & { kind: 'arg'; args: ArgPair[] })
  | (Base & { kind: 'shell'; shell: string[] });

export interface Stage {
  kind: 'from';
  /** `AS name`, lower-cased ('' when none). */
  name: string;
  baseName: string;
  /** The FROM line as written, trimmed. */
  code: string;
  platform: string;
  line: number;
  commands: Command[];
}

/** An error about one instruction (its message without location). */
export class InstructionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstructionError';
  }
}

const err = (m: string): InstructionError => new InstructionError(m);
const atLeastOne = (c: string) => err(`${c} requires at least one argument`);
const exactlyOne = (c: string) => err(`${c} requires exactly one argument`);
const noDestination = (c: string) => err(`${c} requires at least two arguments, but only one was provided. Destination could not be determined`);
const blankNames = (c: string) => err(`${c} names can not be blank`);

type FlagType = 'bool' | 'string' | 'strings';

/** BFlags: the `--name=value` flags of one instruction. */
class BFlags {
  readonly #args: string[];
  readonly #flags = new Map<string, { type: FlagType; value: string; values: string[] }>();
  readonly #used = new Set<string>();

  constructor(args: string[]) {
    this.#args = args;
  }

  addString(name: string, def = ''): { value: string } {
    const f = { type: 'string' as const, value: def, values: [] as string[] };
    this.#flags.set(name, f);
    return f;
  }

  addStrings(name: string): { values: string[] } {
    const f = { type: 'strings' as const, value: '', values: [] as string[] };
    this.#flags.set(name, f);
    return f;
  }

  used(): string[] {
    return [...this.#used];
  }

  parse(): void {
    for (const raw of this.#args) {
      if (!raw.startsWith('--')) throw err(`Arg should start with -- : ${raw}`);
      if (raw === '--') return;
      let arg = raw.slice(2);
      let value = '';
      const index = arg.indexOf('=');
      if (index >= 0) {
        value = arg.slice(index + 1);
        arg = arg.slice(0, index);
      }
      const flag = this.#flags.get(arg);
      if (!flag) throw err(`Unknown flag: ${arg}`);
      if (this.#used.has(arg) && flag.type !== 'strings') throw err(`Duplicate flag specified: ${arg}`);
      this.#used.add(arg);
      if (flag.type === 'bool') {
        if (index >= 0 && value === '') throw err(`Missing a value on flag: ${arg}`);
        const lower = value.toLowerCase();
        if (lower === '') flag.value = 'true';
        else if (lower === 'true' || lower === 'false') flag.value = lower;
        else throw err(`Expecting boolean value for flag ${arg}, not: ${value}`);
      } else {
        if (index < 0) throw err(`Missing a value on flag: ${arg}`);
        if (flag.type === 'string') flag.value = value;
        else flag.values.push(value);
      }
    }
  }
}

/** handleJSONArgs: exec form keeps the words; shell form is one string. */
function handleJSONArgs(args: string[], json: boolean): string[] {
  if (args.length === 0) return [];
  if (json) return args;
  return [args.join(' ')];
}

function cmdLine(n: Node, emptyAsNil: boolean): CmdLine {
  const args = handleJSONArgs(n.args, n.json);
  return { cmdLine: emptyAsNil && args.length === 0 ? null : args, prependShell: !n.json };
}

function parseKvps(args: string[], cmdName: string): KeyValue[] {
  if (args.length === 0) throw atLeastOne(cmdName);
  if (args.length % 2 !== 0) throw err(`Bad input to ${cmdName}, too many arguments`);
  const out: KeyValue[] = [];
  for (let j = 0; j < args.length; j += 2) {
    if (args[j]!.length === 0) throw blankNames(cmdName);
    out.push({ key: args[j]!, value: args[j + 1]! });
  }
  return out;
}

/** Go's time.ParseDuration, in nanoseconds (throws its error text). */
export function parseDuration(s: string): number {
  const orig = s;
  const bad = () => err(`time: invalid duration ${goQuote(orig)}`);
  let rest = s;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw bad();
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (m[0] === '' || m[0] === '.') throw bad();
    rest = rest.slice(m[0].length);
    const u = /^[^\d.]+/.exec(rest);
    if (!u) throw err(`time: missing unit in duration ${goQuote(orig)}`);
    const scale = units[u[0]];
    if (scale === undefined) throw err(`time: unknown unit ${goQuote(u[0])} in duration ${goQuote(orig)}`);
    rest = rest.slice(u[0].length);
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * scale;
  }
  return Math.round(neg ? -total : total);
}

/** parseOptInterval: 0 when empty; at least 1ms (container.MinimumDuration). */
function optInterval(name: string, value: string): number {
  if (value === '') return 0;
  const d = parseDuration(value);
  if (d < 1e6) throw err(`Interval ${goQuote(name)} cannot be less than 1ms`);
  return d;
}

const MOUNT_TYPES = new Set(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);

/** encoding/csv's Read of one record (quoted fields allowed). */
function csvFields(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) throw err(`failed to parse csv mounts: parse error on line 1, column ${value.length + 1}: extraneous or missing " in quoted-field`);
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += value[i++];
      }
      if (i < value.length && value[i] !== ',') throw err(`failed to parse csv mounts: parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
    } else {
      const end = value.indexOf(',', i);
      field = end < 0 ? value.slice(i) : value.slice(i, end);
      const q = field.indexOf('"');
      if (q >= 0) throw err(`failed to parse csv mounts: parse error on line 1, column ${i + q + 1}: bare " in non-quoted-field`);
      i = end < 0 ? value.length : end;
    }
    out.push(field);
    if (i >= value.length) return out;
    i++; // the comma
  }
}

/** commands_runmount.go parseMount: validation only (the classic builder refuses --mount anyway). */
function checkMount(value: string): void {
  let type = 'bind';
  let hasMode = false;
  let hasUid = false;
  let hasGid = false;
  let sharing = '';
  let from = '';
  let source = '';
  let target = '';
  let id = '';
  const bool = (key: string, v: string) => {
    if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(v)) throw err(`invalid value for ${key}: ${v}`);
  };
  for (const field of csvFields(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (['readonly', 'ro', 'readwrite', 'rw'].includes(key)) continue;
      if (key === 'required') {
        if (type === 'secret' || type === 'ssh') continue;
        throw err(`unexpected key '${key}' for mount type '${type}'`);
      }
      throw err(`invalid field '${field}' must be a key=value pair`);
    }
    const v = field.slice(eq + 1);
    switch (key) {
      case 'type':
        if (!MOUNT_TYPES.has(v.toLowerCase())) throw err(`unsupported mount type ${goQuote(v)}`);
        type = v.toLowerCase();
        break;
      case 'from':
        from = v;
        break;
      case 'source':
      case 'src':
        source = v;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        target = v;
        break;
      case 'readonly':
      case 'ro':
      case 'readwrite':
      case 'rw':
        bool(key, v);
        break;
      case 'required':
        if (type !== 'secret' && type !== 'ssh') throw err(`unexpected key '${key}' for mount type '${type}'`);
        bool(key, v);
        break;
      case 'id':
        id = v;
        break;
      case 'sharing':
        if (!['shared', 'private', 'locked'].includes(v.toLowerCase())) throw err(`unsupported sharing value ${goQuote(v)}`);
        sharing = v.toLowerCase();
        break;
      case 'mode':
        if (!/^[0-7]+$/.test(v) || parseInt(v, 8) > 0xffffffff) throw err(`invalid value ${v} for mode`);
        hasMode = true;
        break;
      case 'uid':
      case 'gid':
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw err(`invalid value ${v} for ${key}`);
        if (key === 'uid') hasUid = true;
        else hasGid = true;
        break;
      default:
        throw err(`unexpected key '${key}' in '${field}'`);
    }
  }
  const fileInfoAllowed = type === 'secret' || type === 'ssh' || type === 'cache';
  if (hasMode && !fileInfoAllowed) throw err(`mode not allowed for ${goQuote(type)} type mounts`);
  if (hasUid && !fileInfoAllowed) throw err(`uid not allowed for ${goQuote(type)} type mounts`);
  if (hasGid && !fileInfoAllowed) throw err(`gid not allowed for ${goQuote(type)} type mounts`);
  if (sharing !== '' && type !== 'cache') throw err(`invalid cache sharing set for ${type} mount`);
  if (type === 'secret') {
    if (from !== '') throw err('secret mount should not have a from');
    if (sharing !== '') throw err('secret mount should not define sharing');
    if (source === '' && target === '' && id === '') throw err('invalid secret mount. one of source, target required');
    if (source !== '' && id !== '') throw err("both source and id can't be set");
  }
}

/** ParseInstruction: a Stage for FROM, else a Command. Throws InstructionError. */
export function parseInstruction(n: Node): Stage | Command {
  const flags = new BFlags(n.flags);
  const base = { name: n.value, code: trimGoSpace(n.original), line: n.startLine };
  const args = n.args;
  switch (n.value) {
    case 'env':
      flags.parse();
      return { ...base, kind: 'env', env: parseKvps(args, 'ENV') };
    case 'maintainer':
      if (args.length !== 1) throw exactlyOne('MAINTAINER');
      flags.parse();
      return { ...base, kind: 'maintainer', maintainer: args[0]! };
    case 'label':
      flags.parse();
      return { ...base, kind: 'label', labels: parseKvps(args, 'LABEL') };
    case 'add': {
      if (args.length < 2) throw noDestination('ADD');
      const chown = flags.addString('chown');
      const chmod = flags.addString('chmod');
      flags.parse();
      return { ...base, kind: 'add', paths: [...args], chown: chown.value, chmod: chmod.value };
    }
    case 'copy': {
      if (args.length < 2) throw noDestination('COPY');
      const chown = flags.addString('chown');
      const from = flags.addString('from');
      const chmod = flags.addString('chmod');
      flags.parse();
      return { ...base, kind: 'copy', paths: [...args], from: from.value, chown: chown.value, chmod: chmod.value };
    }
    case 'from': {
      let stageName = '';
      if (args.length === 3 && args[1]!.toLowerCase() === 'as') {
        stageName = args[2]!.toLowerCase();
        if (!/^[a-z][a-z0-9-_.]*$/.test(stageName)) {
          throw err(`invalid name for build stage: ${goQuote(args[2]!)}, name can't start with a number or contain symbols`);
        }
      } else if (args.length !== 1) throw err('FROM requires either one or three arguments');
      const platform = flags.addString('platform');
      flags.parse();
      return { kind: 'from', name: stageName, baseName: args[0]!, code: base.code, platform: platform.value, line: base.line, commands: [] };
    }
    case 'onbuild': {
      if (args.length === 0) throw atLeastOne('ONBUILD');
      flags.parse();
      const trigger = args[0]!.trim().toUpperCase();
      if (trigger === 'ONBUILD') throw err('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
      if (trigger === 'MAINTAINER' || trigger === 'FROM') throw err(`${trigger} isn't allowed as an ONBUILD trigger`);
      return { ...base, kind: 'onbuild', expression: n.original.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/i, '') };
    }
    case 'workdir':
      if (args.length !== 1) throw exactlyOne('WORKDIR');
      flags.parse();
      return { ...base, kind: 'workdir', path: args[0]! };
    case 'run': {
      const mounts = flags.addStrings('mount');
      flags.parse();
      const flagsUsed = flags.used();
      const cmd = cmdLine(n, false);
      for (const m of mounts.values) checkMount(m);
      return { ...base, kind: 'run', flagsUsed, ...cmd };
    }
    case 'cmd':
      flags.parse();
      return { ...base, kind: 'cmd', ...cmdLine(n, false) };
    case 'entrypoint':
      flags.parse();
      return { ...base, kind: 'entrypoint', ...cmdLine(n, true) };
    case 'healthcheck':
      return { ...base, kind: 'healthcheck', health: parseHealthcheck(n, flags) };
    case 'expose':
      if (args.length === 0) throw atLeastOne('EXPOSE');
      flags.parse();
      return { ...base, kind: 'expose', ports: [...args].sort() };
    case 'user':
      if (args.length !== 1) throw exactlyOne('USER');
      flags.parse();
      return { ...base, kind: 'user', user: args[0]! };
    case 'volume': {
      if (args.length === 0) throw atLeastOne('VOLUME');
      flags.parse();
      const volumes: string[] = [];
      for (const v of args) {
        const t = v.trim();
        if (t === '') throw err('VOLUME specified can not be an empty string');
        volumes.push(t);
      }
      return { ...base, kind: 'volume', volumes };
    }
    case 'stopsignal':
      if (args.length !== 1) throw exactlyOne('STOPSIGNAL');
      return { ...base, kind: 'stopsignal', signal: args[0]! };
    case 'arg': {
      if (args.length < 1) throw atLeastOne('ARG');
      const pairs: ArgPair[] = args.map((a) => {
        const i = a.indexOf('=');
        if (i < 0) return { key: a };
        if (i === 0) throw blankNames('ARG');
        return { key: a.slice(0, i), value: a.slice(i + 1) };
      });
      return { ...base, kind: 'arg', args: pairs };
    }
    case 'shell': {
      flags.parse();
      const shell = handleJSONArgs(args, n.json);
      if (shell.length === 0) throw atLeastOne('SHELL');
      if (!n.json) throw err(`SHELL requires the arguments to be in JSON form`);
      return { ...base, kind: 'shell', shell };
    }
  }
  throw err(`unknown instruction: ${n.value.toUpperCase()}`);
}

function parseHealthcheck(n: Node, flags: BFlags): HealthConfig {
  if (n.args.length === 0) throw atLeastOne('HEALTHCHECK');
  const typ = n.args[0]!.toUpperCase();
  const rest = n.args.slice(1);
  if (typ === 'NONE') {
    if (rest.length !== 0) throw err('HEALTHCHECK NONE takes no arguments');
    return { Test: ['NONE'], Interval: 0, Timeout: 0, StartPeriod: 0, Retries: 0 };
  }
  const interval = flags.addString('interval');
  const timeout = flags.addString('timeout');
  const startPeriod = flags.addString('start-period');
  const retries = flags.addString('retries');
  flags.parse();
  if (typ !== 'CMD') throw err(`Unknown type ${goQuote(typ)} in HEALTHCHECK (try CMD)`);
  const cmd = handleJSONArgs(rest, n.json);
  if (cmd.length === 0) throw err('Missing command after HEALTHCHECK CMD');
  const health: HealthConfig = {
    Test: [n.json ? 'CMD' : 'CMD-SHELL', ...cmd],
    Interval: optInterval('interval', interval.value),
    Timeout: optInterval('timeout', timeout.value),
    StartPeriod: optInterval('start-period', startPeriod.value),
    Retries: 0,
  };
  if (retries.value !== '') {
    if (!/^[+-]?\d+$/.test(retries.value) || Math.abs(Number(retries.value)) > 2 ** 31 - 1) {
      throw err(`strconv.ParseInt: parsing ${goQuote(retries.value)}: ${/^[+-]?\d+$/.test(retries.value) ? 'value out of range' : 'invalid syntax'}`);
    }
    const r = Number(retries.value);
    if (r < 1) throw err(`--retries must be at least 1 (not ${r})`);
    health.Retries = r;
  }
  return health;
}

/** The result of instructions.Parse: stages, and the ARGs before the first FROM. */
export interface Instructions {
  stages: Stage[];
  metaArgs: Array<Extract<Command, { kind: 'arg' }>>;
}

/**
 * instructions.Parse. An instruction's own error becomes "dockerfile parse error line N: …";
 * an instruction before any FROM (other than ARG) is "no build stage in current context".
 */
export function parseInstructions(nodes: readonly Node[]): Instructions {
  const stages: Stage[] = [];
  const metaArgs: Instructions['metaArgs'] = [];
  for (const n of nodes) {
    let cmd: Stage | Command;
    try {
      cmd = parseInstruction(n);
    } catch (e) {
      if (e instanceof InstructionError) throw new InstructionError(`dockerfile parse error line ${n.startLine}: ${e.message}`);
      throw e;
    }
    if (stages.length === 0 && cmd.kind === 'arg') {
      metaArgs.push(cmd);
      continue;
    }
    if (cmd.kind === 'from') {
      stages.push(cmd);
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new InstructionError('no build stage in current context');
    stage.commands.push(cmd);
  }
  return { stages, metaArgs };
}
