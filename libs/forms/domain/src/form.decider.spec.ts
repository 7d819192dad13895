import { spec } from '@fd/kernel/testing';
import { FormCommand, FormEvent, formDecider, IssuedForm, evolve, filingRefusal, initialState, isFilingLocked } from './form.decider';
import { FormIdentity } from './form-identity';
import { StaffRecord } from './staff-certification';

// stands in for the keyed MAC (apps/forms): a different code for each visit of the form
const codeOf = (f: FormIdentity) => `ABCD234${f.visit}`;
const forms = formDecider(codeOf, { maxWrongCodes: 5 });

const form: IssuedForm = {
  serial: 'FD00000001',
  purchaseId: 'p1',
  cardNo: 'C1',
  merchantId: 'm1',
  serviceType: 'install',
  visit: 1,
  plannedDate: '2026-10-05',
  dueDate: '2026-10-12',
  returnDays: 7,
  issuedAt: '2026-10-01T02:00:00.000Z',
};
const CODE = codeOf(form);
const TZ = 'Asia/Shanghai';
/** 10:00 in the mall on a date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);

const issued: FormEvent = { type: 'FormIssued', data: form };
const staff: StaffRecord = { staffId: 's1', merchantId: 'm1', certificateValidUntil: '2027-12-31' };

const file = (over: Partial<Extract<FormCommand, { type: 'FileForm' }>> = {}): FormCommand => ({
  type: 'FileForm',
  serial: form.serial,
  verificationCode: CODE,
  rating: 'satisfied',
  staffId: 's1',
  servicedOn: '2026-10-05',
  staff,
  filer: { username: 'desk', role: 'clerk' },
  now: at('2026-10-06'),
  timeZone: TZ,
  ...over,
});
const filedEvent = (over: Partial<Extract<FormEvent, { type: 'FormFiled' }>['data']> = {}): FormEvent => ({
  type: 'FormFiled',
  data: {
    rating: 'satisfied',
    staffId: 's1',
    staffCertified: true,
    servicedOn: '2026-10-05',
    filedAt: at('2026-10-06').toISOString(),
    late: false,
    ...over,
  },
});
/** A filing refused for a wrong code, as the decider records it. */
const rejected = (username = 'desk', role: 'clerk' | 'admin' = 'clerk', now = at('2026-10-06')): FormEvent => ({
  type: 'FilingCodeRejected',
  data: { username, role, at: now.toISOString() },
});
const callback = (
  outcome: Extract<FormCommand, { type: 'ApplyCallbackAttempt' }>['outcome'],
  over: Partial<Extract<FormCommand, { type: 'ApplyCallbackAttempt' }>> = {},
): FormCommand => ({ type: 'ApplyCallbackAttempt', serial: form.serial, callbackId: 'cb1', attempt: 1, outcome, ...over });
const ref = { callbackId: 'cb1', attempt: 1 };

describe('issuing a form', () => {
  it('issueForm_onANewStream_issuesIt', () => {
    spec(forms).given([]).when({ type: 'IssueForm', form }).then([issued]);
  });
  it('issueForm_whenAlreadyIssued_changesNothing', () => {
    spec(forms).given([issued]).when({ type: 'IssueForm', form }).thenNothingHappened();
  });
});

