/**
 * Open file descriptions: what a process's fd table points at. Reads are
 * non-blocking here (`tryRead` returns undefined when it would block, and
 * `waitReadable` registers a one-shot waker); the Proc turns that into a
 * blocking read on the virtual clock. Writes never block (pipes apply back
 * pressure through `full`, which the scheduler checks at the writer's next tick).
 */
import type { FileSystem } from '../fs/types.ts';
import type { OutputStream } from './types.ts';

export type Waker = () => void;
export type WriteResult = true | 'EPIPE' | 'ENOSPC';

export abstract class Fd {
  refs = 1;
  /** Set by a failed read (e.g. 'EISDIR'). */
  error: string | undefined;
  readable = false;
  writable = false;
  /** Read what is there: a line (with its "\n") when `line`, else everything. null = EOF, undefined = would block. */
  tryRead(_line: boolean): string | null | undefined {
    return null;
  }
  /** Registers a one-shot waker for when tryRead may succeed; returns a cancel function. */
  waitReadable(_w: Waker): Waker {
    return () => {};
  }
  /** true, or the errno of a failed write ('EPIPE': no reader left; 'ENOSPC': /dev/full). */
  write(_data: string): WriteResult {
    return true;
  }
  /** True while the reader is behind (pipe over capacity): the writer should wait. */
  full(): boolean {
    return false;
  }
  waitWritable(_w: Waker): Waker {
    return () => {};
  }
  dup(): this {
    this.refs++;
    return this;
  }
  close(): void {
    if (--this.refs === 0) this.release();
  }
  protected release(): void {}
  /** A terminal? (isatty) */
  get tty(): TtyLike | undefined {
    return undefined;
  }
}

/** The slice of the TTY that fds and programs see. */
export interface TtyLike {
  fgPgid: number;
  raw: boolean;
  cols: number;
  rows: number;
  /** Raw mode: no ICANON, ECHO or ISIG (busybox's line editor, top). */
  setRaw(raw: boolean): void;
}

/** /dev/null: reads EOF, swallows writes. Also stdin when nothing can ever write to it. */
export class NullFd extends Fd {
  constructor() {
    super();
    this.readable = true;
    this.writable = true;
  }
}

/** /dev/zero and friends: endless content. */
export class ZeroFd extends Fd {
  readonly fill: () => string;
  constructor(fill: () => string) {
    super();
    this.fill = fill;
    this.readable = true;
    this.writable = true;
  }
  override tryRead(): string {
    return this.fill();
  }
}

/** /dev/full: writes fail with ENOSPC (reported as a broken write). */
export class FullFd extends ZeroFd {
  override write(): WriteResult {
    return 'ENOSPC';
  }
}

