import { spec } from '@fd/kernel/testing';
import { opinionCategoryDecider, OpinionCategoryCommand } from './opinion-category.decider';

const now = new Date('2026-11-30T08:00:00.000Z');
const labels = { 'zh-Hant': '停車', 'zh-Hans': '停车', en: 'Parking' };
const add: OpinionCategoryCommand = { type: 'AddOpinionCategory', code: 'parking', labels, builtIn: false, now };
const retire = (code = 'parking', builtIn = false): OpinionCategoryCommand => ({ type: 'RetireOpinionCategory', code, builtIn, now });
const added = { type: 'OpinionCategoryAdded' as const, data: { code: 'parking', labels, addedAt: now.toISOString() } };

describe('the managed list of opinion categories', () => {
  it('aNewCode_isAdded_thenRetired_once', () => {
    spec(opinionCategoryDecider).given([]).when(add).then([added]);
    spec(opinionCategoryDecider)
      .given([added])
      .when(retire())
      .then([{ type: 'OpinionCategoryRetired', data: { code: 'parking', retiredAt: now.toISOString() } }]);
    spec(opinionCategoryDecider)
      .given([added, { type: 'OpinionCategoryRetired', data: { code: 'parking', retiredAt: now.toISOString() } }])
      .when(retire())
      .thenNothingHappened();
  });

  it('aCodeInUse_evenRetired_isNeverAddedAgain', () => {
    expect(() => opinionCategoryDecider.decide(add, { status: 'active', code: 'parking' })).toThrow(/CATEGORY_EXISTS|already/);
    expect(() => opinionCategoryDecider.decide(add, { status: 'retired', code: 'parking' })).toThrow(/never reused/);
    expect(() => opinionCategoryDecider.decide({ ...add, builtIn: true }, { status: 'none' })).toThrow(/already/);
  });

  it('aBuiltInCategory_canBeRetiredWithoutAnEventBefore_butOtherNever_andAnUnknownCodeIsNotFound', () => {
    expect(opinionCategoryDecider.decide(retire('price', true), { status: 'none' })).toHaveLength(1);
    expect(() => opinionCategoryDecider.decide(retire('other', true), { status: 'none' })).toThrow(/cannot be retired/);
    expect(() => opinionCategoryDecider.decide(retire('nothing'), { status: 'none' })).toThrow(/no category/);
  });
});
