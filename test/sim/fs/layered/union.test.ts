/** UnionFs: copy-up, whiteouts, opaque directories and the hard cases of overlayfs. */
import { describe, expect, it } from 'vitest';
import { FsError, type FsErrorCode } from '../../../../src/sim/fs/types.ts';
import { MemoryFs } from '../../../../src/sim/fs/memory.ts';
import { MountFs } from '../../../../src/sim/fs/mount.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';
import { runtimeMounts } from '../../../../src/sim/fs/layered/init.ts';
import { changes } from '../../../../src/sim/fs/layered/diff.ts';
import { layerOf, sharedInit, T0 } from './helpers.ts';

const IMG = `
d /etc
f /etc/motd hello\\n
f /etc/passwd root:x:0:0\\n
d /usr
d /usr/lib
f /usr/lib/libc.so LIBC
d /usr/share
d /usr/share/doc
f /usr/share/doc/a.txt A
f /usr/share/doc/b.txt B
l /lib usr/lib
d /var
d /var/empty
d /tmp
`;

function make(extra: { layers?: string[]; now?: () => number } = {}) {
  const base = layerOf('sha256:base', IMG);
  const lowers = [base, ...(extra.layers ?? []).map((s, i) => layerOf(`sha256:l${i + 1}`, s))];
  let t = T0;
  const now = extra.now ?? (() => (t += 1000));
  const fs = new UnionFs({ lowers, init: sharedInit(), initMtimeMs: T0, now, id: 'c0ffee123456' });
  return { fs, base, lowers };
}

function code(fn: () => unknown): FsErrorCode | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
}

const names = (fs: UnionFs, p: string) => fs.readdir(p).map((d) => d.name);
const upperKind = (fs: UnionFs, p: string) => {
  const e = fs.upper?.lookup(p);
  return e ? fs.upper!.kind(e) : undefined;
};
const diff = (fs: UnionFs) => changes(fs, { order: 'sorted' }).map((c) => `${c.kind} ${c.path}`);

describe('UnionFs reads', () => {
  it('falls through the layers and makes no container layer for reads', () => {
    const { fs } = make();
    expect(fs.readText('/etc/motd')).toBe('hello\n');
    expect(names(fs, '/etc')).toEqual(['hostname', 'hosts', 'motd', 'mtab', 'passwd', 'resolv.conf']);
    expect(fs.readText('/lib/libc.so')).toBe('LIBC');
    fs.stat('/usr/share/doc');
    fs.realpath('/lib/libc.so');
    expect(fs.upper).toBeNull();
  });

  it('shows the init layer with the container creation time', () => {
    const { fs } = make();
    expect(fs.lstat('/.dockerenv')).toMatchObject({ type: 'file', mode: 0o755, size: 0, mtimeMs: T0 });
    expect(fs.lstat('/etc/mtab')).toMatchObject({ type: 'symlink' });
    expect(fs.readlink('/etc/mtab')).toBe('/proc/mounts');
    expect(fs.stat('/dev/pts').type).toBe('dir');
    // /etc's attributes come from its topmost layer, the init layer.
    expect(fs.stat('/etc').mtimeMs).toBe(T0);
    const other = new UnionFs({ lowers: [layerOf('x', IMG)], init: sharedInit(), initMtimeMs: T0 + 5000 });
    expect(other.stat('/.dockerenv').mtimeMs).toBe(T0 + 5000);
  });

  it('later layers win; whiteouts and opaque directories in image layers hide what is below', () => {
    const { fs } = make({
      layers: [
        `d /etc
         f /etc/motd second\\n
         w /etc/passwd
         o /usr/share
         f /usr/share/new.txt N`,
        `d /etc
         f /etc/passwd again\\n`,
      ],
    });
    expect(fs.readText('/etc/motd')).toBe('second\n');
    expect(fs.readText('/etc/passwd')).toBe('again\n');
    expect(names(fs, '/usr/share')).toEqual(['new.txt']);
    expect(fs.exists('/usr/share/doc/a.txt')).toBe(false);
  });

  it('a non-directory hides a lower directory, a directory over a lower file is a new directory', () => {
    const { fs } = make({
      layers: [
        `f /var text
         d /etc/motd
         f /etc/motd/inner I`,
      ],
    });
    expect(fs.stat('/var').type).toBe('file');
    expect(fs.exists('/var/empty')).toBe(false);
    expect(names(fs, '/etc/motd')).toEqual(['inner']);
  });
});

