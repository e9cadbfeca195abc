/**
 * The OCI bundle config.json for one container, shaped like Docker 20.10's: Docker's
 * default mounts, capability set, masked and read-only paths; runc's `runc spec` rlimits.
 * Not included (documented in README.md): seccomp and AppArmor profiles.
 *
 * Devices: runc itself creates /dev/null, zero, full, random, urandom, tty (and ptmx,
 * the /dev/fd, stdin, stdout, stderr links, /dev/console with a terminal) in the /dev
 * tmpfs and allows them in the devices cgroup, so the config lists no devices.
 *
 * Network: a new network namespace without a path; runc (specconv) then adds a loopback
 * "network" and brings `lo` up with 127.0.0.1/8 and ::1 (checked with `ip addr` inside).
 *
 * Mount points: runc creates a missing mount point (/proc, /dev, /sys, /etc/hosts, …) in
 * the root filesystem, i.e. in the container's upper dir; the image store's init layer
 * should carry them (as Docker's -init layer does) so they never show up in `diff`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Docker's default capability set (moby oci/caps/defaults.go). */
export const DOCKER_DEFAULT_CAPS = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** Docker's masked paths (bind-mounted over with /dev/null or an empty read-only tmpfs). */
export const DOCKER_MASKED_PATHS = [
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

export const DOCKER_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

export interface OciProcess {
  terminal: boolean;
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities?: { bounding: string[]; effective: string[]; permitted: string[] };
  rlimits?: { type: string; hard: number; soft: number }[];
  noNewPrivileges?: boolean;
  oomScoreAdj?: number;
}

export interface OciConfig {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly: boolean };
  hostname: string;
  mounts: OciMount[];
  linux: {
    cgroupsPath: string;
    namespaces: { type: string; path?: string }[];
    resources: { devices: { allow: boolean; access: string }[] };
    maskedPaths: string[];
    readonlyPaths: string[];
  };
}

export interface BindMount {
  /** Host path. */
  source: string;
  /** Path inside the container. */
  destination: string;
  readonly?: boolean;
}

export interface BundleSpec {
  /** Container ID; the hostname defaults to its first 12 characters (Docker's short ID). */
  id: string;
  hostname?: string;
  /** The root filesystem (the overlay's merged dir), absolute. */
  rootfs: string;
  readonlyRootfs?: boolean;
  args: string[];
  /** Final environment, KEY=value (the caller adds PATH, HOSTNAME, TERM, HOME as Docker does). */
  env: string[];
  cwd?: string;
  user?: { uid: number; gid: number; additionalGids?: number[] };
  tty?: boolean;
  /** From cgroups.runcCgroupsPath(). */
  cgroupsPath: string;
  /** Host files bind-mounted at /etc/hosts, /etc/hostname, /etc/resolv.conf. */
  hostsFile?: string;
  hostnameFile?: string;
  resolvConfFile?: string;
  /** Volumes and -v binds. */
  binds?: BindMount[];
  /** Also unshare the cgroup namespace (Docker does on cgroup v2 hosts). */
  cgroupNamespace?: boolean;
  /** 'none' (default): a new network namespace with loopback only; 'host': no netns; or join one. */
  network?: 'none' | 'host' | { path: string };
  /** RLIMIT_NOFILE; default runc spec's 1024. */
  nofile?: number;
}

