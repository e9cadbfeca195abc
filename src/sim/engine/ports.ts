/**
 * Published ports as the daemon hands them out (Docker 20.10: the sandbox options of
 * daemon/container_operations.go, libnetwork's bridge driver, its port allocator and the
 * userland proxy; 29 where it differs). Shared by both engines: the simulator binds its
 * proxies in a table of simulated sockets (SocketTable), the native backend on real
 * loopback sockets; both drive the same steps (publishSteps) and keep the result,
 * NetworkSettings.Ports, on the container. The simulator loads this module (its own
 * chunk) with the first create that has ports or a network other than the bridge; what
 * every container needs is in network.ts.
 *
 * Measured on the real 20.10.24 engine (test/conformance/scripts/ports/): host ports from
 * the ephemeral range go in sequence for the daemon's lifetime (a released port is not
 * handed out again before the range wraps), one sequence per host IP and protocol; a port
 * is released when the container stops (also between policy restarts) and taken again at
 * each start; an empty host IP binds 0.0.0.0 and :: (two entries).
 */
import type { ContainerConfig, HostConfig, PortBinding, PortSummary } from '../api.ts';
import { formatIP, isIPv4, joinHostPort, parseIP } from '../cli/format/goip.ts';
import { EngineError, conflict, invalidParameter } from '../errors.ts';
// types only: network.ts is on the page's path, and a value import would split it into a chunk of its own
import type { HostBinding, PortMap } from './network.ts';

export type { HostBinding, PortMap } from './network.ts';

/** nat.SplitProtoPort: [proto, port] (as network.ts's). */
function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if (parts[1] === '') return ['tcp', parts[0]!];
  return [parts[1]!, parts[0]!];
}

/** Linux's default /proc/sys/net/ipv4/ip_local_port_range (the recording host's): the range -P takes ports from. */
export const EPHEMERAL_BEGIN = 32768;
export const EPHEMERAL_END = 60999;

/** An error of the port set-up, in the daemon's words (the engines throw it as a system error). */
export class PortError extends Error {
  override readonly name = 'PortError';
}

// ---- the allocator --------------------------------------------------------------

interface PortRange {
  begin: number;
  end: number;
  last: number;
}

interface ProtoPorts {
  used: Set<number>;
  ranges: Map<string, PortRange>;
}

/** libnetwork's portallocator: per host IP and protocol, the ports in use and where each range's search goes on. */
export class PortAllocator {
  readonly #ips = new Map<string, Map<string, ProtoPorts>>();
  readonly begin: number;
  readonly end: number;

  constructor(begin = EPHEMERAL_BEGIN, end = EPHEMERAL_END) {
    this.begin = begin;
    this.end = end;
  }

  #ports(ip: string, proto: string): ProtoPorts {
    let protos = this.#ips.get(ip);
    if (!protos) {
      protos = new Map();
      for (const p of ['tcp', 'udp', 'sctp']) {
        const key = `${this.begin}-${this.end}`;
        protos.set(p, { used: new Set(), ranges: new Map([[key, { begin: this.begin, end: this.end, last: this.end }]]) });
      }
      this.#ips.set(ip, protos);
    }
    return protos.get(proto)!;
  }

  /** RequestPortInRange: the port itself when start = end > 0, else the next free one of the range (0-0: the ephemeral range). */
  request(ip: string, proto: string, start: number, end: number): number {
    if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') throw new PortError('unknown protocol');
    const m = this.#ports(ip, proto);
    if (start > 0 && start === end) {
      if (m.used.has(start)) throw new PortError(`Bind for ${ip}:${start} failed: port is already allocated`);
      m.used.add(start);
      return start;
    }
    let key = `${this.begin}-${this.end}`;
    if (start !== 0 || end !== 0) {
      key = `${start}-${end}`;
      if (start === end || start === 0 || end === 0 || end < start) throw new PortError(`invalid port range: ${key}`);
    }
    let r = m.ranges.get(key);
    if (!r) {
      r = { begin: start, end, last: end };
      m.ranges.set(key, r);
    }
    let port = r.last;
    for (let i = 0; i <= r.end - r.begin; i++) {
      port++;
      if (port > r.end) port = r.begin;
      if (!m.used.has(port)) {
        m.used.add(port);
        r.last = port;
        return port;
      }
    }
    throw new PortError('all ports are allocated');
  }

  release(ip: string, proto: string, port: number): void {
    this.#ips.get(ip)?.get(proto)?.used.delete(port);
  }

  /** Marks a port in use again (a running container's bindings after the backend reopens). */
  reserve(ip: string, proto: string, port: number): void {
    if (proto === 'tcp' || proto === 'udp' || proto === 'sctp') this.#ports(ip, proto).used.add(port);
  }
}

