import { describe, expect, it } from 'vitest';
import {
  SizeError,
  bytesSize,
  fromHumanSize,
  humanSize,
  humanSizeWithPrecision,
  ramInBytes,
} from '../../../../src/sim/cli/format/size.ts';

describe('humanSizeWithPrecision(x, 3): docker ps / images / history SIZE', () => {
  it.each([
    [0, '0B'],
    [1, '1B'],
    [88, '88B'],
    [999, '999B'],
    [1000, '1kB'],
    [1499, '1.5kB'],
    [1999, '2kB'],
    [7_800_000, '7.8MB'],
    [72_800_000, '72.8MB'],
    [1_980_000, '1.98MB'],
    [4_261_125, '4.26MB'],
    [187_000_000, '187MB'],
    [999_999, '1e+03kB'], // %.3g of 999.999: real Go output
    [999_499, '999kB'],
    [10_625_000, '10.6MB'],
    [1e12, '1TB'],
    [1e27, '1e+03YB'],
  ])('%d -> %s', (n, want) => {
    expect(humanSizeWithPrecision(n, 3)).toBe(want);
  });
});

describe('humanSize (precision 4): prune "Total reclaimed space", system df, volume ls', () => {
  it.each([
    [0, '0B'],
    [1114, '1.114kB'],
    [5_570_000, '5.57MB'],
    [999_999, '1000kB'], // %.4g rounds to 1000 and keeps the unit
    [10_625_000, '10.62MB'], // half-even on the exact value 10.625
    [10_635_000, '10.63MB'], // 10.635 is 10.63499999… as a double
    [123_456_789, '123.5MB'],
    [1e27, '1000YB'],
    [1e30, '1e+06YB'],
  ])('%d -> %s', (n, want) => {
    expect(humanSize(n)).toBe(want);
  });

  it('precision 0 behaves as 1', () => {
    expect(humanSizeWithPrecision(1500, 0)).toBe('2kB');
  });
});

describe('bytesSize: docker stats MEM USAGE / LIMIT', () => {
  it.each([
    [0, '0B'],
    [1023, '1023B'],
    [1024, '1KiB'],
    [1536, '1.5KiB'],
    [1024 * 1024, '1MiB'],
    [7.6 * 1024 ** 3, '7.6GiB'],
    [8e9, '7.451GiB'],
    [1024 ** 5, '1PiB'],
  ])('%d -> %s', (n, want) => {
    expect(bytesSize(n)).toBe(want);
  });
});

describe('ramInBytes (-m/--memory, go-units v0.5: Docker 29)', () => {
  it.each([
    ['512m', 536870912],
    ['512M', 536870912],
    ['1g', 1073741824],
    ['1.5k', 1536],
    ['10', 10],
    ['10b', 10],
    ['10B', 10],
    ['1kb', 1024],
    ['1KiB', 1024],
    ['1kib', 1024],
    ['1 k', 1024],
    ['1 KiB', 1024],
    ['1t', 1099511627776],
    ['1p', 1125899906842624],
    ['.5k', 512],
    ['1e3', 1000],
    ['0.5', 0],
    ['0', 0],
  ])('%s -> %d', (s, n) => {
    expect(ramInBytes(s)).toBe(n);
  });

  it.each([
    ['', "invalid size: ''"],
    ['abc', "invalid size: 'abc'"],
    ['m', "invalid size: 'm'"],
    ['-1', "invalid size: '-1'"],
    ['-1k', "invalid size: '-1k'"],
    ['1x', "invalid suffix: 'x'"],
    ['1X', "invalid suffix: 'x'"],
    ['1BK', "invalid suffix: 'bk'"],
    ['1kbb', "invalid suffix: 'kbb'"],
    ['1kx', "invalid suffix: 'kx'"],
    ['1KIBX', "invalid suffix: 'KIBX'"],
    ['1e', "invalid suffix: 'e'"],
    ['1.5.5', 'strconv.ParseFloat: parsing "1.5.5": invalid syntax'],
    ['1..5', 'strconv.ParseFloat: parsing "1..5": invalid syntax'],
    ['1_000', 'strconv.ParseFloat: parsing "1_000": invalid syntax'],
    ['1e400', 'strconv.ParseFloat: parsing "1e400": value out of range'],
  ])('error %j', (s, msg) => {
    expect(() => ramInBytes(s)).toThrow(new SizeError(msg));
  });
});

describe('go-units v0.4 (Docker 20.10): regexp parser', () => {
  it.each([
    ['512m', 536870912],
    ['1 kB', 1024],
    ['1KiB', 1024],
    ['1.5g', 1610612736],
    ['10', 10],
  ])('%s -> %d', (s, n) => {
    expect(ramInBytes(s, 'v0.4')).toBe(n);
  });

  it.each([
    ['1x', "invalid size: '1x'"],
    ['-1', "invalid size: '-1'"],
    ['1  k', "invalid size: '1  k'"],
    ['.5k', "invalid size: '.5k'"],
    ['1.5.5', 'strconv.ParseFloat: parsing "1.5.5": invalid syntax'],
  ])('error %j', (s, msg) => {
    expect(() => ramInBytes(s, 'v0.4')).toThrow(new SizeError(msg));
  });
});

describe('fromHumanSize (decimal)', () => {
  it.each([
    ['44kB', 44000],
    ['17MB', 17000000],
    ['1.5G', 1500000000],
    ['32', 32],
  ])('%s -> %d', (s, n) => {
    expect(fromHumanSize(s)).toBe(n);
  });
});
