/**
 * Real containers under runc: run, logs, exit codes, freeze, kill, hostname, pid namespace,
 * limits, TTY, stdin, exec, a backend "restart", and gc. Needs root, runc, busybox-static
 * and perl; skipped with the reason otherwise. Every test uses one temp state root; the file
 * ends by checking that nothing of ours (mounts, cgroups, processes, runc state) is left.
 */
import { spawnSync } from 'node:child_process';
import { openSync, closeSync, readFileSync, writeFileSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gc } from '../../../src/native/runtime/gc.ts';
import { RuntimeHandle, type ContainerSpec } from '../../../src/native/runtime/handle.ts';
import { readLogFile } from '../../../src/native/runtime/logs.ts';
import { preflightReport } from '../../../src/native/runtime/preflight.ts';
import { procState, sleep } from '../../../src/native/runtime/proc.ts';
import { readLimitFile } from '../../../src/native/runtime/cgroups.ts';
import { counts, hostMountCount, makeTestRoot, randomId, skipReason, type TestRoot } from './helpers.ts';

const reason = skipReason();
if (reason) console.warn(`native runtime tests skipped: ${reason}`);

// Real containers take a few hundred ms each (node shim + runc); 20 s leaves room on a
// loaded 2-CPU CI machine.
const T = 20_000;

