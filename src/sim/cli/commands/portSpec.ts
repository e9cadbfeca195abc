/**
 * `-p`, `--expose` and `docker port`'s PRIVATE_PORT[/PROTO] as the docker CLI parses them:
 * go-connections' nat package (20.10's, and the rewritten one 29 vendors) and
 * convertToStandardNotation for the long `published=…,target=…` syntax. Texts are the
 * CLI's own (the run/create command adds `docker: ` and `See 'docker run --help'.`).
 */
import type { PortBinding } from '../../api.ts';
import { canonicalIP, parseIP, splitHostPort } from '../format/goip.ts';

export class PortSpecError extends Error {}

const VALID_PROTOS = ['tcp', 'udp', 'sctp'];

/** strconv.ParseUint(s, 10, 16) with Go's error text. */
function parseUint16(s: string): number | string {
  if (!/^[0-9]+$/.test(s)) return `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`;
  const n = Number(s);
  if (n > 65535) return `strconv.ParseUint: parsing ${goQuote(s)}: value out of range`;
  return n;
}

/** strconv.Quote for the texts above (printable ASCII is all a port spec normally holds). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** 20.10's nat.ParsePortRange: "8000-9000" → [start, end] or an error text. */
export function parsePortRangeOld(ports: string): [number, number] | string {
  if (ports === '') return 'Empty string specified for ports.';
  if (!ports.includes('-')) {
    const n = parseUint16(ports);
    return typeof n === 'string' ? n : [n, n];
  }
  const parts = ports.split('-');
  const start = parseUint16(parts[0]!);
  if (typeof start === 'string') return start;
  const end = parseUint16(parts[1]!);
  if (typeof end === 'string') return end;
  if (end < start) return `Invalid range specified for the Port: ${ports}`;
  return [start, end];
}

/** 29's parsePortNumber: errors unwrapped from strconv ("invalid syntax", "value out of range (0–65535)"). */
function portNumber29(raw: string): number | string {
  if (raw === '') return 'value is empty';
  if (!/^[+-]?[0-9]+$/.test(raw)) return 'invalid syntax';
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63) return 'value out of range';
  if (n < 0 || n > 65535) return 'value out of range (0–65535)';
  return n;
}

/** 29's nat.parsePortRange. */
function parsePortRange29(ports: string): [number, number] | string {
  if (ports === '') return 'empty string specified for ports';
  const dash = ports.indexOf('-');
  const start = dash < 0 ? ports : ports.slice(0, dash);
  const end = dash < 0 ? '' : ports.slice(dash + 1);
  const s = portNumber29(start);
  if (typeof s === 'string') return `invalid start port '${start}': ${s}`;
  if (dash < 0 || start === end) return [s, s];
  const e = portNumber29(end);
  if (typeof e === 'string') return `invalid end port '${end}': ${e}`;
  if (e < s) return `invalid port range: ${ports}`;
  return [s, e];
}

interface Mapping {
  port: string;
  binding: PortBinding;
}

function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(':');
  const n = parts.length;
  if (n === 1) return ['', '', parts[0]!];
  if (n === 2) return ['', parts[0]!, parts[1]!];
  if (n === 3) return [parts[0]!, parts[1]!, parts[2]!];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2]!, parts[n - 1]!];
}

/** 20.10's nat.SplitProtoPort: [proto, port]. */
export function splitProtoPortOld(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if (parts[1] === '') return ['tcp', parts[0]!];
  return [parts[1]!, parts[0]!];
}

