import { describe, expect, it } from 'vitest';
import { normalizeTranscript, type NormalizableStep } from '../../src/runner/normalize.ts';
import type { ContainerSnapshot } from '../../src/runner/transcript.ts';

const A = 'a1b2c3d4e5f6' + '0'.repeat(52);
const B = 'ffeeddccbbaa' + '1'.repeat(52);
const IMG = '0123456789ab' + 'c'.repeat(52);

function snap(over: Partial<ContainerSnapshot>): ContainerSnapshot {
  return {
    name: 'x', id: A, image: 'busybox', status: 'created', running: false, paused: false,
    restarting: false, exitCode: 0, restartCount: 0, error: '', pid: 0, ...over,
  };
}
function step(command: string, stdout = '', stderr = '', exitCode = 0, containers?: ContainerSnapshot[]): NormalizableStep {
  return containers ? { command, stdout, stderr, exitCode, containers } : { command, stdout, stderr, exitCode };
}

describe('normalizeTranscript', () => {
  it('numbers IDs by first appearance, keeps sha256: and maps short IDs', () => {
    const out = normalizeTranscript([
      step('docker create --name web busybox', `${B}\n`, '', 0, [snap({ name: 'web', id: B })]),
      step('docker create --name db busybox', `${A}\n`, '', 0, [snap({ name: 'db', id: A }), snap({ name: 'web', id: B })]),
      step('docker ps -aq', `${A.slice(0, 12)}\n${B.slice(0, 12)}\n`),
      step('docker images -q', `${IMG.slice(0, 12)}\n`),
      step('docker rmi x', `Deleted: sha256:${IMG}\n`),
    ]);
    expect(out.map((s) => s.stdout)).toEqual([
      '<ID1>\n', '<ID2>\n', '<ID2:12>\n<ID1:12>\n', '<ID3:12>\n', 'Deleted: sha256:<ID3>\n',
    ]);
    expect(out[1]?.containers?.map((c) => c.id)).toEqual(['<ID2>', '<ID1>']);
    expect(out[1]?.containers?.map((c) => c.name)).toEqual(['db', 'web']);
  });

  it('leaves all-digit 12-char numbers and longer hex alone', () => {
    const out = normalizeTranscript([step('docker x', '123456789012 ' + 'a'.repeat(13) + ' ' + 'b'.repeat(65))]);
    expect(out[0]?.stdout).toBe('123456789012 ' + 'a'.repeat(13) + ' ' + 'b'.repeat(65));
  });

  it('replaces generated names but not typed ones', () => {
    const out = normalizeTranscript([
      step('docker run -d busybox sleep 100', `${A}\n`, '', 0, [snap({ name: 'focused_turing', id: A })]),
      step('docker run -d --name=web busybox', `${B}\n`, '', 0, [snap({ name: 'web', id: B }), snap({ name: 'focused_turing', id: A })]),
      step('docker rename web web2', '', '', 0, [snap({ name: 'web2', id: B }), snap({ name: 'focused_turing', id: A })]),
      step("docker ps --format '{{.Names}}'", 'web2\nfocused_turing\n'),
      step('docker start x', '', 'Error: failed to start containers: focused_turing.\n'),
      step('docker inspect -f {{.Name}} x', '/focused_turing\n'),
    ]);
    expect(out[3]?.stdout).toBe('web2\n<NAME1>\n');
    expect(out[4]?.stderr).toBe('Error: failed to start containers: <NAME1>.\n');
    expect(out[5]?.stdout).toBe('/<NAME1>\n');
    expect(out[2]?.containers?.map((c) => c.name)).toEqual(['web2', '<NAME1>']);
  });

  it('replaces times and durations but keeps the zero time and "ago"', () => {
    const out = normalizeTranscript([
      step(
        'docker ps -a',
        [
          'CONTAINER ID   IMAGE     COMMAND   CREATED          STATUS                      PORTS     NAMES',
          `${A.slice(0, 12)}   busybox   "sh"      3 seconds ago    Up Less than a second                 web`,
          `${B.slice(0, 12)}   busybox   "sh"      About a minute ago   Exited (0) 2 hours ago             db`,
          '',
        ].join('\n'),
      ),
      step(
        "docker inspect -f '{{json .State}}' web",
        '{"Status":"running","Pid":4242,"StartedAt":"2026-11-22T07:45:01.123456789Z","FinishedAt":"0001-01-01T00:00:00Z"}\n',
      ),
      step('docker logs -t web', '2026-11-22T07:45:01.000000001Z hello\n'),
      step("docker ps --format '{{.CreatedAt}}|{{.RunningFor}}'", '2026-11-22 07:45:01 +0000 UTC|About an hour ago\n'),
      step('docker logs --help', '  -s, --since  e.g. 2013-01-02T13:23:37Z or 42m for 42 minutes\n'),
    ]);
    expect(out[0]?.stdout).toBe(
      [
        'CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES',
        '<ID1:12>\tbusybox\t"sh"\t<DURATION> ago\tUp <DURATION>\tweb',
        '<ID2:12>\tbusybox\t"sh"\t<DURATION> ago\tExited (0) <DURATION> ago\tdb',
        '',
      ].join('\n'),
    );
    expect(out[1]?.stdout).toBe('{"Status":"running","Pid":<PID>,"StartedAt":"<TIME>","FinishedAt":"0001-01-01T00:00:00Z"}\n');
    expect(out[2]?.stdout).toBe('<TIME> hello\n');
    expect(out[3]?.stdout).toBe('<TIME>|<DURATION> ago\n');
    expect(out[4]?.stdout).toBe('  -s, --since  e.g. 2013-01-02T13:23:37Z or 42m for 42 minutes\n');
  });

  it.each([
    ['1 second'], ['59 seconds'], ['About a minute'], ['2 minutes'], ['About an hour'], ['3 hours'], ['2 days'], ['3 weeks'], ['4 months'], ['2 years'],
  ])('recognises the duration %s', (d) => {
    expect(normalizeTranscript([step("docker ps --format '{{.Status}}'", `Up ${d}\n`)])[0]?.stdout).toBe('Up <DURATION>\n');
  });

  it('drops host artefact lines from stderr only', () => {
    const stderr = [
      'WARNING: IPv4 forwarding is disabled. Networking will not work.',
      'docker: Error response from daemon: failed to create shim task: x: unknown.',
      'time="2026-11-22T07:45:01Z" level=error msg="error waiting for container: context canceled"',
      '',
    ].join('\n');
    const out = normalizeTranscript([step('docker run busybox nosuchcmd', '', stderr, 127)]);
    expect(out[0]?.stderr).toBe('docker: Error response from daemon: failed to create shim task: x: unknown.\n');
    expect(normalizeTranscript([step('docker run busybox', '', 'WARNING: IPv4 forwarding is disabled. Networking will not work.\n')])[0]?.stderr).toBe('');
  });

  it('replaces PIDs in docker top, inspect and snapshots', () => {
    const top = [
      'UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD',
      'root                12345               12320               0                   07:45               pts/0               00:00:00            sh -c sleep 100',
      '',
    ].join('\n');
    const out = normalizeTranscript([
      step('docker container top web', top, '', 0, [snap({ name: 'web', status: 'running', running: true, pid: 12345 })]),
      step("docker inspect -f '{{.State.Pid}}' web", '12345\n'),
      step("docker inspect -f '{{.State.Pid}}' db", '0\n'),
    ]);
    expect(out[0]?.stdout).toBe('UID\tPID\tPPID\tC\tSTIME\tTTY\tTIME\tCMD\nroot\t<PID>\t<PID>\t<C>\t<STIME>\tpts/0\t00:00:00\tsh -c sleep 100\n');
    expect(out[0]?.containers?.[0]?.pid).toBe(1);
    expect(out[1]?.stdout).toBe('<PID>\n');
    expect(out[2]?.stdout).toBe('0\n');
  });

  it('replaces engine paths', () => {
    const out = normalizeTranscript([
      step(
        'docker inspect -f {{.LogPath}} web',
        `/tmp/tmp.AbC123xyZ9/root/containers/${A}/${A}-json.log /var/lib/docker/x /tmp/tmp.AbC123xyZ9/exec/y /tmp/tmp.AbC123xyZ9/docker.sock\n`,
      ),
    ]);
    expect(out[0]?.stdout).toBe('<DATAROOT>/containers/<ID1>/<ID1>-json.log <DATAROOT>/x <EXECROOT>/y <SCRATCH>/docker.sock\n');
  });

  it('hides the host DNS server in resolver errors', () => {
    const e = 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host\n';
    expect(normalizeTranscript([step('docker pull busybox', '', e, 1)])[0]?.stderr).toBe(
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on <DNS>:53: no such host\n',
    );
  });

  it('is pure and keeps extra fields', () => {
    const input = [{ ...step('docker ps', `${A}\n`), durationMs: 12, images: ['busybox:latest'] }];
    const copy = structuredClone(input);
    const out = normalizeTranscript(input);
    expect(input).toEqual(copy);
    expect(out[0]).toMatchObject({ durationMs: 12, images: ['busybox:latest'], stdout: '<ID1>\n' });
  });

  it('can keep table spacing', () => {
    const t = 'REPOSITORY   TAG       IMAGE ID\nbusybox      latest    0123456789ab\n';
    expect(normalizeTranscript([step('docker images', t)], { collapseTables: false })[0]?.stdout).toBe(
      'REPOSITORY   TAG       IMAGE ID\nbusybox      latest    <ID1:12>\n',
    );
  });
});

