/**
 * Published ports in the simulator, beyond what the 20.10 recordings pin
 * (test/conformance/scripts/ports/): the pieces one by one (Go's IP parsing, nat's spec
 * parser in both versions, the allocator, SortPortMap's order, the proxy binds), Docker 29's
 * texts (read from docker/cli v29.7.2 and moby v29.7.2: bracketed IPv6, `docker port`'s
 * natural order, lower-case errors, "failed to set up container networking"), and
 * busybox httpd's life in a container.
 */
import { describe, expect, it } from 'vitest';
import { runSteps } from '../../src/runner/run.ts';
import { parseScript } from '../../src/runner/script.ts';
import { SimHost } from '../../src/runner/simHost.ts';
import { naturalLess } from '../../src/sim/cli/commands/port.ts';
import { parseExpose, parsePublish, portArgument } from '../../src/sim/cli/commands/portSpec.ts';
import { canonicalIP, parseIP, splitHostPort } from '../../src/sim/cli/format/goip.ts';
import { displayablePorts } from '../../src/sim/cli/formatter/container.ts';
import { PortAllocator, SocketTable, planPorts, portFilterKeys, publishSteps, publishSync } from '../../src/sim/engine/ports.ts';
import { createSimulator } from '../../src/sim/simulator.ts';

async function run(script: string, version: '20.10' | '29') {
  const host = new SimHost(await createSimulator({ version, seed: 3 }));
  const steps = await runSteps(parseScript(script), host);
  return steps.map((s) => ({ out: s.stdout, err: s.stderr, code: s.exitCode }));
}

