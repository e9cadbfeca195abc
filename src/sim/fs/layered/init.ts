/**
 * The init layer Docker puts between the image and the container layer
 * (daemon/initlayer/setup_unix.go): empty placeholders for what the runtime mounts
 * over them.
 *   dirs (0755):  /dev/pts /dev/shm /proc /sys
 *   files (0755, empty): /.dockerenv /etc/resolv.conf /etc/hosts /etc/hostname /dev/console
 *   symlink:      /etc/mtab -> /proc/mounts
 * plus their parents /dev and /etc (0755, root). Every container's init layer has the
 * same content, so one shared read-only layer serves them all; the union shows its
 * entries with the container's creation time (`UnionOptions.initMtimeMs`), as the real
 * per-container init layer would have.
 *
 * At run time Docker bind-mounts the container's own hosts, hostname and resolv.conf
 * over the placeholders: `runtimeFiles()` gives their contents and `runtimeMounts()`
 * single-file file systems to mount with MountFs.
 */
import { FileMount } from '../file-mount.ts';
import { FsError, type DirEntry, type FileSystem, type FileType, type Stat, type WriteOptions } from '../types.ts';
import { toBytes } from '../memory.ts';
import { FileData } from './content.ts';
import { Layer, type Meta } from './layer.ts';

export const INIT_DIRS = ['/dev/pts', '/dev/shm', '/proc', '/sys'] as const;
export const INIT_FILES = ['/.dockerenv', '/etc/resolv.conf', '/etc/hosts', '/etc/hostname', '/dev/console'] as const;
export const INIT_SYMLINKS: Record<string, string> = { '/etc/mtab': '/proc/mounts' };

/** Every path the init layer holds (with the parents it creates). */
export const INIT_PATHS: readonly string[] = ['/.dockerenv', '/dev', '/dev/console', '/dev/pts', '/dev/shm', '/etc', '/etc/hostname', '/etc/hosts', '/etc/mtab', '/etc/resolv.conf', '/proc', '/sys'];

/** A new init layer (read-only). `id` is Docker's `<container id>-init` where it matters. */
export function makeInitLayer(id = 'init', mtimeMs = 0): Layer {
  const layer = new Layer(id, { mode: 0o755, mtimeMs });
  const m: Meta = { mode: 0o755, uid: 0, gid: 0, mtimeMs };
  for (const d of INIT_DIRS) layer.mkdirs(d, m);
  for (const f of INIT_FILES) {
    const i = f.lastIndexOf('/');
    layer.createFile(layer.mkdirs(f.slice(0, i) || '/', m), f.slice(i + 1), m, new FileData());
  }
  for (const [p, target] of Object.entries(INIT_SYMLINKS)) {
    const i = p.lastIndexOf('/');
    layer.symlink(layer.mkdirs(p.slice(0, i) || '/', m), p.slice(i + 1), target, m);
  }
  layer.readOnly = true;
  return layer;
}

export interface RuntimeFilesOptions {
  /** The container's hostname (default: the first 12 hex digits of its ID). */
  hostname: string;
  domainname?: string;
  /** The container's address on its network; without one there is no own line in /etc/hosts. */
  ip?: string;
  /** --add-host entries. */
  extraHosts?: { host: string; ip: string }[];
  /** The host's /etc/resolv.conf (default: none, so Docker's fallback servers). */
  hostResolvConf?: string;
  ipv6?: boolean;
}

/** libnetwork etchosts.Build (20.10): own record first, then the defaults, then extra hosts. */
export function hostsFile(o: RuntimeFilesOptions): string {
  let s = '';
  if (o.ip) {
    const fqdn = o.domainname ? `${o.hostname}.${o.domainname}` : o.hostname;
    const dot = fqdn.indexOf('.');
    s += `${o.ip}\t${dot > 0 ? `${fqdn} ${fqdn.slice(0, dot)}` : fqdn}\n`;
  }
  s += '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';
  for (const h of o.extraHosts ?? []) s += `${h.ip}\t${h.host}\n`;
  return s;
}

const IPV4 = '((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)';
const IPV6 = '([0-9A-Fa-f]{0,4}:){2,7}([0-9A-Fa-f]{0,4})(%\\w+)?';
const LOCALHOST_NS = /^nameserver\s+((127\.([0-9]{1,3}\.){2}[0-9]{1,3})|(::1)$)\s*\n*/gm;
const IPV6_NS = new RegExp(`^nameserver\\s+${IPV6}\\s*\\n*`, 'gm');
const NS = new RegExp(`^\\s*nameserver\\s*((${IPV4})|(${IPV6}))\\s*$`);

/** libnetwork resolvconf.FilterResolvDNS: drop localhost (and, without IPv6, IPv6) servers; none left → Google's. */
export function resolvConfFile(hostResolvConf = '', ipv6 = false): string {
  let s = hostResolvConf.replace(LOCALHOST_NS, '');
  if (!ipv6) s = s.replace(IPV6_NS, '');
  const servers = s.split('\n').map((l) => l.replace(/[#;].*$/, '')).filter((l) => NS.test(l));
  if (servers.length === 0) {
    const dns = ['nameserver 8.8.8.8', 'nameserver 8.8.4.4'];
    if (ipv6) dns.push('nameserver 2001:4860:4860::8888', 'nameserver 2001:4860:4860::8844');
    s += '\n' + dns.join('\n');
  }
  return s;
}

/** What Docker writes to the files it bind-mounts over the init layer's placeholders. */
export function runtimeFiles(o: RuntimeFilesOptions): Record<'/etc/hostname' | '/etc/hosts' | '/etc/resolv.conf', string> {
  return {
    '/etc/resolv.conf': resolvConfFile(o.hostResolvConf, o.ipv6),
    '/etc/hostname': o.hostname + '\n',
    '/etc/hosts': hostsFile(o),
  };
}

/** The runtime bind mounts (for MountFs): each a one-file file system, mode 0644, root-owned. */
export function runtimeMounts(o: RuntimeFilesOptions, now: () => number = () => 0): { at: string; fs: FileSystem }[] {
  return Object.entries(runtimeFiles(o)).map(([at, text]) => ({ at, fs: new FileMount(text, { now }) }));
}

export { FileMount };

/** The hostname Docker gives a container by default: the first 12 hex digits of its ID. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
