/**
 * The runtime's pure parts, on any machine (no root, no runc): cgroup layout detection from
 * fake /proc files, limit files written into fake cgroup dirs, the OCI config, user
 * resolution, json-file log lines, layer whiteout names, runc argument helpers.
 */
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig, DOCKER_DEFAULT_CAPS, resolveUser } from '../../../src/native/runtime/bundle.ts';
import {
  applyLimits,
  checkLimits,
  detectCgroupLayout,
  runcCgroupsPath,
  type CgroupLayout,
} from '../../../src/native/runtime/cgroups.ts';
import { formatLogLine, LogWriter, readLogFile } from '../../../src/native/runtime/logs.ts';
import { classifyLayerPath } from '../../../src/native/runtime/overlay.ts';
import { cgroupSubtreeName, containerFiles, runtimePaths } from '../../../src/native/runtime/paths.ts';
import { readMountInfo, rfc3339Nano, type MountInfo } from '../../../src/native/runtime/proc.ts';
import { isRuncErrorEcho, runcMessage, shellQuote, signalArg, startErrorExitCode } from '../../../src/native/runtime/runc.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cc-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function mount(mountPoint: string, fsType: string, superOptions: string, root = '/'): MountInfo {
  return { id: 1, parent: 0, root, mountPoint, options: 'rw', fsType, source: fsType, superOptions };
}

