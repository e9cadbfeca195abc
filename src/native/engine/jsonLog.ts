/**
 * Reading Docker's json-file log that the runtime's shim writes per container:
 * one JSON object per line, `{"log":"hi\n","stream":"stdout","time":"…Z"}`.
 * Only complete lines (ending in "\n") are read; a line still being written is
 * left for the next read.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LogLine } from '../../sim/api.ts';

export interface LogEntry extends LogLine {
  /** ms since the epoch (fractional), parsed from `time`. */
  ms: number;
}

/** Parses an RFC 3339 time with up to 9 fraction digits into fractional ms. */
export function parseRfc3339Ms(time: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!m) return Date.parse(time);
  const whole = Date.parse(`${m[1]}${m[3]}`);
  const frac = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + frac;
}

/** The fixed 9-digit RFC3339Nano form `docker logs -t` prints. */
export function fixedNano(time: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(time);
  if (!m) return time;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z`;
}

/**
 * Reads complete lines of `path` from byte `offset`. Returns the entries and the
 * offset after the last complete line (unchanged when the file is missing).
 */
export function readLogFrom(path: string, offset: number, end = Infinity): { entries: LogEntry[]; offset: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { entries: [], offset };
  }
  try {
    const size = Math.min(fstatSync(fd).size, end);
    if (size <= offset) return { entries: [], offset: Math.min(offset, size) };
    const buf = Buffer.alloc(size - offset);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, offset + got);
      if (n <= 0) break;
      got += n;
    }
    const last = buf.lastIndexOf(0x0a, got - 1);
    if (last < 0) return { entries: [], offset };
    const text = buf.subarray(0, last + 1).toString('utf8');
    const entries: LogEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const j = JSON.parse(line) as { log?: string; stream?: string; time?: string };
        if (typeof j.log !== 'string' || typeof j.time !== 'string') continue;
        const stream = j.stream === 'stderr' ? 'stderr' : 'stdout';
        entries.push({ stream, text: j.log, time: fixedNano(j.time), ms: parseRfc3339Ms(j.time) });
      } catch {
        /* a damaged line: skipped, as the json-file driver's reader does */
      }
    }
    return { entries, offset: offset + last + 1 };
  } finally {
    closeSync(fd);
  }
}

/** The current size of a file (0 if missing). */
export function fileSize(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 0;
  }
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** The byte offset just after the last complete line of the file, scanning from `from`. */
export function lineEnd(path: string, from: number): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return from;
  }
  try {
    const size = fstatSync(fd).size;
    let end = size;
    const chunk = Buffer.alloc(64 * 1024);
    while (end > from) {
      const start = Math.max(from, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      const nl = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (nl >= 0) return start + nl + 1;
      end = start;
    }
    return from;
  } finally {
    closeSync(fd);
  }
}