describe("Go's net: ParseIP, String, SplitHostPort", () => {
  it('canonical forms', () => {
    expect(canonicalIP('127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalIP('::1')).toBe('::1');
    expect(canonicalIP('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIP('::')).toBe('::');
    expect(canonicalIP('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIP('fe80::0001')).toBe('fe80::1');
    expect(canonicalIP('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalIP('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
    expect(canonicalIP('1:0:3:4:5:6:7:8')).toBe('1:0:3:4:5:6:7:8');
  });
  it('refuses what Go refuses', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1::2::3', ':1', '1:2:3:4:5:6:7:8:9', '::1%eth0', 'abc', '1.2.3.4:80']) {
      expect(parseIP(bad), bad).toBeUndefined();
    }
  });
  it('SplitHostPort errors as *AddrError prints them', () => {
    expect(splitHostPort('[::1]:')).toEqual(['::1', '']);
    expect(splitHostPort('::1::')).toEqual({ error: 'address ::1::: too many colons in address' });
    expect(splitHostPort('[::1:')).toEqual({ error: "address [::1:: missing ']' in address" });
  });
});

describe('-p / --expose parsing', () => {
  it('20.10 and 29 agree on what a good spec means', () => {
    for (const old of [true, false]) {
      expect(parsePublish(['127.0.0.1:8080:80', '8000-8001:90-91/udp', '9000-9005:100', '[::1]::81', 'published=7000,target=70'], old)).toEqual({
        exposed: { '80/tcp': {}, '90/udp': {}, '91/udp': {}, '100/tcp': {}, '81/tcp': {}, '70/tcp': {} },
        bindings: {
          '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
          '90/udp': [{ HostIp: '', HostPort: '8000' }],
          '91/udp': [{ HostIp: '', HostPort: '8001' }],
          '100/tcp': [{ HostIp: '', HostPort: '9000-9005' }],
          '81/tcp': [{ HostIp: '::1', HostPort: '' }],
          '70/tcp': [{ HostIp: '', HostPort: '7000' }],
        },
      });
    }
  });
  it("29's error texts (lower case, the proto checked first, a bare IPv6 accepted)", () => {
    const err = (spec: string) => {
      try {
        parsePublish([spec], false);
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(err('abc')).toBe('invalid containerPort: abc');
    expect(err('abc:80')).toBe('invalid hostPort: abc');
    expect(err('80/xyz')).toBe('invalid proto: xyz');
    expect(err('1.2.3:80:80')).toBe('invalid IP address: 1.2.3');
    expect(err('8080:')).toBe('no port specified: 8080:<empty>');
    expect(err('8000-8001:80-85')).toBe('invalid ranges specified for container and host Ports: 80-85 and 8000-8001');
    expect(err('::1:8080:80')).toBe('ok');
    expect(err('[::1:8080:80')).toBe("invalid IP address [::1: address [::1:: missing ']' in address");
    expect(err('published=8080,target')).toBe("invalid publish opts format (should be name=value but got 'target')");
  });
  it('--expose: 20.10 keeps the protocol as typed and quotes strconv; 29 lower-cases it', () => {
    const old: Record<string, object> = {};
    parseExpose(['7000-7001/TCP', '81'], old, true);
    expect(Object.keys(old)).toEqual(['7000/TCP', '7001/TCP', '81/tcp']);
    const cur: Record<string, object> = {};
    parseExpose(['7000-7001/TCP'], cur, false);
    expect(Object.keys(cur)).toEqual(['7000/tcp', '7001/tcp']);
    expect(() => parseExpose(['abc'], {}, true)).toThrow('invalid range format for --expose: abc, error: strconv.ParseUint: parsing "abc": invalid syntax');
    expect(() => parseExpose(['abc'], {}, false)).toThrow("invalid range format for --expose: invalid start port 'abc': invalid syntax");
  });
  it("docker port's PRIVATE_PORT[/PROTO]", () => {
    expect(portArgument('080', true)).toEqual({ key: '80/tcp', shown: '080/tcp' });
    expect(portArgument('80-81', true)).toEqual({ key: '80-81/tcp', shown: '80-81/tcp' });
    expect(portArgument('/tcp', true)).toEqual({ key: '0/tcp', shown: '/tcp' });
    expect(portArgument('80/', true)).toEqual({ error: 'strconv.ParseUint: parsing "80/": invalid syntax' });
    expect(portArgument('80/UDP', false)).toEqual({ key: '80/udp', shown: '80/UDP' });
    expect(portArgument('abc', false)).toEqual({ error: "invalid port 'abc': invalid syntax" });
    expect(portArgument('99999', false)).toEqual({ error: "invalid port '99999': value out of range" });
  });
});

describe('the allocator and the order of bindings', () => {
  it('hands out the ephemeral range in sequence, per IP and protocol, and wraps', () => {
    const a = new PortAllocator(100, 102);
    expect([a.request('0.0.0.0', 'tcp', 0, 0), a.request('0.0.0.0', 'tcp', 0, 0)]).toEqual([100, 101]);
    expect(a.request('::', 'tcp', 0, 0)).toBe(100);
    expect(a.request('0.0.0.0', 'udp', 0, 0)).toBe(100);
    a.release('0.0.0.0', 'tcp', 100);
    // a released port waits for the wrap
    expect(a.request('0.0.0.0', 'tcp', 0, 0)).toBe(102);
    expect(a.request('0.0.0.0', 'tcp', 0, 0)).toBe(100);
    expect(() => a.request('0.0.0.0', 'tcp', 0, 0)).toThrow('all ports are allocated');
    expect(() => a.request('0.0.0.0', 'tcp', 101, 101)).toThrow('Bind for 0.0.0.0:101 failed: port is already allocated');
    // a host range keeps its own position
    expect([a.request('0.0.0.0', 'tcp', 8000, 8002), a.request('0.0.0.0', 'tcp', 8000, 8002)]).toEqual([8000, 8001]);
  });

  it('SortPortMap: larger container ports first, tcp before udp (the order -P allocates in)', () => {
    const plan = planPorts({ ExposedPorts: { '80/tcp': {}, '443/udp': {}, '443/tcp': {}, '9000/tcp': {}, '22/tcp': {} } }, { PortBindings: {}, PublishAllPorts: true });
    expect(plan.requests.map((r) => `${r.port}/${r.proto}`)).toEqual(['9000/tcp', '443/tcp', '443/udp', '80/tcp', '22/tcp']);
    expect(plan.exposed).toEqual(['9000/tcp', '443/tcp', '443/udp', '80/tcp', '22/tcp']);
    // explicit bindings of one port: larger host port first (the real -p 9000:90 -p 9001:90 gives 9001, then 9000)
    const two = planPorts({ ExposedPorts: { '90/tcp': {} } }, { PortBindings: { '90/tcp': [{ HostIp: '', HostPort: '9000' }, { HostIp: '', HostPort: '9001' }] }, PublishAllPorts: false });
    expect(two.requests.map((r) => r.start)).toEqual([9001, 9000]);
  });

  it('a dynamic port whose proxy cannot bind is given up for the next (so IPv4 and IPv6 can differ)', () => {
    const alloc = new PortAllocator();
    const sockets = new SocketTable();
    const opts = { name: 'x', endpointId: () => 'e'.repeat(64), old: true, v6: true };
    const pub = (ports: Record<string, { HostIp: string; HostPort: string }[]>) =>
      publishSync(
        publishSteps(alloc, planPorts({ ExposedPorts: Object.fromEntries(Object.keys(ports).map((k) => [k, {}])) }, { PortBindings: ports, PublishAllPorts: false }), opts, (b) => sockets.unbind(b)),
        (b) => sockets.bind(b),
      );
    expect(pub({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }).ports).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '32768' }] });
    expect(pub({ '80/tcp': [{ HostIp: '', HostPort: '' }] }).ports).toEqual({
      '80/tcp': [
        { HostIp: '0.0.0.0', HostPort: '32769' },
        { HostIp: '::', HostPort: '32768' },
      ],
    });
    expect(() => pub({ '81/tcp': [{ HostIp: '', HostPort: '32769' }] })).toThrow(
      `driver failed programming external connectivity on endpoint x (${'e'.repeat(64)}): Bind for 0.0.0.0:32769 failed: port is already allocated`,
    );
    expect(() => pub({ '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '32769' }] })).toThrow(
      'Error starting userland proxy: listen tcp4 127.0.0.1:32769: bind: address already in use',
    );
  });

  it('ps filters: publish= / expose= keys', () => {
    expect(portFilterKeys('publish', '8080-8081/udp', true)).toEqual(['8080/udp', '8081/udp']);
    expect(portFilterKeys('expose', '80:80', true)).toBe("filter for 'expose' should not contain ':': 80:80");
    expect(portFilterKeys('expose', '90-80', false)).toBe('error while looking up for expose 90-80: invalid port range: 90-80');
  });
});

describe('PORTS and docker port', () => {
  const p = (PrivatePort: number, PublicPort?: number, IP?: string, Type = 'tcp') => ({ PrivatePort, Type, ...(PublicPort !== undefined ? { PublicPort } : {}), ...(IP ? { IP } : {}) });
  it('groups runs of ports, broken runs first, then mappings (20.10: no brackets; 29: net.JoinHostPort)', () => {
    const ports = [p(80), p(81), p(83), p(53, undefined, undefined, 'udp'), p(8080, 8080, '0.0.0.0'), p(8081, 8081, '0.0.0.0'), p(80, 8000, '::'), p(80, 8000, '0.0.0.0')];
    expect(displayablePorts(ports, true)).toBe('80-81/tcp, 53/udp, 83/tcp, 0.0.0.0:8080-8081->8080-8081/tcp, 0.0.0.0:8000->80/tcp, :::8000->80/tcp');
    expect(displayablePorts(ports, false)).toBe('80-81/tcp, 53/udp, 83/tcp, 0.0.0.0:8080-8081->8080-8081/tcp, 0.0.0.0:8000->80/tcp, [::]:8000->80/tcp');
  });
  it('natural order (fvbommel/sortorder)', () => {
    const lines = ['9000/tcp -> 0.0.0.0:1', '80/tcp -> 0.0.0.0:2', '443/udp -> 0.0.0.0:3', '80/tcp -> [::]:2'];
    expect([...lines].sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0))).toEqual([
      '80/tcp -> 0.0.0.0:2',
      '80/tcp -> [::]:2',
      '443/udp -> 0.0.0.0:3',
      '9000/tcp -> 0.0.0.0:1',
    ]);
  });

  it("Docker 29's texts", async () => {
    const steps = await run(
      `
docker run -d --name web -p 8080:80 -p 9090:90/udp busybox sleep 100
docker ps --format '{{.Ports}}'
docker port web
docker port web 80
docker port web 81
docker port web abc
docker run -d --name web2 -p 8080:80 busybox sleep 100
docker run -d -p 80/xyz busybox true
`,
      '29',
    );
    expect(steps[1]!.out).toBe('0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 0.0.0.0:9090->90/udp, [::]:9090->90/udp\n');
    expect(steps[2]!.out).toBe('80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n90/udp -> 0.0.0.0:9090\n90/udp -> [::]:9090\n');
    expect(steps[3]!.out).toBe('0.0.0.0:8080\n[::]:8080\n');
    expect(steps[4]).toEqual({ out: '', err: "no public port '81' published for web\n", code: 1 });
    expect(steps[5]).toEqual({ out: '', err: "invalid port 'abc': invalid syntax\n", code: 1 });
    expect(steps[6]!.code).toBe(125);
    expect(steps[6]!.err).toMatch(
      /^docker: Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint web2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated\n\nRun 'docker run --help' for more information\n$/,
    );
    expect(steps[7]).toEqual({ out: '', err: "docker: invalid proto: xyz\n\nRun 'docker run --help' for more information\n", code: 125 });
  });

  it('a port comes back after rm -f, and a stopped container shows none', async () => {
    const steps = await run(
      `
docker run -d --name aa -p 8080:80 busybox sleep 100
docker rm -f aa
docker run -d --name bb -p 8080:80 busybox sleep 100
docker stop -t 0 bb
docker ps -a --format '{{.Names}} [{{.Ports}}]'
docker port bb
`,
      '20.10',
    );
    expect(steps[2]!.code).toBe(0);
    expect(steps[4]!.out).toBe('bb []\n');
    expect(steps[5]).toEqual({ out: '', err: '', code: 0 });
  });
});

describe('busybox httpd in a container', () => {
  it('-f serves as PID 1 (TERM ignored: stop waits and kills), without -f it daemonizes, bad -p/-h end it', async () => {
    const steps = await run(
      `
docker run -d --name web -p 8080:80 busybox httpd -f -p 80 -h /etc
docker exec web ps
docker run --name bg busybox sh -c 'httpd -p 8080; ps -o comm'
docker run --name badp busybox httpd -f -p abc
docker run --name badh busybox httpd -f -h /nonexist
docker stop web
docker inspect -f '{{.State.ExitCode}}' web
`,
      '20.10',
    );
    expect(steps[1]!.out).toContain('    1 root     httpd -f -p 80 -h /etc\n');
    expect(steps[2]).toEqual({ out: 'COMMAND\nps\nhttpd\n', err: '', code: 0 });
    expect(steps[3]).toEqual({ out: '', err: "httpd: bad address 'abc'\n", code: 1 });
    expect(steps[4]).toEqual({ out: '', err: "httpd: can't change directory to '/nonexist': No such file or directory\n", code: 1 });
    expect(steps[6]!.out).toBe('137\n');
  });
});
