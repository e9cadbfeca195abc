/** Every applet the simulator implements has busybox's real usage text (and only those are kept). */
import { describe, expect, it } from 'vitest';
import '../../../src/sim/programs/index.ts';
import { Clock, macrotask } from '../../../src/sim/clock.ts';
import { MemoryFs } from '../../../src/sim/fs/memory.ts';
import { SIGKILL } from '../../../src/sim/kernel/types.ts';
import type { Process } from '../../../src/sim/kernel/types.ts';
import { outsideWork } from '../../../src/sim/outside.ts';
import { createKernel } from '../../../src/sim/programs/index.ts';
import { APPLET_NAMES, findApplet } from '../../../src/sim/programs/registry.ts';
import { BANNER_VERSION } from '../../../src/sim/programs/usage.ts';
import { BUSYBOX_BANNER, USAGE } from '../../../src/sim/programs/usage-text.ts';

describe('usage texts', () => {
  it('cover exactly the implemented applets (regenerate with gen-usage.sh after adding one)', () => {
    const implemented = APPLET_NAMES.filter((n) => findApplet(n)).sort();
    expect(Object.keys(USAGE).sort()).toEqual(implemented);
  });

  it("the banner kept in usage.ts is the generated one's", () => {
    expect(BANNER_VERSION).toBe(BUSYBOX_BANNER);
  });
});

// This file does not use helpers.ts, which loads the texts up front: here they are
// loaded on first use, as on a lesson page.
describe('usage texts loaded on first use', () => {
  const fs = new MemoryFs({ now: () => 0 });
  fs.mkdir('/bin', { mode: 0o755 });
  fs.writeFile('/bin/busybox', '', { mode: 0o755, exe: 'busybox' });
  for (const a of ['sh', 'ls']) fs.symlink('busybox', `/bin/${a}`);

  function start(kernel: ReturnType<typeof createKernel>, argv: string[]) {
    const t = kernel.startTask({ argv, env: ['PATH=/bin'], cwd: '/', tty: false, openStdin: false, hostname: 'h', fs });
    if ('kind' in t) throw new Error(t.message);
    const r = { stdout: '', stderr: '', status: undefined as number | undefined, init: t.init as Process };
    t.init.onOutput((s, d) => (s === 'stdout' ? (r.stdout += d) : (r.stderr += d)));
    t.init.onExit((st) => (r.status = st));
    return r;
  }

  /** Steps the clock, waiting for real work in flight before each step (as the runner does). */
  async function settle(clock: Clock): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      await macrotask();
      const io = outsideWork();
      if (io) {
        await io;
        continue;
      }
      if (!clock.step()) return;
    }
  }

  it('a program printing a usage waits for the texts; the text comes out at the same simulated instant', async () => {
    const clock = new Clock();
    const t0 = clock.now();
    const kernel = createKernel({ clock, release: '6.1.0' });
    const bad = start(kernel, ['ls', '--bogus']);
    const killed = start(kernel, ['ls', '-y']);
    const shell = start(kernel, ['sh', '-c', 'ls -y; echo $?']);
    clock.runUntil(t0);
    // All three asked for a text that is not there yet: blocked, nothing printed.
    for (const r of [bad, killed, shell]) expect([r.stderr, r.status]).toEqual(['', undefined]);
    killed.init.signal(SIGKILL);
    await settle(clock);
    const text = (applet: string) => `${BANNER_VERSION} multi-call binary.\n\n${USAGE[applet]}\n`;
    expect(bad).toMatchObject({ stdout: '', stderr: `ls: unrecognized option '--bogus'\n${text('ls')}`, status: 1 });
    expect(killed).toMatchObject({ stdout: '', stderr: '', status: 128 + SIGKILL });
    expect(shell).toMatchObject({ stdout: '1\n', stderr: `ls: invalid option -- 'y'\n${text('ls')}`, status: 0 });
    expect(clock.now()).toBe(t0);
    // Loaded now: the next usage is printed without waiting.
    const again = start(kernel, ['ls', '--help']);
    clock.runUntil(clock.now());
    expect(again).toMatchObject({ stderr: text('ls'), status: 0 });
  });
});
