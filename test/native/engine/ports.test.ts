/**
 * Published ports on the native engine: `busybox httpd` in a container answers an HTTP GET
 * made from the host through the loopback proxy (-p IP:PORT:80 and -P), `docker port` and
 * PORTS say what Docker says, a stopped container's port refuses connections, a new
 * backend listens again for a running container, and nothing listens or runs once the
 * script is cleaned up. A differential transcript against the simulator covers the
 * texts (conflicts, forms, network modes).
 */
import { execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNative } from '../../../src/native/engine/backend.ts';
import { scriptScope } from '../../../src/native/engine/cleanup.ts';
import { PortProxy, type ProxiedContainer } from '../../../src/native/engine/portProxy.ts';
import type { Engine } from '../../../src/sim/api.ts';
import { docker } from '../../../src/sim/cli/docker.ts';
import { BufferIO } from '../../../src/sim/cli/io.ts';
import { differential, holdings, openTestBackend, skipReason, type TestBackend } from './harness.ts';

async function run(engine: Engine, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new BufferIO();
  const code = await docker(argv, { engine, io });
  return { code, out: io.stdout, err: io.stderr };
}

/** GET http://HOST:PORT/PATH from this (host) process: status and body, or the connection error's code. */
function get(port: number, path: string, host = '127.0.0.1'): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

/** Whether nothing listens on 127.0.0.1:port (we can bind it ourselves). */
function free(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** A port nobody listens on here, from the top of the unprivileged range (away from the ephemeral one). */
async function freePort(avoid: number[] = []): Promise<number> {
  for (let p = 20000 + Math.floor(Math.random() * 5000); p < 32000; p++) {
    if (avoid.includes(p)) continue;
    if ((await free(p)) && (await free(p, '::1').catch(() => true))) return p;
  }
  throw new Error('no free port');
}

/** Whether nobody holds UDP 127.0.0.1:port. */
function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind({ address: '127.0.0.1', port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** One datagram to 127.0.0.1:port and the first reply (or 'timeout'). */
function udpAsk(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      s.close();
      resolve('timeout');
    }, 3000);
    s.on('message', (m) => {
      clearTimeout(timer);
      s.close();
      resolve(m.toString());
    });
    s.send(text, port, '127.0.0.1');
  });
}

/** Relay helpers (nsenter'ed `node -e`) still running under this process. */
function helpers(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).trim();
  return out
    .split('\n')
    .filter((l) => l.includes('ns/net') || l.includes("require('node:net')"))
    .filter(Boolean);
}