function parseSpecOld(raw: string): Mapping[] {
  const [rawIP, hostPort, cp] = splitParts(raw);
  const [proto, containerPort] = splitProtoPortOld(cp);
  const split = splitHostPort(`${rawIP}:`);
  if (!Array.isArray(split)) throw new PortSpecError(`Invalid ip address ${rawIP}: ${split.error}`);
  const ip = split[0];
  if (ip !== '' && !parseIP(ip)) throw new PortSpecError(`Invalid ip address: ${ip}`);
  if (containerPort === '') throw new PortSpecError(`No port specified: ${raw}<empty>`);
  const c = parsePortRangeOld(containerPort);
  if (typeof c === 'string') throw new PortSpecError(`Invalid containerPort: ${containerPort}`);
  let h: [number, number] = [0, 0];
  if (hostPort !== '') {
    const r = parsePortRangeOld(hostPort);
    if (typeof r === 'string') throw new PortSpecError(`Invalid hostPort: ${hostPort}`);
    h = r;
  }
  if (hostPort !== '' && c[1] - c[0] !== h[1] - h[0] && c[1] !== c[0]) {
    throw new PortSpecError(`Invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
  }
  if (!VALID_PROTOS.includes(proto.toLowerCase())) throw new PortSpecError(`Invalid proto: ${proto}`);
  const out: Mapping[] = [];
  for (let i = 0; i <= c[1] - c[0]; i++) {
    let hp = hostPort === '' ? '' : String(h[0] + i);
    if (c[0] === c[1] && h[0] !== h[1]) hp = `${hp}-${h[1]}`;
    out.push({ port: `${c[0] + i}/${proto.toLowerCase()}`, binding: { HostIp: ip, HostPort: hp } });
  }
  return out;
}

function parseSpec29(raw: string): Mapping[] {
  let [ip, hostPort, cp] = splitParts(raw);
  const slash = cp.indexOf('/');
  const containerPort = slash < 0 ? cp : cp.slice(0, slash);
  let proto = slash < 0 ? '' : cp.slice(slash + 1);
  if (containerPort === '') throw new PortSpecError(`no port specified: ${raw}<empty>`);
  proto = (proto || 'tcp').toLowerCase();
  if (!VALID_PROTOS.includes(proto)) throw new PortSpecError(`invalid proto: ${proto}`);
  if (ip !== '' && ip[0] === '[') {
    const split = splitHostPort(`${ip}:`);
    if (!Array.isArray(split)) throw new PortSpecError(`invalid IP address ${ip}: ${split.error}`);
    ip = split[0];
  }
  if (ip !== '' && !parseIP(ip)) throw new PortSpecError(`invalid IP address: ${ip}`);
  const c = parsePortRange29(containerPort);
  if (typeof c === 'string') throw new PortSpecError(`invalid containerPort: ${containerPort}`);
  let h: [number, number] = [0, 0];
  if (hostPort !== '') {
    const r = parsePortRange29(hostPort);
    if (typeof r === 'string') throw new PortSpecError(`invalid hostPort: ${hostPort}`);
    h = r;
    if (c[1] - c[0] !== h[1] - h[0] && c[1] !== c[0]) {
      throw new PortSpecError(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
    }
  }
  const count = c[1] - c[0] + 1;
  const out: Mapping[] = [];
  for (let i = 0; i < count; i++) {
    let hp = '';
    if (hostPort !== '') {
      hp = String(h[0] + i);
      if (count === 1 && h[0] !== h[1]) hp += `-${h[1]}`;
    }
    // 29 stores the host IP as a netip.Addr: it goes out in canonical form
    out.push({ port: `${c[0] + i}/${proto}`, binding: { HostIp: ip === '' ? '' : (canonicalIP(ip) ?? ip), HostPort: hp } });
  }
  return out;
}

/** convertToStandardNotation: `published=8080,target=80[,protocol=udp]` → `8080:80/udp`. */
function standardNotation(spec: string, old: boolean): string {
  if (!spec.includes('=')) return spec;
  const params: Record<string, string> = { protocol: 'tcp' };
  for (const param of spec.split(',')) {
    const opt = param.split('=');
    if (opt.length < 2) {
      throw new PortSpecError(
        old ? `invalid publish opts format (should be name=value but got '${param}')` : `invalid publish opts format (should be name=value but got '${param}')`,
      );
    }
    params[opt[0]!] = opt[1]!;
  }
  return `${params['published'] ?? ''}:${params['target'] ?? ''}/${params['protocol']}`;
}

/** nat.ParsePortSpecs over every `-p`: ExposedPorts and PortBindings in the order given. */
export function parsePublish(specs: string[], old: boolean): { exposed: Record<string, object>; bindings: Record<string, PortBinding[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, PortBinding[]> = {};
  const converted = specs.map((s) => standardNotation(s, old));
  for (const spec of converted) {
    for (const m of old ? parseSpecOld(spec) : parseSpec29(spec)) {
      exposed[m.port] = {};
      (bindings[m.port] ??= []).push(m.binding);
    }
  }
  return { exposed, bindings };
}

/** `--expose PORT[-END][/PROTO]`: every port of the range (20.10 keeps the protocol as typed). */
export function parseExpose(values: string[], exposed: Record<string, object>, old: boolean): void {
  for (const e of values) {
    if (old) {
      if (e.includes(':')) throw new PortSpecError(`invalid port format for --expose: ${e}`);
      const [proto, port] = splitProtoPortOld(e);
      const r = parsePortRangeOld(port);
      if (typeof r === 'string') throw new PortSpecError(`invalid range format for --expose: ${e}, error: ${r}`);
      for (let i = r[0]; i <= r[1]; i++) exposed[`${i}/${proto}`] = {};
      continue;
    }
    // 29: network.ParsePortRange (the protocol lower-cased, anything accepted)
    if (e === '') throw new PortSpecError('invalid range format for --expose: invalid port range: value is empty');
    const slash = e.indexOf('/');
    const range = slash < 0 ? e : e.slice(0, slash);
    const proto = (slash < 0 ? '' : e.slice(slash + 1)).toLowerCase() || 'tcp';
    const dash = range.indexOf('-');
    const start = dash < 0 ? range : range.slice(0, dash);
    const end = dash < 0 ? '' : range.slice(dash + 1);
    const s = uint16Unwrapped(start);
    if (typeof s === 'string') throw new PortSpecError(`invalid range format for --expose: invalid start port '${start}': ${s}`);
    let last = s;
    if (dash >= 0 && start !== end) {
      const t = uint16Unwrapped(end);
      if (typeof t === 'string') throw new PortSpecError(`invalid range format for --expose: invalid end port '${end}': ${t}`);
      if (t < s) throw new PortSpecError(`invalid range format for --expose: invalid port range: ${e}`);
      last = t;
    }
    for (let i = s; i <= last; i++) exposed[`${i}/${proto}`] = {};
  }
}

/** moby/api's parsePortNumber: ParseUint(…, 10, 16) with the strconv error unwrapped. */
function uint16Unwrapped(raw: string): number | string {
  if (raw === '') return 'value is empty';
  if (!/^[0-9]+$/.test(raw)) return 'invalid syntax';
  return Number(raw) > 65535 ? 'value out of range' : Number(raw);
}

/**
 * `docker port CONTAINER PRIVATE_PORT[/PROTO]`: the NetworkSettings.Ports key to look up,
 * the text its "No public port" error names, or the parse error the CLI prints.
 */
export function portArgument(arg: string, old: boolean): { key: string; shown: string } | { error: string } {
  if (old) {
    let port = arg;
    let proto = 'tcp';
    const i = arg.indexOf('/');
    if (i >= 0 && arg.slice(i + 1) !== '') {
      port = arg.slice(0, i);
      proto = arg.slice(i + 1);
    }
    // nat.NewPort: an empty port is 0, a range stays a range
    let key: string;
    if (port === '') key = `0/${proto}`;
    else {
      const r = parsePortRangeOld(port);
      if (typeof r === 'string') return { error: r };
      key = r[0] === r[1] ? `${r[0]}/${proto}` : `${r[0]}-${r[1]}/${proto}`;
    }
    return { key, shown: `${port}/${proto}` };
  }
  // 29: network.ParsePort (a single port, protocol lower-cased)
  if (arg === '') return { error: 'invalid port: value is empty' };
  const i = arg.indexOf('/');
  const port = i < 0 ? arg : arg.slice(0, i);
  const proto = (i < 0 ? '' : arg.slice(i + 1)).toLowerCase() || 'tcp';
  const n = uint16Unwrapped(port);
  if (typeof n === 'string') return { error: `invalid port '${port}': ${n}` };
  return { key: `${n}/${proto}`, shown: arg };
}
