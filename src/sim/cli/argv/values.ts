// Flag value parsing: pflag's built-in types and docker/cli's opts types
// (ListOpts + validators, FilterOpt, MemBytes, NanoCPUs, UlimitOpt, …),
// with the error texts of each version.

import { GoError, goQuote, parseBool, parseDuration, parseInt64, parseUint, readCsvRecord } from './golang.ts';
import type { FlagSpec, FlagValue, Version } from './types.ts';
import { parseNormalizedNamed, ReferenceFormatError } from '../../images/reference.ts';

function fail(msg: string): never {
  throw new GoError(msg);
}

/** Applies `raw` to the flag's value (pflag Value.Set). Throws GoError with the Set error. */
export function setValue(flag: FlagSpec, values: Record<string, FlagValue>, raw: string, changedBefore: boolean): void {
  const key = flag.dest ?? flag.name;
  const list = (): string[] => {
    const cur = values[key];
    return Array.isArray(cur) ? cur : [];
  };
  if (flag.once && changedBefore) fail(flag.once);
  switch (flag.kind) {
    case 'bool':
      values[key] = parseBool(raw);
      return;
    case 'string':
      values[key] = flag.validate ? flag.validate(raw) : raw;
      return;
    case 'int':
    case 'int64':
      values[key] = Number(parseInt64(raw, 0, 64));
      return;
    case 'uint16':
      values[key] = Number(parseUint(raw, 0, 16));
      return;
    case 'uint64':
      values[key] = Number(parseUint(raw, 0, 64));
      return;
    case 'duration':
      values[key] = parseDuration(raw);
      return;
    case 'ip': {
      if (raw === '') return;
      const ip = parseIP(raw.trim());
      if (ip === undefined) fail(`failed to parse IP: ${goQuote(raw)}`);
      values[key] = ip;
      return;
    }
    case 'stringSlice': {
      const v = readCsvRecord(raw);
      values[key] = changedBefore ? [...list(), ...v] : v;
      return;
    }
    case 'stringArray':
      values[key] = changedBefore ? [...list(), raw] : [raw];
      return;
    case 'filter': {
      if (raw === '') return;
      const eq = raw.indexOf('=');
      if (eq < 0) fail('bad format of filter (expected name=value)');
      const name = raw.slice(0, eq).trim().toLowerCase();
      values[key] = [...list(), `${name}=${raw.slice(eq + 1).trim()}`];
      return;
    }
    case 'bytes':
      values[key] = flag.validate ? Number(flag.validate(raw)) : ramInBytes(raw, '20.10');
      return;
    case 'decimal':
      values[key] = parseCPUs(raw);
      return;
    case 'list':
    case 'map':
    case 'ulimit':
    case 'gpus':
    case 'mount':
    case 'network':
    case 'weightdevice':
    case 'throttledevice': {
      const v = flag.validate ? flag.validate(raw) : raw;
      values[key] = [...list(), v];
      return;
    }
  }
}

// ---------------------------------------------------------------- numbers

/** strconv.ParseFloat (decimal forms, inf, nan). */
export function parseFloat64(s: string): number {
  const t = s.replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || t !== s) {
    fail(`strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`);
  }
  const v = Number(s);
  if (!Number.isFinite(v)) fail(`strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`);
  return v;
}

const binaryMap: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** go-units RAMInBytes: 20.10 vendors the regexp version, 29 the rewritten parser (v0.5.0). */
export function ramInBytes(size: string, version: Version): number {
  if (version === '20.10') {
    const m = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(size);
    if (!m) fail(`invalid size: '${size}'`);
    let v = parseFloat64(m[1]!);
    const u = (m[3] ?? '').toLowerCase();
    if (binaryMap[u]) v *= binaryMap[u]!;
    return Math.trunc(v);
  }
  let sep = -1;
  for (let i = size.length - 1; i >= 0; i--) {
    if ('01234567890. '.includes(size[i]!)) {
      sep = i;
      break;
    }
  }
  if (sep === -1) fail(`invalid size: '${size}'`);
  let num: string;
  let sfx: string;
  if (size[sep] !== ' ') {
    num = size.slice(0, sep + 1);
    sfx = size.slice(sep + 1);
  } else {
    num = size.slice(0, sep);
    sfx = size.slice(sep + 1);
  }
  let v = parseFloat64(num);
  if (v < 0) fail(`invalid size: '${size}'`);
  if (sfx.length === 0) return Math.trunc(v);
  const bad = (): never => fail(`invalid suffix: '${sfx}'`);
  if (sfx.length > 3) bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') {
    if (sfx.length > 1) bad();
    return Math.trunc(v);
  }
  const mul = binaryMap[sfx[0]!];
  if (!mul) bad();
  v *= mul!;
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) bad();
  return Math.trunc(v);
}