describe.skipIf(skipReason !== undefined)(`native published ports${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await openTestBackend('20.10');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('serves busybox httpd to an HTTP client on the host; stop refuses; cleanup leaves nothing listening', async () => {
    const engine = t.backend.engine;
    const scope = scriptScope(t.backend);
    const port = await freePort();
    try {
      const started = await run(engine, 'run', '-d', '--name', 'web', '-p', `127.0.0.1:${port}:80`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc');
      expect(started.code, started.err).toBe(0);
      expect((await run(engine, 'port', 'web')).out).toBe(`80/tcp -> 127.0.0.1:${port}\n`);
      expect((await run(engine, 'ps', '--format', '{{.Ports}}')).out).toBe(`127.0.0.1:${port}->80/tcp\n`);
      const passwd = (await run(engine, 'exec', 'web', 'cat', '/etc/passwd')).out;
      expect(passwd).toContain('root:x:0:0:');
      const t0 = performance.now();
      const first = await get(port, '/passwd');
      const firstMs = performance.now() - t0;
      expect(first).toEqual({ status: 200, body: passwd });
      // later connections reuse the relay helper
      const t1 = performance.now();
      expect((await get(port, '/group')).status).toBe(200);
      const againMs = performance.now() - t1;
      expect(firstMs).toBeLessThan(3000);
      expect(againMs).toBeLessThan(1000);
      // many connections at once
      const all = await Promise.all(Array.from({ length: 20 }, () => get(port, '/passwd')));
      expect(all.every((r) => r.body === passwd)).toBe(true);
      expect((await get(port, '/nosuch')).status).toBe(404);

      expect((await run(engine, 'stop', '-t', '0', 'web')).code).toBe(0);
      expect(await get(port, '/passwd')).toEqual({ error: 'ECONNREFUSED' });
      expect((await run(engine, 'port', 'web')).out).toBe('');
      expect(helpers()).toEqual([]);
      expect((await run(engine, 'start', 'web')).code).toBe(0);
      expect((await get(port, '/passwd')).body).toBe(passwd);
    } finally {
      expect(await scope.cleanup()).toEqual([]);
    }
    expect(await get(port, '/passwd')).toEqual({ error: 'ECONNREFUSED' });
    expect(await free(port)).toBe(true);
    expect(helpers()).toEqual([]);
  }, 60_000);

  it('UDP: datagrams go to the namespace and replies come back, per client; the port is free after the release', async () => {
    // a network namespace with an echo server on UDP 127.0.0.1:7000, standing in for a container
    const echo = `const d=require('node:dgram').createSocket('udp4');d.on('message',(m,r)=>d.send(Buffer.concat([Buffer.from('echo:'),m]),r.port,r.address));d.bind(7000,'127.0.0.1',()=>console.log('ready'));setTimeout(()=>process.exit(0),20000);`;
    const ns = spawn('unshare', ['--net', '--', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" -e "$0"`, echo], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => ns.stdout!.once('data', () => resolve()));
      const proxy = new PortProxy();
      const port = await freePort();
      const c: ProxiedContainer = {
        id: 'udp-test',
        name: 'udp-test',
        pid: ns.pid!,
        config: { ExposedPorts: { '7000/udp': {} } },
        hostConfig: { NetworkMode: 'default', PortBindings: { '7000/udp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] }, PublishAllPorts: false },
        ports: {},
        published: [],
      };
      await proxy.connect(c, { old: true, find: () => undefined, endpointId: () => 'e'.repeat(64) });
      expect(c.ports).toEqual({ '7000/udp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] });
      expect(await udpFree(port)).toBe(false);
      expect(await udpAsk(port, 'one')).toBe('echo:one');
      expect(await udpAsk(port, 'two')).toBe('echo:two');
      proxy.release(c);
      expect(await udpFree(port)).toBe(true);
      expect(helpers()).toEqual([]);
    } finally {
      ns.kill('SIGKILL');
    }
  }, 30_000);

  it('-P publishes the image\'s EXPOSE on a port of the ephemeral range, on 127.0.0.1 and ::1', async () => {
    const engine = t.backend.engine;
    const scope = scriptScope(t.backend);
    let port = 0;
    try {
      expect((await run(engine, 'create', '--name', 'base', 'busybox')).code).toBe(0);
      expect((await run(engine, 'commit', '--change', 'EXPOSE 80', 'base', 'webimg:latest')).code).toBe(0);
      const r = await run(engine, 'run', '-d', '--name', 'pub', '-P', 'webimg', 'httpd', '-f', '-p', '80', '-h', '/etc');
      expect(r.code, r.err).toBe(0);
      const lines = (await run(engine, 'port', 'pub', '80')).out.split('\n').filter(Boolean);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^0\.0\.0\.0:\d+$/);
      expect(lines[1]).toMatch(/^:::\d+$/);
      port = Number(lines[0]!.split(':').pop());
      expect(port).toBeGreaterThanOrEqual(32768);
      expect(port).toBeLessThanOrEqual(60999);
      expect((await run(engine, 'ps', '--format', '{{.Ports}}', '--filter', 'name=pub')).out).toBe(
        `0.0.0.0:${port}->80/tcp, :::${Number(lines[1]!.split(':').pop())}->80/tcp\n`,
      );
      expect((await get(port, '/passwd')).status).toBe(200);
      const v6 = await get(Number(lines[1]!.split(':').pop()), '/group', '::1');
      // a host without IPv6 shows Docker's :: binding but has nothing listening on it
      if (v6.error !== 'EADDRNOTAVAIL' && v6.error !== 'EAFNOSUPPORT') expect(v6.status).toBe(200);
    } finally {
      expect(await scope.cleanup()).toEqual([]);
    }
    expect(await free(port)).toBe(true);
  }, 60_000);

  it('a new backend listens again for a running container', async () => {
    const dir = mkdtempSync('/tmp/tmp.');
    const root = join(dir, 'root');
    mkdirSync(root);
    const port = await freePort();
    try {
      const a = await openNative({ stateRoot: root, skipPreflight: true, owner: 'ports-first:1' });
      expect((await run(a.engine, 'run', '-d', '--name', 'keep', '-p', `127.0.0.1:${port}:80`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc')).code).toBe(0);
      expect((await get(port, '/passwd')).status).toBe(200);
      a.engine.close();
      // the backend is gone: so is its proxy (the container runs on)
      expect(await get(port, '/passwd')).toEqual({ error: 'ECONNREFUSED' });
      const b = await openNative({ stateRoot: root, skipPreflight: true, owner: 'ports-second:1' });
      expect((await run(b.engine, 'port', 'keep')).out).toBe(`80/tcp -> 127.0.0.1:${port}\n`);
      expect((await get(port, '/passwd')).status).toBe(200);
      expect((await run(b.engine, 'rm', '-f', 'keep')).code).toBe(0);
      expect(await get(port, '/passwd')).toEqual({ error: 'ECONNREFUSED' });
      b.engine.close();
      expect(holdings(root).processes).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(helpers()).toEqual([]);
  }, 60_000);

  it('transcripts like the simulator\'s: forms, PORTS, docker port, conflicts, stop/start, network modes', async () => {
    const p1 = await freePort();
    const p2 = await freePort([p1]);
    const p3 = await freePort([p1, p2]);
    const script = `
docker run -d --name web -p ${p1}:80 busybox httpd -f -p 80 -h /etc
docker run -d --name lo -p 127.0.0.1:${p2}:80 -p ${p3}:81/udp busybox sleep 30
docker ps
docker port web
docker port lo 80
docker port lo 81/udp
docker port lo 82
docker inspect -f '{{json .NetworkSettings.Ports}} {{json .HostConfig.PortBindings}}' web lo
docker run -d --name web2 -p ${p1}:80 busybox sleep 30
docker run -d --name lo2 -p ${p2}:80 busybox sleep 30
docker ps -a --format '{{.Names}} {{.Status}} [{{.Ports}}]'
docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web2
docker stop -t 0 web
docker start web2
docker port web2 80
docker start web
docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web
docker run -d --name none --network none -p ${p1}:80 busybox sleep 30
docker run -d --name host --network host -p ${p1}:80 busybox sleep 30
docker port none
docker ps --filter publish=${p1} --format '{{.Names}}'
docker run -d -p abc busybox true
docker port nosuch
docker rm -f web web2 lo lo2 none host
`;
    const { sim, native } = await differential(t, script, '20.10');
    expect(native.length).toBe(sim.length);
    for (let i = 0; i < sim.length; i++) expect(native[i], `step ${i + 1}: ${sim[i]!.command}`).toEqual(sim[i]);
    expect(await free(p1)).toBe(true);
    expect(await free(p2)).toBe(true);
    expect(helpers()).toEqual([]);
  }, 120_000);
});
