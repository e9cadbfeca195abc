/**
 * Every case in oracle/cases.ts against what the real busybox-static 1.35 printed
 * (oracle/expected*.json, recorded by oracle/record.ts in a chroot of the busybox image).
 */
import { describe, expect, it } from 'vitest';
import { EXPECTED, EXPECTED_TTY, simulate, simulateTty } from './oracle/compare.ts';

describe('sh and applets match the real busybox', () => {
  for (const e of EXPECTED) {
    const label = (e.argv[0] === 'sh' && e.argv[1] === '-c' && e.argv.length === 3 ? e.argv[2]! : e.argv.join(' ')) + (e.stdin ? ` <<< ${JSON.stringify(e.stdin)}` : '');
    it(label, () => {
      expect(simulate(e)).toEqual({ stdout: e.stdout, stderr: e.stderr, status: e.status });
    });
  }
});

describe('interactive sh on a terminal matches the real busybox', () => {
  EXPECTED_TTY.forEach((e, i) => {
    it(`session ${i}: ${JSON.stringify(e.steps.map((s) => s[1]).join(''))}`, () => {
      expect(simulateTty(e)).toBe(e.out);
    });
  });
});
