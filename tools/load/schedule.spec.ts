import { runOpenLoop, scheduleOffsets, seededRandom } from './schedule';

describe('the open-loop schedule', () => {
  it('uniformArrivals_spaceRequestsEvenlyOverTheDuration', () => {
    const offsets = scheduleOffsets(20, 1000);
    expect(offsets).toHaveLength(20);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBe(50);
    expect(offsets[19]).toBe(950);
  });

  it('poissonArrivals_keepTheMeanRate_andRepeatWithTheSameSeed', () => {
    const a = scheduleOffsets(100, 60000, 'poisson', seededRandom(7));
    const b = scheduleOffsets(100, 60000, 'poisson', seededRandom(7));
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(5700);
    expect(a.length).toBeLessThan(6300);
    expect(a.every((t, i) => i === 0 || t >= a[i - 1])).toBe(true);
    expect(a[a.length - 1]).toBeLessThan(60000);
  });

  it('noRate_schedulesNothing', () => {
    expect(scheduleOffsets(0, 1000)).toEqual([]);
  });

  it('aSlowAnswer_neverDelaysTheRequestsScheduledAfterIt', async () => {
    const fired: Array<{ scheduled: number; at: number }> = [];
    const t0 = performance.now();
    await runOpenLoop(
      [
        {
          name: 'slow',
          offsets: [0, 20, 40, 60, 80],
          // each "request" would take 500 ms; the loop must not wait for it
          fire: (scheduled) => {
            fired.push({ scheduled, at: performance.now() });
            void new Promise((r) => setTimeout(r, 500));
          },
        },
      ],
      t0,
    );
    expect(performance.now() - t0).toBeLessThan(400);
    expect(fired.map((f) => Math.round(f.scheduled - t0))).toEqual([0, 20, 40, 60, 80]);
    expect(fired.every((f) => f.at >= f.scheduled - 1)).toBe(true);
  });

  it('requestsOfSeveralStreams_goOutInTimeOrder', async () => {
    const order: string[] = [];
    await runOpenLoop([
      { name: 'a', offsets: [0, 30], fire: (_s, i) => order.push(`a${i}`) },
      { name: 'b', offsets: [10, 20], fire: (_s, i) => order.push(`b${i}`) },
    ]);
    expect(order).toEqual(['a0', 'b0', 'b1', 'a1']);
  });
});
