import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { ContainerFs } from '../../../src/sim/fs/container-fs.ts';
import { MountFs } from '../../../src/sim/fs/mount.ts';

function image(): MemoryFs {
  const f = new MemoryFs({ now: () => 1000 });
  f.mkdir('/bin');
  f.mkdir('/etc');
  f.mkdir('/tmp', { mode: 0o1777 });
  f.mkdir('/root', { mode: 0o700 });
  f.writeFile('/bin/busybox', '', { mode: 0o755, exe: 'busybox', size: 1982256 });
  f.symlink('busybox', '/bin/sh');
  f.symlink('busybox', '/bin/wc');
  f.writeFile('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n');
  f.writeFile('/root/.profile', 'x');
  f.readOnly = true;
  return f;
}

describe('ContainerFs', () => {
  it('shares the image tree until something changes, then copies only what changed', () => {
    const img = image();
    const c1 = new ContainerFs(img, () => 2000);
    const c2 = new ContainerFs(img, () => 2000);
    expect(c1.root).toBe(img.root);
    c1.writeFile('/etc/passwd', 'changed\n');
    expect(c1.readText('/etc/passwd')).toBe('changed\n');
    expect(c2.readText('/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\n');
    expect(img.readText('/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\n');
    // Untouched subtrees stay shared.
    expect(c1.inode('/bin', true)).toBe(img.inode('/bin', true));
    expect(c1.root).not.toBe(img.root);
  });

  it('a deleted path hides the image file; a recreated directory starts empty', () => {
    const img = image();
    const c = new ContainerFs(img);
    c.unlink('/bin/wc');
    expect(c.exists('/bin/wc')).toBe(false);
    expect(img.exists('/bin/wc')).toBe(true);
    c.unlink('/root/.profile');
    c.rmdir('/root');
    c.mkdir('/root');
    expect(c.readdir('/root')).toEqual([]);
    expect(img.readdir('/root').map((e) => e.name)).toEqual(['.profile']);
  });

  it('copies up on append, chmod and through symlinks, keeping exe tags', () => {
    const img = image();
    const c = new ContainerFs(img);
    c.writeFile('/etc/passwd', 'more\n', { append: true });
    expect(c.readText('/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\nmore\n');
    expect(img.readText('/etc/passwd')).toBe('root:x:0:0:root:/root:/bin/sh\n');
    c.chmod('/bin/sh', 0o700);
    expect(c.stat('/bin/busybox')).toMatchObject({ mode: 0o700, exe: 'busybox', size: 1982256 });
    expect(img.stat('/bin/busybox').mode).toBe(0o755);
  });

  it('lists changes the way docker diff does (A/C/D, parents before children)', () => {
    const img = image();
    const c = new ContainerFs(img, () => 5_000_000);
    c.writeFile('/tmp/test', '');
    c.writeFile('/etc/newfile', 'x');
    c.unlink('/bin/wc');
    c.mkdir('/newdir');
    c.mkdir('/newdir/sub');
    c.writeFile('/newdir/sub/f', 'y');
    expect(c.changes()).toEqual([
      { kind: 'C', path: '/bin' },
      { kind: 'D', path: '/bin/wc' },
      { kind: 'C', path: '/etc' },
      { kind: 'A', path: '/etc/newfile' },
      { kind: 'A', path: '/newdir' },
      { kind: 'A', path: '/newdir/sub' },
      { kind: 'A', path: '/newdir/sub/f' },
      { kind: 'C', path: '/tmp' },
      { kind: 'A', path: '/tmp/test' },
    ]);
  });

  it('a thousand containers of one image cost almost nothing until they write', () => {
    const img = image();
    const cs = Array.from({ length: 1000 }, () => new ContainerFs(img));
    expect(cs.every((c) => c.root === img.root)).toBe(true);
  });
});

describe('MountFs', () => {
  it('routes paths under a mount point to the mounted file system', () => {
    const root = new MemoryFs();
    root.mkdir('/dev');
    root.writeFile('/dev/hidden', 'image placeholder');
    const dev = new MemoryFs();
    dev.writeFile('/null', '');
    const m = new MountFs(root, [{ at: '/dev', fs: dev }]);
    expect(m.readdir('/dev').map((e) => e.name)).toEqual(['null']);
    expect(m.exists('/dev/hidden')).toBe(false);
    m.writeFile('/dev/x', '1');
    expect(dev.readText('/x')).toBe('1');
    expect(m.readdir('/').map((e) => e.name)).toEqual(['dev']);
  });
});
