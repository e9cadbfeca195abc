import { describe, expect, it } from 'vitest';
import { formatFloat, formatFloatV } from '../../../../src/sim/cli/format/gofloat.ts';
import { formatV, sprint, sprintf, sprintln } from '../../../../src/sim/cli/format/gofmt.ts';
import { GoMap, GoSlice, JsonNumber, goInt, goNil, goStruct } from '../../../../src/sim/cli/format/govalue.ts';
import { parseTemplate } from '../../../../src/sim/cli/format/gotemplate.ts';
import floats from './fixtures/printf-floats.json' with { type: 'json' };

describe('printf over real Go output (float and int literals)', () => {
  it.each(floats.cases.map((c) => [c[0], c[1]] as const))('%s', (x, want) => {
    const src = `{{printf "%v|%.3g|%.4g|%e|%.2f|%g|%.0f|%10.3e"${` ${x}`.repeat(8)}}}`;
    expect(parseTemplate(src).execute({})).toBe(want);
  });
});

describe('formatFloat (strconv.FormatFloat)', () => {
  it.each([
    [0, 'g', -1, '0'],
    [-0, 'g', -1, '-0'],
    [1e6, 'g', -1, '1e+06'],
    [123456, 'g', -1, '123456'],
    [1234567890, 'g', -1, '1.23456789e+09'],
    [0.0001, 'g', -1, '0.0001'],
    [0.00001, 'g', -1, '1e-05'],
    [1e100, 'g', -1, '1e+100'],
    [0.1 + 0.2, 'g', -1, '0.30000000000000004'],
    [2.5, 'f', 0, '2'],
    [3.5, 'f', 0, '4'],
    [0.125, 'f', 2, '0.12'],
    [0.375, 'f', 2, '0.38'],
    [1.005, 'f', 2, '1.00'], // 1.00499999999999989…
    [9.995, 'f', 2, '9.99'],
    [0.0001, 'f', 2, '0.00'],
    [999.999, 'g', 3, '1e+03'],
    [999.999, 'g', 4, '1000'],
    [1.5, 'e', 3, '1.500e+00'],
    [123, 'e', -1, '1.23e+02'],
    [123, 'f', -1, '123'],
    [1e21, 'f', -1, '1000000000000000000000'],
    [NaN, 'g', -1, 'NaN'],
    [Infinity, 'g', -1, '+Inf'],
    [-Infinity, 'f', 2, '-Inf'],
    [5e-324, 'e', -1, '5e-324'],
    [1.5, 'G', 3, '1.5'],
    [1.5e-10, 'G', 3, '1.5E-10'],
  ] as const)('%d %s %i', (x, fmt, prec, want) => {
    expect(formatFloat(x, fmt, prec)).toBe(want);
  });

  it('%v of float64', () => {
    expect(formatFloatV(1234)).toBe('1234');
    expect(formatFloatV(1.23456789e9)).toBe('1.23456789e+09');
  });
});

describe('sprint / sprintln', () => {
  it.each([
    [['a', 'b'], 'ab'],
    [[goInt(1), goInt(2)], '1 2'],
    [['a', goInt(1), goInt(2), 'b', 'c'], 'a1 2bc'],
    [[1.5, true, null], '1.5 true <nil>'],
    [[new JsonNumber('12'), goInt(3)], '123'], // json.Number is a string kind
    [[], ''],
  ] as const)('%j', (args, want) => {
    expect(sprint(args as never)).toBe(want);
  });

  it('sprintln always separates and ends with a newline', () => {
    expect(sprintln(['a', 'b', goInt(1)])).toBe('a b 1\n');
  });
});

