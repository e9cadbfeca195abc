/**
 * `docker run` whose start fails after the create succeeded (real Docker 20.10.24, recorded in
 * test/conformance/fixtures/cases/run-start-failure.json):
 *
 *   $ docker run -d --name bad busybox nosuchcmd
 *   9d6ae3bfb2592c1261ca96969b337e3932d44640e20b84ff1e8272d3d9e4df42                     (stdout)
 *   docker: Error response from daemon: failed to create shim task: … exec: "nosuchcmd":
 *   executable file not found in $PATH: unknown.                                          (stderr)
 *   rc 127   (/etc/passwd: "permission denied", rc 126)
 *
 * runContainer prints the ID as soon as the create returns whenever stdout and stderr are not
 * attached (-d, or -a stdin alone), so the ID comes before the start error. Attached runs and
 * `docker start` print no ID. With --rm the daemon removes the container after the failed start.
 * `-a stdin` alone returns 0 at stdin's EOF without waiting for the container.
 */
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/runner/script.ts';
import { runSteps } from '../../src/runner/run.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import { docker } from '../../src/sim/cli/docker.ts';
import type { CliIO } from '../../src/sim/cli/io.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

const NOT_FOUND =
  'docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown.\n';

async function run(script: string, version: '20.10' | '29' = '20.10') {
  const host = new SimHost(await createSimulator({ version, seed: 5 }));
  const steps = await runSteps(parseScript(script), host);
  return { steps, sim: host.sim };
}

describe('docker run whose start fails', () => {
  for (const version of ['20.10', '29'] as const) {
    it(`-d: the new ID on stdout first, then the start error, 127 (${version})`, async () => {
      const sim = await createSimulator({ version, seed: 5 });
      const order: Array<['out' | 'err', string]> = [];
      const io: CliIO = { out: (t) => order.push(['out', t]), err: (t) => order.push(['err', t]), stdin: { isTTY: false } };
      const code = await docker(['run', '-d', '--name', 'bad', 'busybox', 'nosuchcmd'], { engine: sim.engine, io });
      expect(code).toBe(127);
      const id = sim.engine.find('bad')!.id;
      expect(order[0]).toEqual(['out', `${id}\n`]);
      expect(order.slice(1).map(([k]) => k)).toEqual(['err']);
      expect(order[1]![1]).toContain('executable file not found in $PATH');
      expect(sim.engine.find('bad')!.state).toBe('created');
    });
  }

  it('-d with a non-executable program: ID, then permission denied, 126', async () => {
    const { steps } = await run('docker run -d --name bad busybox /etc/passwd\ndocker ps -aq --no-trunc\n');
    expect(steps[0]!.exitCode).toBe(126);
    expect(steps[0]!.stdout).toBe(steps[1]!.stdout);
    expect(steps[0]!.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(steps[0]!.stderr).toContain('exec: "/etc/passwd": permission denied: unknown.');
  });

  it('attached (no -d): no ID, only the error', async () => {
    const { steps } = await run('docker run --name bad busybox nosuchcmd\n');
    expect(steps[0]).toMatchObject({ stdout: '', stderr: NOT_FOUND, exitCode: 127 });
  });

  it('-d --rm and --rm: the container is removed after the failed start (no hang)', async () => {
    const { steps, sim } = await run('docker run -d --rm --name r1 busybox nosuchcmd\ndocker run --rm --name r2 busybox nosuchcmd\ndocker ps -aq\n');
    expect(steps[0]!.exitCode).toBe(127);
    expect(steps[0]!.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(steps[0]!.stderr).toBe(NOT_FOUND);
    expect(steps[1]).toMatchObject({ stdout: '', stderr: NOT_FOUND, exitCode: 127 });
    expect(steps[2]!.stdout).toBe('');
    expect(sim.engine.find('r1')).toBeUndefined();
  });

  it('-a stdin alone: the ID, then 0 at stdin EOF without waiting for the container', async () => {
    const { steps, sim } = await run(
      "docker run -a stdin --name a1 busybox nosuchcmd\ndocker run -a stdin --name a2 busybox sh -c 'sleep 1; exit 3'\ndocker ps -a --format '{{.Names}} {{.State}}'\n",
    );
    expect(steps[0]!.exitCode).toBe(127);
    expect(steps[0]!.stdout).toBe(`${sim.engine.find('a1')!.id}\n`);
    expect(steps[1]).toMatchObject({ stdout: `${sim.engine.find('a2')!.id}\n`, stderr: '', exitCode: 0 });
    expect(steps[2]!.stdout).toBe('a2 running\na1 created\n');
  });

  it('docker start and start -a are unaffected: no ID, rc 1', async () => {
    const { steps } = await run('docker create --name cc busybox nosuchcmd\ndocker start cc\ndocker start -a cc\n');
    expect(steps[1]!.stdout).toBe('');
    expect(steps[1]!.exitCode).toBe(1);
    expect(steps[1]!.stderr).toMatch(/executable file not found in \$PATH: unknown\nError: failed to start containers: cc\n$/);
    expect(steps[2]).toMatchObject({ stdout: '', exitCode: 1 });
  });

  it('a successful run -d still prints the ID once', async () => {
    const { steps } = await run('docker run -d --name ok busybox sleep 10\n');
    expect(steps[0]!.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(steps[0]!.exitCode).toBe(0);
  });
});