describe('cgroup layout detection', () => {
  const v1Mounts = [
    mount('/sys/fs/cgroup/cpu,cpuacct', 'cgroup', 'rw,cpu,cpuacct'),
    mount('/sys/fs/cgroup/memory', 'cgroup', 'rw,memory'),
    mount('/sys/fs/cgroup/pids', 'cgroup', 'rw,pids'),
    mount('/sys/fs/cgroup/freezer', 'cgroup', 'rw,freezer'),
    mount('/sys/fs/cgroup/systemd', 'cgroup', 'rw,xattr,name=systemd'),
    mount('/sys/fs/cgroup/unified', 'cgroup2', 'rw'),
  ];
  const selfV1 = '12:pids:/a\n11:memory:/process_api/x\n10:cpu,cpuacct:/\n9:freezer:/\n1:name=systemd:/s\n0::/u\n';

  it('v1 (hybrid): each controller with our own path; runc gets a relative cgroupsPath', () => {
    const l = detectCgroupLayout({ subtree: 'classroom', procSelfCgroup: selfV1, mountInfo: v1Mounts, unifiedAtRoot: false });
    expect(l.version).toBe(1);
    expect(l.runcMode).toBe('hybrid');
    expect(l.v1.memory?.ownDir).toBe('/sys/fs/cgroup/memory/process_api/x');
    expect(l.v1.cpu?.ownDir).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(l.v1.pids?.ownDir).toBe('/sys/fs/cgroup/pids/a');
    expect(l.v1.freezer?.ownDir).toBe('/sys/fs/cgroup/freezer');
    expect(l.hierarchies.map((h) => h.ownDir)).toContain('/sys/fs/cgroup/unified/u');
    expect(l.hierarchies.map((h) => h.ownDir)).toContain('/sys/fs/cgroup/systemd/s');
    expect(l.limitControllers).toEqual(['memory', 'cpu', 'pids']);
    expect(l.problems).toEqual([]);
    expect(runcCgroupsPath(l, 'abc')).toBe('classroom/ctr-abc');
  });

  it('v1 without freezer is fatal; without pids a --pids-limit is refused with the fix', () => {
    const noFreezer = detectCgroupLayout({ subtree: 's', procSelfCgroup: selfV1, mountInfo: v1Mounts.filter((m) => !m.superOptions.includes('freezer')), unifiedAtRoot: false });
    expect(noFreezer.fatal).toMatch(/freezer.*mount -t cgroup -o freezer/);
    const noPids = detectCgroupLayout({ subtree: 's', procSelfCgroup: selfV1, mountInfo: v1Mounts.filter((m) => !m.superOptions.includes('pids')), unifiedAtRoot: false });
    expect(noPids.limitControllers).toEqual(['memory', 'cpu']);
    expect(() => checkLimits(noPids, { pidsLimit: 10 })).toThrow(/--pids-limit.*mount -t cgroup -o pids/);
    expect(() => checkLimits(noPids, { memoryBytes: 1 << 20 })).not.toThrow();
  });

  it('v1 under a cgroup namespace: the mount root is stripped from our path', () => {
    const l = detectCgroupLayout({
      subtree: 's',
      procSelfCgroup: '4:memory:/docker/abc/inner\n3:freezer:/docker/abc\n2:cpu:/docker/abc\n1:pids:/docker/abc\n',
      mountInfo: [
        mount('/sys/fs/cgroup/memory', 'cgroup', 'rw,memory', '/docker/abc'),
        mount('/sys/fs/cgroup/freezer', 'cgroup', 'rw,freezer', '/docker/abc'),
        mount('/sys/fs/cgroup/cpu', 'cgroup', 'rw,cpu', '/docker/abc'),
        mount('/sys/fs/cgroup/pids', 'cgroup', 'rw,pids', '/docker/abc'),
      ],
      unifiedAtRoot: false,
    });
    expect(l.runcMode).toBe('legacy');
    expect(l.v1.memory?.ownDir).toBe('/sys/fs/cgroup/memory/inner');
    expect(l.v1.freezer?.ownDir).toBe('/sys/fs/cgroup/freezer');
  });

  function fakeV2(ownPath: string, controllers: string, subtreeControl: string): CgroupLayout {
    const root = mkdtempSync(join(tmp, 'v2-'));
    const own = join(root, ownPath);
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, 'cgroup.controllers'), controllers + '\n');
    writeFileSync(join(own, 'cgroup.subtree_control'), subtreeControl + '\n');
    return detectCgroupLayout({ subtree: 'classroom', procSelfCgroup: `0::${ownPath}\n`, mountInfo: [mount(root, 'cgroup2', 'rw')], unifiedAtRoot: true });
  }

  it('v2 at the root of the hierarchy (a container): all controllers usable; absolute cgroupsPath', () => {
    const l = fakeV2('/', 'cpuset cpu io memory pids', '');
    expect(l.version).toBe(2);
    expect(l.runcMode).toBe('unified');
    expect(l.limitControllers).toEqual(['memory', 'cpu', 'pids']);
    expect(runcCgroupsPath(l, 'abc')).toBe('/classroom/ctr-abc');
  });

  it('v2 in a cgroup with processes (a login session): limits refused with a one-line reason', () => {
    const l = fakeV2('/user.slice/user-0.slice/session-1.scope', 'cpu memory pids', '');
    expect(l.limitControllers).toEqual([]);
    expect(l.problems).toHaveLength(3);
    expect(l.problems[0]).toMatch(/^cgroup v2: our cgroup \/user\.slice.* holds processes.*--memory cannot be applied/);
    expect(runcCgroupsPath(l, 'abc')).toBe('/user.slice/user-0.slice/session-1.scope/classroom/ctr-abc');
    expect(() => checkLimits(l, { memoryBytes: 1 << 20 })).toThrow(/--memory/);
    expect(() => checkLimits(l, {})).not.toThrow();
  });

  it('v2 with delegated controllers: usable', () => {
    const l = fakeV2('/delegated', 'cpu memory pids', 'memory pids');
    expect(l.limitControllers).toEqual(['memory', 'pids']);
    expect(l.problems).toHaveLength(1);
    expect(l.problems[0]).toMatch(/cpu/);
  });

  it.skipIf(process.platform !== 'linux')('reads this machine without throwing', () => {
    const l = detectCgroupLayout({ subtree: 'probe' });
    expect([1, 2]).toContain(l.version);
  });
});

