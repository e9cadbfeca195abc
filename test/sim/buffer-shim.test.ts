/** The browser Buffer (src/shims/buffer.ts) agrees with Node's on what memfs's core uses. */
import { Buffer as NodeBuffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { Buffer } from '../../src/shims/buffer.ts';

describe('browser Buffer shim', () => {
  it('from / toString round-trip like Node', () => {
    for (const s of ['', 'hello', '容器课堂', 'a\u0000b\u00ff']) {
      for (const enc of ['utf8', 'latin1', 'hex', 'base64'] as const) {
        const n = NodeBuffer.from(s, enc === 'hex' || enc === 'base64' ? 'utf8' : enc);
        const b = Buffer.from(s, enc === 'hex' || enc === 'base64' ? 'utf8' : enc);
        expect([...b]).toEqual([...n]);
        expect(b.toString(enc)).toBe(n.toString(enc));
        expect(Buffer.from(n.toString(enc), enc).toString('utf8')).toBe(NodeBuffer.from(n.toString(enc), enc).toString('utf8'));
      }
    }
  });

  it('views, copies, alloc, concat, byteLength, isBuffer', () => {
    const ab = new Uint8Array([1, 2, 3, 4]).buffer;
    const view = Buffer.from(ab, 1, 2);
    expect([...view]).toEqual([2, 3]);
    new Uint8Array(ab)[1] = 9;
    expect(view[0]).toBe(9); // a view, as Node's
    const copy = Buffer.from(new Uint8Array([5, 6]));
    expect(Buffer.isBuffer(copy)).toBe(true);
    expect([...Buffer.alloc(3, 7)]).toEqual([7, 7, 7]);
    expect(Buffer.allocUnsafe(0).length).toBe(0);
    expect([...Buffer.concat([copy, view])]).toEqual([5, 6, 9, 3]);
    expect([...Buffer.concat([copy, view], 3)]).toEqual([5, 6, 9]);
    expect(Buffer.byteLength('容')).toBe(3);
    expect(copy.subarray(1) instanceof Buffer).toBe(true);
    expect(() => Buffer.from(42)).toThrow(TypeError);
  });
});
