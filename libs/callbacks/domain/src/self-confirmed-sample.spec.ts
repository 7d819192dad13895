import { reasonForFiling } from './form-callbacks.decider';

// docs/rules.md, "The customer's own confirmation": the callback sample skips self-confirmed forms
describe('a form the customer confirmed themselves', () => {
  const filing = {
    rating: 'satisfied' as const,
    staffCertified: true,
    filedOn: '2027-03-05',
    upheldForgeriesOn: [],
    samplePoint: 0.05,
    callbackSampleRate: 0.2,
  };

  it('exampleS1_aSampledFormConfirmedByTheCustomer_isNotCalled', () => {
    expect(reasonForFiling(filing)).toBe('sample');
    expect(reasonForFiling({ ...filing, selfConfirmed: true })).toBeNull();
  });

  it('theOtherReasons_areCalledAsBefore', () => {
    expect(reasonForFiling({ ...filing, selfConfirmed: true, rating: 'unsatisfied' })).toBe('unsatisfied');
    expect(reasonForFiling({ ...filing, selfConfirmed: true, staffCertified: false })).toBe('unqualified');
    expect(reasonForFiling({ ...filing, selfConfirmed: true, upheldForgeriesOn: ['2027-02-01'] })).toBe('recent_forgery');
  });
});
