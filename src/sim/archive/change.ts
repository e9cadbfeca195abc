/**
 * `docker import -c/--change` and `docker commit -c`: Dockerfile instructions
 * applied to an image config, as the daemon's dockerfile.BuildFromConfig does
 * (moby builder/dockerfile + buildkit's parser and instructions, as vendored in
 * 20.10.24; v29 adds STOPSIGNAL). The changes are joined with "\n" and parsed as a
 * Dockerfile (comments, `\` continuations, `# escape=` directive), every
 * instruction must be one of the allowed ones (`<cmd> is not a valid change
 * command`, lower-case as Docker prints it), then each is dispatched in order
 * with variables expanded from the config's Env as it stands at that point.
 * Errors are ArchiveError('change', text) with the daemon's texts.
 */
import { fail, goQuote, parseDockerfile, processWord, type Node } from './dockerfile.ts';
import { makeConfig, normaliseConfig } from '../images/config.ts';
import type { HealthConfig, ImageConfig } from '../images/types.ts';

export type ChangeVersion = '20.10' | '29';

const VALID: Record<ChangeVersion, ReadonlySet<string>> = {
  '20.10': new Set(['cmd', 'entrypoint', 'healthcheck', 'env', 'expose', 'label', 'onbuild', 'user', 'volume', 'workdir']),
  '29': new Set(['cmd', 'entrypoint', 'healthcheck', 'env', 'expose', 'label', 'onbuild', 'stopsignal', 'user', 'volume', 'workdir']),
};


// ---- flags, durations, ports, signals ----------------------------------------------------

function parseFlags(node: Node, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of node.flags) {
    if (!arg.startsWith('--')) throw fail(`Arg should start with -- : ${arg}`);
    if (arg === '--') break;
    let name = arg.slice(2);
    const eq = name.indexOf('=');
    let value = '';
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (!allowed.includes(name)) throw fail(`Unknown flag: ${name}`);
    if (out.has(name)) throw fail(`Duplicate flag specified: ${name}`);
    if (eq < 0) throw fail(`Missing a value on flag: ${name}`);
    out.set(name, value);
  }
  return out;
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration, in nanoseconds. */
export function parseDuration(s: string): number {
  const orig = s;
  const bad = () => fail(`time: invalid duration ${goQuote(orig)}`);
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw bad();
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.' || (m[1] === '' && (m[3] ?? '') === '')) throw bad();
    s = s.slice(m[0].length);
    const u = /^[^\d.]*/.exec(s)![0];
    if (u === '') throw fail(`time: missing unit in duration ${goQuote(orig)}`);
    const unit = UNITS[u];
    if (unit === undefined) throw fail(`time: unknown unit ${goQuote(u)} in duration ${goQuote(orig)}`);
    s = s.slice(u.length);
    total += Number(`${m[1] || '0'}.${m[3] || '0'}`) * unit;
  }
  total = Math.round(total);
  return neg ? -total : total;
}

const SIGNALS = [
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT',
  'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'UNUSED', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ',
];

function checkSignal(raw: string): void {
  if (/^[+-]?\d+$/.test(raw)) {
    if (Number(raw) === 0) throw fail(`Invalid signal: ${raw}`);
    return;
  }
  const name = raw.toUpperCase().replace(/^SIG/, '');
  if (SIGNALS.includes(name) || /^RTMIN(\+([1-9]|1[0-5]))?$/.test(name) || /^RTMAX(-([1-9]|1[0-4]))?$/.test(name)) return;
  throw fail(`Invalid signal: ${raw}`);
}

/** nat.ParsePortSpecs for EXPOSE: "80", "80/udp", "8000-8010/tcp" -> "80/tcp", … */
function exposedPorts(ports: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of ports) {
    // splitParts: ip:hostPort:containerPort
    const parts = raw.split(':');
    const containerPart = parts[parts.length - 1]!;
    if (parts.length > 1) {
      const ip = parts.length === 3 ? parts[0]! : '';
      if (ip !== '' && !/^[\d.]+$|^\[?[0-9a-fA-F:]+\]?$/.test(ip)) throw fail(`Invalid ip address: ${ip}`);
    }
    const slash = containerPart.split('/');
    let proto = 'tcp';
    let port = containerPart;
    if (containerPart.length === 0 || slash[0] === '') {
      port = '';
      proto = '';
    } else if (slash.length > 1 && slash[1] !== '') {
      proto = slash[1]!;
      port = slash[0]!;
    } else if (slash.length > 1) port = slash[0]!;
    if (port === '') throw fail(`No port specified: ${raw}<empty>`);
    const m = /^(\d+)(?:-(\d+))?$/.exec(port);
    const start = m ? Number(m[1]) : NaN;
    const end = m && m[2] !== undefined ? Number(m[2]) : start;
    if (!m || start > 65535 || end > 65535) throw fail(`Invalid containerPort: ${port}`);
    if (end < start) throw fail(`Invalid containerPort: ${port}`);
    const p = proto.toLowerCase();
    if (p !== 'tcp' && p !== 'udp' && p !== 'sctp') throw fail(`Invalid proto: ${proto}`);
    for (let i = start; i <= end; i++) out.push(`${i}/${p}`);
  }
  return out;
}

