import { describe, expect, it } from 'vitest';
import { charWidth, ellipsis, runeWidth, stringWidth } from '../../../../src/sim/cli/format/runewidth.ts';
import { quote } from '../../../../src/sim/cli/format/quote.ts';

describe('runeWidth (go-runewidth, non-CJK locale)', () => {
  it.each([
    [0x00, 0],
    [0x1f, 0],
    [0x20, 1],
    [0x7e, 1],
    [0x7f, 0],
    [0x9f, 0],
    [0xa0, 1],
    [0xad, 0],
    [0x300, 0], // combining grave
    [0x200b, 0], // zero width space
    [0x200d, 0], // ZWJ
    [0xfe0f, 0], // variation selector
    [0x1100, 2], // Hangul Jamo
    [0x115f, 2],
    [0x1160, 1],
    [0x3000, 2],
    [0x4e2d, 2],
    [0xac00, 2],
    [0xff01, 2],
    [0xff61, 1], // halfwidth katakana punctuation
    [0x1f600, 2],
    [0x1f1e8, 1], // regional indicator
    [0x2026, 1],
    [0x20000, 2],
  ])('U+%s', (r, w) => {
    expect(runeWidth(r)).toBe(w);
  });
});

describe('stringWidth (docker/cli tabwriter cells)', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['a\tb', 2],
    ['中文描述', 8],
    ['a👍🏽b', 4], // skin tone modifier joins the cluster
    ['👨‍💻', 2], // ZWJ sequence
    ['❤️', 1], // U+2764 is narrow; FE0F adds nothing
    ['🇨🇳', 1], // a flag: regional indicators are narrow
    ['e\u0301t\u00e9', 3],
    ['ｆｕｌｌ', 8],
    ['ｱｲｳ', 3],
  ])('%j -> %i', (s, w) => {
    expect(stringWidth(s)).toBe(w);
  });
});

describe('ellipsis (formatter.Ellipsis)', () => {
  it.each([
    ['abcdefghijklmnopqrstuvwxyz', 20, 'abcdefghijklmnopqrs…'],
    ['abcdefghijklmnopqrst', 20, 'abcdefghijklmnopqrst'],
    ['abcdefghijklmnopqrstu', 20, 'abcdefghijklmnopqrs…'],
    ['abc', 3, 'abc'],
    ['abcd', 3, 'ab…'],
    ['abcd', 2, 'a…'],
    ['abcd', 1, 'a'],
    ['abcd', 0, ''],
    ['abcd', -1, ''],
    ['中文中文中文中文中文中文', 20, '中文中文中文中文中…'],
    ['中文中文中文中文中文', 20, '中文中文中文中文中文'],
    ['中abc', 1, '中'],
    ['中abc', 2, '中abc'], // no cut point: Go returns the string unchanged
    ['中abc', 3, '中…'],
    ['e\u0301e\u0301e\u0301', 4, 'e\u0301e…'], // combining marks count 1 here
    ['', 1, ''],
  ])('(%j, %i)', (s, n, want) => {
    expect(ellipsis(s, n)).toBe(want);
  });

  it('docker ps COMMAND: ellipsis to 20, then strconv.Quote', () => {
    expect(quote(ellipsis("nginx -g 'daemon off;'", 20))).toBe('"nginx -g \'daemon of…"');
    expect(quote(ellipsis('/docker-entrypoint.sh', 20))).toBe('"/docker-entrypoint.…"');
    expect(quote(ellipsis('sh -c "echo 你好世界，容器课堂"', 20))).toBe('"sh -c \\"echo 你好世…"');
  });

  it('charWidth: East Asian Wide and Fullwidth are 2', () => {
    expect([0x41, 0x4e2d, 0xff21, 0xff61, 0x1f600, 0x300].map(charWidth)).toEqual([1, 2, 2, 1, 2, 1]);
  });
});