describe('IDs whose short form is all digits', () => {
  it('are IDs in their 64-hex form, and then in their short form too', () => {
    const long = '452553290672214412a7d894ec38191127ef906275a3a4d8239a63e8c790d34e';
    const [a, b] = normalizeTranscript([
      { command: 'docker commit ch c:v1', stdout: `sha256:${long}\n`, stderr: '', exitCode: 0 },
      { command: 'docker images -q', stdout: '452553290672\n', stderr: '', exitCode: 0 },
    ]);
    expect(a!.stdout).toBe('sha256:<ID1>\n');
    expect(b!.stdout).toBe('<ID1:12>\n');
    // An all-digit 12-hex word never seen as an ID stays a number.
    const [c] = normalizeTranscript([{ command: 'docker ps', stdout: '123456789012\n', stderr: '', exitCode: 0 }]);
    expect(c!.stdout).toBe('123456789012\n');
  });

  it('are IDs where docker build prints short IDs (step containers and images)', () => {
    const out = ' ---> 0123456789ab\n ---> Running in 345678901234\nhi\n\x1b[91me\n\x1b[0mRemoving intermediate container 345678901234\n ---> 567890123456\nSuccessfully built 567890123456\n';
    const [b, ps] = normalizeTranscript([
      { command: 'docker build .', stdout: out, stderr: '', exitCode: 0 },
      { command: 'docker images -q', stdout: '567890123456\n', stderr: '', exitCode: 0 },
    ]);
    expect(b!.stdout).toBe(' ---> <ID1:12>\n ---> Running in <ID2:12>\nhi\n\x1b[91me\n\x1b[0mRemoving intermediate container <ID2:12>\n ---> <ID3:12>\nSuccessfully built <ID3:12>\n');
    expect(ps!.stdout).toBe('<ID3:12>\n');
  });
});
