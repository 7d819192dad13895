import { spec } from '@fd/kernel/testing';
import { evolve, FormCommand, FormEvent, formDecider, initialState, IssuedForm, OriginalAttachment } from './form.decider';

const forms = formDecider(() => 'ABCD2341', { maxWrongCodes: 5 });
const form: IssuedForm = {
  serial: 'FD00000009',
  purchaseId: 'p9',
  cardNo: 'C9',
  merchantId: 'm1',
  serviceType: 'install',
  visit: 1,
  plannedDate: '2027-03-05',
  dueDate: '2027-03-12',
  returnDays: 7,
  issuedAt: '2027-03-01T02:00:00.000Z',
};
const issued: FormEvent = { type: 'FormIssued', data: form };
const voided: FormEvent = { type: 'FormVoided', data: { reason: 'issued in error', voidedAt: '2027-03-02T02:00:00.000Z' } };
const original: OriginalAttachment = {
  originalId: '6f1c2c1e-0000-4000-8000-000000000001',
  sha256: 'ab'.repeat(32),
  contentType: 'image/jpeg',
  size: 1_200_000,
  username: 'desk1',
  role: 'clerk',
  at: '2027-03-10T02:03:00.000Z',
};
const attach: FormCommand = { type: 'AttachOriginal', serial: form.serial, original };
const print: FormCommand = {
  type: 'RecordPrint',
  serial: form.serial,
  username: 'desk1',
  role: 'clerk',
  now: new Date('2027-03-01T02:05:00Z'),
};

describe('the form\'s trail: printing and signed originals (docs/rules.md, "The signed original")', () => {
  it('printing_recordsWhoPrintedAndWhen_eachTime', () => {
    const printed: FormEvent = { type: 'FormPrinted', data: { username: 'desk1', role: 'clerk', at: '2027-03-01T02:05:00.000Z' } };
    spec(forms).given([issued]).when(print).then([printed]);
    spec(forms).given([issued, printed]).when(print).then([printed]);
  });

  it('exampleO1_aRescan_isKeptBesideTheFirst', () => {
    const first: FormEvent = { type: 'FormOriginalAttached', data: original };
    const rescan = { ...original, originalId: '6f1c2c1e-0000-4000-8000-000000000002', contentType: 'application/pdf' as const };
    spec(forms)
      .given([issued, first])
      .when({ type: 'AttachOriginal', serial: form.serial, original: rescan })
      .then([{ type: 'FormOriginalAttached', data: rescan }]);
  });

  it('exampleO2_aVoidedForm_keepsItsOriginals_andMayTakeMore', () => {
    spec(forms)
      .given([issued, voided])
      .when(attach)
      .then([{ type: 'FormOriginalAttached', data: original }]);
  });

  it('anUnknownForm_hasNothingToAttachOrPrint', () => {
    spec(forms).given([]).when(attach).thenThrows('FORM_NOT_FOUND');
    spec(forms).given([]).when(print).thenThrows('FORM_NOT_FOUND');
  });

  it('neitherPrintingNorAnOriginal_changesTheFormsStatusOrChecks', () => {
    const before = [issued, voided].reduce(evolve, initialState());
    const after = [
      issued,
      voided,
      { type: 'FormPrinted', data: { username: 'a', role: 'admin', at: 'x' } } as FormEvent,
      { type: 'FormOriginalAttached', data: original } as FormEvent,
    ].reduce(evolve, initialState());
    expect(after).toEqual(before);
  });
});