/** opts.MemSwapBytes.Set */
export function memSwapBytes(version: Version) {
  return (raw: string): string => (raw === '-1' ? '-1' : String(ramInBytes(raw, version)));
}
export function memBytes(version: Version) {
  return (raw: string): string => String(ramInBytes(raw, version));
}

/** opts.ParseCPUs (big.Rat SetString, then ×1e9 must be an integer). Returns nano CPUs. */
export function parseCPUs(value: string): number {
  const bad = () => fail(`failed to parse ${value} as a rational number`);
  let num: bigint;
  let den: bigint;
  const frac = /^([+-]?\d+)\/(\d+)$/.exec(value);
  if (frac) {
    num = BigInt(frac[1]!);
    den = BigInt(frac[2]!);
    if (den === 0n) bad();
  } else {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) bad();
    const intPart = m![2] ?? '';
    const fracPart = m![3] ?? '';
    num = BigInt((intPart + fracPart) || '0');
    den = 10n ** BigInt(fracPart.length);
    const exp = Number(m![4] ?? '0');
    if (exp > 0) num *= 10n ** BigInt(exp);
    else if (exp < 0) den *= 10n ** BigInt(-exp);
    if (m![1] === '-') num = -num;
  }
  const nano = num * 1000000000n;
  if (nano % den !== 0n) fail('value is too precise');
  return Number(nano / den);
}

// ---------------------------------------------------------------- IP

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    if (p.length > 1 && p[0] === '0') return undefined; // Go ≥1.17 rejects leading zeros
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  // returns 8 groups
  let head = s;
  let v4: number[] | undefined;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = head.indexOf('::');
  if (dbl >= 0 && head.indexOf('::', dbl + 1) >= 0) return undefined;
  const parseGroups = (t: string): number[] | undefined => {
    if (t === '') return [];
    const gs = t.split(':');
    const out: number[] = [];
    for (const g of gs) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const a = parseGroups(head.slice(0, dbl));
    const b = parseGroups(head.slice(dbl + 2));
    if (!a || !b || a.length + b.length > 7) return undefined;
    groups = [...a, ...new Array<number>(8 - a.length - b.length).fill(0), ...b];
  } else {
    const g = parseGroups(head);
    if (!g || g.length !== 8) return undefined;
    groups = g;
  }
  if (v4) {
    groups[6] = (v4[0]! << 8) | v4[1]!;
    groups[7] = (v4[2]! << 8) | v4[3]!;
  }
  return groups;
}

/** net.ParseIP + IP.String(); undefined when Go's ParseIP returns nil. */
export function parseIP(s: string): string | undefined {
  const v4 = parseIPv4(s);
  if (v4) return v4.join('.');
  if (!s.includes(':')) return undefined;
  const g = parseIPv6(s);
  if (!g) return undefined;
  // IPv4-mapped addresses print in dotted form.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.');
  }
  // RFC 5952: compress the longest run (≥2) of zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}

// ---------------------------------------------------------------- docker opts validators

export function validateIPAddress(version: Version) {
  return (val: string): string => {
    const ip = parseIP(val.trim());
    if (ip !== undefined) return ip;
    fail(version === '20.10' ? `${val} is not an ip address` : `IP address is not correctly formatted: ${val}`);
  };
}

/**
 * opts.ValidateEnv. `-e NAME` (no "=") takes the value from the client's environment
 * in the real CLI; the simulator has none, so the bare name is kept.
 */
export function validateEnv(val: string): string {
  const k = val.split('=', 1)[0];
  if (k === '') fail('invalid environment variable: ' + val);
  return val;
}

export function validateExtraHost(version: Version) {
  return (val: string): string => {
    if (version === '20.10') {
      const i = val.indexOf(':');
      if (i <= 0) fail(`bad format for add-host: ${goQuote(val)}`);
      const ip = val.slice(i + 1);
      if (ip !== 'host-gateway' && parseIP(ip.trim()) === undefined) fail(`invalid IP address in add-host: ${goQuote(ip)}`);
      return val;
    }
    let i = val.indexOf('=');
    if (i < 0) i = val.indexOf(':');
    const k = i < 0 ? '' : val.slice(0, i);
    let v = i < 0 ? '' : val.slice(i + 1);
    if (i < 0 || k === '' || k.includes(':')) fail(`bad format for add-host: ${goQuote(val)}`);
    if (v !== 'host-gateway') {
      if (v.length > 2 && v[0] === '[' && v[v.length - 1] === ']') v = v.slice(1, -1);
      if (parseIP(v.trim()) === undefined) fail(`invalid IP address in add-host: ${goQuote(v)}`);
    }
    return k + ':' + v;
  };
}

