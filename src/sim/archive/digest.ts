import { outside } from '../outside.ts';
/**
 * sha256 digests: WebCrypto when the platform has it (Node, browsers in secure
 * contexts; fast), else the pure-TS implementation the image store uses.
 */
import { sha256Hex } from '../images/sha256.ts';

export async function digestBytes(data: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    try {
      const buf = await outside(subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
      const bytes = new Uint8Array(buf);
      let s = '';
      for (const b of bytes) s += b.toString(16).padStart(2, '0');
      return 'sha256:' + s;
    } catch {
      // fall through
    }
  }
  return 'sha256:' + sha256Hex(data);
}

export function digestText(text: string): string {
  return 'sha256:' + sha256Hex(text);
}
