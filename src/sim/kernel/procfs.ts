/** A small /proc: one directory per process (cmdline, comm, cwd, environ, status) and a few global files. */
import { FsError, type DirEntry, type FileSystem, type Stat } from '../fs/types.ts';
import type { Task } from './task.ts';
import type { Proc } from './process.ts';

const enc = new TextEncoder();
const PID_FILES = ['cmdline', 'comm', 'cwd', 'environ', 'status'];
const GLOBAL_FILES = ['loadavg', 'meminfo', 'mounts', 'uptime', 'version'];

export class ProcFs implements FileSystem {
  readonly #task: () => Task;

  constructor(task: () => Task) {
    this.#task = task;
  }

  #proc(pidText: string, path: string): Proc {
    const p = /^[0-9]+$/.test(pidText) ? this.#task().get(Number(pidText)) : undefined;
    if (!p) throw new FsError('ENOENT', path);
    return p;
  }

  #content(path: string): string {
    const parts = path.split('/').filter(Boolean);
    const t = this.#task();
    const now = t.kernel.clock.now();
    if (parts.length === 1) {
      switch (parts[0]) {
        case 'uptime': {
          const up = Math.max(0, (now - t.init.startedAt) / 1000);
          return `${up.toFixed(2)} ${(up * 2).toFixed(2)}\n`;
        }
        case 'version':
          return `Linux version ${t.kernel.uname.release} (builder@sim) (gcc (Debian 12.2.0-14) 12.2.0) ${t.kernel.uname.version}\n`;
        case 'loadavg': {
          const list = t.list();
          return `0.00 0.00 0.00 1/${list.length} ${list.length ? list[list.length - 1]!.pid : 0}\n`;
        }
        case 'meminfo':
          return 'MemTotal:        2014888 kB\nMemFree:         1510772 kB\nMemAvailable:    1771464 kB\n';
        case 'mounts':
          return (
            'overlay / overlay rw,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n' +
            'tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755 0 0\n' +
            'devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666 0 0\n' +
            'sysfs /sys sysfs ro,nosuid,nodev,noexec,relatime 0 0\n' +
            'mqueue /dev/mqueue mqueue rw,nosuid,nodev,noexec,relatime 0 0\n' +
            'shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k 0 0\n'
          );
      }
    }
    if (parts.length === 2) {
      const p = this.#proc(parts[0]!, path);
      switch (parts[1]) {
        case 'cmdline':
          return (p.cmdline ?? p.argv).map((a) => a + '\0').join('');
        case 'comm':
          return p.comm + '\n';
        case 'environ':
          return p.env.map((a) => a + '\0').join('');
        case 'status':
          return (
            `Name:\t${p.comm}\nUmask:\t0022\nState:\t${p.stat === 'S' ? 'S (sleeping)' : p.stat === 'D' ? 'D (disk sleep)' : 'R (running)'}\n` +
            `Tgid:\t${p.pid}\nNgid:\t0\nPid:\t${p.pid}\nPPid:\t${p.ppid}\nTracerPid:\t0\n` +
            `Uid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\nGid:\t${p.gid}\t${p.gid}\t${p.gid}\t${p.gid}\n` +
            `NSpid:\t${p.hostPid}\t${p.pid}\nThreads:\t1\n`
          );
      }
    }
    throw new FsError('ENOENT', path);
  }

  stat(path: string): Stat {
    const parts = path.split('/').filter(Boolean);
    const now = this.#task().kernel.clock.now();
    const dir = (mode: number): Stat => ({ type: 'dir', mode, uid: 0, gid: 0, size: 0, mtimeMs: now, nlink: 2 });
    if (parts.length === 0) return dir(0o555);
    if (parts.length === 1 && /^[0-9]+$/.test(parts[0]!)) {
      const p = this.#proc(parts[0]!, path);
      return { ...dir(0o555), uid: p.uid, gid: p.gid, mtimeMs: p.startedAt };
    }
    if (parts.length === 2 && parts[1] === 'cwd') {
      const p = this.#proc(parts[0]!, path);
      return { type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 4096, mtimeMs: now, nlink: 2 };
      void p;
    }
    this.#content(path);
    return { type: 'file', mode: 0o444, uid: 0, gid: 0, size: 0, mtimeMs: now, nlink: 1 };
  }

  lstat(path: string): Stat {
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 2 && parts[1] === 'cwd') {
      const p = this.#proc(parts[0]!, path);
      return { type: 'symlink', mode: 0o777, uid: p.uid, gid: p.gid, size: 0, mtimeMs: p.startedAt, nlink: 1 };
    }
    return this.stat(path);
  }

  exists(path: string): boolean {
    try {
      this.stat(path);
      return true;
    } catch {
      return false;
    }
  }

  readdir(path: string): DirEntry[] {
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 0) {
      const pids = this.#task().list().map((p) => ({ name: String(p.pid), type: 'dir' as const }));
      const files = GLOBAL_FILES.map((name) => ({ name, type: 'file' as const }));
      return [...pids, ...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    if (parts.length === 1) {
      this.#proc(parts[0]!, path);
      return PID_FILES.map((name) => ({ name, type: name === 'cwd' ? ('symlink' as const) : ('file' as const) }));
    }
    throw new FsError('ENOTDIR', path);
  }

  readFile(path: string): Uint8Array {
    return enc.encode(this.readText(path));
  }

  readText(path: string): string {
    const st = this.stat(path);
    if (st.type === 'dir') throw new FsError('EISDIR', path);
    return this.#content(path);
  }

  readlink(path: string): string {
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 2 && parts[1] === 'cwd') return this.#proc(parts[0]!, path).cwd;
    throw new FsError('EINVAL', path);
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
