import { newestValidPolicy } from './kept-policy';

/** Rows as `policyInForce` reads them, newest first. */
const row = (version: number, over: Record<string, unknown> = {}) => ({
  version,
  returnDays: 7,
  callbackSampleRate: 0.2,
  appealDays: 7,
  timeZone: 'Asia/Shanghai',
  ...over,
});

describe('the policy a service keeps, as every service reads it (docs/rules.md#policy)', () => {
  it('beforeAnyPolicyArrives_theRuleBooksDefaultsApply_asVersion1', () => {
    expect(newestValidPolicy([])).toEqual({
      version: 1,
      returnDays: 7,
      callbackSampleRate: 0.2,
      appealDays: 7,
      timeZone: 'Asia/Shanghai',
      minFormsToCompare: 5,
    });
  });

  it('theNewestVersion_isInForce', () => {
    expect(newestValidPolicy([row(3, { returnDays: 3, timeZone: 'Pacific/Kiritimati' }), row(2, { returnDays: 10 })])).toEqual(
      row(3, { returnDays: 3, timeZone: 'Pacific/Kiritimati' }),
    );
  });

  it('aZoneTheRuntimeDoesNotKnow_orAnOffset_isPassedOver_forTheVersionBeforeIt', () => {
    const good = row(2, { timeZone: 'Europe/Paris' });
    expect(newestValidPolicy([row(4, { timeZone: 'Mars/Olympus_Mons' }), row(3, { timeZone: '+08:00' }), good])).toEqual(good);
  });

  it('daysOrARateOutsideTheRuleBooksRanges_arePassedOver', () => {
    const good = row(2, { returnDays: 365, appealDays: 0, callbackSampleRate: 1 });
    const outOfRange = [
      { returnDays: 366 },
      { appealDays: -1 },
      { returnDays: 2.5 },
      { callbackSampleRate: 1.01 },
      { callbackSampleRate: null },
    ];
    expect(newestValidPolicy([...outOfRange.map((o, i) => row(10 - i, o)), good])).toEqual(good);
  });

  it('withNoValidVersionAtAll_theDefaultsApply', () => {
    expect(newestValidPolicy([row(2, { timeZone: 'Nowhere/Land' })])).toMatchObject({ version: 1, timeZone: 'Asia/Shanghai' });
  });
});