const domainRegexp =
  /^((?::?(?::?[a-zA-Z0-9]|(?::?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))(?::?\.(?::?[a-zA-Z0-9]|(?::?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])))*))\.?\s*$/;

export function validateDNSSearch(val: string): string {
  val = val.replace(/^ +| +$/g, '');
  if (val === '.') return val;
  if (!/[a-zA-Z]/.test(val)) fail(`${val} is not a valid domain`);
  const m = domainRegexp.exec(val);
  if (m && m[1]!.length < 255) return m[1]!;
  fail(`${val} is not a valid domain`);
}

/** docker build's validateTag: the name must parse as a reference. */
export function validateTag(version: Version) {
  return (val: string): string => {
    try {
      parseNormalizedNamed(val, version);
    } catch (e) {
      if (e instanceof ReferenceFormatError) fail(e.message);
      throw e;
    }
    return val;
  };
}

export function validateLabel(val: string): string {
  const key = val.split('=', 1)[0]!.replace(/^[ \t]+/, '');
  if (key === '') fail(`invalid label '${val}': empty name`);
  if (/[ \t]/.test(key)) fail(`label '${key}' contains whitespaces`);
  return val;
}

export function validateLink(version: Version) {
  return (val: string): string => {
    if (val === '') fail('empty string specified for links');
    const arr = version === '20.10' ? val.split(':') : splitN(val, ':', 3);
    if (arr.length > 2) fail(`bad format for links: ${val}`);
    return val;
  };
}

export function validateSysctl(version: Version) {
  const allowed = new Set([
    'kernel.msgmax',
    'kernel.msgmnb',
    'kernel.msgmni',
    'kernel.sem',
    'kernel.shmall',
    'kernel.shmmax',
    'kernel.shmmni',
    'kernel.shm_rmid_forced',
  ]);
  const word = version === '20.10' ? 'is not whitelisted' : 'is not allowed';
  return (val: string): string => {
    const eq = val.indexOf('=');
    const k = eq < 0 ? val : val.slice(0, eq);
    if (eq < 0 || (version === '29' && k === '')) fail(`sysctl '${val}' ${word}`);
    if (allowed.has(k) || k.startsWith('net.') || k.startsWith('fs.mqueue.')) return val;
    fail(`sysctl '${val}' ${word}`);
  };
}

export function validateAttach(val: string): string {
  const s = val.toLowerCase();
  if (s === 'stdin' || s === 'stdout' || s === 'stderr') return s;
  fail('valid streams are STDIN, STDOUT and STDERR');
}

const deviceCgroupRuleRegexp = /^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$/;
export function validateDeviceCgroupRule(val: string): string {
  if (deviceCgroupRuleRegexp.test(val)) return val;
  fail(`invalid device cgroup format '${val}'`);
}

export function validateWeightDevice(val: string): string {
  const i = val.indexOf(':');
  if (i < 0) fail(`bad format: ${val}`);
  if (!val.startsWith('/dev/')) fail(`bad format for device path: ${val}`);
  let w: bigint;
  try {
    w = parseUint(val.slice(i + 1), 10, 16);
  } catch {
    fail(`invalid weight for device: ${val}`);
  }
  if (w! > 0n && (w! < 10n || w! > 1000n)) fail(`invalid weight for device: ${val}`);
  return val;
}

export function validateThrottleBps(version: Version) {
  return (val: string): string => {
    const i = val.indexOf(':');
    if (i < 0) fail(`bad format: ${val}`);
    if (!val.startsWith('/dev/')) fail(`bad format for device path: ${val}`);
    const msg = `invalid rate for device: ${val}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb`;
    let rate: number;
    try {
      rate = ramInBytes(val.slice(i + 1), version);
    } catch {
      fail(msg);
    }
    if (rate! < 0) fail(msg);
    return val;
  };
}

export function validateThrottleIOps(val: string): string {
  const i = val.indexOf(':');
  if (i < 0) fail(`bad format: ${val}`);
  if (!val.startsWith('/dev/')) fail(`bad format for device path: ${val}`);
  try {
    parseUint(val.slice(i + 1), 10, 64);
  } catch {
    fail(`invalid rate for device: ${val}. The correct format is <device-path>:<number>. Number must be a positive integer`);
  }
  return val;
}

const ulimitNames = new Set([
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
]);

