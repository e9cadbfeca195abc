/** open(2): paths to open file descriptions, including the device nodes runc puts in /dev. */
import { FsError } from '../fs/types.ts';
import { FileFd, Fd, FullFd, NullFd, ZeroFd } from './fd.ts';
import type { Proc } from './process.ts';

/** r = O_RDONLY; w = O_WRONLY|O_CREAT|O_TRUNC; a = O_WRONLY|O_CREAT|O_APPEND; rw = O_RDWR|O_CREAT. */
export type OpenMode = 'r' | 'w' | 'a' | 'rw';

export const makedev = (major: number, minor: number): number => major * 256 + minor;

/** A directory opened for reading: reads fail with EISDIR. */
export class DirFd extends Fd {
  constructor() {
    super();
    this.readable = true;
  }
  override tryRead(): null {
    this.error = 'EISDIR';
    return null;
  }
}

const zeros = '\0'.repeat(4096);

function randomChunk(): string {
  let s = '';
  for (let i = 0; i < 512; i++) s += String.fromCharCode(Math.floor(Math.random() * 256));
  return s;
}

function selfFd(p: Proc, path: string): Fd | string | undefined {
  let m = /^\/dev\/(stdin|stdout|stderr)$/.exec(path);
  if (m) {
    const n = m[1] === 'stdin' ? 0 : m[1] === 'stdout' ? 1 : 2;
    return p.fds[n]?.dup() ?? 'ENOENT';
  }
  m = /^\/(?:dev|proc\/self)\/fd\/([0-9]+)$/.exec(path) ?? new RegExp(`^/proc/${p.pid}/fd/([0-9]+)$`).exec(path);
  if (m) return p.fds[Number(m[1])]?.dup() ?? 'ENOENT';
  if (path === '/dev/tty') {
    const t = p.task.ttyFor(p);
    return t ? p.task.ttyFd(t) : 'ENXIO';
  }
  return undefined;
}

export function openPath(p: Proc, path: string, mode: OpenMode): Fd | string {
  const special = selfFd(p, path);
  if (special !== undefined) return special;
  const fs = p.fs;
  try {
    let st;
    try {
      st = fs.stat(path);
    } catch (e) {
      if (!(e instanceof FsError) || e.code !== 'ENOENT' || mode === 'r') throw e;
    }
    const write = mode !== 'r';
    if (!st) {
      fs.writeFile(path, '', { mode: 0o666 & ~p.umask });
      st = fs.stat(path);
    }
    switch (st.type) {
      case 'dir':
        if (write) return 'EISDIR';
        return new DirFd();
      case 'char': {
        const rdev = st.rdev ?? 0;
        if (rdev === makedev(1, 5)) return new ZeroFd(() => zeros);
        if (rdev === makedev(1, 7)) return new FullFd(() => zeros);
        if (rdev === makedev(1, 8) || rdev === makedev(1, 9)) return new ZeroFd(randomChunk);
        if (rdev === makedev(5, 0) || rdev === makedev(5, 1) || rdev >> 8 === 136) {
          const t = p.task.ttyFor(p);
          if (t) return p.task.ttyFd(t);
        }
        return new NullFd();
      }
      case 'file': {
        if (mode === 'w') fs.writeFile(path, '');
        const real = fs.realpath ? fs.realpath(path) : path;
        return new FileFd(fs, real, { read: mode === 'r' || mode === 'rw', write, append: mode === 'a' });
      }
      default:
        return new NullFd();
    }
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
}
