import { describe, expect, it } from 'vitest';
import {
  GoTimeError,
  getTimestamp,
  humanDuration,
  humanDurationNs,
  parseGoDuration,
  parseGoDurationNs,
  parseTimestamp,
  parseTimestamps,
} from '../../../../src/sim/cli/format/duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('humanDuration (go-units HumanDuration)', () => {
  it.each([
    [-5 * S, 'Less than a second'],
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [1 * S, '1 second'],
    [1999, '1 second'],
    [2 * S, '2 seconds'],
    [59 * S + 999, '59 seconds'],
    [60 * S, 'About a minute'],
    [2 * M - 1, 'About a minute'],
    [2 * M, '2 minutes'],
    [60 * M - 1, '59 minutes'],
    [60 * M, 'About an hour'], // int(1 + 0.5) = 1
    [1.5 * H - 1, 'About an hour'],
    [1.5 * H, '2 hours'], // hours are rounded
    [47.5 * H - 1, '47 hours'],
    [47.5 * H, '2 days'], // rounds to 48 hours
    [335.5 * H - 1, '13 days'],
    [335.5 * H, '2 weeks'], // 336 h = 14 days
    [1439.5 * H - 1, '8 weeks'],
    [1439.5 * H, '2 months'], // 1440 h = 60 days
    [17519.5 * H - 1, '24 months'],
    [17519.5 * H, '1 years'], // rounded hours reach 2 years, the year count truncates
    [17520 * H, '2 years'],
    [10 * 365 * 24 * H, '10 years'],
  ])('%d ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('takes nanoseconds too', () => {
    expect(humanDurationNs(999_999_999n)).toBe('Less than a second');
    expect(humanDurationNs(1_000_000_000n)).toBe('1 second');
  });
});

describe('parseGoDuration (time.ParseDuration)', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['300ms', 300],
    ['1.5h', 1.5 * H],
    ['2h45m', 2 * H + 45 * M],
    ['-1.5h', -1.5 * H],
    ['+5s', 5 * S],
    ['.5s', 500],
    ['5.s', 5 * S],
    ['1h2m3s4ms5us6ns', H + 2 * M + 3 * S + 4.005006],
    ['1µs', 0.001],
    ['1μs', 0.001],
    ['1us', 0.001],
    ['10ns', 0.00001],
    ['1.0000000001s', 1000],
  ])('%s', (s, ms) => {
    expect(parseGoDuration(s)).toBeCloseTo(ms, 9);
  });

  it.each([
    ['9223372036854775807ns', 9223372036854775807n],
    ['-9223372036854775808ns', -9223372036854775808n],
    ['2562047h47m16.854775807s', 9223372036854775807n],
    ['1.5s', 1_500_000_000n],
  ])('exact nanoseconds %s', (s, ns) => {
    expect(parseGoDurationNs(s)).toBe(ns);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['x', 'time: invalid duration "x"'],
    ['-', 'time: invalid duration "-"'],
    ['.', 'time: invalid duration "."'],
    ['.s', 'time: invalid duration ".s"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1h2', 'time: missing unit in duration "1h2"'],
    ['1.5.5s', 'time: missing unit in duration "1.5.5s"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['1hh', 'time: unknown unit "hh" in duration "1hh"'],
    ['1é', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['1 s', 'time: unknown unit " s" in duration "1 s"'],
  ])('error %j', (s, msg) => {
    expect(() => parseGoDuration(s)).toThrow(new GoTimeError(msg));
  });
});