export function buildConfig(spec: BundleSpec): OciConfig {
  const root = spec.user?.uid === 0 || spec.user === undefined;
  const caps = [...DOCKER_DEFAULT_CAPS];
  const mounts: OciMount[] = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
  ];
  const bind = (source: string, destination: string, ro = false): OciMount => ({
    destination,
    type: 'bind',
    source,
    options: ['rbind', 'rprivate', ...(ro ? ['ro'] : [])],
  });
  if (spec.resolvConfFile) mounts.push(bind(spec.resolvConfFile, '/etc/resolv.conf'));
  if (spec.hostnameFile) mounts.push(bind(spec.hostnameFile, '/etc/hostname'));
  if (spec.hostsFile) mounts.push(bind(spec.hostsFile, '/etc/hosts'));
  // Docker sorts user mounts by depth so a parent is mounted before its children.
  const binds = [...(spec.binds ?? [])].sort((a, b) => a.destination.split('/').length - b.destination.split('/').length);
  for (const b of binds) mounts.push(bind(b.source, b.destination, b.readonly));

  const namespaces: { type: string; path?: string }[] = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  const net = spec.network ?? 'none';
  if (net === 'none') namespaces.push({ type: 'network' });
  else if (net !== 'host') namespaces.push({ type: 'network', path: net.path });
  if (spec.cgroupNamespace) namespaces.push({ type: 'cgroup' });

  const nofile = spec.nofile ?? 1024;
  return {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: spec.tty ?? false,
      user: spec.user ?? { uid: 0, gid: 0 },
      args: spec.args,
      env: spec.env,
      cwd: spec.cwd || '/',
      // Docker gives a non-root user the bounding set only (execve drops the rest anyway).
      capabilities: { bounding: caps, effective: root ? caps : [], permitted: root ? caps : [] },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: nofile, soft: nofile }],
      noNewPrivileges: false,
      oomScoreAdj: 0,
    },
    root: { path: spec.rootfs, readonly: spec.readonlyRootfs ?? false },
    hostname: spec.hostname ?? spec.id.slice(0, 12),
    mounts,
    linux: {
      cgroupsPath: spec.cgroupsPath,
      namespaces,
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      maskedPaths: DOCKER_MASKED_PATHS,
      readonlyPaths: DOCKER_READONLY_PATHS,
    },
  };
}

/** Writes <bundleDir>/config.json atomically; returns its path. */
export function writeBundle(bundleDir: string, spec: BundleSpec): string {
  mkdirSync(bundleDir, { recursive: true });
  const file = join(bundleDir, 'config.json');
  writeJsonAtomic(file, buildConfig(spec));
  return file;
}

export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

// ---------------------------------------------------------------------------
// User resolution (Docker's `--user name|uid[:group|gid]` against the image's files)
// ---------------------------------------------------------------------------

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  home: string;
}

function readLines(file: string): string[][] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

/**
 * Resolves a Docker user spec against <rootfs>/etc/passwd and /etc/group, like
 * libcontainer's GetExecUser: "" = root; numeric ids need no entry; a name must exist.
 * Supplementary groups: every group of /etc/group that lists the user by name.
 * Throws Docker's message when a name is unknown.
 */
export function resolveUser(rootfs: string, userSpec: string): ResolvedUser {
  const passwd = readLines(join(rootfs, 'etc/passwd'));
  const groups = readLines(join(rootfs, 'etc/group'));
  const [userPart = '', groupPart] = userSpec.split(':', 2);
  const u = userPart === '' ? '0' : userPart;
  let entry = passwd.find((p) => p[0] === u);
  if (!entry && /^\d+$/.test(u)) entry = passwd.find((p) => p[2] === u);
  if (!entry && !/^\d+$/.test(u)) {
    throw new Error(`unable to find user ${u}: no matching entries in passwd file`);
  }
  const uid = entry ? Number(entry[2]) : Number(u);
  let gid = entry ? Number(entry[3]) : 0;
  const home = entry?.[5] || '/';
  if (groupPart !== undefined && groupPart !== '') {
    const g = groups.find((x) => x[0] === groupPart) ?? (/^\d+$/.test(groupPart) ? groups.find((x) => x[2] === groupPart) : undefined);
    if (!g && !/^\d+$/.test(groupPart)) throw new Error(`unable to find group ${groupPart}: no matching entries in group file`);
    gid = g ? Number(g[2]) : Number(groupPart);
  }
  const name = entry?.[0];
  const additionalGids: number[] = [];
  if (name && (groupPart === undefined || groupPart === '')) {
    for (const g of groups) {
      const members = (g[3] ?? '').split(',').filter(Boolean);
      const id = Number(g[2]);
      if (members.includes(name) && !additionalGids.includes(id)) additionalGids.push(id);
    }
  }
  return { uid, gid, additionalGids, home };
}
