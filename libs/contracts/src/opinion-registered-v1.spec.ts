import { OpinionRegistered } from './catalog';
import { OpinionRegisteredV1, upcast } from './upcast';

const v1 = (category: string) => ({
  opinionId: 'op-1',
  channel: 'hotline' as const,
  category,
  merchantId: 'm1',
  text: '送貨遲了三天',
  registeredOn: '2026-10-05',
});

describe('OpinionRegistered v1 (a category as free text) read as v2 (a category code)', () => {
  it('aBuiltInName_inAnyOfTheThreeLanguages_becomesItsCode', () => {
    for (const name of ['送貨延誤', '送货延误', 'Late delivery', '  late DELIVERY '])
      expect(upcast('OpinionRegistered', 1, v1(name))).toEqual({ version: 2, payload: { ...v1(''), category: 'late_delivery' } });
  });

  it('anyOtherText_becomesOther_withTheTextKept', () => {
    const lifted = upcast('OpinionRegistered', 1, v1('停車位太少')).payload;
    expect(lifted).toEqual({ ...v1(''), category: 'other', categoryText: '停車位太少' });
    expect(OpinionRegistered.schema.safeParse(lifted).success).toBe(true);
  });

  it('v1_isFrozen_andV2IsWhatProducersWrite', () => {
    expect(OpinionRegisteredV1.version).toBe(1);
    expect(OpinionRegistered.version).toBe(2);
  });
});
