/**
 * Terminal display width, as docker/cli computes it.
 *
 * - `stringWidth`: go-runewidth's StringWidth (non-East-Asian locale), used by
 *   docker/cli's own tabwriter fork since Docker 23: printable ASCII counts 1,
 *   and each extended grapheme cluster counts the width of its first rune of
 *   non-zero width (so "👍🏽" and "👨‍💻" are 2, "中" is 2, "é" (e + U+0301) is 1).
 *   Clusters come from Intl.Segmenter (UAX #29), as runewidth's uax29 does.
 * - `charWidth` / `ellipsis`: docker/cli's formatter.Ellipsis (ps COMMAND and
 *   NAMES truncation), which sums per-rune widths: East Asian Wide/Fullwidth
 *   count 2, every other rune (combining marks too) 1.
 *
 * Tables: go-runewidth v0.0.24 (vendored by docker/cli), Unicode data (facts).
 * The EastAsianWidth=true mode (CJK locale: ambiguous runes count 2) is not modelled.
 */

const COMBINING = [
  0x0300, 0x036F, 0x0483, 0x0489, 0x07EB, 0x07F3, 0x0C00, 0x0C00, 0x0C04, 0x0C04, 0x0CF3, 0x0CF3,
  0x0D00, 0x0D01, 0x135D, 0x135F, 0x180B, 0x180D, 0x180F, 0x180F, 0x1A7F, 0x1A7F, 0x1AB0, 0x1ADD,
  0x1AE0, 0x1AEB, 0x1B6B, 0x1B73, 0x1DC0, 0x1DFF, 0x20D0, 0x20F0, 0x2CEF, 0x2CF1, 0x2DE0, 0x2DFF,
  0x3099, 0x309A, 0xA66F, 0xA672, 0xA674, 0xA67D, 0xA69E, 0xA69F, 0xA6F0, 0xA6F1, 0xA8E0, 0xA8F1,
  0xFE00, 0xFE0F, 0xFE20, 0xFE2F, 0x101FD, 0x101FD, 0x10376, 0x1037A, 0x10EAB, 0x10EAC,
  0x10F46, 0x10F50, 0x10F82, 0x10F85, 0x11300, 0x11301, 0x1133B, 0x1133C, 0x11366, 0x1136C,
  0x11370, 0x11374, 0x16AF0, 0x16AF4, 0x1CF00, 0x1CF2D, 0x1CF30, 0x1CF46, 0x1D165, 0x1D169,
  0x1D16D, 0x1D172, 0x1D17B, 0x1D182, 0x1D185, 0x1D18B, 0x1D1AA, 0x1D1AD, 0x1D242, 0x1D244,
  0x1E000, 0x1E006, 0x1E008, 0x1E018, 0x1E01B, 0x1E021, 0x1E023, 0x1E024, 0x1E026, 0x1E02A,
  0x1E08F, 0x1E08F, 0x1E8D0, 0x1E8D6, 0xE0100, 0xE01EF,
];

const DOUBLEWIDTH = [
  0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
  0x25FD, 0x25FE, 0x2614, 0x2615, 0x2630, 0x2637, 0x2648, 0x2653, 0x267F, 0x267F, 0x268A, 0x268F,
  0x2693, 0x2693, 0x26A1, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE,
  0x26D4, 0x26D4, 0x26EA, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD,
  0x2705, 0x2705, 0x270A, 0x270B, 0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755,
  0x2757, 0x2757, 0x2795, 0x2797, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50,
  0x2B55, 0x2B55, 0x2E80, 0x2E99, 0x2E9B, 0x2EF3, 0x2F00, 0x2FD5, 0x2FF0, 0x303E, 0x3041, 0x3096,
  0x3099, 0x30FF, 0x3105, 0x312F, 0x3131, 0x318E, 0x3190, 0x31E5, 0x31EF, 0x321E, 0x3220, 0x3247,
  0x3250, 0xA48C, 0xA490, 0xA4C6, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xF900, 0xFAFF, 0xFE10, 0xFE19,
  0xFE30, 0xFE52, 0xFE54, 0xFE66, 0xFE68, 0xFE6B, 0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x16FE4,
  0x16FF0, 0x16FF6, 0x17000, 0x18CD5, 0x18CFF, 0x18D1E, 0x18D80, 0x18DF2, 0x1AFF0, 0x1AFF3,
  0x1AFF5, 0x1AFFB, 0x1AFFD, 0x1AFFE, 0x1B000, 0x1B122, 0x1B132, 0x1B132, 0x1B150, 0x1B152,
  0x1B155, 0x1B155, 0x1B164, 0x1B167, 0x1B170, 0x1B2FB, 0x1D300, 0x1D356, 0x1D360, 0x1D376,
  0x1F004, 0x1F004, 0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F200, 0x1F202,
  0x1F210, 0x1F23B, 0x1F240, 0x1F248, 0x1F250, 0x1F251, 0x1F260, 0x1F265, 0x1F300, 0x1F320,
  0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA, 0x1F3CF, 0x1F3D3,
  0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440, 0x1F442, 0x1F4FC,
  0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A, 0x1F595, 0x1F596,
  0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2,
  0x1F6D5, 0x1F6D8, 0x1F6DC, 0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7EB,
  0x1F7F0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1F9FF, 0x1FA70, 0x1FA7C,
  0x1FA80, 0x1FA8A, 0x1FA8E, 0x1FAC6, 0x1FAC8, 0x1FAC8, 0x1FACD, 0x1FADC, 0x1FADF, 0x1FAEA,
  0x1FAEF, 0x1FAF8, 0x20000, 0x2FFFD, 0x30000, 0x3FFFD,
];