describe('sprintf', () => {
  it.each([
    ['%s|%v|%d', ['x', goInt(1), goInt(-2)], 'x|1|-2'],
    ['%5s|%-5s|%.1s|%05s', ['ab', 'ab', 'ab', 'ab'], '   ab|ab   |a|000ab'],
    ['%q|%+q|%#q|%#q', ['a"b', 'é', 'a`b', 'ab'], '"a\\"b"|"\\u00e9"|"a`b"|`ab`'],
    ['%x|% x|%#x|%X|% #x', ['hi', 'hi', 'hi', 'hi', 'hi'], '6869|68 69|0x6869|6869|0x68 0x69'],
    ['%6.2f|%-8.3e|%+g|% g', [3.14159, 1234.5, 2.5, 2.5], '  3.14|1.234e+03|+2.5| 2.5'],
    ['%08.3f|%+08.2f|%8.0f', [-3.14159, 3.5, 2.5], '-003.142|+0003.50|       2'],
    ['%d|%5d|%-5d|%05d|%+d|% d|%.3d|%8.3d', [42, 42, 42, -42, 42, 42, 7, 7].map((n) => goInt(n)), '42|   42|42   |-0042|+42| 42|007|     007'],
    ['%x|%X|%#x|%o|%#o|%O|%b|%#b', [255, 255, 255, 8, 8, 8, 5, 5].map((n) => goInt(n)), 'ff|FF|0xff|10|010|0o10|101|0b101'],
    ['%c|%q|%U|%#U', [0x4e2d, 0x4e2d, 0x4e2d, 0x4e2d].map((n) => goInt(n)), "中|'中'|U+4E2D|U+4E2D '中'"],
    ['%t|%v|%5t', [true, false, true], 'true|false| true'],
    ['%v|%+v', [goStruct('T', { A: goInt(1), B: 'x' }), goStruct('T', { A: goInt(1), B: 'x' })], '{1 x}|{A:1 B:x}'],
    ['%v|%v', [goStruct('*T', { A: goInt(1) }), goStruct('T', { P: goStruct('*U', {}), N: goNil('*U') })], '&{1}|{0xc000010000 <nil>}'],
    ['%v|%s|%d|%q', [['a', 1.5], new GoSlice('[]string', ['a', 'b']), new GoSlice('[]int', [goInt(1)]), new GoSlice('[]string', ['a'])], '[a 1.5]|[a b]|[1]|["a"]'],
    ['%v|%v', [{ b: goInt(2), a: goInt(1) }, new GoMap('map[string]string', {}, true)], 'map[a:1 b:2]|map[]'],
    ['%T|%T|%T|%T|%T|%T', [goInt(1), 1.5, 's', true, ['x'], { a: 1 }], 'int|float64|string|bool|[]interface {}|map[string]interface {}'],
    ['%d %s', [], '%!d(MISSING) %!s(MISSING)'],
    ['%d', [goInt(1), goInt(2), 'x'], '1%!(EXTRA int=2, string=x)'],
    ['%z|%d|%s|%t', [goInt(5), 'x', goInt(1), 'y'], '%!z(int=5)|%!d(string=x)|%!s(int=1)|%!t(string=y)'],
    ['%5d', ['s'], '%!d(string=    s)'],
    ['%d', [null], '%!d(<nil>)'],
    ['%v|%s', [null, undefined], '<nil>|%!s(<nil>)'],
    ['%', [], '%!(NOVERB)'],
    ['%%|100%%', [], '%|100%'],
    ['%*d|%-*d|%.*f|%*s', [goInt(5), goInt(1), goInt(5), goInt(1), goInt(2), 3.14159, 'x', 'y'], '    1|1    |3.14|%!(BADWIDTH)y'],
    ['%s', ['é中'], 'é中'],
    ['%-4s|', ['中'], '中   |'], // width counts runes
    ['%v', [goStruct('S', {}, { string: () => 'stringer' })], 'stringer'],
    ['%d', [goStruct('S', {}, { string: () => 'stringer' })], '{}'], // verbs apply to the fields
  ] as const)('%s', (fmt, args, want) => {
    expect(sprintf(fmt, args as never)).toBe(want);
  });

  it('formatV', () => {
    expect(formatV(undefined)).toBe('<nil>');
    expect(formatV(['a', null])).toBe('[a <nil>]');
  });
});