describe('filing a returned form', () => {
  it('fileForm_withTheRightCode_isFiledWithCertifiedStaff', () => {
    spec(forms).given([issued]).when(file()).then([filedEvent()]);
  });
  it('fileForm_acceptsTheCodeTypedInLowerCaseWithSpaces', () => {
    spec(forms)
      .given([issued])
      .when(file({ verificationCode: `  ${CODE.toLowerCase()} ` }))
      .then([filedEvent()]);
  });
  it('fileForm_keepsTheCustomersComment', () => {
    spec(forms)
      .given([issued])
      .when(file({ comment: '師傅很準時' }))
      .then([filedEvent({ comment: '師傅很準時' })]);
  });
  it('fileForm_whenSerialUnknown_isNotFound', () => {
    spec(forms).given([]).when(file()).thenThrows('FORM_NOT_FOUND');
  });
  it('fileForm_withAWrongCode_isRefusedAndTheRefusalRecorded', () => {
    spec(forms)
      .given([issued])
      .when(file({ verificationCode: 'ABCDEFGH' }))
      .then([rejected()]);
  });
  it('fileForm_withTheCodeOfAnotherForm_isRefusedAndTheRefusalRecorded', () => {
    const other = codeOf({ ...form, visit: 2 });
    spec(forms)
      .given([issued])
      .when(file({ verificationCode: other }))
      .then([rejected()]);
  });
  it('fileForm_whenAlreadyFiled_isRefused', () => {
    spec(forms).given([issued, filedEvent()]).when(file()).thenThrows('FORM_ALREADY_FILED');
  });
  it('fileForm_whenVoided_isRefused', () => {
    spec(forms)
      .given([issued, { type: 'FormVoided', data: { reason: 'cancelled', voidedAt: at('2026-10-02').toISOString() } }])
      .when(file())
      .thenThrows('FORM_VOIDED');
  });
  it('fileForm_withAServiceDateAfterTodayInTheMall_isInvalid', () => {
    // 2026-10-06 15:59 UTC is 23:59 on the 6th in Shanghai: the 7th is still tomorrow
    spec(forms)
      .given([issued])
      .when(file({ servicedOn: '2026-10-07', now: new Date('2026-10-06T15:59:00Z') }))
      .thenThrows('VALIDATION_FAILED');
  });
  it('fileForm_servicedTodayInTheMall_isAccepted_thoughItIsStillYesterdayInUtc', () => {
    const now = new Date('2026-10-06T16:30:00Z'); // 00:30 on the 7th in Shanghai
    spec(forms)
      .given([issued])
      .when(file({ servicedOn: '2026-10-07', now }))
      .then([filedEvent({ servicedOn: '2026-10-07', filedAt: now.toISOString() })]);
  });
  it('fileForm_throughTheLastSecondOfTheDueDate_isNotLate', () => {
    const now = new Date('2026-10-12T15:59:59Z'); // 23:59:59 on the due date in Shanghai
    spec(forms)
      .given([issued])
      .when(file({ now }))
      .then([filedEvent({ filedAt: now.toISOString() })]);
  });
  it('fileForm_afterTheDueDate_beforeTheSweep_makesTheFormOverdueAndFilesItLate', () => {
    // the due date ended whether or not the sweeper got there first: the form is missing
    // (its violation stands) and the late filing is still recorded with its rating
    spec(forms)
      .given([issued])
      .when(file({ now: at('2026-10-13') }))
      .then([
        { type: 'FormOverdue', data: { dueDate: '2026-10-12', at: at('2026-10-13').toISOString() } },
        filedEvent({ filedAt: at('2026-10-13').toISOString(), late: true }),
      ]);
  });
  it('fileForm_afterARescheduledDueDate_makesTheFormOverdueOnItsNewDeadline', () => {
    const rescheduled: FormEvent = {
      type: 'FormRescheduled',
      data: { callbackId: 'cb1', attempt: 1, previousPlannedDate: '2026-10-05', plannedDate: '2026-10-20', dueDate: '2026-10-27' },
    };
    spec(forms)
      .given([issued, rescheduled])
      .when(file({ servicedOn: '2026-10-20', now: at('2026-10-28') }))
      .then([
        { type: 'FormOverdue', data: { dueDate: '2026-10-27', at: at('2026-10-28').toISOString() } },
        filedEvent({ servicedOn: '2026-10-20', filedAt: at('2026-10-28').toISOString(), late: true }),
      ]);
  });
  it('fileForm_whenOverdue_isStillFiled_late', () => {
    const overdue: FormEvent = { type: 'FormOverdue', data: { dueDate: '2026-10-12', at: at('2026-10-13').toISOString() } };
    spec(forms)
      .given([issued, overdue])
      .when(file({ now: at('2026-10-20') }))
      .then([filedEvent({ filedAt: at('2026-10-20').toISOString(), late: true })]);
  });
});

