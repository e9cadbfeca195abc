/**
 * The busybox oracle cases (test/sim/programs/oracle: what the real busybox-static
 * printed in a chroot of the busybox image), run twice: on the simple per-container
 * tree (ContainerFs, as test/sim/programs does) and with the busybox image as a
 * read-only lower layer under a UnionFs. Every file operation now goes through
 * copy-up, whiteouts and merged directories; the output must be the same.
 * (The union's root gets the image root's attributes here, as in the chroot.)
 */
import { describe, expect, it } from 'vitest';
import { EXPECTED, simulate } from '../../programs/oracle/compare.ts';
import { box, busyboxLayer, run } from './helpers.ts';

// sh keeps its umask in a module variable (programs/sh/builtins.ts), so a case that
// sets it leaks into the next run; those cases say nothing about the filesystem.
const leaksState = (argv: string[]): boolean => argv.some((a) => /\bumask\s+[0-7]/.test(a));

describe('busybox oracle: union filesystem = simple tree', () => {
  for (const e of EXPECTED.filter((x) => !leaksState(x.argv))) {
    const label = (e.argv[0] === 'sh' && e.argv[1] === '-c' && e.argv.length === 3 ? e.argv[2]! : e.argv.join(' ')) + (e.stdin ? ` <<< ${JSON.stringify(e.stdin)}` : '');
    it(label, () => {
      const l = busyboxLayer();
      const b = box({ init: false, start: e.time, root: l.meta(l.root) });
      const r = run(b, e.argv, { stdin: e.stdin ?? '', ms: 20_000 });
      expect(r).toEqual(simulate(e));
    });
  }
});
