/** The tutorials' first commands run the catalog images' programs, not an idle stand-in. */
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../src/runner/simHost.ts';
import { HELLO_WORLD_MESSAGE } from '../../src/sim/images/data/hello-world.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

describe('catalog images', () => {
  it('hello-world prints its message; ubuntu runs bash and GNU tools', async () => {
    const host = new SimHost(await createSimulator({ version: '20.10', seed: 3 }));
    const hello = await host.docker(['run', 'hello-world']);
    expect(hello).toMatchObject({ stdout: HELLO_WORLD_MESSAGE, exitCode: 0 });
    expect(hello.stderr).toMatch(/^Unable to find image 'hello-world:latest' locally\n/);
    const echo = await host.docker(['run', 'ubuntu:12.04', '/bin/echo', 'Hello World']);
    expect(echo.stderr).toContain('Status: Downloaded newer image for ubuntu:12.04');
    expect(echo.stdout).toBe('Hello World\n');
    const bash = await host.docker(['run', '--rm', 'ubuntu', 'bash', '-c', 'echo $((6*7)); cat /etc/os-release | head -1']);
    expect(bash.stdout).toBe('42\nNAME="Ubuntu"\n');
  }, 30_000);
});
