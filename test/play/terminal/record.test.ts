/** A recorded session fed again into a fresh shell over a fresh simulator with the same seed gives the same state. */
import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/play/terminal/record.ts';
import { advance, session } from './harness.ts';

describe('record and replay', () => {
  it('logs every input() and run() with its simulated time', async () => {
    const s = await session();
    const t0 = s.sim.clock.now();
    await s.type('docker ps\r');
    await advance(s.sim, 1500);
    await s.run('echo hi');
    expect(s.shell.log).toEqual([
      { at: t0, kind: 'input', data: 'docker ps\r' },
      { at: t0 + 1510, kind: 'run', data: 'echo hi' },
    ]);
    expect(s.shell.commandLines()).toEqual(['docker ps', 'echo hi']);
  });

  it('replays a session into the same docker ps -a and the same screen', async () => {
    const a = await session();
    await a.type('docker run --name web -d busybox sleep 3600\r');
    await advance(a.sim, 3000);
    await a.typeUntil('docker run -it --name box busybox sh\r', /\/ #$/);
    await a.typeUntil('echo hi > /greeting\r', /\/ #$/);
    await advance(a.sim, 1200);
    await a.type('exit\r');
    await a.run('docker stop -t 1 web');
    await advance(a.sim, 5000);
    await a.type('docker ps --a\t');
    await a.type('\r');
    await a.run('docker diff box');

    const b = await session();
    await replay(a.shell.log, b.shell, b.advanceTo);
    await advance(b.sim, 60_000, () => !b.shell.busy);
    await advance(a.sim, b.sim.clock.now() - a.sim.clock.now());

    expect(b.shell.commandLines()).toEqual(a.shell.commandLines());
    expect(a.shell.commandLines()).toContain('docker ps --all ');
    expect(b.text()).toBe(a.text());
    const ps = (text: string) => text.split('\n').filter((l) => /^[0-9a-f]{12} .* (web|box)$/.test(l));
    expect(ps(b.text())).toHaveLength(2);
    expect(ps(b.text())).toEqual(ps(a.text()));
    expect(b.sim.engine.find('box')!.id).toBe(a.sim.engine.find('box')!.id);
  });
});
