import { spec } from '@fd/kernel/testing';
import { evolve, FormCommand, FormEvent, formDecider, initialState, IssuedForm, selfConfirmationClosure } from './form.decider';
import { FormIdentity } from './form-identity';
import { StaffRecord } from './staff-certification';

// docs/rules.md, "The customer's own confirmation" and examples S1 to S5: form FD00000101, planned
// 2027-03-03, due 2027-03-10, SELF_CONFIRMATION_DAYS 14
const codeOf = (f: FormIdentity) => `ABCD234${f.visit}`;
const forms = formDecider(codeOf, { maxWrongCodes: 5 });
const TZ = 'Asia/Shanghai';
const DAYS = 14;
/** 10:00 in the mall on a date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);

const form: IssuedForm = {
  serial: 'FD00000101',
  purchaseId: 'p1',
  cardNo: 'SC00000042',
  merchantId: 'm1',
  serviceType: 'install',
  visit: 1,
  plannedDate: '2027-03-03',
  dueDate: '2027-03-10',
  returnDays: 7,
  issuedAt: '2027-03-01T02:00:00.000Z',
};
const issued: FormEvent = { type: 'FormIssued', data: form };
const staff: StaffRecord = { staffId: 's1', merchantId: 'm1', certificateValidUntil: '2028-12-31' };

type Rating = 'very_satisfied' | 'satisfied' | 'fairly_satisfied' | 'unsatisfied';
const confirm = (rating: Rating, date = '2027-03-03', comment?: string): FormCommand => ({
  type: 'SelfConfirm',
  serial: form.serial,
  rating,
  ...(comment ? { comment } : {}),
  now: at(date),
  timeZone: TZ,
  daysAfterDue: DAYS,
});
const confirmed = (rating: Rating, date = '2027-03-03', comment?: string): FormEvent => ({
  type: 'FormSelfConfirmed',
  data: { rating, ...(comment ? { comment } : {}), at: at(date).toISOString() },
});
const file = (rating: Rating, date = '2027-03-05'): FormCommand => ({
  type: 'FileForm',
  serial: form.serial,
  verificationCode: codeOf(form),
  rating,
  staffId: 's1',
  servicedOn: '2027-03-03',
  staff,
  filer: { username: 'desk', role: 'clerk' },
  now: at(date),
  timeZone: TZ,
});
const filed = (rating: Rating, date = '2027-03-05', late = false): FormEvent => ({
  type: 'FormFiled',
  data: { rating, staffId: 's1', staffCertified: true, servicedOn: '2027-03-03', filedAt: at(date).toISOString(), late },
});
const stateOf = (events: FormEvent[]) => events.reduce(evolve, initialState());

describe("the customer's own confirmation", () => {
  it('exampleS1_confirmedThenFiledWithTheSameRating_isVerifiedAtTheFiling', () => {
    spec(forms)
      .given([issued, confirmed('satisfied')])
      .when(file('satisfied'))
      .then([filed('satisfied'), { type: 'FormVerified', data: { selfConfirmedAt: at('2027-03-03').toISOString() } }]);
  });

  it('exampleS2_paperSaysVerySatisfied_customerSaidUnsatisfied_ratingReplacedAndForged', () => {
    const by = { selfConfirmedAt: at('2027-03-03').toISOString() };
    spec(forms)
      .given([issued, confirmed('unsatisfied')])
      .when(file('very_satisfied'))
      .then([
        filed('very_satisfied'),
        { type: 'FormRatingReplaced', data: { ...by, previousRating: 'very_satisfied', rating: 'unsatisfied' } },
        { type: 'FormForged', data: { ...by, cause: 'rating_disputed' } },
      ]);
    const s = stateOf([
      issued,
      confirmed('unsatisfied'),
      filed('very_satisfied'),
      ...forms.decide(file('very_satisfied'), stateOf([issued, confirmed('unsatisfied')])).slice(1),
    ]);
    expect(s.status === 'filed' && s.filing.rating).toBe('unsatisfied');
    expect(s.status !== 'unissued' && s.forged).toBe(true);
  });

  it('exampleS3_confirmedAfterTheFiling_isComparedThen_twoQualifiedRatingsForgeNothing', () => {
    const by = { selfConfirmedAt: at('2027-03-06').toISOString() };
    spec(forms)
      .given([issued, filed('satisfied')])
      .when(confirm('fairly_satisfied', '2027-03-06'))
      .then([
        confirmed('fairly_satisfied', '2027-03-06'),
        { type: 'FormRatingReplaced', data: { ...by, previousRating: 'satisfied', rating: 'fairly_satisfied' } },
      ]);
  });

  it('exampleS3_aSecondConfirmation_isRefused', () => {
    spec(forms)
      .given([issued, filed('satisfied'), confirmed('satisfied', '2027-03-06')])
      .when(confirm('unsatisfied', '2027-03-07'))
      .thenThrows('ALREADY_SELF_CONFIRMED');
  });

  it('exampleS4_confirmedNeverFiled_fallsOverdueAsUsual_andTheLinkClosesAfterTheWindow', () => {
    const given = [issued, confirmed('very_satisfied', '2027-03-03', '師傅很準時')];
    spec(forms)
      .given(given)
      .when({ type: 'MarkOverdue', now: at('2027-03-11'), timeZone: TZ })
      .then([{ type: 'FormOverdue', data: { dueDate: '2027-03-10', at: at('2027-03-11').toISOString() } }]);
    const s = stateOf(given);
    expect(selfConfirmationClosure(s, at('2027-03-24'), TZ, DAYS)).toBe('already_confirmed');
  });

  it('selfConfirm_anOverdueForm_isTakenUntilTheDaysAfterItsDueDate', () => {
    const overdue: FormEvent = { type: 'FormOverdue', data: { dueDate: '2027-03-10', at: at('2027-03-11').toISOString() } };
    spec(forms)
      .given([issued, overdue])
      .when(confirm('satisfied', '2027-03-24'))
      .then([confirmed('satisfied', '2027-03-24')]);
    spec(forms).given([issued, overdue]).when(confirm('satisfied', '2027-03-25')).thenThrows('SELF_CONFIRMATION_CLOSED');
  });

  it('selfConfirm_aVoidedForm_isClosed', () => {
    const voided: FormEvent = { type: 'FormVoided', data: { reason: 'cancelled', voidedAt: at('2027-03-02').toISOString() } };
    spec(forms).given([issued, voided]).when(confirm('satisfied')).thenThrows('SELF_CONFIRMATION_CLOSED');
  });

  it('selfConfirm_aFiledFormACallbackVerified_isClosed', () => {
    const verified: FormEvent = { type: 'FormVerified', data: { callbackId: 'cb1', attempt: 1 } };
    spec(forms)
      .given([issued, filed('satisfied'), verified])
      .when(confirm('satisfied', '2027-03-06'))
      .thenThrows('SELF_CONFIRMATION_CLOSED');
  });

  it('selfConfirm_anUnknownForm_isNotFound', () => {
    spec(forms).given([]).when(confirm('satisfied')).thenThrows('FORM_NOT_FOUND');
  });

  it('selfConfirm_onAFiledFormWithTheSameRating_verifiesIt', () => {
    spec(forms)
      .given([issued, filed('satisfied')])
      .when(confirm('satisfied', '2027-03-06', '好'))
      .then([
        confirmed('satisfied', '2027-03-06', '好'),
        { type: 'FormVerified', data: { selfConfirmedAt: at('2027-03-06').toISOString() } },
      ]);
  });

  it('fileForm_aConfirmedFormFiledWithoutItsRatingButUnqualifiedStaff_isReplacedButNotForged', () => {
    // the paper said 很滿意 but its staff were unknown: not a qualified claim, so only the rating changes
    const by = { selfConfirmedAt: at('2027-03-03').toISOString() };
    const events = forms.decide({ ...file('very_satisfied'), staff: null } as FormCommand, stateOf([issued, confirmed('unsatisfied')]));
    expect(events.map((e) => e.type)).toEqual(['FormFiled', 'FormRatingReplaced']);
    expect(events[1]).toEqual({ type: 'FormRatingReplaced', data: { ...by, previousRating: 'very_satisfied', rating: 'unsatisfied' } });
  });
});