/** Where a container's stdout/stderr go: the engine's callbacks (buffered until one is registered). */
export class Sink {
  #cbs: ((stream: OutputStream, data: string) => void)[] = [];
  #pending: [OutputStream, string][] | null = [];
  emit(stream: OutputStream, data: string): void {
    if (data === '') return;
    if (this.#cbs.length === 0) {
      if (this.#pending && this.#pending.length < 10_000) this.#pending.push([stream, data]);
      return;
    }
    for (const cb of this.#cbs) cb(stream, data);
  }
  listen(cb: (stream: OutputStream, data: string) => void): void {
    this.#cbs.push(cb);
    const p = this.#pending;
    this.#pending = null;
    if (p) for (const [s, d] of p) cb(s, d);
  }
}

export class SinkFd extends Fd {
  readonly sink: Sink;
  readonly stream: OutputStream;
  constructor(sink: Sink, stream: OutputStream) {
    super();
    this.sink = sink;
    this.stream = stream;
    this.writable = true;
  }
  override write(data: string): WriteResult {
    this.sink.emit(this.stream, data);
    return true;
  }
}

const PIPE_CAPACITY = 65536;

/** A pipe buffer with reader/writer counts (one PipeEnd per side, refcounted via dup/close). */
export class Pipe {
  buf = '';
  readers = 0;
  writers = 0;
  #rwait: Waker[] = [];
  #wwait: Waker[] = [];
  readEnd(): PipeEnd {
    this.readers++;
    return new PipeEnd(this, true);
  }
  writeEnd(): PipeEnd {
    this.writers++;
    return new PipeEnd(this, false);
  }
  write(data: string): WriteResult {
    if (this.readers === 0) return 'EPIPE';
    this.buf += data;
    if (data) this.#wake(this.#rwait);
    return true;
  }
  tryRead(line: boolean): string | null | undefined {
    if (this.buf === '') return this.writers === 0 ? null : undefined;
    let out: string;
    if (line) {
      const i = this.buf.indexOf('\n');
      if (i < 0) {
        if (this.writers > 0) return undefined;
        out = this.buf;
      } else out = this.buf.slice(0, i + 1);
    } else out = this.buf;
    this.buf = this.buf.slice(out.length);
    if (this.buf.length < PIPE_CAPACITY) this.#wake(this.#wwait);
    return out;
  }
  full(): boolean {
    return this.buf.length >= PIPE_CAPACITY && this.readers > 0;
  }
  waitReadable(w: Waker): Waker {
    return this.#add(this.#rwait, w);
  }
  waitWritable(w: Waker): Waker {
    return this.#add(this.#wwait, w);
  }
  closeEnd(read: boolean): void {
    if (read) {
      if (--this.readers === 0) {
        this.buf = '';
        this.#wake(this.#wwait);
      }
    } else if (--this.writers === 0) this.#wake(this.#rwait);
  }
  #add(list: Waker[], w: Waker): Waker {
    list.push(w);
    return () => {
      const i = list.indexOf(w);
      if (i >= 0) list.splice(i, 1);
    };
  }
  #wake(list: Waker[]): void {
    if (!list.length) return;
    const ws = list.splice(0);
    for (const w of ws) w();
  }
}

export class PipeEnd extends Fd {
  readonly pipe: Pipe;
  readonly isRead: boolean;
  constructor(pipe: Pipe, isRead: boolean) {
    super();
    this.pipe = pipe;
    this.isRead = isRead;
    this.readable = isRead;
    this.writable = !isRead;
  }
  override tryRead(line: boolean): string | null | undefined {
    return this.isRead ? this.pipe.tryRead(line) : null;
  }
  override waitReadable(w: Waker): Waker {
    return this.pipe.waitReadable(w);
  }
  override write(data: string): WriteResult {
    return this.isRead ? true : this.pipe.write(data);
  }
  override full(): boolean {
    return !this.isRead && this.pipe.full();
  }
  override waitWritable(w: Waker): Waker {
    return this.pipe.waitWritable(w);
  }
  protected override release(): void {
    this.pipe.closeEnd(this.isRead);
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** An open regular file: reads from a byte offset, writes append (O_APPEND) or at the offset. */
export class FileFd extends Fd {
  readonly fs: FileSystem;
  readonly path: string;
  offset = 0;
  readonly append: boolean;
  constructor(fs: FileSystem, path: string, mode: { read: boolean; write: boolean; append: boolean }) {
    super();
    this.fs = fs;
    this.path = path;
    this.readable = mode.read;
    this.writable = mode.write;
    this.append = mode.append;
  }
  override tryRead(line: boolean): string | null {
    let bytes: Uint8Array;
    try {
      bytes = this.fs.readFile(this.path);
    } catch {
      return null;
    }
    if (this.offset >= bytes.length) return null;
    let end = bytes.length;
    if (line) {
      const i = bytes.indexOf(10, this.offset);
      if (i >= 0) end = i + 1;
    }
    const out = dec.decode(bytes.subarray(this.offset, end));
    this.offset = end;
    return out;
  }
  override write(data: string): WriteResult {
    try {
      if (this.append) {
        this.fs.writeFile(this.path, data, { append: true });
        return true;
      }
      const bytes = enc.encode(data);
      const size = this.fs.stat(this.path).size;
      if (this.offset === size) this.fs.writeFile(this.path, bytes, { append: true });
      else {
        const old = this.fs.readFile(this.path);
        const out = new Uint8Array(Math.max(old.length, this.offset + bytes.length));
        out.set(old);
        out.set(bytes, this.offset);
        this.fs.writeFile(this.path, out);
      }
      this.offset += bytes.length;
      return true;
    } catch {
      return true;
    }
  }
}
