import { spec } from '@fd/kernel/testing';
import { DEFAULT_POLICY, PolicyCommand, policyDecider, PolicyEvent } from './policy.decider';

const now = new Date('2026-10-05T02:00:00Z');
const change = (over: Partial<typeof DEFAULT_POLICY> = {}): PolicyCommand => ({
  type: 'ChangePolicy',
  values: { ...DEFAULT_POLICY, ...over },
  now,
});
const v2: PolicyEvent = { type: 'PolicyChanged', data: { version: 2, ...DEFAULT_POLICY, appealDays: 10, changedAt: now.toISOString() } };

describe('policy', () => {
  it('theDefaults_areVersion1', () => {
    expect(policyDecider.initialState()).toEqual({
      status: 'default',
      policy: { version: 1, returnDays: 7, callbackSampleRate: 0.2, appealDays: 7, timeZone: 'Asia/Shanghai', minFormsToCompare: 5 },
    });
  });

  it('changePolicy_makesTheNextVersion', () => {
    spec(policyDecider)
      .given([])
      .when(change({ appealDays: 10 }))
      .then([v2]);
    spec(policyDecider)
      .given([v2])
      .when(change({ appealDays: 10, returnDays: 5 }))
      .then([{ type: 'PolicyChanged', data: { ...v2.data, version: 3, returnDays: 5 } }]);
  });

  it('changePolicy_toWhatIsInForce_makesNoNewVersion', () => {
    spec(policyDecider).given([]).when(change()).thenNothingHappened();
    spec(policyDecider)
      .given([v2])
      .when(change({ appealDays: 10 }))
      .thenNothingHappened();
  });

  it('changePolicy_keepsTheCanonicalNameOfTheTimeZone', () =>
    spec(policyDecider)
      .given([])
      .when(change({ timeZone: 'asia/hong_kong' }))
      .then([
        { type: 'PolicyChanged', data: { version: 2, ...DEFAULT_POLICY, timeZone: 'Asia/Hong_Kong', changedAt: now.toISOString() } },
      ]));

  it('aVersionSetBeforeMinFormsToCompare_readsItsDefault5', () => {
    const old = {
      version: 2,
      returnDays: 10,
      callbackSampleRate: 0.2,
      appealDays: 7,
      timeZone: 'Asia/Shanghai',
      changedAt: '2026-01-01T00:00:00.000Z',
    };
    const state = policyDecider.evolve(policyDecider.initialState(), { type: 'PolicyChanged', data: old as never });
    expect(state.policy.minFormsToCompare).toBe(5);
    // and setting the same values with the default is not a new version
    expect(policyDecider.decide({ type: 'ChangePolicy', values: { ...old, minFormsToCompare: 5 }, now: new Date() }, state)).toEqual([]);
  });
});