/** go-units ParseUlimit */
export function validateUlimit(val: string): string {
  const eq = val.indexOf('=');
  if (eq < 0) fail(`invalid ulimit argument: ${val}`);
  const name = val.slice(0, eq);
  if (!ulimitNames.has(name)) fail(`invalid ulimit type: ${name}`);
  const limits = val.slice(eq + 1).split(':');
  if (limits.length > 2) fail(`too many limit value arguments - ${val.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``);
  let hard: bigint | undefined;
  if (limits.length === 2) hard = parseInt64(limits[1]!, 10, 64);
  const soft = parseInt64(limits[0]!, 10, 64);
  if (hard === undefined) hard = soft;
  if (hard !== -1n) {
    if (soft === -1n) fail(`ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: ${hard}`);
    if (soft > hard) fail(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  }
  return val;
}

/** opts.GpuOpts.Set */
export function validateGpus(val: string): string {
  const fields = readCsvRecord(val);
  const seen = new Set<string>();
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq);
    if (seen.has(key)) fail(`gpu request key '${key}' can be specified only once`);
    seen.add(key);
    const count = (s: string) => {
      if (s === 'all') return;
      if (!/^[+-]?\d+$/.test(s)) fail(`count must be an integer: strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
    };
    if (eq < 0) {
      seen.add('count');
      count(key);
      continue;
    }
    const v = field.slice(eq + 1);
    switch (key) {
      case 'driver':
      case 'device':
      case 'capabilities':
      case 'options':
        break;
      case 'count':
        count(v);
        break;
      default:
        fail(`unexpected key '${key}' in '${field}'`);
    }
  }
  return val;
}

/** opts.NetworkOpt.Set (the container `--network` flag). */
export function validateNetwork(val: string): string {
  if (!/\w+=\w+(,\w+=\w+)*/.test(val)) return val;
  const fields = readCsvRecord(val);
  let target = '';
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq < 0) fail(`invalid field ${field}`);
    const key = field.slice(0, eq).trim().toLowerCase();
    const v = field.slice(eq + 1).trim();
    switch (key) {
      case 'name':
        target = v;
        break;
      case 'alias':
      case 'ip':
      case 'ip6':
      case 'mac-address':
      case 'link-local-ip':
      case 'gw-priority':
        break;
      case 'driver-opt':
        if (!v.includes('=')) fail('invalid key value pair format in driver options');
        break;
      default:
        fail(`invalid field key ${key}`);
    }
  }
  if (target === '') fail('network name/id is not specified');
  return val;
}

