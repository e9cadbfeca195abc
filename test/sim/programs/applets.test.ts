/** Applets whose real behaviour depends on the container set-up (network, terminal), checked against outputs seen in the real engine. */
import { describe, expect, it } from 'vitest';
import { runClock, sh, sim, start } from './helpers.ts';

describe('network applets (containers have only loopback, as dockerd --bridge=none gives them)', () => {
  it('ping answers on 127.0.0.1 once a simulated second, and fails elsewhere like busybox', () => {
    const s = sim();
    const r = start(s, ['ping', '-c', '3', '127.0.0.1']);
    runClock(s.clock, 1500);
    expect(r.stdout).toBe('PING 127.0.0.1 (127.0.0.1): 56 data bytes\n64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.040 ms\n64 bytes from 127.0.0.1: seq=1 ttl=64 time=0.060 ms\n');
    runClock(s.clock, 1000);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\n--- 127.0.0.1 ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss\nround-trip min\/avg\/max = [0-9.]+\/[0-9.]+\/[0-9.]+ ms\n$/);
    const u = sh('ping -c 1 8.8.8.8; echo rc=$?; ping -c 1 google.com; echo rc=$?');
    expect(u.stdout).toBe('PING 8.8.8.8 (8.8.8.8): 56 data bytes\nrc=1\nrc=1\n');
    expect(u.stderr).toBe("ping: sendto: Network is unreachable\nping: bad address 'google.com'\n");
  });

  it('ping prints its statistics on ^C', () => {
    const s = sim();
    const r = start(s, ['sh', '-c', 'ping 127.0.0.1; echo rc=$?'], { tty: true, openStdin: true });
    runClock(s.clock, 1500);
    r.init.writeStdin('\x03');
    runClock(s.clock, 100);
    expect(r.out).toContain('^C\r\n--- 127.0.0.1 ping statistics ---\r\n2 packets transmitted, 2 packets received, 0% packet loss\r\n');
    expect(r.out).toMatch(/rc=0\r\n$/);
  });

  it('wget cannot resolve or connect', () => {
    const r = sh('wget http://example.com/; wget -q http://127.0.0.1:8080/x; echo $?');
    expect(r.stderr).toBe("wget: bad address 'example.com'\nwget: can't connect to remote host (127.0.0.1): Connection refused\n");
    expect(r.stdout).toBe('1\n');
  });
});

describe('top', () => {
  it('redraws every 5 s and, even as PID 1, exits 143 on SIGTERM (it catches it)', () => {
    const s = sim();
    const r = start(s, ['top']);
    runClock(s.clock, 4000);
    expect(r.stdout.split('\x1b[H\x1b[J').length).toBe(2);
    runClock(s.clock, 2000);
    expect(r.stdout.split('\x1b[H\x1b[J').length).toBe(3);
    expect(r.stdout).toContain('\x1b[7m  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\x1b[m\n    1     0 root     R     2268   0%   0% top\r');
    r.init.signal(15);
    runClock(s.clock, 10);
    expect(r.status).toBe(143);
  });

  it('top -b -n 1 prints one batch snapshot', () => {
    expect(sh('top -b -n 1 | tail -n +4').stdout).toBe(
      '  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\n    1     0 root     S     2268   0%   0% sh -c top -b -n 1 | tail -n +4\n    2     1 root     R     2268   0%   0% top -b -n 1\n    3     1 root     R     2268   0%   0% tail -n +4\n\n',
    );
  });
});

describe('terminal-dependent output', () => {
  it('ls lays names out in columns for the terminal width', () => {
    const r = sh('ls /bin | head -0; ls /etc /', { tty: true });
    expect(r.stdout).toBe('/:\r\nbin   dev   etc   home  proc  root  sys   tmp   usr   var\r\n\r\n/etc:\r\ngroup   passwd\r\n');
  });

  it('ps cuts lines at the terminal width', () => {
    const r = sh('ps; : ' + 'x'.repeat(100), { tty: true });
    const lines = r.stdout.split('\r\n').filter(Boolean);
    expect(lines[1]!.length).toBe(79);
  });
});
