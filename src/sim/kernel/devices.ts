/**
 * What runc mounts into every container besides /proc: /dev (tmpfs with the
 * default devices), /dev/pts (devpts), /dev/shm (tmpfs), /dev/mqueue, and /sys
 * (sysfs, read-only). All are made with the container's start time.
 */
import { MemoryFs } from '../fs/memory.ts';
import type { Mount } from '../fs/mount.ts';
import { makedev } from './open.ts';

function devFs(at: number, console: boolean): MemoryFs {
  const fs = new MemoryFs({ now: () => at, kind: 'tmpfs' });
  const chr = (name: string, major: number, minor: number, mode = 0o666) => fs.mknod('/' + name, 'char', mode, makedev(major, minor));
  if (console) {
    chr('console', 136, 0, 0o620);
    fs.chown('/console', 0, 5);
  }
  fs.symlink('/proc/self/fd', '/fd');
  chr('full', 1, 7);
  fs.mkdir('/mqueue', { mode: 0o1777 });
  chr('null', 1, 3);
  fs.symlink('pts/ptmx', '/ptmx');
  fs.mkdir('/pts', { mode: 0o755 });
  chr('random', 1, 8);
  fs.mkdir('/shm', { mode: 0o1777 });
  fs.symlink('/proc/self/fd/2', '/stderr');
  fs.symlink('/proc/self/fd/0', '/stdin');
  fs.symlink('/proc/self/fd/1', '/stdout');
  chr('tty', 5, 0);
  chr('urandom', 1, 9);
  chr('zero', 1, 5);
  fs.chmod('/', 0o755);
  return fs;
}

function ptsFs(at: number, console: boolean): MemoryFs {
  const fs = new MemoryFs({ now: () => at, kind: 'pseudo' });
  if (console) {
    fs.mknod('/0', 'char', 0o620, makedev(136, 0));
    fs.chown('/0', 0, 5);
  }
  fs.mknod('/ptmx', 'char', 0o666, makedev(5, 2));
  return fs;
}

function emptyFs(at: number, kind: 'tmpfs' | 'pseudo', mode: number): MemoryFs {
  const fs = new MemoryFs({ now: () => at, kind });
  fs.chmod('/', mode);
  return fs;
}

const SYS_DIRS = ['block', 'bus', 'class', 'dev', 'devices', 'firmware', 'fs', 'kernel', 'module', 'power'];

function sysFs(at: number): MemoryFs {
  const fs = new MemoryFs({ now: () => at, kind: 'pseudo' });
  for (const d of SYS_DIRS) fs.mkdir('/' + d);
  fs.chmod('/firmware', 0o1777);
  fs.chmod('/', 0o555);
  fs.readOnly = true;
  return fs;
}

/** The mounts (built on first use) for a container started at `at`; `console` = it has a TTY. */
export function runcMounts(at: number, console: boolean): Mount[] {
  return [
    { at: '/dev', fs: () => devFs(at, console) },
    { at: '/dev/pts', fs: () => ptsFs(at, console) },
    { at: '/dev/shm', fs: () => emptyFs(at, 'tmpfs', 0o1777) },
    { at: '/dev/mqueue', fs: () => emptyFs(at, 'tmpfs', 0o1777) },
    { at: '/sys', fs: () => sysFs(at) },
  ];
}

/** Just the /dev tree (tests, tools). */
export function makeDevFs(now: () => number, console: boolean): MemoryFs {
  return devFs(now(), console);
}
