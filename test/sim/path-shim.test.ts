/** The browser path shim (src/shims/path.ts) agrees with Node's posix path on what memfs's core uses. */
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as shim from '../../src/shims/path.ts';

const paths = ['', '.', '/', '//', 'a', 'a/b', '/a/b/', '/a/./b/../c', 'a/../..', '../x', '/..', 'a//b', '/a/b/c.txt', '.hidden', 'x.tar.gz'];

describe('browser path shim', () => {
  it('matches node:path posix', () => {
    for (const p of paths) {
      expect(shim.normalize(p), `normalize ${p}`).toBe(posix.normalize(p));
      expect(shim.dirname(p), `dirname ${p}`).toBe(posix.dirname(p));
      expect(shim.basename(p), `basename ${p}`).toBe(posix.basename(p));
      expect(shim.extname(p), `extname ${p}`).toBe(posix.extname(p));
      expect(shim.isAbsolute(p)).toBe(posix.isAbsolute(p));
      expect(shim.resolve('/', p), `resolve ${p}`).toBe(posix.resolve('/', p));
      for (const q of ['/a', '/a/b/c', 'x/y']) {
        expect(shim.join(p, q), `join ${p} ${q}`).toBe(posix.join(p, q));
        expect(shim.relative(`/${p}`, `/${q}`), `relative ${p} ${q}`).toBe(posix.relative(`/${p}`, `/${q}`));
      }
    }
    expect(shim.basename('/a/b.txt', '.txt')).toBe('b');
    expect(shim.resolve('/a', 'b', '../c')).toBe('/a/c');
    expect(shim.posix.sep).toBe('/');
  });
});
