import { maskPhoneNumbersInText } from './phone-masking';

describe('phone numbers in free text, as a merchant sees them', () => {
  it('aMobileNumber_showsOnlyItsFirstThreeAndLastFourDigits', () => {
    expect(maskPhoneNumbersInText('顧客王女士13812345678來電')).toBe('顧客王女士138****5678來電');
    expect(maskPhoneNumbersInText('call 138 1234 5678 or 138-1234-5678')).toBe('call 138****5678 or 138****5678');
  });

  it('aLandlineNumber_isMaskedLikeAMobileNumberOfItsLength', () => {
    expect(maskPhoneNumbersInText('tel 021-12345678')).toBe('tel 021****5678');
    expect(maskPhoneNumbersInText('tel 6543210.')).toBe('tel 65***10.');
  });

  it('datesAndShortNumbers_areLeftAlone', () => {
    const text = 'installed 2026-10-12, 2 doors, 3500 yuan, order 123456';
    expect(maskPhoneNumbersInText(text)).toBe(text);
  });
  it('everyUsualShape_isMasked_butDatesAndAmountsAreNot', () => {
    expect(maskPhoneNumbersInText('請回電 13812345678 或 138 1234 5678，座機 021-12345678')).toBe(
      '請回電 138****5678 或 138****5678，座機 021****5678',
    );
    expect(maskPhoneNumbersInText('2026-10-05 送貨 3 件，共 120000 分')).toBe('2026-10-05 送貨 3 件，共 120000 分');
  });
});
