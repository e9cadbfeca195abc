/**
 * A small server-side WebSocket (RFC 6455) for `classroom serve`: the handshake, text
 * frames in both directions, ping/pong and the close handshake. No extensions, no
 * binary messages (the protocol is JSON text). Every limit is enforced before data is
 * buffered: a frame or message larger than `maxMessage` closes the connection with
 * 1009, a client frame without a mask or with reserved bits set with 1002, text that
 * is not UTF-8 with 1007, a binary message with 1003. Nothing a client sends throws
 * out of this module.
 */
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The Sec-WebSocket-Accept value for a client's key. */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** Whether a Sec-WebSocket-Key is what RFC 6455 asks for: 16 bytes, base64. */
export function validKey(key: string | undefined): key is string {
  return typeof key === 'string' && /^[A-Za-z0-9+/]{22}==$/.test(key);
}

export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocol: 1002,
  unsupported: 1003,
  invalidData: 1007,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  tryAgain: 1013,
} as const;

export interface SocketOptions {
  /** Largest message (after reassembly of fragments), bytes. */
  maxMessage: number;
}

/** One accepted connection. Handlers are set with onMessage/onClose. */
export class WebSocketConnection {
  readonly #socket: Duplex;
  readonly #max: number;
  #buffer: Buffer = Buffer.alloc(0);
  #fragments: Buffer[] = [];
  #fragmentBytes = 0;
  #closing = false;
  #closed = false;
  #onMessage: (text: string) => void = () => {};
  readonly #onClose: Array<(code: number, reason: string) => void> = [];
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(socket: Duplex, o: SocketOptions, head?: Buffer) {
    this.#socket = socket;
    this.#max = o.maxMessage;
    socket.on('data', (d: Buffer) => this.#data(d));
    socket.on('error', () => this.#finish(CLOSE.goingAway, 'socket error'));
    socket.on('close', () => this.#finish(CLOSE.goingAway, 'socket closed'));
    if (head?.length) queueMicrotask(() => this.#data(head));
  }

  get open(): boolean {
    return !this.#closing && !this.#closed;
  }

  onMessage(fn: (text: string) => void): void {
    this.#onMessage = fn;
  }

  onClose(fn: (code: number, reason: string) => void): void {
    this.#onClose.push(fn);
  }

  /** Sends one text message (dropped once closing). */
  send(text: string): void {
    if (!this.open) return;
    this.#write(0x1, Buffer.from(text, 'utf8'));
  }

  /** Starts the close handshake; the socket ends when the client answers (or after 2 s). */
  close(code: number = CLOSE.normal, reason = ''): void {
    if (this.#closing || this.#closed) return;
    this.#closing = true;
    const r = Buffer.from(reason.slice(0, 100), 'utf8');
    const body = Buffer.alloc(2 + r.length);
    body.writeUInt16BE(code, 0);
    r.copy(body, 2);
    this.#write(0x8, body);
    const timer = setTimeout(() => this.#socket.destroy(), 2000);
    timer.unref();
    this.#onClose.unshift(() => clearTimeout(timer));
    this.#finishCode = code;
    this.#finishReason = reason;
  }

  #finishCode: number = CLOSE.goingAway;
  #finishReason = '';

  #write(opcode: number, payload: Buffer): void {
    const n = payload.length;
    const head = n < 126 ? Buffer.alloc(2) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    if (n < 126) head[1] = n;
    else if (n < 65536) {
      head[1] = 126;
      head.writeUInt16BE(n, 2);
    } else {
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(n), 2);
    }
    if (this.#socket.writable) this.#socket.write(Buffer.concat([head, payload]));
  }

  #fail(code: number, reason: string): void {
    this.#buffer = Buffer.alloc(0);
    this.#fragments = [];
    this.close(code, reason);
    // A broken stream cannot be read further: stop reading now.
    this.#socket.removeAllListeners('data');
    this.#socket.on('data', () => {});
    const timer = setTimeout(() => this.#socket.destroy(), 200);
    timer.unref();
  }

  #data(chunk: Buffer): void {
    if (this.#closed) return;
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    // A frame's declared size is checked as soon as its header is in: never more than
    // one message's worth of bytes is held.
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) return;
      const fin = (b[0]! & 0x80) !== 0;
      const rsv = b[0]! & 0x70;
      const opcode = b[0]! & 0x0f;
      const masked = (b[1]! & 0x80) !== 0;
      let len = b[1]! & 0x7f;
      let offset = 2;
      if (rsv) return this.#fail(CLOSE.protocol, 'reserved bits set');
      if (!masked) return this.#fail(CLOSE.protocol, 'client frames must be masked');
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        const big = b.readBigUInt64BE(2);
        if (big > BigInt(this.#max)) return this.#fail(CLOSE.tooBig, `message larger than ${this.#max} bytes`);
        len = Number(big);
        offset = 10;
      }
      const control = opcode >= 0x8;
      if (control && (len > 125 || !fin)) return this.#fail(CLOSE.protocol, 'bad control frame');
      if (!control && this.#fragmentBytes + len > this.#max) return this.#fail(CLOSE.tooBig, `message larger than ${this.#max} bytes`);
      if (b.length < offset + 4 + len) return;
      const mask = b.subarray(offset, offset + 4);
      const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + len));
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
      this.#buffer = b.subarray(offset + 4 + len);
      if (!this.#frame(fin, opcode, payload)) return;
    }
  }

  /** Handles one frame; false when reading must stop. */
  #frame(fin: boolean, opcode: number, payload: Buffer): boolean {
    switch (opcode) {
      case 0x0:
        if (!this.#fragments.length) {
          this.#fail(CLOSE.protocol, 'continuation without a message');
          return false;
        }
        return this.#fragment(fin, payload);
      case 0x1:
        if (this.#fragments.length) {
          this.#fail(CLOSE.protocol, 'new message inside a fragmented one');
          return false;
        }
        return this.#fragment(fin, payload);
      case 0x2:
        this.#fail(CLOSE.unsupported, 'binary messages are not accepted');
        return false;
      case 0x8: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : CLOSE.normal;
        if (!this.#closing) this.close(code === 1005 || code < 1000 || code >= 5000 ? CLOSE.normal : code);
        this.#finishCode = code;
        this.#socket.end();
        return false;
      }
      case 0x9:
        if (this.open) this.#write(0xa, payload);
        return true;
      case 0xa:
        return true;
      default:
        this.#fail(CLOSE.protocol, `unknown opcode ${opcode}`);
        return false;
    }
  }

  #fragment(fin: boolean, payload: Buffer): boolean {
    this.#fragments.push(payload);
    this.#fragmentBytes += payload.length;
    if (!fin) return true;
    const whole = this.#fragments.length === 1 ? this.#fragments[0]! : Buffer.concat(this.#fragments);
    this.#fragments = [];
    this.#fragmentBytes = 0;
    let text: string;
    try {
      text = this.#decoder.decode(whole);
    } catch {
      this.#fail(CLOSE.invalidData, 'text is not UTF-8');
      return false;
    }
    if (this.#closing) return true;
    try {
      this.#onMessage(text);
    } catch {
      // A handler's bug must not take the server down: this connection ends.
      this.#fail(CLOSE.internal, 'internal error');
      return false;
    }
    return true;
  }

  #finish(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    const c = this.#closing ? this.#finishCode : code;
    const r = this.#closing ? this.#finishReason : reason;
    for (const fn of this.#onClose.splice(0)) {
      try {
        fn(c, r);
      } catch {
        /* a listener's bug: ignored */
      }
    }
  }
}

/** Writes a refusal on a socket that asked for an upgrade, and ends it. */
export function refuseUpgrade(socket: Duplex, status: number, text: string, message: string): void {
  const body = `${message}\n`;
  try {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  } catch {
    /* already gone */
  }
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Finishes the handshake for an accepted upgrade. */
export function acceptUpgrade(socket: Duplex, key: string, protocol: string | undefined, o: SocketOptions, head?: Buffer): WebSocketConnection {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n` +
      (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
      '\r\n',
  );
  return new WebSocketConnection(socket, o, head);
}