// ---- what a container asks for ----------------------------------------------------

/** One host binding to make (a libnetwork types.PortBinding before allocation). */
export interface PortRequest {
  port: number;
  /** types.Protocol's name: tcp, udp, sctp, icmp, or "0" for anything else. */
  proto: string;
  /** Canonical host IP, or '' for the default (0.0.0.0 and ::). */
  hostIp: string;
  start: number;
  end: number;
}

export interface PortPlan {
  /** Every exposed port, as NetworkSettings.Ports keys (`80/tcp`, `80/0` for an unknown protocol). */
  exposed: string[];
  requests: PortRequest[];
}

/** nat.ParsePortRange (no '-': one port); undefined on an error. */
function portRange(s: string): [number, number] | undefined {
  const num = (x: string | undefined) => (x !== undefined && /^[0-9]+$/.test(x) && Number(x) <= 65535 ? Number(x) : undefined);
  if (!s.includes('-')) {
    const n = num(s);
    return n === undefined ? undefined : [n, n];
  }
  const parts = s.split('-');
  const a = num(parts[0]);
  const b = num(parts[1]);
  if (a === undefined || b === undefined || b < a) return undefined;
  return [a, b];
}

/** nat.Port.Int(): the port number, 0 when the key is a range or broken. */
const keyPort = (key: string): number => {
  const p = splitProtoPort(key)[1];
  return /^[0-9]+$/.test(p) && Number(p) <= 65535 ? Number(p) : 0;
};

/** types.ParseProtocol + String(). */
function protocolName(s: string): string {
  const p = s.toLowerCase();
  return ['icmp', 'tcp', 'udp', 'sctp'].includes(p) ? p : '0';
}

/** nat toInt: the first port of a HostPort value, 0 for none or a broken one. */
function hostPortStart(s: string): number {
  return portRange(s)?.[0] ?? 0;
}

interface Entry {
  port: string;
  binding?: PortBinding;
}

/** nat.SortPortMap's comparison (not a strict order when explicit and dynamic bindings mix: Go's sort decides then). */
function less(a: Entry, b: Entry): boolean {
  const hpa = a.binding ? hostPortStart(a.binding.HostPort) : 0;
  const hpb = b.binding ? hostPortStart(b.binding.HostPort) : 0;
  const pa = keyPort(a.port);
  const pb = keyPort(b.port);
  return hpa > hpb || pa > pb || (pa === pb && splitProtoPort(a.port)[0].toLowerCase() === 'tcp');
}

/**
 * buildSandboxOptions: the exposed ports and the bindings to make, in the order the daemon
 * makes them (nat.SortPortMap: larger container ports first, tcp before udp, and a port's
 * bindings larger host port first; it means explicit host ports to come first, which its
 * comparison only does for some input orders). Go iterates ExposedPorts in random order;
 * this takes the keys sorted (one of the orders Go may take; they only differ when
 * explicit and -P/dynamic bindings mix). Go's sort.Sort is an insertion sort up to 12
 * entries, as here.
 */