describe('copy-up', () => {
  it('copies a lower file on first write, leaving the image layer alone', () => {
    const { fs, base } = make();
    fs.writeFile('/etc/motd', 'bye\n');
    expect(fs.readText('/etc/motd')).toBe('bye\n');
    expect(upperKind(fs, '/etc/motd')).toBe('file');
    expect(base.data(base.lookup('/etc/motd')!)!.bytes()).toEqual(new TextEncoder().encode('hello\n'));
    const other = new UnionFs({ lowers: [base], init: sharedInit() });
    expect(other.readText('/etc/motd')).toBe('hello\n');
  });

  it('copies the parent directories with their attributes (merged, not opaque)', () => {
    const { fs, base } = make();
    fs.writeFile('/usr/share/doc/c.txt', 'C');
    const u = fs.upper!;
    for (const p of ['/usr', '/usr/share', '/usr/share/doc']) {
      const e = u.lookup(p)!;
      expect(u.kind(e)).toBe('dir');
      expect(u.isOpaque(e)).toBe(false);
      expect(u.meta(e).mode).toBe(base.meta(base.lookup(p)!).mode);
    }
    expect(u.meta(u.lookup('/usr')!).mtimeMs).toBe(base.meta(base.lookup('/usr')!).mtimeMs);
    expect(names(fs, '/usr/share/doc')).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(u.lookup('/usr/share/doc/a.txt')).toBeUndefined();
  });

  it('shares the bytes: metadata changes copy nothing, appends keep the old bytes as a prefix', () => {
    const { fs, base } = make();
    const lowerBytes = base.data(base.lookup('/etc/passwd')!)!.parts[0]!;
    fs.chmod('/etc/passwd', 0o600);
    const u = fs.upper!;
    expect(u.data(u.lookup('/etc/passwd')!)!.parts[0]).toBe(lowerBytes);
    fs.writeFile('/etc/passwd', 'daemon:x:1:1\n', { append: true });
    const d = u.data(u.lookup('/etc/passwd')!)!;
    expect(d.parts[0]).toBe(lowerBytes);
    expect(fs.readText('/etc/passwd')).toBe('root:x:0:0\ndaemon:x:1:1\n');
    expect(base.data(base.lookup('/etc/passwd')!)!.size).toBe(11);
  });

  it('chmod, chown and utimes of a lower directory copy up just the directory', () => {
    const { fs } = make();
    fs.chown('/usr/share', 33, 33);
    expect(fs.stat('/usr/share')).toMatchObject({ uid: 33, gid: 33 });
    expect(names(fs, '/usr/share')).toEqual(['doc']);
    expect(fs.upper!.names(fs.upper!.lookup('/usr/share')!)).toEqual([]);
    expect(diff(fs)).toEqual(['C /usr', 'C /usr/share']);
  });

  it('touching the root copies nothing', () => {
    const { fs } = make();
    fs.chmod('/', 0o700);
    expect(fs.stat('/').mode).toBe(0o700);
    expect(fs.upper!.isEmpty()).toBe(true);
  });
});

