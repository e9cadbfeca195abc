/**
 * `classroom serve`'s server: HTTP and WebSocket on 127.0.0.1 only.
 *
 *   GET  /api/status   {ok, version, sessions, maxSessions} — what the site's switch checks
 *   GET  /ws           the WebSocket of one session (protocol.ts)
 *   OPTIONS *          CORS preflight, for the allowed origins only
 *
 * Every request passes guard.ts (Host, Origin, token); a refusal is answered and
 * logged, and never ends the server. A WebSocket gets a session of its own (session.ts);
 * when it closes the session waits `graceMs` for the page to come back (a reload:
 * `/ws?session=ID` resumes it, the terminal as it was), then is cleaned up.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { lockStateRoot, openNative } from '../native/engine/backend.ts';
import { collectCrashed } from '../native/engine/cleanup.ts';
import { readMountInfo } from '../native/runtime/proc.ts';
import type { DockerVersion } from '../sim/profile.ts';
import type { SiteLang } from '../site/i18n.ts';
import { type GuardOptions, hostRefusal, httpToken, newToken, originRefusal, refusal, tokenRefusal, wsProtocols } from './guard.ts';
import { MAX_MESSAGE, PROTOCOL, parseClientMessage, type ClientMessage, type ServerMessage } from './protocol.ts';
import { ServeSession, type SessionEvents } from './session.ts';
import { CLOSE, acceptUpgrade, refuseUpgrade, validKey, type WebSocketConnection } from './ws.ts';

export interface ServeOptions {
  /** 0: any free port. */
  port: number;
  /** Origins allowed to use the backend (the site's). */
  origins: string[];
  /** Where sessions' directories go (one backend state root each). */
  root: string;
  maxSessions: number;
  version: DockerVersion;
  /** How long a session outlives its WebSocket (ms). */
  graceMs: number;
  /** Fixed token (tests); default: 32 random bytes. */
  token?: string;
  maxMessage?: number;
  /** Where refusals and session events are reported (default: nowhere). */
  log?: (line: string) => void;
}

export interface RunningServer {
  port: number;
  url: string;
  token: string;
  sessions: ReadonlyMap<string, ServeSession>;
  /** Ends every session (cleanup) and stops listening. Returns what could not be removed. */
  close(): Promise<string[]>;
}

interface Entry {
  session: ServeSession;
  connection?: WebSocketConnection;
  timer?: ReturnType<typeof setTimeout>;
}