/** opts.MountOpt.Set (parsing and the checks done at flag-parse time). */
export function validateMount(version: Version) {
  return (value: string): string => {
    if (version === '29') {
      value = value.trim();
      if (value === '') fail('value is empty');
    }
    const fields = readCsvRecord(value);
    let type = 'volume';
    let target = '';
    let readOnly = false;
    let propagation = '';
    const opts = { bind: false, volume: false, tmpfs: false, image: false };
    let roNonRecursive = false;
    let roForceRecursive = false;
    const v29Bool = (key: string, val: string, hasValue: boolean): boolean => {
      if (!hasValue) return true;
      if (val === '1' || val === 'true') return true;
      if (val === '0' || val === 'false') return false;
      fail(
        `invalid value for '${key}': invalid boolean value (${goQuote(val)}): must be one of "true", "1", "false", or "0" (default "true")`,
      );
    };
    for (const field of fields) {
      const eq = field.indexOf('=');
      const hasValue = eq >= 0;
      const rawKey = hasValue ? field.slice(0, eq) : field;
      const val = hasValue ? field.slice(eq + 1) : '';
      if (version === '29') {
        const k = rawKey.trim();
        if (k !== rawKey) fail(`invalid option '${k}' in '${field}': option should not have whitespace`);
        if (hasValue) {
          const v = val.trim();
          if (v === '') fail(`invalid value for '${rawKey}': value is empty`);
          if (v !== val) fail(`invalid value for '${rawKey}' in '${field}': value should not have whitespace`);
        }
      }
      const key = rawKey.toLowerCase();
      if (version === '20.10') {
        if (!hasValue) {
          if (key === 'readonly' || key === 'ro') {
            readOnly = true;
            continue;
          }
          if (key === 'volume-nocopy') {
            opts.volume = true;
            continue;
          }
          if (key === 'bind-nonrecursive') {
            opts.bind = true;
            continue;
          }
          fail(`invalid field '${field}' must be a key=value pair`);
        }
        const bool20 = (msgKey: string) => {
          try {
            return parseBool(val);
          } catch {
            fail(`invalid value for ${msgKey}: ${val}`);
          }
        };
        switch (key) {
          case 'type':
            type = val.toLowerCase();
            break;
          case 'source':
          case 'src':
          case 'consistency':
            break;
          case 'target':
          case 'dst':
          case 'destination':
            target = val;
            break;
          case 'readonly':
          case 'ro':
            readOnly = bool20(key);
            break;
          case 'bind-propagation':
            opts.bind = true;
            break;
          case 'bind-nonrecursive':
            opts.bind = true;
            bool20(key);
            break;
          case 'volume-nocopy':
            opts.volume = true;
            bool20('volume-nocopy');
            break;
          case 'volume-label':
          case 'volume-driver':
          case 'volume-opt':
            opts.volume = true;
            break;
          case 'tmpfs-size':
            opts.tmpfs = true;
            try {
              ramInBytes(val, version);
            } catch {
              fail(`invalid value for ${key}: ${val}`);
            }
            break;
          case 'tmpfs-mode':
            opts.tmpfs = true;
            try {
              parseUint(val, 8, 32);
            } catch {
              fail(`invalid value for ${key}: ${val}`);
            }
            break;
          default:
            fail(`unexpected key '${key}' in '${field}'`);
        }
        continue;
      }
      if (!hasValue && !['readonly', 'ro', 'volume-nocopy', 'bind-nonrecursive', 'bind-create-src'].includes(key)) {
        fail(`invalid field '${field}' must be a key=value pair`);
      }
      switch (key) {
        case 'type':
          type = val.toLowerCase();
          break;
        case 'source':
        case 'src':
        case 'consistency':
          break;
        case 'target':
        case 'dst':
        case 'destination':
          target = val;
          break;
        case 'readonly':
        case 'ro':
          readOnly = v29Bool(key, val, hasValue);
          break;
        case 'bind-propagation':
          opts.bind = true;
          propagation = val.toLowerCase();
          break;
        case 'bind-nonrecursive':
          fail('bind-nonrecursive is deprecated, use bind-recursive=disabled instead');
          break;
        case 'bind-recursive':
          switch (val) {
            case 'enabled':
              break;
            case 'disabled':
              opts.bind = true;
              break;
            case 'writable':
              opts.bind = true;
              roNonRecursive = true;
              break;
            case 'readonly':
              opts.bind = true;
              roForceRecursive = true;
              break;
            default:
              fail(`invalid value for ${key}: ${val} (must be "enabled", "disabled", "writable", or "readonly")`);
          }
          break;
        case 'bind-create-src':
          opts.bind = true;
          v29Bool(key, val, hasValue);
          break;
        case 'volume-subpath':
        case 'volume-label':
        case 'volume-driver':
        case 'volume-opt':
          opts.volume = true;
          break;
        case 'volume-nocopy':
          opts.volume = true;
          v29Bool(key, val, hasValue);
          break;
        case 'image-subpath':
          opts.image = true;
          break;
        case 'tmpfs-size':
          opts.tmpfs = true;
          try {
            ramInBytes(val, version);
          } catch {
            fail(`invalid value for ${key}: ${val}`);
          }
          break;
        case 'tmpfs-mode':
          opts.tmpfs = true;
          try {
            parseUint(val, 8, 32);
          } catch {
            fail(`invalid value for ${key}: ${val}`);
          }
          break;
        default:
          fail(`unknown option '${key}' in '${field}'`);
      }
    }
    if (type === '') fail('type is required');
    if (version === '20.10') {
      if (target === '') fail('target is required');
      if (opts.volume && type !== 'volume') fail(`cannot mix 'volume-*' options with mount type '${type}'`);
      if (opts.bind && type !== 'bind') fail(`cannot mix 'bind-*' options with mount type '${type}'`);
      if (opts.tmpfs && type !== 'tmpfs') fail(`cannot mix 'tmpfs-*' options with mount type '${type}'`);
      return value;
    }
    if (opts.bind && type !== 'bind') fail(`cannot mix 'bind-*' options with mount type '${type}'`);
    if (opts.volume && type !== 'volume') fail(`cannot mix 'volume-*' options with mount type '${type}'`);
    if (opts.image && type !== 'image') fail(`cannot mix 'image-*' options with mount type '${type}'`);
    if (opts.tmpfs && type !== 'tmpfs') fail(`cannot mix 'tmpfs-*' options with mount type '${type}'`);
    if (roNonRecursive && !readOnly) fail("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
    if (roForceRecursive) {
      if (!readOnly) fail("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
      if (propagation !== 'rprivate') {
        fail("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
      }
    }
    return value;
  };
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}
