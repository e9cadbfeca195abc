/** coreutils timeout in the learner's terminal, as lesson 8 uses it. */
import { describe, expect, it } from 'vitest';
import { session } from './harness.ts';

const PROMPT = 'root@classroom:~#';

function tail(text: string, n: number): string[] {
  return text.split('\n').slice(-n);
}

describe('timeout', () => {
  it('ends a client that waits: docker attach --sig-proxy=false, status 124, the container runs on', async () => {
    const s = await session();
    await s.type('docker run -d --name loop busybox sh -c "while true; do echo tick; sleep 1; done"\r');
    const t0 = s.sim.clock.now();
    await s.type('timeout 3 docker attach --sig-proxy=false loop\r');
    await s.type('echo $?\r');
    expect(tail(s.text(), 2)).toEqual(['124', PROMPT]);
    expect(s.sim.clock.now() - t0).toBeGreaterThanOrEqual(3000);
    expect(s.text()).toContain('tick');
    expect(s.sim.engine.find('loop')!.state).toBe('running');
  });

  it('passes the status of a command that ends in time', async () => {
    const s = await session();
    await s.type('timeout 5 docker run --rm busybox sh -c "exit 3"\r');
    await s.type('echo $?\r');
    expect(tail(s.text(), 2)).toEqual(['3', PROMPT]);
    await s.type('timeout 1 sleep 5; echo $?\r');
    expect(tail(s.text(), 2)).toEqual(['124', PROMPT]);
    await s.type('timeout --preserve-status 1 sleep 5; echo $?\r');
    expect(tail(s.text(), 2)).toEqual(['0', PROMPT]);
  });

  it('a proxying client forwards the SIGTERM: docker attach (sig-proxy) ends when PID 1 does', async () => {
    const s = await session();
    await s.type(`docker run -d --name polite busybox sh -c "trap 'exit 0' TERM; while true; do sleep 1; done"\r`);
    await s.type('timeout 2 docker attach polite; echo $?\r');
    expect(tail(s.text(), 2)).toEqual(['124', PROMPT]);
    expect(s.sim.engine.find('polite')!.state).toBe('exited');
  });

  it('refuses bad durations and missing commands like coreutils (125)', async () => {
    const s = await session();
    await s.type('timeout abc true; echo $?\r');
    expect(tail(s.text(), 4)).toEqual(["timeout: invalid time interval 'abc'", "Try 'timeout --help' for more information.", '125', PROMPT]);
    await s.type('timeout 3; echo $?\r');
    expect(tail(s.text(), 4)).toEqual(["timeout: missing operand after '3'", "Try 'timeout --help' for more information.", '125', PROMPT]);
  });
});
