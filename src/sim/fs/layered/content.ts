/**
 * A regular file's bytes, shareable between layers without copying.
 *
 * `parts` are never written once they are in a FileData: copy-up (`share()`) hands
 * the new layer the same parts, so a 10 MB file copied up costs a few words, and
 * an append after copy-up still shares the old bytes as a prefix. Only the
 * `tail` (the bytes appended since the last share) is private and grows in place.
 * A synthetic file (WriteOptions.size) keeps just its length in `synth`; its bytes
 * (a 64-byte ELF header then zeros, like MemoryFs) are made only when read.
 */
import { syntheticBytes } from '../memory.ts';

const MAX_PARTS = 32;

export class FileData {
  /** Leading synthetic bytes (0 when the content is all real bytes). */
  synth = 0;
  /** Shared, immutable chunks after the synthetic prefix. */
  parts: Uint8Array[] = [];
  /** Private growable buffer after the parts; `tailLen` bytes are used. */
  tail: Uint8Array | null = null;
  tailLen = 0;
  #partsLen = 0;

  static of(bytes: Uint8Array): FileData {
    const d = new FileData();
    if (bytes.length) {
      d.parts = [bytes];
      d.#partsLen = bytes.length;
    }
    return d;
  }

  static synthetic(size: number): FileData {
    const d = new FileData();
    d.synth = size;
    return d;
  }

  get size(): number {
    return this.synth + this.#partsLen + this.tailLen;
  }

  /** Whether the file is just a synthetic blob (no real bytes). */
  get isSynthetic(): boolean {
    return this.synth > 0 && this.#partsLen === 0 && this.tailLen === 0;
  }

  /** A second FileData with the same bytes; neither will write over them. */
  share(): FileData {
    this.#freezeTail();
    const d = new FileData();
    d.synth = this.synth;
    d.parts = this.parts.slice();
    d.#partsLen = this.#partsLen;
    return d;
  }

  #freezeTail(): void {
    if (!this.tail) return;
    if (this.tailLen) {
      this.parts.push(this.tail.subarray(0, this.tailLen));
      this.#partsLen += this.tailLen;
    }
    this.tail = null;
    this.tailLen = 0;
  }

  append(bytes: Uint8Array): void {
    if (!bytes.length) return;
    if (!this.tail) {
      if (this.parts.length >= MAX_PARTS) this.#compact();
      this.tail = new Uint8Array(Math.max(64, bytes.length * 2));
      this.tailLen = 0;
    } else if (this.tailLen + bytes.length > this.tail.length) {
      const grown = new Uint8Array(Math.max((this.tailLen + bytes.length) * 2, this.tail.length * 2));
      grown.set(this.tail.subarray(0, this.tailLen));
      this.tail = grown;
    }
    this.tail.set(bytes, this.tailLen);
    this.tailLen += bytes.length;
  }

  /** Merges the parts into one private chunk (bounded part lists for append-heavy files). */
  #compact(): void {
    const all = this.#realBytes();
    this.parts = [all];
    this.#partsLen = all.length;
  }

  #realBytes(): Uint8Array {
    const out = new Uint8Array(this.#partsLen);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** A fresh copy of all the bytes (callers may change it). */
  bytes(): Uint8Array {
    const size = this.size;
    const out = this.synth ? syntheticBytes(size) : new Uint8Array(size);
    let at = this.synth;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    if (this.tail) out.set(this.tail.subarray(0, this.tailLen), at);
    return out;
  }
}
