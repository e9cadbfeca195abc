/**
 * Archives the simulator writes were loaded/imported into a real Docker 20.10
 * engine by record.sh (fixtures/sim-real.json). Here: the archives are made again,
 * byte for byte where it matters, and the simulator reads them the way the real
 * engine did.
 */
import { describe, expect, it } from 'vitest';
import { loadImages } from '../../../src/sim/archive/load.ts';
import { readRootfsTar } from '../../../src/sim/archive/import.ts';
import { fixtureJson, type RunResult } from './helpers.ts';
import { simBusyboxImage, simTars } from './sim-tars.ts';

interface Recorded {
  name: string;
  result: RunResult;
  checks: RunResult[];
}

const recorded = fixtureJson<Recorded[]>('sim-real.json');
const tars = await simTars();

describe('simulator-made archives in the real engine', () => {
  it('every one was accepted by Docker 20.10', () => {
    expect(recorded.map((r) => r.name)).toEqual(tars.map((t) => t.name));
    for (const r of recorded) {
      expect(r.result.rc, r.name).toBe(0);
      for (const c of r.checks) expect(c.rc, `${r.name}: docker ${c.args.join(' ')}`).toBe(0);
    }
  });

  for (const t of tars.filter((x) => x.use === 'load')) {
    it(`${t.name}: the simulator loads it as Docker did`, async () => {
      const rec = recorded.find((r) => r.name === t.name)!;
      const r = await loadImages(t.bytes);
      expect(r.lines.join('\n')).toBe(rec.result.stdout);
    });
  }

  it("the simulator's busybox keeps its content and gets the ID Docker computes", async () => {
    const rec = recorded.find((r) => r.name === 'sim-save-busybox.tar')!;
    const [id, size, cmd, layers] = rec.checks[0]!.stdout.split(' ');
    const r = await loadImages(tars.find((t) => t.name === 'sim-save-busybox.tar')!.bytes);
    expect(r.images[0]!.id).toBe(id);
    expect(String(r.images[0]!.layers[0]!.size)).toBe(size);
    expect(cmd).toBe('["sh"]');
    expect(layers).toBe('1');
    expect(rec.checks[1]!.stdout).toBe('|Imported from -|1.98MB');
    // and it is the ID the image had in the simulator before the save: the config went out verbatim
    expect(simBusyboxImage().configDigest).toBe(id);
  });

  it('a simulated container exported and imported into Docker runs there with its files', async () => {
    const rec = recorded.find((r) => r.name === 'sim-export-realbin.tar')!;
    expect(rec.checks[0]!.stdout).toBe('written in the simulator\nx\ntest\nls: /bin/wc: No such file or directory');
    const exp = recorded.find((r) => r.name === 'sim-export-busybox.tar')!;
    const l = await readRootfsTar(tars.find((t) => t.name === 'sim-export-busybox.tar')!.bytes);
    expect(exp.checks[0]!.stdout).toBe(`${l.size} null`); // same layer size, and no CMD
  });

  it('a simulator-made layer (whiteout, opaque directory, uid 33) works in Docker', () => {
    const rec = recorded.find((r) => r.name === 'sim-save-twolayer.tar')!;
    expect(rec.checks[0]!.stdout).toMatch(/^from sim\ntotal 4\n-rw-r--r-- +1 33 +33 +4 .* new\nls: \/bin\/wc: No such file or directory\n\/bin\/cat$/);
    expect(rec.checks[1]!.stdout.split('\n')[0]).toBe('sh -c echo made in the simulator|sim commit|13B');
    expect(recorded.find((r) => r.name === 'sim-save-oci.tar')!.checks[0]!.stdout).toBe('from sim');
  });
});
