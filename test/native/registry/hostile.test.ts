/**
 * A malicious (or broken) registry on loopback, served by a small Node server, pulled
 * from into a real native image store: every failure gives one Docker-like sentence
 * and leaves the store exactly as it was (its index, layer and config files); what
 * Docker accepts (a `../` name in a layer: it lands inside the layer, as in the
 * daemon's chrooted untar; an OCI index) is pulled, with nothing written outside.
 * Root only (the store keeps owners, devices and xattrs); no runc or registry needed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importTar, NativeImageStore } from '../../../src/native/images/index.ts';
import { hostProblem } from '../../../src/native/images/sys.ts';
import { NativeRegistry, timing } from '../../../src/native/registry/index.ts';
import { hostPlatform } from '../../../src/native/registry/pull.ts';
import { TarWriter, type TarHeader } from '../../../src/sim/archive/tar.ts';
import type { ProgressMessage } from '../../../src/sim/api.ts';
import { EngineError } from '../../../src/sim/errors.ts';
import { StreamError } from '../../../src/sim/images/registryCommandTexts.ts';
import { storeFingerprint } from './helpers.ts';

const skip = process.platform !== 'linux' ? 'not Linux' : hostProblem();

const digestOf = (b: Uint8Array | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');
const enc = new TextEncoder();

type Entry = Partial<TarHeader> & { name: string; data?: string };

function tar(entries: Entry[]): Uint8Array {
  const w = new TarWriter({ typeBits: false });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const data = type === 'file' ? enc.encode(e.data ?? 'x\n') : undefined;
    w.add({ type, mode: type === 'dir' ? 0o755 : 0o644, uid: 0, gid: 0, mtime: 1700000000, size: data?.length ?? 0, ...e, name: e.name } as TarHeader, data);
  }
  return w.finish();
}

interface Built {
  manifest: string;
  config: string;
  blobs: Map<string, Uint8Array>;
  layers: Array<{ tar: Uint8Array; blob: Uint8Array }>;
}

/** An image as a registry serves it: gzip'd layers, a config naming their tars' digests, a schema2 manifest. */
function buildImage(tars: Uint8Array[], o: { config?: (c: Record<string, unknown>) => void; mediaType?: string } = {}): Built {
  const layers = tars.map((t) => ({ tar: t, blob: new Uint8Array(gzipSync(t)) }));
  const c: Record<string, unknown> = {
    architecture: hostPlatform().architecture,
    os: 'linux',
    created: '2024-01-02T03:04:05Z',
    config: { Cmd: ['sh'], Env: ['PATH=/bin'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => digestOf(l.tar)) },
    history: layers.map(() => ({ created: '2024-01-02T03:04:05Z', created_by: 'test' })),
  };
  o.config?.(c);
  const config = JSON.stringify(c);
  const blobs = new Map<string, Uint8Array>([[digestOf(config), enc.encode(config)]]);
  for (const l of layers) blobs.set(digestOf(l.blob), l.blob);
  const mediaType = o.mediaType ?? 'application/vnd.docker.distribution.manifest.v2+json';
  const layerType = mediaType.includes('oci') ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip';
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: digestOf(config) },
    layers: layers.map((l) => ({ mediaType: layerType, size: l.blob.length, digest: digestOf(l.blob) })),
  });
  return { manifest, config, blobs, layers };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | void;

/** A registry on 127.0.0.1 answering from `routes` (path → body), `handler` first. */
class FakeRegistry {
  server!: Server;
  port = 0;
  handler: Handler | undefined;
  manifests = new Map<string, { body: string | Uint8Array; type: string }>();
  blobs = new Map<string, Uint8Array>();

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.#serve(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  serve(repo: string, tag: string, img: Built, type = 'application/vnd.docker.distribution.manifest.v2+json'): void {
    this.manifests.set(`${repo}/${tag}`, { body: img.manifest, type });
    this.manifests.set(`${repo}/${digestOf(img.manifest)}`, { body: img.manifest, type });
    for (const [d, b] of img.blobs) this.blobs.set(d, b);
  }

  #serve(req: IncomingMessage, res: ServerResponse): void {
    if (this.handler?.(req, res)) return;
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/v2/') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (m?.[2] === 'manifests') {
      const found = this.manifests.get(`${m[1]}/${m[3]}`);
      if (!found) return void res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
      return void res.writeHead(200, { 'Content-Type': found.type }).end(found.body);
    }
    if (m?.[2] === 'blobs') {
      const b = this.blobs.get(m[3]!);
      if (!b) return void res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] }));
      return void res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(b);
    }
    res.writeHead(404).end();
  }
}

