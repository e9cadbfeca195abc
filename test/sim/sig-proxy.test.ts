/**
 * --sig-proxy: docker attach, docker run and docker start -a forward the signals the client gets
 * (docker/cli ForwardAllSignals → ContainerKill) to the container's PID 1 and keep waiting; the
 * client ends when the container does. Checked on the real Docker 20.10.24 engine
 * (test/conformance/fixtures/cases/sig-proxy.json), with coreutils `timeout 2` sending SIGTERM:
 *
 *   PID 1 traps TERM (echo got TERM; exit 3)   attach: stdout "got TERM", rc 124, exited 3
 *   attach --sig-proxy=false                   rc 124 after 2 s, still running
 *   run (no -t) / run -t                       forwarded (20.10 run has no TTY check): exited 3
 *   run --sig-proxy=false                      still running
 *   start -a                                   forwarded; for a -t container not: running
 *   attach --no-stdin to a -t container        not forwarded: running
 *   PID 1 `sleep 5` (ignores TERM)             the client waits for sleep's end: rc 124 at ~5 s
 *   --init + sleep                             tini passes TERM on: exited 143
 *   `while true; do …; done` ignoring TERM     the real client hangs (timeout -k 4 3: killed, 137)
 *
 * The simulator's runner sends timeout's SIGTERM by aborting io.signal (reason "timeout"); the
 * browser terminal's Ctrl-C aborts it with "interrupted" (SIGINT). A client that never ends is
 * given up after the runner's hang limit (io.kill: SIGKILL to the client).
 */
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/runner/script.ts';
import { runSteps } from '../../src/runner/run.ts';
import { HANG_LIMIT_MS, SimHost } from '../../src/runner/simHost.ts';
import { drive } from '../../src/runner/drive.ts';
import { docker, isCancellation } from '../../src/sim/cli/docker.ts';
import { BufferIO, INTERRUPT_REASON, TIMEOUT_REASON, clientSignal } from '../../src/sim/cli/io.ts';
import { createSimulator, type Simulator } from '../../src/sim/simulator.ts';
import { advance, lastLine, session } from '../play/terminal/harness.ts';

const TRAP = `busybox sh -c 'trap "echo got TERM; exit 3" TERM; echo ready; while true; do sleep 0.1; done'`;
/** The same for SIGINT, as argv (no shell quoting). */
const TRAP_INT = ['busybox', 'sh', '-c', 'trap "echo got INT; exit 5" INT; echo ready; while true; do sleep 0.1; done'];
const STATE = (name: string) => `docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' ${name}`;

async function run(script: string, version: '20.10' | '29' = '20.10') {
  const host = new SimHost(await createSimulator({ version, seed: 11 }));
  const steps = await runSteps(parseScript(script), host);
  return { steps, sim: host.sim };
}

describe('clientSignal', () => {
  it('maps the hosts’ abort reasons to the signal they stand for', () => {
    expect(clientSignal(new DOMException(TIMEOUT_REASON, 'AbortError'))).toBe('TERM');
    expect(clientSignal(new DOMException(INTERRUPT_REASON, 'AbortError'))).toBe('INT');
    expect(clientSignal(new DOMException('broken pipe', 'AbortError'))).toBeUndefined();
    expect(clientSignal(undefined)).toBeUndefined();
  });
});

