/**
 * Records what a real Docker 20.10 engine does with the native store's inputs
 * (run by record-real.sh, which starts and stops the private engine; DOCKER_HOST
 * points at it). Writes test/native/images/fixtures/:
 *   real-engine.json        configs, IDs, diffIDs, sizes and the on-disk layer
 *                           directories (overlay2 diff) of `docker import` of the
 *                           native busybox tar and of oddLayerTar(); `docker diff`,
 *                           `export` (listing, sha256) and `commit` of a container
 *   container-*.tar         that container's directories (upper and init as GNU pax
 *                           tars with xattrs and ns mtimes; its image's second layer
 *                           and the committed layer as the engine's layer tars)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { busyboxLayerTar } from '../../../src/native/images/busybox.ts';
import { listTar } from '../../../src/sim/archive/listing.ts';
import { readTar } from '../../../src/sim/archive/tarRead.ts';
import { dirListing, oddLayerTar } from './helpers.ts';

const FIX = new URL('./fixtures/', import.meta.url).pathname;
const sha = (b: Uint8Array | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');
const docker = (args: string[], input?: Uint8Array): string =>
  execFileSync('/usr/bin/docker', args, { input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8').trim();
const dockerBytes = (args: string[]): Uint8Array => new Uint8Array(execFileSync('/usr/bin/docker', args, { maxBuffer: 1 << 30 }));
const root = docker(['info', '--format', '{{.DockerRootDir}}']);
const OVERLAY_OWN = ['trusted.overlay.origin', 'trusted.overlay.impure'];

function imported(ref: string, tar: Uint8Array, changes: string[]) {
  const id = docker(['import', ...changes.flatMap((c) => ['--change', c]), '-', ref], tar);
  const config = readFileSync(`${root}/image/overlay2/imagedb/content/sha256/${id.slice(7)}`, 'utf8');
  const dir = docker(['image', 'inspect', ref, '--format', '{{.GraphDriver.Data.UpperDir}}']);
  return { id, config, diffID: sha(tar), size: Number(docker(['image', 'inspect', ref, '--format', '{{.Size}}'])), dir: dirListing(dir, { ignoreXattrs: OVERLAY_OWN }) };
}

/** The layer tars of a saved image, bottom first. */
function savedLayers(ref: string): Uint8Array[] {
  const saved = dockerBytes(['save', ref]);
  const files = new Map<string, Uint8Array>();
  for (const e of readTar(saved, { maxEntries: 1e6, maxFileBytes: 1e9 })) if (e.type === 'file') files.set(e.name, e.data.slice());
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Array<{ Layers: string[] }>;
  return manifest[0]!.Layers.map((l) => files.get(l)!);
}

function gnuTar(dir: string): Uint8Array {
  return new Uint8Array(execFileSync('tar', ['--format=posix', '--xattrs', '--xattrs-include=*', '--numeric-owner', '--sort=name', '-C', dir, '-cf', '-', '.'], { maxBuffer: 1 << 30 }));
}

const busybox = imported('nbb:latest', busyboxLayerTar(), ['CMD ["sh"]']);
const odd = imported('odd:latest', oddLayerTar(), []);

const quiet = { stdio: ['ignore', 'ignore', 'ignore'] as ['ignore', 'ignore', 'ignore'] };
execFileSync('/usr/bin/docker', ['run', '--name', 'c1', 'nbb', 'sh', '-c', 'mkdir /srv; echo x > /srv/x; echo y > /srv/y; mkdir /srv/sub; echo s > /srv/sub/s'], quiet);
docker(['commit', 'c1', 'nbb2:latest']);
const script = [
  'echo x >> /etc/passwd',
  'rm /bin/wc',
  'rm -rf /srv',
  'mkdir /srv',
  'echo z > /srv/z',
  'mkdir -p /tmp/d',
  'echo n > /tmp/d/new',
  'ln /tmp/d/new /tmp/hl',
  'chmod 4755 /tmp/d/new',
  'mkfifo /tmp/ff',
  'echo v > /data/v',
  'chown 33:33 /tmp/d',
  "touch -d '2020-01-01 00:00:00' /tmp/old",
  'rm -rf /home',
  'mkdir /home',
  'chmod 700 /var',
].join('; ');
execFileSync('/usr/bin/docker', ['run', '--name', 'c2', '-v', '/data', 'nbb2', 'sh', '-c', script], quiet);
const gd = JSON.parse(docker(['inspect', 'c2', '--format', '{{json .GraphDriver.Data}}'])) as { UpperDir: string; LowerDir: string };
const lowers = gd.LowerDir.split(':');
const diff = docker(['diff', 'c2']).split('\n').sort();
const exported = dockerBytes(['export', 'c2']);
docker(['commit', 'c2', 'nbb3:latest']);
const committed = savedLayers('nbb3:latest');
const layer2 = savedLayers('nbb2:latest')[1]!;

writeFileSync(FIX + 'container-upper.tar', gnuTar(gd.UpperDir));
writeFileSync(FIX + 'container-init.tar', gnuTar(lowers[0]!));
writeFileSync(FIX + 'container-layer2.tar', layer2);
writeFileSync(FIX + 'container-commit.tar', committed[2]!);
const out = {
  recordedAt: new Date().toISOString(),
  engine: docker(['version', '--format', '{{.Server.Version}}']),
  busyboxBinarySha256: sha(readFileSync('/bin/busybox')),
  busybox,
  odd,
  container: {
    script,
    volumes: ['/data'],
    lowers: ['init', 'layer2', 'busybox'],
    upper: dirListing(gd.UpperDir, { ignoreXattrs: OVERLAY_OWN }),
    diff,
    export: { sha256: sha(exported), listing: listTar(exported, { fullTime: true }) },
    commitDiffID: sha(committed[2]!),
  },
};
writeFileSync(FIX + 'real-engine.json', JSON.stringify(out, null, 1) + '\n');
console.log('recorded', Object.keys(out).join(', '));
