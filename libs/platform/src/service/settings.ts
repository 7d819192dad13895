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

/** Values that were once written in this repository as development defaults: public, so never a key. */
const PUBLISHED_SECRETS = new Set([
  'feedback-desk-development-secret',
  'feedback-desk-development-form-code-key',
  'feedback-desk-development-sample-key',
]);

export const MIN_SECRET_BYTES = 32;

/**
 * A key from the environment (HMAC keys, the token secret). There is no default: a service
 * without it, with a short one, or with a value once published in this repository stops at
 * start with the variable's name. `npm start` and the tests make their own at random.
 */
export function secretSetting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set: a random value of at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`);
  if (Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`${name} is too short: it must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`);
  if (PUBLISHED_SECRETS.has(value)) throw new Error(`${name} is a value published in the repository; choose a random one`);
  return value;
}
