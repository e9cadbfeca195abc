/**
 * A small Buffer for client bundles (browser-shims.mjs): what memfs's core touches
 * (from, alloc, allocUnsafe, isBuffer, byteLength, concat, toString) on Uint8Array.
 * The layers keep file bytes outside memfs, so nothing else of Node's Buffer runs in
 * the browser; Node and the tests keep the real one.
 */
type Encoding = 'utf8' | 'utf-8' | 'latin1' | 'binary' | 'ascii' | 'hex' | 'base64';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encode(s: string, encoding: string = 'utf8'): Uint8Array {
  switch (encoding.toLowerCase() as Encoding) {
    case 'latin1':
    case 'binary':
    case 'ascii':
      return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
    case 'hex': {
      const out = new Uint8Array(s.length >> 1);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
      return out;
    }
    case 'base64':
      return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    default:
      return encoder.encode(s);
  }
}

// @ts-expect-error Node's Buffer.from is not Uint8Array.from's signature (@types/node declares it apart too).
export class Buffer extends Uint8Array {
  static override from(value: unknown, encodingOrOffset?: string | number, length?: number): Buffer {
    if (typeof value === 'string') return Buffer.#copy(encode(value, typeof encodingOrOffset === 'string' ? encodingOrOffset : 'utf8'));
    if (value instanceof ArrayBuffer) {
      const offset = typeof encodingOrOffset === 'number' ? encodingOrOffset : 0;
      return new Buffer(value, offset, length ?? value.byteLength - offset);
    }
    if (ArrayBuffer.isView(value)) return Buffer.#copy(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    if (Array.isArray(value)) return Buffer.#copy(Uint8Array.from(value as number[]));
    throw new TypeError('The first argument must be a string, Buffer, ArrayBuffer, Array or array-like object');
  }

  static #copy(bytes: Uint8Array): Buffer {
    const b = new Buffer(bytes.length);
    b.set(bytes);
    return b;
  }

  static alloc(size: number, fill: number = 0): Buffer {
    const b = new Buffer(size);
    if (fill) b.fill(fill);
    return b;
  }

  static allocUnsafe(size: number): Buffer {
    return new Buffer(size);
  }

  static isBuffer(value: unknown): value is Buffer {
    return value instanceof Buffer;
  }

  static byteLength(value: string | ArrayBufferView | ArrayBuffer, encoding?: string): number {
    if (typeof value === 'string') return encode(value, encoding).length;
    return value.byteLength;
  }

  static concat(list: readonly Uint8Array[], total?: number): Buffer {
    const size = total ?? list.reduce((n, b) => n + b.length, 0);
    const out = new Buffer(size);
    let at = 0;
    for (const b of list) {
      if (at >= size) break;
      out.set(b.subarray(0, size - at), at);
      at += b.length;
    }
    return out;
  }

  override toString(encoding: string = 'utf8', start = 0, end = this.length): string {
    const bytes = this.subarray(start, end);
    switch (encoding.toLowerCase() as Encoding) {
      case 'latin1':
      case 'binary':
      case 'ascii':
        return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
      case 'hex':
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'base64':
        return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
      default:
        return decoder.decode(bytes);
    }
  }
}

export const kMaxLength = 2 ** 32 - 1;
export default { Buffer, kMaxLength };
