/**
 * The site's side of `classroom serve` (src/server/): checking a backend, and one
 * session's WebSocket (messages in src/server/protocol.ts). Loaded only in real mode.
 */
import type { DiagramState } from '../sandbox.ts';
import type { PlayerCommand } from '../../site/lessonData.ts';
import type { ViewLayer } from '../../sim/fs/layered/view.ts';

export const PROTOCOL = 'classroom.v1';

/** What a page does with real mode on: a step's commands on both sides, emptying the backend. */
export interface RealApi {
  run(cmds: readonly PlayerCommand[]): Promise<void>;
  reset(): Promise<void>;
}

export interface BackendAddress {
  url: string;
  token: string;
}

export type CheckResult = { ok: true; sessions: number; maxSessions: number } | { ok: false; reason: 'unreachable' | 'token' | 'refused' | 'bad'; message: string };

/** The backend's base URL as typed (http://127.0.0.1:4322), or undefined when it is not an http URL. */
export function backendBase(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** Asks the backend for its status: whether it answers, and takes this token. */
export async function checkBackend(a: BackendAddress, timeoutMs = 4000): Promise<CheckResult> {
  const base = backendBase(a.url);
  if (!base) return { ok: false, reason: 'bad', message: a.url };
  let res: Response;
  try {
    res = await fetch(`${base}/api/status`, { headers: { Authorization: `Bearer ${a.token.trim()}` }, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
  } catch (e) {
    return { ok: false, reason: 'unreachable', message: e instanceof Error ? e.message : String(e) };
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    /* not JSON: said below */
  }
  if (res.status === 401) return { ok: false, reason: 'token', message: String(body['error'] ?? res.statusText) };
  if (!res.ok || body['ok'] !== true) return { ok: false, reason: 'refused', message: String(body['error'] ?? `HTTP ${res.status}`) };
  return { ok: true, sessions: Number(body['sessions']), maxSessions: Number(body['maxSessions']) };
}

export interface Ready {
  session: string;
  version: string;
  engineRoot: string;
  hostRoot: string;
}

export interface SessionHandlers {
  out(data: string): void;
  command(line: string, exitCode: number): void;
  busy(busy: boolean): void;
  state(diagram: DiagramState, focus: string | null): void;
  /** The connection ended (`message` says why when it was not asked for). */
  closed(message: string): void;
}

type Pending = { resolve: (m: Record<string, unknown>) => void; reject: (e: Error) => void };

/** One session of the backend over its WebSocket. */
export class RealSession {
  readonly ready: Ready;
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  #id = 0;
  #closedByUs = false;
  #handlers: SessionHandlers;

  private constructor(ws: WebSocket, ready: Ready, handlers: SessionHandlers) {
    this.#ws = ws;
    this.ready = ready;
    this.#handlers = handlers;
  }

  /** Opens a session (or resumes `resume` while the backend keeps it). Rejects with the backend's message. */
  static open(a: BackendAddress, o: { lang: string; cols: number; rows: number; resume?: string }, handlers: SessionHandlers): Promise<RealSession> {
    const base = backendBase(a.url);
    if (!base) return Promise.reject(new Error(a.url));
    const q = new URLSearchParams({ lang: o.lang, cols: String(o.cols), rows: String(o.rows), ...(o.resume ? { session: o.resume } : {}) });
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws?${q}`, [PROTOCOL, `token.${a.token.trim()}`]);
    return new Promise((resolve, reject) => {
      let session: RealSession | undefined;
      let early: Array<Record<string, unknown>> = [];
      ws.onmessage = (e) => {
        let m: Record<string, unknown>;
        try {
          m = JSON.parse(String(e.data)) as Record<string, unknown>;
        } catch {
          return;
        }
        if (!session) {
          if (m['t'] === 'ready') {
            session = new RealSession(ws, m as unknown as Ready, handlers);
            resolve(session);
            for (const x of early) session.#message(x);
            early = [];
          } else if (m['t'] === 'error') reject(new Error(String(m['message'])));
          else early.push(m);
          return;
        }
        session.#message(m);
      };
      ws.onclose = (e) => {
        if (!session) {
          reject(new Error(e.reason || `the backend closed the connection (${e.code})`));
          return;
        }
        session.#closed(e.code === 1000 || session.#closedByUs ? '' : e.reason || `connection lost (${e.code})`);
      };
      ws.onerror = () => {};
    });
  }

  #lastError = '';

  #message(m: Record<string, unknown>): void {
    const h = this.#handlers;
    switch (m['t']) {
      case 'out':
        h.out(String(m['data']));
        return;
      case 'cmd':
        h.command(String(m['line']), Number(m['exitCode']));
        return;
      case 'busy':
        h.busy(m['busy'] === true);
        return;
      case 'state':
        h.state(m['diagram'] as DiagramState, (m['focus'] as string | null) ?? null);
        return;
      case 'done':
      case 'error': {
        const id = m['id'];
        const p = typeof id === 'number' ? this.#pending.get(id) : undefined;
        if (m['t'] === 'error') this.#lastError = String(m['message']);
        if (!p) return;
        this.#pending.delete(id as number);
        if (m['t'] === 'done') p.resolve(m);
        else p.reject(new Error(String(m['message'])));
        return;
      }
    }
  }

  #closed(message: string): void {
    for (const p of this.#pending.values()) p.reject(new Error(message || 'closed'));
    this.#pending.clear();
    this.#handlers.closed(message || this.#lastError);
  }

  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  #send(m: Record<string, unknown>): void {
    if (this.open) this.#ws.send(JSON.stringify(m));
  }

  #request(m: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = ++this.#id;
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(new Error('not connected'));
        return;
      }
      this.#pending.set(id, { resolve, reject });
      this.#send({ ...m, id });
    });
  }

  key(data: string): void {
    // The protocol's limit is 64 KB a message: a long paste goes in pieces.
    for (let i = 0; i < data.length; i += 8192) this.#send({ t: 'key', data: data.slice(i, i + 8192) });
  }

  resize(cols: number, rows: number): void {
    this.#send({ t: 'resize', cols, rows });
  }

  async run(commands: ReadonlyArray<{ text: string; input: readonly string[] }>): Promise<void> {
    for (let i = 0; i < commands.length; i += 64) await this.#request({ t: 'run', commands: commands.slice(i, i + 64).map((c) => ({ text: c.text, input: [...c.input] })) });
  }

  async layers(name: string): Promise<ViewLayer[] | null> {
    const m = await this.#request({ t: 'layers', name });
    return (m['layers'] as ViewLayer[] | null) ?? null;
  }

  async reset(): Promise<string[]> {
    const m = await this.#request({ t: 'reset' });
    return (m['left'] as string[]) ?? [];
  }

  close(): void {
    this.#closedByUs = true;
    this.#ws.close(1000);
  }
}
