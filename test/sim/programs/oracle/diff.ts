/** Dev tool: prints every oracle case where the simulator differs from the real busybox. node test/sim/programs/oracle/diff.ts [FILTER] */
import { EXPECTED, simulate } from './compare.ts';
let bad = 0;
const only = process.argv[2];
EXPECTED.forEach((e, i) => {
  if (only && !e.argv.join(' ').includes(only)) return;
  let got;
  try { got = simulate(e); } catch (err) { got = { stdout: '', stderr: 'THREW ' + (err as Error).stack, status: -1 }; }
  if (got.stdout !== e.stdout || got.stderr !== e.stderr || got.status !== e.status) {
    bad++;
    console.log(`#${i} ${JSON.stringify(e.argv.slice(2).join(' ') || e.argv.join(' '))}${e.stdin ? ' stdin=' + JSON.stringify(e.stdin) : ''}`);
    if (got.stdout !== e.stdout) console.log('  stdout want', JSON.stringify(e.stdout), '\n         got ', JSON.stringify(got.stdout));
    if (got.stderr !== e.stderr) console.log('  stderr want', JSON.stringify(e.stderr), '\n         got ', JSON.stringify(got.stderr));
    if (got.status !== e.status) console.log('  status want', e.status, 'got', got.status);
  }
});
console.log(`${bad} of ${EXPECTED.length} differ`);
import { EXPECTED_TTY, simulateTty } from './compare.ts';
EXPECTED_TTY.forEach((e, i) => {
  const got = simulateTty(e);
  if (got !== e.out) console.log(`tty #${i}\n  want ${JSON.stringify(e.out)}\n  got  ${JSON.stringify(got)}`);
});
