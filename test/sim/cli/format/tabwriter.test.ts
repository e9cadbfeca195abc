import { describe, expect, it } from 'vitest';
import {
  ALIGN_RIGHT,
  DEBUG,
  DISCARD_EMPTY_COLUMNS,
  TAB_INDENT,
  TabWriter,
  dockerTable,
  tabulate,
  type TabWriterOptions,
} from '../../../../src/sim/cli/format/tabwriter.ts';
import golden from './fixtures/tabwriter-context-ls.json' with { type: 'json' };

const docker: TabWriterOptions = { minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ', flags: 0 };
const go = (o: Partial<TabWriterOptions>, text: string): string => tabulate(text, { ...docker, ...o });

describe('real docker context ls tables', () => {
  it.each(golden.cases.map((c) => [c.width, c.format, c] as const))('%s: %s', (_w, _f, c) => {
    const w = new TabWriter({ ...docker, width: c.width as 'display' | 'runes' });
    w.write(c.input);
    expect(w.flush()).toBe(c.output);
  });
});

describe('docker table defaults', () => {
  it('pads every column to minwidth 10 or widest cell + 3', () => {
    const t = dockerTable();
    t.write('CONTAINER ID\tIMAGE\tNAMES\n');
    t.write('abc\tbusybox\tweb\n');
    expect(t.flush()).toBe('CONTAINER ID   IMAGE     NAMES\nabc            busybox   web\n');
  });

  it.each([
    ['1234567', '1234567   x\n'], // 7 + 3 = 10 = minwidth
    ['12345678', '12345678   x\n'], // 8 + 3 = 11 > minwidth
    ['', '          x\n'], // empty cell still padded to minwidth
  ])('minwidth boundary %j', (cell, want) => {
    expect(go({}, `${cell}\tx\n`)).toBe(want);
  });

  it('the last cell of a line is not part of a column (never padded)', () => {
    expect(go({}, 'a\tb\nlonger\tc\n')).toBe('a         b\nlonger    c\n');
  });

  it('text without a final newline is flushed as is', () => {
    expect(go({}, 'a\tb')).toBe('a         b');
  });

  it('write may split cells across calls', () => {
    const t = dockerTable();
    for (const part of ['na', 'me\tva', 'lue\n', 'x', '\ty\n']) t.write(part);
    expect(t.flush()).toBe('name      value\nx         y\n');
  });

  it('flush returns only new output and the writer is reusable', () => {
    const t = dockerTable();
    t.write('a\tb\n');
    expect(t.flush()).toBe('a         b\n');
    expect(t.flush()).toBe('');
    t.write('cc\td\n');
    expect(t.flush()).toBe('cc        d\n');
  });
});

describe("Go's column blocks", () => {
  // The example from the text/tabwriter documentation: b and c are in
  // different column blocks because the line "a\t" interrupts nothing but the
  // one with only a single cell splits them.
  it('columns are contiguous lines that have a cell in that column', () => {
    const text = 'aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n';
    expect(go({ minwidth: 0, padding: 1 }, text)).toBe('aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n');
  });

  it('a line with fewer cells ends the inner column block', () => {
    const text = 'a\tbbbbbbbbbbbb\tx\nc\td\nlonger\tz\tq\n';
    expect(go({}, text)).toBe('a         bbbbbbbbbbbb   x\nc         d\nlonger    z   q\n'.replace('z   q', 'z         q'));
  });

  it('a line without tabs flushes: columns before and after are independent', () => {
    expect(go({}, 'aaaaaaaaaaaa\tb\nplain\nc\td\n')).toBe('aaaaaaaaaaaa   b\nplain\nc         d\n');
  });

  it('\\f ends the block like a line without tabs', () => {
    expect(go({}, 'aaaaaaaaaaaa\tb\fc\td\n')).toBe('aaaaaaaaaaaa   b\nc         d\n');
  });

  it('\\v terminates a cell like \\t', () => {
    expect(go({}, 'a\vb\nccc\vd\n')).toBe('a         b\nccc       d\n');
  });
});

describe('cell width', () => {
  it.each([
    ['display', '中文\tx\nab\ty\n', '中文      x\nab        y\n'],
    ['runes', '中文\tx\nab\ty\n', '中文        x\nab        y\n'],
    ['display', 'a👍🏽b\tx\n', 'a👍🏽b      x\n'],
    ['runes', 'a👍🏽b\tx\n', 'a👍🏽b      x\n'],
    ['display', 'e\u0301\tx\n', 'e\u0301         x\n'],
    ['runes', 'e\u0301\tx\n', 'e\u0301        x\n'],
    ['display', '1234567890中\tx\n', '1234567890中   x\n'],
    ['runes', '1234567890中\tx\n', '1234567890中   x\n'],
  ] as const)('%s: %j', (width, text, want) => {
    expect(go({ width }, text)).toBe(want);
  });
});

describe('flags', () => {
  it('AlignRight pads on the left (so the padding separates columns on the left)', () => {
    expect(go({ minwidth: 0, padding: 1, flags: ALIGN_RIGHT }, 'a\tbbb\tc\nccc\td\te\n')).toBe('   a bbbc\n ccc   de\n');
  });

  it('Debug prints | between columns', () => {
    expect(go({ minwidth: 0, padding: 1, flags: DEBUG }, 'a\tb\tc\n')).toBe('a |b |c\n');
  });

  it('Debug prints --- after \\f', () => {
    expect(go({ minwidth: 0, padding: 1, flags: DEBUG }, 'a\tb\fc\n')).toBe('a |b\n---\nc\n');
  });

  it('DiscardEmptyColumns drops columns of empty soft-tab cells', () => {
    expect(go({ minwidth: 0, padding: 1, flags: DISCARD_EMPTY_COLUMNS }, 'a\v\vb\nc\v\vd\n')).toBe('a b\nc d\n');
    // hard tabs keep the column
    expect(go({ minwidth: 0, padding: 1, flags: DISCARD_EMPTY_COLUMNS }, 'a\t\tb\nc\t\td\n')).toBe('a  b\nc  d\n');
  });

  it('padchar \\t pads with tabs to multiples of tabwidth', () => {
    expect(tabulate('a\tb\nlonger\tc\n', { minwidth: 0, tabwidth: 8, padding: 1, padchar: '\t', flags: 0 })).toBe(
      'a\tb\nlonger\tc\n',
    );
    expect(tabulate('abcdefgh\tb\nx\tc\n', { minwidth: 0, tabwidth: 4, padding: 1, padchar: '\t', flags: 0 })).toBe(
      'abcdefgh\tb\nx\t\t\tc\n',
    );
  });

  it('TabIndent uses tabs for leading empty cells', () => {
    expect(tabulate('\ta\n\tb\n', { minwidth: 0, tabwidth: 4, padding: 1, padchar: '.', flags: TAB_INDENT })).toBe(
      '\ta\n\tb\n',
    );
    expect(tabulate('\ta\n\tb\n', { minwidth: 0, tabwidth: 4, padding: 1, padchar: '.', flags: 0 })).toBe('.a\n.b\n');
  });

  it('rejects negative settings like Go', () => {
    expect(() => new TabWriter({ ...docker, padding: -1 })).toThrow('negative minwidth, tabwidth, or padding');
  });
});
