/**
 * /proc of a container: one directory per process of its PID namespace (status,
 * cmdline, comm, environ, fd/, cwd, exe …), `self`, and the global files the real
 * one lists (a few with content: uptime, version, loadavg, meminfo, mounts, cpuinfo).
 */
import { FsError, type DirEntry, type FileSystem, type FileType, type Stat } from '../fs/types.ts';
import type { Task } from './task.ts';
import type { Proc } from './process.ts';
import { NullFd, PipeEnd, SinkFd, FileFd, type Fd } from './fd.ts';
import { TtyFd } from './tty.ts';

const enc = new TextEncoder();

interface Node {
  type: FileType;
  mode: number;
  size?: number;
  nlink?: number;
  content?: () => string;
  target?: () => string;
  children?: () => string[];
  /** Directory entry under this one. */
  child?: (name: string) => Node | undefined;
}

const file = (mode: number, content?: () => string): Node => ({ type: 'file', mode, content });
const link = (target: () => string): Node => ({ type: 'symlink', mode: 0o777, target });
const dir = (mode: number, children: () => string[] = () => [], child: (n: string) => Node | undefined = () => undefined, nlink = 2): Node => ({
  type: 'dir',
  mode,
  children,
  child,
  nlink,
});

const GLOBAL_FILES: Record<string, number> = {
  buddyinfo: 0o444, cgroups: 0o444, cmdline: 0o444, 'config.gz': 0o444, consoles: 0o444, cpuinfo: 0o444, crypto: 0o444, devices: 0o444,
  diskstats: 0o444, dma: 0o444, execdomains: 0o444, filesystems: 0o444, interrupts: 0o444, iomem: 0o400, ioports: 0o444, kallsyms: 0o444,
  'key-users': 0o444, keys: 0o444, kmsg: 0o400, kpagecgroup: 0o400, kpagecount: 0o400, kpageflags: 0o400, loadavg: 0o444, locks: 0o444,
  meminfo: 0o444, misc: 0o444, mtrr: 0o644, pagetypeinfo: 0o400, partitions: 0o444, slabinfo: 0o400, softirqs: 0o444, stat: 0o444,
  swaps: 0o444, timer_list: 0o444, uptime: 0o444, version: 0o444, vmallocinfo: 0o400, vmstat: 0o444, zoneinfo: 0o444,
};
const GLOBAL_DIRS = ['acpi', 'bus', 'driver', 'fs', 'irq', 'pressure', 'sys', 'sysvipc', 'tty'];

const PID_FILES: Record<string, number> = {
  arch_status: 0o444, autogroup: 0o644, auxv: 0o400, cgroup: 0o444, clear_refs: 0o200, cmdline: 0o444, comm: 0o644, coredump_filter: 0o644,
  cpuset: 0o444, environ: 0o400, gid_map: 0o644, io: 0o400, ksm_merging_pages: 0o400, ksm_stat: 0o400, limits: 0o444, loginuid: 0o644,
  maps: 0o444, mem: 0o600, mountinfo: 0o444, mounts: 0o444, mountstats: 0o400, numa_maps: 0o444, oom_adj: 0o644, oom_score: 0o444,
  oom_score_adj: 0o644, pagemap: 0o400, personality: 0o400, projid_map: 0o644, sched: 0o644, schedstat: 0o444, sessionid: 0o444,
  setgroups: 0o644, smaps: 0o444, smaps_rollup: 0o444, stack: 0o400, stat: 0o444, statm: 0o444, status: 0o444, syscall: 0o400,
  timens_offsets: 0o644, timers: 0o444, timerslack_ns: 0o666, uid_map: 0o644, wchan: 0o444,
};
const PID_DIRS: Record<string, number> = { attr: 0o555, fd: 0o500, fdinfo: 0o555, map_files: 0o500, net: 0o555, ns: 0o511, task: 0o555 };

const MOUNTS =
  'overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/SIMLOWER,upperdir=/var/lib/docker/overlay2/sim/diff,workdir=/var/lib/docker/overlay2/sim/work 0 0\n' +
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n' +
  'tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755 0 0\n' +
  'devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666 0 0\n' +
  'sysfs /sys sysfs ro,nosuid,nodev,noexec,relatime 0 0\n' +
  'mqueue /dev/mqueue mqueue rw,nosuid,nodev,noexec,relatime 0 0\n' +
  'shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k 0 0\n' +
  '/dev/vda /etc/resolv.conf ext4 rw,relatime 0 0\n' +
  '/dev/vda /etc/hostname ext4 rw,relatime 0 0\n' +
  '/dev/vda /etc/hosts ext4 rw,relatime 0 0\n';

const MEMINFO =
  'MemTotal:        2014888 kB\nMemFree:         1510772 kB\nMemAvailable:    1771464 kB\nBuffers:           26112 kB\nCached:           233888 kB\n' +
  'SwapCached:            0 kB\nActive:           198640 kB\nInactive:         151216 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n' +
  'Shmem:              2132 kB\n';

