/**
 * A container's directories: `docker diff` (changes), `docker export` (exportTar) and
 * the committed layer (commitLayer), against
 *  - the real 20.10 engine: a container's upper and init directories recorded by
 *    record-real.ts, with its image layers rebuilt here, give the engine's diff, the
 *    engine's export (listing; bytes when /bin/busybox is the recorded one) and the
 *    engine's committed layer byte for byte;
 *  - the simulator: the same operations done in a real overlay mount list the same
 *    `docker diff` lines, in the same order, as `createSimulator` + SimHost.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NativeImageStore,
  busyboxLayerTar,
  changes,
  commit,
  commitLayer,
  diffLines,
  ensureBusybox,
  exportTar,
  setXattrs,
} from '../../../src/native/images/index.ts';
import { listTar } from '../../../src/sim/archive/listing.ts';
import { SimHost } from '../../../src/runner/simHost.ts';
import { createSimulator } from '../../../src/sim/simulator.ts';
import { busyboxReason, cleanup, gnuUntar, overlayReason, scratch, skipReason, withOverlay, writeInitLayer } from './helpers.ts';

const reason = skipReason() ?? busyboxReason();
const FIX = new URL('./fixtures/', import.meta.url);
const real = JSON.parse(readFileSync(new URL('real-engine.json', FIX), 'utf8')) as {
  busyboxBinarySha256: string;
  container: { diff: string[]; volumes: string[]; export: { sha256: string; listing: string[] }; commitDiffID: string };
};
const sha = (b: Uint8Array | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

describe.skipIf(reason !== undefined)(`container directories${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let tmp: string;
  let store: NativeImageStore;
  let bb: string;
  beforeAll(async () => {
    tmp = scratch();
    store = NativeImageStore.open({ root: tmp + '/store' });
    bb = await ensureBusybox(store);
  }, 20_000);
  afterAll(() => cleanup(tmp));

  // Real files (2 MB of busybox read per export): room for a loaded machine.
  it('exports a fresh container (image layers + empty upper) as the layer it came from', { timeout: 20_000 }, () => {
    mkdirSync(tmp + '/fresh');
    const out = exportTar({ lowers: store.lowerDirs(bb), upper: tmp + '/fresh' });
    expect(listTar(out)).toEqual(listTar(busyboxLayerTar()));
    expect(Buffer.from(out).equals(Buffer.from(busyboxLayerTar()))).toBe(true);
    expect(changes({ lowers: store.lowerDirs(bb), upper: tmp + '/fresh' })).toEqual([]);
  });

  it("gives the real engine's diff, export and committed layer for a real container's directories", { timeout: 20_000 }, async () => {
    // the container's image: busybox + the engine's second layer; its init and upper directories as recorded
    const l2 = await store.storeLayerTar(new Uint8Array(readFileSync(new URL('container-layer2.tar', FIX))), store.chainOf(bb)[0]!);
    store.unpin(l2.chainID);
    const dirs = { upper: tmp + '/real-upper', lowers: [tmp + '/real-init', store.layerDir(l2.chainID), ...store.lowerDirs(bb)] };
    gnuUntar(new URL('container-upper.tar', FIX).pathname, dirs.upper);
    gnuUntar(new URL('container-init.tar', FIX).pathname, dirs.lowers[0]!);

    // docker diff: the same lines (the engine's order is a random Go map order; here the simulator's)
    expect(diffLines(dirs).sort()).toEqual(real.container.diff);
    expect(diffLines(dirs, { order: 'sorted' }).sort()).toEqual(real.container.diff);

    // docker commit: the same layer tar, byte for byte
    const committed = commitLayer(dirs.upper);
    expect(committed.tar).toEqual(new Uint8Array(readFileSync(new URL('container-commit.tar', FIX))));
    expect(committed.diffID).toBe(real.container.commitDiffID);

    // docker export: the same listing; the same bytes when the busybox binary is the one recorded
    const out = exportTar(dirs, { exclude: real.container.volumes });
    const sameBinary = sha(readFileSync('/bin/busybox')) === real.busyboxBinarySha256;
    const bin = (ls: string[]) => (sameBinary ? ls : ls.filter((l) => !l.endsWith(' bin/busybox')));
    expect(bin(listTar(out, { fullTime: true }))).toEqual(bin(real.container.export.listing));
    if (sameBinary) expect(sha(out)).toBe(real.container.export.sha256);
  });

  it('compares times as Go does: seconds, then nanoseconds unless either has none', { timeout: 20_000 }, () => {
    const base = tmp + '/times';
    mkdirSync(base + '/lower', { recursive: true });
    mkdirSync(base + '/upper');
    const files = { same: [5n, 5n], zero: [123456n, 0n], ns: [1n, 2n], sec: [0n, 1_000_000n] } as const; // µs within a second
    const at = (ns: bigint) => Number(1_600_000_000n * 1_000_000_000n + ns) / 1e9;
    for (const [name, [a, b]] of Object.entries(files)) {
      writeFileSync(`${base}/lower/${name}`, 'x');
      writeFileSync(`${base}/upper/${name}`, 'x');
      // utimes takes seconds as a double: exact to the microsecond here
      utimesSync(`${base}/lower/${name}`, at(a * 1000n), at(a * 1000n));
      utimesSync(`${base}/upper/${name}`, at(b * 1000n), at(b * 1000n));
    }
    expect(diffLines({ lowers: [base + '/lower'], upper: base + '/upper' }, { order: 'sorted' })).toEqual(['C /ns', 'C /sec']);
  });

  it('lists a capability change (security.capability) as C, like moby', { timeout: 20_000 }, () => {
    const base = tmp + '/cap';
    mkdirSync(base + '/lower', { recursive: true });
    mkdirSync(base + '/upper');
    writeFileSync(`${base}/lower/f`, 'x');
    writeFileSync(`${base}/upper/f`, 'x');
    utimesSync(`${base}/lower/f`, 1e9, 1e9);
    utimesSync(`${base}/upper/f`, 1e9, 1e9);
    expect(changes({ lowers: [base + '/lower'], upper: base + '/upper' })).toEqual([]);
    setXattrs([{ path: `${base}/upper/f`, name: 'security.capability', value: new Uint8Array([1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }]);
    expect(diffLines({ lowers: [base + '/lower'], upper: base + '/upper' })).toEqual(['C /f']);
    // and the committed layer carries it, as Docker's does
    expect(listTar(commitLayer(base + '/upper').tar)).toHaveLength(1);
    const tar = commitLayer(base + '/upper').tar;
    expect(Buffer.from(tar).includes(Buffer.from('SCHILY.xattr.security.capability'))).toBe(true);
  });

  const ovl = reason ?? overlayReason();
  it.skipIf(ovl !== undefined)(
    `lists what the simulator lists for the same operations in a real overlay mount${ovl ? ` (skipped: ${ovl})` : ''}`,
    { timeout: 30_000 },
    async () => {
      // the simulator: a base container commits /srv, then a container of that image changes things
      const sim = await createSimulator({ version: '20.10' });
      const host = new SimHost(sim);
      await host.docker(['run', '--name', 'base', 'busybox', 'sh', '-c', 'mkdir -p /srv/a && echo 1 > /srv/a/x && echo 2 > /srv/y']);
      await host.docker(['commit', 'base', 'img2']);
      const ops = 'echo n > /tmp/new; echo x >> /etc/passwd; rm /bin/wc; rm -rf /srv; mkdir /srv; echo z > /srv/z; mkdir -p /tmp/d && echo q > /tmp/d/q; chmod 700 /var';
      await host.docker(['run', '--name', 'c2', '-v', '/data', 'img2', 'sh', '-c', ops]);
      const simBase = (await host.docker(['diff', 'base'])).stdout.trimEnd().split('\n');
      const simDiff = (await host.docker(['diff', 'c2'])).stdout.trimEnd().split('\n');
      // added, modified (copied up), whiteout, opaque directory, a directory's mode, a volume mount point
      expect(simDiff).toEqual(expect.arrayContaining(['A /tmp/new', 'C /etc/passwd', 'D /bin/wc', 'C /srv', 'D /srv/a', 'A /srv/z', 'C /var', 'A /tmp/d/q', 'A /data']));

      // natively: the same in overlay mounts over the native busybox, with an init layer each
      const now = Date.now();
      const base = { upper: tmp + '/sim-u1', lowers: [tmp + '/sim-i1', ...store.lowerDirs(bb)] };
      mkdirSync(base.upper);
      writeInitLayer(base.lowers[0]!, now);
      withOverlay(base.lowers, base.upper, (m) => {
        mkdirSync(m + '/srv/a', { recursive: true });
        writeFileSync(m + '/srv/a/x', '1\n');
        writeFileSync(m + '/srv/y', '2\n');
      });
      expect(diffLines(base)).toEqual(simBase);
      const img2 = await commit(store, base, { imageId: bb, containerId: 'b'.repeat(64), config: { Cmd: ['sh'] }, containerConfig: { Cmd: ['sh'] }, createdBy: 'sh', reference: 'img2' });
      const c2 = { upper: tmp + '/sim-u2', lowers: [tmp + '/sim-i2', ...store.lowerDirs(img2)] };
      mkdirSync(c2.upper);
      writeInitLayer(c2.lowers[0]!, now);
      withOverlay(c2.lowers, c2.upper, (m) => {
        mkdirSync(m + '/data'); // the volume's mount point (runc makes it)
        writeFileSync(m + '/tmp/new', 'n\n');
        appendFileSync(m + '/etc/passwd', 'x\n');
        unlinkSync(m + '/bin/wc');
        rmSync(m + '/srv', { recursive: true });
        mkdirSync(m + '/srv');
        writeFileSync(m + '/srv/z', 'z\n');
        mkdirSync(m + '/tmp/d');
        writeFileSync(m + '/tmp/d/q', 'q\n');
        chmodSync(m + '/var', 0o700);
      });
      expect(diffLines(c2)).toEqual(simDiff);
      // the kernel made /srv opaque and /bin/wc a whiteout: the committed layer says so as Docker's would
      const names = listTar(commitLayer(c2.upper).tar).map((l) => l.split(' ').pop());
      expect(names).toEqual(expect.arrayContaining(['bin/.wh.wc', 'srv/.wh..wh..opq', 'srv/z', 'etc/passwd', 'tmp/new', 'tmp/d/q', 'var/', 'data/']));
    },
  );
});
