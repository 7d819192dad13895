import { OpStats, percentile, summarize } from './stats';

describe('the load statistics', () => {
  it('percentiles_areNearestRank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summaries_sortTheSamplesNumerically', () => {
    expect(summarize([100, 9, 20])).toMatchObject({ count: 3, p50: 20, max: 100 });
  });

  it('anOperation_countsSuccessesErrorsAndShedAnswersApart', () => {
    const s = new OpStats('register', (o) => o === 201 || o === 202);
    s.record(201, 10);
    s.record(202, 5000);
    s.record(503, 3, true);
    s.record(503, 4);
    s.record('connection', 1);
    s.record('overflow', 0);
    const sum = s.summary();
    expect(sum.ok).toMatchObject({ count: 2, max: 5000 });
    expect(sum.all.count).toBe(5); // an overflow was never sent, so it has no latency
    expect(sum.errors).toBe(4);
    expect(sum.shed).toBe(2);
    expect(sum.retryAfter).toBe(1);
    expect(sum.byOutcome).toEqual({ '201': 1, '202': 1, '503': 2, connection: 1, overflow: 1 });
  });
});
