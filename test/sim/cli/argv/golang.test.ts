// Go library behaviour the CLI's messages depend on.
import { describe, expect, it } from 'vitest';
import { formatDuration, goQuote, goQuoteRune, parseBool, parseDuration, parseInt64, parseUint, readCsvRecord } from '../../../../src/sim/cli/argv/golang.ts';
import { parseCPUs, parseIP, ramInBytes, validateDNSSearch, validateUlimit } from '../../../../src/sim/cli/argv/values.ts';

const msg = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('strconv', () => {
  it.each([
    ['x', '"x"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['tab\there', '"tab\\there"'],
    ['\x01', '"\\x01"'],
    ['é', '"é"'],
    ['\u00a0', '"\\u00a0"'],
  ])('Quote(%j) = %s', (s, q) => expect(goQuote(s)).toBe(q));

  it('rune literals', () => {
    expect(goQuoteRune('z')).toBe("'z'");
    expect(goQuoteRune("'")).toBe("'\\''");
  });

  it.each([
    ['1', true],
    ['t', true],
    ['TRUE', true],
    ['True', true],
    ['0', false],
    ['F', false],
    ['false', false],
  ])('ParseBool(%s)', (s, v) => expect(parseBool(s)).toBe(v));
  it('ParseBool errors', () => expect(msg(() => parseBool('yes'))).toBe('strconv.ParseBool: parsing "yes": invalid syntax'));

  it.each([
    ['0', 0n],
    ['-12', -12n],
    ['+7', 7n],
    ['0x1F', 31n],
    ['0o17', 15n],
    ['017', 15n],
    ['0b101', 5n],
    ['1_000', 1000n],
    ['0x_1f', 31n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ])('ParseInt(%s, 0, 64)', (s, v) => expect(parseInt64(s, 0, 64)).toBe(v));

  it.each([
    ['', 'strconv.ParseInt: parsing "": invalid syntax'],
    ['1.5', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    ['_1', 'strconv.ParseInt: parsing "_1": invalid syntax'],
    ['1__0', 'strconv.ParseInt: parsing "1__0": invalid syntax'],
    ['08', 'strconv.ParseInt: parsing "08": invalid syntax'],
    ['9223372036854775808', 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ['99999999999999999999x', 'strconv.ParseInt: parsing "99999999999999999999x": value out of range'],
  ])('ParseInt(%j) error', (s, m) => expect(msg(() => parseInt64(s, 0, 64))).toBe(m));

  it('ParseUint', () => {
    expect(parseUint('65535', 0, 16)).toBe(65535n);
    expect(msg(() => parseUint('65536', 0, 16))).toBe('strconv.ParseUint: parsing "65536": value out of range');
    expect(msg(() => parseUint('-1', 0, 16))).toBe('strconv.ParseUint: parsing "-1": invalid syntax');
    expect(parseUint('755', 8, 32)).toBe(493n);
  });
});

describe('time.ParseDuration', () => {
  it.each([
    ['0', 0],
    ['1s', 1e9],
    ['1.5s', 1.5e9],
    ['1m30s', 90e9],
    ['-2h', -7200e9],
    ['300ms', 300e6],
    ['1us', 1000],
    ['1µs', 1000],
    ['.5h', 1800e9],
  ])('%s', (s, ns) => expect(parseDuration(s)).toBe(ns));
  it.each([
    ['', 'time: invalid duration ""'],
    ['x', 'time: invalid duration "x"'],
    ['5', 'time: missing unit in duration "5"'],
    ['5d', 'time: unknown unit "d" in duration "5d"'],
    ['1.', 'time: missing unit in duration "1."'],
    ['-', 'time: invalid duration "-"'],
  ])('%j error', (s, m) => expect(msg(() => parseDuration(s))).toBe(m));
  it('String()', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(90e9)).toBe('1m30s');
    expect(formatDuration(2160 * 3600e9)).toBe('2160h0m0s');
    expect(formatDuration(1.5e9)).toBe('1.5s');
  });
});

describe('encoding/csv (one record)', () => {
  it.each([
    ['a,b', ['a', 'b']],
    ['', []],
    ['a,', ['a', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['"a""b"', ['a"b']],
  ])('%j', (s, v) => expect(readCsvRecord(s)).toEqual(v));
  it('bare quote', () => expect(msg(() => readCsvRecord('a"b'))).toBe('parse error on line 1, column 2: bare " in non-quoted-field'));
});

describe('docker opts', () => {
  it('RAMInBytes', () => {
    expect(ramInBytes('512m', '20.10')).toBe(512 * 1024 ** 2);
    expect(ramInBytes('1g', '29')).toBe(1024 ** 3);
    expect(ramInBytes('1.5KiB', '20.10')).toBe(1536);
    expect(ramInBytes('10 MB', '29')).toBe(10 * 1024 ** 2);
    expect(msg(() => ramInBytes('1x', '20.10'))).toBe("invalid size: '1x'");
    expect(msg(() => ramInBytes('1x', '29'))).toBe("invalid suffix: 'x'");
    expect(msg(() => ramInBytes('m', '29'))).toBe("invalid size: 'm'");
  });
  it('ParseCPUs', () => {
    expect(parseCPUs('1.5')).toBe(1.5e9);
    expect(parseCPUs('3/2')).toBe(1.5e9);
    expect(parseCPUs('0.000000001')).toBe(1);
    expect(msg(() => parseCPUs('0.0000000001'))).toBe('value is too precise');
    expect(msg(() => parseCPUs('abc'))).toBe('failed to parse abc as a rational number');
  });
  it('net.ParseIP', () => {
    expect(parseIP('10.0.0.1')).toBe('10.0.0.1');
    expect(parseIP('010.0.0.1')).toBeUndefined();
    expect(parseIP('::1')).toBe('::1');
    expect(parseIP('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(parseIP('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(parseIP('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIP('host')).toBeUndefined();
  });
  it('DNS search domains', () => {
    expect(validateDNSSearch('example.com')).toBe('example.com');
    expect(validateDNSSearch('.')).toBe('.');
    expect(msg(() => validateDNSSearch('123'))).toBe('123 is not a valid domain');
  });
  it('ulimits', () => {
    expect(validateUlimit('nofile=1024:2048')).toBe('nofile=1024:2048');
    expect(msg(() => validateUlimit('nofile=-1:10'))).toBe('ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 10');
    expect(msg(() => validateUlimit('nofile=1:2:3'))).toBe('too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`');
  });
});
