/** elapse() waits for real work in flight before it moves the clock, as drive() does. */
import { describe, expect, it } from 'vitest';
import { elapse } from '../../src/runner/drive.ts';
import { Clock } from '../../src/sim/clock.ts';

describe('elapse', () => {
  it('lets the real work finish before the clock passes what it would have done', async () => {
    const clock = new Clock();
    const t0 = clock.now();
    const seen: string[] = [];
    // Real work (say a text being loaded) that, when done, schedules something "now".
    let work: Promise<void> | undefined = new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => {
      clock.setTimer(0, () => seen.push(`work done at +${clock.now() - t0}`));
      work = undefined;
    });
    clock.setTimer(500, () => seen.push(`timer at +${clock.now() - t0}`));
    await elapse(clock, 1000, () => work);
    expect(seen).toEqual(['work done at +0', 'timer at +500']);
    expect(clock.now()).toBe(t0 + 1000);
  });

  it('without pending work it runs the window as before', async () => {
    const clock = new Clock();
    const seen: number[] = [];
    for (const ms of [100, 200, 1500]) clock.setTimer(ms, () => seen.push(ms));
    await elapse(clock, 1000);
    expect(seen).toEqual([100, 200]);
  });
});
