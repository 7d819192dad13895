import { localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from './support/system';

/**
 * docs/rules.md#7-violations-and-penalty-cases, "Corrections", through the public entry point:
 * an administrator corrects a callback outcome or withdraws a finding recorded by mistake, and
 * the merchant's month comes back to what it was; the desk and the merchant may not.
 */
describe('corrections of records made by mistake, end to end', () => {
  let sys: E2eSystem;
  let clerk: Api;
  let merchant: Api;
  let merchantId: string;
  let period: string;
  let today: string;
  let forms: Array<{ serial: string; verificationCode: string; plannedDate: string }>;

  const score = async () => (await sys.admin.get(`/merchants/${merchantId}/scores?period=${period}`)).body;
  const scoreBecomes = (expected: number | null, what: string) => probe(score, (s) => s.score === expected, { what, timeoutMs: 30000 });

  beforeAll(async () => {
    sys = await E2eSystem.start();
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    period = today.slice(0, 7);
    clerk = await sys.account('clerk');
    // every filed form is called back
    expect(
      (await sys.admin.put('/policy', { returnDays: 7, callbackSampleRate: 1, appealDays: 7, timeZone: 'Asia/Shanghai' })).status,
    ).toBe(200);
    merchantId = (await sys.admin.post('/merchants', { name: uniqueName('更正商戶').slice(0, 30), stall: 'K-1', category: '建材' })).body
      .id;
    merchant = await sys.account('merchant', merchantId);
    const staffId = (
      await clerk.post(`/merchants/${merchantId}/staff`, {
        name: '師傅 K',
        phone: '13900000000',
        certificateNo: 'SG-K',
        certificateValidUntil: `${Number(today.slice(0, 4)) + 2}-01-01`,
      })
    ).body.id;
    const r = await clerk.post('/purchases', {
      customer: { name: '顧客 K', phone: '13812345678', address: '上海市浦東新區世紀大道 100 號' },
      lines: [
        {
          merchantId,
          items: [{ description: '地板', quantity: 1, amountCents: 100000 }],
          services: [{ type: 'install', plannedDate: today, visits: 2 }],
        },
      ],
    });
    expect(r.status).toBe(201);
    forms = r.body.forms.sort((p: { visit: number }, q: { visit: number }) => p.visit - q.visit);
    for (const f of forms)
      expect(
        (
          await clerk.post(`/forms/${f.serial}/return`, {
            verificationCode: f.verificationCode,
            rating: 'very_satisfied',
            staffId,
            servicedOn: today,
          })
        ).status,
      ).toBe(200);
    await scoreBecomes(100, 'two forms filed 很滿意: 100.0');
  }, 180000);

  afterAll(async () => {
    await sys?.stop();
  });

  it('exampleK_aMistakenDisputedRating_correctedByAnAdministrator_bringsTheMonthBackTo100_andClosesItsCaseAsCorrected', async () => {
    const serial = forms[1].serial;
    const callback = (
      await probe(
        () => clerk.get(`/callbacks?serial=${serial}&status=open`),
        (x) => x.body.items?.length === 1,
        { what: `the callback of ${serial}` },
      )
    ).body.items[0];
    // asked first, the forms service says what each outcome would do, and writes nothing
    const consequence = (q: string) => clerk.get(`/forms/${serial}/consequence?${q}`);
    expect((await consequence('outcome=rating_disputed&reportedRating=unsatisfied')).body).toEqual({
      merchantId,
      merchantName: expect.any(String),
      violation: { kind: 'forged', period, opensCase: true },
    });
    expect((await consequence('outcome=rating_disputed&reportedRating=fairly_satisfied')).body.violation).toBeNull();
    expect((await consequence('outcome=signature_denied')).body.violation).toEqual({ kind: 'forged', period, opensCase: true });
    expect((await consequence('outcome=maybe')).status).toBe(400);
    expect((await merchant.get(`/forms/${serial}/consequence?outcome=signature_denied`)).status).toBe(403);
    expect((await clerk.get('/forms/FD99999999/consequence?outcome=no_form')).body.code).toBe('FORM_NOT_FOUND');
    expect((await score()).score).toBe(100);

    // the clerk chose 不滿意 by mistake: the form is forged, the month is 0 and a case opens
    expect(
      (await clerk.post(`/callbacks/${callback.id}/attempts`, { outcome: 'rating_disputed', reportedRating: 'unsatisfied' })).status,
    ).toBe(201);
    const zero = await scoreBecomes(0, 'the forged form sets the month to 0');
    const caseId = (await probe(score, (s) => s.violations?.[0]?.caseId, { what: 'the forged violation with its case' })).violations[0]
      .caseId as string;
    expect(zero.satisfactionRate).toBe(50);

    // only an administrator corrects, with a reason
    const path = `/callbacks/${callback.id}/correction`;
    expect((await clerk.post(path, { reason: 'x' })).status).toBe(403);
    expect((await merchant.post(path, { reason: 'x' })).status).toBe(403);
    const blank = await sys.admin.post(path, { reason: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    expect((await score()).score).toBe(0);

    const corrected = await sys.admin.post(path, { reason: '顧客說的是很滿意，客服按錯了' });
    expect(corrected.status).toBe(201);
    expect(corrected.body.correction).toMatchObject({ reason: '顧客說的是很滿意，客服按錯了', correctedOn: expect.any(String) });
    // the month as it was before the callback
    const back = await scoreBecomes(100, 'the correction brings the month back');
    expect(back).toMatchObject({ satisfactionRate: 100, returnRate: 100 });
    expect(back.violations).toEqual([expect.objectContaining({ kind: 'forged', status: 'corrected', caseId })]);
    const theCase = await probe(
      () => merchant.get(`/penalty-cases/${caseId}`),
      (x) => x.body.status === 'corrected',
      { what: `case ${caseId} closed as corrected` },
    );
    expect(theCase.body.correction).toMatchObject({ reason: '顧客說的是很滿意，客服按錯了' });
    expect(theCase.body).not.toHaveProperty('decision');
    expect(theCase.body.timeline.map((e: { type: string }) => e.type)).toContain('FormCallbackCorrected');
    // the form's own rating again
    expect((await clerk.get(`/forms/${serial}`)).body.rating).toBe('very_satisfied');

    // corrected once; a corrected case takes no appeal and no decision
    expect((await sys.admin.post(path, { reason: 'again' })).body.code).toBe('OUTCOME_ALREADY_CORRECTED');
    expect((await merchant.post(`/penalty-cases/${caseId}/appeal`, { statement: '…' })).body.code).toBe('CASE_CORRECTED');
    expect((await sys.admin.post(`/penalty-cases/${caseId}/decision`, { decision: 'uphold', reason: 'x' })).body.code).toBe(
      'CASE_CORRECTED',
    );

    // replayed from the first event, the month is the same
    expect((await sys.admin.post('/admin/rebuild-scores', {})).status).toBe(200);
    expect(await score()).toMatchObject({ score: 100, satisfactionRate: 100 });
  });

  it('aFindingRecordedByMistake_withdrawnByAnAdministrator_countsAsNone', async () => {
    const serviced = `${period}-01`;
    const before = (await score()).score;
    const id = (await clerk.post('/findings', { merchantId, kind: 'service_without_form', servicedOn: serviced, note: '記錯商戶' })).body
      .id;
    await scoreBecomes(0, 'the finding sets the month to 0');
    const path = `/findings/${id}/withdrawal`;
    expect((await clerk.post(path, { reason: 'x' })).status).toBe(403);
    expect((await merchant.post(path, { reason: 'x' })).status).toBe(403);
    expect((await sys.admin.post('/findings/no-such/withdrawal', { reason: 'x' })).status).toBe(404);
    const withdrawn = await sys.admin.post(path, { reason: '查實的是另一家商戶' });
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.body).toMatchObject({ id, withdrawal: { reason: '查實的是另一家商戶' } });
    await scoreBecomes(before, 'the withdrawn finding counts as none');
    expect((await sys.admin.post(path, { reason: 'again' })).body.code).toBe('FINDING_ALREADY_WITHDRAWN');
  });
});