describe('staff certification at the service date', () => {
  it('aCertificateValidUntilTheServiceDate_isCertified', () => {
    spec(forms)
      .given([issued])
      .when(file({ staff: { ...staff, certificateValidUntil: '2026-10-05' } }))
      .then([filedEvent()]);
  });
  it('aCertificateExpiredTheDayBefore_isFiledUnqualified', () => {
    spec(forms)
      .given([issued])
      .when(file({ staff: { ...staff, certificateValidUntil: '2026-10-04' } }))
      .then([filedEvent({ staffCertified: false, uncertifiedReason: 'certificate_expired' })]);
  });
  it('aCertificateRevokedOnTheServiceDate_isFiledUnqualified', () => {
    spec(forms)
      .given([issued])
      .when(file({ staff: { ...staff, revokedOn: '2026-10-05' } }))
      .then([filedEvent({ staffCertified: false, uncertifiedReason: 'certificate_revoked' })]);
  });
  it('aCertificateRevokedAfterTheServiceDate_isCertified', () => {
    spec(forms)
      .given([issued])
      .when(file({ staff: { ...staff, revokedOn: '2026-10-06' } }))
      .then([filedEvent()]);
  });
  it('anUnregisteredStaffMember_isFiledUnqualified', () => {
    spec(forms)
      .given([issued])
      .when(file({ staffId: 'nobody', staff: null }))
      .then([filedEvent({ staffId: 'nobody', staffCertified: false, uncertifiedReason: 'staff_unknown' })]);
  });
  it('staffOfAnotherMerchant_isFiledUnqualified', () => {
    spec(forms)
      .given([issued])
      .when(file({ staff: { ...staff, merchantId: 'm2' } }))
      .then([filedEvent({ staffCertified: false, uncertifiedReason: 'other_merchant' })]);
  });
});