describe('getTimestamp (docker logs/events --since/--until)', () => {
  const now = Date.UTC(2024, 0, 2, 3, 4, 5, 678); // 1704164645.678
  it.each([
    ['10m', '1704164045'],
    ['1.5h', '1704159245'],
    ['-1h', '1704168245'], // negative durations point into the future
    ['0', '0'],
    ['1704164645', '1704164645'],
    ['1704164645.5', '1704164645.5'],
    ['2024-01-02', '1704153600.000000000'],
    ['2024-01-02T03', '1704164400.000000000'],
    ['2024-01-02T03:04', '1704164640.000000000'],
    ['2024-01-02T03:04:05', '1704164645.000000000'],
    ['2024-01-02T03:04:05.5', '1704164645.500000000'],
    ['2024-01-02T03:04:05.123456789', '1704164645.123456789'],
    ['2024-01-02T03:04:05.1234567891', '1704164645.123456789'],
    ['2024-01-02T03:04:05Z', '1704164645.000000000'],
    ['2024-01-02T03:04:05.123Z', '1704164645.123000000'],
    ['2024-01-02T03:04:05+02:00', '1704157445.000000000'],
    ['2024-01-02T03:04:05-05:00', '1704182645.000000000'],
    ['2024-01-02T03Z', '1704164400.000000000'],
    ['2024-01-02T03:04+01:00', '1704161040.000000000'],
    ['2024-01-02Z', '1704153600.000000000'],
    ['2024-01-02+01:00', '1704150000.000000000'],
    ['2024-02-29', '1709164800.000000000'],
  ])('%s', (value, want) => {
    expect(getTimestamp(value, now)).toBe(want);
  });

  it('local times use the client offset', () => {
    expect(getTimestamp('2024-01-02T03:04:05', now, 3600)).toBe('1704161045.000000000');
    expect(getTimestamp('2024-01-02T03:04:05Z', now, 3600)).toBe('1704164645.000000000');
  });

  it.each([
    ['2024-13-01', 'parsing time "2024-13-01": month out of range'],
    ['2024-00-01', 'parsing time "2024-00-01": month out of range'],
    ['2023-02-29', 'parsing time "2023-02-29": day out of range'],
    ['2024-01-00', 'parsing time "2024-01-00": day out of range'],
    ['2024-01-02T25:00', 'parsing time "2024-01-02T25:00": hour out of range'],
    ['2024-01-02T03:60', 'parsing time "2024-01-02T03:60": minute out of range'],
    ['2024-01-02T03:04:61', 'parsing time "2024-01-02T03:04:61": second out of range'],
    ['2024-01-02X', 'parsing time "2024-01-02X": extra text: "X"'],
    ['2024-1-02', 'parsing time "2024-1-02" as "2006-01-02": cannot parse "1-02" as "01"'],
    ['24-01-02', 'parsing time "24-01-02" as "2006-01-02": cannot parse "24-01-02" as "2006"'],
    ['2024-01-02T03:04:05z', 'parsing time "2024-01-02T03:04:05z" as "2006-01-02T15:04:05Z07:00": cannot parse "z" as "Z07:00"'],
    ['2024-01-02T03:04:05+25:00', 'parsing time "2024-01-02T03:04:05+25:00": time zone offset hour out of range'],
    ['2024-01-02 03:04', 'parsing time "2024-01-02 03:04": extra text: " 03:04"'],
    ['abc', 'failed to parse value as time or duration: "abc"'],
    ['2024/01/02', 'failed to parse value as time or duration: "2024/01/02"'],
    ['1.2.3', 'failed to parse value as time or duration: "1.2.3"'],
  ])('error %s', (value, msg) => {
    expect(() => getTimestamp(value, now)).toThrow(new GoTimeError(msg));
  });

  it('parseTimestamp adds the daemon reading', () => {
    expect(parseTimestamp('1704164645.5', now)).toEqual({ text: '1704164645.5', seconds: 1704164645, nanos: 500000000 });
    expect(parseTimestamp('10m', now)).toEqual({ text: '1704164045', seconds: 1704164045, nanos: 0 });
    expect(parseTimestamps('1.000000001')).toEqual({ seconds: 1, nanos: 1 });
    expect(() => parseTimestamps('x')).toThrow('strconv.ParseInt: parsing "x": invalid syntax');
  });
});
