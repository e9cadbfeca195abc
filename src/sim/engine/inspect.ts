/** Builds the API views of a container: inspect JSON and the list summary. */
import type { ContainerInspect, ContainerSummary, NetworkSettings } from '../api.ts';
import type { Profile } from '../profile.ts';
import type { Container } from './container.ts';
import { portSummaries } from './network.ts';
import { rfc3339Nano, statusOf, statusText } from './status.ts';

const MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** The bridge endpoint as a daemon without a bridge network (the recording host: --bridge=none) reports it. */
function endpoint(): Record<string, unknown> {
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    MacAddress: '',
    DriverOpts: null,
  };
}

function networkSettings(c: Container): NetworkSettings {
  // the daemon copies NetworkSettings.Ports into a new map: {} when there is none
  const ports = cloneData(c.ports ?? {});
  return {
    Bridge: '',
    SandboxID: c.sandboxId,
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: ports,
    SandboxKey: c.sandboxId ? `/var/run/docker/netns/${c.sandboxId.slice(0, 12)}` : '',
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: '',
    Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    MacAddress: '',
    Networks: { bridge: endpoint() },
  } as unknown as NetworkSettings;
}

/** HostConfig as the daemon stores it, in Go field order (what `docker inspect` prints). */
function hostConfigView(c: Container): Record<string, unknown> {
  const h = cloneData(c.hostConfig);
  return {
    Binds: h.Binds,
    ContainerIDFile: '',
    LogConfig: { Type: 'json-file', Config: {} },
    NetworkMode: h.NetworkMode,
    PortBindings: h.PortBindings,
    RestartPolicy: h.RestartPolicy,
    AutoRemove: h.AutoRemove,
    VolumeDriver: '',
    VolumesFrom: h.VolumesFrom,
    CapAdd: null,
    CapDrop: null,
    CgroupnsMode: 'host',
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: null,
    GroupAdd: null,
    IpcMode: 'private',
    Cgroup: '',
    Links: null,
    OomScoreAdj: 0,
    PidMode: '',
    Privileged: false,
    PublishAllPorts: h.PublishAllPorts,
    ReadonlyRootfs: false,
    SecurityOpt: null,
    UTSMode: '',
    UsernsMode: '',
    ShmSize: 67108864,
    Runtime: 'runc',
    ConsoleSize: [0, 0],
    ...(h.Init !== undefined && h.Init !== null ? { Init: h.Init } : {}),
    Isolation: '',
    CpuShares: h.CpuShares,
    Memory: h.Memory,
    NanoCpus: h.NanoCpus,
    CgroupParent: '',
    BlkioWeight: 0,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: 0,
    CpuQuota: 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: '',
    CpusetMems: '',
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    KernelMemory: 0,
    KernelMemoryTCP: 0,
    MemoryReservation: 0,
    MemorySwap: h.Memory > 0 ? h.Memory * 2 : 0,
    MemorySwappiness: null,
    OomKillDisable: false,
    PidsLimit: h.PidsLimit,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    MaskedPaths: MASKED_PATHS,
    ReadonlyPaths: READONLY_PATHS,
  };
}

export interface InspectExtras {
  /** The daemon's data root, for paths (default /var/lib/docker). */
  dataRoot?: string;
  /** GraphDriver.Data of the image (its layers' dirs). */
  imageGraph?: Record<string, string>;
}

export function inspectContainer(c: Container, profile: Profile, extras: InspectExtras = {}): ContainerInspect {
  const status = statusOf(c);
  const running = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
  const root = extras.dataRoot ?? '/var/lib/docker';
  const started = c.startedAt !== 0 || c.finishedAt !== 0 || c.exitCode !== 0;
  const dir = `${root}/containers/${c.id}`;
  const layer = `${root}/overlay2/${c.layerId}`;
  const img = extras.imageGraph ?? {};
  const lower = [`${layer}-init/diff`, img['UpperDir'], img['LowerDir']].filter(Boolean).join(':');
  void profile;
  return {
    Id: c.id,
    Created: rfc3339Nano(c.createdAt),
    Path: c.path,
    Args: [...c.args],
    State: {
      Status: status,
      Running: running,
      Paused: c.state === 'paused',
      Restarting: c.state === 'restarting',
      OOMKilled: c.oomKilled,
      Dead: c.state === 'dead',
      Pid: c.pid,
      ExitCode: c.exitCode,
      Error: c.error,
      StartedAt: rfc3339Nano(c.startedAt),
      FinishedAt: rfc3339Nano(c.finishedAt),
    },
    Image: c.imageId,
    ResolvConfPath: started ? `${dir}/resolv.conf` : '',
    HostnamePath: started ? `${dir}/hostname` : '',
    HostsPath: started ? `${dir}/hosts` : '',
    LogPath: started ? `${dir}/${c.id}-json.log` : '',
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: c.execIds.length ? [...c.execIds] : null,
    HostConfig: cachedView(hostConfigs, c, hostConfigView) as unknown as ContainerInspect['HostConfig'],
    GraphDriver: {
      Data: {
        LowerDir: lower,
        MergedDir: `${layer}/merged`,
        UpperDir: `${layer}/diff`,
        WorkDir: `${layer}/work`,
      },
      Name: 'overlay2',
    },
    Mounts: c.mounts.map((m) => ({ ...m })),
    Config: cachedView(configs, c, (x) => cloneData(x.config)),
    NetworkSettings: networkSettings(c),
  } as ContainerInspect;
}

const hostConfigs = new WeakMap<Container, unknown>();
const configs = new WeakMap<Container, unknown>();

/**
 * A container's config and host config never change after create: their inspect
 * views are built once and shared, frozen (callers read them, never write).
 */
function cachedView<T>(cache: WeakMap<Container, unknown>, c: Container, build: (c: Container) => T): T {
  let v = cache.get(c) as T | undefined;
  if (v === undefined) {
    v = deepFreeze(build(c));
    cache.set(c, v);
  }
  return v;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** A deep copy of plain JSON-like data (much cheaper than structuredClone for small objects). */
export function cloneData<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneData) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = cloneData((v as Record<string, unknown>)[k]);
  return out as T;
}

/** `Command` of the list API: Path and Args, args containing a space quoted with '…'. */
export function commandLine(c: Container): string {
  const parts = [c.path, ...c.args].map((a, i) => (i > 0 && /\s/.test(a) ? `'${a}'` : a));
  return parts.join(' ');
}

export function summarize(c: Container, imageRef: string, now: number): ContainerSummary {
  const ports = portSummaries(c.ports);
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: imageRef,
    ImageID: c.imageId,
    Command: commandLine(c),
    Created: Math.floor(c.createdAt / 1000),
    Ports: ports,
    Labels: { ...c.config.Labels },
    State: statusOf(c),
    Status: statusText(c, now),
    Mounts: c.mounts.map((m) => ({ ...m })),
    // a container on another's network has none of its own
    NetworkNames: c.hostConfig.NetworkMode.startsWith('container:') ? [] : [c.hostConfig.NetworkMode === 'default' ? 'bridge' : c.hostConfig.NetworkMode],
  };
}
