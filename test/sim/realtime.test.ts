import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/sim/clock.ts';
import { RealTimeDriver } from '../../src/sim/realtime.ts';

describe('RealTimeDriver', () => {
  it('moves simulated time with the (fake) wall clock, times the speed', async () => {
    const clock = new Clock(0);
    let real = 1000;
    const fired: number[] = [];
    clock.setTimer(500, () => fired.push(clock.now()));
    clock.setTimer(1500, () => fired.push(clock.now()));
    const d = new RealTimeDriver(clock, { now: () => real, speed: 2, schedule: () => 0, cancel: () => {} });
    real += 400;
    await d.tick();
    expect(clock.now()).toBe(800);
    expect(fired).toEqual([500]);
    real += 400;
    await d.tick();
    expect(clock.now()).toBe(1600);
    expect(fired).toEqual([500, 1500]);
  });

  it('fast-forwards and skips to the next event', async () => {
    const clock = new Clock(0);
    const fired: number[] = [];
    clock.setTimer(10_000, () => fired.push(clock.now()));
    const d = new RealTimeDriver(clock, { now: () => 0, schedule: () => 0, cancel: () => {} });
    await d.fastForward(3000);
    expect(clock.now()).toBe(3000);
    expect(await d.skipToNext()).toBe(true);
    expect(fired).toEqual([10_000]);
    expect(await d.skipToNext()).toBe(false);
  });

  it('ticks by itself once started, and stops', async () => {
    const clock = new Clock(0);
    let real = 0;
    const queue: Array<() => void> = [];
    const d = new RealTimeDriver(clock, { now: () => real, schedule: (fn) => queue.push(fn), cancel: () => queue.splice(0) });
    d.start();
    real = 16;
    queue.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    expect(clock.now()).toBe(16);
    d.stop();
    expect(d.running).toBe(false);
  });
});
