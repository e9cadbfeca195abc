/**
 * Which simulated program a file runs. The simulator's executables are files
 * tagged with a program name (Stat.exe) whose bytes are a synthetic filler (an
 * ELF header, then zeros). On export the tag is written into the filler as a
 * marker, so that the file keeps its size and stays an ELF file for `tar` and
 * Docker, and an import gets the tag back. Real binaries from a real Docker
 * export are recognised by content (busybox by its version string).
 */
import { utf8, utf8Decoder } from './paths.ts';

const ELF = [0x7f, 0x45, 0x4c, 0x46];
const MARKER_OFFSET = 64;
const MARKER_HEAD = utf8.encode('\0container-classroom:exe=');

function isElf(data: Uint8Array): boolean {
  return data.length >= 4 && ELF.every((b, i) => data[i] === b);
}

function allZero(data: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (data[i] !== 0) return false;
  return true;
}

/**
 * The bytes to archive for a file tagged `exe`: when its content is the synthetic
 * filler (zeros where the marker goes), a copy with the marker written in.
 */
export function withExeMarker(data: Uint8Array, exe: string): Uint8Array {
  const mark = utf8.encode(exe + '\0');
  const end = MARKER_OFFSET + MARKER_HEAD.length + mark.length;
  if (!isElf(data) || data.length < end || !allZero(data, MARKER_OFFSET, end)) return data;
  const out = data.slice();
  out.set(MARKER_HEAD, MARKER_OFFSET);
  out.set(mark, MARKER_OFFSET + MARKER_HEAD.length);
  return out;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0, to = hay.length): number {
  const first = needle[0]!;
  for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= to; i = hay.indexOf(first, i + 1)) {
    let ok = true;
    for (let j = 1; j < needle.length; j++) {
      if (hay[i + j] !== needle[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return -1;
}

const BUSYBOX = utf8.encode('BusyBox v');

/** The simulated program a file's bytes stand for, if any. */
export function identifyExe(data: Uint8Array): string | undefined {
  if (!isElf(data)) return undefined;
  const head = data.subarray(MARKER_OFFSET, MARKER_OFFSET + MARKER_HEAD.length);
  if (head.length === MARKER_HEAD.length && head.every((b, i) => b === MARKER_HEAD[i])) {
    const start = MARKER_OFFSET + MARKER_HEAD.length;
    const end = data.indexOf(0, start);
    if (end > start && end - start <= 64) {
      const name = utf8Decoder.decode(data.subarray(start, end));
      if (/^[A-Za-z0-9._+-]+$/.test(name)) return name;
    }
  }
  if (indexOf(data, BUSYBOX) >= 0) return 'busybox';
  return undefined;
}
