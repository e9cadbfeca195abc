/**
 * docker push / pull against the simulated registries: the manifest bytes, digests
 * that depend on content only, the upload flow (Preparing, Waiting, Pushed, Layer
 * already exists, Mounted from), and pulls of what was pushed.
 *
 * Real references (Docker 20.10.24 with Debian's docker-registry 2.8.2 on
 * 127.0.0.1:5000, busybox:latest imported from the recordings' rootfs):
 *  - `curl localhost:5000/v2/busybox/manifests/latest` after the push gave the
 *    manifest quoted in MANIFEST_2010 below: 527 bytes, its sha256 the digest the push
 *    printed (`latest: digest: sha256:a7dd0109… size: 527`);
 *  - `docker rmi <id>` with the image under several repositories:
 *    `conflict: unable to delete <id> (must be forced) - image is referenced in
 *    multiple repositories`; `docker rmi -f <id>` untagged every name (digest
 *    references too) in reference order, then deleted the image and its layer (the
 *    transcript is in the test below).
 */
import { describe, expect, it } from 'vitest';
import { MEDIA_TYPES } from '../../../src/sim/images/config.ts';
import { schema2Manifest } from '../../../src/sim/images/push.ts';
import { digestOf } from '../../../src/sim/images/sha256.ts';
import type { Image } from '../../../src/sim/images/types.ts';
import { pushedDigest, session } from './helpers.ts';

const MANIFEST_2010 = `{
   "schemaVersion": 2,
   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
   "config": {
      "mediaType": "application/vnd.docker.container.image.v1+json",
      "size": 897,
      "digest": "sha256:2972c3a3069fde86519d58754c6e78d8185baf8d6eeb66a96b5fd58047da0b83"
   },
   "layers": [
      {
         "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
         "size": 1069067,
         "digest": "sha256:f6d3aa2067d6da171df3b0bb7d3c069988d2f35c1f2d1fa638c82a15b6eb0fbf"
      }
   ]
}`;

describe('the manifest a 20.10 push writes', () => {
  it('is byte for byte the one the real engine pushed (same digest, same size)', () => {
    const image = { configJSON: 'x'.repeat(897), configDigest: 'sha256:2972c3a3069fde86519d58754c6e78d8185baf8d6eeb66a96b5fd58047da0b83' } as Image;
    const json = schema2Manifest(image, [
      { mediaType: MEDIA_TYPES.dockerLayerGzip, digest: 'sha256:f6d3aa2067d6da171df3b0bb7d3c069988d2f35c1f2d1fa638c82a15b6eb0fbf', size: 1069067 },
    ]);
    expect(json).toBe(MANIFEST_2010);
    expect(new TextEncoder().encode(json).length).toBe(527);
    expect(digestOf(json)).toBe('sha256:a7dd0109af9458e4829a32b9c1690141ce5550a52eee69f114fb431cb0054cf5');
  });
});

