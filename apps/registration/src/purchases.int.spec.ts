import { AfterSalesServiceRequested, PurchaseRegistered, Topics } from '@fd/contracts';
import { addDays, localDate } from '@fd/kernel';
import { bootTestService, TopicTap } from '@fd/platform/testing';
import { registrationService } from './registration.service-def';
import { client, tokens } from './registration.test-client';

describe('purchases and insurance cards (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let api: ReturnType<typeof client>;
  let tap: TopicTap;
  let floors: string;
  let doors: string;
  let soon: (days: number) => string;

  const customer = { name: '陳小姐', phone: '13812345678', address: '台北路 8 號 3 樓' };
  const twoMerchantPurchase = () => ({
    customer,
    lines: [
      {
        merchantId: floors,
        items: [{ description: '實木地板', quantity: 30, amountCents: 1200000 }],
        services: [
          { type: 'deliver', plannedDate: soon(3) },
          { type: 'install', plannedDate: soon(4), visits: 1 },
        ],
      },
      {
        merchantId: doors,
        items: [{ description: '防盜門', quantity: 1, amountCents: 350000 }],
        services: [{ type: 'measure', plannedDate: soon(1) }],
      },
    ],
  });
  const published = (purchaseId: string) => tap.envelopes(PurchaseRegistered.type).filter((e) => e.streamId === purchaseId);

  beforeAll(async () => {
    svc = await bootTestService(registrationService);
    api = client(svc);
    tap = await TopicTap.open(svc.runtime.kafka, [svc.topicPrefix + Topics.purchases]);
    floors = await api.registerMerchant('美家地板', 'A-101', 'flooring');
    doors = await api.registerMerchant('安心門窗', 'B-202', 'doors');
    const today = localDate(await svc.runtime.clock.now());
    soon = (days) => addDays(today, days);
  });
  afterAll(async () => {
    await tap?.close();
    await svc?.stop();
  });

  it('registerPurchase_fromTwoMerchants_givesTwoCardsAndThreeForms_andPublishesBothCardsWithTheirServices', async () => {
    const r = await api.as(tokens.clerk).post('/api/v1/purchases', twoMerchantPurchase());
    expect(r.status).toBe(201);
    const { purchaseId, cards, expectedForms } = r.body;
    expect(expectedForms).toBe(3);
    expect(cards).toEqual([
      { cardNo: expect.stringMatching(/^SC\d{8}$/), merchantId: floors },
      { cardNo: expect.stringMatching(/^SC\d{8}$/), merchantId: doors },
    ]);
    expect(cards[0].cardNo).not.toBe(cards[1].cardNo);

    await tap.waitFor('PurchaseRegistered', () => published(purchaseId).length > 0);
    expect(published(purchaseId)).toHaveLength(1);
    expect(published(purchaseId)[0].payload).toEqual({
      purchaseId,
      registeredAt: expect.any(String),
      cards: [
        {
          cardNo: cards[0].cardNo,
          merchantId: floors,
          services: [
            { type: 'deliver', plannedDate: soon(3), visits: 1 },
            { type: 'install', plannedDate: soon(4), visits: 1 },
          ],
        },
        { cardNo: cards[1].cardNo, merchantId: doors, services: [{ type: 'measure', plannedDate: soon(1), visits: 1 }] },
      ],
      customer, // whom the callback desk calls
    });

    const view = await api.as(tokens.clerk).get(`/api/v1/purchases/${purchaseId}`);
    expect(view.body).toMatchObject({ purchaseId, customer, cards, expectedForms: 3 });
    expect(view.body.lines.map((l: { merchantId: string }) => l.merchantId)).toEqual([floors, doors]);
    expect(view.body.lines[0].items).toEqual([{ description: '實木地板', quantity: 30, amountCents: 1200000 }]);
  });

  it('aLineWithoutServices_getsACardAndNoForms', async () => {
    const r = await api.as(tokens.clerk).post('/api/v1/purchases', {
      customer,
      lines: [{ merchantId: doors, items: [{ description: '門把手', quantity: 2, amountCents: 8000 }] }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ cards: [{ merchantId: doors }], expectedForms: 0 });
    await tap.waitFor('PurchaseRegistered', () => published(r.body.purchaseId).length > 0);
    expect(published(r.body.purchaseId)[0].payload).toMatchObject({ cards: [{ merchantId: doors, services: [] }] });
  });

  it('invalidBodies_areRefusedNamingEachField_andNothingIsStoredOrPublished', async () => {
    const before = await api.written();
    const bad = await api.as(tokens.clerk).post('/api/v1/purchases', {
      customer: { name: '', phone: '138 1234 5678', address: '台北路' },
      lines: [
        {
          merchantId: floors,
          items: [{ description: '地板', quantity: 0, amountCents: -1 }],
          services: [{ type: 'install', plannedDate: '2026-02-30' }],
        },
        { merchantId: floors, items: [{ description: '地板', quantity: 1, amountCents: 1.5 }] },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'customer.name',
      'customer.phone',
      'lines.0.items.0.amountCents',
      'lines.0.items.0.quantity',
      'lines.0.services.0.plannedDate',
      'lines.1.items.0.amountCents',
    ]);
    const repeated = await api.as(tokens.clerk).post('/api/v1/purchases', {
      ...twoMerchantPurchase(),
      lines: [twoMerchantPurchase().lines[0], twoMerchantPurchase().lines[0]],
    });
    expect(repeated.body.errors).toEqual([expect.objectContaining({ field: 'lines.1.merchantId' })]);
    expect((await api.as(tokens.clerk).post('/api/v1/purchases', { customer, lines: [] })).body.errors).toEqual([
      expect.objectContaining({ field: 'lines' }),
    ]);
    const unknown = await api.as(tokens.clerk).post('/api/v1/purchases', {
      ...twoMerchantPurchase(),
      lines: [
        ...twoMerchantPurchase().lines,
        { merchantId: 'no-such-merchant', items: [{ description: 'x', quantity: 1, amountCents: 1 }] },
      ],
    });
    expect(unknown.body).toMatchObject({ status: 404, code: 'MERCHANT_NOT_FOUND' });
    expect(await api.written()).toEqual(before);
  });

  it('registerPurchase_isForTheDesk_clerksAndTheAdministration_notMerchants', async () => {
    expect((await api.as(tokens.merchant(floors)).post('/api/v1/purchases', twoMerchantPurchase())).status).toBe(403);
    // the administration registers too (a late registration is theirs alone: example R1)
    expect((await api.as(tokens.admin).post('/api/v1/purchases', twoMerchantPurchase())).status).toBe(201);
  });

  it('aMerchant_seesItsOwnCardAndLineWithThePhoneMasked_andNotAnotherMerchants', async () => {
    const { purchaseId, cards } = (await api.as(tokens.clerk).post('/api/v1/purchases', twoMerchantPurchase())).body;
    const [floorCard, doorCard] = cards;
    const asFloors = tokens.merchant(floors);

    const card = await api.as(asFloors).get(`/api/v1/cards/${floorCard.cardNo}`);
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({
      cardNo: floorCard.cardNo,
      purchaseId,
      merchant: { id: floors, name: '美家地板', stall: 'A-101' },
      customer: { name: '陳小姐', phone: '138****5678', address: customer.address },
      items: [{ description: '實木地板', quantity: 30, amountCents: 1200000 }],
      services: [
        { type: 'deliver', plannedDate: soon(3), visits: 1 },
        { type: 'install', plannedDate: soon(4), visits: 1 },
      ],
      expectedForms: 2,
    });
    expect((await api.as(asFloors).get(`/api/v1/cards/${doorCard.cardNo}`)).body).toMatchObject({ status: 403, code: 'OTHER_MERCHANT' });
    expect((await api.as(tokens.clerk).get(`/api/v1/cards/${floorCard.cardNo}`)).body.customer.phone).toBe('13812345678');

    const purchase = await api.as(asFloors).get(`/api/v1/purchases/${purchaseId}`);
    expect(purchase.body).toMatchObject({ purchaseId, customer: { phone: '138****5678' }, cards: [floorCard], expectedForms: 2 });
    expect(purchase.body.lines).toHaveLength(1);

    const bystander = await api.registerMerchant('亮光燈飾', 'C-303', 'lighting');
    expect((await api.as(tokens.merchant(bystander)).get(`/api/v1/purchases/${purchaseId}`)).status).toBe(403);
    expect((await api.as(tokens.clerk).get('/api/v1/cards/SC99999999')).body).toMatchObject({ status: 404, code: 'CARD_NOT_FOUND' });
    expect((await api.as(tokens.clerk).get('/api/v1/purchases/no-such-purchase')).body).toMatchObject({
      status: 404,
      code: 'PURCHASE_NOT_FOUND',
    });
  });

  it('listPurchases_pagesNewestFirst_andAMerchantSeesOnlyPurchasesWithItsLines', async () => {
    const shop = await api.registerMerchant('好窗簾', 'G-707', 'curtains');
    const other = await api.registerMerchant('好牆紙', 'G-708', 'wallpaper');
    const line = (merchantId: string) => ({ merchantId, items: [{ description: '窗簾', quantity: 1, amountCents: 100 }] });
    const first = (await api.as(tokens.clerk).post('/api/v1/purchases', { customer, lines: [line(shop)] })).body.purchaseId;
    await api.as(tokens.clerk).post('/api/v1/purchases', { customer, lines: [line(other)] });
    const third = (await api.as(tokens.clerk).post('/api/v1/purchases', { customer, lines: [line(shop), line(other)] })).body.purchaseId;

    const page1 = await api.as(tokens.clerk).get(`/api/v1/purchases?merchantId=${shop}&limit=1`);
    expect(page1.body.items.map((p: { purchaseId: string }) => p.purchaseId)).toEqual([third]);
    const page2 = await api.as(tokens.clerk).get(`/api/v1/purchases?merchantId=${shop}&limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((p: { purchaseId: string }) => p.purchaseId)).toEqual([first]);
    expect(page2.body).not.toHaveProperty('nextCursor');

    const mine = await api.as(tokens.merchant(shop)).get('/api/v1/purchases');
    expect(mine.body.items.map((p: { purchaseId: string }) => p.purchaseId)).toEqual([third, first]);
    expect(mine.body.items[0].cards.map((c: { merchantId: string }) => c.merchantId)).toEqual([shop]);
    expect(mine.body.items[0].customer.phone).toBe('138****5678');
    expect((await api.as(tokens.merchant(shop)).get(`/api/v1/purchases?merchantId=${other}`)).status).toBe(403);
    expect((await api.as(tokens.clerk).get('/api/v1/purchases?cursor=garbage')).body.errors).toEqual([
      expect.objectContaining({ field: 'cursor' }),
    ]);
  });

  it('requestAfterSalesService_addsTheRepairToTheCard_andPublishesIt', async () => {
    const { purchaseId, cards } = (await api.as(tokens.clerk).post('/api/v1/purchases', twoMerchantPurchase())).body;
    const cardNo = cards[0].cardNo;
    const r = await api.as(tokens.clerk).post(`/api/v1/cards/${cardNo}/services`, { type: 'repair', plannedDate: soon(30), visits: 2 });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ cardNo, requestId: expect.any(String), expectedForms: 2 });

    await tap.waitFor('AfterSalesServiceRequested', (t) =>
      t.envelopes(AfterSalesServiceRequested.type).some((e) => (e.payload as { requestId: string }).requestId === r.body.requestId),
    );
    const event = tap
      .envelopes(AfterSalesServiceRequested.type)
      .find((e) => (e.payload as { requestId: string }).requestId === r.body.requestId)!;
    expect(event.payload).toEqual({
      purchaseId,
      cardNo,
      merchantId: floors,
      requestId: r.body.requestId,
      services: [{ type: 'repair', plannedDate: soon(30), visits: 2 }],
    });

    const card = await api.as(tokens.clerk).get(`/api/v1/cards/${cardNo}`);
    expect(card.body.services.at(-1)).toEqual({
      type: 'repair',
      plannedDate: soon(30),
      visits: 2,
      requestId: r.body.requestId,
      requestedAt: expect.any(String),
    });
    expect(card.body.expectedForms).toBe(4);

    expect((await api.as(tokens.clerk).post('/api/v1/cards/SC99999999/services', { type: 'repair', plannedDate: soon(1) })).status).toBe(
      404,
    );
    expect((await api.as(tokens.clerk).post(`/api/v1/cards/${cardNo}/services`, { type: 'paint', plannedDate: soon(1) })).status).toBe(400);
  });

  it('printCard_givesThePdfToTheDesk_only', async () => {
    const { cards } = (await api.as(tokens.clerk).post('/api/v1/purchases', twoMerchantPurchase())).body;
    const pdf = await api.as(tokens.clerk).get(`/api/v1/cards/${cards[0].cardNo}/print.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 4).toString()).toBe('%PDF');
    expect((await api.as(tokens.merchant(floors)).get(`/api/v1/cards/${cards[0].cardNo}/print.pdf`)).status).toBe(403);
    expect((await api.as(tokens.admin).get('/api/v1/cards/SC99999999/print.pdf')).status).toBe(404);
  });
});
