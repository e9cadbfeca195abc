/**
 * Property tests over mutated and generated archives: the archive code throws
 * nothing but ArchiveError, always finishes, and never yields a path outside the
 * layer; what it writes it reads back unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEntries } from '../../../src/sim/archive/apply.ts';
import { applyChanges, importBaseConfig } from '../../../src/sim/archive/change.ts';
import { ArchiveError } from '../../../src/sim/archive/errors.ts';
import { exportContainer } from '../../../src/sim/archive/export.ts';
import { readRootfsTar } from '../../../src/sim/archive/import.ts';
import { loadImages } from '../../../src/sim/archive/load.ts';
import { TarWriter, type TarHeader } from '../../../src/sim/archive/tar.ts';
import { readTar } from '../../../src/sim/archive/tarRead.ts';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { FsError } from '../../../src/sim/fs/types.ts';
import { fixture } from './helpers.ts';
import { hostileCases } from './hostile.ts';

const LIMITS = { maxInputBytes: 1 << 20, maxTarBytes: 4 << 20, maxEntries: 2000, maxFileBytes: 1 << 20, maxRatio: 200, ratioFloor: 1 << 20 };

/** Recomputes the checksum of every block that looks like a header, so mutations reach past it. */
function fixChecksums(b: Uint8Array): void {
  for (let off = 0; off + 512 <= b.length; off += 512) {
    if (b[off + 257] !== 0x75 || b[off + 258] !== 0x73) continue; // "us"tar
    b.fill(0x20, off + 148, off + 156);
    let s = 0;
    for (let i = off; i < off + 512; i++) s += b[i]!;
    const t = s.toString(8).padStart(6, '0');
    for (let i = 0; i < 6; i++) b[off + 148 + i] = t.charCodeAt(i);
    b[off + 154] = 0;
    b[off + 155] = 0x20;
  }
}

type Mutation = { at: number; kind: 'set' | 'cut' | 'insert' | 'zero'; value: number; len: number };

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<Mutation['kind']>('set', 'set', 'set', 'cut', 'insert', 'zero'),
  value: fc.integer({ min: 0, max: 255 }),
  len: fc.integer({ min: 1, max: 700 }),
});

function mutate(base: Uint8Array, muts: readonly Mutation[], fix: boolean): Uint8Array {
  let b = base.slice();
  for (const m of muts) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'set') b[at] = m.value;
    else if (m.kind === 'zero') b.fill(0, at, at + m.len);
    else if (m.kind === 'cut') b = b.subarray(0, at).slice();
    else {
      const ins = new Uint8Array(m.len).fill(m.value);
      const nb = new Uint8Array(b.length + ins.length);
      nb.set(b.subarray(0, at));
      nb.set(ins, at);
      nb.set(b.subarray(at), at + ins.length);
      b = nb;
    }
  }
  if (fix) fixChecksums(b);
  return b;
}

const bases: Uint8Array[] = [fixture('tiny-rootfs.tar'), fixture('export-tiny.tar')];
for (const c of await hostileCases()) if (c.bytes.length < 40_000) bases.push(c.bytes);

function checkPaths(paths: readonly string[]): void {
  for (const p of paths) {
    expect(p.startsWith('/')).toBe(true);
    expect(p.split('/').slice(1).every((c) => c !== '' && c !== '.' && c !== '..')).toBe(true);
  }
}