function inTable(r: number, t: readonly number[]): boolean {
  let lo = 0;
  let hi = t.length / 2 - 1;
  if (r < (t[0] ?? 0) || r > (t[t.length - 1] ?? 0)) return false;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((t[2 * mid + 1] ?? 0) < r) lo = mid + 1;
    else if ((t[2 * mid] ?? 0) > r) hi = mid - 1;
    else return true;
  }
  return false;
}

/** runewidth's non-printing runes (width 0). */
function isNonPrint(r: number): boolean {
  return (
    r <= 0x1f ||
    (r >= 0x7f && r <= 0x9f) ||
    r === 0xad ||
    r === 0x70f ||
    (r >= 0x180b && r <= 0x180e) ||
    (r >= 0x200b && r <= 0x200f) ||
    (r >= 0x2028 && r <= 0x202e) ||
    (r >= 0x206a && r <= 0x206f) ||
    (r >= 0xd800 && r <= 0xdfff) ||
    r === 0xfeff ||
    (r >= 0xfff9 && r <= 0xfffb) ||
    r === 0xfffe ||
    r === 0xffff
  );
}

/** runewidth.RuneWidth (EastAsianWidth=false). */
export function runeWidth(r: number): number {
  if (r < 0 || r > 0x10ffff) return 0;
  if (r < 0x20) return 0;
  if ((r >= 0x7f && r <= 0x9f) || r === 0xad) return 0;
  if (r < 0x300) return 1;
  if (isNonPrint(r) || inTable(r, COMBINING)) return 0;
  if (inTable(r, DOUBLEWIDTH)) return 2;
  return 1;
}

type Segmenter = { segment(s: string): Iterable<{ segment: string }> };
let segmenter: Segmenter | null | undefined;

function graphemes(s: string): Iterable<string> {
  if (segmenter === undefined) {
    const Seg = (Intl as unknown as { Segmenter?: new (l?: string, o?: object) => Segmenter }).Segmenter;
    segmenter = Seg ? new Seg(undefined, { granularity: 'grapheme' }) : null;
  }
  if (segmenter === null) return Array.from(s); // no Intl.Segmenter: one rune per cluster
  const seg = segmenter;
  return (function* () {
    for (const g of seg.segment(s)) yield g.segment;
  })();
}

/** runewidth.StringWidth: display cells of s. */
export function stringWidth(s: string): number {
  // Fast path: Latin text (below U+0300, where nothing combines or is wide) and the "…"
  // that ps puts in COMMAND: one cell per printable character, no grapheme segmentation.
  let width = 0;
  let simple = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x300 && c !== 0x2026) {
      simple = false;
      break;
    }
    if (c >= 0x20 && !(c >= 0x7f && c <= 0x9f) && c !== 0xad) width++;
  }
  if (simple) return width;
  width = 0;
  for (const g of graphemes(s)) {
    for (const ch of g) {
      const w = runeWidth(ch.codePointAt(0) ?? 0);
      if (w > 0) {
        width += w;
        break;
      }
    }
  }
  return width;
}

/** docker/cli formatter charWidth: 2 for East Asian Wide/Fullwidth, else 1. */
export function charWidth(r: number): number {
  return inTable(r, DOUBLEWIDTH) ? 2 : 1;
}

/**
 * docker/cli formatter.Ellipsis(s, maxDisplayWidth): truncates to fit the width
 * and appends "…". Width 1 returns the first rune (of any width); an empty
 * string with width 1 panics in Go (index out of range), here it returns "".
 */
export function ellipsis(s: string, maxDisplayWidth: number): string {
  if (maxDisplayWidth <= 0) return '';
  const rs = Array.from(s);
  if (maxDisplayWidth === 1) return rs[0] ?? '';
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (s.length <= maxDisplayWidth) return s;
    return s.slice(0, maxDisplayWidth - 1) + '…';
  }
  const display: number[] = [];
  let total = 0;
  for (const ch of rs) {
    total += charWidth(ch.codePointAt(0) ?? 0);
    display.push(total);
  }
  if (total <= maxDisplayWidth) return s;
  for (let i = 0; i < display.length; i++) {
    const cur = display[i] ?? 0;
    const next = display[i + 1] ?? 0;
    if (cur <= maxDisplayWidth - 1 && next > maxDisplayWidth - 1) return rs.slice(0, i + 1).join('') + '…';
  }
  // Only reached when the first rune alone is wider than maxDisplayWidth-1: Go
  // never finds a cut point and returns s unchanged.
  return s;
}