export function planPorts(config: Pick<ContainerConfig, 'ExposedPorts'>, hostConfig: Pick<HostConfig, 'PortBindings' | 'PublishAllPorts'>): PortPlan {
  const ports = Object.keys(config.ExposedPorts ?? {}).sort();
  const bindings = new Map<string, PortBinding[]>();
  for (const [k, v] of Object.entries(hostConfig.PortBindings ?? {})) bindings.set(k, (v ?? []).map((b) => ({ ...b })));
  const entries: Entry[] = [];
  for (const p of ports) {
    const list = bindings.get(p);
    if (list) {
      for (const b of list) entries.push({ port: p, binding: b });
      bindings.set(p, []);
    } else {
      entries.push({ port: p });
    }
  }
  for (let i = 1; i < entries.length; i++) {
    for (let j = i; j > 0 && less(entries[j]!, entries[j - 1]!); j--) {
      [entries[j], entries[j - 1]] = [entries[j - 1]!, entries[j]!];
    }
  }
  // reorder the ports (slots not refilled keep their old value, as in Go) and each port's bindings
  const seen = new Set<string>();
  let i = 0;
  for (const e of entries) {
    if (!seen.has(e.port)) {
      ports[i++] = e.port;
      seen.add(e.port);
    }
    if (e.binding) bindings.get(e.port)?.push(e.binding);
  }
  const exposed: string[] = [];
  const requests: PortRequest[] = [];
  for (const key of ports) {
    const proto = protocolName(splitProtoPort(key)[0]);
    const port = keyPort(key);
    exposed.push(`${port}/${proto}`);
    const list = bindings.get(key) ?? [];
    for (const b of list) {
      // nat.NewPort(nat.SplitProtoPort(HostPort)).Range(): "" is 0-0 (any port)
      const range = b.HostPort === '' ? ([0, 0] as [number, number]) : portRange(splitProtoPort(b.HostPort)[1]);
      if (!range) throw new PortError(`Error parsing HostPort value(${b.HostPort}):strconv.ParseUint: parsing ${JSON.stringify(b.HostPort)}: invalid syntax`);
      const ip = parseIP(b.HostIp);
      requests.push({ port, proto, hostIp: ip ? formatIP(ip) : '', start: range[0], end: range[1] });
    }
    if (hostConfig.PublishAllPorts && list.length === 0) requests.push({ port, proto, hostIp: '', start: 0, end: 0 });
  }
  return { exposed, requests };
}

// ---- making the bindings -------------------------------------------------------------

export interface Published {
  ports: PortMap;
  bindings: HostBinding[];
}

export interface PublishOptions {
  /** The container's name and a fresh endpoint ID (the error text names them). */
  name: string;
  endpointId: () => string;
  old: boolean;
  /** Whether the host can listen on IPv6 (libnetwork's IsV6Listenable): an empty host IP then also binds ::. */
  v6: boolean;
}

/**
 * The port set-up of a start (libnetwork's allocatePortsInternal/allocatePort/MapRange), as
 * steps: it yields each host socket to open and gets back undefined (listening) or the errno
 * text of the failed bind ("address already in use"); `close` undoes an opened one when a
 * later binding fails. Returns NetworkSettings.Ports and the bindings made; throws PortError
 * with the daemon's whole message.
 */
