/**
 * docker push and pull on the native engine against Debian's docker-registry on a
 * free loopback port (issue 9): push (Pushed), push again (Layer already exists),
 * another repository (Mounted from), rmi, pull back (the same image ID), run it; the
 * registry holds what was pushed; and the same script on the simulator (with a
 * registry at the same port) gives the same transcript up to a renaming of IDs.
 * Root only; skipped, with the reason, where the native engine or docker-registry is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compared, Renaming, stepDifference } from '../../../src/native/engine/differential.ts';
import { CredentialFile, RegistryClient } from '../../../src/native/registry/index.ts';
import { openTestBackend, runNative, type TestBackend } from '../engine/harness.ts';
import { registrySkip, runSimWithRegistry, startRegistry } from './helpers.ts';

describe.skipIf(registrySkip !== undefined)(`docker push / pull on the native engine${registrySkip ? ` (skipped: ${registrySkip})` : ''}`, () => {
  let registry: { port: number; stop: () => Promise<void> };
  let t: TestBackend;
  beforeAll(async () => {
    registry = await startRegistry();
  }, 30_000);
  afterAll(async () => {
    await registry?.stop();
  }, 30_000);

  // a backend per test: the first one removes busybox
  beforeEach(async () => {
    t = await openTestBackend('20.10');
  }, 30_000);
  afterEach(async () => {
    await t?.close();
  }, 30_000);

  it('pushes busybox, pushes it again, removes it, pulls it back with the same ID and runs it', { timeout: 60_000 }, async () => {
    const at = `localhost:${registry.port}`;
    const steps = await runNative(
      t,
      [
        `docker inspect -f '{{.Id}}' busybox`,
        `docker tag busybox ${at}/box`,
        `docker push ${at}/box`,
        `docker push ${at}/box`,
        `docker tag busybox ${at}/other:v1`,
        `docker push ${at}/other:v1`,
        `docker rmi busybox ${at}/box ${at}/other:v1`,
        `docker images -q`,
        `docker pull ${at}/box`,
        `docker inspect -f '{{.Id}} {{.RepoDigests}}' ${at}/box`,
        `docker run --rm ${at}/box echo hello from the registry`,
        `docker pull ${at}/box`,
      ].join('\n'),
      '20.10',
    );
    const out = (i: number) => steps[i]!.stdout;
    for (const s of steps) expect(s.exitCode, `${s.command}: ${s.stderr}`).toBe(0);
    const id = out(0).trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const short = (d: string) => d.slice(7, 19);

    // first push: the layer goes up; the manifest's digest and size as the daemon prints them
    const first = out(2).split('\n');
    expect(first[0]).toBe('Using default tag: latest');
    expect(first[1]).toBe(`The push refers to repository [${at}/box]`);
    expect(first[2]).toMatch(/^[0-9a-f]{12}: Preparing$/);
    expect(first[3]).toMatch(/^[0-9a-f]{12}: Pushed$/);
    const digestLine = /^latest: digest: (sha256:[0-9a-f]{64}) size: (\d+)$/.exec(first[4]!);
    expect(digestLine).not.toBeNull();
    const digest = digestLine![1]!;
    // again: nothing to upload
    expect(out(3)).toContain(': Layer already exists\n');
    expect(out(3)).toContain(`latest: digest: ${digest} size: ${digestLine![2]}`);
    // another repository of the same registry: mounted
    expect(out(5)).toContain(': Mounted from box\n');
    expect(out(5)).toContain(`v1: digest: ${digest} size: ${digestLine![2]}`);
    expect(out(6)).toContain(`Untagged: ${at}/box@${digest}\n`);
    expect(out(6)).toContain(`Deleted: ${id}\n`);
    expect(out(7)).toBe('');

    // pull back: the layer comes down again, the image has the same ID and its RepoDigest
    const pull = out(8).split('\n');
    expect(pull[1]).toBe('latest: Pulling from box');
    const blob = /^([0-9a-f]{12}): Pulling fs layer$/.exec(pull[2]!)![1];
    expect(pull.slice(3, 6)).toEqual([`${blob}: Verifying Checksum`, `${blob}: Download complete`, `${blob}: Pull complete`]);
    expect(pull.slice(6)).toEqual([`Digest: ${digest}`, `Status: Downloaded newer image for ${at}/box:latest`, `${at}/box:latest`, '']);
    expect(out(9)).toBe(`${id} [${at}/box@${digest}]\n`);
    expect(out(10)).toBe('hello from the registry\n');
    expect(out(11)).toContain(`Status: Image is up to date for ${at}/box:latest\n`);

    // the registry has the manifest under both names, and its config blob is the image's config
    const client = await RegistryClient.connect(at);
    for (const [repo, tag] of [
      ['box', 'latest'],
      ['other', 'v1'],
    ] as const) {
      const m = await client.getManifest(repo, tag);
      expect(m.digest).toBe(digest);
      const doc = JSON.parse(Buffer.from(m.body).toString()) as { config: { digest: string }; layers: Array<{ digest: string }> };
      expect(doc.config.digest).toBe(id);
      expect(short(doc.layers[0]!.digest)).toBe(blob);
    }
  });

  it('gives the simulator’s transcript for the same script (up to a renaming of IDs and digests; Docker Hub is out of reach here)', { timeout: 90_000 }, async () => {
    const at = `localhost:${registry.port}`;
    const script = [
      `docker tag busybox ${at}/dbox`,
      `docker push ${at}/dbox`,
      `docker push ${at}/dbox`,
      `docker tag busybox ${at}/dbox:v2`,
      `docker push -a ${at}/dbox`,
      `docker tag busybox ${at}/dother:v1`,
      `docker push ${at}/dother:v1`,
      `docker push -q ${at}/dbox:v2`,
      `docker push ${at}/nosuch`,
      `docker push ${at}/dbox:nosuchtag`,
      `docker inspect -f '{{.RepoTags}} {{.RepoDigests}}' busybox`,
      `docker rmi busybox ${at}/dbox ${at}/dbox:v2 ${at}/dother:v1`,
      `docker pull ${at}/dbox`,
      `docker pull ${at}/dbox`,
      `docker pull ${at}/dbox:v2`,
      `docker images --digests --format '{{.Repository}} {{.Tag}} {{.Digest}}'`,
      `docker run --rm ${at}/dbox echo hello from the registry`,
      `docker pull ${at}/nosuch`,
      `docker pull ${at}/dbox:nosuch`,
      `docker pull -a ${at}/nosuch`,
      `docker pull -a ${at}/dbox`,
      `docker login -u test -p test ${at}`,
      `docker login ${at}`,
      `docker logout ${at}`,
      `docker search ${at}/dbox`,
      `docker search busybox`,
      `docker pull busybox`,
      `docker tag ${at}/dbox busybox`,
      `docker push busybox`,
      `docker login -u someone -p secret`,
    ].join('\n');
    const sim = compared(await runSimWithRegistry(script, '20.10', t.cwd, registry.port));
    const native = compared(await runNative(t, script, '20.10'));
    expect(native.length).toBe(sim.length);
    const names = new Renaming();
    const differ: string[] = [];
    sim.forEach((s, i) => {
      const d = stepDifference(s, native[i], names);
      if (d) differ.push(`${s.command}: ${d}`);
    });
    // Docker Hub: the simulator has one; here nothing is reachable, as on a machine without network
    const hub = ['docker search busybox', 'docker pull busybox', 'docker push busybox', 'docker login -u someone -p secret'];
    expect(differ.filter((d) => !hub.some((h) => d.startsWith(`${h}:`)))).toEqual([]);
    for (const h of hub) {
      const n = native.find((s) => s.command === h)!;
      expect(n.exitCode, h).toBe(1);
      expect(n.stderr, h).toMatch(/dial tcp: lookup (registry-1|index)\.docker\.io on <DNS>:53: no such host/);
    }
  });

  it('keeps docker login credentials in the state root, never in /root/.docker, and finds them again', { timeout: 30_000 }, async () => {
    const at = `localhost:${registry.port}`;
    const hostConfig = '/root/.docker/config.json';
    const before = existsSync(hostConfig) ? readFileSync(hostConfig, 'utf8') : undefined;
    const steps = await runNative(t, [`docker login -u test -p secret ${at}`, `docker login ${at}`, `docker logout http://${at}/`, `docker login ${at}`].join('\n'), '20.10');
    expect(steps.map((s) => s.exitCode)).toEqual([0, 0, 0, 1]);
    expect(steps[1]!.stdout).toBe('Authenticating with existing credentials...\nLogin Succeeded\n');
    expect(steps[3]!.stderr).toBe('Error: Cannot perform an interactive login from a non TTY device\n');
    expect(existsSync(hostConfig) ? readFileSync(hostConfig, 'utf8') : undefined).toBe(before);
    // written through: a later run on this state root reads what the last command left (logged out)
    const file = join(t.root, 'client', 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ auths: {} });
    await runNative(t, `docker login -u test -p secret ${at}`, '20.10');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ auths: { [at]: { auth: Buffer.from('test:secret').toString('base64') } } });
    expect([...new CredentialFile(t.root)]).toEqual([[at, { username: 'test', password: 'secret', serverAddress: at }]]);
  });
});
