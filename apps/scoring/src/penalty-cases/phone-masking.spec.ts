import type { Principal } from '@fd/platform';
import { maskFreeTextFor } from './phone-masking';

const merchant: Principal = { sub: 'u1', username: 'm', role: 'merchant', merchantId: 'm1' };
const clerk: Principal = { sub: 'u2', username: 'c', role: 'clerk' };

describe('phone numbers in free text', () => {
  it('areMaskedForMerchants_only_andOnlyInFreeTextFields', () => {
    const record = { serial: 'FD00001234', statement: '請打 13812345678', reason: '13812345678' };
    expect(maskFreeTextFor(merchant, record)).toEqual({ serial: 'FD00001234', statement: '請打 138****5678', reason: '138****5678' });
    expect(maskFreeTextFor(clerk, record)).toBe(record);
  });
});
