/**
 * Docker's json-file log format: one JSON object per line,
 *   {"log":"hi\n","stream":"stdout","time":"2024-01-02T03:04:05.123456789Z"}
 * A message is one line of output including its "\n"; a line longer than 16 KiB is cut
 * into 16 KiB pieces without "\n" (Docker's buffer size), and output that ends without a
 * newline is written as a final piece without "\n". Like Go's encoder, <, > and & are
 * escaped as \u003c, \u003e, \u0026 (and U+2028/U+2029 too).
 */
import { openSync, readFileSync, writeSync } from 'node:fs';
import { nowRfc3339Nano } from './proc.ts';

export type Stream = 'stdout' | 'stderr';

export interface JsonLogEntry {
  log: string;
  stream: Stream;
  time: string;
}

export const MAX_LOG_MESSAGE = 16 * 1024;

export function formatLogLine(log: string, stream: Stream, time: string): string {
  const esc = (s: string) =>
    JSON.stringify(s)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
  return `{"log":${esc(log)},"stream":"${stream}","time":"${time}"}\n`;
}

export function parseLogLine(line: string): JsonLogEntry | null {
  try {
    const v = JSON.parse(line) as JsonLogEntry;
    if (typeof v.log !== 'string' || (v.stream !== 'stdout' && v.stream !== 'stderr')) return null;
    return v;
  } catch {
    return null;
  }
}

/** All entries of a json-file log (a torn last line, from a crash mid-write, is skipped). */
export function readLogFile(file: string): JsonLogEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: JsonLogEntry[] = [];
  for (const l of text.split('\n')) {
    if (!l) continue;
    const e = parseLogLine(l);
    if (e) out.push(e);
  }
  return out;
}

/**
 * Splits a byte stream into log messages and appends them to a json-file log. One writer
 * per stream; several writers may share the file (each entry is one write(2) with O_APPEND).
 */
export class LogWriter {
  private buf: Buffer = Buffer.alloc(0);
  private readonly fd: number;
  private readonly stream: Stream;
  /** A message to drop instead of logging (runc's own start error line). */
  filter: ((text: string) => boolean) | null = null;

  constructor(fd: number, stream: Stream) {
    this.fd = fd;
    this.stream = stream;
  }

  write(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0 && nl < MAX_LOG_MESSAGE) {
        this.emit(this.buf.subarray(0, nl + 1));
        this.buf = this.buf.subarray(nl + 1);
      } else if (this.buf.length >= MAX_LOG_MESSAGE) {
        this.emit(this.buf.subarray(0, MAX_LOG_MESSAGE));
        this.buf = this.buf.subarray(MAX_LOG_MESSAGE);
      } else break;
    }
  }

  /** End of stream: log what is left (without "\n"). */
  end(): void {
    if (this.buf.length) this.emit(this.buf);
    this.buf = Buffer.alloc(0);
  }

  private emit(bytes: Buffer): void {
    const text = bytes.toString('utf8');
    if (this.filter?.(text)) return;
    writeSync(this.fd, formatLogLine(text, this.stream, nowRfc3339Nano()));
  }
}

export function openLogForAppend(file: string): number {
  return openSync(file, 'a', 0o640);
}
