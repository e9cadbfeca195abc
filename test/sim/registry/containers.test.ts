/**
 * A registry served by a container: localhost:PORT answers only while a running
 * registry container publishes its port 5000 there; what was pushed stays with its
 * /var/lib/registry volume.
 */
import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

const REFUSED = (port: number) => `Get "http://localhost:${port}/v2/": dial tcp 127.0.0.1:${port}: connect: connection refused\n`;

describe('docker run -d -p 5000:5000 registry:2', () => {
  it('pushes fail until it runs, work while it runs, fail again once it is stopped, and it keeps what was pushed', async () => {
    const s = await session();
    const out = await s.run(`docker tag busybox localhost:5000/busybox
docker push localhost:5000/busybox
docker run -d -p 5000:5000 --name reg registry:2
docker push localhost:5000/busybox
docker stop reg
docker push localhost:5000/busybox
docker pull localhost:5000/busybox
docker start reg
docker push localhost:5000/busybox`);
    expect(out[1]!.stdout).toBe('Using default tag: latest\nThe push refers to repository [localhost:5000/busybox]\n');
    expect(out[1]!.stderr).toBe(REFUSED(5000));
    expect(out[1]!.exitCode).toBe(1);
    expect(out[2]!.exitCode).toBe(0);
    expect(out[3]!.stdout).toMatch(/: Preparing\n[0-9a-f]{12}: Pushed\nlatest: digest: sha256:[0-9a-f]{64} size: 527\n$/);
    expect(out[5]!.stderr).toBe(REFUSED(5000));
    expect(out[6]!.stderr).toBe(`Error response from daemon: ${REFUSED(5000)}`);
    // restarted: same anonymous volume, the layer is there
    expect(out[8]!.stdout).toMatch(/: Layer already exists\n/);
  });

  it('the data lives in the volume: a new container on the same named volume serves it, one with a fresh volume does not', async () => {
    const s = await session();
    const out = await s.run(`docker run -d -p 5001:5000 -v regdata:/var/lib/registry --name reg1 registry:2
docker tag busybox localhost:5001/bb:1
docker push localhost:5001/bb:1
docker rm -f reg1
docker run -d -p 5002:5000 -v regdata:/var/lib/registry --name reg2 registry:2
docker rmi localhost:5001/bb:1
docker pull localhost:5002/bb:1
docker run -d -p 5003:5000 --name reg3 registry:2
docker pull localhost:5003/bb:1`);
    expect(out[2]!.exitCode).toBe(0);
    expect(out[6]!.exitCode).toBe(0);
    expect(out[6]!.stdout).toContain('Status: Downloaded newer image for localhost:5002/bb:1\n');
    expect(out[8]!.stderr).toBe('Error response from daemon: manifest for localhost:5003/bb:1 not found: manifest unknown: manifest unknown\n');
  });

  it('a paused registry takes the connection and never answers: the client waits (timeout ends it)', async () => {
    const s = await session();
    const out = await s.run(`docker run -d -p 5000:5000 --name reg registry:2
docker tag busybox localhost:5000/bb
docker pause reg
timeout 3 docker push localhost:5000/bb
docker unpause reg
docker push localhost:5000/bb`);
    expect(out[3]!.exitCode).toBe(124);
    expect(out[3]!.stdout).toBe('Using default tag: latest\nThe push refers to repository [localhost:5000/bb]\n');
    expect(out[5]!.exitCode).toBe(0);
  });

  it('a published port where no registry listens: docker-proxy hangs up (EOF); an unpublished one is refused', async () => {
    const s = await session();
    const out = await s.run(`docker run -d -p 5003:5000 --name notreg registry:2 sleep 1000
docker pull localhost:5003/bb
docker run -d --name unpublished registry:2
docker pull localhost:5000/bb
docker run -d -p 127.0.0.1:5004:5000 --name local registry:2
docker tag busybox 127.0.0.1:5004/bb
docker push 127.0.0.1:5004/bb
docker run -d -e REGISTRY_HTTP_ADDR=0.0.0.0:6000 -p 5005:6000 --name other registry:2
docker tag busybox localhost:5005/bb
docker push localhost:5005/bb`);
    expect(out[1]!.stderr).toBe('Error response from daemon: Get "http://localhost:5003/v2/": EOF\n');
    expect(out[3]!.stderr).toBe(`Error response from daemon: ${REFUSED(5000)}`);
    expect(out[6]!.exitCode).toBe(0);
    expect(out[9]!.exitCode).toBe(0);
  });

  it('other host names are looked up in DNS and not found', async () => {
    const s = await session();
    const out = await s.run('docker tag busybox myreg.example.com/bb\ndocker push myreg.example.com/bb\ndocker pull myreg.example.com:5000/x');
    expect(out[1]!.stderr).toBe('Get "https://myreg.example.com/v2/": dial tcp: lookup myreg.example.com on 127.0.0.53:53: no such host\n');
    expect(out[2]!.stderr).toBe(
      'Error response from daemon: Get "https://myreg.example.com:5000/v2/": dial tcp: lookup myreg.example.com on 127.0.0.53:53: no such host\n',
    );
  });
});