describe('whiteouts and opaque directories', () => {
  it('deleting a lower file writes a whiteout; deleting an upper-only file does not', () => {
    const { fs, base } = make();
    fs.unlink('/etc/motd');
    expect(fs.exists('/etc/motd')).toBe(false);
    expect(upperKind(fs, '/etc/motd')).toBe('whiteout');
    expect(base.lookup('/etc/motd')).toBeDefined();
    fs.writeFile('/etc/new', 'n');
    fs.unlink('/etc/new');
    expect(upperKind(fs, '/etc/new')).toBeUndefined();
    // A copied-up file that is deleted becomes a whiteout.
    fs.writeFile('/etc/passwd', 'x');
    fs.unlink('/etc/passwd');
    expect(upperKind(fs, '/etc/passwd')).toBe('whiteout');
    expect(names(fs, '/etc')).toEqual(['hostname', 'hosts', 'mtab', 'resolv.conf']);
  });

  it('writing to a path shadowed by a whiteout makes a new file (nothing of the old one)', () => {
    const { fs } = make();
    fs.unlink('/etc/motd');
    fs.writeFile('/etc/motd', 'x\n', { append: true });
    expect(fs.readText('/etc/motd')).toBe('x\n');
    expect(fs.stat('/etc/motd').mode).toBe(0o644);
    expect(upperKind(fs, '/etc/motd')).toBe('file');
    expect(diff(fs)).toEqual(['C /etc', 'C /etc/motd']);
    // A symlink or a directory can take the place too.
    fs.unlink('/etc/passwd');
    fs.symlink('motd', '/etc/passwd');
    expect(fs.readText('/etc/passwd')).toBe('x\n');
  });

  it('rm -r of a lower directory leaves one whiteout; recreating it gives an empty opaque directory', () => {
    const { fs } = make();
    const rmTree = (p: string): void => {
      if (fs.lstat(p).type === 'dir') {
        for (const d of fs.readdir(p)) rmTree(`${p}/${d.name}`);
        fs.rmdir(p);
      } else fs.unlink(p);
    };
    rmTree('/usr/share');
    const u = fs.upper!;
    expect(u.kind(u.lookup('/usr/share')!)).toBe('whiteout');
    expect(diff(fs)).toEqual(['C /usr', 'D /usr/share']);
    fs.mkdir('/usr/share');
    const e = u.lookup('/usr/share')!;
    expect(u.kind(e)).toBe('dir');
    expect(u.isOpaque(e)).toBe(true);
    expect(names(fs, '/usr/share')).toEqual([]);
    fs.mkdir('/usr/share/doc');
    expect(names(fs, '/usr/share/doc')).toEqual([]);
    expect(u.isOpaque(u.lookup('/usr/share/doc')!)).toBe(false);
    // docker diff compares the trees, not the layers: doc was there before, and its files are gone.
    expect(diff(fs)).toEqual(['C /usr', 'C /usr/share', 'C /usr/share/doc', 'D /usr/share/doc/a.txt', 'D /usr/share/doc/b.txt']);
    expect(u.toTarEntries().map((t) => t.header.name)).toEqual(['usr/', 'usr/share/', 'usr/share/.wh..wh..opq', 'usr/share/doc/']);
  });

  it('rmdir of an upper directory merged with a lower one removes its whiteouts too', () => {
    const { fs } = make();
    fs.unlink('/usr/share/doc/a.txt');
    fs.unlink('/usr/share/doc/b.txt');
    expect(names(fs, '/usr/share/doc')).toEqual([]);
    fs.rmdir('/usr/share/doc');
    const u = fs.upper!;
    expect(u.kind(u.lookup('/usr/share/doc')!)).toBe('whiteout');
    expect(u.lookup('/usr/share/doc/a.txt')).toBeUndefined();
  });

  it('an upper directory that is opaque hides lower entries without whiteouts', () => {
    const { fs } = make();
    fs.unlink('/usr/lib/libc.so');
    fs.rmdir('/usr/lib');
    fs.mkdir('/usr/lib');
    fs.writeFile('/usr/lib/x', 'x');
    fs.unlink('/usr/lib/x');
    expect(fs.upper!.names(fs.upper!.lookup('/usr/lib')!)).toEqual([]);
    expect(fs.exists('/lib/libc.so')).toBe(false);
  });
});

