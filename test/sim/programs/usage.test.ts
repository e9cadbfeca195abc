/** Every applet the simulator implements has busybox's real usage text (and only those are kept). */
import { describe, expect, it } from 'vitest';
import '../../../src/sim/programs/index.ts';
import { APPLET_NAMES, findApplet } from '../../../src/sim/programs/registry.ts';
import { USAGE } from '../../../src/sim/programs/usage-text.ts';

describe('usage texts', () => {
  it('cover exactly the implemented applets (regenerate with gen-usage.sh after adding one)', () => {
    const implemented = APPLET_NAMES.filter((n) => findApplet(n)).sort();
    expect(Object.keys(USAGE).sort()).toEqual(implemented);
  });
});
