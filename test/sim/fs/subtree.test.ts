/** SubtreeFs: a directory of another file system as a file system of its own (bind mounts). */
import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { SubtreeFs } from '../../../src/sim/fs/subtree.ts';

function base(): MemoryFs {
  const fs = new MemoryFs({ now: () => 0 });
  fs.mkdir('/srv/site', { parents: true, mode: 0o750 });
  fs.writeFile('/srv/site/index.html', 'hello\n');
  return fs;
}

describe('SubtreeFs', () => {
  it('its own root is the directory itself (stat, readdir, exists), however the root was written', () => {
    for (const root of ['/srv/site', '/srv/site/', '/srv//site//']) {
      const sub = new SubtreeFs(base(), root);
      for (const p of ['/', '', '.', '/.', '/..', '//']) {
        expect(sub.stat(p).type, `${root} ${p}`).toBe('dir');
        expect(sub.lstat(p).mode & 0o777).toBe(0o750);
        expect(sub.exists(p)).toBe(true);
        expect(sub.readdir(p).map((e) => e.name)).toEqual(['index.html']);
      }
      expect(sub.readText('/index.html')).toBe('hello\n');
      expect(sub.readText('/../../index.html')).toBe('hello\n');
    }
  });

  it('changes its root through the base (chmod, utimes) and keeps read-only roots read-only', () => {
    const fs = base();
    const sub = new SubtreeFs(fs, '/srv/site');
    sub.chmod('/', 0o755);
    expect(fs.stat('/srv/site').mode & 0o777).toBe(0o755);
    const ro = new SubtreeFs(fs, '/srv/site', { readOnly: true });
    expect(ro.stat('/').type).toBe('dir');
    expect(() => ro.chmod('/', 0o700)).toThrow(/EROFS/);
  });

  it('a subtree of "/" is the whole file system', () => {
    const sub = new SubtreeFs(base(), '/');
    expect(sub.readdir('/').map((e) => e.name)).toEqual(['srv']);
    expect(sub.readText('/srv/site/index.html')).toBe('hello\n');
  });
});
