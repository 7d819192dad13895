import { maskPhone } from './phone';
import { cardNumber, CARD_NUMBER_PATTERN } from './card-number';

describe('what a merchant sees of a customer', () => {
  it('maskPhone_aMobileNumber_showsThreeAndFourDigits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('maskPhone_aShortLandline_stillHidesTheMiddle', () => {
    expect(maskPhone('6543210')).toBe('65***10');
    expect(maskPhone('02112345678')).toBe('021****5678');
  });
});

describe('card numbers', () => {
  it('cardNumber_isSCAndEightDigits', () => {
    expect(cardNumber(42)).toBe('SC00000042');
    expect(cardNumber(42)).toMatch(CARD_NUMBER_PATTERN);
    expect(() => cardNumber(0)).toThrow(RangeError);
  });
});
