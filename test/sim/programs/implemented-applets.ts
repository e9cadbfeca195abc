// Prints the applets the simulator implements, one per line (used by gen-usage.sh).
import '../../../src/sim/programs/index.ts';
import { findApplet, APPLET_NAMES } from '../../../src/sim/programs/registry.ts';

for (const name of APPLET_NAMES) if (findApplet(name)) console.log(name);