describe('wrong verification codes are recorded, and enough of them lock the form for filing (FILING_MAX_WRONG_CODES, here 5)', () => {
  const WRONG = ['22222222', '33333333', '44444444', '55555555', '66666666'];
  const fiveWrong = WRONG.map(() => rejected());
  const stateAfter = (events: FormEvent[]) => events.reduce(evolve, initialState());
  const admin = { username: 'boss', role: 'admin' as const };

  it('eachWrongCode_onAWaitingForm_isRecordedWithTheClerkAndTheTime', () => {
    spec(forms)
      .given([issued, rejected()])
      .when(file({ verificationCode: WRONG[1], filer: { username: 'desk2', role: 'clerk' }, now: at('2026-10-07') }))
      .then([rejected('desk2', 'clerk', at('2026-10-07'))]);
  });
  it('aRecordedWrongCode_isAnsweredAsAWrongCode_sayingHowManyAreLeft', () => {
    const refusal = filingRefusal([rejected()], stateAfter([issued, rejected()]), 5);
    expect(refusal).toMatchObject({ kind: 'rule', code: 'WRONG_VERIFICATION_CODE' });
    expect(refusal!.detail).toContain('after 4 more wrong codes only an administrator can file this form');
    expect(filingRefusal(fiveWrong, stateAfter([issued, ...fiveWrong]), 5)!.detail).toContain(
      'Only an administrator can file this form now',
    );
    expect(filingRefusal([filedEvent()], stateAfter([issued, filedEvent()]), 5)).toBeUndefined();
  });
  it('fourWrongCodes_leaveTheFormOpen_toAClerksRightCode', () => {
    spec(forms)
      .given([issued, ...fiveWrong.slice(1)])
      .when(file())
      .then([filedEvent()]);
  });
  it('afterFiveWrongCodes_aClerksRightCode_isRefusedFilingLocked', () => {
    expect(isFilingLocked(stateAfter([issued, ...fiveWrong]), 5)).toBe(true);
    spec(forms)
      .given([issued, ...fiveWrong])
      .when(file())
      .thenThrows('FILING_LOCKED');
  });
  it('onALockedForm_aClerksWrongCode_isRefusedFilingLocked_andNotRecorded', () => {
    spec(forms)
      .given([issued, ...fiveWrong])
      .when(file({ verificationCode: WRONG[0] }))
      .thenThrows('FILING_LOCKED');
  });
  it('anAdministrator_filesALockedFormWithTheRightCode_onTimeBeforeItsDeadline', () => {
    spec(forms)
      .given([issued, ...fiveWrong])
      .when(file({ filer: admin }))
      .then([filedEvent()]);
  });
  it('anAdministrator_filingALockedFormAfterItsDeadline_filesItLate', () => {
    const now = at('2026-10-13');
    spec(forms)
      .given([issued, ...fiveWrong])
      .when(file({ filer: admin, now }))
      .then([
        { type: 'FormOverdue', data: { dueDate: '2026-10-12', at: now.toISOString() } },
        filedEvent({ filedAt: now.toISOString(), late: true }),
      ]);
  });
  it('anAdministratorsWrongCode_isRecordedLikeAClerks', () => {
    spec(forms)
      .given([issued, ...fiveWrong])
      .when(file({ filer: admin, verificationCode: WRONG[0] }))
      .then([rejected('boss', 'admin')]);
  });
  it('aWrongCode_onAFiledForm_changesNothing', () => {
    spec(forms)
      .given([issued, filedEvent()])
      .when(file({ verificationCode: WRONG[0] }))
      .thenThrows('WRONG_VERIFICATION_CODE');
  });
  it('aWrongCode_onAVoidedForm_changesNothing', () => {
    spec(forms)
      .given([issued, { type: 'FormVoided', data: { reason: 'cancelled', voidedAt: at('2026-10-02').toISOString() } }])
      .when(file({ verificationCode: WRONG[0] }))
      .thenThrows('WRONG_VERIFICATION_CODE');
  });
  it('aFormFiledByTheAdministrator_isNoLongerLocked_andRefusesAClerkAsFiled', () => {
    expect(isFilingLocked(stateAfter([issued, ...fiveWrong, filedEvent()]), 5)).toBe(false);
    spec(forms)
      .given([issued, ...fiveWrong, filedEvent()])
      .when(file())
      .thenThrows('FORM_ALREADY_FILED');
  });
  it('aWrongCodeWithAServiceDateAfterToday_isInvalid_andNotRecorded', () => {
    spec(forms)
      .given([issued])
      .when(file({ verificationCode: WRONG[0], servicedOn: '2026-10-07' }))
      .thenThrows('VALIDATION_FAILED');
  });
  it('theLimit_isTheSetting', () => {
    spec(formDecider(codeOf, { maxWrongCodes: 2 }))
      .given([issued, rejected(), rejected()])
      .when(file())
      .thenThrows('FILING_LOCKED');
  });
  it('aRescheduledForm_keepsItsWrongCodes', () => {
    const rescheduled: FormEvent = {
      type: 'FormRescheduled',
      data: { ...ref, previousPlannedDate: '2026-10-05', plannedDate: '2026-10-20', dueDate: '2026-10-27' },
    };
    spec(forms)
      .given([issued, ...fiveWrong, rescheduled])
      .when(file())
      .thenThrows('FILING_LOCKED');
  });
});

