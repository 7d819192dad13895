import { spec } from '@fd/kernel/testing';
import { DEFAULT_TIME_ZONE } from '@fd/kernel';
import { OpinionCommand, opinionDecider } from './opinion.decider';

const now = new Date('2026-10-31T16:05:00.000Z'); // 2026-11-01 00:05 in the mall: November's register

const register = (over: Partial<OpinionCommand> = {}): OpinionCommand => ({
  type: 'RegisterOpinion',
  opinionId: 'op-1',
  channel: 'hotline',
  category: 'installation',
  merchantId: 'm1',
  text: '  安裝師傅遲到兩小時。\n',
  now,
  timeZone: DEFAULT_TIME_ZONE,
  ...over,
});

describe('registering a customer opinion', () => {
  it('registerOpinion_keepsTheTextAsGiven_andIsDatedInTheMallsTimeZone', () => {
    spec(opinionDecider)
      .given([])
      .when(register())
      .then([
        {
          type: 'OpinionRegistered',
          data: {
            opinionId: 'op-1',
            channel: 'hotline',
            category: 'installation',
            merchantId: 'm1',
            text: '  安裝師傅遲到兩小時。\n',
            registeredOn: '2026-11-01',
            registeredAt: now.toISOString(),
          },
        },
      ]);
  });

  it('registerOpinion_withoutAMerchant_namesNone', () => {
    const [event] = opinionDecider.decide(register({ merchantId: undefined }), opinionDecider.initialState());
    expect(event.data).not.toHaveProperty('merchantId');
  });

  it('registerOpinion_again_registersNothingMore', () => {
    const first = opinionDecider.decide(register(), opinionDecider.initialState());
    spec(opinionDecider).given(first).when(register()).thenNothingHappened();
  });
});
