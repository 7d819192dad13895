import { bootTestService } from '@fd/platform/testing';
import { FindingRecorded } from '@fd/contracts';
import { scoringService } from './scoring.service-def';
import { api, deliver, Service, tokens, upstream, Upstream } from './scoring.test-kit';

/**
 * A purchase kept from the desk (docs/rules.md#worked-examples-of-a-purchase-kept-from-the-desk)
 * and fair small samples (docs/rules.md#worked-examples-of-fair-small-samples), the events through
 * the real Kafka, read over HTTP (real PostgreSQL).
 */
describe('sales kept from the desk and fair small samples (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  const admin = () => api(svc, tokens.admin);
  const keptFromDesk = (merchantId: string, findingId: string, opts: { purchasedOn?: string; recordedOn: string }): Upstream => ({
    contract: FindingRecorded,
    payload: { findingId, merchantId, kind: 'purchase_not_registered', note: 'KFR-35 air conditioner sold with no card', ...opts },
  });
  const filedForms = (merchantId: string, qualified: number, unsatisfied: number) => {
    const m = upstream(merchantId);
    return Array.from({ length: qualified + unsatisfied }, (_, i) => [
      m.issued(`${merchantId}-${i}`),
      m.filed(`${merchantId}-${i}`, i < qualified ? 'very_satisfied' : 'unsatisfied'),
    ]).flat();
  };

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
  });
  afterAll(async () => svc?.stop());

  it('exampleU1_aSaleKeptFromTheDesk_zeroesTheMonthOfTheSale_andOpensACaseOfItsKind', async () => {
    await deliver(svc, filedForms('merchant-U1', 2, 0));
    expect((await admin().get('/merchants/merchant-U1/scores?period=2026-10')).body.score).toBe(100);
    await deliver(svc, [keptFromDesk('merchant-U1', 'FINDING-U1', { purchasedOn: '2026-10-28', recordedOn: '2026-11-02' })]);
    const october = (await admin().get('/merchants/merchant-U1/scores?period=2026-10')).body;
    expect(october).toMatchObject({ score: 0, satisfactionRate: 100, returnRate: 100 });
    expect(october.violations).toEqual([
      expect.objectContaining({ kind: 'purchase_not_registered', findingId: 'FINDING-U1', status: 'open' }),
    ]);
    expect((await admin().get('/merchants/merchant-U1/scores?period=2026-11')).body.violations).toEqual([]);
    const cases = await admin().get('/penalty-cases?kind=purchase_not_registered&merchantId=merchant-U1');
    expect(cases.status).toBe(200);
    expect(cases.body.items).toEqual([expect.objectContaining({ kind: 'purchase_not_registered', period: '2026-10' })]);
    const others = await admin().get('/penalty-cases?kind=forged&merchantId=merchant-U1');
    expect(others.body.total).toBe(0);
  });

  it('exampleU2_aSaleOfUnknownDate_zeroesTheMonthOfTheFinding', async () => {
    await deliver(svc, [keptFromDesk('merchant-U2', 'FINDING-U2', { recordedOn: '2026-11-02' })]);
    expect((await admin().get('/merchants/merchant-U2/scores?period=2026-11')).body).toMatchObject({ score: 0 });
    expect((await admin().get('/merchants/merchant-U2/scores?period=2026-10')).body.violations).toEqual([]);
  });

  it('exampleW1toW3_eachRateHasItsCountAndInterval_andTheListRanksByTheLowerBound', async () => {
    await deliver(svc, [...filedForms('merchant-WA', 3, 1), ...filedForms('merchant-WB', 9, 1), ...filedForms('merchant-WC', 1, 0)]);
    const a = (await admin().get('/merchants/merchant-WA/scores?period=2026-10')).body;
    expect(a).toMatchObject({
      satisfactionRate: 75,
      satisfactionCount: 4,
      satisfactionLower: 30.1,
      satisfactionUpper: 95.4,
      tooFewToCompare: true,
    });
    const ranked = await admin().get('/scores?period=2026-10&sort=lowerBound');
    expect(ranked.status).toBe(200);
    const ours = ranked.body.items.filter((r: { merchantId: string }) => r.merchantId.startsWith('merchant-W'));
    expect(ours.map((r: { merchantId: string }) => r.merchantId)).toEqual(['merchant-WB', 'merchant-WA', 'merchant-WC']);
    expect(ours[0]).toMatchObject({ satisfactionCount: 10, satisfactionLower: 59.6, satisfactionUpper: 98.2, tooFewToCompare: false });
    // the comparable come first: WB before every merchant with too few forms
    const firstTooFew = ranked.body.items.findIndex((r: { tooFewToCompare: boolean }) => r.tooFewToCompare);
    expect(ranked.body.items.findIndex((r: { merchantId: string }) => r.merchantId === 'merchant-WB')).toBeLessThan(firstTooFew);
    expect((await admin().get('/scores?sort=best')).status).toBe(400);
  });

  it('theMinimum_isAPolicyValue_andAChangeWithoutItKeepsIt', async () => {
    const current = (await admin().get('/policy')).body;
    expect(current.minFormsToCompare).toBe(5);
    const { version: _v, changedAt: _c, ...values } = current;
    expect((await admin().put('/policy', { ...values, minFormsToCompare: 4 })).status).toBe(200);
    expect((await admin().get('/merchants/merchant-WA/scores?period=2026-10')).body.tooFewToCompare).toBe(false);
    const { minFormsToCompare: _m, ...without } = values;
    const kept = await admin().put('/policy', { ...without, appealDays: 8 });
    expect(kept.body).toMatchObject({ appealDays: 8, minFormsToCompare: 4 });
    expect((await admin().put('/policy', { ...without, minFormsToCompare: 0 })).status).toBe(400);
  });
});