describe('push and pull back', () => {
  for (const version of ['20.10', '29'] as const) {
    it(`${version}: the pulled image has the pushed image's ID, and the pull shows the blob's short digest`, async () => {
      const s = await session({ version, hostRegistry: 5000 });
      const idBefore = (await s.one("docker inspect -f '{{.Id}}' busybox")).stdout;
      const [, push, rmi, images, pull, inspect] = await s.run(`docker tag busybox localhost:5000/bb:1
docker push localhost:5000/bb:1
docker rmi busybox localhost:5000/bb:1
docker images -q
docker pull localhost:5000/bb:1
docker inspect -f '{{.Id}}' localhost:5000/bb:1`);
      expect(push!.exitCode).toBe(0);
      expect(rmi!.stdout).toMatch(/Deleted: sha256:/);
      expect(images!.stdout).toBe('');
      const { digest } = pushedDigest(push!.stdout);
      expect(pull!.exitCode).toBe(0);
      expect(pull!.stdout).toMatch(/^1: Pulling from bb\n([0-9a-f]{12}): Pulling fs layer\n/);
      expect(pull!.stdout).toContain(`Digest: ${digest}\nStatus: Downloaded newer image for localhost:5000/bb:1\nlocalhost:5000/bb:1\n`);
      expect(inspect!.stdout).toBe(idBefore);
    });
  }

  it('same content, same digests: a second simulator and a second registry get the same manifest', async () => {
    const a = await session({ hostRegistry: 5000 });
    const b = await session({ hostRegistry: 5001 });
    const pa = (await a.run('docker tag busybox localhost:5000/x\ndocker push localhost:5000/x'))[1]!;
    const pb = (await b.run('docker tag busybox localhost:5001/y:2\ndocker push localhost:5001/y:2'))[1]!;
    expect(pushedDigest(pa.stdout)).toEqual(pushedDigest(pb.stdout));
    // the simulated busybox layer: 1.98 MB of files, a 7-digit blob as in the recordings
    expect(pushedDigest(pa.stdout).size).toBe(527);
  });

  it('a committed layer is pushed too, and a changed image gets another digest', async () => {
    const s = await session({ hostRegistry: 5000 });
    const out = await s.run(`docker run --name maker busybox sh -c 'echo hi > /hello'
docker commit maker localhost:5000/hello
docker push localhost:5000/hello
docker tag busybox localhost:5000/hello:base
docker push localhost:5000/hello:base
docker rmi localhost:5000/hello
docker run --rm localhost:5000/hello cat /hello`);
    const push = out[2]!;
    expect(push.stdout.match(/: Preparing\n/g)).toHaveLength(2);
    expect(push.stdout).toMatch(/: Pushed\n[0-9a-f]{12}: Pushed\n/);
    expect(out[4]!.stdout).toMatch(/: Layer already exists\nbase: digest/);
    expect(pushedDigest(out[4]!.stdout).digest).not.toBe(pushedDigest(push.stdout).digest);
    expect(out[6]!.stdout).toBe('hi\n');
  });

  it('more than 5 layers: 5 upload at once, the others wait; another repository of the registry mounts them', async () => {
    const s = await session({ hostRegistry: 5000 });
    const out = await s.run(`docker pull node:20
docker tag node:20 localhost:5000/node:20
docker push localhost:5000/node:20
docker tag node:20 localhost:5000/mynode
docker push localhost:5000/mynode
docker push localhost:5000/node:20`);
    const layers = (await s.one("docker inspect -f '{{len .RootFS.Layers}}' node:20")).stdout.trim();
    const n = Number(layers);
    expect(n).toBeGreaterThan(5);
    const first = out[2]!.stdout;
    expect(first.match(/: Preparing\n/g)).toHaveLength(n);
    expect(first.match(/: Waiting\n/g)).toHaveLength(n - 5);
    // Hub's blobs are not this registry's: every layer is uploaded
    expect(first.match(/: Pushed\n/g)).toHaveLength(n);
    expect(out[4]!.stdout.match(/: Mounted from node\n/g)).toHaveLength(n);
    expect(out[5]!.stdout.match(/: Layer already exists\n/g)).toHaveLength(n);
    expect(pushedDigest(out[4]!.stdout).digest).toBe(pushedDigest(first).digest);
  });

  it('pull -a pulls every tag, then one Status line for the repository', async () => {
    const s = await session({ hostRegistry: 5000 });
    const out = await s.run(`docker tag busybox localhost:5000/bb:a
docker tag busybox localhost:5000/bb:b
docker push -a localhost:5000/bb
docker rmi localhost:5000/bb:a localhost:5000/bb:b
docker pull -a localhost:5000/bb
docker pull -a localhost:5000/bb:a`);
    const pull = out[4]!;
    expect(pull.stdout).toMatch(/^a: Pulling from bb\nDigest: sha256:[0-9a-f]{64}\nb: Pulling from bb\nDigest: sha256:[0-9a-f]{64}\nStatus: Downloaded newer image for localhost:5000\/bb\nlocalhost:5000\/bb\n$/);
    expect(out[5]!.stderr).toBe("tag can't be used with --all-tags/-a\n");
  });

  it('a digest-only reference shows as <none> with its digest in docker images', async () => {
    const s = await session({ hostRegistry: 5000 });
    const push = (await s.run('docker tag busybox localhost:5000/bb\ndocker push localhost:5000/bb'))[1]!;
    const { digest } = pushedDigest(push.stdout);
    const out = await s.run(`docker rmi busybox localhost:5000/bb
docker pull localhost:5000/bb@${digest}
docker images --format '{{.Repository}} {{.Tag}} {{.Digest}}'
docker images --digests --format '{{.Repository}} {{.Tag}} {{.Digest}}'`);
    expect(out[1]!.stdout).toContain(`Status: Downloaded newer image for localhost:5000/bb@${digest}\n`);
    // without --digests, a repository known only by digest has an empty DIGEST (formatter/image.go)
    expect(out[2]!.stdout).toBe('localhost:5000/bb <none> \n');
    expect(out[3]!.stdout).toBe(`localhost:5000/bb <none> ${digest}\n`);
  });
});

describe('docker rmi of an image under several names (real 20.10 transcript)', () => {
  it('by ID: a conflict without -f; with -f every name goes, in reference order, then the image', async () => {
    const s = await session({ hostRegistry: 5000 });
    await s.run(`docker tag busybox localhost:5000/busybox
docker push localhost:5000/busybox
docker tag busybox localhost:5000/busybox:v2
docker tag busybox localhost:5000/other:v1
docker push localhost:5000/other:v1
docker tag busybox 127.0.0.1:5000/bb
docker push 127.0.0.1:5000/bb
docker tag busybox Localhost:5000/busybox
docker tag busybox someuser/busybox
docker tag busybox localhost:5001/busybox
docker tag busybox myreg.example.com/bb`);
    const id = (await s.one("docker inspect -f '{{.Id}}' busybox")).stdout.trim();
    const layer = (await s.one("docker inspect -f '{{index .RootFS.Layers 0}}' busybox")).stdout.trim();
    const short = id.slice(7, 19);
    const [conflict, forced] = await s.run(`docker rmi ${short}\ndocker rmi -f ${short}`);
    expect(conflict!.exitCode).toBe(1);
    expect(conflict!.stderr).toBe(`Error response from daemon: conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories\n`);
    const d = forced!.stdout.match(/@(sha256:[0-9a-f]{64})/)![1];
    expect(forced!.stdout).toBe(
      [
        'Untagged: 127.0.0.1:5000/bb:latest',
        `Untagged: 127.0.0.1:5000/bb@${d}`,
        'Untagged: Localhost:5000/busybox:latest',
        'Untagged: busybox:latest',
        'Untagged: someuser/busybox:latest',
        'Untagged: localhost:5000/busybox:latest',
        'Untagged: localhost:5000/busybox:v2',
        `Untagged: localhost:5000/busybox@${d}`,
        'Untagged: localhost:5000/other:v1',
        `Untagged: localhost:5000/other@${d}`,
        'Untagged: localhost:5001/busybox:latest',
        'Untagged: myreg.example.com/bb:latest',
        `Deleted: ${id}`,
        `Deleted: ${layer}`,
        '',
      ].join('\n'),
    );
  });
});
