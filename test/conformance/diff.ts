/**
 * `node test/conformance/diff.ts [FIXTURE…]`: replays fixtures on the simulator
 * and prints, for each one that differs, the first differing step (real vs sim).
 */
import { fixtureFiles, loadFixture, replay } from './replay.ts';

const args = process.argv.slice(2);
const all = fixtureFiles();
const files = args.length ? all.filter((f) => args.some((a) => f.includes(a))) : all;
let same = 0;
for (const file of files) {
  const { real, sim } = await replay(loadFixture(file));
  const i = real.findIndex((r, k) => JSON.stringify(r) !== JSON.stringify(sim[k]));
  if (i < 0 && real.length === sim.length) {
    same++;
    continue;
  }
  const r = real[i]!;
  const s = sim[i];
  console.log(`\n=== ${file} step ${i + 1}: ${r.command}`);
  for (const key of ['stdout', 'stderr', 'exitCode', 'containers'] as const) {
    const a = JSON.stringify(r[key]);
    const b = JSON.stringify(s?.[key]);
    if (a !== b) console.log(`  ${key}\n    real: ${a}\n    sim:  ${b}`);
  }
}
console.log(`\n${same}/${files.length} fixtures identical`);
