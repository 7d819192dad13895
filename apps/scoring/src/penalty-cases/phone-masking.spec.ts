import type { Principal } from '@fd/platform';
import { maskPhoneNumbersInText } from '@fd/kernel';
import { maskFreeTextFor } from './phone-masking';

const merchant: Principal = { sub: 'u1', username: 'm', role: 'merchant', merchantId: 'm1' };
const clerk: Principal = { sub: 'u2', username: 'c', role: 'clerk' };

describe('phone numbers in free text', () => {
  it('areMasked_likeTheCallbacksNotes', () => {
    expect(maskPhoneNumbersInText('請回電 13812345678 或 138 1234 5678，座機 021-12345678')).toBe(
      '請回電 138****5678 或 138****5678，座機 021****5678',
    );
    expect(maskPhoneNumbersInText('2026-10-05 送貨 3 件，共 120000 分')).toBe('2026-10-05 送貨 3 件，共 120000 分');
  });

  it('areMaskedForMerchants_only_andOnlyInFreeTextFields', () => {
    const record = { serial: 'FD00001234', comment: '電話 13812345678', reason: '13812345678' };
    expect(maskFreeTextFor(merchant, record)).toEqual({ serial: 'FD00001234', comment: '電話 138****5678', reason: '138****5678' });
    expect(maskFreeTextFor(clerk, record)).toBe(record);
  });
});
