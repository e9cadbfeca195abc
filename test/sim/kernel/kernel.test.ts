import { describe, expect, it } from 'vitest';
import { run, runClock, sh, sim, start } from '../programs/helpers.ts';
import { SIGKILL, SIGTERM } from '../../../src/sim/kernel/types.ts';
import type { Process } from '../../../src/sim/kernel/types.ts';
import { DEFAULT_EPOCH_MS } from '../../../src/sim/clock.ts';

const T0 = DEFAULT_EPOCH_MS;
const LOOP = 'while true; do echo hello world; sleep 1; done';

/** Records each output chunk with the simulated time it appeared. */
function timeline(s: ReturnType<typeof sim>, p: Process): [number, string][] {
  const out: [number, string][] = [];
  p.onOutput((_st, d) => out.push([s.clock.now() - T0, d]));
  return out;
}

describe('programs on the virtual clock', () => {
  it('the tutorial loop prints one line per simulated second', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', LOOP]);
    const tl = timeline(s, r.init);
    runClock(s.clock, 4500);
    expect(tl).toEqual([
      [0, 'hello world\n'],
      [1000, 'hello world\n'],
      [2000, 'hello world\n'],
      [3000, 'hello world\n'],
      [4000, 'hello world\n'],
    ]);
    expect(r.status).toBeUndefined();
  });

  it('nothing runs until the clock steps; everything due now runs with runUntil(now)', () => {
    const s = sim();
    const r = start(s, ['echo', 'hi']);
    expect(r.stdout).toBe('');
    s.clock.runUntil(s.clock.now());
    expect(r.stdout).toBe('hi\n');
    expect(r.status).toBe(0);
    expect(s.clock.now()).toBe(T0);
  });

  it('PID 1 sh ignores SIGTERM without a trap; SIGKILL mid-sleep ends it at once with 137', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', LOOP]);
    runClock(s.clock, 1500);
    r.init.signal(SIGTERM);
    runClock(s.clock, 3000);
    expect(r.status).toBeUndefined();
    expect(r.stdout).toBe('hello world\n'.repeat(5));
    r.task.killAll();
    expect(r.status).toBe(137);
    expect(r.task.processes()).toEqual([]);
  });

  it("trap 'exit 5' TERM runs after the current sleep finishes", () => {
    const s = sim();
    const r = start(s, ['sh', '-c', "trap 'exit 5' TERM; while true; do sleep 1; done"]);
    let exitedAt = 0;
    r.init.onExit(() => (exitedAt = s.clock.now() - T0));
    runClock(s.clock, 1500);
    r.init.signal(SIGTERM);
    runClock(s.clock, 5000, () => r.status !== undefined);
    expect(r.status).toBe(5);
    expect(exitedAt).toBe(2000);
  });

  it('a trap handling TERM can exit 143 like the default action would', () => {
    const r0 = sim();
    const r = start(r0, ['sh', '-c', "trap 'exit 143' TERM; while true; do sleep 1; done"]);
    runClock(r0.clock, 300);
    r.init.signal(SIGTERM);
    runClock(r0.clock, 2000, () => r.status !== undefined);
    expect(r.status).toBe(143);
  });

  it('sh -c with one simple command execs it: `sleep` becomes PID 1 and ignores TERM', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'sleep 1000']);
    runClock(s.clock, 10);
    expect(r.task.processes().map((p) => [p.pid, p.command, p.comm])).toEqual([[1, 'sleep 1000', 'sleep']]);
    r.init.signal(SIGTERM);
    runClock(s.clock, 5000);
    expect(r.status).toBeUndefined();
    r.task.killAll();
    expect(r.status).toBe(137);
  });

  it('non-PID-1 processes take default actions: TERM kills (143), CHLD/WINCH/URG are ignored', () => {
    const s = sim();
    const r = start(s, ['sleep', '1000']);
    runClock(s.clock, 10);
    const e = r.task.exec({ argv: ['sleep', '500'], env: ['PATH=/bin'], cwd: '/', tty: false, openStdin: false });
    if ('kind' in e) throw new Error(e.message);
    let st: number | undefined;
    e.onExit((x) => (st = x));
    runClock(s.clock, 10);
    for (const sig of [17, 28, 23]) e.signal(sig);
    runClock(s.clock, 10);
    expect(st).toBeUndefined();
    e.signal(SIGTERM);
    expect(st).toBe(143);
    e.signal(SIGKILL);
    expect(st).toBe(143);
    expect(r.status).toBeUndefined();
  });

  it('when PID 1 exits every other process in the namespace is killed', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'sleep 1000 & sleep 2']);
    runClock(s.clock, 10);
    const e = r.task.exec({ argv: ['sleep', '500'], env: ['PATH=/bin'], cwd: '/', tty: false, openStdin: false });
    if ('kind' in e) throw new Error(e.message);
    let execStatus: number | undefined;
    e.onExit((x) => (execStatus = x));
    expect(r.task.processes().map((p) => p.command)).toEqual(['sleep 2', 'sleep 1000', 'sleep 500']);
    runClock(s.clock, 3000, () => r.status !== undefined);
    expect(r.status).toBe(0);
    expect(execStatus).toBe(137);
    expect(r.task.processes()).toEqual([]);
  });

  it('a busy loop runs in simulated time and can be killed', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'i=0; while true; do i=$((i+1)); done']);
    const wall = performance.now();
    runClock(s.clock, 10_000);
    expect(performance.now() - wall).toBeLessThan(2000);
    expect(r.status).toBeUndefined();
    r.init.signal(SIGKILL);
    expect(r.status).toBe(137);
  });

  it('a busy loop that prints produces output steadily', () => {
    const r = sh('i=0; while [ $i -lt 3000 ]; do echo $i; i=$((i+1)); done', { ms: 600_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').length).toBe(3001);
  });

  it('pipelines end when the reader goes away (SIGPIPE)', () => {
    const r = sh('yes | head -n 2; echo done');
    expect(r.stdout).toBe('y\ny\ndone\n');
    expect(r.status).toBe(0);
  });

  it('output written before anyone listens is kept for the first listener', () => {
    const s = sim();
    const t = s.kernel.startTask({ argv: ['echo', 'early'], env: ['PATH=/bin'], cwd: '/', tty: false, openStdin: false, hostname: 'h', fs: s.fs });
    if ('kind' in t) throw new Error(t.message);
    runClock(s.clock, 10);
    let got = '';
    t.init.onOutput((_s, d) => (got += d));
    let status = -1;
    t.init.onExit((x) => (status = x));
    expect(got).toBe('early\n');
    expect(status).toBe(0);
  });
});

