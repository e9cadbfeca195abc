/**
 * Every transcript recorded from the real Docker 20.10 engine (fixtures/) must
 * come out the same on the simulator, step by step: stdout, stderr, exit code
 * and the state of every container afterwards (after normalisation).
 */
import { describe, expect, it } from 'vitest';
import { fixtureFiles, loadFixture, replay } from './replay.ts';

/**
 * host/: recordings that depend on the recording machine, not on Docker (the
 * real engine had no network, so `docker pull` failed with a DNS error there).
 * They are kept as a record, not as something the simulator should copy.
 */
const files = fixtureFiles().filter((f) => !f.startsWith('host/'));

describe('real 20.10 transcripts replayed on the simulator', () => {
  it('has fixtures to replay', () => {
    expect(files.length).toBeGreaterThan(50);
  });
  it.each(files)('%s', async (file) => {
    const fixture = loadFixture(file);
    const { real, sim } = await replay(fixture);
    for (let i = 0; i < real.length; i++) {
      expect(sim[i], `step ${i + 1}: ${real[i]!.command}`).toEqual(real[i]);
    }
    expect(sim.length).toBe(real.length);
  });
});
