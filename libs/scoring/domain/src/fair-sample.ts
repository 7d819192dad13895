/** The 97.5th percentile of the standard normal distribution: a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/**
 * The Wilson score interval of `x` successes in `n` trials, exact (fractions 0..1), or null when
 * `n` is 0 (docs/rules.md#figures, "Fair small samples").
 */
export function wilsonInterval(x: number, n: number, z = Z_95): { lower: number; upper: number } | null {
  if (n <= 0) return null;
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // the ends are exact: none of n has lower bound 0, all of n upper bound 1 (no rounding dust)
  return { lower: x <= 0 ? 0 : Math.max(0, centre - half), upper: x >= n ? 1 : Math.min(1, centre + half) };
}

/** What is shown next to a satisfaction rate: its count, its interval in % (one decimal), and whether it may be compared. */
export interface FairSample {
  /** qualified + unqualified: the forms the satisfaction rate is a rate of. */
  satisfactionCount: number;
  /** The 95 % Wilson interval's bounds in %, rounded half up to one decimal; null with no count. */
  satisfactionLower: number | null;
  satisfactionUpper: number | null;
  /** Fewer forms than the policy's minFormsToCompare (but some): too few forms to compare. */
  tooFewToCompare: boolean;
}

/** A fraction as a percentage rounded half up to one decimal (a tiny epsilon absorbs float error). */
const tenths = (fraction: number) => Math.floor(fraction * 1000 + 0.5 + 1e-9) / 10;

export function fairSample(qualified: number, unqualified: number, minFormsToCompare: number): FairSample {
  const n = qualified + unqualified;
  const interval = wilsonInterval(qualified, n);
  return {
    satisfactionCount: n,
    satisfactionLower: interval ? tenths(interval.lower) : null,
    satisfactionUpper: interval ? tenths(interval.upper) : null,
    tooFewToCompare: n > 0 && n < minFormsToCompare,
  };
}

/**
 * Ranks by the exact lower bound (docs/rules.md#figures): comparable merchants first, highest
 * lower bound first (ties: the higher rate, then `tieBreak`); then those with too few forms the
 * same way; then those with no satisfaction rate, in their given order.
 */
export function byLowerBound<T extends { qualified: number; unqualified: number }>(
  rows: T[],
  minFormsToCompare: number,
  tieBreak: (a: T, b: T) => number = () => 0,
): T[] {
  const keyed = rows.map((row, i) => {
    const n = row.qualified + row.unqualified;
    const interval = wilsonInterval(row.qualified, n);
    const group = n === 0 ? 2 : n < minFormsToCompare ? 1 : 0;
    return { row, i, group, lower: interval?.lower ?? 0, rate: n ? row.qualified / n : 0 };
  });
  keyed.sort(
    (a, b) =>
      a.group - b.group || b.lower - a.lower || b.rate - a.rate || (a.group === 2 ? a.i - b.i : tieBreak(a.row, b.row) || a.i - b.i),
  );
  return keyed.map((k) => k.row);
}