describe('rename across layers', () => {
  it('moves a lower file: copy-up at the new name, whiteout at the old one', () => {
    const { fs, base } = make();
    fs.rename('/etc/motd', '/tmp/motd');
    expect(fs.readText('/tmp/motd')).toBe('hello\n');
    expect(fs.exists('/etc/motd')).toBe(false);
    expect(upperKind(fs, '/etc/motd')).toBe('whiteout');
    const u = fs.upper!;
    expect(u.data(u.lookup('/tmp/motd')!)!.parts[0]).toBe(base.data(base.lookup('/etc/motd')!)!.parts[0]);
    expect(diff(fs)).toEqual(['C /etc', 'D /etc/motd', 'C /tmp', 'A /tmp/motd']);
  });

  it('moves a file over a lower file, and back', () => {
    const { fs } = make();
    fs.rename('/etc/motd', '/etc/passwd');
    expect(fs.readText('/etc/passwd')).toBe('hello\n');
    fs.rename('/etc/passwd', '/etc/motd');
    expect(fs.readText('/etc/motd')).toBe('hello\n');
    expect(fs.exists('/etc/passwd')).toBe(false);
    expect(upperKind(fs, '/etc/passwd')).toBe('whiteout');
  });

  it('refuses to move a lower or merged directory (EXDEV, as overlayfs without redirect_dir)', () => {
    const { fs } = make();
    expect(code(() => fs.rename('/usr/share', '/usr/share2'))).toBe('EXDEV');
    fs.writeFile('/usr/share/doc/c.txt', 'c');
    expect(code(() => fs.rename('/usr/share/doc', '/tmp/doc'))).toBe('EXDEV');
    expect(fs.exists('/usr/share/doc/a.txt')).toBe(true);
  });

  it('moves a directory made in the container; over an empty lower directory it becomes opaque', () => {
    const { fs } = make();
    fs.mkdir('/tmp/new');
    fs.writeFile('/tmp/new/f', 'f');
    fs.rename('/tmp/new', '/tmp/moved');
    expect(names(fs, '/tmp/moved')).toEqual(['f']);
    fs.rename('/tmp/moved', '/var/empty');
    const u = fs.upper!;
    expect(u.isOpaque(u.lookup('/var/empty')!)).toBe(true);
    expect(names(fs, '/var/empty')).toEqual(['f']);
  });

  it('moving a recreated directory away leaves a whiteout so the lower one stays hidden', () => {
    const { fs } = make();
    fs.unlink('/usr/lib/libc.so');
    fs.rmdir('/usr/lib');
    fs.mkdir('/usr/lib');
    fs.rename('/usr/lib', '/tmp/lib');
    expect(fs.exists('/usr/lib')).toBe(false);
    expect(fs.exists('/lib/libc.so')).toBe(false);
    expect(upperKind(fs, '/usr/lib')).toBe('whiteout');
  });
});

describe('symlinks through the union', () => {
  it('a container-layer symlink pointing into a lower directory', () => {
    const { fs, base } = make();
    fs.symlink('/usr/share/doc', '/tmp/docs');
    expect(fs.readdir('/tmp/docs').map((d) => d.name)).toEqual(['a.txt', 'b.txt']);
    expect(fs.readText('/tmp/docs/a.txt')).toBe('A');
    fs.writeFile('/tmp/docs/a.txt', 'changed');
    expect(fs.readText('/usr/share/doc/a.txt')).toBe('changed');
    expect(upperKind(fs, '/usr/share/doc/a.txt')).toBe('file');
    expect(base.data(base.lookup('/usr/share/doc/a.txt')!)!.size).toBe(1);
    fs.symlink('../usr/lib/libc.so', '/tmp/rel');
    expect(fs.readText('/tmp/rel')).toBe('LIBC');
    expect(fs.realpath('/tmp/docs/b.txt')).toBe('/usr/share/doc/b.txt');
  });

  it('a lower symlink pointing at something the container made', () => {
    const { fs } = make();
    fs.unlink('/usr/lib/libc.so');
    fs.writeFile('/usr/lib/libnew.so', 'NEW');
    expect(fs.readdir('/lib').map((d) => d.name)).toEqual(['libnew.so']);
    fs.mkdir('/lib/sub');
    expect(fs.stat('/usr/lib/sub').type).toBe('dir');
    fs.chmod('/lib', 0o700);
    expect(fs.stat('/usr/lib').mode).toBe(0o700);
    expect(fs.lstat('/lib').mode).toBe(0o777);
  });
});

