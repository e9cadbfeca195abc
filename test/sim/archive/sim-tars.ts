/**
 * Archives made by the simulator, for the real-engine check in record.sh
 * (results in fixtures/sim-real.json; the tests re-make them and compare):
 *   node test/sim/archive/sim-tars.ts DIR
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { applyEntries } from '../../../src/sim/archive/apply.ts';
import { exportContainer } from '../../../src/sim/archive/export.ts';
import { unpackLayer } from '../../../src/sim/archive/import.ts';
import { layerTar } from '../../../src/sim/archive/layerTar.ts';
import { loadImages } from '../../../src/sim/archive/load.ts';
import { saveDockerArchive, saveOciArchive, type SaveImage } from '../../../src/sim/archive/save.ts';
import type { LayerEntry } from '../../../src/sim/archive/types.ts';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { importedBusybox } from '../../../src/sim/images/data/busybox.ts';
import { serializeConfigFile, makeConfig, emptyConfig } from '../../../src/sim/images/config.ts';
import { goTime } from '../../../src/sim/images/gojson.ts';
import { digestBytes } from '../../../src/sim/archive/digest.ts';
import { populate } from '../../../src/sim/images/tree.ts';

const FIX = new URL('./fixtures/', import.meta.url);
const fixture = (name: string): Uint8Array => {
  const b = new Uint8Array(readFileSync(new URL(name, FIX)));
  return name.endsWith('.gz') ? new Uint8Array(gunzipSync(b)) : b;
};

export interface SimTar {
  name: string;
  note: string;
  bytes: Uint8Array;
  /** How record.sh feeds it to the real engine. */
  use: 'load' | 'import';
  /** For import: the tag; for both: commands run afterwards (their output is recorded). */
  tag?: string;
  checks?: string[][];
}

export const T0 = Date.parse('2026-11-22T10:00:00Z');

/** The sim's busybox container after the export scenario (synthetic busybox binary). */
export function simBusyboxContainer(): MemoryFs {
  const fs = new MemoryFs({ now: () => T0 });
  populate(fs, importedBusybox({ createdMs: T0 - 60_000, dockerVersion: '20.10.24+dfsg1' }).layers[0]!.files());
  fs.writeFile('/tmp/test', '', { mtimeMs: T0 + 1000 } as never);
  fs.writeFile('/etc/newfile', 'x\n');
  fs.unlink('/bin/wc');
  fs.mkdir('/data');
  return fs;
}

/** The simulator's busybox image saved as simbox:latest (created an hour before T0). */
export function simBusyboxImage() {
  return importedBusybox({ createdMs: T0 - 3600_000, dockerVersion: '20.10.24+dfsg1' });
}