// ---- instructions and dispatch -----------------------------------------------------------

/** handleJSONArgs: exec form as given, shell form as one string. */
const cmdLine = (node: Node, emptyAsNil: boolean): string[] | null => {
  const args = node.args.length === 0 ? [] : node.json ? node.args : [node.args.join(' ')];
  return emptyAsNil && args.length === 0 ? null : args;
};

function exactlyOne(node: Node, name: string): string {
  if (node.args.length !== 1) throw fail(`${name} requires exactly one argument`);
  return node.args[0]!;
}

function atLeastOne(node: Node, name: string): void {
  if (node.args.length === 0) throw fail(`${name} requires at least one argument`);
}

function kvps(node: Node, name: string): Array<[string, string]> {
  if (node.args.length === 0) throw fail(`${name} requires at least one argument`);
  if (node.args.length % 2 !== 0) throw fail(`Bad input to ${name}, too many arguments`);
  const out: Array<[string, string]> = [];
  for (let i = 0; i < node.args.length; i += 2) {
    if (node.args[i]!.length === 0) throw fail(`${name} names can not be blank`);
    out.push([node.args[i]!, node.args[i + 1]!]);
  }
  return out;
}

type Instruction = (c: ImageConfig, st: { cmdSet: boolean }, expand: (w: string) => string) => void;

