/** Volumes and bind mounts: writes bypass the container layer and outlive the container. */
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../src/runner/simHost.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

describe('volumes', () => {
  it('binds a host directory both ways, and read-only with :ro', async () => {
    const sim = await createSimulator({ seed: 8 });
    const host = new SimHost(sim);
    sim.host.mkdir('/srv/site', { parents: true });
    sim.host.writeFile('/srv/site/index.html', 'hello\n');
    const r = await host.docker(['run', '--rm', '-v', '/srv/site:/usr/share/html', 'busybox', 'sh', '-c', 'cat /usr/share/html/index.html; echo from-container > /usr/share/html/new']);
    expect(r.stdout).toBe('hello\n');
    expect(sim.host.readText('/srv/site/new')).toBe('from-container\n');
    const ro = await host.docker(['run', '--rm', '-v', '/srv/site:/data:ro', 'busybox', 'sh', '-c', 'echo x > /data/f']);
    expect(ro.stderr).toBe("sh: can't create /data/f: Read-only file system\n");
    expect(ro.exitCode).toBe(1);
    // a missing host directory is created, as docker run -v does
    await host.docker(['run', '--rm', '-v', '/srv/new-dir:/data', 'busybox', 'true']);
    expect(sim.host.stat('/srv/new-dir').type).toBe('dir');
  });

  it('lists, stats and enters the root of a bind mount (not only the files in it)', async () => {
    const sim = await createSimulator({ seed: 8 });
    const host = new SimHost(sim);
    sim.host.writeFile('/srv/a.txt', 'hi\n');
    const run = (...cmd: string[]) => host.docker(['run', '--rm', '-v', '/srv:/srv', 'busybox', ...cmd]);
    expect(await run('ls', '/srv')).toMatchObject({ stdout: 'a.txt\n', stderr: '', exitCode: 0 });
    expect(await run('ls', '/srv/')).toMatchObject({ stdout: 'a.txt\n', exitCode: 0 });
    const ld = await run('ls', '-ld', '/srv');
    expect(ld.exitCode).toBe(0);
    expect(ld.stdout).toMatch(/^drwxr-xr-x +\d+ root +root +\d+ .* \/srv\n$/);
    expect(await run('sh', '-c', 'cd /srv && pwd && ls && cat a.txt')).toMatchObject({ stdout: '/srv\na.txt\nhi\n', exitCode: 0 });
    expect(await run('sh', '-c', 'test -d /srv && echo dir')).toMatchObject({ stdout: 'dir\n', exitCode: 0 });
    expect(await run('ls', '/srv/a.txt')).toMatchObject({ stdout: '/srv/a.txt\n', exitCode: 0 });
    // a deeper bind mount, read-only, and the home directory too
    sim.host.mkdir('/root/proj', { parents: true });
    sim.host.writeFile('/root/proj/x', '');
    expect((await host.docker(['run', '--rm', '-v', '/root/proj:/work:ro', 'busybox', 'ls', '-a', '/work'])).stdout).toBe('.\n..\nx\n');
  });

  it('keeps a named volume across containers, leaves it out of diff, export and commit', async () => {
    const sim = await createSimulator({ seed: 8 });
    const host = new SimHost(sim);
    await host.docker(['run', '--name', 'writer', '-v', 'data:/data', 'busybox', 'sh', '-c', 'echo kept > /data/f']);
    expect((await host.docker(['diff', 'writer'])).stdout).toBe('A /data\n');
    await host.docker(['commit', 'writer', 'snap']);
    expect((await host.docker(['run', '--rm', 'snap', 'ls', '/data'])).stdout).toBe('');
    await host.docker(['rm', 'writer']);
    expect((await host.docker(['run', '--rm', '-v', 'data:/data', 'busybox', 'cat', '/data/f'])).stdout).toBe('kept\n');
    await host.docker(['create', '--name', 'src', '-v', 'data:/data', 'busybox']);
    expect((await host.docker(['run', '--rm', '--volumes-from', 'src', 'busybox', 'cat', '/data/f'])).stdout).toBe('kept\n');
  });
});