describe('voiding a form', () => {
  const voided: FormEvent = { type: 'FormVoided', data: { reason: 'customer cancelled', voidedAt: at('2026-10-03').toISOString() } };
  const voidIt: FormCommand = { type: 'VoidForm', serial: form.serial, reason: 'customer cancelled', now: at('2026-10-03'), timeZone: TZ };
  it('voidForm_whenIssued_isVoided', () => {
    spec(forms).given([issued]).when(voidIt).then([voided]);
  });
  it('voidForm_whenOverdue_isVoided', () => {
    spec(forms)
      .given([issued, { type: 'FormOverdue', data: { dueDate: '2026-10-12', at: at('2026-10-13').toISOString() } }])
      .when(voidIt)
      .then([voided]);
  });
  it('voidForm_afterTheDueDate_beforeTheSweep_makesTheFormOverdueFirst_soItsViolationStands', () => {
    const late = new Date('2026-10-12T16:00:00Z'); // the first second after the due date, in the mall
    spec(forms)
      .given([issued])
      .when({ ...voidIt, now: late })
      .then([
        { type: 'FormOverdue', data: { dueDate: '2026-10-12', at: late.toISOString() } },
        { type: 'FormVoided', data: { reason: 'customer cancelled', voidedAt: late.toISOString() } },
      ]);
  });
  it('voidForm_onItsDueDate_isOnlyVoided', () => {
    const lastSecond = new Date('2026-10-12T15:59:59Z');
    spec(forms)
      .given([issued])
      .when({ ...voidIt, now: lastSecond })
      .then([{ type: 'FormVoided', data: { reason: 'customer cancelled', voidedAt: lastSecond.toISOString() } }]);
  });
  it('voidForm_whenFiled_isRefused', () => {
    spec(forms).given([issued, filedEvent()]).when(voidIt).thenThrows('FORM_ALREADY_FILED');
  });
  it('voidForm_whenAlreadyVoided_isRefused', () => {
    spec(forms).given([issued, voided]).when(voidIt).thenThrows('FORM_ALREADY_VOIDED');
  });
  it('voidForm_whenSerialUnknown_isNotFound', () => {
    spec(forms).given([]).when(voidIt).thenThrows('FORM_NOT_FOUND');
  });
});

describe('the deadline', () => {
  const overdue: FormEvent = { type: 'FormOverdue', data: { dueDate: '2026-10-12', at: '2026-10-12T16:00:00.000Z' } };
  const sweep = (now: Date): FormCommand => ({ type: 'MarkOverdue', now, timeZone: TZ });
  it('markOverdue_onceTheDueDateHasEndedInTheMall_makesTheFormOverdue', () => {
    spec(forms)
      .given([issued])
      .when(sweep(new Date('2026-10-12T16:00:00Z')))
      .then([overdue]);
  });
  it('markOverdue_duringTheDueDate_changesNothing', () => {
    spec(forms)
      .given([issued])
      .when(sweep(new Date('2026-10-12T15:59:59Z')))
      .thenNothingHappened();
  });
  it('markOverdue_whenAlreadyOverdue_changesNothing', () => {
    spec(forms)
      .given([issued, overdue])
      .when(sweep(at('2026-10-20')))
      .thenNothingHappened();
  });
  it('markOverdue_afterFiling_changesNothing', () => {
    spec(forms)
      .given([issued, filedEvent()])
      .when(sweep(at('2026-10-20')))
      .thenNothingHappened();
  });
  it('markOverdue_whenVoided_changesNothing', () => {
    spec(forms)
      .given([issued, { type: 'FormVoided', data: { reason: 'x', voidedAt: at('2026-10-03').toISOString() } }])
      .when(sweep(at('2026-10-20')))
      .thenNothingHappened();
  });
  it('markOverdue_inAnotherTimeZone_usesThatZonesDay', () => {
    // 2026-10-12T16:00Z is already the 13th in Shanghai but still the 12th in New York
    spec(forms)
      .given([issued])
      .when({ type: 'MarkOverdue', now: new Date('2026-10-12T16:00:00Z'), timeZone: 'America/New_York' })
      .thenNothingHappened();
  });
});