// The property tests run hundreds of archives each (about 2 s here); the timeout leaves room for slow CI machines.
describe('fuzz: mutated archives', () => {
  it('import: only ArchiveError, no path outside the layer, the result can be used', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), async (i, muts, fix) => {
        const input = mutate(bases[i]!, muts, fix);
        let layer;
        try {
          layer = await readRootfsTar(input, { limits: LIMITS, nowMs: 0 });
        } catch (e) {
          if (!(e instanceof ArchiveError)) throw e;
          return;
        }
        checkPaths(layer.entries.map((e) => e.path));
        for (const e of layer.entries) if (e.linkOf !== undefined) checkPaths([e.linkOf]);
        // what was accepted can be put in a filesystem and exported again
        const fs = new MemoryFs();
        try {
          applyEntries(fs, layer.entries);
        } catch (e) {
          if (!(e instanceof FsError)) throw e;
          return;
        }
        exportContainer(fs, { init: { mtimeMs: 0 } });
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  it('load: only ArchiveError', { timeout: 60_000 }, async () => {
    const save = fixture('save-tiny.tar');
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (muts, fix) => {
        try {
          const r = await loadImages(mutate(save, muts, fix), { limits: LIMITS });
          for (const img of r.images) for (const l of img.layers) checkPaths(l.entries.map((e) => e.path));
        } catch (e) {
          if (!(e instanceof ArchiveError)) throw e;
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('--change: only ArchiveError for any text', () => {
    const word = fc.constantFrom('CMD', 'ENTRYPOINT', 'ENV', 'LABEL', 'EXPOSE', 'VOLUME', 'USER', 'WORKDIR', 'HEALTHCHECK', 'ONBUILD', 'STOPSIGNAL', 'RUN', '#', '\\', '[', ']', '"', "'", '$', '${', '}', '=', ' ', '\n', '--interval=', 'x', '80/tcp', ':-');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.array(word, { maxLength: 8 }).map((w) => w.join('')), fc.string({ maxLength: 20 })), { maxLength: 4 }), fc.constantFrom<'20.10' | '29'>('20.10', '29'), (changes, v) => {
        try {
          applyChanges(importBaseConfig(), changes, v);
        } catch (e) {
          if (!(e instanceof ArchiveError)) throw e;
        }
      }),
      { numRuns: 2000, seed: 42 },
    );
  });
});

describe('round trip: what the writer writes, the reader reads', () => {
  const name = fc.stringMatching(/^[a-zA-Z0-9._ é\u4e2d\u{1F600}-]{1,40}$/u).filter((s) => s !== '.' && s !== '..');
  const header = fc.record({
    path: fc.array(name, { minLength: 1, maxLength: 8 }).map((p) => p.join('/')),
    type: fc.constantFrom<TarHeader['type']>('file', 'dir', 'symlink', 'link', 'char', 'fifo'),
    mode: fc.integer({ min: 0, max: 0o7777 }),
    uid: fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.integer({ min: 0, max: 2 ** 31 })),
    mtime: fc.integer({ min: 0, max: 2 ** 34 }),
    data: fc.uint8Array({ maxLength: 1500 }),
    link: fc.array(name, { minLength: 1, maxLength: 6 }).map((p) => p.join('/')),
    uname: fc.constantFrom('', 'root', 'a-very-long-user-name-over-32-bytes-long'),
  });
  it('headers and data survive', () => {
    fc.assert(
      fc.property(fc.array(header, { maxLength: 12 }), fc.boolean(), (hs, typeBits) => {
        const w = new TarWriter({ typeBits });
        for (const h of hs) {
          const data = h.type === 'file' ? h.data : undefined;
          w.add(
            {
              name: h.type === 'dir' ? h.path + '/' : h.path,
              type: h.type,
              mode: h.mode,
              uid: h.uid,
              gid: h.uid,
              uname: h.uname,
              mtime: h.mtime,
              size: data?.length ?? 0,
              ...(h.type === 'symlink' || h.type === 'link' ? { linkname: h.link } : {}),
              ...(h.type === 'char' ? { devmajor: 1, devminor: 3 } : {}),
            },
            data,
          );
        }
        const back = [...readTar(w.finish(), { maxEntries: 100, maxFileBytes: 1e6 })];
        expect(back.map((e) => [e.name, e.type, e.mode, e.uid, e.mtime, e.uname ?? '', e.linkname ?? ''])).toEqual(
          hs.map((h) => [h.type === 'dir' ? h.path + '/' : h.path, h.type, h.mode, h.uid, h.mtime, h.uname, h.type === 'symlink' || h.type === 'link' ? h.link : '']),
        );
        hs.forEach((h, i) => {
          if (h.type === 'file') expect(back[i]!.data).toEqual(h.data);
        });
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