describe('the freezer', () => {
  it('no output while frozen; a sleep that ended while frozen completes right after thaw', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', LOOP]);
    const tl = timeline(s, r.init);
    runClock(s.clock, 500);
    r.task.freeze();
    expect(r.task.frozen).toBe(true);
    runClock(s.clock, 3000);
    expect(tl.length).toBe(1);
    expect(r.task.processes().map((p) => p.stat)).toEqual(['D', 'D']);
    r.task.thaw();
    runClock(s.clock, 1500);
    expect(tl).toEqual([
      [0, 'hello world\n'],
      [3500, 'hello world\n'],
      [4500, 'hello world\n'],
    ]);
  });

  it('signals sent while frozen are delivered at thaw', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', "trap 'echo term; exit 7' TERM; while true; do sleep 1; done"]);
    runClock(s.clock, 500);
    r.task.freeze();
    r.init.signal(SIGTERM);
    runClock(s.clock, 2000);
    expect(r.status).toBeUndefined();
    expect(r.stdout).toBe('');
    r.task.thaw();
    runClock(s.clock, 100);
    expect(r.stdout).toBe('term\n');
    expect(r.status).toBe(7);
  });

  it('SIGKILL to a frozen process arrives at thaw; killAll kills at once (runc thaws)', () => {
    const s = sim();
    const r = start(s, ['sleep', '1000']);
    runClock(s.clock, 10);
    r.task.freeze();
    r.init.signal(SIGKILL);
    expect(r.status).toBeUndefined();
    r.task.thaw();
    expect(r.status).toBe(137);

    const s2 = sim();
    const r2 = start(s2, ['sleep', '1000']);
    runClock(s2.clock, 10);
    r2.task.freeze();
    r2.task.killAll();
    expect(r2.status).toBe(137);
    expect(r2.task.frozen).toBe(false);
  });
});