describe('timeout N docker … with sig-proxy (the runner)', () => {
  for (const version of ['20.10', '29'] as const) {
    it(`attach forwards SIGTERM to PID 1 and ends with the container; --sig-proxy=false does not (${version})`, async () => {
      const { steps } = await run(
        [
          `docker run -d --name web ${TRAP}`,
          'timeout 2 docker attach web',
          STATE('web'),
          'docker logs web',
          `docker run -d --name web2 ${TRAP}`,
          'timeout 2 docker attach --sig-proxy=false web2',
          STATE('web2'),
        ].join('\n'),
        version,
      );
      expect(steps[1]).toMatchObject({ stdout: 'got TERM\n', stderr: '', exitCode: 124 });
      expect(steps[2]!.stdout).toBe('exited 3\n');
      expect(steps[3]!.stdout).toBe('ready\ngot TERM\n');
      expect(steps[5]).toMatchObject({ stdout: '', stderr: '', exitCode: 124 });
      expect(steps[6]!.stdout).toBe('running 0\n');
    });
  }

  it('run forwards with or without -t; --sig-proxy=false does not', async () => {
    const { steps } = await run(
      [
        `timeout 2 docker run --name r1 ${TRAP}`,
        STATE('r1'),
        `timeout 2 docker run --sig-proxy=false --name r2 ${TRAP}`,
        STATE('r2'),
        `timeout 2 docker run -t --name r3 ${TRAP}`,
        STATE('r3'),
      ].join('\n'),
    );
    expect(steps[0]).toMatchObject({ stdout: 'ready\ngot TERM\n', exitCode: 124 });
    expect(steps[1]!.stdout).toBe('exited 3\n');
    expect(steps[2]).toMatchObject({ stdout: 'ready\n', exitCode: 124 });
    expect(steps[3]!.stdout).toBe('running 0\n');
    expect(steps[4]).toMatchObject({ stdout: 'ready\r\ngot TERM\r\n', exitCode: 124 });
    expect(steps[5]!.stdout).toBe('exited 3\n');
  });

  it('start -a forwards unless the container has a TTY; attach to a TTY container does not', async () => {
    const { steps } = await run(
      [
        `docker create --name s1 ${TRAP}`,
        'timeout 2 docker start -a s1',
        STATE('s1'),
        `docker create -t --name s2 ${TRAP}`,
        'timeout 2 docker start -a s2',
        STATE('s2'),
        `docker run -dt --name s3 ${TRAP}`,
        'timeout 2 docker attach --no-stdin s3',
        STATE('s3'),
      ].join('\n'),
    );
    expect(steps[1]).toMatchObject({ stdout: 'ready\ngot TERM\n', exitCode: 124 });
    expect(steps[2]!.stdout).toBe('exited 3\n');
    expect(steps[4]).toMatchObject({ stdout: 'ready\r\n', exitCode: 124 });
    expect(steps[5]!.stdout).toBe('running 0\n');
    expect(steps[7]!.exitCode).toBe(124);
    expect(steps[8]!.stdout).toBe('running 0\n');
  });

  it('PID 1 ignoring TERM: the client keeps waiting until the container ends by itself', async () => {
    const { steps, sim } = await run(
      ['docker run -d --name sl busybox sleep 5', 'timeout 2 docker attach sl', STATE('sl'), 'docker run -d --init --name ini busybox sleep 100', 'timeout 2 docker attach ini', STATE('ini')].join(
        '\n',
      ),
    );
    expect(steps[1]).toMatchObject({ stdout: '', stderr: '', exitCode: 124 });
    expect(steps[2]!.stdout).toBe('exited 0\n');
    const c = sim.engine.find('sl')!;
    expect(c.finishedAt - c.startedAt).toBe(5000);
    expect(steps[5]!.stdout).toBe('exited 143\n');
  });

  it('a container that never ends: the runner gives up after its hang limit and kills the client', async () => {
    const t0 = Date.now();
    const { steps, sim } = await run(
      [
        "docker run -d --name loop busybox sh -c 'while true; do sleep 60; done'",
        'timeout 3 docker attach loop',
        STATE('loop'),
        'docker stop -t 1 loop',
        STATE('loop'),
      ].join('\n'),
    );
    expect(steps[1]!.exitCode).toBe(124);
    expect(steps[1]!.stdout).toBe('');
    expect(steps[1]!.stderr).toMatch(/^classroom: gave up on this step: docker forwarded timeout's SIGTERM to the container, and it was still running after 24 h/);
    expect(steps[2]!.stdout).toBe('running 0\n');
    // the killed client left no session behind
    expect(sim.engine.find('loop')!.attached.size).toBe(0);
    expect(steps[4]!.stdout).toBe('exited 137\n');
    expect(sim.clock.now()).toBeGreaterThan(HANG_LIMIT_MS);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('commands that do not proxy signals still end at the timeout', async () => {
    const { steps } = await run(['docker run -d --name ww busybox sleep 100', 'timeout 1 docker wait ww', 'timeout 1 docker logs -f ww'].join('\n'));
    expect(steps[1]!.exitCode).toBe(124);
    expect(steps[2]!.exitCode).toBe(124);
  });
});

/** docker(argv) on its own, cancelled by hand after `ms` of simulated time. */
async function cancelled(sim: Simulator, argv: string[], reason: string, ms = 1000) {
  const abort = new AbortController();
  const kill = new AbortController();
  const io = new BufferIO({ signal: abort.signal, kill: kill.signal });
  const work = docker(argv, { engine: sim.engine, io });
  const settled = { done: false };
  work.then(
    () => (settled.done = true),
    () => (settled.done = true),
  );
  await drive(sim.clock, work, sim.clock.now() + ms, true);
  abort.abort(new DOMException(reason, 'AbortError'));
  return { io, work, kill, settled };
}

describe('the client side', () => {
  it('SIGINT (Ctrl-C) is forwarded: the client ends with the container status', async () => {
    const sim = await createSimulator({ version: '20.10', seed: 2 });
    await docker(['run', '-d', '--name', 'web', ...TRAP_INT], { engine: sim.engine, io: new BufferIO() });
    const { io, work } = await cancelled(sim, ['attach', 'web'], INTERRUPT_REASON);
    const r = await drive(sim.clock, work, sim.clock.now() + 5000);
    expect(r).toEqual({ settled: true, value: 5 });
    expect(io.stdout).toBe('ready\ngot INT\n');
    expect(sim.engine.find('web')!.exitCode).toBe(5);
  });

  it('a broken pipe (SIGPIPE) is never forwarded: the client ends, the container goes on', async () => {
    const sim = await createSimulator({ version: '20.10', seed: 2 });
    await docker(['run', '-d', '--name', 'web', ...TRAP_INT], { engine: sim.engine, io: new BufferIO() });
    const { io, work } = await cancelled(sim, ['attach', 'web'], 'broken pipe');
    const r = await drive(sim.clock, work, sim.clock.now() + 5000);
    expect(r.settled && 'error' in r && isCancellation(r.error, io)).toBe(true);
    expect(sim.engine.find('web')!.state).toBe('running');
  });

  it('io.kill ends a client that caught the signal and still waits', async () => {
    const sim = await createSimulator({ version: '20.10', seed: 2 });
    await docker(['run', '-d', '--name', 'web', 'busybox', 'sleep', '3600'], { engine: sim.engine, io: new BufferIO() });
    const { io, work, kill, settled } = await cancelled(sim, ['attach', 'web'], TIMEOUT_REASON);
    await drive(sim.clock, work, sim.clock.now() + 5000);
    expect(settled.done).toBe(false);
    kill.abort(new DOMException('killed', 'AbortError'));
    const r = await drive(sim.clock, work, sim.clock.now());
    expect(r.settled && 'error' in r && isCancellation(r.error, io)).toBe(true);
    expect(sim.engine.find('web')!.attached.size).toBe(0);
    expect(sim.engine.find('web')!.state).toBe('running');
  });
});

describe('the browser terminal: Ctrl-C on docker run / attach without a TTY', () => {
  it('gives the prompt back at once (130), and PID 1 gets SIGINT', async () => {
    const s = await session();
    s.shell.input(`docker run --name web busybox sh -c 'trap "echo got INT; exit 5" INT; echo ready; while true; do sleep 0.1; done'\r`);
    await advance(s.sim, 1000);
    expect(s.shell.busy).toBe(true);
    await s.type('\x03');
    expect(s.shell.busy).toBe(false);
    expect(s.shell.state.status).toBe(130);
    expect(lastLine(s.text())).toBe('root@classroom:~#');
    await advance(s.sim, 1000);
    const c = s.sim.engine.find('web')!;
    expect([c.state, c.exitCode]).toEqual(['exited', 5]);
    // what the container printed after the prompt came back does not reach the terminal
    expect(s.raw().split('^C')[1]).toBe('\r\nroot@classroom:~# ');
  });

  it('docker attach --sig-proxy=false: the container is left alone', async () => {
    const s = await session();
    await s.type(`docker run -d --name web busybox sh -c 'trap "exit 5" INT; while true; do sleep 0.1; done'\r`);
    s.shell.input('docker attach --sig-proxy=false web\r');
    await advance(s.sim, 500);
    await s.type('\x03');
    expect(s.shell.state.status).toBe(130);
    await advance(s.sim, 1000);
    expect(s.sim.engine.find('web')!.state).toBe('running');
    s.shell.input('docker attach web\r');
    await advance(s.sim, 500);
    await s.type('\x03');
    await advance(s.sim, 1000);
    expect([s.sim.engine.find('web')!.state, s.sim.engine.find('web')!.exitCode]).toEqual(['exited', 5]);
  });
});
