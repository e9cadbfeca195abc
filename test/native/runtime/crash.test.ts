/**
 * The leak test: a backend that started containers (one paused, one with a TTY) is killed
 * with SIGKILL. The containers run on (their shims are detached); a new handle still sees
 * them; gc then leaves no mounts, cgroups, processes or runc state — counted before and after.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gc } from '../../../src/native/runtime/gc.ts';
import { RuntimeHandle } from '../../../src/native/runtime/handle.ts';
import { procState } from '../../../src/native/runtime/proc.ts';
import { counts, makeTestRoot, skipReason, type TestRoot } from './helpers.ts';

const reason = skipReason();
const BACKEND = fileURLToPath(new URL('./fixtures/backend.ts', import.meta.url));

describe.skipIf(reason !== null)('crash of the backend (kill -9) and gc', () => {
  let t: TestRoot | undefined;
  afterAll(async () => {
    if (!t) return;
    await gc({ stateRoot: t.stateRoot });
    t.dispose();
  });

  // Two real containers plus a node backend; 30 s covers a loaded CI machine.
  it('leaves nothing behind after gc', async () => {
    t = makeTestRoot('cc-crash-');
    const before = counts(t.stateRoot);
    expect(before).toEqual({ mounts: 0, cgroups: 0, processes: 0, runcState: 0 });
    const r1 = t.rootfs('c1');
    const r2 = t.rootfs('c2');
    const child = spawn(process.execPath, [BACKEND, t.stateRoot, r1, r2], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const ready = await new Promise<{ ids: string[]; pids: number[] }>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^ready (.*)$/m.exec(out);
        if (m) resolve(JSON.parse(m[1]!) as { ids: string[]; pids: number[] });
      });
      child.on('exit', (code) => reject(new Error(`backend exited ${code}: ${err}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));

    // The containers outlived the backend, and a new handle finds them.
    const rt = new RuntimeHandle({ stateRoot: t.stateRoot });
    const s0 = await rt.status(ready.ids[0]!);
    expect(s0).toMatchObject({ state: 'running', paused: true, pid: ready.pids[0] });
    expect(await rt.status(ready.ids[1]!)).toMatchObject({ state: 'running', pid: ready.pids[1] });
    const during = counts(t.stateRoot);
    expect(during.mounts).toBe(2);
    expect(during.processes).toBeGreaterThanOrEqual(4); // 2 shims, 2 inits (+ runc run, sh's sleep)
    expect(during.runcState).toBe(2);

    const report = await gc({ stateRoot: t.stateRoot });
    expect(report.leftovers).toEqual([]);
    expect(report.killedShims).toHaveLength(2);
    for (const pid of ready.pids) expect([null, 'Z']).toContain(procState(pid));
    expect(counts(t.stateRoot)).toEqual(before);
    // The shims are gone without exit records: the engine sees "lost" and marks them exited.
    expect((await rt.status(ready.ids[0]!)).state).toBe('lost');
  }, 30_000);
});
