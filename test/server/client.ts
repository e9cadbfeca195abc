/**
 * Test clients of `classroom serve`: HTTP requests with any Host/Origin header
 * (node:http lets a test set both), a raw WebSocket client written from RFC 6455
 * (any header, any frame, even broken ones), and a session driver over it.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function http(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, setHost: !('Host' in headers) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Frame {
  opcode: number;
  payload: Buffer;
}

/** A WebSocket opened by hand. `status` is the handshake's HTTP status (101 when accepted). */
export class RawSocket {
  readonly socket: Socket;
  status = 0;
  headers = '';
  body = '';
  readonly frames: Frame[] = [];
  closed = false;
  #buf = Buffer.alloc(0);
  #handshaken = false;
  #waiters: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => this.#data(d));
    socket.on('close', () => {
      this.closed = true;
      this.#wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number, o: { host?: string; origin?: string; protocols?: string[]; path?: string } = {}): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const raw = new RawSocket(socket);
      socket.once('error', reject);
      socket.once('connect', () => {
        const lines = [
          `GET ${o.path ?? '/ws'} HTTP/1.1`,
          `Host: ${o.host ?? `127.0.0.1:${port}`}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          ...(o.origin ? [`Origin: ${o.origin}`] : []),
          ...(o.protocols ? [`Sec-WebSocket-Protocol: ${o.protocols.join(', ')}`] : []),
        ];
        socket.write(`${lines.join('\r\n')}\r\n\r\n`);
        void raw.until(() => raw.#handshaken || raw.closed, 10_000).then(() => resolve(raw), reject);
      });
    });
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  #data(d: Buffer): void {
    this.#buf = Buffer.concat([this.#buf, d]);
    if (!this.#handshaken) {
      const end = this.#buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.headers = this.#buf.subarray(0, end).toString('latin1');
      this.status = Number(/^HTTP\/1\.1 (\d+)/.exec(this.headers)?.[1] ?? 0);
      this.#buf = this.#buf.subarray(end + 4);
      this.#handshaken = true;
      if (this.status !== 101) {
        this.body = this.#buf.toString('utf8');
        this.#buf = Buffer.alloc(0);
        this.#wake();
        return;
      }
    }
    if (this.status !== 101) {
      this.body += d.toString('utf8');
      return;
    }
    for (;;) {
      const b = this.#buf;
      if (b.length < 2) break;
      let len = b[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) break;
        len = b.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (b.length < 10) break;
        len = Number(b.readBigUInt64BE(2));
        off = 10;
      }
      if (b.length < off + len) break;
      this.frames.push({ opcode: b[0]! & 0x0f, payload: Buffer.from(b.subarray(off, off + len)) });
      this.#buf = b.subarray(off + len);
    }
    this.#wake();
  }

  /** Sends one frame (masked unless told otherwise; `length` can lie about the payload's size). */
  frame(opcode: number, payload: Buffer, o: { mask?: boolean; fin?: boolean; length?: number } = {}): void {
    const mask = o.mask ?? true;
    const n = o.length ?? payload.length;
    const head = n < 126 ? Buffer.alloc(2) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    head[0] = (o.fin ?? true ? 0x80 : 0) | opcode;
    if (n < 126) head[1] = n;
    else if (n < 65536) {
      head[1] = 126;
      head.writeUInt16BE(n, 2);
    } else {
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(n), 2);
    }
    if (mask) head[1]! |= 0x80;
    const key = randomBytes(4);
    const body = Buffer.from(payload);
    if (mask) for (let i = 0; i < body.length; i++) body[i]! ^= key[i & 3]!;
    if (!this.socket.destroyed) this.socket.write(Buffer.concat([head, ...(mask ? [key] : []), body]));
  }

  send(text: string): void {
    this.frame(0x1, Buffer.from(text, 'utf8'));
  }

  /** Text messages received so far, parsed. */
  messages(): Array<Record<string, unknown>> {
    return this.frames.filter((f) => f.opcode === 0x1).map((f) => JSON.parse(f.payload.toString('utf8')) as Record<string, unknown>);
  }

  /** The close frame's code, if one came. */
  closeCode(): number | undefined {
    const f = this.frames.find((x) => x.opcode === 0x8);
    return f && f.payload.length >= 2 ? f.payload.readUInt16BE(0) : undefined;
  }

  async until(cond: () => boolean, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error('timed out waiting on the WebSocket');
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Everything the terminal showed so far. */
  screen(): string {
    return this.messages()
      .filter((m) => m['t'] === 'out')
      .map((m) => m['data'] as string)
      .join('');
  }

  end(): void {
    this.frame(0x8, Buffer.from([0x03, 0xe8]));
    this.socket.end();
  }
}
