/**
 * The native registry client's HTTP layer and error texts, against small Node servers
 * on 127.0.0.1 (no root, no registry needed): Go's wording of connection errors, the
 * no-network answer for other hosts, redirects, distribution's error bodies.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, RegistryClient } from '../../../src/native/registry/client.ts';
import { HttpError, request } from '../../../src/native/registry/http.ts';
import { freePort } from './helpers.ts';

let server: Server | undefined;

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((r) => server!.close(r));
  server = undefined;
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof HttpError ? e.message : `not an HttpError: ${String(e)}`),
  );

describe('native registry HTTP', () => {
  it('words a refused connection and an unreachable host as the daemon does', async () => {
    const port = await freePort();
    expect(await failure(RegistryClient.connect(`localhost:${port}`))).toBe(`Get "http://localhost:${port}/v2/": dial tcp 127.0.0.1:${port}: connect: connection refused`);
    expect(await failure(RegistryClient.connect('docker.io'))).toBe('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host');
    expect(await failure(RegistryClient.connect('myreg.example.com'))).toBe('Get "https://myreg.example.com/v2/": dial tcp: lookup myreg.example.com on 127.0.0.53:53: no such host');
    expect(await failure(request('http://10.0.0.1/x', { method: 'PUT' }))).toBe('Put "http://10.0.0.1/x": dial tcp: lookup 10.0.0.1 on 127.0.0.53:53: no such host');
  });

  it('says EOF for a server that hangs up without answering', async () => {
    const port = await serve((req) => req.socket.destroy());
    expect(await failure(request(`http://127.0.0.1:${port}/v2/`))).toBe(`Get "http://127.0.0.1:${port}/v2/": EOF`);
  });

  it('follows same-origin redirects, at most 10, and turns a 303 into a GET', async () => {
    const seen: string[] = [];
    const port = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const n = Number(req.url!.slice(1));
      if (req.url === '/see-other') return void res.writeHead(303, { Location: '/done' }).end();
      if (req.url === '/done') return void res.writeHead(200).end('ok');
      res.writeHead(302, { Location: `/${n + 1}` }).end();
    });
    const r = await request(`http://127.0.0.1:${port}/see-other`, { method: 'POST', body: 'x' });
    expect(Buffer.from(r.body).toString()).toBe('ok');
    expect(seen).toEqual(['POST /see-other', 'GET /done']);
    expect(await failure(request(`http://127.0.0.1:${port}/0`))).toBe(`Get "http://127.0.0.1:${port}/10": stopped after 10 redirects`);
    expect(await failure(request(`http://127.0.0.1:${port}/0`, { follow: false }))).toBe('resolved');
  });

  it('reads distribution’s error bodies as the daemon words them', () => {
    const res = (status: number, body: string, statusText = '') => ({ status, statusText, headers: {}, body: new TextEncoder().encode(body), url: 'http://x/' });
    expect(apiError(res(404, '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{}}]}')).message).toBe(
      'name unknown: repository name not known to registry',
    );
    expect(apiError(res(401, '')).message).toBe('unauthorized: authentication required');
    expect(apiError(res(500, 'boom', 'Internal Server Error')).message).toBe('received unexpected HTTP status: 500 Internal Server Error');
  });

  it('answers a Basic challenge with the credentials, and says so when there are none', async () => {
    const port = await serve((req, res) => {
      const ok = req.headers.authorization === 'Basic ' + Buffer.from('u:p').toString('base64');
      if (ok) return void res.writeHead(200).end('{}');
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="r"', 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    });
    const good = await RegistryClient.connect(`127.0.0.1:${port}`, { auth: { username: 'u', password: 'p' } });
    expect(await good.checkLogin()).toBeUndefined();
    const wrong = await RegistryClient.connect(`127.0.0.1:${port}`, { auth: { username: 'u', password: 'nope' } });
    expect(await wrong.checkLogin()).toBe('unauthorized: authentication required');
    const none = await RegistryClient.connect(`127.0.0.1:${port}`);
    expect(await failure(none.tags('x'))).toBe(`Get "http://127.0.0.1:${port}/v2/x/tags/list": no basic auth credentials`);
  });
});