describe('callback effects', () => {
  const filed = [issued, filedEvent()];
  const overdue: FormEvent = { type: 'FormOverdue', data: { dueDate: '2026-10-12', at: at('2026-10-13').toISOString() } };

  it('confirmed_verifiesTheForm', () => {
    spec(forms)
      .given(filed)
      .when(callback('confirmed'))
      .then([{ type: 'FormVerified', data: ref }]);
  });
  it('confirmed_whenAlreadyVerified_changesNothing', () => {
    spec(forms)
      .given([...filed, { type: 'FormVerified', data: ref }])
      .when(callback('confirmed', { callbackId: 'cb2' }))
      .thenNothingHappened();
  });
  it('ratingDisputed_replacesTheRating', () => {
    spec(forms)
      .given(filed)
      .when(callback('rating_disputed', { reportedRating: 'fairly_satisfied' }))
      .then([{ type: 'FormRatingReplaced', data: { ...ref, previousRating: 'satisfied', rating: 'fairly_satisfied' } }]);
  });
  it('ratingDisputed_unsatisfiedOfAQualifiedForm_replacesTheRatingAndMarksItForged', () => {
    spec(forms)
      .given(filed)
      .when(callback('rating_disputed', { reportedRating: 'unsatisfied' }))
      .then([
        { type: 'FormRatingReplaced', data: { ...ref, previousRating: 'satisfied', rating: 'unsatisfied' } },
        { type: 'FormForged', data: { ...ref, cause: 'rating_disputed' } },
      ]);
  });
  it('ratingDisputed_unsatisfiedOfAFormByUncertifiedStaff_onlyReplacesTheRating', () => {
    // the form already said unqualified, so it did not lie about the service being qualified
    spec(forms)
      .given([issued, filedEvent({ staffCertified: false, uncertifiedReason: 'certificate_expired' })])
      .when(callback('rating_disputed', { reportedRating: 'unsatisfied' }))
      .then([{ type: 'FormRatingReplaced', data: { ...ref, previousRating: 'satisfied', rating: 'unsatisfied' } }]);
  });
  it('ratingDisputed_withTheSameRating_changesNothing', () => {
    spec(forms)
      .given(filed)
      .when(callback('rating_disputed', { reportedRating: 'satisfied' }))
      .thenNothingHappened();
  });
  it('ratingDisputed_withoutAReportedRating_changesNothing', () => {
    spec(forms).given(filed).when(callback('rating_disputed')).thenNothingHappened();
  });
  it('ratingDisputed_ofAnUnfiledForm_changesNothing', () => {
    spec(forms)
      .given([issued, overdue])
      .when(callback('rating_disputed', { reportedRating: 'unsatisfied' }))
      .thenNothingHappened();
  });
  it('signatureDenied_marksTheFormForged', () => {
    spec(forms)
      .given(filed)
      .when(callback('signature_denied'))
      .then([{ type: 'FormForged', data: { ...ref, cause: 'signature_denied' } }]);
  });
  it('signatureDenied_whenAlreadyForged_changesNothing', () => {
    spec(forms)
      .given([...filed, { type: 'FormForged', data: { ...ref, cause: 'signature_denied' } }])
      .when(callback('signature_denied', { callbackId: 'cb2' }))
      .thenNothingHappened();
  });
  it('noForm_reportsTheFormMissing', () => {
    spec(forms)
      .given([issued, overdue])
      .when(callback('no_form'))
      .then([{ type: 'FormReportedMissing', data: ref }]);
  });
  it('noForm_whenAlreadyReportedMissing_changesNothing', () => {
    spec(forms)
      .given([issued, { type: 'FormReportedMissing', data: ref }])
      .when(callback('no_form', { callbackId: 'cb2' }))
      .thenNothingHappened();
  });
  it('notPerformed_movesThePlannedDateAndTheDeadline', () => {
    spec(forms)
      .given([issued])
      .when(callback('not_performed', { newPlannedDate: '2026-10-20' }))
      .then([
        {
          type: 'FormRescheduled',
          data: { ...ref, previousPlannedDate: '2026-10-05', plannedDate: '2026-10-20', dueDate: '2026-10-27' },
        },
      ]);
  });
  it('notPerformed_ofAnOverdueForm_putsItBackToIssuedWithTheNewDeadline', () => {
    const rescheduled: FormEvent = {
      type: 'FormRescheduled',
      data: { ...ref, previousPlannedDate: '2026-10-05', plannedDate: '2026-10-20', dueDate: '2026-10-27' },
    };
    const state = [issued, overdue, rescheduled].reduce(evolve, initialState());
    expect(state).toMatchObject({ status: 'issued', form: { plannedDate: '2026-10-20', dueDate: '2026-10-27' } });
    expect(state).not.toHaveProperty('overdueAt');
    // the new deadline is watched again
    spec(forms)
      .given([issued, overdue, rescheduled])
      .when({ type: 'MarkOverdue', now: at('2026-10-28'), timeZone: TZ })
      .then([{ type: 'FormOverdue', data: { dueDate: '2026-10-27', at: at('2026-10-28').toISOString() } }]);
  });
  it('notPerformed_keepsTheReturnDaysTheFormWasIssuedWith', () => {
    spec(forms)
      .given([{ type: 'FormIssued', data: { ...form, dueDate: '2026-10-08', returnDays: 3 } }])
      .when(callback('not_performed', { newPlannedDate: '2026-10-20' }))
      .then([
        {
          type: 'FormRescheduled',
          data: { ...ref, previousPlannedDate: '2026-10-05', plannedDate: '2026-10-20', dueDate: '2026-10-23' },
        },
      ]);
  });
  it('notPerformed_withoutANewDate_changesNothing', () => {
    spec(forms).given([issued]).when(callback('not_performed')).thenNothingHappened();
  });
  it('notPerformed_ofAFiledForm_changesNothing', () => {
    spec(forms)
      .given(filed)
      .when(callback('not_performed', { newPlannedDate: '2026-10-20' }))
      .thenNothingHappened();
  });
  it('unreachable_changesNothing', () => {
    spec(forms).given(filed).when(callback('unreachable')).thenNothingHappened();
  });
  it('theSameAttemptTwice_appliesOnce', () => {
    spec(forms)
      .given([...filed, { type: 'FormRatingReplaced', data: { ...ref, previousRating: 'satisfied', rating: 'fairly_satisfied' } }])
      .when(callback('rating_disputed', { reportedRating: 'very_satisfied' }))
      .thenNothingHappened();
  });
  it('anyOutcome_onAVoidedForm_changesNothing', () => {
    spec(forms)
      .given([issued, { type: 'FormVoided', data: { reason: 'x', voidedAt: at('2026-10-03').toISOString() } }])
      .when(callback('no_form'))
      .thenNothingHappened();
  });
  it('anyOutcome_onAnUnknownForm_isNotFound', () => {
    spec(forms).given([]).when(callback('confirmed')).thenThrows('FORM_NOT_FOUND');
  });
});

