/**
 * Whether two secrets are equal, taking the same time wherever they first differ (a compare
 * that stops at the first difference tells a patient guesser how many characters were right).
 * Only the length may show, and codes have a fixed length.
 */
export function equalInConstantTime(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
