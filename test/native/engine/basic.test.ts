/**
 * The native engine against the simulator: the same script, the same normalised
 * transcript (stdout, stderr, exit code, container states after every step), and
 * nothing left on the machine afterwards. Runs as root where runc and overlayfs work
 * (CI); skips with the reason elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differential, holdings, openTestBackend, skipReason, type TestBackend } from './harness.ts';

const SCRIPTS: Record<string, string> = {
  'run, logs, ps, stop, a failed start, rm': `
docker run busybox echo hi
docker run -d --name loop busybox sh -c "while true; do echo hello world; sleep 1; done"
sleep 1.5
docker logs loop
docker ps
docker stop -t 1 loop
docker inspect -f "{{.State.Status}} {{.State.ExitCode}}" loop
docker run --name bad busybox nosuchcmd
docker ps -a
docker inspect -f "{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}" bad
docker start bad
docker rm loop bad
docker ps -a
`,
  'exit codes and wait': `
docker run --name three busybox sh -c "exit 3"
docker run -d --name ww busybox sh -c "trap 'exit 7' TERM; while true; do sleep 1; done"
sleep 0.3
docker kill -s TERM ww
docker wait ww
docker create --name cc busybox echo created
docker ps -a --format "{{.Names}} {{.Status}}"
docker start -a cc
docker wait cc
docker run --rm busybox sh -c "echo gone; exit 5"
docker ps -a --format "{{.Names}}"
docker rm three ww cc
`,
  'create, start, inspect, logs options': `
docker create --name box busybox sh -c "echo out; sleep 0.1; echo err >&2"
docker inspect -f "{{.State.Status}} {{.State.Pid}} {{.Config.Cmd}} {{.Config.Hostname}}" box
docker start box
docker wait box
docker logs box
docker logs --tail 1 box
docker rm box
docker rm box
`,
  'pause, exec, top, rename, restart, kill, prune': `
docker run -d --name pp busybox sleep 30
docker pause pp
docker ps --format "{{.Names}} {{.Status}}"
docker exec pp true
docker rm pp
docker unpause pp
docker unpause pp
docker exec pp sh -c "echo in; echo err >&2; exit 3"
docker exec pp nosuchcmd
docker exec pp /etc/passwd
docker top pp
docker rename pp qq
docker restart -t 1 qq
docker inspect -f "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}" qq
docker kill qq
docker inspect -f "{{.State.Status}} {{.State.ExitCode}}" qq
docker container prune -f
docker ps -a
`,
  'restart policies and --rm': `
docker run -d --name rr --restart on-failure:2 busybox sh -c "echo try; exit 4"
sleep 1.5
docker inspect -f "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}" rr
docker logs rr
docker run -d --name al --restart always busybox sleep 30
docker kill al
sleep 0.5
docker inspect -f "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}" al
docker run --rm --name gone busybox echo bye
docker run --rm --name gone2 busybox nosuchcmd
docker ps -a --format "{{.Names}} {{.Status}}"
docker rm rr al
`,
};

describe.skipIf(skipReason !== undefined)(`native engine = simulator${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let t: TestBackend;
  let before: ReturnType<typeof holdings>;
  beforeAll(async () => {
    t = await openTestBackend();
    before = holdings(t.root);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(name, async () => {
      const { sim, native } = await differential(t, script);
      for (let i = 0; i < sim.length; i++) expect(native[i], `step ${i + 1}: ${sim[i]!.command}`).toEqual(sim[i]);
      expect(native.length).toBe(sim.length);
    }, 60_000);
  }

  it('leaves no mounts, cgroups, processes or runc state', () => {
    const after = holdings(t.root);
    expect(after.mounts).toEqual(before.mounts);
    expect(after.processes).toEqual([]);
    expect(after.runcState).toEqual([]);
    expect(after.cgroups.length).toBeLessThanOrEqual(before.cgroups.length);
  });
});