describe('runc exec resolution', () => {
  const fail = (argv: string[], env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']) => {
    const s = sim();
    const t = s.kernel.startTask({ argv, env, cwd: '/', tty: false, openStdin: false, hostname: 'h', fs: s.fs });
    return 'kind' in t ? t : undefined;
  };

  it('gives runc 1.1 texts for every failure', () => {
    expect(fail(['nosuchcmd'])).toEqual({ kind: 'not-found', message: 'exec: "nosuchcmd": executable file not found in $PATH' });
    expect(fail(['/nope'])).toEqual({ kind: 'not-found', message: 'exec: "/nope": stat /nope: no such file or directory' });
    expect(fail(['/etc/passwd'])).toEqual({ kind: 'permission-denied', message: 'exec: "/etc/passwd": permission denied' });
    expect(fail(['/tmp'])).toEqual({ kind: 'permission-denied', message: 'exec: "/tmp": permission denied' });
    expect(fail(['/etc/passwd/x'])).toEqual({ kind: 'not-directory', message: 'exec: "/etc/passwd/x": stat /etc/passwd/x: not a directory' });
    expect(fail(['sh'], [])).toEqual({ kind: 'not-found', message: 'exec: "sh": executable file not found in $PATH' });
    expect(fail(['echo'])).toBeUndefined();
  });

  it('runs the program named by the exe tag, following symlinks; the multi-call binary dispatches on argv[0]', () => {
    expect(run(['/bin/echo', 'via', 'symlink']).stdout).toBe('via symlink\n');
    expect(run(['busybox', 'echo', 'via', 'busybox']).stdout).toBe('via busybox\n');
    const r = run(['/bin/busybox']);
    expect(r.stdout.startsWith('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n')).toBe(true);
    const s = sim();
    s.fs.symlink('/bin/busybox', '/bin/nosuchapplet');
    const n = run(['nosuchapplet'], { sim: s });
    expect([n.stderr, n.status]).toEqual(['nosuchapplet: applet not found\n', 127]);
  });

  it('runs #! scripts; a file that is neither fails after start with runc\'s exec error', () => {
    const s = sim();
    s.fs.writeFile('/script', '#!/bin/sh\necho "script $0 $1"\n', { mode: 0o755 });
    s.fs.writeFile('/junk', 'just text\n', { mode: 0o755 });
    expect(run(['/script', 'arg'], { sim: s }).stdout).toBe('script /script arg\n');
    const j = run(['/junk'], { sim: s });
    expect([j.stderr, j.status]).toEqual(['exec /junk: exec format error\n', 1]);
  });

  it('resolves the user from /etc/passwd and creates a missing working directory', () => {
    expect(run(['id'], { user: 'nobody' }).stdout).toBe('uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n');
    expect(run(['id']).stdout).toBe('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
    const s = sim();
    const t = s.kernel.startTask({ argv: ['id'], env: [], cwd: '/', user: 'nosuch', tty: false, openStdin: false, hostname: 'h', fs: s.fs });
    expect(t).toEqual({ kind: 'other', message: 'unable to find user nosuch: no matching entries in passwd file' });
    expect(run(['pwd'], { cwd: '/new/dir' }).stdout).toBe('/new/dir\n');
  });
});

describe('PIDs', () => {
  it('docker exec processes get PIDs as runc leaves them (7 apart, 4 used by a failed exec)', () => {
    const s = sim();
    const r = start(s, ['sleep', '1000']);
    runClock(s.clock, 10);
    const spec = (argv: string[]) => ({ argv, env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root'], cwd: '/', tty: false, openStdin: false });
    const pids: number[] = [];
    const outs: string[] = [];
    const ex = (argv: string[]) => {
      const p = r.task.exec(spec(argv));
      if ('kind' in p) return;
      pids.push(p.pid);
      let o = '';
      p.onOutput((_st, d) => (o += d));
      p.onExit(() => outs.push(o));
      runClock(s.clock, 100);
    };
    // The exec.json fixture's sequence of `docker exec ex …` commands.
    ex(['echo', 'hello']);
    ex(['sh', '-c', 'echo out; echo err >&2; exit 4']);
    ex(['nosuchcmd']);
    ex(['/etc/passwd']);
    ex(['/tmp']);
    ex(['sh', '-c', 'nosuchcmd']);
    ex(['cat']);
    ex(['pwd']);
    ex(['sh', '-c', 'echo $FOO']);
    ex(['id']);
    ex(['id']);
    ex(['hostname']);
    ex(['ps']);
    ex(['ps']);
    expect(pids).toEqual([8, 15, 34, 41, 48, 55, 62, 69, 76, 83, 90]);
    expect(outs[9]).toBe('PID   USER     COMMAND\n    1 root     sleep 1000\n   83 root     ps\n');
    expect(outs[10]).toBe('PID   USER     COMMAND\n    1 root     sleep 1000\n   90 root     ps\n');
  });

  it('host PIDs come from one kernel-wide counter', () => {
    const s = sim();
    const a = start(s, ['sleep', '10']);
    const b = start(s, ['sleep', '10']);
    expect(a.init.pid).toBe(1);
    expect(b.init.pid).toBe(1);
    expect(b.init.hostPid).toBeGreaterThan(a.init.hostPid);
    expect(a.init.hostPid).toBeGreaterThanOrEqual(1000);
  });

  it('processes() lists PID 1, its children and exec\'d processes with ps-like commands', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'while true; do sleep 1; done']);
    runClock(s.clock, 10);
    const e = r.task.exec({ argv: ['sleep', '500'], env: ['PATH=/bin'], cwd: '/', tty: false, openStdin: false });
    if ('kind' in e) throw new Error();
    const ps = r.task.processes();
    expect(ps.map((p) => [p.pid, p.ppid, p.user, p.command, p.stat])).toEqual([
      [1, 0, 'root', 'sh -c while true; do sleep 1; done', 'S'],
      [2, 1, 'root', 'sleep 1', 'S'],
      [9, 0, 'root', 'sleep 500', 'R'],
    ]);
  });
});