/** Removes what sessions of a server that died left under the root (it holds the root's lock now). */
async function collectLeftovers(root: string, log: (l: string) => void): Promise<void> {
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!/^[0-9a-f]{32}$/.test(name) || !statSync(dir).isDirectory()) continue;
    const engineRoot = join(dir, 'engine');
    if (existsSync(engineRoot)) {
      const b = await openNative({ stateRoot: engineRoot, skipPreflight: true, hostRoot: join(dir, 'host') });
      try {
        const r = await collectCrashed(b);
        log(`removed a crashed session's leftovers: ${r.containers.length} container(s), ${r.volumes.length} volume(s)`);
      } finally {
        b.engine.close();
      }
    }
    if (readMountInfo().some((m) => m.mountPoint.startsWith(`${dir}/`))) log(`left ${dir}: something is still mounted there`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const log = o.log ?? (() => {});
  const maxMessage = o.maxMessage ?? MAX_MESSAGE;
  const unlock = lockStateRoot(o.root);
  try {
    await collectLeftovers(o.root, log);
  } catch (e) {
    unlock();
    throw e;
  }
  const token = o.token ?? newToken();
  const origins = new Set(o.origins);
  const entries = new Map<string, Entry>();
  const sessions = new Map<string, ServeSession>();
  let starting = 0;
  let closing = false;
  const guard: GuardOptions = { port: 0, origins, token };

  const cors = (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (origin && !originRefusal(origin, origins)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
  };
  const json = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown) => {
    cors(req, res);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(`${JSON.stringify(body)}\n`);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'OPTIONS') {
      // A preflight carries no token: only Host and Origin are checked.
      const r = hostRefusal(req.headers.host, guard.port) ?? originRefusal(req.headers.origin, origins);
      if (r || !req.headers.origin) {
        log(`refused OPTIONS ${path}: ${r?.reason ?? 'no Origin'}`);
        res.statusCode = 403;
        res.end();
        return;
      }
      cors(req, res);
      res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization');
      res.setHeader('Access-Control-Allow-Private-Network', 'true');
      res.setHeader('Access-Control-Max-Age', '600');
      res.statusCode = 204;
      res.end();
      return;
    }
    const r = refusal(req.headers, httpToken(req.headers), guard);
    if (r) {
      log(`refused ${req.method} ${path}: ${r.reason}`);
      json(req, res, r.status, { error: r.reason });
      return;
    }
    if (req.method !== 'GET') {
      json(req, res, 405, { error: `${req.method} is not accepted` });
      return;
    }
    if (path === '/api/status') {
      json(req, res, 200, { ok: true, version: o.version, sessions: entries.size + starting, maxSessions: o.maxSessions });
      return;
    }
    json(req, res, 404, { error: `no such resource: ${path}` });
  };

  /** Sessions being cleaned up (close() waits for them). */
  const ending = new Set<Promise<string[]>>();
  const endSession = (id: string) => {
    const e = entries.get(id);
    if (!e) return;
    entries.delete(id);
    sessions.delete(id);
    clearTimeout(e.timer);
    const job = e.session.close().then(
      (left) => {
        log(`session ${id.slice(0, 8)} ended${left.length ? `; left: ${left.join('; ')}` : ''}`);
        return left;
      },
      (err: unknown) => {
        log(`session ${id.slice(0, 8)} cleanup failed: ${String(err)}`);
        return [`session ${id}: ${String(err)}`];
      },
    );
    ending.add(job);
    void job.finally(() => ending.delete(job));
  };

  const serveConnection = (conn: WebSocketConnection, entry: Entry) => {
    const s = entry.session;
    const send = (m: ServerMessage) => conn.send(JSON.stringify(m));
    const events: SessionEvents = {
      out: (data) => {
        // Long output goes in pieces (the client's limit is the same as ours).
        for (let i = 0; i < data.length; i += 16384) send({ t: 'out', data: data.slice(i, i + 16384) });
      },
      command: (line, exitCode) => send({ t: 'cmd', line, exitCode }),
      busy: (busy) => send({ t: 'busy', busy }),
      state: (diagram, focus) => send({ t: 'state', diagram, focus }),
    };
    entry.connection = conn;
    clearTimeout(entry.timer);
    send({ t: 'ready', session: s.id, version: s.version, engineRoot: s.engineRoot, hostRoot: s.hostRoot });
    s.attach(events);
    const handle = async (m: ClientMessage) => {
      switch (m.t) {
        case 'key':
          s.input(m.data);
          return;
        case 'resize':
          s.resize(m.cols, m.rows);
          return;
        case 'run':
          await s.run(m.commands);
          send({ t: 'done', id: m.id });
          return;
        case 'layers':
          send({ t: 'done', id: m.id, layers: await s.layers(m.name) });
          return;
        case 'reset':
          send({ t: 'done', id: m.id, left: await s.reset() });
          return;
      }
    };
    conn.onMessage((text) => {
      const m = parseClientMessage(text);
      if ('error' in m) {
        log(`session ${s.id.slice(0, 8)}: refused a message: ${m.error}`);
        send({ t: 'error', code: 'bad-message', message: m.error });
        return;
      }
      handle(m).catch((e: unknown) => {
        send({ t: 'error', code: 'internal', message: e instanceof Error ? e.message : String(e), ...('id' in m ? { id: m.id } : {}) });
      });
    });
    conn.onClose(() => {
      s.detach(events);
      if (entry.connection !== conn) return;
      entry.connection = undefined;
      if (closing) return;
      entry.timer = setTimeout(() => endSession(s.id), o.graceMs);
      entry.timer.unref?.();
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { protocols, token: given } = wsProtocols(req.headers);
    const r = refusal(req.headers, given, guard);
    if (r) {
      log(`refused a WebSocket: ${r.reason}`);
      refuseUpgrade(socket, r.status, r.status === 401 ? 'Unauthorized' : 'Forbidden', r.reason);
      return;
    }
    const key = req.headers['sec-websocket-key'];
    if (url.pathname !== '/ws' || req.method !== 'GET' || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket' || req.headers['sec-websocket-version'] !== '13' || !validKey(key)) {
      refuseUpgrade(socket, 400, 'Bad Request', 'expected a WebSocket handshake (version 13) on /ws');
      return;
    }
    if (!protocols.includes(PROTOCOL)) {
      refuseUpgrade(socket, 400, 'Bad Request', `the WebSocket must offer the subprotocol ${PROTOCOL}`);
      return;
    }
    const conn = acceptUpgrade(socket, key, PROTOCOL, { maxMessage }, head);
    const sendError = (code: string, message: string, close: number) => {
      conn.send(JSON.stringify({ t: 'error', code, message } satisfies ServerMessage));
      conn.close(close, code);
    };
    if (closing) return sendError('closing', 'classroom serve is shutting down', CLOSE.goingAway);
    const resume = url.searchParams.get('session');
    if (resume) {
      const e = entries.get(resume);
      if (!e) return sendError('no-session', 'that session has ended: a new one starts when you reconnect', CLOSE.policy);
      // A second tab on the same session takes it over; the first is told so.
      if (e.connection) {
        e.connection.send(JSON.stringify({ t: 'error', code: 'taken-over', message: 'this session was opened in another window' } satisfies ServerMessage));
        e.connection.close(CLOSE.policy, 'taken over');
      }
      serveConnection(conn, e);
      return;
    }
    if (entries.size + starting >= o.maxSessions) {
      log(`refused a session: all ${o.maxSessions} are in use`);
      return sendError(
        'busy',
        `classroom serve: all ${o.maxSessions} sessions are in use (--max-sessions ${o.maxSessions}); close another tab, or wait ${Math.round(o.graceMs / 1000)} s after one closes`,
        CLOSE.tryAgain,
      );
    }
    const lang: SiteLang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh-CN';
    const num = (name: string, min: number, max: number, dflt: number) => {
      const v = Number(url.searchParams.get(name));
      return Number.isInteger(v) && v >= min && v <= max ? v : dflt;
    };
    const id = randomBytes(16).toString('hex');
    starting++;
    ServeSession.open({ id, dir: join(o.root, id), version: o.version, lang, cols: num('cols', 2, 1000, 80), rows: num('rows', 1, 1000, 24) }).then(
      (session) => {
        starting--;
        const entry: Entry = { session };
        entries.set(id, entry);
        sessions.set(id, session);
        log(`session ${id.slice(0, 8)} started (${entries.size}/${o.maxSessions})`);
        if (closing || !conn.open) {
          if (!closing) entry.timer = setTimeout(() => endSession(id), o.graceMs);
          else endSession(id);
          return;
        }
        serveConnection(conn, entry);
      },
      (e: unknown) => {
        starting--;
        log(`session failed to start: ${String(e)}`);
        sendError('start-failed', `the native backend could not start: ${e instanceof Error ? e.message : String(e)}`, CLOSE.internal);
      },
    );
  };

  const server: Server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 16 * 1024 }, onRequest);
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_err, socket) => {
    try {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    } catch {
      socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    unlock();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  guard.port = port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    token,
    sessions,
    async close() {
      closing = true;
      const left: string[] = [];
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const e of entries.values()) e.connection?.close(CLOSE.goingAway, 'server stopping');
        server.closeAllConnections();
      });
      for (const id of [...entries.keys()]) endSession(id);
      // Sessions still starting end as soon as they are ready (closing is set).
      while (starting > 0) await new Promise((r) => setTimeout(r, 50));
      while (ending.size) for (const l of await Promise.all([...ending])) left.push(...l);
      unlock();
      return left;
    },
  };
}

export { hostRefusal, tokenRefusal };
