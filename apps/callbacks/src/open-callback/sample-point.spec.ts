import { createHmac } from 'node:crypto';
import { DEFAULT_TIME_ZONE } from '@fd/kernel';
import { formCallbacksDecider, FormCallbacksCommand } from '@fd/callbacks-domain';
import { samplePoint } from './sample-point';

const serials = Array.from({ length: 2000 }, (_, i) => `F-2026-${String(i).padStart(6, '0')}`);

/** The reason a satisfied, certified filing of this serial gets at this rate (null: no callback). */
const sampleDecision = (serial: string, callbackSampleRate: number) => {
  const command: FormCallbacksCommand = {
    type: 'OpenCallbackForFiling',
    callbackId: 'cb',
    serial,
    merchantId: 'm1',
    rating: 'very_satisfied',
    staffCertified: true,
    filedAt: '2026-10-12T02:00:00.000Z',
    upheldForgeriesOn: [],
    samplePoint: samplePoint(serial, KEY_ONE),
    policy: { version: null, callbackSampleRate, timeZone: DEFAULT_TIME_ZONE },
    now: new Date('2026-10-12T02:00:01.000Z'),
  };
  const [opened] = formCallbacksDecider.decide(command, formCallbacksDecider.initialState());
  return opened?.type === 'CallbackOpened' ? opened.data.reason : null;
};

const KEY_ONE = 'the-first-sample-key-of-32-bytes-or-more';
const KEY_TWO = 'the-second-sample-key-of-32-bytes-or-more';

describe('the callback sample, decided by a keyed hash of the serial', () => {
  it('samplePoint_isTheFirstFourBytesOfAKeyedHmacOverTwoToThe32', () => {
    const expected = (key: string) => createHmac('sha256', key).update('abc').digest().readUInt32BE(0) / 2 ** 32;
    const one = samplePoint('abc', KEY_ONE);
    expect(one).toBe(expected(KEY_ONE));
    expect(samplePoint('abc', KEY_TWO)).toBe(expected(KEY_TWO));
    expect(samplePoint('abc', KEY_TWO)).not.toBe(one); // without the key, nobody can tell which forms a sample skips
  });

  it('theSameSerial_alwaysGetsTheSameDecision', () => {
    for (const serial of serials.slice(0, 200)) expect(sampleDecision(serial, 0.2)).toBe(sampleDecision(serial, 0.2));
    expect(serials.map((s) => samplePoint(s, KEY_ONE))).toEqual(serials.map((s) => samplePoint(s, KEY_ONE)));
  });

  it('rateZero_samplesNoForm_andRateOne_samplesEveryForm', () => {
    expect(serials.filter((s) => sampleDecision(s, 0) !== null)).toEqual([]);
    expect(serials.filter((s) => sampleDecision(s, 1) === 'sample')).toEqual(serials);
  });

  it('theDefaultRate_samplesAboutAFifthOfTheForms', () => {
    const share = serials.filter((s) => sampleDecision(s, 0.2) === 'sample').length / serials.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });

  it('raisingTheRate_keepsEveryFormThatALowerRateSampled', () => {
    const high = new Set(serials.filter((s) => sampleDecision(s, 0.3) === 'sample'));
    expect(serials.filter((s) => sampleDecision(s, 0.1) === 'sample').every((s) => high.has(s))).toBe(true);
  });
});
