/** docker diff: the real 20.10 engine's output, and the rules of pkg/archive ChangesDirs. */
import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../../../src/sim/fs/memory.ts';
import { MountFs } from '../../../../src/sim/fs/mount.ts';
import { changes, diffLines, CHANGE_KIND_CODE } from '../../../../src/sim/fs/layered/diff.ts';
import { goMapOrder, bucketBits } from '../../../../src/sim/fs/layered/gomap.ts';
import { UnionFs } from '../../../../src/sim/fs/layered/union.ts';
import { box, layerOf, sh, sharedInit } from './helpers.ts';

describe('docker diff as the real 20.10 engine printed it (docker-real-20.10.md §c)', () => {
  it('a fresh container has no changes', () => {
    const b = box();
    expect(diffLines(b.fs)).toEqual([]);
    sh(b, 'ls -la / /etc > /dev/null; cat /etc/passwd > /dev/null');
    expect(diffLines(b.fs)).toEqual([]);
  });

  it('cd /tmp && touch test && echo x > /etc/newfile && rm /bin/wc — in the real order', () => {
    const b = box();
    const r = sh(b, 'cd /tmp && touch test && echo x > /etc/newfile && rm /bin/wc');
    expect(r).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(diffLines(b.fs)).toEqual(['C /etc', 'A /etc/newfile', 'C /tmp', 'A /tmp/test', 'C /bin', 'D /bin/wc']);
    expect(diffLines(b.fs, { order: 'sorted' })).toEqual(['C /bin', 'D /bin/wc', 'C /etc', 'A /etc/newfile', 'C /tmp', 'A /tmp/test']);
  });

  it('a new tree shows every path', () => {
    const b = box();
    sh(b, 'mkdir -p /newdir/sub && touch /newdir/sub/f');
    expect(diffLines(b.fs)).toEqual(['A /newdir', 'A /newdir/sub', 'A /newdir/sub/f']);
  });

  it('a modified file', () => {
    const b = box();
    sh(b, 'echo "x:x:1000:1000::/:/bin/sh" >> /etc/passwd');
    expect(diffLines(b.fs)).toEqual(['C /etc', 'C /etc/passwd']);
  });

  it('a deleted directory is one D line', () => {
    const b = box();
    sh(b, 'touch /root/.profile');
    const c = box();
    sh(c, 'rm -r /root /home');
    expect(diffLines(c.fs, { order: 'sorted' })).toEqual(['D /home', 'D /root']);
    sh(b, 'rm -rf /root');
    expect(diffLines(b.fs)).toEqual(['D /root']);
  });

  it('a directory removed and recreated', () => {
    const b = box();
    sh(b, 'rm -r /root && mkdir /root');
    // mkdir makes it 0755; the image has 0700.
    expect(diffLines(b.fs)).toEqual(['C /root']);
    const c = box();
    sh(c, 'rm -r /usr && mkdir /usr');
    expect(diffLines(c.fs)).toEqual([]);
  });

  it('the init layer never shows; a volume mount point does (as A)', () => {
    const b = box();
    sh(b, 'cat /etc/hostname /etc/hosts /etc/resolv.conf /.dockerenv; ls /dev /proc /sys > /dev/null');
    expect(diffLines(b.fs)).toEqual([]);
    // The engine makes the mount point in the container layer, then mounts the volume there.
    b.fs.mkdir('/data');
    const vol = new MemoryFs();
    const r = sh(b, 'echo hi > /data/file && ls /data', { fs: new MountFs(b.fs, [{ at: '/data', fs: vol }]) });
    expect(r.stdout).toBe('file\n');
    expect(vol.readText('/file')).toBe('hi\n');
    expect(diffLines(b.fs)).toEqual(['A /data']);
  });

  it('numeric kinds as the API sends them', () => {
    expect(CHANGE_KIND_CODE).toEqual({ C: 0, A: 1, D: 2 });
  });
});

