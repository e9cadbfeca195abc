/**
 * Standard streams of host commands: sinks (the terminal, a file, a pipe, a
 * collector for $(…)) and sources (the terminal, a file, a pipe). Data is text
 * or bytes, kept as it was written: `docker export > f` writes the tar's bytes
 * untouched, `cat f | docker import -` hands them on untouched.
 */
import type { MemoryFs } from '../../sim/fs/memory.ts';

export type Chunk = string | Uint8Array;

export interface Sink {
  /** Whether this is the terminal (docker export refuses to write a tar to it). */
  readonly tty: boolean;
  write(data: Chunk): void;
  /** No more data (the reading side of a pipe sees EOF). */
  end(): void;
}

export interface Source {
  readonly tty: boolean;
  /** Data as it arrives, then onEnd() once. Returns an unsubscribe. */
  read(onData: (data: Chunk) => void, onEnd: () => void): () => void;
}

const encoder = new TextEncoder();

export function toBytes(data: Chunk): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** Each byte as one character (what the docker CLI's stdin readers take for binary data). */
export function latin1(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i += 8192) s += String.fromCharCode(...data.subarray(i, i + 8192));
  return s;
}

/** Turns chunks into text, decoding UTF-8 split across chunks. */
export class TextJoiner {
  readonly #dec = new TextDecoder();
  text(data: Chunk): string {
    return typeof data === 'string' ? data : this.#dec.decode(data, { stream: true });
  }
  flush(): string {
    return this.#dec.decode();
  }
}

export const NULL_SINK: Sink = { tty: false, write() {}, end() {} };

export const EMPTY_SOURCE: Source = {
  tty: false,
  read(_onData, onEnd) {
    queueMicrotask(onEnd);
    return () => {};
  },
};

/** A sink that keeps everything (command substitution). */
export class CollectSink implements Sink {
  readonly tty = false;
  readonly #j = new TextJoiner();
  text = '';
  write(data: Chunk): void {
    this.text += this.#j.text(data);
  }
  end(): void {
    this.text += this.#j.flush();
  }
}

/** A sink that writes into a host file as data comes (the file was created or truncated when opened). */
export class FileSink implements Sink {
  readonly tty = false;
  readonly #fs: MemoryFs;
  readonly #path: string;
  constructor(fs: MemoryFs, path: string) {
    this.#fs = fs;
    this.#path = path;
  }
  write(data: Chunk): void {
    const bytes = toBytes(data);
    if (bytes.length) this.#fs.writeFile(this.#path, bytes, { append: true });
  }
  end(): void {}
}

/** Bytes read from a file, delivered once someone reads. */
export function bytesSource(bytes: Uint8Array): Source {
  return {
    tty: false,
    read(onData, onEnd) {
      let live = true;
      queueMicrotask(() => {
        if (!live) return;
        if (bytes.length) onData(bytes);
        onEnd();
      });
      return () => (live = false);
    },
  };
}

/** A pipe: what the writer writes, the reader reads (buffered until the reader comes). */
export class Pipe {
  readonly #queue: Chunk[] = [];
  #ended = false;
  #reader: { onData: (d: Chunk) => void; onEnd: () => void } | undefined;

  readonly sink: Sink = {
    tty: false,
    write: (data) => {
      if (this.#ended) return;
      if (this.#reader) this.#reader.onData(data);
      else this.#queue.push(data);
    },
    end: () => {
      if (this.#ended) return;
      this.#ended = true;
      this.#reader?.onEnd();
    },
  };

  readonly source: Source = {
    tty: false,
    read: (onData, onEnd) => {
      const reader = { onData, onEnd };
      let live = true;
      queueMicrotask(() => {
        if (!live) return;
        for (const d of this.#queue.splice(0)) onData(d);
        if (this.#ended) onEnd();
        else this.#reader = reader;
      });
      return () => {
        live = false;
        if (this.#reader === reader) this.#reader = undefined;
      };
    },
  };
}

/** Reads a whole source. */
export function readAll(src: Source, signal?: AbortSignal): Promise<Chunk[]> {
  return new Promise((resolve) => {
    const chunks: Chunk[] = [];
    let off = () => {};
    const done = () => {
      off();
      signal?.removeEventListener('abort', done);
      resolve(chunks);
    };
    off = src.read((d) => chunks.push(d), done);
    signal?.addEventListener('abort', done);
  });
}
