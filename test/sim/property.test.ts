/**
 * Random command sequences: the simulator never throws, never reports an
 * internal error, and every state it reaches (and every transition it takes)
 * is one the lifecycle machine defines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../src/runner/simHost.ts';
import { STATES } from '../../src/sim/lifecycle/containerMachine.ts';
import { verdict } from '../../src/sim/lifecycle/verdict.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

const NAMES = ['a', 'b', 'c'];
const name = fc.constantFrom(...NAMES, 'nosuch');
const program = fc.constantFrom(
  ['sh', '-c', 'while true; do echo tick; sleep 1; done'],
  ['sh', '-c', 'exit 3'],
  ['sh', '-c', "trap 'exit 5' TERM; while true; do sleep 1; done"],
  ['sleep', '2'],
  ['true'],
  ['nosuchcmd'],
  ['/etc/passwd'],
  [],
);
const restart = fc.constantFrom([], ['--restart', 'always'], ['--restart', 'on-failure:2'], ['--restart', 'unless-stopped'], ['--rm']);

const command = fc.oneof(
  fc.tuple(name, restart, program, fc.boolean()).map(([n, r, p, d]) => [
    'docker',
    ['run', ...(d ? ['-d'] : []), '--name', n, ...r, 'busybox', ...p],
  ]),
  fc.tuple(name, restart, program).map(([n, r, p]) => ['docker', ['create', '-it', '--name', n, ...r, 'busybox', ...p]]),
  fc.tuple(
    fc.constantFrom('start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'rm', 'wait', 'logs', 'top', 'inspect', 'attach'),
    name,
  ).map(([v, n]) => ['docker', [v, n]]),
  fc
    .tuple(
      name,
      fc.constantFrom<string[]>(['rm', '-f'], ['stop', '-t', '1'], ['kill', '-s', 'TERM'], ['kill', '-s', 'HUP'], ['logs', '--tail', '1'], ['exec', '__', 'echo', 'hi'], ['rename', '__', 'z']),
    )
    .map(([n, argv]) => ['docker', argv.includes('__') ? argv.map((a) => (a === '__' ? n : a)) : [...argv, n]]),
  fc.constantFrom(['docker', ['ps', '-a']], ['docker', ['ps']], ['docker', ['container', 'prune', '-f']], ['docker', ['ps', '-q', '-f', 'status=exited']]),
  fc.double({ min: 0, max: 30, noNaN: true }).map((s) => ['sleep', s]),
) as fc.Arbitrary<['docker', string[]] | ['sleep', number]>;

describe('random command sequences', () => {
  it('never throw and only reach defined states', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (cmds) => {
        const sim = await createSimulator({ version: '29', seed: 3 });
        const host = new SimHost(sim);
        sim.engine.onTransition((t) => {
          expect(STATES).toContain(t.to);
          if (t.event !== 'container.create') expect(verdict(t.from, t.event)).toMatchObject({ kind: 'move', target: t.to });
        });
        for (const [kind, arg] of cmds) {
          if (kind === 'sleep') {
            await host.sleep(arg);
            continue;
          }
          const r = await host.docker(arg, 5);
          expect(r.stderr).not.toContain('internal simulator error');
          expect([0, 1, 2, 3, 5, 124, 125, 126, 127, 137, 143]).toContain(r.exitCode);
        }
        for (const c of sim.engine.containers()) {
          expect(STATES).toContain(c.state);
          const info = await sim.engine.containerInspect(c.id);
          expect(info.State.Running).toBe(['running', 'paused', 'restarting'].includes(c.state));
          expect(info.State.Pid === 0).toBe(!['running', 'paused'].includes(c.state));
        }
      }),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 2000), seed: 42 },
    );
  }, 600_000);
});
