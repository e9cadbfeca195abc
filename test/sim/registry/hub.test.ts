/**
 * The simulated Docker Hub: pushes need `docker login` and go only into your own
 * namespace ("denied: requested access to the resource is denied" otherwise, after
 * the layers' Preparing lines, as the 20.10 daemon reports it); layers pulled from
 * Docker Hub are mounted from their repository; what was pushed can be pulled and
 * found with docker search.
 */
import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

const WARNINGS =
  'WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n' +
  'WARNING! Your password will be stored unencrypted in /root/.docker/config.json.\n' +
  'Configure a credential helper to remove this warning. See\n' +
  'https://docs.docker.com/engine/reference/commandline/login/#credentials-store\n\n';

describe('docker push to Docker Hub', () => {
  it('20.10: without login, Preparing then denied (exit 1)', async () => {
    const s = await session();
    const out = await s.run('docker push busybox\ndocker tag busybox alice/bb\ndocker push alice/bb');
    for (const [i, name] of [
      [0, 'library/busybox'],
      [2, 'alice/bb'],
    ] as const) {
      expect(out[i]!.stdout).toMatch(new RegExp(`^Using default tag: latest\\nThe push refers to repository \\[docker.io/${name}\\]\\n[0-9a-f]{12}: Preparing\\n$`));
      expect(out[i]!.stderr).toBe('denied: requested access to the resource is denied\n');
      expect(out[i]!.exitCode).toBe(1);
    }
  });

  it('after login: your namespace works, another does not; Hub layers are mounted from their repository', async () => {
    const s = await session();
    const out = await s.run(`docker login -u alice -p s3cret
docker tag busybox alice/bb
docker push alice/bb
docker tag busybox bob/bb
docker push bob/bb
docker pull alpine:3.19
docker tag alpine:3.19 alice/alpine:3.19
docker push alice/alpine:3.19
docker logout
docker push alice/bb`);
    expect(out[0]!.stdout).toBe('Login Succeeded\n');
    expect(out[0]!.stderr).toBe(WARNINGS);
    expect(out[2]!.stdout).toMatch(/: Pushed\nlatest: digest: sha256:[0-9a-f]{64} size: 527\n$/);
    expect(out[4]!.stderr).toBe('denied: requested access to the resource is denied\n');
    expect(out[7]!.stdout).toMatch(/: Mounted from library\/alpine\n3\.19: digest:/);
    expect(out[8]!.stdout).toBe('Removing login credentials for https://index.docker.io/v1/\n');
    expect(out[9]!.stderr).toBe('denied: requested access to the resource is denied\n');
  });

  it('what was pushed can be pulled by anyone and is found by docker search', async () => {
    const s = await session();
    const out = await s.run(`docker login -u alice -p s3cret
docker tag busybox alice/tools:1.0
docker push alice/tools:1.0
docker logout
docker rmi alice/tools:1.0
docker pull alice/tools:1.0
docker search tools
docker pull alice/nothing`);
    expect(out[5]!.stdout).toContain('Status: Downloaded newer image for alice/tools:1.0\ndocker.io/alice/tools:1.0\n');
    expect(out[6]!.stdout).toBe('NAME          DESCRIPTION   STARS     OFFICIAL   AUTOMATED\nalice/tools                 0                    \n');
    expect(out[7]!.stderr).toBe(
      "Error response from daemon: pull access denied for alice/nothing, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    );
  });

  it('a Docker ID is 4 to 30 lowercase letters and digits, and a password is needed', async () => {
    const s = await session();
    const out = await s.run('docker login -u Alice -p x\ndocker login -u al -p x');
    for (const r of out) {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe(
        'WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nError response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password\n',
      );
    }
  });

  it('29: the same refusal, without Preparing lines', async () => {
    const s = await session({ version: '29' });
    const out = await s.one('docker push busybox');
    expect(out.stdout).toBe('Using default tag: latest\nThe push refers to repository [docker.io/library/busybox]\n');
    expect(out.stderr).toBe('denied: requested access to the resource is denied\n');
  });
});
