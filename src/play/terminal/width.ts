/** Terminal cell widths: East Asian wide characters take two cells, control characters none. */

/** Cells one code point takes on a terminal. */
export function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp >= 0x300 && cp < 0x370) return 0; // combining marks
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Cells a string takes (no escape sequences expected). */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** A position on the screen relative to where the prompt starts (row 0). */
export interface Cell {
  row: number;
  col: number;
}

/**
 * Where the cursor lands after writing `s` from `from` on a terminal `cols` wide
 * with auto-wrap: a wide character that does not fit moves to the next row, and
 * a full row counts as the start of the next (the pending wrap is resolved).
 */
export function advance(from: Cell, s: string, cols: number): Cell {
  let { row, col } = from;
  for (const ch of s) {
    const w = charWidth(ch.codePointAt(0)!);
    if (w === 0) continue;
    if (col + w > cols) {
      row++;
      col = 0;
    }
    col += w;
    if (col >= cols) {
      row++;
      col = 0;
    }
  }
  return { row, col };
}
