/**
 * `classroom serve` (src/server/): what it refuses — no token, a wrong token, a
 * foreign Origin, a Host that is not loopback (DNS rebinding), oversized and broken
 * WebSocket messages, malformed JSON — with the server still serving afterwards; and
 * a normal session: commands on the native engine through the terminal's shell, an
 * `-it` session, the diagram's state, a container's layers, bind mounts kept inside
 * the session's host directory, the session limit, and cleanup when it ends.
 * Runs as root where the native engine can (skipped otherwise, with the reason).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMountInfo } from '../../src/native/runtime/proc.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { skipReason } from '../native/engine/harness.ts';
import { http, RawSocket } from './client.ts';

const SITE = 'http://127.0.0.1:4321';
/** The terminal's text without escape sequences (busybox sh asks for the cursor position, the line editor clears to the end). */
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
const PROTOCOL = 'classroom.v1';

describe.skipIf(skipReason !== undefined)(`classroom serve${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let server: RunningServer;
  let root: string;
  let port: number;
  const log: string[] = [];
  const protocols = () => [PROTOCOL, `token.${server.token}`];
  const auth = () => ({ Authorization: `Bearer ${server.token}` });

  /** The server answers a good request (after whatever a test did to it). */
  async function stillServing(): Promise<void> {
    const r = await http(port, '/api/status', auth());
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
  }

  async function session(): Promise<RawSocket> {
    // Sessions refused by a test end within the grace period (300 ms): room for the next (max 2).
    for (let i = 0; i < 100 && server.sessions.size >= 2; i++) await new Promise((r) => setTimeout(r, 50));
    const ws = await RawSocket.open(port, { protocols: protocols(), origin: SITE, path: '/ws?lang=en' });
    expect(ws.status).toBe(101);
    await ws.until(() => ws.messages().some((m) => m['t'] === 'ready' || m['t'] === 'error'));
    return ws;
  }

  let ids = 0;
  async function call(ws: RawSocket, m: Record<string, unknown>, ms = 30_000): Promise<Record<string, unknown>> {
    const id = ++ids;
    ws.send(JSON.stringify({ ...m, id }));
    await ws.until(() => ws.messages().some((x) => x['id'] === id), ms);
    const answer = ws.messages().find((x) => x['id'] === id)!;
    expect(answer['t'], JSON.stringify(answer)).toBe('done');
    return answer;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'classroom-serve-test-'));
    server = await startServer({ port: 0, origins: [SITE], root, maxSessions: 2, version: '29', graceMs: 300, log: (l) => log.push(l) });
    port = server.port;
  }, 30_000);

  afterAll(async () => {
    const left = await server?.close();
    expect(left ?? []).toEqual([]);
    // Nothing of the sessions is left: no directories, mounts, shims or runc processes.
    expect(readdirSync(root).filter((n) => n !== 'runtime')).toEqual([]);
    expect(readMountInfo().filter((m) => m.mountPoint.startsWith(root))).toEqual([]);
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps.split('\n').filter((l) => l.includes(root))).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  describe('HTTP', () => {
    it('answers the status with the token', async () => {
      const r = await http(port, '/api/status', { ...auth(), Origin: SITE });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ ok: true, version: '29', sessions: 0, maxSessions: 2 });
      expect(r.headers['access-control-allow-origin']).toBe(SITE);
    });

    it('refuses a request without the token, or with a wrong one', async () => {
      const none = await http(port, '/api/status', { Origin: SITE });
      expect(none.status).toBe(401);
      expect(JSON.parse(none.body)).toEqual({ error: 'missing token' });
      const wrong = await http(port, '/api/status', { Authorization: `Bearer ${'0'.repeat(64)}`, Origin: SITE });
      expect(wrong.status).toBe(401);
      expect(JSON.parse(wrong.body)).toEqual({ error: 'wrong token' });
      const short = await http(port, '/api/status', { Authorization: 'Bearer abc' });
      expect(short.status).toBe(401);
      await stillServing();
    });

    it('refuses a foreign Origin, even with the token, and tells it nothing (no CORS header)', async () => {
      for (const origin of ['http://evil.example', 'http://127.0.0.1:4322', 'null', 'http://localhost:4321.evil.example']) {
        const r = await http(port, '/api/status', { ...auth(), Origin: origin });
        expect(r.status, origin).toBe(403);
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
      }
      await stillServing();
    });

    it('refuses a Host that is not loopback with our port (DNS rebinding)', async () => {
      for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', '']) {
        const r = await http(port, '/api/status', { ...auth(), Host: host });
        expect(r.status, host).toBe(403);
      }
      for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
        expect((await http(port, '/api/status', { ...auth(), Host: host })).status, host).toBe(200);
      }
    });

    it('answers a CORS preflight for the site only', async () => {
      const ok = await http(port, '/api/status', { Origin: SITE, 'Access-Control-Request-Method': 'GET' }, 'OPTIONS');
      expect(ok.status).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe(SITE);
      expect(ok.headers['access-control-allow-headers']).toBe('Authorization');
      const foreign = await http(port, '/api/status', { Origin: 'http://evil.example' }, 'OPTIONS');
      expect(foreign.status).toBe(403);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses other methods and paths', async () => {
      expect((await http(port, '/api/status', auth(), 'POST')).status).toBe(405);
      expect((await http(port, '/etc/passwd', auth())).status).toBe(404);
    });
  });

  describe('WebSocket handshake', () => {
    it('refuses a missing or wrong token, a foreign Origin, a non-loopback Host', async () => {
      const cases: Array<[string, Parameters<typeof RawSocket.open>[1], number]> = [
        ['no token', { protocols: [PROTOCOL], origin: SITE }, 401],
        ['wrong token', { protocols: [PROTOCOL, `token.${'f'.repeat(64)}`], origin: SITE }, 401],
        ['foreign origin', { protocols: protocols(), origin: 'http://evil.example' }, 403],
        ['rebinding host', { protocols: protocols(), origin: SITE, host: `evil.example:${port}` }, 403],
        ['no subprotocol', { protocols: [`token.${'f'.repeat(64)}`], origin: SITE }, 401],
        ['other path', { protocols: protocols(), origin: SITE, path: '/other' }, 400],
      ];
      for (const [name, o, status] of cases) {
        const ws = await RawSocket.open(port, o);
        expect(ws.status, name).toBe(status);
        await ws.until(() => ws.closed, 5000);
      }
      expect(log.some((l) => l.includes('refused a WebSocket: wrong token'))).toBe(true);
      await stillServing();
    });
  });

  describe('a session', () => {
    let ws: RawSocket;
    let ready: Record<string, unknown>;
    beforeAll(async () => {
      ws = await session();
      ready = ws.messages().find((m) => m['t'] === 'ready')!;
      expect(ready).toBeDefined();
    }, 30_000);

    it('runs commands on the native engine through the terminal, and reports the diagram', async () => {
      await call(ws, { t: 'run', commands: [{ text: 'docker run --name greet busybox echo hello from runc', input: [] }, { text: 'docker ps -a --format "{{.Names}} {{.Status}}"', input: [] }] });
      const screen = ws.screen();
      expect(screen).toContain('root@classroom:~# docker run --name greet busybox echo hello from runc');
      expect(screen).toContain('\r\nhello from runc\r\n');
      expect(screen).toMatch(/greet Exited \(0\) (Less than a second|\d+ seconds?) ago/);
      const cmds = ws.messages().filter((m) => m['t'] === 'cmd');
      expect(cmds.map((m) => [m['line'], m['exitCode']])).toEqual([
        ['docker run --name greet busybox echo hello from runc', 0],
        ['docker ps -a --format "{{.Names}} {{.Status}}"', 0],
      ]);
      await ws.until(() => ws.messages().some((m) => m['t'] === 'state' && JSON.stringify(m).includes('"name":"greet","state":"exited"')));
    }, 30_000);

    it('keeps going after malformed JSON and bad messages (each refused with an error)', async () => {
      const before = ws.messages().filter((m) => m['t'] === 'error').length;
      for (const bad of ['{not json', '[]', '"x"', '{"t":"nope"}', '{"t":"key"}', '{"t":"resize","cols":-1,"rows":5}', '{"t":"run","id":1,"commands":[]}', '{"t":"key","data":"x","extra":1}']) ws.send(bad);
      await ws.until(() => ws.messages().filter((m) => m['t'] === 'error').length === before + 8);
      const errors = ws.messages().filter((m) => m['t'] === 'error').slice(before);
      expect(errors.every((e) => e['code'] === 'bad-message')).toBe(true);
      expect(errors[0]!['message']).toBe('malformed JSON');
      const r = await call(ws, { t: 'run', commands: [{ text: 'echo still here', input: [] }] });
      expect(r['t']).toBe('done');
      expect(ws.screen()).toContain('\r\nstill here\r\n');
    }, 30_000);

    it('runs an -it session on a real terminal: input, Ctrl-D, detach keys', async () => {
      await call(ws, { t: 'run', commands: [{ text: 'docker run -it --name box busybox sh', input: ['echo hi there\r', 'exit\r'] }] });
      const screen = plain(ws.screen());
      expect(screen).toContain('/ # echo hi there\r\nhi there\r\n/ # exit\r\n');
      await call(ws, { t: 'run', commands: [{ text: 'docker run -dit --name keep busybox', input: [] }, { text: 'docker attach keep', input: ['\x10\x11'] }, { text: 'docker inspect -f "{{.State.Status}}" keep', input: [] }] });
      expect(ws.screen()).toContain('read escape sequence');
      expect(plain(ws.screen())).toMatch(/inspect -f "\{\{\.State\.Status\}\}" keep\r\nrunning\r\n/);
      await call(ws, { t: 'run', commands: [{ text: 'docker exec -it keep sh', input: ['\x04'] }, { text: 'docker inspect -f "{{.State.Status}}" keep', input: [] }] });
      expect(ws.screen().split('keep sh').pop()).toContain('running');
    }, 60_000);

    it('enters a container with the real nsenter, and only a container of this session', async () => {
      await call(ws, {
        t: 'run',
        commands: [
          { text: 'PID=$(docker inspect --format "{{ .State.Pid }}" keep)', input: [] },
          { text: 'nsenter --target $PID --mount --uts --ipc --net --pid sh', input: ['hostname; cat /proc/1/cmdline; echo\r', 'exit\r'] },
          { text: 'nsenter --target $$ --mount sh -c "echo escaped"', input: [] },
          { text: `nsenter --target ${process.pid} --mount --pid sh`, input: [] },
        ],
      });
      const screen = plain(ws.screen()).split('nsenter --target $PID').pop()!;
      // Inside: the container's hostname (its short ID) and its PID 1, `sh`.
      expect(screen).toMatch(/\/ # hostname; cat \/proc\/1\/cmdline; echo\r\n[0-9a-f]{12}\r\nsh\0?\s*\r\n\/ # exit\r\nroot@classroom:~# /);
      expect(screen).not.toContain('\r\nescaped\r\n');
      expect(screen).toContain(`nsenter: cannot open /proc/${process.pid}/ns/pid: No such file or directory`);
    }, 60_000);

    it('keeps bind mounts and the host files inside the session', async () => {
      const host = ready['hostRoot'] as string;
      const file = `classroom-serve-test-${process.pid}.txt`;
      await call(ws, { t: 'run', commands: [{ text: `docker run --rm -v /srv:/srv busybox sh -c "echo from-container > /srv/${file}"`, input: [] }, { text: `cat /srv/${file}`, input: [] }, { text: 'docker run --rm -v /:/host busybox ls /host', input: [] }] });
      expect(existsSync(join(host, 'srv', file))).toBe(true);
      expect(existsSync(join('/srv', file))).toBe(false);
      expect(plain(ws.screen())).toContain(`cat /srv/${file}\r\nfrom-container\r\n`);
      // The host's `/` inside a container is the session's own host directory.
      const listing = ws.screen().split('ls /host').pop()!;
      expect(listing).toContain('srv');
      expect(listing).not.toContain('proc');
    }, 30_000);

    it('follows links a container made in a bind mount only inside the session', async () => {
      const host = ready['hostRoot'] as string;
      await call(ws, {
        t: 'run',
        commands: [
          { text: 'docker run --rm -v /srv:/srv busybox sh -c "ln -s / /srv/up; ln -s ../../../../../../etc /srv/rel"', input: [] },
          { text: 'cat /srv/up/etc/shadow; cat /srv/rel/shadow; ls /srv/up', input: [] },
          { text: 'docker run --rm -v /srv/up/etc:/x busybox ls -a /x', input: [] },
          { text: 'echo mine > /srv/rel/note; cat /srv/rel/note', input: [] },
        ],
      });
      const screen = plain(ws.screen()).split('cat /srv/up/etc/shadow').pop()!;
      expect(screen).toContain('cat: /srv/up/etc/shadow: No such file or directory');
      expect(screen).toContain('cat: /srv/rel/shadow: No such file or directory');
      expect(screen).not.toMatch(/root:[^\r\n]*:\d+:/);
      // The machine's /etc was neither mounted nor written: the session's own /etc was made.
      expect(screen.split('ls -a /x').pop()).toMatch(/^\r\n\.\r\n\.\.\r\nroot@classroom/);
      expect(existsSync(join(host, 'etc/note'))).toBe(true);
      expect(existsSync('/etc/note')).toBe(false);
    }, 30_000);

    it('gives a container layers from the real directories', async () => {
      await call(ws, { t: 'run', commands: [{ text: 'docker run -d --name wr busybox sh -c "echo x > /etc/new; rm /bin/wc; echo y >> /etc/passwd; sleep 3600"', input: [] }, { text: 'sleep 0.5', input: [] }] });
      const r = await call(ws, { t: 'layers', name: 'wr' });
      const layers = r['layers'] as Array<{ role: string; files: Array<{ path: string; type: string; status: string }> }>;
      expect(layers.map((l) => l.role)).toEqual(['image', 'init', 'container']);
      const top = layers[2]!.files;
      expect(top).toContainEqual(expect.objectContaining({ path: '/etc/new', type: 'file', status: 'from this layer' }));
      expect(top).toContainEqual(expect.objectContaining({ path: '/bin/wc', type: 'whiteout', status: 'whiteout' }));
      expect(top).toContainEqual(expect.objectContaining({ path: '/etc/passwd', status: 'copied up' }));
      expect(layers[0]!.files).toContainEqual(expect.objectContaining({ path: '/bin/wc', status: 'shadowed' }));
      expect((await call(ws, { t: 'layers', name: 'nope' }))['layers']).toBeNull();
    }, 30_000);

    it('reassembles a fragmented message, answers a ping, and counts fragments against the limit', async () => {
      const text = Buffer.from(JSON.stringify({ t: 'run', id: 9999, commands: [{ text: 'echo in pieces', input: [] }] }));
      ws.frame(0x1, text.subarray(0, 10), { fin: false });
      ws.frame(0x9, Buffer.from('ping!'));
      ws.frame(0x0, text.subarray(10, 20), { fin: false });
      ws.frame(0x0, text.subarray(20));
      await ws.until(() => ws.messages().some((m) => m['id'] === 9999));
      expect(plain(ws.screen())).toContain('\r\nin pieces\r\n');
      expect(ws.frames.some((f) => f.opcode === 0xa && f.payload.toString() === 'ping!')).toBe(true);
      const pieces = await session();
      for (let i = 0; i < 5; i++) pieces.frame(i ? 0x0 : 0x1, Buffer.alloc(15 * 1024, 0x20), { fin: false });
      await pieces.until(() => pieces.closed, 5000);
      expect(pieces.closeCode()).toBe(1009);
      await stillServing();
    }, 30_000);

    it('refuses an oversized message and a frame without a mask; the server goes on', async () => {
      const big = await session();
      big.frame(0x1, Buffer.alloc(70 * 1024, 0x61));
      await big.until(() => big.closed, 5000);
      expect(big.closeCode()).toBe(1009);
      const lying = await session();
      lying.frame(0x1, Buffer.alloc(10), { length: 2 ** 40 });
      await lying.until(() => lying.closed, 5000);
      expect(lying.closeCode()).toBe(1009);
      const unmasked = await session();
      unmasked.frame(0x1, Buffer.from('{"t":"key","data":"x"}'), { mask: false });
      await unmasked.until(() => unmasked.closed, 5000);
      expect(unmasked.closeCode()).toBe(1002);
      await stillServing();
      // The first session did not notice.
      await call(ws, { t: 'run', commands: [{ text: 'echo unharmed', input: [] }] });
      expect(ws.screen()).toContain('\r\nunharmed\r\n');
    }, 30_000);

    it('refuses sessions beyond --max-sessions with a clear message', async () => {
      const second = await session();
      expect(second.messages()[0]!['t']).toBe('ready');
      const third = await RawSocket.open(port, { protocols: protocols(), origin: SITE });
      await third.until(() => third.messages().length > 0);
      const err = third.messages().find((m) => m['t'] === 'error');
      expect(err).toMatchObject({ code: 'busy' });
      expect(err!['message']).toContain('--max-sessions 2');
      await third.until(() => third.closed, 5000);
      expect(third.closeCode()).toBe(1013);
      second.end();
    }, 30_000);

    it('resets: everything made is removed, the shell starts again', async () => {
      const r = await call(ws, { t: 'reset' }, 60_000);
      expect(r['left']).toEqual([]);
      await call(ws, { t: 'run', commands: [{ text: 'docker ps -aq', input: [] }, { text: 'ls /srv', input: [] }] });
      const after = plain(ws.screen()).split('docker ps -aq').pop()!;
      expect(after).toBe('\r\nroot@classroom:~# ls /srv\r\nroot@classroom:~# ');
    }, 60_000);

    it('ends the session a grace period after its page closed, and removes it', async () => {
      const dir = join(root, ready['session'] as string);
      expect(existsSync(dir)).toBe(true);
      await call(ws, { t: 'run', commands: [{ text: 'docker run -d --name last busybox sleep 3600', input: [] }] });
      ws.end();
      const deadline = Date.now() + 20_000;
      while (existsSync(dir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(dir)).toBe(false);
      expect(log.some((l) => l.startsWith(`session ${(ready['session'] as string).slice(0, 8)} ended`))).toBe(true);
      await stillServing();
    }, 30_000);
  });
});
