import { createHmac } from 'node:crypto';

/**
 * Where a serial falls in [0, 1): the first 4 bytes of HMAC-SHA256(key, serial) over 2^32, under
 * the service's CALLBACK_SAMPLE_KEY.
 * A hash rather than a random draw, so that a replay of the same events samples the same
 * forms; keyed, so that a merchant who knows the method cannot tell which forms will never be
 * called back. (Hashing needs node:crypto, which the pure domain library may not import.)
 */
export function samplePoint(serial: string, key: string): number {
  return createHmac('sha256', key).update(serial, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
}