describe('hard links', () => {
  it('linking a lower file copies it up first; both names share the container-layer inode', () => {
    const { fs, base } = make();
    fs.link('/etc/motd', '/tmp/motd');
    expect(fs.stat('/tmp/motd').nlink).toBe(2);
    fs.writeFile('/tmp/motd', 'via link\n');
    expect(fs.readText('/etc/motd')).toBe('via link\n');
    expect(base.data(base.lookup('/etc/motd')!)!.size).toBe(6);
    fs.unlink('/etc/motd');
    expect(fs.stat('/tmp/motd').nlink).toBe(1);
    expect(upperKind(fs, '/etc/motd')).toBe('whiteout');
  });
});

describe('mounts compose with MountFs', () => {
  it('volume writes bypass the container layer; moving across is EXDEV', () => {
    const { fs } = make();
    fs.mkdir('/data');
    const vol = new MemoryFs();
    const m = new MountFs(fs, [{ at: '/data', fs: vol }]);
    m.writeFile('/data/file', 'in volume');
    expect(vol.readText('/file')).toBe('in volume');
    expect(fs.readdir('/data')).toEqual([]);
    expect(diff(fs)).toEqual(['A /data']);
    expect(code(() => m.rename('/etc/motd', '/data/motd'))).toBe('EXDEV');
  });

  it('the runtime bind mounts cover the init placeholders', () => {
    const { fs } = make();
    const m = new MountFs(fs, runtimeMounts({ hostname: 'c0ffee123456', ip: '172.17.0.2' }));
    expect(m.readText('/etc/hostname')).toBe('c0ffee123456\n');
    expect(m.readText('/etc/hosts')).toContain('172.17.0.2\tc0ffee123456\n');
    expect(m.stat('/etc/hosts')).toMatchObject({ type: 'file', mode: 0o644 });
    m.writeFile('/etc/hosts', '10.0.0.1 db\n', { append: true });
    expect(m.readText('/etc/hosts')).toContain('10.0.0.1 db');
    expect(fs.stat('/etc/hosts').size).toBe(0);
    expect(changes(fs)).toEqual([]);
  });
});

describe('events', () => {
  it('reports every change', () => {
    const { fs } = make();
    const seen: string[] = [];
    const off = fs.onChange((e) => seen.push(`${e.op} ${e.path}${e.to ? ' ' + e.to : ''}`));
    fs.writeFile('/tmp/a', 'a');
    fs.rename('/tmp/a', '/tmp/b');
    fs.mkdir('/tmp/d/e', { parents: true });
    fs.chmod('/tmp/b', 0o600);
    fs.unlink('/tmp/b');
    off();
    fs.writeFile('/tmp/c', 'c');
    expect(seen).toEqual(['write /tmp/a', 'rename /tmp/a /tmp/b', 'mkdir /tmp/d', 'mkdir /tmp/d/e', 'chmod /tmp/b', 'unlink /tmp/b']);
  });
});

describe('isolation', () => {
  it('containers over the same layers do not see each other', () => {
    const { fs, lowers } = make();
    const b = new UnionFs({ lowers, init: sharedInit() });
    fs.writeFile('/etc/motd', 'a');
    fs.unlink('/etc/passwd');
    expect(b.readText('/etc/motd')).toBe('hello\n');
    expect(b.exists('/etc/passwd')).toBe(true);
    expect(() => lowers[0]!.remove(lowers[0]!.root, 'etc')).toThrow(/read-only/);
    expect(() => sharedInit().remove(sharedInit().root, 'etc')).toThrow(/read-only/);
  });
});
