/**
 * A number from the environment, or `dflt` when the variable is unset or empty. A value that is
 * not a number (or an integer where one is needed), or is below `min`, stops the service at
 * start with the variable's name: a typo must not quietly become the default.
 */
export function numberSetting(name: string, dflt: number, { min = 0, integer = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
    throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min} (is ${JSON.stringify(raw)})`);
  return n;
}
