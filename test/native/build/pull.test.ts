/**
 * FROM an image that is not here: the native builder pulls it through the registry
 * client (Debian's docker-registry on a free loopback port), shows the pull's progress in
 * the build's output, and builds on it; `--pull` pulls again; an unreachable registry is
 * the daemon's error, with the build's exit code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBackend, runNative, type Step, type TestBackend } from '../engine/harness.ts';
import { freePort, registrySkip, startRegistry } from '../registry/helpers.ts';

describe.skipIf(registrySkip !== undefined)(`docker build FROM a registry on the native engine${registrySkip ? ` (skipped: ${registrySkip})` : ''}`, () => {
  let t: TestBackend;
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  let steps: Step[];
  let closed: number;

  beforeAll(async () => {
    registry = await startRegistry();
    closed = await freePort();
    t = await openTestBackend('20.10');
    const ref = `localhost:${registry.port}/base:1`;
    mkdirSync(join(t.cwd, 'r'), { recursive: true });
    writeFileSync(join(t.cwd, 'r', 'Dockerfile'), `FROM ${ref}\nRUN echo built on the pulled image > /on-pulled.txt\nCMD ["cat", "/on-pulled.txt"]\n`);
    mkdirSync(join(t.cwd, 'gone'), { recursive: true });
    writeFileSync(join(t.cwd, 'gone', 'Dockerfile'), `FROM localhost:${closed}/nothing\n`);
    steps = await runNative(
      t,
      [`docker tag busybox ${ref}`, `docker push ${ref}`, `docker rmi ${ref}`, 'docker build -t frompull r', 'docker run --rm frompull', 'docker build --pull -t frompull r', 'docker build gone'].join('\n') + '\n',
      '20.10',
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await registry?.stop();
  }, 30_000);

  it('pulls the missing base image, with the pull’s lines, and builds on it', () => {
    const b = steps[3]!;
    expect(b.exitCode).toBe(0);
    expect(b.stdout).toContain(`Step 1/3 : FROM localhost:${registry.port}/base:1\n1: Pulling from base\n`);
    expect(b.stdout).toMatch(/\nDigest: sha256:[0-9a-f]{64}\nStatus: Downloaded newer image for localhost:\d+\/base:1\n ---> [0-9a-f]{12}\nStep 2\/3 : RUN /);
    expect(b.stdout).toMatch(/Successfully tagged frompull:latest\n$/);
    expect(steps[4]!.stdout).toBe('built on the pulled image\n');
  });

  it('--pull asks the registry again (the image is up to date), then takes the steps from the cache', () => {
    const b = steps[5]!;
    expect(b.exitCode).toBe(0);
    expect(b.stdout).toContain(`Status: Image is up to date for localhost:${registry.port}/base:1\n`);
    expect(b.stdout.match(/ ---> Using cache\n/g)).toHaveLength(2);
  });

  it('fails with the daemon’s error when the registry cannot be reached', () => {
    const b = steps[6]!;
    expect(b.exitCode).toBe(1);
    expect(b.stdout).toBe(`Sending build context to Docker daemon  2.048kB\r\r\nStep 1/1 : FROM localhost:${closed}/nothing\n`);
    expect(b.stderr).toMatch(new RegExp(`^Get "http://localhost:${closed}/v2/": dial tcp .*connect: connection refused\\n$`));
  });
});