export async function simTars(): Promise<SimTar[]> {
  const out: SimTar[] = [];
  // 1. the simulator's own busybox:latest, saved (its diffID is the digest of the layer tar written here).
  const bb = simBusyboxImage();
  const bbSave: SaveImage = {
    configJSON: bb.configJSON,
    repoTags: ['simbox:latest'],
    layers: bb.layers.map((l) => ({ diffID: l.diffID, tar: () => layerTar(l.files()) })),
  };
  out.push({
    name: 'sim-save-busybox.tar',
    note: "the simulator's busybox image (synthetic binary) saved as simbox:latest",
    bytes: (await saveDockerArchive([bbSave], { nowMs: T0 })).tar,
    use: 'load',
    checks: [['image', 'inspect', '-f', '{{.Id}} {{.Size}} {{json .Config.Cmd}} {{len .RootFS.Layers}}', 'simbox:latest'], ['history', '--no-trunc', '--format', '{{.CreatedBy}}|{{.Comment}}|{{.Size}}', 'simbox:latest']],
  });
  // 2. a container of it, exported (the volume /data left out).
  const c = simBusyboxContainer();
  out.push({
    name: 'sim-export-busybox.tar',
    note: 'export of a simulated busybox container after the lesson commands',
    bytes: exportContainer(c, { init: { mtimeMs: T0 }, exclude: ['/data'] }),
    use: 'import',
    tag: 'simexport:latest',
    checks: [['image', 'inspect', '-f', '{{.Size}} {{json .Config.Cmd}}', 'simexport:latest']],
  });
  // 3. a container whose files came from the real export (real busybox binary): it must run.
  const real = new MemoryFs({ now: () => T0 });
  applyEntries(real, unpackLayer(fixture('export-busybox.tar.gz'), { nowMs: T0 }));
  real.writeFile('/root/from-sim', 'written in the simulator\n');
  out.push({
    name: 'sim-export-realbin.tar',
    note: 'export of a simulated container holding the real busybox files',
    bytes: exportContainer(real, { exclude: ['/data'] }),
    use: 'import',
    tag: 'simreal:latest',
    checks: [['run', '--rm', 'simreal:latest', 'sh', '-c', 'cat /root/from-sim /etc/newfile; ls /tmp; ls /bin/wc 2>&1; ls -A /data']],
  });
  // 4. a two-layer image made in the simulator on top of the real busybox layer: whiteout, opaque dir, new files.
  const loaded = await loadImages(fixture('save-busybox.tar.gz'));
  const base = loaded.images.find((i) => i.repoTags.includes('busybox:latest'))!;
  const top: LayerEntry[] = [
    { path: '/bin', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtimeMs: T0 },
    { path: '/bin/.wh.wc', type: 'file', mode: 0o600, uid: 0, gid: 0, size: 0, mtimeMs: T0 },
    { path: '/etc', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtimeMs: T0 },
    { path: '/etc/simfile', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 9, mtimeMs: T0, content: 'from sim\n' },
    { path: '/home', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtimeMs: T0 },
    { path: '/home/.wh..wh..opq', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 0, mtimeMs: T0 },
    { path: '/home/new', type: 'file', mode: 0o644, uid: 33, gid: 33, size: 4, mtimeMs: T0, content: 'new\n' },
  ];
  const topTar = layerTar(top);
  const topDiff = await digestBytes(topTar);
  const baseCfg = JSON.parse(base.configJSON) as { history: unknown[]; rootfs: { diff_ids: string[] } };
  const created = goTime(T0);
  const cfgJSON = serializeConfigFile({
    architecture: 'amd64',
    os: 'linux',
    created,
    config: makeConfig({ Cmd: ['sh'] }),
    container: 'f'.repeat(64),
    container_config: makeConfig({ Cmd: ['sh', '-c', 'echo made in the simulator'] }),
    docker_version: '20.10.24+dfsg1',
    rootfs: { type: 'layers', diff_ids: [...baseCfg.rootfs.diff_ids, topDiff] },
    history: [...(baseCfg.history as never[]), { created, created_by: 'sh -c echo made in the simulator', comment: 'sim commit' }],
  });
  const two: SaveImage = {
    configJSON: cfgJSON,
    repoTags: ['simcommit:latest'],
    parent: base.id,
    layers: [{ diffID: base.layers[0]!.diffID, tar: () => base.layers[0]!.tar }, { diffID: topDiff, tar: () => topTar }],
  };
  out.push({
    name: 'sim-save-twolayer.tar',
    note: 'a simulator-made layer (whiteout, opaque dir, uid 33 file) over the real busybox layer',
    bytes: (await saveDockerArchive([two], { nowMs: T0 })).tar,
    use: 'load',
    checks: [
      ['run', '--rm', 'simcommit:latest', 'sh', '-c', 'cat /etc/simfile; ls -ln /home; ls /bin/wc 2>&1; ls /bin/cat'],
      ['history', '--format', '{{.CreatedBy}}|{{.Comment}}|{{.Size}}', 'simcommit:latest'],
    ],
  });
  // 5. the same image in the OCI layout of current Docker (gzip layers), and an untagged save.
  out.push({
    name: 'sim-save-oci.tar',
    note: 'OCI image layout (current Docker, containerd store) with gzip layers',
    bytes: (await saveOciArchive([{ ...two, repoTags: ['simoci:latest'] }], { nowMs: T0, gzipLayers: true })).tar,
    use: 'load',
    checks: [['run', '--rm', 'simoci:latest', 'cat', '/etc/simfile']],
  });
  out.push({
    name: 'sim-save-untagged.tar',
    note: 'an image saved by ID (no tag)',
    bytes: (await saveDockerArchive([{ ...two, repoTags: [] }], { nowMs: T0 })).tar,
    use: 'load',
  });
  void emptyConfig;
  return out;
}

if (process.argv[1]?.endsWith('sim-tars.ts') && process.argv[2]) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const dir = process.argv[2];
  mkdirSync(dir, { recursive: true });
  const tars = await simTars();
  for (const t of tars) writeFileSync(`${dir}/${t.name}`, t.bytes);
  writeFileSync(`${dir}/index.json`, JSON.stringify(tars.map(({ bytes: _b, ...rest }) => rest), null, 1));
}
