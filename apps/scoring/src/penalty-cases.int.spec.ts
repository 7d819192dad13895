import { randomUUID } from 'node:crypto';
import { Envelope, Topics } from '@fd/contracts';
import { addDays, localDate } from '@fd/kernel';
import { bootTestService, TopicTap } from '@fd/platform/testing';
import { scoringService } from './scoring.service-def';
import { api, deliver, Service, tokens, upstream } from './scoring.test-kit';

/** Penalty cases, appeals, decisions, scopes and the policy, through Kafka and HTTP (real PostgreSQL and Kafka). */
describe('penalty cases and policy (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  let tap: TopicTap;
  const admin = () => api(svc, tokens.admin);
  const merchant = (merchantId: string) => api(svc, tokens.merchant(merchantId));
  const today = () => localDate(new Date(), 'Asia/Shanghai'); // the test clock is off: the real one rules
  /** The planned date of the forms that go overdue here, and so the month of their violations. */
  const planned = () => addDays(today(), -10);
  const formMonth = () => planned().slice(0, 7);
  const casesOf = async (merchantId: string) => (await admin().get(`/penalty-cases?merchantId=${merchantId}`)).body.items;
  /** A merchant with one form overdue this month (its case opened at `now`). */
  const overdueForm = async (merchantId: string, now?: Date) => {
    const u = upstream(merchantId, planned());
    const serial = `${merchantId}-1`;
    await deliver(svc, [u.issued(serial), u.overdue(serial, { now })]);
    const [found] = await casesOf(merchantId);
    return { serial, caseId: found.id as string };
  };
  /** The merchant waives its appeal, so the case may be decided at once (docs/rules.md#example-r8-no-decision-while-the-merchant-may-still-appeal). */
  const waive = async (merchantId: string, caseId: string) => {
    const r = await merchant(merchantId).post(`/penalty-cases/${caseId}/waiver`, {});
    expect(r.status).toBe(200);
  };
  const published = (type: string, key: string, value: string) =>
    tap.envelopes(type).filter((e: Envelope) => (e.payload as Record<string, unknown>)[key] === value);

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
    tap = await TopicTap.open(svc.runtime.kafka, [`${svc.topicPrefix}${Topics.scoring}`]);
  });
  afterAll(async () => {
    await tap?.close();
    await svc?.stop();
  });

  it('aDuplicatedOverdue_opensOneCase_withTheFormsTimelineAsEvidence', async () => {
    const u = upstream('m-dup');
    const overdue = u.overdue('DUP-1');
    const [, first] = await deliver(svc, [u.issued('DUP-1'), overdue]);
    await deliver(svc, [
      { ...overdue, id: first.id }, // the same message again
      overdue, // the same fact under a new message id
      u.verified('DUP-1'),
    ]);

    const cases = await casesOf('m-dup');
    expect(cases).toEqual([
      expect.objectContaining({ merchantId: 'm-dup', kind: 'form_not_returned', serial: 'DUP-1', period: '2026-10', status: 'open' }),
    ]);
    await tap.waitFor('the case to be announced', () => published('PenaltyCaseOpened', 'serial', 'DUP-1').length > 0);
    const announced = await svc.runtime.ds.query(
      `SELECT count(*)::int AS n FROM "${svc.schema}".outbox WHERE value->>'type' = 'PenaltyCaseOpened' AND value->'payload'->>'serial' = 'DUP-1'`,
    );
    expect(announced[0].n).toBe(1);
    expect(published('PenaltyCaseOpened', 'serial', 'DUP-1')[0].payload).toEqual({
      caseId: cases[0].id,
      merchantId: 'm-dup',
      kind: 'form_not_returned',
      serial: 'DUP-1',
      period: '2026-10',
      appealDeadline: cases[0].appealDeadline,
    });

    const detail = (await admin().get(`/penalty-cases/${cases[0].id}`)).body;
    expect(detail.timeline.map((t: { type: string }) => t.type)).toEqual(['FormIssued', 'FormOverdue', 'FormVerified']);
    expect(detail.audit).toEqual([{ type: 'CaseOpened', at: expect.any(String), actor: { id: 'system', role: 'system' } }]);
    expect((await admin().get('/merchants/m-dup/scores?period=2026-10')).body.violations).toHaveLength(1);
  });

  it('aMerchant_readsOnlyItsOwnScoresAndCases', async () => {
    await overdueForm('m-own');
    const { caseId: othersCase } = await overdueForm('m-other');
    const own = merchant('m-own');

    expect((await own.get(`/merchants/m-own/scores?period=${formMonth()}`)).body).toMatchObject({ merchantId: 'm-own', score: 0 });
    const refused = await own.get(`/merchants/m-other/scores?period=${formMonth()}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('OTHER_MERCHANT');
    expect((await own.get('/merchants/m-other/scores/trend')).status).toBe(403);
    expect((await own.get('/scores')).status).toBe(403);

    const list = await own.get('/penalty-cases');
    expect(list.body.items.map((c: { merchantId: string }) => c.merchantId)).toEqual(['m-own']);
    expect((await own.get('/penalty-cases?merchantId=m-other')).status).toBe(403);
    expect((await own.get(`/penalty-cases/${othersCase}`)).status).toBe(403);
    const appeal = await own.post(`/penalty-cases/${othersCase}/appeal`, { statement: 'not ours' });
    expect(appeal.status).toBe(403);
    expect((await admin().get(`/penalty-cases/${othersCase}`)).body.appeal).toBeUndefined();
  });

  it('anAppeal_withinTheWindow_isRecordedOnce', async () => {
    const { caseId } = await overdueForm('m-appeal');
    const opened = (await admin().get(`/penalty-cases/${caseId}`)).body;
    expect(opened.appealDeadline).toBe(addDays(today(), 7));

    const r = await merchant('m-appeal').post(`/penalty-cases/${caseId}/appeal`, { statement: 'The customer was abroad until the 20th.' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: caseId, status: 'open', appeal: { statement: 'The customer was abroad until the 20th.' } });

    const again = await merchant('m-appeal').post(`/penalty-cases/${caseId}/appeal`, { statement: 'And one more thing.' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPEAL_ALREADY_SUBMITTED');
    expect((await api(svc, tokens.clerk).post(`/penalty-cases/${caseId}/appeal`, { statement: 'x' })).status).toBe(403);
    expect((await merchant('m-appeal').post(`/penalty-cases/${caseId}/appeal`, { statement: '  ' })).status).toBe(400);

    const detail = (await admin().get(`/penalty-cases/${caseId}`)).body;
    expect(detail.appeal.statement).toBe('The customer was abroad until the 20th.');
    expect(detail.audit.map((a: { type: string; actor: { role: string } }) => [a.type, a.actor.role])).toEqual([
      ['CaseOpened', 'system'],
      ['AppealSubmitted', 'merchant'],
    ]);
  });

  it('exampleR7_aCaseRecordedLate_countsItsAppealWindowFromWhenTheMerchantCouldSeeIt', async () => {
    // the form went overdue ten days ago, but the case is recorded only now: the 7-day window starts today
    const { caseId } = await overdueForm('m-late', new Date(Date.now() - 10 * 86400000));
    const opened = (await admin().get(`/penalty-cases/${caseId}`)).body;
    expect(opened.appealDeadline).toBe(addDays(today(), 7));
    expect(opened.openedAt < opened.visibleAt).toBe(true);
    expect((await merchant('m-late').post(`/penalty-cases/${caseId}/appeal`, { statement: 'We were busy.' })).status).toBe(201);
  });

  it('exampleR8_aCaseCannotBeDecidedWhileTheMerchantMayStillAppeal_andAnAppealAfterTheWindowIsRefused', async () => {
    const { caseId } = await overdueForm('m-window');
    const early = await admin().post(`/penalty-cases/${caseId}/decision`, { decision: 'uphold', reason: 'no form' });
    expect(early.body).toMatchObject({ status: 422, code: 'APPEAL_WINDOW_OPEN' });
    expect((await admin().get(`/penalty-cases/${caseId}`)).body).toMatchObject({ status: 'open', decidableFrom: addDays(today(), 8) });
    // eight days on (the service's clock moved), the window has closed: no appeal, and the case may be decided
    const clock = svc.runtime.clock;
    const later = new Date(Date.now() + 8 * 86400000);
    const spy = jest.spyOn(clock, 'now').mockResolvedValue(later);
    try {
      const r = await merchant('m-window').post(`/penalty-cases/${caseId}/appeal`, { statement: 'We were busy.' });
      expect(r.body).toMatchObject({ status: 422, code: 'APPEAL_WINDOW_CLOSED' });
      expect((await admin().get(`/penalty-cases/${caseId}`)).body.appeal).toBeUndefined();
      const decided = await admin().post(`/penalty-cases/${caseId}/decision`, { decision: 'uphold', reason: 'no form' });
      expect(decided.status).toBe(201);
    } finally {
      spy.mockRestore();
    }
  });

  it('exampleR8_theMerchantWaivesItsAppeal_andTheCaseMayBeDecidedAtOnce_butOnlyTheMerchantCanWaive', async () => {
    const { caseId } = await overdueForm('m-waive');
    expect((await admin().post(`/penalty-cases/${caseId}/waiver`, {})).status).toBe(403);
    expect((await merchant('m-other').post(`/penalty-cases/${caseId}/waiver`, {})).body).toMatchObject({ status: 403 });
    await waive('m-waive', caseId);
    const c = (await admin().get(`/penalty-cases/${caseId}`)).body;
    expect(c).toMatchObject({ appealWaivedAt: expect.any(String) });
    expect(c).not.toHaveProperty('decidableFrom');
    expect((await admin().post(`/penalty-cases/${caseId}/decision`, { decision: 'dismiss', reason: 'customer away' })).status).toBe(201);
  });

  it('anUpheldDecision_isFinal_keepsTheScoreAt0_andIsAnnouncedWithTheSuspension', async () => {
    const { caseId } = await overdueForm('m-upheld');
    await waive('m-upheld', caseId);
    const r = await admin().post(`/penalty-cases/${caseId}/decision`, {
      decision: 'uphold',
      reason: 'no form, no proof',
      fineCents: 50000,
      suspendDays: 3,
    });
    expect(r.status).toBe(201);
    const policyVersion = (await admin().get('/policy')).body.version;
    expect(r.body).toMatchObject({
      status: 'decided',
      decision: {
        decision: 'uphold',
        fineCents: 50000,
        suspendDays: 3,
        suspendedUntil: addDays(today(), 2),
        decidedOn: today(),
        policyVersion,
      },
    });

    const again = await admin().post(`/penalty-cases/${caseId}/decision`, { decision: 'dismiss', reason: 'second thoughts' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('CASE_ALREADY_DECIDED');

    await tap.waitFor('the decision to be announced', () => published('PenaltyCaseDecided', 'caseId', caseId).length > 0);
    expect(published('PenaltyCaseDecided', 'caseId', caseId).map((e) => e.payload)).toEqual([
      {
        caseId,
        merchantId: 'm-upheld',
        kind: 'form_not_returned',
        serial: 'm-upheld-1',
        decision: 'uphold',
        reason: 'no form, no proof',
        fineCents: 50000,
        suspendedUntil: addDays(today(), 2),
        decidedOn: today(),
        policyVersion,
      },
    ]);
    const card = (await admin().get(`/merchants/m-upheld/scores?period=${formMonth()}`)).body;
    expect(card.score).toBe(0);
    expect(card.violations).toEqual([expect.objectContaining({ status: 'upheld', caseId })]);
    expect((await admin().get(`/penalty-cases?status=decided&merchantId=m-upheld`)).body.items).toHaveLength(1);
    expect((await admin().get(`/penalty-cases?status=open&merchantId=m-upheld`)).body.items).toHaveLength(0);

    // example R9: the fine is paid; the administration records the receipt, once
    const pay = (body: object) => admin().post(`/penalty-cases/${caseId}/fine-payment`, body);
    expect((await merchant('m-upheld').post(`/penalty-cases/${caseId}/fine-payment`, { paidOn: today(), receiptNo: 'R-1' })).status).toBe(
      403,
    );
    expect((await pay({ paidOn: addDays(today(), 1), receiptNo: 'R-1' })).body).toMatchObject({
      status: 400,
      errors: [{ field: 'paidOn' }],
    });
    expect((await pay({ paidOn: today(), receiptNo: ' ' })).body).toMatchObject({ status: 400, errors: [{ field: 'receiptNo' }] });
    const paid = await pay({ paidOn: today(), receiptNo: 'R-2026-0117' });
    expect(paid.status).toBe(200);
    expect(paid.body.finePayment).toMatchObject({ paidOn: today(), receiptNo: 'R-2026-0117' });
    expect((await pay({ paidOn: today(), receiptNo: 'R-other' })).body).toMatchObject({ status: 409, code: 'FINE_ALREADY_PAID' });
    expect((await merchant('m-upheld').get(`/penalty-cases/${caseId}`)).body.finePayment).toMatchObject({ receiptNo: 'R-2026-0117' });
  });

  it('aFineWithADismissal_isRefused_andChangesNothing', async () => {
    const { caseId } = await overdueForm('m-fine');
    const r = await admin().post(`/penalty-cases/${caseId}/decision`, { decision: 'dismiss', reason: 'customer at fault', fineCents: 100 });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'fineCents', message: expect.any(String) }] });
    expect((await admin().get(`/penalty-cases/${caseId}`)).body).toMatchObject({ status: 'open' });
    expect((await merchant('m-fine').post(`/penalty-cases/${caseId}/decision`, { decision: 'dismiss', reason: 'x' })).status).toBe(403);
  });

  it('anUnknownCase_isNotFound', async () => {
    expect((await admin().get('/penalty-cases/PC-000000000000')).body.code).toBe('CASE_NOT_FOUND');
    const r = await admin().post('/penalty-cases/PC-000000000000/decision', { decision: 'uphold', reason: 'x' });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('CASE_NOT_FOUND');
  });

  it('anInvalidPeriod_isRefused', async () => {
    for (const path of ['/merchants/m-own/scores?period=2026-13', '/scores?period=October', '/merchants/m-own/scores/trend?to=2026-1']) {
      const r = await admin().get(path);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('thePolicy_startsAtTheDefaults_andAChangeIsANewVersionThatDecisionsRecord', async () => {
    expect((await merchant('m-own').get('/policy')).body).toEqual({
      version: 1,
      returnDays: 7,
      callbackSampleRate: 0.2,
      appealDays: 7,
      timeZone: 'Asia/Shanghai',
      minFormsToCompare: 5,
    });

    const invalid = await admin().put('/policy', { returnDays: -1, callbackSampleRate: 2, appealDays: 1.5, timeZone: 'Mars/Olympus' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'appealDays',
      'callbackSampleRate',
      'returnDays',
      'timeZone',
    ]);
    expect(
      (await api(svc, tokens.clerk).put('/policy', { returnDays: 5, callbackSampleRate: 0.25, appealDays: 7, timeZone: 'Asia/Shanghai' }))
        .status,
    ).toBe(403);

    const values = { returnDays: 5, callbackSampleRate: 0.25, appealDays: 7, timeZone: 'Asia/Shanghai' };
    const changed = await admin().put('/policy', values);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, ...values });
    expect((await admin().put('/policy', values)).body.version).toBe(2); // the same values: no new version
    await tap.waitFor('the policy to be announced', () => tap.envelopes('PolicyChanged').length > 0);
    // a change that does not name minFormsToCompare keeps the one in force
    expect(tap.envelopes('PolicyChanged').map((e) => e.payload)).toEqual([{ version: 2, ...values, minFormsToCompare: 5 }]);

    const m = `m-v2-${randomUUID().slice(0, 6)}`;
    const { caseId } = await overdueForm(m);
    await waive(m, caseId);
    const decided = await admin().post(`/penalty-cases/${caseId}/decision`, { decision: 'dismiss', reason: 'the customer cancelled' });
    expect(decided.body.decision.policyVersion).toBe(2);
  });
});
