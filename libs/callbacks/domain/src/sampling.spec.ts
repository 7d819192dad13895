import { isSampled, samplePoint } from './sampling';

describe('callback sampling by the hash of the serial', () => {
  const serials = Array.from({ length: 2000 }, (_, i) => `F-2026-${String(i).padStart(6, '0')}`);

  it('samplePoint_ofTheSameSerial_isAlwaysTheSame', () => {
    expect(samplePoint('F-2026-000123')).toBe(samplePoint('F-2026-000123'));
    expect(samplePoint('F-2026-000123')).not.toBe(samplePoint('F-2026-000124'));
  });

  it('samplePoint_isTheFirstFourBytesOfSha256OverTwoToThe32', () => {
    // sha256("abc") starts with ba7816bf
    expect(samplePoint('abc')).toBe(0xba7816bf / 2 ** 32);
  });

  it('rateZero_samplesNoForm_andRateOne_samplesEveryForm', () => {
    expect(serials.filter((s) => isSampled(s, 0))).toEqual([]);
    expect(serials.filter((s) => isSampled(s, 1))).toEqual(serials);
  });

  it('theDefaultRate_samplesAboutAFifthOfTheForms', () => {
    const share = serials.filter((s) => isSampled(s, 0.2)).length / serials.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });

  it('aHigherRate_keepsEveryFormALowerRateSampled', () => {
    const low = serials.filter((s) => isSampled(s, 0.1));
    const high = new Set(serials.filter((s) => isSampled(s, 0.3)));
    expect(low.every((s) => high.has(s))).toBe(true);
  });
});