describe('stdin and the TTY', () => {
  it('openStdin:false means EOF at once; openStdin:true feeds a pipe until closeStdin', () => {
    expect(run(['cat']).status).toBe(0);
    const s = sim();
    const r = start(s, ['cat'], { openStdin: true });
    runClock(s.clock, 100);
    r.init.writeStdin('one\n');
    runClock(s.clock, 100);
    expect(r.stdout).toBe('one\n');
    r.init.writeStdin('two\n');
    r.init.closeStdin();
    runClock(s.clock, 100);
    expect([r.stdout, r.status]).toEqual(['one\ntwo\n', 0]);
  });

  it('a TTY translates "\\n" to "\\r\\n" and merges stderr into stdout', () => {
    const r = sh('echo a; echo b >&2', { tty: true });
    expect([r.stdout, r.stderr]).toEqual(['a\r\nb\r\n', '']);
  });

  it('line discipline: echo, canonical lines, erase, ^D at line start is EOF', () => {
    const s = sim();
    const r = start(s, ['cat'], { tty: true, openStdin: true });
    runClock(s.clock, 10);
    r.init.writeStdin('ab\x7fc');
    runClock(s.clock, 10);
    expect(r.out).toBe('ab\b \bc');
    r.init.writeStdin('\r');
    runClock(s.clock, 10);
    expect(r.out).toBe('ab\b \bc\r\nac\r\n');
    r.init.writeStdin('\x04');
    runClock(s.clock, 10);
    expect(r.status).toBe(0);
  });

  it('^C sends SIGINT to the foreground process (PID 1 ignores it, a child dies)', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'sleep 100; echo survived $?'], { tty: true, openStdin: true });
    runClock(s.clock, 10);
    r.init.writeStdin('\x03');
    runClock(s.clock, 10);
    expect(r.out).toBe('^Csurvived 130\r\n');
    expect(r.status).toBe(0);
    const r2 = start(sim(), ['sleep', '100'], { tty: true, openStdin: true });
    r2.init.writeStdin('\x03');
    expect(r2.status).toBeUndefined();
  });

  it('closing a TTY hangs up: the interactive shell reads EOF and exits', () => {
    const s = sim();
    const r = start(s, ['sh'], { tty: true, openStdin: true });
    runClock(s.clock, 10);
    r.init.closeStdin();
    runClock(s.clock, 10);
    expect(r.status).toBe(0);
  });

  it('resize sends SIGWINCH, which changes nothing by default', () => {
    const s = sim();
    const r = start(s, ['sh'], { tty: true, openStdin: true });
    runClock(s.clock, 10);
    r.init.resize?.(100, 40);
    r.init.writeStdin('ls /\n');
    runClock(s.clock, 10);
    expect(r.out).toContain('bin   dev   etc   home  proc  root  sys   tmp   usr   var');
    expect(r.status).toBeUndefined();
  });
});

describe('uname and the kernel configuration', () => {
  it('reports the configured kernel release', () => {
    expect(sh('uname -r; uname -a').stdout).toBe('6.1.0\nLinux c0ffee123456 6.1.0 #1 SMP PREEMPT_DYNAMIC Debian 6.1.0-1 (2023-01-07) x86_64 GNU/Linux\n');
  });
});

