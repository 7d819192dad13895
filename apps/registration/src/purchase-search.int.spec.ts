import { bootTestService } from '@fd/platform/testing';
import { registrationService } from './registration.service-def';
import { client, tokens } from './registration.test-client';

describe('searching and paging the purchases (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let api: ReturnType<typeof client>;
  let shop: string;
  let other: string;
  const ids = (r: { body: { items: Array<{ purchaseId: string }> } }) => r.body.items.map((p) => p.purchaseId);
  const line = (merchantId: string) => ({ merchantId, items: [{ description: '窗簾', quantity: 1, amountCents: 100 }] });
  const register = async (name: string, phone: string, merchants: string[]) => {
    const r = await api.as(tokens.clerk).post('/api/v1/purchases', {
      customer: { name, phone, address: '中山路 1 號' },
      lines: merchants.map(line),
    });
    if (r.status !== 201) throw new Error(`purchase not registered: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { purchaseId: string; cards: Array<{ cardNo: string; merchantId: string }> };
  };

  beforeAll(async () => {
    svc = await bootTestService(registrationService);
    api = client(svc);
    shop = await api.registerMerchant('好窗簾', 'S-101', 'curtains');
    other = await api.registerMerchant('好牆紙', 'S-102', 'wallpaper');
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('theDesk_findsAPurchaseByAnyPartOfThePhoneOrName_orByTheStartOfACardNumber', async () => {
    const chen = await register('陳美玲', '13900001111', [shop]);
    const lin = await register('林志明', '13722223333', [shop, other]);
    const desk = api.as(tokens.clerk);

    expect(ids(await desk.get('/api/v1/purchases?q=13900001111'))).toEqual([chen.purchaseId]);
    expect(ids(await desk.get(`/api/v1/purchases?q=${encodeURIComponent('139 0000')}`))).toEqual([chen.purchaseId]); // spaces as typed
    expect(ids(await desk.get('/api/v1/purchases?q=2223333'))).toEqual([lin.purchaseId]);
    expect(ids(await desk.get(`/api/v1/purchases?q=${encodeURIComponent('美玲')}`))).toEqual([chen.purchaseId]);
    expect(ids(await desk.get(`/api/v1/purchases?q=${encodeURIComponent(lin.cards[1].cardNo.toLowerCase())}`))).toEqual([lin.purchaseId]);
    expect(ids(await desk.get(`/api/v1/purchases?q=${lin.cards[0].cardNo.slice(0, -1)}`))).toContain(lin.purchaseId);
    // a clerk's % or _ is a letter, not a wildcard
    expect(ids(await desk.get(`/api/v1/purchases?q=${encodeURIComponent('%')}`))).toEqual([]);
    expect(ids(await desk.get(`/api/v1/purchases?q=${encodeURIComponent('王大明')}`))).toEqual([]);
    // an empty search is no search
    expect(ids(await desk.get('/api/v1/purchases?q=')).length).toBeGreaterThanOrEqual(2);
    const tooLong = await desk.get(`/api/v1/purchases?q=${'x'.repeat(101)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
  });

  it('aMerchant_findsOnlyItsOwnPurchases_byItsOwnCards_andByAWholePhoneNumberOnly', async () => {
    const wang = await register('王小華', '13655556666', [shop, other]);
    const mine = api.as(tokens.merchant(other));

    const byPhone = await mine.get('/api/v1/purchases?q=13655556666');
    expect(ids(byPhone)).toEqual([wang.purchaseId]);
    expect(byPhone.body.items[0].customer.phone).toBe('136****6666'); // masked as ever
    // a part of the number would let a merchant learn the digits it is not shown
    expect(ids(await mine.get('/api/v1/purchases?q=5555'))).toEqual([]);
    expect(ids(await mine.get(`/api/v1/purchases?q=${wang.cards[1].cardNo}`))).toEqual([wang.purchaseId]);
    // another merchant's card of the same purchase finds nothing
    expect(ids(await mine.get(`/api/v1/purchases?q=${wang.cards[0].cardNo}`))).toEqual([]);
    const onlyShop = await register('王小華', '13655556666', [shop]);
    expect(ids(await mine.get(`/api/v1/purchases?q=${encodeURIComponent('王小華')}`))).toEqual([wang.purchaseId]);
    expect(ids(await api.as(tokens.clerk).get(`/api/v1/purchases?q=${encodeURIComponent('王小華')}`))).toEqual([
      onlyShop.purchaseId,
      wang.purchaseId,
    ]);
  });

  it('aSearch_pagesNewestFirst_toItsLastMatch', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await register(`趙頁${i}`, `1350000000${i}`, [shop])).purchaseId);
    await register('不相干', '13411112222', [shop]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await api
        .as(tokens.clerk)
        .get(`/api/v1/purchases?q=${encodeURIComponent('趙頁')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...ids(r));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
  });

  it('theSearch_usesItsIndexes_ratherThanReadingEveryPurchase', async () => {
    const plan = async (sql: string) => {
      const qr = svc.runtime.ds.createQueryRunner();
      try {
        await qr.startTransaction();
        // the table is small here: ask whether an index can answer at all
        await qr.query('SET LOCAL enable_seqscan = off');
        const rows: Array<{ 'QUERY PLAN': string }> = await qr.query(`EXPLAIN ${sql}`);
        await qr.commitTransaction();
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await qr.release();
      }
    };
    const s = `"${svc.schema}"`;
    expect(await plan(`SELECT id FROM ${s}.purchases WHERE customer_phone LIKE '%0001111%'`)).toContain('purchases_by_phone');
    expect(await plan(`SELECT id FROM ${s}.purchases WHERE customer_name ILIKE '%美玲%'`)).toContain('purchases_by_name');
    expect(await plan(`SELECT purchase_id FROM ${s}.cards WHERE card_no LIKE 'SC000%'`)).toContain('cards_by_number_prefix');
  });
});
