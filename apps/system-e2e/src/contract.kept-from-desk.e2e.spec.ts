import { localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from './support/system';

/**
 * docs/rules.md#purchase-kept-from-the-desk-未登記購買 through the public entry point: a finding
 * `purchase_not_registered` zeroes the merchant's month, opens a case of that kind which the
 * merchant appeals and the administration decides; one that names a card is refused.
 */
describe('a purchase kept from the desk, end to end', () => {
  let sys: E2eSystem;
  let clerk: Api;
  let merchant: Api;
  let merchantId: string;
  let today: string;

  beforeAll(async () => {
    sys = await E2eSystem.start();
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    clerk = await sys.account('clerk');
    merchantId = (await sys.admin.post('/merchants', { name: uniqueName('未登記商戶').slice(0, 30), stall: 'U-1', category: '家電' })).body
      .id;
    merchant = await sys.account('merchant', merchantId);
    // the callbacks service knows the merchant a moment after it is registered
    await probe(
      () => clerk.post('/findings/preview', { merchantId, kind: 'purchase_not_registered', note: 'x' }),
      (r) => r.status === 200,
      { what: 'the merchant known to the callbacks service', timeoutMs: 30000 },
    );
  }, 180000);

  afterAll(async () => {
    await sys?.stop();
  });

  it('exampleU1_aSaleKeptFromTheDesk_zeroesTheMonth_isAppealed_andUpheld', async () => {
    const period = today.slice(0, 7);
    const body = { merchantId, kind: 'purchase_not_registered', purchasedOn: today, note: 'KFR-35 air conditioner, sold today, no card' };
    const preview = await clerk.post('/findings/preview', body);
    expect(preview.body.violation).toEqual({ kind: 'purchase_not_registered', period, opensCase: true });
    const refused = await clerk.post('/findings', { ...body, cardNo: 'SC00000042' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'cardNo' })] });

    expect((await clerk.post('/findings', body)).status).toBe(201);
    const card = (
      await probe(
        () => merchant.get(`/merchants/${merchantId}/scores?period=${period}`),
        (r) => r.body.score === 0,
        { what: 'the month zeroed', timeoutMs: 30000 },
      )
    ).body;
    expect(card.violations).toEqual([expect.objectContaining({ kind: 'purchase_not_registered', status: 'open' })]);

    const cases = await probe(
      () => merchant.get('/penalty-cases?kind=purchase_not_registered'),
      (r) => r.body.items?.length === 1,
      { what: 'the case of the merchant', timeoutMs: 30000 },
    );
    const caseId = cases.body.items[0].id;
    expect(cases.body.items[0]).toMatchObject({ kind: 'purchase_not_registered', period, status: 'open' });
    expect((await merchant.post(`/penalty-cases/${caseId}/appeal`, { statement: 'the customer took the goods abroad' })).status).toBe(201);
    const decided = await sys.admin.post(`/penalty-cases/${caseId}/decision`, {
      decision: 'uphold',
      reason: 'the sale is on the till roll',
    });
    expect(decided.status).toBe(201);
    const after = await probe(
      () => merchant.get(`/merchants/${merchantId}/scores?period=${period}`),
      (r) => r.body.violations?.[0]?.status === 'upheld',
      { what: 'the violation upheld', timeoutMs: 30000 },
    );
    expect(after.body.score).toBe(0);
  });
});
