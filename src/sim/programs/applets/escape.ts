/** busybox's bb_process_escape_sequence: `s[i]` is the char after the backslash. Returns [char, next index]. */
export function escapeAt(s: string, i: number): [string, number] {
  let q = i;
  let n = 0;
  let digits = 0;
  let base = 8;
  if (s[q] === 'x') {
    q++;
    base = 16;
    digits++;
  }
  do {
    const ch = s[q];
    if (ch === undefined) break;
    let d = ch.charCodeAt(0) - 48;
    if (d >= 10 || d < 0) {
      const l = ch.toLowerCase().charCodeAt(0) - 97;
      d = l >= 0 ? l + 10 : 99;
    }
    if (d >= base) {
      if (base === 16) {
        digits--;
        if (digits === 0) return ['\\', i];
      }
      break;
    }
    const r = n * base + d;
    if (r > 255) break;
    n = r;
    q++;
  } while (++digits < 3);
  if (digits === 0) {
    const map: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    const c = s[q];
    if (c !== undefined && map[c] !== undefined) return [map[c]!, q + 1];
    return ['\\', q];
  }
  return [String.fromCharCode(n), q];
}
