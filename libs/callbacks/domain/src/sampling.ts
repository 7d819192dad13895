import { createHash } from 'node:crypto';

/**
 * Where a serial falls in [0, 1): the first 4 bytes of SHA-256(serial) over 2^32. A hash
 * rather than a random draw, so that a replay of the same events samples the same forms.
 */
export function samplePoint(serial: string): number {
  return createHash('sha256').update(serial, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
}

/** A form is in the callback sample when its point is below the rate: rate 0 picks none, rate 1 every form. */
export function isSampled(serial: string, rate: number): boolean {
  return samplePoint(serial) < rate;
}