describe('limit files', () => {
  it('v1: memory (+memsw 2×), cfs quota/period, shares, pids.max', () => {
    const base = mkdtempSync(join(tmp, 'v1-'));
    const h = (c: string) => ({ version: 1 as const, controllers: [c], mountPoint: join(base, c), ownPath: '/', ownDir: join(base, c) });
    const layout: CgroupLayout = {
      version: 1,
      runcMode: 'legacy',
      subtree: 'classroom',
      hierarchies: [],
      v1: { memory: h('memory'), cpu: h('cpu'), pids: h('pids'), freezer: h('freezer') },
      limitControllers: ['memory', 'cpu', 'pids'],
      problems: [],
    };
    for (const c of ['memory', 'cpu', 'pids']) mkdirSync(join(base, c, 'classroom', 'ctr-x'), { recursive: true });
    writeFileSync(join(base, 'memory/classroom/ctr-x/memory.memsw.limit_in_bytes'), '');
    applyLimits(layout, 'x', { memoryBytes: 100 << 20, nanoCpus: 1_500_000_000, cpuShares: 512, pidsLimit: 7 });
    const r = (f: string) => readFileSync(join(base, f), 'utf8');
    expect(r('memory/classroom/ctr-x/memory.limit_in_bytes')).toBe(String(100 << 20));
    expect(r('memory/classroom/ctr-x/memory.memsw.limit_in_bytes')).toBe(String(200 << 20));
    expect(r('cpu/classroom/ctr-x/cpu.cfs_quota_us')).toBe('150000');
    expect(r('cpu/classroom/ctr-x/cpu.cfs_period_us')).toBe('100000');
    expect(r('cpu/classroom/ctr-x/cpu.shares')).toBe('512');
    expect(r('pids/classroom/ctr-x/pids.max')).toBe('7');
  });

  it('v2: memory.max (+swap.max), cpu.max, cpu.weight converted from shares, pids.max', () => {
    const base = mkdtempSync(join(tmp, 'v2l-'));
    const layout: CgroupLayout = {
      version: 2,
      runcMode: 'unified',
      subtree: 'classroom',
      hierarchies: [],
      v1: {},
      v2: { version: 2, controllers: [], mountPoint: base, ownPath: '/', ownDir: base },
      limitControllers: ['memory', 'cpu', 'pids'],
      problems: [],
    };
    const leaf = join(base, 'classroom', 'ctr-y');
    mkdirSync(leaf, { recursive: true });
    writeFileSync(join(leaf, 'memory.swap.max'), '');
    applyLimits(layout, 'y', { memoryBytes: 64 << 20, nanoCpus: 500_000_000, cpuShares: 1024, pidsLimit: 20 });
    const r = (f: string) => readFileSync(join(leaf, f), 'utf8');
    expect(r('memory.max')).toBe(String(64 << 20));
    expect(r('memory.swap.max')).toBe(String(64 << 20));
    expect(r('cpu.max')).toBe('50000 100000');
    expect(r('cpu.weight')).toBe('39'); // runc: 1 + (1024-2)*9999/262142
    expect(r('pids.max')).toBe('20');
  });
});

