/** Rounds half up to one decimal, on the exact ratio (docs/rules.md#figures: "rounded half up to one decimal"). */
export function percentOneDecimal(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  // integer arithmetic: tenths of a percent = floor((n * 1000 / d) + 0.5)
  return Math.floor((numerator * 2000 + denominator) / (2 * denominator)) / 10;
}