export function* publishSteps(
  alloc: PortAllocator,
  plan: PortPlan,
  opts: PublishOptions,
  close: (b: HostBinding) => void,
): Generator<HostBinding, Published, string | undefined> {
  const made: HostBinding[] = [];
  const fail = (message: string): PortError => {
    for (const b of made) {
      close(b);
      alloc.release(b.hostIp, b.proto, b.hostPort);
    }
    const prefix = `driver failed programming external connectivity on endpoint ${opts.name} (${opts.endpointId()}): ${message}`;
    return new PortError(opts.old ? prefix : `failed to set up container networking: ${prefix}`);
  };
  for (const r of plan.requests) {
    const v4 = r.hostIp === '' ? '0.0.0.0' : isIPv4(parseIP(r.hostIp)!) ? r.hostIp : undefined;
    const v6 = r.hostIp === '' ? (opts.v6 ? '::' : undefined) : isIPv4(parseIP(r.hostIp)!) ? undefined : r.hostIp;
    for (const ip of [v4, v6]) {
      if (ip === undefined) continue;
      if (r.proto !== 'tcp' && r.proto !== 'udp' && r.proto !== 'sctp') throw fail(`invalid transport protocol: ${r.proto}`);
      let error = '';
      let done: HostBinding | undefined;
      // an explicit port is tried once; a dynamic one up to 10 times (maxAllocatePortAttempts)
      for (let attempt = 0; attempt < 10 && !done; attempt++) {
        let port: number;
        try {
          port = alloc.request(ip, r.proto, r.start, r.end || r.start);
        } catch (e) {
          error = (e as Error).message;
          if (r.start !== 0) break;
          continue;
        }
        const b: HostBinding = { proto: r.proto, hostIp: ip, hostPort: port, containerPort: r.port };
        const bindError = yield b;
        if (bindError === undefined) {
          done = b;
          break;
        }
        alloc.release(ip, r.proto, port);
        const family = ip.includes(':') ? '6' : '4';
        error = opts.old
          ? `Error starting userland proxy: listen ${r.proto}${family} ${joinHostPort(ip, String(port))}: bind: ${bindError}`
          : `failed to bind host port ${joinHostPort(ip, String(port))}/${r.proto}: ${bindError}`;
        if (r.start !== 0) break;
      }
      if (!done) throw fail(error);
      made.push(done);
    }
  }
  const ports: PortMap = {};
  for (const key of plan.exposed) ports[key] = null;
  for (const b of made) (ports[`${b.containerPort}/${b.proto}`] ??= []).push({ HostIp: b.hostIp, HostPort: String(b.hostPort) });
  return { ports, bindings: made };
}

/** Runs publishSteps with a synchronous `open` (the simulator). */
export function publishSync(steps: Generator<HostBinding, Published, string | undefined>, open: (b: HostBinding) => string | undefined): Published {
  let r = steps.next();
  while (!r.done) r = steps.next(open(r.value));
  return r.value;
}

/** Runs publishSteps with an asynchronous `open` (the native backend's real sockets). */
export async function publishAsync(
  steps: Generator<HostBinding, Published, string | undefined>,
  open: (b: HostBinding) => Promise<string | undefined>,
): Promise<Published> {
  let r = steps.next();
  while (!r.done) r = steps.next(await open(r.value));
  return r.value;
}

/** Releases a container's bindings (its sandbox goes at the stop). */
export function unpublish(alloc: PortAllocator, bindings: readonly HostBinding[], close: (b: HostBinding) => void): void {
  for (const b of bindings) {
    close(b);
    alloc.release(b.hostIp, b.proto, b.hostPort);
  }
}

/** The bindings recorded in NetworkSettings.Ports (to take them again after a restart of the backend). */
export function bindingsOf(ports: PortMap): HostBinding[] {
  const out: HostBinding[] = [];
  for (const [key, list] of Object.entries(ports)) {
    const [proto, port] = splitProtoPort(key);
    for (const b of list ?? []) out.push({ proto, hostIp: b.HostIp, hostPort: Number(b.HostPort), containerPort: Number(port) });
  }
  return out;
}

// ---- the simulated host's sockets ------------------------------------------------------

/**
 * The host's bound sockets as the kernel checks a bind (the simulator's proxies): one port
 * and protocol per address family, where the wildcard (0.0.0.0, ::) takes every address of
 * its family; IPv6 sockets are V6ONLY (docker-proxy listens on tcp6), so 0.0.0.0 and :: coexist.
 */
export class SocketTable {
  readonly #bound: HostBinding[] = [];

