/** The /dev that runc mounts into every container (a tmpfs with the default devices). */
import { MemoryFs } from '../fs/memory.ts';
import { makedev } from './open.ts';

/** A fresh /dev tree; `console` adds /dev/console (a container with a TTY). */
export function makeDevFs(now: () => number, console: boolean): MemoryFs {
  const fs = new MemoryFs({ now });
  fs.chmod('/', 0o755);
  const chr = (name: string, major: number, minor: number, mode = 0o666) => fs.mknod('/' + name, 'char', mode, makedev(major, minor));
  if (console) {
    chr('console', 136, 0, 0o620);
    fs.chown('/console', 0, 5);
  }
  fs.symlink('/proc/kcore', '/core');
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
  return fs;
}