describe.skipIf(reason !== null)('native runtime (runc)', () => {
  let t: TestRoot;
  let rt: RuntimeHandle;
  let before: ReturnType<typeof counts>;
  let hostMountsBefore = 0;

  beforeAll(() => {
    hostMountsBefore = hostMountCount();
    t = makeTestRoot();
    before = counts(t.stateRoot);
    rt = new RuntimeHandle({ stateRoot: t.stateRoot });
  });

  afterAll(async () => {
    if (!t) return;
    // Stop whatever a failed test left running, then the full gc; nothing may remain.
    for (const id of rt.list()) await rt.deleteForce(id).catch(() => {});
    t.unmountAll();
    const report = await gc({ stateRoot: t.stateRoot });
    const after = counts(t.stateRoot);
    t.dispose();
    expect(report.leftovers).toEqual([]);
    expect(after).toEqual(before);
    expect(after).toEqual({ mounts: 0, cgroups: 0, processes: 0, runcState: 0 });
    console.info(`host mounts before/after this file: ${hostMountsBefore}/${hostMountCount()} (other sessions may mount too)`);
  }, T);

  function spec(name: string, args: string[], extra: Partial<ContainerSpec> = {}): ContainerSpec {
    return { rootfs: t.rootfs(name), args, env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ...extra };
  }

  it('preflight passes on this machine', () => {
    const r = preflightReport({ stateRoot: t.stateRoot });
    expect(r.errors).toEqual([]);
    expect(r.cgroups?.limitControllers.sort()).toEqual(['cpu', 'memory', 'pids']);
  }, T);

  it("runs sh -c 'echo hi; exit 3': json-file log lines and exit code 3", async () => {
    const id = randomId();
    rt.create(id, spec('echo', ['sh', '-c', 'echo hi; echo oops >&2; exit 3']));
    const started = await rt.start(id);
    expect(started.pid ?? started.exit).toBeTruthy();
    const exit = await rt.waitExit(id, { timeoutMs: 10_000 });
    expect(exit.exitCode).toBe(3);
    expect(exit.oomKilled).toBe(false);
    expect(exit.startError).toBeUndefined();
    const raw = readFileSync(rt.files(id).log, 'utf8');
    const lines = raw.trim().split('\n');
    expect(lines).toHaveLength(2);
    // stdout and stderr are separate pipes: their relative order is not fixed (as in Docker).
    expect(lines.find((l) => l.includes('"stdout"'))).toMatch(/^\{"log":"hi\\n","stream":"stdout","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z"\}$/);
    expect(readLogFile(rt.files(id).log).map((e) => [e.stream, e.log]).sort()).toEqual([
      ['stderr', 'oops\n'],
      ['stdout', 'hi\n'],
    ]);
    expect((await rt.status(id)).state).toBe('exited');
    // The shim cleaned up: no runc state, no cgroup.
    expect(spawnSync('runc', ['--root', rt.paths.runcRoot, 'list', '-q'], { encoding: 'utf8' }).stdout.trim()).toBe('');
    expect(rt.pids(id)).toEqual([]);
  }, T);

  it('a command that does not exist: startError, exit 127, and no runc text in the log', async () => {
    const id = randomId();
    rt.create(id, spec('nope', ['nope-not-here']));
    const r = await rt.start(id);
    const exit = r.exit ?? (await rt.waitExit(id, { timeoutMs: 10_000 }));
    expect(exit.exitCode).toBe(127);
    expect(exit.startError).toMatch(/executable file not found in \$PATH/);
    expect(readLogFile(rt.files(id).log)).toEqual([]);
  }, T);

  it('hostname is the short ID; /proc shows only the container; lo is up', async () => {
    const id = randomId();
    rt.create(id, spec('ns', ['sh', '-c', 'hostname; echo pid=$$; ls /proc | grep -c "^[0-9]"; cat /sys/class/net/lo/flags; ip -o addr show lo | grep -c 127.0.0.1']));
    await rt.start(id);
    const exit = await rt.waitExit(id, { timeoutMs: 10_000 });
    expect(exit.exitCode).toBe(0);
    const out = readLogFile(rt.files(id).log).map((e) => e.log.trim());
    expect(out[0]).toBe(id.slice(0, 12));
    expect(out[1]).toBe('pid=1');
    // sh (1), ls, grep: at most a handful, none of the host's hundreds.
    expect(Number(out[2])).toBeLessThanOrEqual(4);
    expect(Number(out[3]) & 1).toBe(1); // IFF_UP
    expect(out[4]).toBe('1');
  }, T);

  it('freeze/thaw a sleeping container; TERM is ignored by PID 1 sleep, KILL gives 137', async () => {
    const id = randomId();
    rt.create(id, spec('sleep', ['sleep', '1000']));
    const { pid } = await rt.start(id);
    expect(pid).toBeGreaterThan(1);
    expect(await rt.ps(id)).toEqual([pid]);
    expect(rt.pids(id)).toEqual([pid]);

    await rt.pause(id);
    expect(rt.freezeState(id)).toBe('frozen');
    const st = await rt.status(id);
    expect(st).toMatchObject({ state: 'running', paused: true, pid });
    // A frozen task sleeps uninterruptibly (D) — or T on older kernels.
    expect(['D', 'T']).toContain(procState(pid!));
    await rt.resume(id);
    expect(rt.freezeState(id)).toBe('thawed');
    expect(await rt.status(id)).toMatchObject({ state: 'running', paused: false });

    await rt.kill(id, 'TERM');
    await sleep(300);
    expect((await rt.status(id)).state).toBe('running'); // PID 1 without a handler ignores TERM
    await rt.kill(id, 'KILL');
    const exit = await rt.waitExit(id, { timeoutMs: 10_000 });
    expect(exit.exitCode).toBe(137); // runc run returns 128+signal
  }, T);

  it('writes the memory, cpu and pids limits into the container cgroup', async () => {
    const id = randomId();
    rt.create(id, spec('limits', ['sleep', '1000'], { limits: { memoryBytes: 64 << 20, nanoCpus: 500_000_000, cpuShares: 512, pidsLimit: 50 } }));
    await rt.start(id);
    const l = rt.layout;
    if (l.version === 1) {
      expect(readLimitFile(l, id, 'memory', 'memory.limit_in_bytes')).toBe(String(64 << 20));
      expect(readLimitFile(l, id, 'cpu', 'cpu.cfs_quota_us')).toBe('50000');
      expect(readLimitFile(l, id, 'cpu', 'cpu.cfs_period_us')).toBe('100000');
      expect(readLimitFile(l, id, 'cpu', 'cpu.shares')).toBe('512');
      expect(readLimitFile(l, id, 'pids', 'pids.max')).toBe('50');
    } else {
      expect(readLimitFile(l, id, 'memory', 'memory.max')).toBe(String(64 << 20));
      expect(readLimitFile(l, id, 'cpu', 'cpu.max')).toBe('50000 100000');
      expect(readLimitFile(l, id, 'pids', 'pids.max')).toBe('50');
    }
    // The container sees its own limit too.
    const r = await rt.exec(id, { args: ['cat', '/sys/fs/cgroup/memory/memory.limit_in_bytes'] });
    if (l.version === 1) expect(r.stdout.trim()).toBe(String(64 << 20));
    await rt.deleteForce(id);
    expect((await rt.status(id)).state).toBe('exited');
  }, T);

  it('an allocation over the memory limit is OOM-killed: 137 and oomKilled', async () => {
    const id = randomId();
    rt.create(id, spec('oom', ['sh', '-c', 'dd if=/dev/zero of=/dev/null bs=64M count=1; echo survived'], { limits: { memoryBytes: 16 << 20 } }));
    await rt.start(id);
    const exit = await rt.waitExit(id, { timeoutMs: 15_000 });
    expect(exit.oomKilled).toBe(true);
    // dd is killed; sh then prints and exits 0, as in Docker (OOMKilled true, exit code of PID 1).
    expect(readLogFile(rt.files(id).log).map((e) => e.log)).toContain('survived\n');
  }, T);

  it('exec: output, exit code, host PIDs; a missing command gives 127', async () => {
    const id = randomId();
    rt.create(id, spec('exec', ['sleep', '1000']));
    const { pid } = await rt.start(id);
    const r = await rt.exec(id, { args: ['sh', '-c', 'echo out; echo err >&2; exit 7'] });
    expect(r).toEqual({ exitCode: 7, stdout: 'out\n', stderr: 'err\n' });
    const env = await rt.exec(id, { args: ['sh', '-c', 'echo $FOO; pwd; id -u'], env: ['FOO=bar'], cwd: '/tmp', user: { uid: 65534, gid: 65534 } });
    expect(env.stdout).toBe('bar\n/tmp\n65534\n');
    const missing = await rt.exec(id, { args: ['nope-not-here'] });
    expect(missing.exitCode).toBe(127);
    expect(missing.startError).toMatch(/executable file not found/);
    expect(missing.stderr).toBe('');
    const killed = await rt.exec(id, { args: ['sh', '-c', 'kill -9 $$'] });
    expect(killed.exitCode).toBe(137);
    const tty = await rt.exec(id, { args: ['sh', '-c', 'tty; echo x'], tty: true });
    expect(tty.stdout).toMatch(/^\/dev\/pts\/\d+\r\nx\r\n$/);
    expect(await rt.ps(id)).toEqual([pid]);
    await rt.deleteForce(id);
  }, T);

  it('TTY container: one "stdout" stream with \\r\\n, exit code kept', async () => {
    const id = randomId();
    rt.create(id, spec('tty', ['sh', '-c', 'tty; echo out; echo err >&2; exit 4'], { tty: true, env: ['PATH=/bin', 'TERM=xterm'] }));
    await rt.start(id);
    const exit = await rt.waitExit(id, { timeoutMs: 10_000 });
    expect(exit.exitCode).toBe(4);
    const entries = readLogFile(rt.files(id).log);
    expect(entries.every((e) => e.stream === 'stdout')).toBe(true);
    expect(entries.map((e) => e.log)).toEqual([expect.stringMatching(/^\/dev\/pts\/\d+\r\n$/), 'out\r\n', 'err\r\n']);
  }, T);

  it('stdin (-i): what is written to the FIFO reaches the container; closing it is EOF', async () => {
    const id = randomId();
    rt.create(id, spec('stdin', ['sh', '-c', 'cat; echo done'], { stdin: true }));
    await rt.start(id);
    const f = rt.files(id);
    const fd = openSync(f.stdin, 'w');
    writeSync(fd, 'hello\nworld\n');
    closeSync(fd);
    const exit = await rt.waitExit(id, { timeoutMs: 10_000 });
    expect(exit.exitCode).toBe(0);
    expect(readLogFile(f.log).map((e) => e.log)).toEqual(['hello\n', 'world\n', 'done\n']);
    expect(existsSync(f.stdin)).toBe(false);
  }, T);

  it('volumes and the /etc files are bind-mounted; output without a final newline is kept', async () => {
    const id = randomId();
    const vol = join(t.stateRoot, 'vol-' + id.slice(0, 6));
    const hostsFile = join(t.stateRoot, 'hosts-' + id.slice(0, 6));
    spawnSync('mkdir', ['-p', vol]);
    writeFileSync(join(vol, 'in.txt'), 'from host\n');
    writeFileSync(hostsFile, '127.0.0.1\tlocalhost\n');
    rt.create(id, spec('binds', ['sh', '-c', 'cat /data/in.txt; echo made > /data/out.txt; cat /etc/hosts; printf tail'], { binds: [{ source: vol, destination: '/data' }], hostsFile }));
    await rt.start(id);
    expect((await rt.waitExit(id, { timeoutMs: 10_000 })).exitCode).toBe(0);
    expect(readLogFile(rt.files(id).log).map((e) => e.log)).toEqual(['from host\n', '127.0.0.1\tlocalhost\n', 'tail']);
    expect(readFileSync(join(vol, 'out.txt'), 'utf8')).toBe('made\n');
  }, T);

  it('a new RuntimeHandle (backend restart) sees the running container and later its exit code', async () => {
    const id = randomId();
    rt.create(id, spec('restart', ['sh', '-c', 'sleep 1; exit 42']));
    const { pid } = await rt.start(id);
    const again = new RuntimeHandle({ stateRoot: t.stateRoot });
    expect(await again.status(id)).toMatchObject({ state: 'running', pid });
    const exit = await again.waitExit(id, { timeoutMs: 10_000 });
    expect(exit.exitCode).toBe(42);
    expect(await new RuntimeHandle({ stateRoot: t.stateRoot }).status(id)).toMatchObject({ state: 'exited', exit: { exitCode: 42 } });
  }, T);

  it('a lost shim (kill -9) leaves the container running; gc removes processes, runc state, cgroups and mounts', async () => {
    const id = randomId();
    rt.create(id, spec('lost', ['sleep', '1000']));
    const { pid } = await rt.start(id);
    const shim = rt.shimRecord(id)!;
    process.kill(-shim.pid, 'SIGKILL'); // the shim's process group: shim + runc run
    await sleep(200);
    const st = await rt.status(id);
    expect(st).toMatchObject({ state: 'lost', pid });

    const report = await gc({ stateRoot: t.stateRoot });
    expect(report.leftovers).toEqual([]);
    expect(report.deletedRuncContainers).toContain(id);
    // Dead; a zombie until the host's init reaps it (runc run, its parent, was killed).
    expect([null, 'Z']).toContain(procState(pid!));
    expect(counts(t.stateRoot)).toEqual({ mounts: 0, cgroups: 0, processes: 0, runcState: 0 });
    // gc is idempotent.
    const second = await gc({ stateRoot: t.stateRoot });
    expect(second).toMatchObject({ killedShims: [], killedProcesses: [], deletedRuncContainers: [], unmounted: [], leftovers: [] });
  }, T);
});