describe('a filing judged again when its staff member arrives (example R4)', () => {
  const unknownStaff: FormEvent = {
    type: 'FormFiled',
    data: {
      rating: 'satisfied',
      staffId: 's1',
      staffCertified: false,
      uncertifiedReason: 'staff_unknown',
      servicedOn: '2026-10-05',
      filedAt: '2026-10-06T02:01:00.000Z',
      late: false,
    },
  };
  const reassess = (registeredAt: string, who: StaffRecord = staff): FormCommand => ({
    type: 'ReassessCertification',
    staff: who,
    registeredAt,
    now: at('2026-10-06'),
  });

  it('registeredBeforeTheFiling_isJudgedAsOfTheServiceDate', () => {
    spec(forms)
      .given([issued, unknownStaff])
      .when(reassess('2026-10-06T02:00:00.000Z'))
      .then([
        {
          type: 'FormCertificationReassessed',
          data: { staffId: 's1', staffCertified: true, previousReason: 'staff_unknown', at: at('2026-10-06').toISOString() },
        },
      ]);
    const expiredBeforeService = { ...staff, certificateValidUntil: '2026-10-04' };
    const [e] = spec(forms).given([issued, unknownStaff]).when(reassess('2026-10-06T02:00:00.000Z', expiredBeforeService)).events();
    expect(e.data).toMatchObject({ staffCertified: false, uncertifiedReason: 'certificate_expired' });
  });

  it('registeredAfterTheFiling_orAnotherStaffMember_orJudgedAlready_changesNothing', () => {
    spec(forms).given([issued, unknownStaff]).when(reassess('2026-10-06T02:02:00.000Z')).thenNothingHappened();
    spec(forms)
      .given([issued, unknownStaff])
      .when(reassess('2026-10-06T02:00:00.000Z', { ...staff, staffId: 's2' }))
      .thenNothingHappened();
    spec(forms).given([issued]).when(reassess('2026-10-06T02:00:00.000Z')).thenNothingHappened();
    const judged = [
      issued,
      unknownStaff,
      ...forms.decide(reassess('2026-10-06T02:00:00.000Z'), [issued, unknownStaff].reduce(evolve, initialState())),
    ];
    spec(forms).given(judged).when(reassess('2026-10-06T02:00:00.000Z')).thenNothingHappened();
    expect(judged.reduce(evolve, initialState())).toMatchObject({ status: 'filed', filing: { staffCertified: true } });
    expect(judged.reduce(evolve, initialState())).not.toHaveProperty('filing.uncertifiedReason');
  });
});

