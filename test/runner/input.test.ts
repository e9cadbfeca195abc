/** `<` input lines: a docker step typed into as a terminal (issue 5: interactive lesson steps). */
import { describe, expect, it } from 'vitest';
import { parseScript, ScriptError } from '../../src/runner/script.ts';
import { runSteps } from '../../src/runner/run.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

async function run(script: string) {
  const host = new SimHost(await createSimulator({ version: '20.10', seed: 1 }));
  const out = await runSteps(parseScript(script), host);
  return { out, host };
}

describe('input lines', () => {
  it('parse into the docker step above, with Enter or control keys', () => {
    const steps = parseScript('docker run -it busybox sh\n< echo hi\n<^P^Q\n< \n<^D\nsleep 1\n');
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatchObject({ kind: 'docker', input: ['echo hi\r', '\x10\x11', '\r', '\x04'] });
  });

  it('are refused where they cannot belong', () => {
    expect(() => parseScript('< echo hi\n')).toThrow(ScriptError);
    expect(() => parseScript('sleep 1\n< x\n')).toThrow(/must follow a docker step/);
    expect(() => parseScript('docker ps\n<x\n')).toThrow(/control keys/);
  });

  it('drive an interactive shell in a container: exit ends PID 1', async () => {
    const { out, host } = await run('docker run -it --name box busybox sh\n< echo hi\n< exit\ndocker ps -a --format "{{.Names}} {{.Status}}"\n');
    expect(out[0]!.exitCode).toBe(0);
    expect(out[0]!.stdout).toContain('hi\r\n');
    expect(out[1]!.stdout).toMatch(/^box Exited \(0\)/);
    expect(host.snapshot()[0]).toMatchObject({ name: 'box', status: 'exited' });
  });

  it('detach keys leave the container running', async () => {
    const { out } = await run('docker run -it --name box busybox sh\n<^P^Q\ndocker ps --format "{{.Names}} {{.Status}}"\n');
    expect(out[0]!.exitCode).toBe(0);
    expect(out[1]!.stdout).toMatch(/^box Up/);
  });

  it('exec -it with Ctrl-D leaves the container running', async () => {
    const { out } = await run('docker run -d --name web busybox sleep 3600\ndocker exec -it web sh\n< touch /tmp/x\n<^D\ndocker diff web\n');
    expect(out[1]!.exitCode).toBe(0);
    expect(out[2]!.stdout).toContain('A /tmp/x');
  });
});
