/**
 * The cgroup v2 code path (cgroup.freeze / cgroup.events, absolute leaf under our own v2
 * cgroup) on a host that has a hybrid layout: runc places the container in the unified
 * hierarchy as well, so our v2 freezer can freeze it there. Limits are not tested here
 * (a hybrid host binds memory/cpu/pids to v1); on a pure v2 host runtime.test.ts covers them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCgroupLayout, controlDir } from '../../../src/native/runtime/cgroups.ts';
import { gc } from '../../../src/native/runtime/gc.ts';
import { RuntimeHandle } from '../../../src/native/runtime/handle.ts';
import { runtimePaths } from '../../../src/native/runtime/paths.ts';
import { procState, sleep } from '../../../src/native/runtime/proc.ts';
import { counts, makeTestRoot, randomId, skipReason, type TestRoot } from './helpers.ts';

function v2Reason(): string | null {
  const r = skipReason();
  if (r) return r;
  const layout = detectCgroupLayout({ subtree: 'probe' });
  if (layout.runcMode !== 'hybrid') return `not a hybrid cgroup host (${layout.runcMode}): the v2 path is covered by runtime.test.ts there`;
  return null;
}
const reason = v2Reason();

describe.skipIf(reason !== null)('cgroup v2 interface on the unified hierarchy of a hybrid host', () => {
  let t: TestRoot;
  beforeAll(() => {
    t = makeTestRoot('cc-v2-');
  });
  afterAll(async () => {
    await gc({ stateRoot: t.stateRoot, forceCgroupVersion: 2 });
    await gc({ stateRoot: t.stateRoot });
    const c = counts(t.stateRoot);
    t.dispose();
    expect(c).toEqual({ mounts: 0, cgroups: 0, processes: 0, runcState: 0 });
  }, 20_000);

  // A real container; 20 s for a loaded CI machine.
  it('freezes through cgroup.freeze and sees "frozen 1" in cgroup.events', async () => {
    const rt = new RuntimeHandle({ stateRoot: t.stateRoot, forceCgroupVersion: 2 });
    expect(rt.layout.version).toBe(2);
    expect(rt.layout.limitControllers).toEqual([]);
    expect(() => rt.create('x', { rootfs: '/nonexistent', args: ['true'], env: [], limits: { memoryBytes: 1 << 26 } })).toThrow(/memory/);
    const id = randomId();
    rt.create(id, { rootfs: t.rootfs('v2'), args: ['sleep', '1000'], env: ['PATH=/bin'] });
    const { pid } = await rt.start(id);
    const dir = controlDir(rt.layout, id);
    expect(dir).toBe(join(rt.layout.v2!.ownDir, runtimePaths(t.stateRoot).cgroupSubtree, `ctr-${id}`));
    expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim()).toBe(String(pid));
    await rt.pause(id);
    expect(readFileSync(join(dir, 'cgroup.events'), 'utf8')).toMatch(/^frozen 1$/m);
    expect(rt.freezeState(id)).toBe('frozen');
    expect(['D', 'T', 'S']).toContain(procState(pid!));
    await rt.resume(id);
    expect(rt.freezeState(id)).toBe('thawed');
    await rt.kill(id, 'KILL');
    expect((await rt.waitExit(id, { timeoutMs: 10_000 })).exitCode).toBe(137);
    await sleep(50);
    expect(existsSync(dir)).toBe(false);
  }, 20_000);
});