describe("runc's mounts: /dev, /proc, /sys", () => {
  const d = 'Jun  1 09:00';
  it('/dev is a tmpfs with the default devices (as a real container lists it)', () => {
    expect(sh('ls -l /dev').stdout).toBe(
      [
        'total 0',
        `lrwxrwxrwx    1 root     root            13 ${d} fd -> /proc/self/fd`,
        `crw-rw-rw-    1 root     root        1,   7 ${d} full`,
        `drwxrwxrwt    2 root     root            40 ${d} mqueue`,
        `crw-rw-rw-    1 root     root        1,   3 ${d} null`,
        `lrwxrwxrwx    1 root     root             8 ${d} ptmx -> pts/ptmx`,
        `drwxr-xr-x    2 root     root             0 ${d} pts`,
        `crw-rw-rw-    1 root     root        1,   8 ${d} random`,
        `drwxrwxrwt    2 root     root            40 ${d} shm`,
        `lrwxrwxrwx    1 root     root            15 ${d} stderr -> /proc/self/fd/2`,
        `lrwxrwxrwx    1 root     root            15 ${d} stdin -> /proc/self/fd/0`,
        `lrwxrwxrwx    1 root     root            15 ${d} stdout -> /proc/self/fd/1`,
        `crw-rw-rw-    1 root     root        5,   0 ${d} tty`,
        `crw-rw-rw-    1 root     root        1,   9 ${d} urandom`,
        `crw-rw-rw-    1 root     root        1,   5 ${d} zero`,
        '',
      ].join('\n'),
    );
    expect(sh('ls -ld /dev /dev/pts /dev/shm /dev/mqueue /proc /sys | cut -c1-46').stdout).toBe(
      [
        'drwxr-xr-x    5 root     root           320 /dev',
        'drwxrwxrwt    2 root     root            40 /dev/mqueue',
        'drwxr-xr-x    2 root     root             0 /dev/pts',
        'drwxrwxrwt    2 root     root            40 /dev/shm',
        'dr-xr-xr-x  103 root     root             0 /proc',
        'dr-xr-xr-x   12 root     root             0 /sys',
        '',
      ].map((l) => l.replace(/ (\/\S*)$/, ` ${d} $1`).slice(0, 46)).join('\n'),
    );
  });

  it('with a TTY: /dev/console and /dev/pts/0', () => {
    const r = sh('ls -l /dev/console /dev/pts; tty', { tty: true });
    expect(r.stdout).toBe(
      `crw--w----    1 root     tty       136,   0 ${d} /dev/console\r\n\r\n/dev/pts:\r\ntotal 0\r\n` +
        `crw--w----    1 root     tty       136,   0 ${d} 0\r\ncrw-rw-rw-    1 root     root        5,   2 ${d} ptmx\r\n/dev/pts/0\r\n`,
    );
  });

  it('/proc has a directory per process, self, and the usual files', () => {
    const r = sh('ls /proc | tr "\\n" " "; cat /proc/1/cmdline | tr "\\0" "|"; echo; ls -l /proc/self | cut -c58-; cat /proc/self/comm; cat /proc/mounts | head -2');
    expect(r.stdout).toBe(
      '1 2 3 acpi buddyinfo bus cgroups cmdline config.gz consoles cpuinfo crypto devices diskstats dma driver execdomains filesystems fs ' +
        'interrupts iomem ioports irq kallsyms key-users keys kmsg kpagecgroup kpagecount kpageflags loadavg locks meminfo misc mounts mtrr ' +
        'net pagetypeinfo partitions pressure self slabinfo softirqs stat swaps sys sysvipc thread-self timer_list tty uptime version vmallocinfo vmstat zoneinfo ' +
        'sh|-c|ls /proc | tr "\\n" " "; cat /proc/1/cmdline | tr "\\0" "|"; echo; ls -l /proc/self | cut -c58-; cat /proc/self/comm; cat /proc/mounts | head -2|\n' +
        '/proc/self -> 6\ncat\n' +
        'overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/SIMLOWER,upperdir=/var/lib/docker/overlay2/sim/diff,workdir=/var/lib/docker/overlay2/sim/work 0 0\n' +
        'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n',
    );
    expect(sh('cat /proc/1/status | head -7; ls -l /proc/1/exe /proc/1/cwd | cut -c58-').stdout).toBe(
      'Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t1\nNgid:\t0\nPid:\t1\nPPid:\t0\n/proc/1/cwd -> /\n/proc/1/exe -> /bin/busybox\n',
    );
  });

  it('/sys is a read-only sysfs', () => {
    expect(sh('ls /sys | tr "\\n" " "; touch /sys/x').stdout).toBe('block bus class dev devices firmware fs kernel module power ');
  });
});
