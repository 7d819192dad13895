import { probe, readPdfText } from '@fd/platform/testing';
import { registerPurchases } from './support/contract-records';
import { ContractDesk, expectInvalid, expectProblem, openContractDesk, raw } from './support/contract';

/**
 * The monthly management report through the entry point (docs/api.md#get-reportsmonthly,
 * docs/rules.md#the-monthly-management-report): the JSON, the PDF in Chinese and the CSV of the
 * same month, composed from the scoring's figures and the callbacks' opinions; a closed month does
 * not change when later things happen.
 */
describe('the monthly report through the entry point', () => {
  let desk: ContractDesk;
  let formsOfA: number;
  const previous = (p: string) => {
    const [y, m] = p.split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  };
  const report = async (period: string) => {
    const r = await desk.admin.get(`/reports/monthly?period=${period}&lang=zh-Hant`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const rowOfA = (r: any) => r.merchants.find((m: any) => m.merchantId === desk.a);

  beforeAll(async () => {
    desk = await openContractDesk();
    const { shared, onlyA } = await registerPurchases(desk);
    formsOfA = [...shared.forms, ...onlyA.forms].filter((f: any) => f.merchantId === desk.a).length;
    for (const channel of ['phone', 'phone', 'visit'])
      expect(
        (await desk.clerk.post('/opinions', { channel, category: 'late_delivery', merchantId: desk.a, text: '送貨晚了兩天' })).status,
      ).toBe(201);
    await probe(
      () => report(desk.period),
      (r) => rowOfA(r)?.formsIssued === formsOfA,
      {
        what: "A's forms to reach the report",
        timeoutMs: 120000,
      },
    );
  }, 300000);
  afterAll(async () => desk?.sys.stop());

  it('json_hasTheMonthsFormsAndOpinions_perMerchantAndForTheMall', async () => {
    const r = await report(desk.period);
    expect(r).toMatchObject({ period: desk.period, closed: false });
    expect(rowOfA(r)).toMatchObject({
      name: '好家居地板',
      stall: 'A-101',
      formsIssued: formsOfA,
      formsFiled: 0,
      formsDue: 0,
      returnRate: null,
      opinions: { total: 3, byCategory: { late_delivery: 3 }, byChannel: { phone: 2, visit: 1 } },
      actions: { opened: 0, closed: 0, overdue: 0 },
    });
    expect(r.totals.opinions.byChannel).toEqual(expect.arrayContaining([{ channel: 'phone', count: 2 }]));
    expect(r.totals.opinions.byCategory).toContainEqual({ category: 'late_delivery', label: '送貨延誤', count: 3 });
    expect(r.trend).toHaveLength(13);
    expect(r.trend.at(-1)).toMatchObject({ period: desk.period, opinions: 3 });
  });

  it('csv_hasAHeader_AsRow_andTheMallsRow_inTheLanguageAsked', async () => {
    const r = await desk.admin.get(`/reports/monthly.csv?period=${desk.period}&lang=en`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const lines = raw(r)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0].startsWith('Merchant,Stall,Forms issued,Forms due,Forms returned,Return rate')).toBe(true);
    expect(lines.find((l) => l.startsWith('好家居地板,A-101,'))?.split(',')[2]).toBe(String(formsOfA));
    expect(lines.at(-1)?.startsWith('Whole mall,')).toBe(true);
  });

  it('aClosedMonth_isTheSame_afterLaterEvents', async () => {
    const last = previous(desk.period);
    const before = await report(last);
    expect(before.closed).toBe(true);
    await desk.clerk.post('/opinions', { channel: 'letter', category: 'price', merchantId: desk.a, text: '太貴' });
    expect(await report(last)).toEqual(before);
  });

  it('refusesAMissingOrBadMonth_andOtherRoles', async () => {
    expectInvalid(await desk.admin.get('/reports/monthly'), ['period']);
    expectInvalid(await desk.admin.get('/reports/monthly.pdf?period=2026-13'), ['period']);
    expectProblem(await desk.clerk.get(`/reports/monthly?period=${desk.period}`), 403);
    expectProblem(await desk.merchantA.get(`/reports/monthly.csv?period=${desk.period}`), 403);
    expectProblem(await desk.sys.anonymous().get(`/reports/monthly?period=${desk.period}`), 401);
  });

  // last: reading the PDF's text takes a while, and no request follows on an idle connection
  it('pdf_isInChinese_withTheMerchantsLine', async () => {
    const r = await desk.admin.get(`/reports/monthly.pdf?period=${desk.period}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/pdf');
    const text = await readPdfText(r.bytes);
    expect(text.all).toContain(`月度管理報告`);
    expect(text.all).toContain('好家居地板');
    expect(text.pages).toBe(1);
  });
});
