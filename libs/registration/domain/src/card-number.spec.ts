import { cardNumber, CARD_NUMBER_PATTERN } from './card-number';

describe('card numbers', () => {
  it('cardNumber_isSCAndEightDigits', () => {
    expect(cardNumber(42)).toBe('SC00000042');
    expect(cardNumber(42)).toMatch(CARD_NUMBER_PATTERN);
    expect(() => cardNumber(0)).toThrow(RangeError);
  });
});
