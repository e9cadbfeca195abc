/**
 * The FileSystem contract (src/sim/fs/types.ts), one suite run on every implementation:
 * MemoryFs and ContainerFs (issue 2's simple trees) and UnionFs with the starting tree
 * in the container layer, in one image layer, and split over two image layers under
 * the init layer. Whatever a program can observe must be the same on all of them.
 */
import { describe, expect, it } from 'vitest';
import { FsError, type FileSystem, type FsErrorCode } from '../../../../src/sim/fs/types.ts';
import { MemoryFs } from '../../../../src/sim/fs/memory.ts';
import { ContainerFs } from '../../../../src/sim/fs/container-fs.ts';
import { populate } from '../../../../src/sim/images/tree.ts';
import type { TreeEntry } from '../../../../src/sim/images/types.ts';
import { Layer } from '../../../../src/sim/fs/layered/layer.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';
import { makeInitLayer } from '../../../../src/sim/fs/layered/init.ts';

const T = Date.UTC(2025, 5, 1, 10, 0, 0);
const OLD = Date.UTC(2024, 0, 1);

function e(path: string, type: TreeEntry['type'], extra: Partial<TreeEntry> = {}): TreeEntry {
  return { path, type, mode: type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644, uid: 0, gid: 0, size: 0, mtimeMs: OLD, ...extra };
}
const text = (path: string, content: string, extra: Partial<TreeEntry> = {}): TreeEntry => e(path, 'file', { content, size: content.length, ...extra });

const SEED: TreeEntry[] = [
  e('/bin', 'dir'),
  e('/bin/busybox', 'file', { mode: 0o755, size: 5000, exe: 'busybox' }),
  e('/bin/sh', 'symlink', { target: 'busybox', size: 7 }),
  e('/bin/ls', 'symlink', { target: '/bin/busybox', size: 12 }),
  e('/data', 'dir'),
  e('/data/a', 'dir'),
  e('/data/a/b', 'dir'),
  text('/data/a/b/c.txt', 'deep\n'),
  e('/empty', 'dir'),
  e('/etc', 'dir'),
  text('/etc/motd', 'hello\n'),
  text('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n'),
  e('/home', 'dir'),
  e('/home/user', 'dir', { mode: 0o750, uid: 1000, gid: 1000 }),
  text('/home/user/notes.txt', 'notes', { uid: 1000, gid: 1000 }),
  e('/lib', 'symlink', { target: 'usr/lib', size: 7 }),
  e('/tmp', 'dir', { mode: 0o1777 }),
  e('/usr', 'dir'),
  e('/usr/lib', 'dir'),
  text('/usr/lib/libc.so', 'LIBC'),
];

interface Made {
  fs: FileSystem;
  tick: (ms?: number) => number;
}

type Factory = () => Made;

function clock(): { now: () => number; tick: (ms?: number) => number } {
  let t = T;
  return { now: () => t, tick: (ms = 1000) => (t += ms) };
}

const lowerLayer = (id: string, entries: TreeEntry[]): Layer => {
  const l = Layer.fromTree(id, entries);
  l.readOnly = true;
  return l;
};

const FACTORIES: [string, Factory][] = [
  [
    'MemoryFs',
    () => {
      const c = clock();
      const fs = new MemoryFs({ now: () => OLD });
      populate(fs, SEED);
      return { fs: new MemoryFs({ now: c.now }, fs.root), tick: c.tick };
    },
  ],
  [
    'ContainerFs',
    () => {
      const c = clock();
      const img = new MemoryFs({ now: () => OLD });
      populate(img, SEED);
      img.readOnly = true;
      return { fs: new ContainerFs(img, c.now), tick: c.tick };
    },
  ],
  [
    'UnionFs, tree in the container layer',
    () => {
      const c = clock();
      const fs = new UnionFs({ lowers: [], now: () => OLD });
      populate(fs, SEED);
      return { fs: new UnionFs({ lowers: [], now: c.now, upper: fs.upper! }), tick: c.tick };
    },
  ],
  [
    'UnionFs, tree in an image layer',
    () => {
      const c = clock();
      return { fs: new UnionFs({ lowers: [lowerLayer('l1', SEED)], now: c.now }), tick: c.tick };
    },
  ],
  [
    'UnionFs, tree split over two image layers + init',
    () => {
      const c = clock();
      const top = new Set(['/etc/motd', '/data/a/b/c.txt', '/usr/lib/libc.so']);
      const l1 = lowerLayer('l1', SEED.filter((x) => !top.has(x.path)));
      const l2 = lowerLayer('l2', [e('/data', 'dir'), e('/data/a', 'dir'), e('/data/a/b', 'dir'), e('/etc', 'dir'), e('/usr', 'dir'), e('/usr/lib', 'dir'), ...SEED.filter((x) => top.has(x.path))]);
      // The init layer has /etc too (with hosts, hostname, …): a third merged /etc.
      return { fs: new UnionFs({ lowers: [l1, l2], init: makeInitLayer(), initMtimeMs: OLD, now: c.now }), tick: c.tick };
    },
  ],
];

