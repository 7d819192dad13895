import { maskPhone } from './phone-masking';

describe('what a merchant sees of a customer', () => {
  it('maskPhone_aMobileNumber_showsThreeAndFourDigits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('maskPhone_aShortLandline_stillHidesTheMiddle', () => {
    expect(maskPhone('6543210')).toBe('65***10');
    expect(maskPhone('02112345678')).toBe('021****5678');
  });
});