describe('OCI config', () => {
  const base = {
    id: '0123456789abcdef0123',
    rootfs: '/r/merged',
    args: ['sh'],
    env: ['PATH=/bin'],
    cgroupsPath: 'classroom/ctr-0123',
  };

  it('Docker-shaped defaults', () => {
    const c = buildConfig({ ...base, hostsFile: '/s/hosts', hostnameFile: '/s/hostname', resolvConfFile: '/s/resolv.conf', binds: [{ source: '/v/b', destination: '/data/sub' }, { source: '/v/a', destination: '/data', readonly: true }] });
    expect(c.hostname).toBe('0123456789ab');
    expect(c.root).toEqual({ path: '/r/merged', readonly: false });
    expect(c.process.terminal).toBe(false);
    expect(c.process.cwd).toBe('/');
    expect(c.process.user).toEqual({ uid: 0, gid: 0 });
    expect(c.process.capabilities?.bounding).toEqual(DOCKER_DEFAULT_CAPS);
    expect(c.process.capabilities?.bounding).toHaveLength(14);
    expect(c.process.rlimits).toEqual([{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }]);
    expect(c.linux.namespaces.map((n) => n.type)).toEqual(['pid', 'ipc', 'uts', 'mount', 'network']);
    expect(c.linux.cgroupsPath).toBe('classroom/ctr-0123');
    expect(c.linux.maskedPaths).toContain('/proc/kcore');
    expect(c.linux.readonlyPaths).toContain('/proc/sys');
    expect(c.mounts.map((m) => m.destination)).toEqual([
      '/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm',
      '/etc/resolv.conf', '/etc/hostname', '/etc/hosts', '/data', '/data/sub',
    ]);
    expect(c.mounts.find((m) => m.destination === '/data')?.options).toEqual(['rbind', 'rprivate', 'ro']);
    expect(c.mounts.find((m) => m.destination === '/sys')?.options).toContain('ro');
  });

  it('tty, user, cgroup namespace, host network, joined network', () => {
    const c = buildConfig({ ...base, tty: true, user: { uid: 1000, gid: 1000 }, cgroupNamespace: true, network: 'host', cwd: '/work' });
    expect(c.process.terminal).toBe(true);
    expect(c.process.cwd).toBe('/work');
    expect(c.process.capabilities?.effective).toEqual([]);
    expect(c.linux.namespaces.map((n) => n.type)).toEqual(['pid', 'ipc', 'uts', 'mount', 'cgroup']);
    const j = buildConfig({ ...base, network: { path: '/proc/1/ns/net' } });
    expect(j.linux.namespaces.find((n) => n.type === 'network')).toEqual({ type: 'network', path: '/proc/1/ns/net' });
  });
});

describe('resolveUser', () => {
  const rootfs = join(tmp, 'rootfs');
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/bin/false\n');
  writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\nwheel:x:10:root\nwww-data:x:33:\nweb:x:50:www-data,root\n');

  it('resolves names and numbers like Docker', () => {
    expect(resolveUser(rootfs, '')).toEqual({ uid: 0, gid: 0, additionalGids: [10, 50], home: '/root' });
    expect(resolveUser(rootfs, 'www-data')).toEqual({ uid: 33, gid: 33, additionalGids: [50], home: '/var/www' });
    expect(resolveUser(rootfs, '1234')).toEqual({ uid: 1234, gid: 0, additionalGids: [], home: '/' });
    expect(resolveUser(rootfs, '33:web')).toMatchObject({ uid: 33, gid: 50, additionalGids: [] });
    expect(resolveUser(rootfs, '0:7')).toMatchObject({ uid: 0, gid: 7 });
    expect(() => resolveUser(rootfs, 'nobody')).toThrow('unable to find user nobody: no matching entries in passwd file');
    expect(() => resolveUser(rootfs, 'root:nogroup')).toThrow('unable to find group nogroup: no matching entries in group file');
  });
});