const CPUINFO = [0, 1]
  .map(
    (n) =>
      `processor\t: ${n}\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\nstepping\t: 1\ncpu MHz\t\t: 2596.100\n` +
      `cache size\t: 1024 KB\nphysical id\t: 0\nsiblings\t: 2\ncore id\t\t: ${n}\ncpu cores\t: 2\n\n`,
  )
  .join('');

function fdTarget(f: Fd, ino: number): string {
  if (f instanceof NullFd) return '/dev/null';
  if (f instanceof TtyFd) return '/dev/pts/0';
  if (f instanceof FileFd) return f.path;
  if (f instanceof PipeEnd || f instanceof SinkFd) return `pipe:[${ino}]`;
  return 'anon_inode:[eventfd]';
}

export class ProcFs implements FileSystem {
  readonly #task: () => Task;
  readonly #started: number;

  constructor(task: () => Task, started = 0) {
    this.#task = task;
    this.#started = started;
  }

  #self(): string {
    const t = this.#task();
    const cur = t.list().find((p) => p.running);
    return String(cur?.pid ?? t.list()[t.list().length - 1]?.pid ?? 1);
  }

  #procDir(p: Proc): Node {
    const fdNames = () => p.fds.map((f, i) => (f ? String(i) : '')).filter(Boolean);
    const children = () => [...Object.keys(PID_FILES), ...Object.keys(PID_DIRS), 'cwd', 'exe', 'root'].sort();
    return dir(
      0o555,
      children,
      (n) => {
        if (n === 'cwd') return link(() => p.cwd);
        if (n === 'root') return link(() => '/');
        if (n === 'exe') return link(() => p.exePath);
        if (n === 'fd')
          return dir(0o500, fdNames, (k) => {
            const f = p.fds[Number(k)];
            if (!f || !/^[0-9]+$/.test(k)) return undefined;
            const mode = (f.readable ? 0o500 : 0o100) | (f.writable ? 0o200 : 0);
            return { type: 'symlink', mode, size: 64, target: () => fdTarget(f, 734500 + p.hostPid * 4 + Number(k)) };
          });
        if (PID_DIRS[n] !== undefined) return dir(PID_DIRS[n]!);
        const mode = PID_FILES[n];
        if (mode === undefined) return undefined;
        return file(mode, () => this.#pidFile(p, n));
      },
      9,
    );
  }

  #pidFile(p: Proc, n: string): string {
    switch (n) {
      case 'cmdline':
        return (p.cmdline ?? p.argv).map((a) => a + '\0').join('');
      case 'comm':
        return p.comm + '\n';
      case 'environ':
        return p.env.map((a) => a + '\0').join('');
      case 'mounts':
        return MOUNTS;
      case 'cgroup':
        return '0::/\n';
      case 'stat': {
        const st = p.stat === 'D' ? 'D' : p.stat;
        return `${p.pid} (${p.comm}) ${st} ${p.ppid} ${p.pgid} ${p.pgid} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 0 2322432 325 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n`;
      }
      case 'status': {
        const state = p.stat === 'S' ? 'S (sleeping)' : p.stat === 'D' ? 'D (disk sleep)' : 'R (running)';
        const sigmask = (m: number) => m.toString(16).padStart(16, '0');
        return (
          `Name:\t${p.comm}\nUmask:\t0022\nState:\t${state}\nTgid:\t${p.pid}\nNgid:\t0\nPid:\t${p.pid}\nPPid:\t${p.ppid}\nTracerPid:\t0\n` +
          `Uid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\nGid:\t${p.gid}\t${p.gid}\t${p.gid}\t${p.gid}\nFDSize:\t64\n` +
          `NStgid:\t${p.pid}\nNSpid:\t${p.pid}\nNSpgid:\t${p.pgid}\nNSsid:\t${p.pgid}\nVmPeak:\t    2268 kB\nVmSize:\t    2268 kB\nVmRSS:\t    1648 kB\n` +
          `Threads:\t1\nSigQ:\t0/7862\nSigPnd:\t${sigmask(p.pending)}\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n` +
          `SigIgn:\t${sigmask(p.ignored)}\nSigCgt:\t${sigmask(p.caught)}\nCapInh:\t0000000000000000\nCapPrm:\t00000000a80425fb\n` +
          `CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t2\nSeccomp_filters:\t1\n` +
          `Cpus_allowed:\t3\nCpus_allowed_list:\t0-1\nvoluntary_ctxt_switches:\t15\nnonvoluntary_ctxt_switches:\t3\n`
        );
      }
    }
    return '';
  }

  #globalFile(n: string): string {
    const t = this.#task();
    const k = t.kernel;
    const now = k.clock.now();
    switch (n) {
      case 'uptime': {
        const up = Math.max(0, (now - k.bootTime) / 1000);
        return `${up.toFixed(2)} ${(up * 1.9).toFixed(2)}\n`;
      }
      case 'version':
        return `Linux version ${k.uname.release} (builder@sim) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${k.uname.version}\n`;
      case 'loadavg': {
        const list = t.list();
        return `0.00 0.00 0.00 1/${list.length} ${list.length ? list[list.length - 1]!.pid : 0}\n`;
      }
      case 'meminfo':
        return MEMINFO;
      case 'cpuinfo':
        return CPUINFO;
      case 'cmdline':
        return 'console=ttyS0 reboot=k panic=1 root=/dev/vda rw\n';
      case 'filesystems':
        return 'nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tcgroup2\nnodev\tdevpts\nnodev\tmqueue\n\text4\nnodev\toverlay\n';
    }
    return '';
  }

  #root(): Node {
    const t = this.#task();
    const children = () => {
      const pids = t.list().map((p) => String(p.pid));
      return [...pids, ...Object.keys(GLOBAL_FILES), ...GLOBAL_DIRS, 'mounts', 'net', 'self', 'thread-self'].sort();
    };
    return dir(
      0o555,
      children,
      (n) => {
        if (/^[0-9]+$/.test(n)) {
          const p = t.get(Number(n));
          return p ? this.#procDir(p) : undefined;
        }
        if (n === 'self') return link(() => this.#self());
        if (n === 'thread-self') return link(() => `${this.#self()}/task/${this.#self()}`);
        if (n === 'mounts') return { ...link(() => 'self/mounts'), size: 11 };
        if (n === 'net') return { ...link(() => 'self/net'), size: 8 };
        if (GLOBAL_DIRS.includes(n)) return n === 'acpi' ? { ...dir(0o1777), size: 40 } : dir(0o555);
        const mode = GLOBAL_FILES[n];
        return mode === undefined ? undefined : file(mode, () => this.#globalFile(n));
      },
      100 + t.list().length,
    );
  }

  /** Walks an inner path ("/1/status"), following the self/thread-self/mounts links. */
  #lookup(path: string, follow: boolean): Node {
    let parts = path.split('/').filter(Boolean);
    let node = this.#root();
    for (let i = 0; i < parts.length; i++) {
      const next = node.child?.(parts[i]!);
      if (!next) throw new FsError(node.type === 'dir' ? 'ENOENT' : 'ENOTDIR', path);
      const last = i === parts.length - 1;
      if (next.type === 'symlink' && (!last || follow) && parts.length <= 2 && i === 0) {
        const target = next.target!();
        if (!target.startsWith('/')) {
          parts = [...target.split('/'), ...parts.slice(i + 1)];
          i = -1;
          node = this.#root();
          continue;
        }
      }
      node = next;
    }
    return node;
  }

  #statOf(n: Node): Stat {
    const size = n.size ?? (n.type === 'symlink' && n.target ? 0 : 0);
    const started = this.#started || this.#task().kernel.clock.now();
    return { type: n.type, mode: n.mode, uid: 0, gid: 0, size, mtimeMs: started, nlink: n.nlink ?? (n.type === 'dir' ? 2 : 1), blocks: 0 };
  }

  stat(path: string): Stat {
    return this.#statOf(this.#lookup(path, true));
  }

  lstat(path: string): Stat {
    return this.#statOf(this.#lookup(path, false));
  }

  exists(path: string): boolean {
    try {
      this.#lookup(path, true);
      return true;
    } catch {
      return false;
    }
  }

  readdir(path: string): DirEntry[] {
    const n = this.#lookup(path, true);
    if (n.type !== 'dir') throw new FsError('ENOTDIR', path);
    const names = n.children?.() ?? [];
    return names.map((name) => ({ name, type: n.child?.(name)?.type ?? 'file' }));
  }

  readFile(path: string): Uint8Array {
    return enc.encode(this.readText(path));
  }

  readText(path: string): string {
    const n = this.#lookup(path, true);
    if (n.type === 'dir') throw new FsError('EISDIR', path);
    return n.content?.() ?? '';
  }

  readlink(path: string): string {
    const n = this.#lookup(path, false);
    if (n.type !== 'symlink') throw new FsError('EINVAL', path);
    return n.target!();
  }

  realpath(path: string): string {
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'self') parts[0] = this.#self();
    return '/' + parts.join('/');
  }

  writeFile(path: string): void {
    throw new FsError('EACCES', path);
  }
  mkdir(path: string): void {
    throw new FsError(this.exists(path) ? 'EEXIST' : 'EACCES', path);
  }
  unlink(path: string): void {
    throw new FsError('EACCES', path);
  }
  rmdir(path: string): void {
    throw new FsError('EACCES', path);
  }
  rename(_from: string, to: string): void {
    throw new FsError('EACCES', to);
  }
  symlink(_t: string, path: string): void {
    throw new FsError('EACCES', path);
  }
  chmod(path: string): void {
    throw new FsError('EPERM', path);
  }
  chown(path: string): void {
    throw new FsError('EPERM', path);
  }
  utimes(path: string): void {
    throw new FsError('EACCES', path);
  }
}