function code(fn: () => unknown): FsErrorCode | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof FsError) return err.code;
    throw err;
  }
}

const names = (fs: FileSystem, p: string): string[] => fs.readdir(p).map((d) => d.name);
const own = (fs: FileSystem, p: string): string[] => names(fs, p).filter((n) => !['hosts', 'hostname', 'resolv.conf', 'mtab'].includes(n));

for (const [label, make] of FACTORIES) {
  describe(`FileSystem contract: ${label}`, () => {
    it('stat and lstat report type, mode, owner, size, mtime', () => {
      const { fs } = make();
      expect(fs.stat('/etc')).toMatchObject({ type: 'dir', mode: 0o755, size: 4096 });
      expect(fs.stat('/tmp').mode).toBe(0o1777);
      expect(fs.stat('/home/user')).toMatchObject({ type: 'dir', mode: 0o750, uid: 1000, gid: 1000 });
      expect(fs.stat('/etc/passwd')).toMatchObject({ type: 'file', mode: 0o644, size: 30, mtimeMs: OLD, nlink: 1 });
      expect(fs.lstat('/bin/sh')).toMatchObject({ type: 'symlink', size: 7 });
      expect(fs.stat('/bin/sh')).toMatchObject({ type: 'file', size: 5000, exe: 'busybox', mode: 0o755 });
      expect(fs.stat('/lib/libc.so').size).toBe(4);
      expect(fs.stat('/data/a').nlink).toBe(3);
      expect(code(() => fs.stat('/nope'))).toBe('ENOENT');
      expect(code(() => fs.stat('/etc/passwd/x'))).toBe('ENOTDIR');
      expect(code(() => fs.stat('/nope/x'))).toBe('ENOENT');
    });

    it('readdir lists sorted names with types, without . and ..', () => {
      const { fs } = make();
      expect(fs.readdir('/bin')).toEqual([
        { name: 'busybox', type: 'file' },
        { name: 'ls', type: 'symlink' },
        { name: 'sh', type: 'symlink' },
      ]);
      expect(own(fs, '/etc')).toEqual(['motd', 'passwd']);
      expect(names(fs, '/lib')).toEqual(['libc.so']);
      expect(names(fs, '/empty')).toEqual([]);
      expect(code(() => fs.readdir('/etc/passwd'))).toBe('ENOTDIR');
      expect(code(() => fs.readdir('/nope'))).toBe('ENOENT');
    });

    it('reads files, synthetic files and through symlinks', () => {
      const { fs } = make();
      expect(fs.readText('/etc/motd')).toBe('hello\n');
      expect(fs.readText('/lib/libc.so')).toBe('LIBC');
      const bin = fs.readFile('/bin/sh');
      expect(bin.length).toBe(5000);
      expect([...bin.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
      expect(code(() => fs.readFile('/etc'))).toBe('EISDIR');
      expect(code(() => fs.readFile('/nope'))).toBe('ENOENT');
      // The result is a copy.
      fs.readFile('/etc/motd')[0] = 0;
      expect(fs.readText('/etc/motd')).toBe('hello\n');
    });

    it('creates, truncates and appends files; the parent directory mtime moves', () => {
      const { fs, tick } = make();
      const t1 = tick();
      fs.writeFile('/tmp/new', 'abc');
      expect(fs.stat('/tmp/new')).toMatchObject({ type: 'file', mode: 0o644, size: 3, mtimeMs: t1, uid: 0 });
      expect(fs.stat('/tmp').mtimeMs).toBe(t1);
      fs.writeFile('/tmp/x', 'x', { mode: 0o600 });
      expect(fs.stat('/tmp/x').mode).toBe(0o600);
      fs.writeFile('/tmp/x', 'yy', { mode: 0o777 });
      expect(fs.stat('/tmp/x').mode).toBe(0o600);
      const t2 = tick();
      fs.writeFile('/etc/motd', 'bye\n');
      expect(fs.readText('/etc/motd')).toBe('bye\n');
      expect(fs.stat('/etc/motd').mtimeMs).toBe(t2);
      expect(fs.stat('/etc').mtimeMs).not.toBe(t2);
      fs.writeFile('/etc/passwd', 'daemon:x:1:1\n', { append: true });
      expect(fs.readText('/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1\n');
      for (let i = 0; i < 100; i++) fs.writeFile('/tmp/log', `${i}\n`, { append: true });
      expect(fs.readText('/tmp/log').split('\n').length).toBe(101);
      expect(code(() => fs.writeFile('/etc', 'x'))).toBe('EISDIR');
      expect(code(() => fs.writeFile('/nope/x', 'x'))).toBe('ENOENT');
      expect(code(() => fs.writeFile('/etc/passwd/x', 'x'))).toBe('ENOTDIR');
    });

    it('synthetic executables keep their exe tag and size', () => {
      const { fs } = make();
      fs.writeFile('/bin/tool', '', { mode: 0o755, exe: 'tool', size: 123456 });
      expect(fs.stat('/bin/tool')).toMatchObject({ size: 123456, exe: 'tool', mode: 0o755 });
      expect(fs.readFile('/bin/tool').length).toBe(123456);
      fs.writeFile('/bin/busybox', 'X', { append: true });
      expect(fs.stat('/bin/busybox')).toMatchObject({ size: 5001, exe: 'busybox' });
      expect(fs.readFile('/bin/busybox')[5000]).toBe(0x58);
      expect(fs.readFile('/bin/busybox')[1]).toBe(0x45);
    });

    it('writes through symlinks, and creates the target of a dangling one', () => {
      const { fs } = make();
      fs.writeFile('/lib/libc.so', 'NEW');
      expect(fs.readText('/usr/lib/libc.so')).toBe('NEW');
      expect(fs.lstat('/lib').type).toBe('symlink');
      fs.symlink('/tmp/target', '/tmp/dangling');
      fs.writeFile('/tmp/dangling', 'made');
      expect(fs.readText('/tmp/target')).toBe('made');
      expect(fs.lstat('/tmp/dangling').type).toBe('symlink');
    });

    it('mkdir, with and without parents', () => {
      const { fs, tick } = make();
      const t = tick();
      fs.mkdir('/srv');
      expect(fs.stat('/srv')).toMatchObject({ type: 'dir', mode: 0o755, mtimeMs: t });
      fs.mkdir('/srv/m', { mode: 0o700 });
      expect(fs.stat('/srv/m').mode).toBe(0o700);
      expect(code(() => fs.mkdir('/etc'))).toBe('EEXIST');
      expect(code(() => fs.mkdir('/'))).toBe('EEXIST');
      expect(code(() => fs.mkdir('/x/y'))).toBe('ENOENT');
      expect(code(() => fs.mkdir('/etc/passwd/y'))).toBe('ENOTDIR');
      fs.mkdir('/x/y/z', { parents: true });
      expect(fs.stat('/x/y/z').type).toBe('dir');
      fs.mkdir('/data/a/b', { parents: true });
      fs.mkdir('/lib/sub', { parents: true });
      expect(fs.stat('/usr/lib/sub').type).toBe('dir');
      expect(code(() => fs.mkdir('/etc/passwd', { parents: true }))).toBe('EEXIST');
      expect(code(() => fs.mkdir('/etc/passwd/q', { parents: true }))).toBe('ENOTDIR');
    });

    it('unlink and rmdir', () => {
      const { fs } = make();
      fs.unlink('/etc/motd');
      expect(fs.exists('/etc/motd')).toBe(false);
      expect(own(fs, '/etc')).toEqual(['passwd']);
      expect(code(() => fs.unlink('/etc/motd'))).toBe('ENOENT');
      expect(code(() => fs.unlink('/etc'))).toBe('EISDIR');
      fs.unlink('/lib');
      expect(fs.exists('/lib')).toBe(false);
      expect(fs.readText('/usr/lib/libc.so')).toBe('LIBC');
      expect(code(() => fs.rmdir('/data/a'))).toBe('ENOTEMPTY');
      expect(code(() => fs.rmdir('/etc/passwd'))).toBe('ENOTDIR');
      expect(code(() => fs.rmdir('/'))).toBe('EPERM');
      expect(code(() => fs.rmdir('/nope'))).toBe('ENOENT');
      fs.rmdir('/empty');
      expect(fs.exists('/empty')).toBe(false);
      fs.unlink('/data/a/b/c.txt');
      fs.rmdir('/data/a/b');
      fs.rmdir('/data/a');
      expect(names(fs, '/data')).toEqual([]);
      expect(fs.stat('/data').nlink).toBe(2);
    });

    it('removes a tree and makes it again (nothing of the old one comes back)', () => {
      const { fs } = make();
      const rmTree = (p: string): void => {
        if (fs.lstat(p).type === 'dir') {
          for (const d of fs.readdir(p)) rmTree(`${p}/${d.name}`);
          fs.rmdir(p);
        } else fs.unlink(p);
      };
      rmTree('/data');
      expect(fs.exists('/data')).toBe(false);
      fs.mkdir('/data/a/b', { parents: true });
      expect(names(fs, '/data/a/b')).toEqual([]);
      expect(fs.exists('/data/a/b/c.txt')).toBe(false);
      fs.writeFile('/data/a/b/d.txt', 'd');
      expect(names(fs, '/data/a/b')).toEqual(['d.txt']);
    });

    it('rename: files, directories made here, and the error cases', () => {
      const { fs } = make();
      fs.rename('/etc/motd', '/etc/motd.old');
      expect(own(fs, '/etc')).toEqual(['motd.old', 'passwd']);
      expect(fs.readText('/etc/motd.old')).toBe('hello\n');
      fs.rename('/etc/motd.old', '/tmp/m');
      expect(fs.readText('/tmp/m')).toBe('hello\n');
      expect(fs.exists('/etc/motd.old')).toBe(false);
      fs.writeFile('/tmp/other', 'other');
      fs.rename('/tmp/other', '/etc/passwd');
      expect(fs.readText('/etc/passwd')).toBe('other');
      fs.rename('/bin/sh', '/bin/ash');
      expect(fs.readlink('/bin/ash')).toBe('busybox');
      expect(fs.stat('/bin/ash').exe).toBe('busybox');
      fs.mkdir('/tmp/d1/sub', { parents: true });
      fs.writeFile('/tmp/d1/sub/f', 'f');
      fs.rename('/tmp/d1', '/tmp/d2');
      expect(fs.readText('/tmp/d2/sub/f')).toBe('f');
      expect(fs.exists('/tmp/d1')).toBe(false);
      fs.mkdir('/tmp/d3');
      fs.rename('/tmp/d2', '/tmp/d3');
      expect(names(fs, '/tmp/d3')).toEqual(['sub']);
      expect(code(() => fs.rename('/tmp/d3', '/tmp/d3/sub/x'))).toBe('EINVAL');
      expect(code(() => fs.rename('/tmp/m', '/etc'))).toBe('EISDIR');
      fs.mkdir('/tmp/d4');
      expect(code(() => fs.rename('/tmp/d4', '/etc/passwd'))).toBe('ENOTDIR');
      fs.writeFile('/tmp/d4/f', '');
      fs.mkdir('/tmp/d5');
      expect(code(() => fs.rename('/tmp/d5', '/tmp/d4'))).toBe('ENOTEMPTY');
      expect(code(() => fs.rename('/tmp/nope', '/tmp/x'))).toBe('ENOENT');
      expect(code(() => fs.rename('/tmp/m', '/nope/x'))).toBe('ENOENT');
      fs.rename('/tmp/m', '/tmp/m');
      expect(fs.readText('/tmp/m')).toBe('hello\n');
    });

    it('symlinks: create, readlink, realpath, relative targets, loops', () => {
      const { fs } = make();
      fs.symlink('../etc/passwd', '/tmp/pw');
      expect(fs.readlink('/tmp/pw')).toBe('../etc/passwd');
      expect(fs.readText('/tmp/pw')).toContain('root:x');
      expect(fs.realpath!('/tmp/pw')).toBe('/etc/passwd');
      expect(fs.realpath!('/lib/libc.so')).toBe('/usr/lib/libc.so');
      expect(code(() => fs.symlink('x', '/tmp/pw'))).toBe('EEXIST');
      expect(code(() => fs.readlink('/etc/passwd'))).toBe('EINVAL');
      fs.symlink('/tmp/loop2', '/tmp/loop1');
      fs.symlink('/tmp/loop1', '/tmp/loop2');
      expect(code(() => fs.stat('/tmp/loop1'))).toBe('ELOOP');
      expect(fs.lstat('/tmp/loop1').type).toBe('symlink');
      expect(fs.exists('/tmp/loop1')).toBe(false);
      fs.symlink('/etc', '/tmp/etc');
      expect(own(fs, '/tmp/etc')).toEqual(['motd', 'passwd']);
      fs.writeFile('/tmp/etc/new', 'n');
      expect(fs.readText('/etc/new')).toBe('n');
    });

    it('chmod, chown and utimes follow symlinks', () => {
      const { fs } = make();
      fs.chmod('/lib/libc.so', 0o600);
      expect(fs.stat('/usr/lib/libc.so').mode).toBe(0o600);
      expect(fs.lstat('/lib').mode).toBe(0o777);
      fs.chown('/etc/passwd', 5, -1);
      expect(fs.stat('/etc/passwd')).toMatchObject({ uid: 5, gid: 0 });
      fs.chown('/etc/passwd', -1, 7);
      expect(fs.stat('/etc/passwd')).toMatchObject({ uid: 5, gid: 7 });
      fs.utimes('/etc/motd', 1234000);
      expect(fs.stat('/etc/motd').mtimeMs).toBe(1234000);
      fs.chmod('/etc', 0o700);
      expect(fs.stat('/etc').mode).toBe(0o700);
      expect(own(fs, '/etc')).toEqual(['motd', 'passwd']);
      fs.chmod('/', 0o711);
      expect(fs.stat('/').mode).toBe(0o711);
      expect(code(() => fs.chmod('/nope', 0o600))).toBe('ENOENT');
    });

    it('hard links share the inode', () => {
      const { fs } = make();
      fs.link!('/etc/passwd', '/tmp/pw');
      expect(fs.stat('/tmp/pw').nlink).toBe(2);
      expect(fs.stat('/etc/passwd').nlink).toBe(2);
      fs.writeFile('/tmp/pw', 'changed');
      expect(fs.readText('/etc/passwd')).toBe('changed');
      fs.writeFile('/etc/passwd', '+', { append: true });
      expect(fs.readText('/tmp/pw')).toBe('changed+');
      fs.rename('/tmp/pw', '/etc/passwd');
      expect(fs.stat('/etc/passwd').nlink).toBe(2);
      expect(fs.exists('/tmp/pw')).toBe(true);
      fs.unlink('/tmp/pw');
      expect(fs.stat('/etc/passwd').nlink).toBe(1);
      expect(code(() => fs.link!('/etc', '/tmp/e'))).toBe('EPERM');
      expect(code(() => fs.link!('/etc/motd', '/etc/passwd'))).toBe('EEXIST');
      expect(code(() => fs.link!('/nope', '/tmp/n'))).toBe('ENOENT');
    });

    it('device nodes', () => {
      const { fs } = make();
      fs.mknod!('/tmp/null', 'char', 0o666, 0x103);
      expect(fs.stat('/tmp/null')).toMatchObject({ type: 'char', mode: 0o666, rdev: 0x103, size: 0 });
      fs.mknod!('/tmp/fifo', 'fifo', 0o644);
      expect(fs.readdir('/tmp').map((d) => d.type)).toEqual(['fifo', 'char']);
      expect(code(() => fs.mknod!('/tmp/null', 'char', 0o666, 1))).toBe('EEXIST');
    });

    it('exists', () => {
      const { fs } = make();
      expect(fs.exists('/')).toBe(true);
      expect(fs.exists('/bin/sh')).toBe(true);
      expect(fs.exists('/etc/passwd/x')).toBe(false);
      expect(fs.exists('/nope')).toBe(false);
    });
  });
}