  bind(b: HostBinding): string | undefined {
    const v6 = b.hostIp.includes(':');
    const wildcard = (ip: string) => ip === '0.0.0.0' || ip === '::';
    const clash = this.#bound.some(
      (o) => o.proto === b.proto && o.hostPort === b.hostPort && o.hostIp.includes(':') === v6 && (o.hostIp === b.hostIp || wildcard(o.hostIp) || wildcard(b.hostIp)),
    );
    if (clash) return 'address already in use';
    this.#bound.push(b);
    return undefined;
  }

  unbind(b: HostBinding): void {
    const i = this.#bound.indexOf(b);
    if (i >= 0) this.#bound.splice(i, 1);
  }
}

// ---- ps --filter publish= / expose= ------------------------------------------------------------

/** daemon/list.go portOp: the `PORT/PROTO` keys a filter value stands for, or its error text. */
export function portFilterKeys(key: string, value: string, old: boolean): string[] | string {
  if (value.includes(':')) return `filter for '${key}' should not contain ':': ${value}`;
  const fail = (why: string) => `error while looking up for ${key} ${value}: ${why}`;
  let proto: string;
  let range: string;
  if (old) {
    [proto, range] = splitProtoPort(value);
  } else {
    const slash = value.indexOf('/');
    range = slash < 0 ? value : value.slice(0, slash);
    proto = (slash < 0 ? '' : value.slice(slash + 1)).toLowerCase() || 'tcp';
  }
  if (range === '') return fail(old ? 'Empty string specified for ports.' : 'invalid port range: value is empty');
  const parts = range.split('-');
  const num = (s: string | undefined) => (s !== undefined && /^[0-9]+$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined);
  const strconvError = (s: string) =>
    old ? `strconv.ParseUint: parsing ${JSON.stringify(s)}: ${/^[0-9]+$/.test(s) ? 'value out of range' : 'invalid syntax'}` : '';
  const start = num(parts[0]);
  if (start === undefined) return fail(old ? strconvError(parts[0]!) : `invalid start port '${parts[0]}': ${/^[0-9]+$/.test(parts[0]!) ? 'value out of range' : 'invalid syntax'}`);
  let end = start;
  if (parts.length > 1 && (old || parts[1] !== parts[0])) {
    const e = num(parts[1]);
    if (e === undefined) return fail(old ? strconvError(parts[1]!) : `invalid end port '${parts[1]}': ${/^[0-9]+$/.test(parts[1]!) ? 'value out of range' : 'invalid syntax'}`);
    if (e < start) return fail(old ? `Invalid range specified for the Port: ${range}` : `invalid port range: ${value}`);
    end = e;
  }
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto}`);
  return out;
}

/** Whether a container's list ports (network.ts's portSummaries) match a publish= (host side) or expose= (container side) key. */
export function portsMatch(ports: readonly PortSummary[], publish: ReadonlySet<string>, expose: ReadonlySet<string>): boolean {
  return ports.some((p) => publish.has(`${p.PublicPort ?? 0}/${p.Type}`) || expose.has(`${p.PrivatePort}/${p.Type}`));
}

// ---- network modes ----------------------------------------------------------------------------

/** Networks every daemon has (a user-defined one would need `docker network create`, which is not modelled). */
export function knownNetwork(mode: string): boolean {
  return ['default', 'bridge', 'host', 'none', ''].includes(mode) || mode.startsWith('container:');
}

/**
 * Create's network part (both engines): validateNetContainerMode's refusals, the container
 * whose network is joined recorded by its full ID, and the warning for ports on the host
 * network. Returns the create warnings.
 */
export function createNetwork(
  config: Partial<Pick<ContainerConfig, 'Hostname' | 'ExposedPorts'>>,
  hostConfig: Pick<HostConfig, 'NetworkMode' | 'PortBindings' | 'PublishAllPorts'>,
  find: (ref: string) => { id: string } | undefined,
): string[] {
  const refused = networkModeError(config, hostConfig);
  if (refused) throw invalidParameter(refused);
  if (hostConfig.NetworkMode.startsWith('container:')) {
    const joined = find(hostConfig.NetworkMode.slice('container:'.length));
    if (joined) hostConfig.NetworkMode = `container:${joined.id}`;
  }
  if (hostConfig.NetworkMode === 'host' && Object.keys(hostConfig.PortBindings ?? {}).length > 0) {
    return ['Published ports are discarded when using host network mode'];
  }
  return [];
}

/**
 * containerStart's network step before the ports: another container's network (it must
 * run), host, none, or the bridge. Returns whether the container is on the bridge (its
 * ports are to be published); throws the daemon's error for a network it cannot join.
 */
export function joinNetwork(hostConfig: Pick<HostConfig, 'NetworkMode'>, find: (ref: string) => { id: string; state: string } | undefined): boolean {
  const mode = hostConfig.NetworkMode;
  if (mode.startsWith('container:')) {
    const ref = mode.slice('container:'.length);
    const target = find(ref);
    if (!target) throw new EngineError('notFound', `No such container: ${ref}`);
    if (target.state !== 'running' && target.state !== 'paused') throw conflict(`cannot join network of a non running container: ${target.id}`);
    return false;
  }
  if (!knownNetwork(mode)) throw new EngineError('notFound', `network ${mode} not found`);
  return mode === 'default' || mode === 'bridge' || mode === '';
}

/** runconfig's validateNetContainerMode: what create refuses with --network container:… */
export function networkModeError(
  config: Partial<Pick<ContainerConfig, 'Hostname' | 'ExposedPorts'>>,
  hostConfig: Pick<HostConfig, 'NetworkMode' | 'PortBindings' | 'PublishAllPorts'>,
): string | undefined {
  const parts = hostConfig.NetworkMode.split(':');
  if (parts[0] !== 'container') return undefined;
  if (parts.length < 2 || parts[1] === '') return 'Invalid network mode: invalid container format container:<name|id>';
  if (config.Hostname) return 'conflicting options: hostname and the network mode';
  if (Object.keys(hostConfig.PortBindings ?? {}).length > 0 || hostConfig.PublishAllPorts) {
    return 'conflicting options: port publishing and the container type network mode';
  }
  if (Object.keys(config.ExposedPorts ?? {}).length > 0) return 'conflicting options: port exposing and the container type network mode';
  return undefined;
}

// ---- the simulator's daemon -------------------------------------------------------------------

/** A container as SimPorts sees it (the simulator's Container). */
interface SimPortsContainer {
  name: string;
  config: Pick<ContainerConfig, 'ExposedPorts'>;
  hostConfig: Pick<HostConfig, 'NetworkMode' | 'PortBindings' | 'PublishAllPorts'>;
  ports: PortMap;
  published: HostBinding[];
}

/**
 * The simulated daemon's port state and steps (loaded with this module by the first create
 * that needs it, so that the engine on the page's path holds only the calls): the allocator,
 * the simulated host's sockets, create's network checks, the join and publish of a start,
 * the release at the end, the ps filters.
 */
export class SimPorts {
  readonly alloc = new PortAllocator();
  readonly sockets = new SocketTable();
  readonly createNetwork = createNetwork;
  readonly filter = { keys: portFilterKeys, match: portsMatch };

  /** containerStart's network step: sets NetworkSettings.Ports; throws the daemon's EngineError. */
  connect(c: SimPortsContainer, o: { find: (ref: string) => { id: string; state: string } | undefined; endpointId: () => string; old: boolean }): void {
    if (!joinNetwork(c.hostConfig, o.find) || Object.keys(c.config.ExposedPorts ?? {}).length === 0) return;
    const steps = publishSteps(this.alloc, planPorts(c.config, c.hostConfig), { name: c.name, endpointId: o.endpointId, old: o.old, v6: true }, (b) =>
      this.sockets.unbind(b),
    );
    try {
      const done = publishSync(steps, (b) => this.sockets.bind(b));
      c.ports = done.ports;
      c.published = done.bindings;
    } catch (e) {
      throw e instanceof PortError ? new EngineError('system', e.message) : e;
    }
  }

  release(c: SimPortsContainer): void {
    unpublish(this.alloc, c.published, (b) => this.sockets.unbind(b));
  }
}