/** instructions.ParseCommand: validates arguments and flags; the returned function dispatches. */
function parseInstruction(node: Node): Instruction {
  const noFlags = (): void => void parseFlags(node, []);
  switch (node.value) {
    case 'env': {
      noFlags();
      const pairs = kvps(node, 'ENV');
      return (c, _st, x) => {
        const env = [...(c.Env ?? [])];
        for (const [k0, v0] of pairs) {
          const k = x(k0);
          const v = x(v0);
          const entry = `${k}=${v}`;
          const i = env.findIndex((e) => e.split('=')[0] === k);
          if (i >= 0) env[i] = entry;
          else env.push(entry);
        }
        c.Env = env;
      };
    }
    case 'label': {
      noFlags();
      const pairs = kvps(node, 'LABEL');
      return (c, _st, x) => {
        const labels = { ...(c.Labels ?? {}) };
        for (const [k, v] of pairs) labels[x(k)] = x(v);
        c.Labels = labels;
      };
    }
    case 'cmd': {
      noFlags();
      const line = cmdLine(node, false)!;
      return (c, st) => {
        c.Cmd = node.json ? line : [...(c.Shell?.length ? c.Shell : ['/bin/sh', '-c']), ...line];
        delete c.ArgsEscaped;
        if (line.length !== 0) st.cmdSet = true;
      };
    }
    case 'entrypoint': {
      noFlags();
      const line = cmdLine(node, true);
      return (c, st) => {
        c.Entrypoint = line === null ? null : node.json ? line : [...(c.Shell?.length ? c.Shell : ['/bin/sh', '-c']), ...line];
        delete c.ArgsEscaped;
        if (!st.cmdSet) c.Cmd = null;
      };
    }
    case 'healthcheck':
      return parseHealthcheck(node);
    case 'expose': {
      atLeastOne(node, 'EXPOSE');
      noFlags();
      const ports = [...node.args].sort();
      return (c, _st, x) => {
        const words = ports.flatMap((p) => x(p).split(/\s+/).filter(Boolean));
        const list = exposedPorts(words);
        const set = { ...(c.ExposedPorts ?? {}) };
        for (const p of list) set[p] = {};
        c.ExposedPorts = set;
      };
    }
    case 'user': {
      const u = exactlyOne(node, 'USER');
      noFlags();
      return (c, _st, x) => void (c.User = x(u));
    }
    case 'volume': {
      atLeastOne(node, 'VOLUME');
      noFlags();
      const vols = node.args.map((v) => v.trim());
      if (vols.some((v) => v === '')) throw fail('VOLUME specified can not be an empty string');
      return (c, _st, x) => {
        const set = { ...(c.Volumes ?? {}) };
        for (const v of vols) {
          const e = x(v);
          if (e === '') throw fail('VOLUME specified can not be an empty string');
          set[e] = {};
        }
        c.Volumes = set;
      };
    }
    case 'workdir': {
      const p = exactlyOne(node, 'WORKDIR');
      noFlags();
      return (c, _st, x) => {
        const req = x(p);
        if (req === '') throw fail('cannot normalize nothing');
        c.WorkingDir = req.startsWith('/') ? req : cleanJoin('/', c.WorkingDir, req);
      };
    }
    case 'stopsignal': {
      const s = exactlyOne(node, 'STOPSIGNAL');
      return (c, _st, x) => {
        const sig = x(s);
        checkSignal(sig);
        c.StopSignal = sig;
      };
    }
    case 'onbuild': {
      if (node.args.length === 0) throw fail('ONBUILD requires at least one argument');
      noFlags();
      const trigger = node.args[0]!.trim().toUpperCase();
      if (trigger === 'ONBUILD') throw fail('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
      if (trigger === 'MAINTAINER' || trigger === 'FROM') throw fail(`${trigger} isn't allowed as an ONBUILD trigger`);
      const expr = node.original.replace(/^\s*ONBUILD\s*/i, '');
      return (c) => void (c.OnBuild = [...(c.OnBuild ?? []), expr]);
    }
    default:
      throw fail(`unknown instruction: ${node.value.toUpperCase()}`);
  }
}

function cleanJoin(...parts: string[]): string {
  const out: string[] = [];
  for (const part of parts.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function parseHealthcheck(node: Node): Instruction {
  if (node.args.length === 0) throw fail('HEALTHCHECK requires at least one argument');
  const typ = node.args[0]!.toUpperCase();
  const args = node.args.slice(1);
  let health: HealthConfig;
  if (typ === 'NONE') {
    if (args.length !== 0) throw fail('HEALTHCHECK NONE takes no arguments');
    health = { Test: ['NONE'] };
  } else {
    const flags = parseFlags(node, ['interval', 'timeout', 'start-period', 'retries']);
    if (typ !== 'CMD') throw fail(`Unknown type ${goQuote(typ)} in HEALTHCHECK (try CMD)`);
    const cmd = args.length === 0 ? [] : node.json ? args : [args.join(' ')];
    if (cmd.length === 0) throw fail('Missing command after HEALTHCHECK CMD');
    health = { Test: [node.json ? 'CMD' : 'CMD-SHELL', ...cmd] };
    const interval = (name: string): number => {
      const v = flags.get(name) ?? '';
      if (v === '') return 0;
      const d = parseDuration(v);
      if (d < 1e6) throw fail(`Interval ${goQuote(name)} cannot be less than 1ms`);
      return d;
    };
    const iv = interval('interval');
    const to = interval('timeout');
    const sp = interval('start-period');
    if (iv) health.Interval = iv;
    if (to) health.Timeout = to;
    if (sp) health.StartPeriod = sp;
    const r = flags.get('retries') ?? '';
    if (r !== '') {
      if (!/^[+-]?\d+$/.test(r) || Math.abs(Number(r)) > 2 ** 31 - 1) throw fail(`strconv.ParseInt: parsing ${goQuote(r)}: invalid syntax`);
      const n = Number(r);
      if (n < 1) throw fail(`--retries must be at least 1 (not ${n})`);
      health.Retries = n;
    }
  }
  return (c) => void (c.Healthcheck = health);
}

/**
 * dockerfile.BuildFromConfig(base, changes): the config with the changes applied.
 * No changes: `base` unchanged. Throws ArchiveError('change', daemon text).
 */
export { processWord };

export function applyChanges(base: ImageConfig, changes: readonly string[], version: ChangeVersion = '20.10'): ImageConfig {
  if (changes.length === 0) return base;
  const nodes = parseDockerfile(changes.join('\n'));
  for (const n of nodes) if (!VALID[version].has(n.value)) throw fail(`${n.value} is not a valid change command`);
  const instructions = nodes.map(parseInstruction);
  const c: ImageConfig = structuredClone(normaliseConfig(base));
  const st = { cmdSet: false };
  for (const ins of instructions) {
    const env = [...(c.Env ?? [])];
    ins(c, st, (w) => processWord(w, env));
  }
  return normaliseConfig(c);
}

/** The config `docker import` starts from (an empty container.Config). */
export function importBaseConfig(): ImageConfig {
  return makeConfig({});
}

