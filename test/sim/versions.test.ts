/**
 * Texts that differ between Docker 20.10 and current Docker (v29), taken from
 * /work/shared/docker-facts.md (v29 from the moby/docker-cli v29 sources; 20.10
 * confirmed on the real engine): the same script must say each its own way.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_LATENCY_MS, SimHost } from '../../src/runner/simHost.ts';
import { createSimulator } from '../../src/sim/simulator.ts';
import type { DockerVersion } from '../../src/sim/profile.ts';

async function session(version: DockerVersion) {
  const sim = await createSimulator({ version, seed: 9, preload: ['busybox', 'nocmd'] });
  const host = new SimHost(sim);
  return (argv: string, timeout?: number) => host.docker(argv.split(' '), timeout);
}

interface VersionTexts {
  version: DockerVersion;
  rmRunning: (id: string) => string;
  rmPaused: string;
  killStopped: (id: string) => string;
  pauseStopped: (id: string) => string;
  alreadyPaused: (id: string) => string;
  noCommand: string;
  startFailed: string;
  attachStopped: string;
  execMissingCode: number;
}

describe.each<VersionTexts>([
  {
    version: '29' as const,
    rmRunning: () => `Error response from daemon: cannot remove container "web": container is running: stop the container before removing or force remove\n`,
    rmPaused: `Error response from daemon: cannot remove container "web": container is paused and must be unpaused first\n`,
    killStopped: (id: string) => `Error response from daemon: cannot kill container: web: container ${id} is not running\n`,
    pauseStopped: (id: string) => `Error response from daemon: container ${id} is not running\n`,
    alreadyPaused: (id: string) => `Error response from daemon: container ${id} is already paused\n`,
    noCommand: `docker: Error response from daemon: no command specified\n\nRun 'docker run --help' for more information\n`,
    startFailed: 'failed to start containers: nosuch\n',
    attachStopped: 'cannot attach to a stopped container, start it first\n',
    execMissingCode: 127,
  },
  {
    version: '20.10' as const,
    rmRunning: (id: string) =>
      `Error response from daemon: You cannot remove a running container ${id}. Stop the container before attempting removal or force remove\n`,
    rmPaused: '',
    killStopped: (id: string) => `Error response from daemon: Cannot kill container: web: Container ${id} is not running\n`,
    pauseStopped: (id: string) => `Error response from daemon: Container ${id} is not running\n`,
    alreadyPaused: (id: string) => `Error response from daemon: Container ${id} is already paused\n`,
    noCommand: `docker: Error response from daemon: No command specified.\nSee 'docker run --help'.\n`,
    startFailed: 'Error: failed to start containers: nosuch\n',
    attachStopped: 'You cannot attach to a stopped container, start it first\n',
    execMissingCode: 126,
  },
])('Docker $version', (v) => {
  it('words refusals as that version does', async () => {
    const docker = await session(v.version);
    const id = (await docker('run -d --name web busybox sleep 600')).stdout.trim();
    expect((await docker('rm web')).stderr).toBe(v.rmRunning(id));
    expect((await docker('pause web')).exitCode).toBe(0);
    expect((await docker('pause web')).stderr).toBe(v.alreadyPaused(id));
    if (v.rmPaused) expect((await docker('rm web')).stderr).toBe(v.rmPaused);
    expect((await docker('unpause web')).exitCode).toBe(0);
    expect((await docker('exec web nosuchcmd')).exitCode).toBe(v.execMissingCode);
    expect((await docker('kill web')).stdout).toBe('web\n');
    expect((await docker('kill web')).stderr).toBe(v.killStopped(id));
    expect((await docker('pause web')).stderr).toBe(v.pauseStopped(id));
    expect((await docker('attach web')).stderr).toBe(v.attachStopped);
    expect((await docker('start nosuch')).stderr).toContain(v.startFailed);
    const r = await docker('run nocmd');
    expect(r).toMatchObject({ stderr: v.noCommand, exitCode: 125 });
  });

  it('stops the tutorial loop after the full grace period with 137', async () => {
    const sim = await createSimulator({ version: v.version, seed: 4 });
    const host = new SimHost(sim);
    await host.docker(['run', '-d', '--name', 'loop', 'busybox', 'sh', '-c', 'while true; do echo hello world; sleep 1; done']);
    await host.sleep(3.5);
    expect((await host.docker(['logs', 'loop'])).stdout).toBe('hello world\n'.repeat(4));
    const t0 = sim.clock.now();
    expect((await host.docker(['stop', 'loop'])).stdout).toBe('loop\n');
    // the grace period (10 s) plus the client's own time (COMMAND_LATENCY_MS)
    expect(sim.clock.now() - t0).toBe(10_000 + COMMAND_LATENCY_MS);
    expect((await host.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'loop'])).stdout).toBe('exited 137\n');
    await host.docker(['run', '-d', '--name', 'trap', 'busybox', 'sh', '-c', "trap 'exit 5' TERM; while true; do sleep 1; done"]);
    await host.sleep(0.5);
    const t1 = sim.clock.now();
    await host.docker(['stop', 'trap']);
    expect(sim.clock.now() - t1).toBeLessThanOrEqual(1000 + COMMAND_LATENCY_MS);
    expect((await host.docker(['wait', 'trap'])).stdout).toBe('5\n');
  });
});