describe('ChangesDirs rules', () => {
  const IMG = `
    d /a
    f /a/one 1
    f /a/two 2
    d /a/sub
    f /a/sub/deep D
    d /b
    f /b/file F
    l /b/link file
  `;
  const make = () => {
    let t = Date.UTC(2026, 0, 1);
    return new UnionFs({ lowers: [layerOf('img', IMG, Date.UTC(2024, 0, 1))], init: sharedInit(), now: () => (t += 1000) });
  };
  const d = (fs: UnionFs) => diffLines(fs, { order: 'sorted' });

  it('a directory with changes gets its C line before its contents, once', () => {
    const fs = make();
    fs.writeFile('/a/sub/new', 'n');
    fs.writeFile('/a/sub/deep', 'changed');
    expect(d(fs)).toEqual(['C /a', 'C /a/sub', 'C /a/sub/deep', 'A /a/sub/new']);
  });

  it("a directory's deletions come after its additions and changes, whatever the names", () => {
    const fs = make();
    fs.unlink('/a/one');
    fs.writeFile('/a/zzz', 'z');
    fs.writeFile('/a/sub/x', 'x');
    expect(d(fs)).toEqual(['C /a', 'C /a/sub', 'A /a/sub/x', 'A /a/zzz', 'D /a/one']);
  });

  it('a changed directory has no extra C line; an added one lists everything as A', () => {
    const fs = make();
    fs.chmod('/a', 0o700);
    fs.writeFile('/a/new', 'n');
    fs.mkdir('/c/d/e', { parents: true });
    fs.writeFile('/c/d/f', 'f');
    expect(d(fs)).toEqual(['C /a', 'A /a/new', 'A /c', 'A /c/d', 'A /c/d/e', 'A /c/d/f']);
  });

  it('mode, owner and size are changes; a copy-up alone is not', () => {
    const fs = make();
    fs.chmod('/a/one', 0o644);
    fs.chown('/a/two', 0, 0);
    expect(d(fs)).toEqual([]);
    fs.chown('/a/two', 1, -1);
    fs.chmod('/b/file', 0o600);
    expect(d(fs)).toEqual(['C /a', 'C /a/two', 'C /b', 'C /b/file']);
  });

  it('mtime counts in whole seconds for files (the image has no sub-second part), not at all for directories', () => {
    const fs = make();
    const base = Date.UTC(2024, 0, 1);
    fs.utimes('/a/one', base + 999);
    fs.utimes('/a/sub', base + 86_400_000);
    expect(d(fs)).toEqual([]);
    fs.utimes('/a/one', base + 1000);
    expect(d(fs)).toEqual(['C /a', 'C /a/one']);
  });

  it('a file replaced by a directory is C, with its children A; a directory replaced by a file is C alone', () => {
    const fs = make();
    fs.unlink('/b/file');
    fs.mkdir('/b/file');
    fs.writeFile('/b/file/in', 'i');
    fs.unlink('/a/sub/deep');
    fs.rmdir('/a/sub');
    fs.writeFile('/a/sub', 'now a file');
    expect(d(fs)).toEqual(['C /a', 'C /a/sub', 'C /b', 'C /b/file', 'A /b/file/in']);
  });

  it('a symlink changed to point elsewhere', () => {
    const fs = make();
    fs.unlink('/b/link');
    fs.symlink('elsewhere', '/b/link');
    expect(d(fs)).toEqual(['C /b', 'C /b/link']);
  });

  it('a file deleted and written back the same is still a change (new mtime)', () => {
    const fs = make();
    const before = fs.readFile('/a/one');
    fs.unlink('/a/one');
    fs.writeFile('/a/one', before);
    expect(d(fs)).toEqual(['C /a', 'C /a/one']);
  });

  it('changes({ order }) keeps the same set', () => {
    const b = box();
    sh(b, 'mkdir -p /x/y /home/u && touch /x/y/z /tmp/1 /tmp/2 /tmp/3 /etc/a && rm /bin/cat /bin/ls /etc/group && chmod 700 /usr');
    const go = changes(b.fs);
    const sorted = changes(b.fs, { order: 'sorted' });
    expect(new Set(go.map((c) => c.kind + c.path))).toEqual(new Set(sorted.map((c) => c.kind + c.path)));
    expect(go.length).toBe(sorted.length);
    // Every parent line comes before the lines below it.
    for (const order of [go, sorted]) {
      order.forEach((c, i) => {
        const parent = c.path.slice(0, c.path.lastIndexOf('/'));
        if (parent) expect(order.findIndex((x) => x.path === parent)).toBeLessThan(i);
      });
    }
  });
});

describe('Go map iteration order', () => {
  it('sizes its buckets as Go does', () => {
    expect([1, 8, 9, 13, 14, 26, 27, 53].map(bucketBits)).toEqual([0, 0, 1, 1, 2, 2, 3, 4]);
  });

  it('up to 8 keys: the insertion order, rotated', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    expect(goMapOrder(keys, undefined, 0, 0)).toEqual(keys);
    expect(goMapOrder(keys, undefined, 0, 3)).toEqual(['d', 'e', 'a', 'b', 'c']);
    expect(goMapOrder(keys, undefined, 0, 6)).toEqual(keys);
    expect(goMapOrder(keys, (k) => k !== 'd', 0, 3)).toEqual(['e', 'a', 'b', 'c']);
  });

  it('is a permutation, and the same every time', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `name${i}`);
    const o = goMapOrder(keys);
    expect([...o].sort()).toEqual([...keys].sort());
    expect(goMapOrder(keys)).toEqual(o);
    expect(o).not.toEqual(keys);
  });
});
