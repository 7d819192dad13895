import { byLowerBound, fairSample, wilsonInterval } from './fair-sample';

// known values: the Wilson score interval at 95 % (z = 1.959964), e.g. R's prop.test(correct = FALSE) / statsmodels proportion_confint(method='wilson')
describe('fair small samples (docs/rules.md#worked-examples-of-fair-small-samples)', () => {
  it('exampleW1_threeOfFour_is30_1to95_4_andTooFewToCompare', () => {
    const i = wilsonInterval(3, 4)!;
    expect(i.lower).toBeCloseTo(0.300642, 6);
    expect(i.upper).toBeCloseTo(0.954413, 6);
    expect(fairSample(3, 1, 5)).toEqual({ satisfactionCount: 4, satisfactionLower: 30.1, satisfactionUpper: 95.4, tooFewToCompare: true });
  });

  it('exampleW2_fortyFiveOfFifty_is78_6to95_7_andComparable', () => {
    expect(fairSample(45, 5, 5)).toEqual({
      satisfactionCount: 50,
      satisfactionLower: 78.6,
      satisfactionUpper: 95.7,
      tooFewToCompare: false,
    });
  });

  it('exampleW3_rankedByTheLowerBound_comparableFirst_thenTooFew_thenNoData', () => {
    const a = { id: 'A', qualified: 3, unqualified: 1 };
    const b = { id: 'B', qualified: 45, unqualified: 5 };
    const c = { id: 'C', qualified: 1, unqualified: 0 };
    const d = { id: 'D', qualified: 0, unqualified: 0 };
    expect(byLowerBound([d, c, a, b], 5).map((r) => r.id)).toEqual(['B', 'A', 'C', 'D']);
    expect(fairSample(1, 0, 5)).toMatchObject({ satisfactionLower: 20.7, satisfactionUpper: 100, tooFewToCompare: true });
    expect(fairSample(0, 3, 5)).toMatchObject({ satisfactionLower: 0, satisfactionUpper: 56.1 });
  });

  it('theEnds_areClamped_andNoCountIsNoInterval', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(fairSample(0, 0, 5)).toEqual({ satisfactionCount: 0, satisfactionLower: null, satisfactionUpper: null, tooFewToCompare: false });
    expect(wilsonInterval(4, 4)!.upper).toBe(1);
    expect(wilsonInterval(0, 3)!.lower).toBe(0);
  });

  it('aMinimumOfOne_comparesEveryRate', () => {
    expect(fairSample(1, 0, 1).tooFewToCompare).toBe(false);
    expect(fairSample(4, 0, 5).tooFewToCompare).toBe(true);
    expect(fairSample(5, 0, 5).tooFewToCompare).toBe(false);
  });

  it('equalLowerBounds_areBrokenByTheTieBreak', () => {
    const x = { id: 'x', qualified: 9, unqualified: 1 };
    const y = { id: 'y', qualified: 9, unqualified: 1 };
    expect(byLowerBound([x, y], 5, (p, q) => q.id.localeCompare(p.id)).map((r) => r.id)).toEqual(['y', 'x']);
  });
});
