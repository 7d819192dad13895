import { bootTestService } from '@fd/platform/testing';
import { scoringService } from './scoring.service-def';
import { api, deliver, Service, tokens, upstream } from './scoring.test-kit';

/**
 * The worked examples of docs/rules.md#worked-examples (period 2026-10, default policy), each on a merchant of its
 * own: the forms events go through the real Kafka, the score is read over HTTP.
 */
describe('the worked examples over Kafka and HTTP (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  const admin = () => api(svc, tokens.admin);
  const scoreOf = async (merchantId: string) => {
    const r = await admin().get(`/merchants/${merchantId}/scores?period=2026-10`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const figures = async (merchantId: string) => {
    const { score, satisfactionRate, returnRate } = await scoreOf(merchantId);
    return { score, satisfactionRate, returnRate };
  };

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
  });
  afterAll(async () => svc?.stop());

  it('exampleA_fourFiledByCertifiedStaff_oneUnsatisfied_scores75', async () => {
    const a = upstream('merchant-A');
    await deliver(svc, [
      ...['A1', 'A2', 'A3', 'A4'].map((s) => a.issued(s)),
      a.filed('A1', 'very_satisfied'),
      a.filed('A2', 'satisfied'),
      a.filed('A3', 'fairly_satisfied'),
      a.filed('A4', 'unsatisfied'),
    ]);
    expect(await figures('merchant-A')).toEqual({ score: 75, satisfactionRate: 75, returnRate: 100 });
    expect(await scoreOf('merchant-A')).toMatchObject({
      formsIssued: 4,
      formsDue: 4,
      formsFiled: 4,
      qualified: 3,
      unqualified: 1,
      violations: [],
    });
  });

  it('exampleB_aVerySatisfiedFormByUncertifiedStaff_isUnqualified', async () => {
    const b = upstream('merchant-B');
    await deliver(svc, [
      ...['B1', 'B2', 'B3', 'B4'].map((s) => b.issued(s)),
      b.filed('B1', 'satisfied'),
      b.filed('B2', 'satisfied'),
      b.filed('B3', 'satisfied'),
      b.filed('B4', 'very_satisfied', { staffCertified: false }),
    ]);
    expect(await figures('merchant-B')).toEqual({ score: 75, satisfactionRate: 75, returnRate: 100 });
    expect((await scoreOf('merchant-B')).forms).toContainEqual(
      expect.objectContaining({ serial: 'B4', rating: 'very_satisfied', staffCertified: false, counted: 'unqualified' }),
    );
  });

  const exampleC = (merchantId: string) => {
    const c = upstream(merchantId);
    const [c1, c2, c3] = ['C1', 'C2', 'C3'].map((s) => `${merchantId}-${s}`);
    return [c.issued(c1), c.issued(c2), c.issued(c3), c.filed(c1, 'very_satisfied'), c.filed(c2, 'very_satisfied'), c.overdue(c3)];
  };

  it('exampleC_anOverdueForm_setsTheScoreTo0_andLowersTheReturnRate', async () => {
    await deliver(svc, exampleC('merchant-C'));
    expect(await figures('merchant-C')).toEqual({ score: 0, satisfactionRate: 100, returnRate: 66.7 });
    expect((await scoreOf('merchant-C')).violations).toEqual([
      expect.objectContaining({ kind: 'form_not_returned', serial: 'merchant-C-C3', status: 'open', caseId: expect.any(String) }),
    ]);
  });

  it('exampleD_dismissingTheOverdueFormsCase_bringsTheScoreBack', async () => {
    await deliver(svc, exampleC('merchant-D'));
    expect((await figures('merchant-D')).score).toBe(0);
    const [violation] = (await scoreOf('merchant-D')).violations;
    await api(svc, tokens.merchant('merchant-D')).post(`/penalty-cases/${violation.caseId}/waiver`, {});
    const decided = await admin().post(`/penalty-cases/${violation.caseId}/decision`, {
      decision: 'dismiss',
      reason: 'the customer kept the form; the merchant is not at fault',
    });
    expect(decided.status).toBe(201);
    expect(await figures('merchant-D')).toEqual({ score: 100, satisfactionRate: 100, returnRate: 66.7 });
    expect((await scoreOf('merchant-D')).violations).toEqual([expect.objectContaining({ status: 'dismissed' })]);
  });

  it('exampleR5_aFormRescheduledAfterGoingMissing_thatMissesItsNewDeadlineToo_opensASecondCaseInItsNewMonth', async () => {
    const r = upstream('merchant-R5');
    await deliver(svc, [r.issued('R5-1'), r.overdue('R5-1')]);
    const [first] = (await scoreOf('merchant-R5')).violations;
    expect(first).toMatchObject({ kind: 'form_not_returned', caseId: expect.any(String) });
    await api(svc, tokens.merchant('merchant-R5')).post(`/penalty-cases/${first.caseId}/appeal`, { statement: 'the customer postponed' });
    await admin().post(`/penalty-cases/${first.caseId}/decision`, { decision: 'dismiss', reason: 'the customer had postponed' });
    await deliver(svc, [r.rescheduled('R5-1', '2026-10-05', '2026-11-05'), r.overdue('R5-1', { planned: '2026-11-05' })]);
    const november = (await admin().get('/merchants/merchant-R5/scores?period=2026-11')).body;
    expect(november).toMatchObject({ score: 0, violations: [expect.objectContaining({ kind: 'form_not_returned', status: 'open' })] });
    expect(november.violations[0].caseId).not.toBe(first.caseId);
    expect(await figures('merchant-R5')).toMatchObject({ score: null }); // October: its only violation was dismissed
  });

  it('exampleE_aDeniedSignature_isAForgery_andSetsTheScoreTo0', async () => {
    const e = upstream('merchant-E');
    await deliver(svc, [
      ...['E1', 'E2', 'E3'].map((s) => e.issued(s)),
      ...['E1', 'E2', 'E3'].map((s) => e.filed(s, 'satisfied')),
      e.forged('E2', 'signature_denied'),
    ]);
    expect(await figures('merchant-E')).toEqual({ score: 0, satisfactionRate: 100, returnRate: 100 });
    expect((await scoreOf('merchant-E')).violations).toEqual([expect.objectContaining({ kind: 'forged', serial: 'E2' })]);
  });

  it('exampleF_theCustomerSaysUnsatisfied_countsTheCustomersRating_andIsAForgery', async () => {
    const f = upstream('merchant-F');
    await deliver(svc, [
      f.issued('F1'),
      f.issued('F2'),
      f.filed('F1', 'very_satisfied'),
      f.filed('F2', 'very_satisfied'),
      f.replaced('F2', 'very_satisfied', 'unsatisfied'),
      f.forged('F2', 'rating_disputed'),
    ]);
    expect(await figures('merchant-F')).toEqual({ score: 0, satisfactionRate: 50, returnRate: 100 });
  });

  it('exampleG_theCustomerGivesAnotherQualifiedRating_countsItWithoutAViolation', async () => {
    const g = upstream('merchant-G');
    await deliver(svc, [
      g.issued('G1'),
      g.issued('G2'),
      g.filed('G1', 'satisfied'),
      g.filed('G2', 'satisfied'),
      g.replaced('G2', 'satisfied', 'fairly_satisfied'),
    ]);
    expect(await figures('merchant-G')).toEqual({ score: 100, satisfactionRate: 100, returnRate: 100 });
    expect((await scoreOf('merchant-G')).forms).toContainEqual(
      expect.objectContaining({ serial: 'G2', rating: 'fairly_satisfied', counted: 'qualified' }),
    );
  });

  it('exampleH_aVoidedForm_countsNowhere', async () => {
    const h = upstream('merchant-H');
    await deliver(svc, [h.issued('H1'), h.issued('H2'), h.filed('H1', 'satisfied'), h.voided('H2')]);
    expect(await figures('merchant-H')).toEqual({ score: 100, satisfactionRate: 100, returnRate: 100 });
    expect(await scoreOf('merchant-H')).toMatchObject({ formsIssued: 1, formsDue: 1, formsFiled: 1 });
  });

  it('exampleI_aFindingWithoutForms_scores0_withNoRates', async () => {
    const i = upstream('merchant-I');
    await deliver(svc, [i.finding('FINDING-I', { servicedOn: '2026-10-09', recordedOn: '2026-10-15' })]);
    expect(await figures('merchant-I')).toEqual({ score: 0, satisfactionRate: null, returnRate: null });
    expect((await scoreOf('merchant-I')).violations).toEqual([
      expect.objectContaining({ kind: 'service_without_form', findingId: 'FINDING-I' }),
    ]);
  });

  it('exampleJ_formsNotYetDue_andNoneFiled_isNoData', async () => {
    const j = upstream('merchant-J');
    await deliver(svc, [j.issued('J1'), j.issued('J2')]);
    expect(await figures('merchant-J')).toEqual({ score: null, satisfactionRate: null, returnRate: null });
    expect(await scoreOf('merchant-J')).toMatchObject({ formsIssued: 2, formsDue: 0, formsFiled: 0 });
  });

  it('theTrend_showsTwelveMonths_withNoDataWhereNothingHappened', async () => {
    const r = await admin().get('/merchants/merchant-A/scores/trend?to=2026-11');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(12);
    expect(r.body.items[0].period).toBe('2025-12');
    expect(r.body.items.find((i: { period: string }) => i.period === '2026-10')).toMatchObject({
      score: 75,
      satisfactionRate: 75,
      returnRate: 100,
    });
    expect(r.body.items.find((i: { period: string }) => i.period === '2026-11')).toMatchObject({ score: null, formsIssued: 0 });
  });

  it('theAdministrationsList_hasEveryMerchantsRow', async () => {
    const quiet = upstream('merchant-quiet');
    await deliver(svc, [quiet.registered('Quiet Tiles', 'Z-99')]);
    const r = await admin().get('/scores?period=2026-10');
    expect(r.status).toBe(200);
    const rows = r.body.items;
    expect(rows).toContainEqual(
      expect.objectContaining({ merchantId: 'merchant-quiet', name: 'Quiet Tiles', stall: 'Z-99', score: null, formsIssued: 0 }),
    );
    expect(rows).toContainEqual(expect.objectContaining({ merchantId: 'merchant-C', score: 0, returnRate: 66.7, name: null }));
  });
});
