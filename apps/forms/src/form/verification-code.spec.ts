import { normaliseCode } from '@fd/forms-domain';
import { CODE_ALPHABET, verificationCode } from './verification-code';

const form = { serial: 'FD00000001', merchantId: 'm1', purchaseId: 'p1', serviceType: 'install' as const, visit: 1 };

describe('verification codes', () => {
  it('aCode_isEightSymbolsWithoutLookalikes', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[01IO]/);
    expect(verificationCode(form, 'k')).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/);
  });
  it('aCode_isTheSameWhenRecomputed', () => {
    expect(verificationCode(form, 'k')).toBe(verificationCode({ ...form }, 'k'));
  });
  it('aCode_dependsOnEveryPartOfTheIdentityAndOnTheKey', () => {
    const base = verificationCode(form, 'k');
    for (const other of [
      { ...form, serial: 'FD00000002' },
      { ...form, merchantId: 'm2' },
      { ...form, purchaseId: 'p2' },
      { ...form, serviceType: 'deliver' as const },
      { ...form, visit: 2 },
    ])
      expect(verificationCode(other, 'k')).not.toBe(base);
    expect(verificationCode(form, 'another key')).not.toBe(base);
  });
  it('aTypedCode_isComparedTrimmedAndInUpperCase', () => {
    expect(normaliseCode('  ab2cd3ef \n')).toBe('AB2CD3EF');
  });
});
