import { createHash } from 'node:crypto';

/**
 * Where a serial falls in [0, 1): the first 4 bytes of SHA-256(serial) over 2^32. A hash
 * rather than a random draw, so that a replay of the same events samples the same forms.
 * (Hashing needs node:crypto, which the pure domain library may not import.)
 */
export function samplePoint(serial: string): number {
  return createHash('sha256').update(serial, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
}
