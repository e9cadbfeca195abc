import { describe, expect, it } from 'vitest';
import {
  byteLength,
  canBackquote,
  isPrint,
  quote,
  quoteRune,
  quoteToASCII,
  runeCount,
  truncateBytes,
  truncateRunes,
  unquote,
  unquoteChar,
} from '../../../../src/sim/cli/format/quote.ts';

describe('quote (strconv.Quote)', () => {
  it('matches real Go output for every escape class', () => {
    // go1.24: printf "%q" of the same string
    const s = '\x00\x07\b\f\n\r\t\v\x7f\u00a0\u2026\u200b\u{1F600}é"\\\'\u3000中\uFEFF\u{E0001}\u0300';
    expect(quote(s)).toBe('"\\x00\\a\\b\\f\\n\\r\\t\\v\\x7f\\u00a0…\\u200b😀é\\"\\\\\'\\u3000中\\ufeff\\U000e0001\u0300"');
  });

  it.each([
    ['', '""'],
    ['abc', '"abc"'],
    ['nginx -g \'daemon of…', '"nginx -g \'daemon of…"'],
    ['sh -c "echo hi"', '"sh -c \\"echo hi\\""'],
    ['a\tb', '"a\\tb"'],
    ['\u001b[0m', '"\\x1b[0m"'],
    ['\u0085', '"\\u0085"'],
    ['\u{10FFFF}', '"\\U0010ffff"'],
  ])('%j', (s, want) => {
    expect(quote(s)).toBe(want);
  });

  it('QuoteToASCII and QuoteRune', () => {
    expect(quoteToASCII('é中😀')).toBe('"\\u00e9\\u4e2d\\U0001f600"');
    expect([97, 10, 0x1f600, 39, 0x7f, 0xd800].map(quoteRune)).toEqual(["'a'", "'\\n'", "'😀'", "'\\''", "'\\x7f'", "'�'"]);
  });

  it.each([
    [0x20, true],
    [0x1f, false],
    [0x7e, true],
    [0x7f, false],
    [0xa0, false],
    [0xad, false],
    [0x2026, true],
    [0x3000, false],
    [0x4e2d, true],
    [0xe000, false],
    [0x1f600, true],
  ])('isPrint(%i) = %s', (r, want) => {
    expect(isPrint(r)).toBe(want);
  });

  it('canBackquote', () => {
    expect(canBackquote('a\tb')).toBe(true);
    expect(canBackquote('a`b')).toBe(false);
    expect(canBackquote('a\nb')).toBe(false);
    expect(canBackquote('\uFEFF')).toBe(false);
  });
});

describe('unquote (strconv.Unquote)', () => {
  it.each([
    ['"a\\tb"', 'a\tb'],
    ['"\\u00e9\\x41\\101\\U0001F600"', 'éAA😀'],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', '\x07\b\f\n\r\t\v\\"'],
    ['`a\\n\r`', 'a\\n'],
    ["'x'", 'x'],
    ["'\\''", "'"],
    ['"\\xff"', '\uFFFD'],
    ['""', ''],
  ])('%j', (s, want) => {
    expect(unquote(s)).toBe(want);
  });

  it.each(['"abc', '"\\\'"', "'\\\"'", '"\\400"', '"\\z"', '"\\u12"', '"\\ud800"', "'ab'", "''", '`a`b`', 'abc', '"a\nb"'])(
    'invalid %j',
    (s) => {
      expect(() => unquote(s)).toThrow('invalid syntax');
    },
  );

  it('unquoteChar returns the rune and the tail', () => {
    expect(unquoteChar("a'", "'")).toEqual([97, "'"]);
    expect(unquoteChar("\\n'", "'")).toEqual([10, "'"]);
    expect(unquoteChar('😀x', '"')).toEqual([0x1f600, 'x']);
  });
});

describe('rune helpers', () => {
  it.each([
    ['', 3, ''],
    ['abc', 0, ''],
    ['abc', 2, 'ab'],
    ['abc', 3, 'abc'],
    ['abc', 9, 'abc'],
    ['中文字', 2, '中文'],
    ['😀😀', 1, '😀'],
  ])('truncateRunes(%j, %i)', (s, n, want) => {
    expect(truncateRunes(s, n)).toBe(want);
  });

  it.each([
    ['abc', 2, 'ab'],
    ['abc', 3, 'abc'],
    ['héllo', 3, 'hé'],
    ['héllo', 2, 'h\uFFFD'], // Go cuts inside é; the broken byte shows as U+FFFD here
  ])('truncateBytes(%j, %i)', (s, n, want) => {
    expect(truncateBytes(s, n)).toBe(want);
  });

  it('counts runes and UTF-8 bytes like Go', () => {
    expect(runeCount('a中😀')).toBe(3);
    expect(byteLength('a中😀')).toBe(8);
    expect(byteLength('')).toBe(0);
  });
});
