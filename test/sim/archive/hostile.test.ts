/**
 * Every hostile/broken archive of hostile.ts, imported into the simulator, gives
 * what the real 20.10 engine gave (fixtures/hostile-real.json): the same error
 * text, or the same files as seen in a container of the imported image.
 */
import { describe, expect, it } from 'vitest';
import { applyEntries } from '../../../src/sim/archive/apply.ts';
import { ArchiveError } from '../../../src/sim/archive/errors.ts';
import { exportContainer } from '../../../src/sim/archive/export.ts';
import { readRootfsTar } from '../../../src/sim/archive/import.ts';
import { listTar } from '../../../src/sim/archive/listing.ts';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { daemonText, fixtureJson, type RunResult } from './helpers.ts';
import { hostileCases } from './hostile.ts';

interface Recorded {
  name: string;
  import: RunResult;
  exported: string[] | null;
}

/** What `docker create IMG && docker export | tar -tv` shows, as "<type> <name>[ -> t| link to t]". */
function shape(lines: readonly string[]): string[] {
  return lines.map((l) => {
    const f = l.split(/\s+/);
    return `${f[0]![0]} ${f.slice(5).join(' ')}`;
  });
}

/** Simulator texts that say the same as Docker's with less detail. */
const normalise = (s: string): string => s.replace(/flate: corrupt input before offset \d+/, 'flate: corrupt input');

const recorded = fixtureJson<Recorded[]>('hostile-real.json');
const cases = await hostileCases();

describe('hostile and broken archives (docker import), against the real engine', () => {
  it('covers every recorded case', () => {
    expect(cases.map((c) => c.name)).toEqual(recorded.map((r) => r.name));
  });
  for (const rec of recorded) {
    // gzip-bomb and gzip-big-file inflate 64 MiB / 16 MiB (about 1 s here); room for a loaded machine.
    it(rec.name, { timeout: 30_000 }, async () => {
      const c = cases.find((x) => x.name === rec.name)!;
      let result: Awaited<ReturnType<typeof readRootfsTar>> | undefined;
      let error: unknown;
      try {
        result = await readRootfsTar(c.bytes, { nowMs: 0 });
      } catch (e) {
        error = e;
      }
      if (rec.import.rc !== 0) {
        expect(error, 'the simulator accepted what Docker refused').toBeInstanceOf(ArchiveError);
        expect((error as Error).message.trimEnd()).toBe(normalise(daemonText(rec.import.stderr)));
        return;
      }
      expect(error).toBeUndefined();
      // Docker's container view of the layer: export a container of it.
      const fs = new MemoryFs();
      applyEntries(fs, result!.entries);
      const out = exportContainer(fs, { init: { mtimeMs: 0 } });
      expect(shape(listTar(out))).toEqual(shape(rec.exported!));
    });
  }
});

describe('limits of the simulator (Docker has none)', () => {
  const small = { maxInputBytes: 1 << 20, maxTarBytes: 64 << 20, maxEntries: 10, maxFileBytes: 1 << 20, maxRatio: 100, ratioFloor: 1 << 20 };
  const byName = (n: string) => cases.find((c) => c.name === n)!.bytes;
  const msg = async (b: Uint8Array) => {
    try {
      await readRootfsTar(b, { limits: small });
      return 'ok';
    } catch (e) {
      expect(e).toBeInstanceOf(ArchiveError);
      return (e as Error).message;
    }
  };
  // Inflates up to 64 MiB several times (about 1 s here); room for a loaded machine.
  it('stops a gzip bomb early, refuses big files, big inputs and too many entries', { timeout: 30_000 }, async () => {
    expect(await msg(byName('gzip-bomb'))).toMatch(/^Error processing tar file\(exit status 1\): gzip: the archive expands more than 100 times/);
    expect(await msg(byName('gzip-bomb').slice(0, 1 << 20))).not.toBe('ok');
    expect(await msg(byName('gzip-big-file'))).toMatch(/expands more than 100 times|larger than the simulator's limit/);
    expect(await msg(new Uint8Array(2 << 20))).toMatch(/the archive is 2097152 bytes, more than the simulator's limit of 1048576 bytes/);
    expect(await msg(byName('gzip-ok'))).toBe('ok');
    const many = await readRootfsTar(byName('noparent'));
    expect(many.entries).toHaveLength(4);
    await expect(readRootfsTar(byName('pax-global'), { limits: { maxEntries: 2 } })).rejects.toThrow(/more than 2 entries/);
  });
  it('refuses device files when told to', async () => {
    await expect(readRootfsTar(byName('devices'), { devices: 'refuse' })).rejects.toThrow(/device files are not allowed/);
    const l = await readRootfsTar(byName('devices'), { devices: 'skip' });
    expect(l.entries.map((e) => e.path)).toEqual(['/dev']);
  });
});