describe('json-file logs', () => {
  it('formats like Docker (Go escaping of <, >, &)', () => {
    expect(formatLogLine('a<b>&"c"\n', 'stdout', '2024-01-02T03:04:05.5Z')).toBe(
      '{"log":"a\\u003cb\\u003e\\u0026\\"c\\"\\n","stream":"stdout","time":"2024-01-02T03:04:05.5Z"}\n',
    );
  });

  it('RFC3339Nano trims trailing zeros', () => {
    expect(rfc3339Nano(Date.UTC(2024, 0, 2, 3, 4, 5, 120), 0)).toBe('2024-01-02T03:04:05.12Z');
    expect(rfc3339Nano(Date.UTC(2024, 0, 2, 3, 4, 5, 0), 0)).toBe('2024-01-02T03:04:05Z');
    expect(rfc3339Nano(Date.UTC(2024, 0, 2, 3, 4, 5, 1), 2345)).toBe('2024-01-02T03:04:05.001002345Z');
  });

  it('splits chunks into lines, 16 KiB pieces, and a final piece without newline', () => {
    const file = join(tmp, 'x-json.log');
    writeFileSync(file, '');
    const fd = openSync(file, 'a');
    const w = new LogWriter(fd, 'stderr');
    w.write(Buffer.from('one\ntw'));
    w.write(Buffer.from('o\n' + 'z'.repeat(16 * 1024 + 5) + '\nend'));
    w.end();
    const e = readLogFile(file);
    expect(e.map((x) => x.log.length)).toEqual([4, 4, 16384, 6, 3]);
    expect(e[0]).toMatchObject({ log: 'one\n', stream: 'stderr' });
    expect(e[4]?.log).toBe('end');
  });
});

describe('helpers', () => {
  it('layer whiteout names', () => {
    expect(classifyLayerPath('etc/.wh.passwd')).toEqual({ action: 'whiteout', target: 'etc/passwd' });
    expect(classifyLayerPath('./.wh.top')).toEqual({ action: 'whiteout', target: 'top' });
    expect(classifyLayerPath('var/lib/.wh..wh..opq')).toEqual({ action: 'opaque', dir: 'var/lib' });
    expect(classifyLayerPath('bin/sh')).toEqual({ action: 'file' });
  });

  it('runc helpers', () => {
    expect(signalArg('term')).toBe('SIGTERM');
    expect(signalArg('SIGKILL')).toBe('SIGKILL');
    expect(signalArg(9)).toBe('9');
    expect(startErrorExitCode('exec: "x": executable file not found in $PATH')).toBe(127);
    expect(startErrorExitCode('exec: "/etc": permission denied')).toBe(126);
    expect(startErrorExitCode('mount failed')).toBe(128);
    expect(shellQuote(['runc', '--root', '/a b', "it's"])).toBe(`runc --root '/a b' 'it'\\''s'`);
    expect(runcMessage('time="x" level=error msg="exec failed: \\"nope\\" not found"\n')).toBe('exec failed: "nope" not found');
    const err = 'runc run failed: unable to start container process: exec: "nope": executable file not found in $PATH';
    expect(isRuncErrorEcho(err + '\n', err)).toBe(true);
    expect(isRuncErrorEcho(err + '\r\n', err)).toBe(true);
    expect(isRuncErrorEcho('hello\n', err)).toBe(false);
  });

  it('paths: the cgroup sub-tree is named after the state root', () => {
    expect(cgroupSubtreeName('/var/lib/container-classroom')).toBe('classroom');
    expect(cgroupSubtreeName('/tmp/x')).toMatch(/^classroom-[0-9a-f]{10}$/);
    expect(cgroupSubtreeName('/tmp/x')).not.toBe(cgroupSubtreeName('/tmp/y'));
    const p = runtimePaths('/tmp/x/');
    expect(p.runcRoot).toBe('/tmp/x/runtime/runc');
    expect(containerFiles(p, 'abc').log).toBe('/tmp/x/runtime/containers/abc/abc-json.log');
    expect(() => containerFiles(p, '../etc')).toThrow(/invalid container id/);
  });

  it('parses mountinfo (escaped spaces)', () => {
    const f = join(tmp, 'mountinfo');
    writeFileSync(f, '36 35 98:0 /mnt1 /mnt/a\\040b rw,noatime master:1 - overlay overlay rw,lowerdir=/l\n');
    expect(readMountInfo(f)).toEqual([
      { id: 36, parent: 35, root: '/mnt1', mountPoint: '/mnt/a b', options: 'rw,noatime', fsType: 'overlay', source: 'overlay', superOptions: 'rw,lowerdir=/l' },
    ]);
  });
});
