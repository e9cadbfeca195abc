/**
 * The shim's live stream (`<container dir>/live`): every chunk of output as it arrived, in
 * frames like Docker's attach stream — stream byte (1 stdout, 2 stderr), three zero bytes,
 * a big-endian 32-bit length, the bytes. Attached clients read it: the json-file holds only
 * whole lines, so a prompt or the echo of a typed key would wait there for a newline.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface LiveChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Reads whole frames from `offset`; a frame still being written is left for next time. */
export class LiveReader {
  offset = 0;
  readonly #decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  /** Start at the current end (a client attaching to a running container sees what comes next). */
  fromNow(): void {
    this.offset = liveSize(this.file);
  }

  read(): LiveChunk[] {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) this.offset = 0; // a new run truncated it
      if (size === this.offset) return [];
      const buf = Buffer.alloc(size - this.offset);
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      const out: LiveChunk[] = [];
      let at = 0;
      while (at + 8 <= n) {
        const len = buf.readUInt32BE(at + 4);
        if (at + 8 + len > n) break;
        const stream = buf[at] === 2 ? 'stderr' : 'stdout';
        const text = this.#decoders[stream].write(buf.subarray(at + 8, at + 8 + len));
        if (text) out.push({ stream, text });
        at += 8 + len;
      }
      this.offset += at;
      return out;
    } finally {
      closeSync(fd);
    }
  }
}

export function liveSize(file: string): number {
  try {
    const fd = openSync(file, 'r');
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}

/** Empties the live stream (nobody reads what was written before now). */
export function truncateLive(file: string): void {
  try {
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* no stream */
  }
}