describe.skipIf(skip !== undefined)(`pulling from a hostile registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let root: string;
  let store: NativeImageStore;
  let reg: NativeRegistry;
  let fake: FakeRegistry;
  let lines: string[];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'classroom-hostile-registry-'));
    store = NativeImageStore.open({ root });
    reg = new NativeRegistry({ store, stateRoot: root, version: '20.10' });
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    fake = new FakeRegistry();
    await fake.start();
    lines = [];
  });
  afterEach(async () => {
    await fake.stop();
  });

  const pull = (ref: string) => reg.pull(`127.0.0.1:${fake.port}/${ref}`, (m: ProgressMessage) => lines.push(`${m.id ? `${m.id}: ` : ''}${m.status}`));

  /** The pull fails with this text (a string: exactly; a RegExp: matching) and the store is as before. */
  async function refused(ref: string, text: string | RegExp): Promise<void> {
    const before = storeFingerprint(store);
    const err = await pull(ref).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, 'the pull must fail').toBeInstanceOf(EngineError);
    const msg = (err as Error).message;
    if (typeof text === 'string') expect(msg).toBe(text);
    else expect(msg).toMatch(text);
    expect(storeFingerprint(store)).toBe(before);
    expect(store.images.images().map((i) => i.id)).not.toContain(undefined);
  }

  it('pulls a good image (the control case): lines, ID = config digest, RepoDigests', async () => {
    const img = buildImage([tar([{ name: 'hello', data: 'hi\n' }])]);
    fake.serve('good', 'latest', img);
    await pull('good');
    const id = digestOf(img.config);
    const blob = digestOf(img.layers[0]!.blob).slice(7, 19);
    expect(lines).toEqual([
      'latest: Pulling from good',
      `${blob}: Pulling fs layer`,
      `${blob}: Verifying Checksum`,
      `${blob}: Download complete`,
      `${blob}: Pull complete`,
      `Digest: ${digestOf(img.manifest)}`,
      `Status: Downloaded newer image for 127.0.0.1:${fake.port}/good:latest`,
    ]);
    expect(store.images.get(id).id).toBe(id);
    expect(store.images.repoTags(id)).toContain(`127.0.0.1:${fake.port}/good:latest`);
    store.remove(id, { force: true });
  });

  it('refuses a manifest larger than 4 MiB', async () => {
    fake.manifests.set('huge/latest', { body: '{"schemaVersion":2,"pad":"' + 'x'.repeat(5 << 20) + '"}', type: 'application/vnd.docker.distribution.manifest.v2+json' });
    await refused('huge', /^Get "http:\/\/127\.0\.0\.1:\d+\/v2\/huge\/manifests\/latest": the response is more than the limit of 4194304 bytes$/);
  });

  it('refuses a manifest whose bytes do not have the digest it was pulled by', async () => {
    const img = buildImage([tar([{ name: 'a' }])]);
    const wrong = digestOf('something else');
    fake.manifests.set(`bydigest/${wrong}`, { body: img.manifest, type: 'application/vnd.docker.distribution.manifest.v2+json' });
    await refused(`bydigest@${wrong}`, `manifest verification failed for digest ${wrong}`);
  });

  it('refuses a layer blob that does not match its digest, keeping none of the layers before it', async () => {
    const img = buildImage([tar([{ name: 'one' }]), tar([{ name: 'two' }])]);
    const second = digestOf(img.layers[1]!.blob);
    const tampered = img.layers[1]!.blob.slice();
    tampered[tampered.length - 5]! ^= 0xff;
    fake.serve('tampered', 'latest', img);
    fake.blobs.set(second, tampered);
    await refused('tampered', `filesystem layer verification failed for digest ${second}`);
  });

  it('refuses a config that does not match its digest', async () => {
    const img = buildImage([tar([{ name: 'a' }])]);
    fake.serve('badconfig', 'latest', img);
    fake.blobs.set(digestOf(img.config), enc.encode(img.config.replace('"sh"', '"ls"')));
    await refused('badconfig', `image config verification failed for digest ${digestOf(img.config)}`);
  });

  it("refuses layers whose uncompressed digest is not the config's diff_id", async () => {
    const img = buildImage([tar([{ name: 'a' }])], { config: (c) => void ((c['rootfs'] as { diff_ids: string[] }).diff_ids = [digestOf('not the tar')]) });
    fake.serve('diffid', 'latest', img);
    await refused('diffid', "layers from manifest don't match image configuration");
  });

  it('refuses a manifest with more layers than the config and one deeper than 125 layers', async () => {
    const img = buildImage([tar([{ name: 'a' }])], { config: (c) => void ((c['rootfs'] as { diff_ids: string[] }).diff_ids = []) });
    fake.serve('count', 'latest', img);
    await refused('count', "layers from manifest don't match image configuration");
    const deep = buildImage(Array.from({ length: 126 }, (_, i) => tar([{ name: `f${i}` }])));
    fake.serve('deep', 'latest', deep);
    await refused('deep', 'max depth exceeded');
  });

  it('refuses a layer that links outside itself, with the daemon’s untar error', async () => {
    const img = buildImage([tar([{ name: 'h', type: 'link', linkname: '../../etc/passwd' }])]);
    fake.serve('hardescape', 'latest', img);
    await refused('hardescape', 'Error processing tar file(exit status 1): link /etc/passwd /h: no such file or directory');
  });

  it('keeps a `../` name inside the layer, as the daemon’s chrooted untar does, and writes nothing outside', async () => {
    const marker = `escaped-${process.pid}`;
    const img = buildImage([tar([{ name: `../../../../../../../tmp/${marker}`, data: 'E\n' }, { name: `../${marker}-2`, data: 'E\n' }])]);
    fake.serve('dotdot', 'latest', img);
    await pull('dotdot');
    const id = digestOf(img.config);
    const [dir] = store.lowerDirs(id);
    expect(existsSync(join(dir!, 'tmp', marker))).toBe(true);
    expect(existsSync(join(dir!, `${marker}-2`))).toBe(true);
    expect(existsSync(join('/tmp', marker))).toBe(false);
    for (const d of [store.dir, join(store.dir, 'layers'), join(store.dir, 'layers/sha256'), join(store.dir, 'tmp'), root, tmpdir()]) {
      expect(readdirSync(d).filter((n) => n.startsWith(marker)), d).toEqual([]);
    }
    store.remove(id, { force: true });
  });

  it('refuses an image config of the wrong shape or for another OS', async () => {
    const bad = buildImage([tar([{ name: 'a' }])], { config: (c) => void (c['history'] = 'not a list') });
    fake.serve('badshape', 'latest', bad);
    await refused('badshape', 'invalid image config: history is not a list of objects');
    const win = buildImage([tar([{ name: 'a' }])], { config: (c) => void (c['os'] = 'windows') });
    fake.serve('windows', 'latest', win);
    await refused('windows', 'image operating system "windows" cannot be used on this platform');
  });

  it('refuses a blob larger than its descriptor says', async () => {
    const img = buildImage([tar([{ name: 'a' }])]);
    const d = digestOf(img.layers[0]!.blob);
    fake.serve('longer', 'latest', img);
    fake.blobs.set(d, new Uint8Array([...img.layers[0]!.blob, ...new Uint8Array(100)]));
    await refused('longer', /^Get "http:\/\/127\.0\.0\.1:\d+\/v2\/longer\/blobs\/sha256:[0-9a-f]{64}": the response is more than the limit of \d+ bytes$/);
  });

  it('follows no redirect to another address: another host is out of reach, another loopback port is refused', async () => {
    const img = buildImage([tar([{ name: 'a' }])]);
    fake.serve('redirect', 'latest', img);
    const layer = digestOf(img.layers[0]!.blob);
    let target = 'https://cdn.example.com/blob';
    fake.handler = (req, res) => {
      if (!req.url!.includes(`/blobs/${layer}`)) return false;
      res.writeHead(307, { Location: target }).end();
      return true;
    };
    await refused('redirect', 'Get "https://cdn.example.com/blob": dial tcp: lookup cdn.example.com on 127.0.0.53:53: no such host');
    target = 'http://127.0.0.1:1/blob';
    await refused('redirect', `Get "http://127.0.0.1:1/blob": redirect from 127.0.0.1:${fake.port} to another address 127.0.0.1:1 refused`);
    // a redirect on the same registry is followed, as Docker follows a storage redirect
    target = `http://127.0.0.1:${fake.port}/storage/${layer}`;
    fake.handler = (req, res) => {
      if (req.url!.startsWith('/storage/')) return void res.writeHead(200).end(img.layers[0]!.blob), true;
      if (!req.url!.includes(`/blobs/${layer}`)) return false;
      res.writeHead(307, { Location: target }).end();
      return true;
    };
    await pull('redirect');
    store.remove(digestOf(img.config), { force: true });
  });

  it('gives up on a registry that stops answering', async () => {
    const img = buildImage([tar([{ name: 'a' }])]);
    fake.serve('stall', 'latest', img);
    fake.handler = (req) => req.url!.includes('/blobs/') && !req.url!.includes(digestOf(img.config)); // never answers the layer
    const idle = timing.idleMs;
    timing.idleMs = 300;
    try {
      await refused('stall', /^Get "http:\/\/127\.0\.0\.1:\d+\/v2\/stall\/blobs\/sha256:[0-9a-f]{64}": net\/http: timeout awaiting response/);
    } finally {
      timing.idleMs = idle;
    }
  });

  it('refuses an unknown manifest with the daemon’s text, and an index without this platform', async () => {
    await refused('nosuch:v1', `manifest for 127.0.0.1:${fake.port}/nosuch:v1 not found: manifest unknown: manifest unknown`);
    const img = buildImage([tar([{ name: 'a' }])]);
    fake.serve('multi', 'inner', img);
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', size: img.manifest.length, digest: digestOf(img.manifest), platform: { os: 'linux', architecture: 'riscv99' } }],
    });
    fake.manifests.set('multi/latest', { body: index, type: 'application/vnd.oci.image.index.v1+json' });
    const { os, architecture } = hostPlatform();
    await refused('multi', `no matching manifest for ${os}/${architecture} in the manifest list entries`);
  });

  it('pulls an OCI index: the entry for this platform, the index digest as Digest and RepoDigest', async () => {
    const img = buildImage([tar([{ name: 'oci' }])], { mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    fake.serve('oci', 'inner', img, 'application/vnd.oci.image.manifest.v1+json');
    const { os, architecture } = hostPlatform();
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 10, digest: digestOf('other'), platform: { os: 'linux', architecture: 'riscv99' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', size: img.manifest.length, digest: digestOf(img.manifest), platform: { os, architecture } },
      ],
    });
    fake.manifests.set('oci/latest', { body: index, type: 'application/vnd.oci.image.index.v1+json' });
    await pull('oci');
    const id = digestOf(img.config);
    expect(lines.at(-2)).toBe(`Digest: ${digestOf(index)}`);
    expect(store.images.references(id).map((r) => r.digest).filter(Boolean)).toEqual([digestOf(index)]);
    store.remove(id, { force: true });
  });

  it('pushes nowhere a registry refuses, with its error inside the stream, and sends no upload to another address', async () => {
    const id = await importTar(store, tar([{ name: 'pushed' }]), { source: '-', reference: `127.0.0.1:${fake.port}/p:latest` });
    const push = () =>
      reg.push(`127.0.0.1:${fake.port}/p:latest`, {}, (m) => lines.push(`${m.id ? `${m.id}: ` : ''}${m.status}`)).then(
        () => undefined,
        (e: unknown) => e,
      );
    fake.handler = (req, res) => {
      if (req.method !== 'POST') return false;
      res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }));
      return true;
    };
    let err = await push();
    expect(err).toBeInstanceOf(StreamError);
    expect((err as Error).message).toBe('denied: requested access to the resource is denied');
    expect(lines[0]).toBe(`The push refers to repository [127.0.0.1:${fake.port}/p]`);
    expect(lines[1]).toMatch(/^[0-9a-f]{12}: Preparing$/);

    const puts: string[] = [];
    fake.handler = (req, res) => {
      if (req.method === 'PUT') puts.push(req.url!);
      if (req.method !== 'POST') return false;
      res.writeHead(202, { Location: 'http://127.0.0.1:1/upload/1' }).end();
      return true;
    };
    err = await push();
    expect((err as Error).message).toBe(`Put "http://127.0.0.1:1/upload/1": upload location on another address than the registry 127.0.0.1:${fake.port} refused`);
    expect(puts).toEqual([]);
    store.remove(id, { force: true });
  });
});