describe('a callback outcome corrected by an administrator (docs/rules.md#7-violations-and-penalty-cases)', () => {
  const correct = (outcome: 'no_form' | 'signature_denied' | 'rating_disputed', callbackId = 'cb1'): FormCommand => ({
    type: 'CorrectCallbackOutcome',
    serial: form.serial,
    callbackId,
    attempt: 1,
    outcome,
    reason: 'recorded by mistake',
  });
  const corrected = (data: Record<string, unknown>): FormEvent =>
    ({ type: 'FormCallbackCorrected', data: { ...ref, reason: 'recorded by mistake', ...data } }) as FormEvent;
  const disputed: FormEvent[] = [
    issued,
    filedEvent({ rating: 'very_satisfied' }),
    { type: 'FormRatingReplaced', data: { ...ref, previousRating: 'very_satisfied', rating: 'unsatisfied' } },
    { type: 'FormForged', data: { ...ref, cause: 'rating_disputed' } },
  ];

  it('correctCallbackOutcome_givesTheFormsOwnRatingBack_andUnforgesIt_once', () => {
    spec(forms)
      .given(disputed)
      .when(correct('rating_disputed'))
      .then([corrected({ outcome: 'rating_disputed', rating: 'very_satisfied', unforged: true, unmissing: false })]);
    const after = [...disputed, corrected({ outcome: 'rating_disputed', rating: 'very_satisfied', unforged: true, unmissing: false })];
    const state = after.reduce(forms.evolve, forms.initialState());
    expect(state).toMatchObject({ status: 'filed', forged: false, filing: { rating: 'very_satisfied' } });
    spec(forms).given(after).when(correct('rating_disputed')).thenNothingHappened();
  });

  it('correctCallbackOutcome_undoesOnlyWhatThatCallbackDid', () => {
    // the no_form report was another callback's: correcting cb1 leaves it
    spec(forms)
      .given([issued, { type: 'FormReportedMissing', data: { callbackId: 'cb2', attempt: 1 } }])
      .when(correct('no_form'))
      .then([corrected({ outcome: 'no_form', unforged: false, unmissing: false })]);
    spec(forms)
      .given([issued, { type: 'FormReportedMissing', data: ref }])
      .when(correct('no_form'))
      .then([corrected({ outcome: 'no_form', unforged: false, unmissing: true })]);
  });
});
