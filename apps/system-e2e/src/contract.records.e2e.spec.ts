import { addDays } from '@fd/kernel';
import { Api, E2eSystem } from './support/system';
import {
  ContractDesk,
  expectInvalid,
  expectProblem,
  expectUnchanged,
  openContractDesk,
  PHONE,
  PHONE_TEXT,
  postOnce,
  STAFF_PHONE,
} from './support/contract';

/**
 * The public HTTP contract of docs/api.md, checked from outside through the entry point only:
 * the records. Every endpoint that registers, files, records or decides something, in the order
 * a desk works (the registry, a purchase and its cards, its forms, their callbacks, findings and
 * opinions, scores and penalty cases): its happy path (status and documented fields), bad input
 * (a 400 problem naming each field, nothing written), unknown ids, and Idempotency-Key on every
 * POST. Each test builds on the records of the tests before it. Who may call each endpoint, a
 * merchant's scope and masked phone numbers are in contract.access.e2e.spec.ts (on the same
 * records, made by support/contract-records.ts); health, the OpenAPI document, requests no
 * client should send and the test clock in contract.edges.e2e.spec.ts.
 */

describe('the public HTTP contract (docs/api.md), through the entry point', () => {
  let sys: E2eSystem;
  let admin: Api;
  let clerk: Api;
  let merchantA: Api;
  let merchantB: Api;
  let a: string;
  let b: string;
  let staffA: string;
  let today: string;
  let period: string;
  let caseOfFinding: ContractDesk['caseOfFinding'];
  let openCallbackOf: ContractDesk['openCallbackOf'];
  let fileForm: ContractDesk['fileForm'];
  let shared: any; // a purchase with a line for A and one for B
  let onlyA: any; // a purchase with a line for A only
  let deliverA: any;
  let installA: any[];
  let measureB: any[];
  let callbackA: any;
  let findingA: string;
  let caseA: any;

  beforeAll(async () => {
    ({ sys, admin, clerk, merchantA, merchantB, a, b, staffA, today, period, caseOfFinding, openCallbackOf, fileForm } =
      await openContractDesk());
  });
  afterAll(async () => sys?.stop());

  // ---------------------------------------------------------------- registry
  describe('registry', () => {
    it('merchants_registerAndList', async () => {
      const r = await postOnce(admin, '/merchants', { name: '新商戶', stall: 'C-301', category: '門窗' });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String) });
      const list = await clerk.get('/merchants');
      expect(list.status).toBe(200);
      expect(list.body.items.filter((m: any) => m.stall === 'C-301')).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({
        id: expect.any(String),
        name: expect.any(String),
        stall: expect.any(String),
        category: expect.any(String),
      });
      expect((await clerk.get(`/merchants/${a}`)).body).toMatchObject({ id: a, name: '好家居地板', stall: 'A-101', category: '地板' });
      await expectUnchanged(
        () => admin.get('/merchants'),
        async () => expectInvalid(await admin.post('/merchants', { name: '', stall: 42 }), ['name', 'stall', 'category']),
      );
    });

    it('staff_registerListAndRevoke', async () => {
      const made = await postOnce(clerk, `/merchants/${a}/staff`, {
        name: '林師傅',
        phone: '13900000003',
        certificateNo: 'SG-REVOKE',
        certificateValidUntil: addDays(today, 100),
      });
      expect(made.status).toBe(201);
      expect(made.body).toEqual({ id: expect.any(String) });
      const list = await clerk.get(`/merchants/${a}/staff`);
      expect(list.body.items.filter((s: any) => s.certificateNo === 'SG-REVOKE')).toHaveLength(1);
      expect(list.body.items.find((s: any) => s.id === staffA)).toMatchObject({
        id: staffA,
        merchantId: a,
        name: '陳師傅',
        phone: STAFF_PHONE,
        certificateValidUntil: addDays(today, 365),
        certificateStatus: 'valid',
      });

      const revoked = await postOnce(clerk, `/merchants/${a}/staff/${made.body.id}/revoke`, { reason: `證件造假，舉報人 ${PHONE}` });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ id: made.body.id, certificateStatus: 'revoked', revokedOn: today });
      expectProblem(await clerk.post(`/merchants/${a}/staff/${made.body.id}/revoke`, { reason: 'again' }), 409);

      await expectUnchanged(
        () => clerk.get(`/merchants/${a}/staff`),
        async () => {
          expectInvalid(await clerk.post(`/merchants/${a}/staff`, { name: ' ', phone: '12-34', certificateValidUntil: '2026-02-30' }), [
            'name',
            'phone',
            'certificateNo',
            'certificateValidUntil',
          ]);
          expectInvalid(await clerk.post(`/merchants/${a}/staff/${staffA}/revoke`, { reason: '' }), ['reason']);
          expectProblem(await clerk.post(`/merchants/${a}/staff/no-such-staff/revoke`, { reason: 'r' }), 404);
        },
      );
      expectProblem(
        await clerk.post(`/merchants/no-such-merchant/staff`, {
          name: 'n',
          phone: '1234567',
          certificateNo: 'c',
          certificateValidUntil: today,
        }),
        404,
        'MERCHANT_NOT_FOUND',
      );
      expectProblem(await clerk.get('/merchants/no-such-merchant'), 404, 'MERCHANT_NOT_FOUND');
      expectProblem(await clerk.get('/merchants/no-such-merchant/staff'), 404, 'MERCHANT_NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------- purchases, cards, forms
  describe('purchases and cards', () => {
    const customer = { name: '王小明', phone: PHONE, address: '上海市浦東新區世紀大道 100 號' };

    it('registeringAPurchase_answersCardsAndForms_once', async () => {
      const before = (await clerk.get('/purchases?limit=200')).body.items.length;
      const r = await postOnce(clerk, '/purchases', {
        customer,
        lines: [
          {
            merchantId: a,
            items: [{ description: '實木地板', quantity: 30, amountCents: 2680000 }],
            services: [
              { type: 'deliver', plannedDate: today },
              { type: 'install', plannedDate: today, visits: 3 },
            ],
          },
          {
            merchantId: b,
            items: [{ description: '吸頂燈', quantity: 2, amountCents: 159800 }],
            services: [{ type: 'measure', plannedDate: today, visits: 2 }],
          },
        ],
      });
      expect(r.status).toBe(201);
      shared = r.body;
      expect(shared).toMatchObject({
        purchaseId: expect.any(String),
        cards: [
          { cardNo: expect.any(String), merchantId: a },
          { cardNo: expect.any(String), merchantId: b },
        ],
      });
      expect(shared.forms).toHaveLength(6);
      for (const f of shared.forms)
        expect(f).toMatchObject({
          serial: expect.any(String),
          verificationCode: expect.any(String),
          merchantId: expect.any(String),
          serviceType: expect.any(String),
          visit: expect.any(Number),
          plannedDate: today,
          dueDate: addDays(today, 7),
        });
      const of = (type: string, m: string) =>
        shared.forms.filter((f: any) => f.serviceType === type && f.merchantId === m).sort((x: any, y: any) => x.visit - y.visit);
      [deliverA] = of('deliver', a);
      installA = of('install', a);
      measureB = of('measure', b);
      expect((await clerk.get('/purchases?limit=200')).body.items.length).toBe(before + 1); // the replay registered nothing

      onlyA = (
        await clerk.post('/purchases', {
          customer,
          lines: [{ merchantId: a, items: [{ description: '踢腳線', quantity: 10, amountCents: 30000 }], services: [] }],
        })
      ).body;
      expect(onlyA.cards).toEqual([{ cardNo: expect.any(String), merchantId: a }]);
    });

    it('badPurchases_are400NamingEachField_andRegisterNothing', async () => {
      await expectUnchanged(
        () => clerk.get('/purchases?limit=200'),
        async () => {
          expectInvalid(await clerk.post('/purchases', { customer: { name: '', phone: 'x', address: '' }, lines: [] }), [
            'customer.name',
            'customer.phone',
            'customer.address',
            'lines',
          ]);
          expectInvalid(
            await clerk.post('/purchases', {
              customer,
              lines: [
                {
                  merchantId: a,
                  items: [{ description: 'x', quantity: 0, amountCents: -1 }],
                  services: [{ type: 'paint', plannedDate: '2026-02-30' }],
                },
              ],
            }),
            ['lines.0.items.0.quantity', 'lines.0.items.0.amountCents', 'lines.0.services.0.type', 'lines.0.services.0.plannedDate'],
          );
          expectProblem(
            await clerk.post('/purchases', {
              customer,
              lines: [{ merchantId: 'no-such-merchant', items: [{ description: 'x', quantity: 1, amountCents: 1 }] }],
            }),
            404,
          );
        },
      );
    });

    it('aPurchase_showsItsCustomerLinesCardsAndForms', async () => {
      const r = await clerk.get(`/purchases/${shared.purchaseId}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ purchaseId: shared.purchaseId, customer, cards: shared.cards });
      expect(r.body.lines).toHaveLength(2);
      expect(r.body.forms.map((f: any) => f.serial).sort()).toEqual(shared.forms.map((f: any) => f.serial).sort());
      const list = await clerk.get('/purchases');
      expect(list.status).toBe(200);
      expect(list.body.items.some((p: any) => p.purchaseId === shared.purchaseId)).toBe(true);
      expectProblem(await clerk.get('/purchases/no-such-purchase'), 404, 'PURCHASE_NOT_FOUND');
      expectInvalid(await clerk.get('/purchases?limit=0'), ['limit']);
    });

    it('aCard_showsItsMerchantCustomerGoodsAndServices_andPrints', async () => {
      const cardNo = shared.cards[0].cardNo;
      const r = await clerk.get(`/cards/${cardNo}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        cardNo,
        purchaseId: shared.purchaseId,
        merchantId: a,
        customer,
        items: [{ description: '實木地板' }],
      });
      expect(r.body.services).toHaveLength(2);
      const pdf = await clerk.get(`/cards/${cardNo}/print.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toContain('application/pdf');
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expectProblem(await clerk.get('/cards/SC99999999'), 404, 'CARD_NOT_FOUND');
      expectProblem(await clerk.get('/cards/SC99999999/print.pdf'), 404, 'CARD_NOT_FOUND');
    });

    it('afterSalesService_underACard_answersTheNewForms_once', async () => {
      const cardNo = onlyA.cards[0].cardNo;
      const r = await postOnce(clerk, `/cards/${cardNo}/services`, { type: 'repair', plannedDate: addDays(today, 3), visits: 2 });
      expect(r.status).toBe(201);
      expect(r.body.forms).toHaveLength(2);
      for (const f of r.body.forms)
        expect(f).toMatchObject({
          serial: expect.any(String),
          verificationCode: expect.any(String),
          merchantId: a,
          serviceType: 'repair',
          plannedDate: addDays(today, 3),
        });
      const card = await clerk.get(`/cards/${cardNo}`);
      expect(card.body.services.filter((s: any) => s.type === 'repair')).toHaveLength(1); // the replay requested nothing more
      await expectUnchanged(
        () => clerk.get(`/cards/${cardNo}`),
        async () =>
          expectInvalid(await clerk.post(`/cards/${cardNo}/services`, { type: 'paint', plannedDate: 'soon', visits: 0 }), [
            'type',
            'plannedDate',
            'visits',
          ]),
      );
      expectProblem(await clerk.post('/cards/SC99999999/services', { type: 'repair', plannedDate: today }), 404, 'CARD_NOT_FOUND');
    });
  });

  describe('forms', () => {
    it('forms_listWithFilters_andShowOneWithItsTimeline', async () => {
      const list = await clerk.get(`/forms?merchantId=${a}&status=issued&period=${period}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((f: any) => f.serial)).toEqual(
        expect.arrayContaining([deliverA.serial, ...installA.map((f) => f.serial)]),
      );
      for (const f of list.body.items)
        expect(f).toMatchObject({
          serial: expect.any(String),
          purchaseId: expect.any(String),
          cardNo: expect.any(String),
          merchantId: a,
          serviceType: expect.any(String),
          visit: expect.any(Number),
          plannedDate: expect.any(String),
          dueDate: expect.any(String),
          status: 'issued',
          verificationCode: expect.any(String),
        });
      const page = await clerk.get(`/forms?limit=1`);
      expect(page.body).toEqual({ items: [expect.any(Object)], nextCursor: expect.any(String) });
      const next = await clerk.get(`/forms?limit=1&cursor=${page.body.nextCursor}`);
      expect(next.body.items[0].serial > page.body.items[0].serial).toBe(true);

      const one = await clerk.get(`/forms/${deliverA.serial.toLowerCase()}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        serial: deliverA.serial,
        status: 'issued',
        verificationCode: deliverA.verificationCode,
        timeline: [{ type: 'FormIssued' }],
      });
      const pdf = await clerk.get(`/forms/${deliverA.serial}/print.pdf`);
      expect(pdf.headers.get('content-type')).toContain('application/pdf');
      expectProblem(await clerk.get('/forms/FD99999999'), 404, 'FORM_NOT_FOUND');
      expectProblem(await clerk.get('/forms/FD99999999/print.pdf'), 404, 'FORM_NOT_FOUND');
      for (const q of ['status=lost', 'period=2026-13', 'limit=0', 'limit=201', 'cursor=not-a-cursor'])
        expectInvalid(await clerk.get(`/forms?${q}`), [q.split('=')[0]]);
    });

    it('filingAReturnedForm_recordsItOnce_badFilingsChangeNothing_andAWrongCodeIsKeptForTheAdministration', async () => {
      await expectUnchanged(
        () => clerk.get(`/forms/${deliverA.serial}`),
        async () =>
          expectInvalid(await clerk.post(`/forms/${deliverA.serial}/return`, { rating: 'great', servicedOn: '2026-02-30' }), [
            'verificationCode',
            'rating',
            'staffId',
            'servicedOn',
          ]),
      );
      expectProblem(await fileForm(deliverA, { verificationCode: 'ZZZZZZZZ' }), 422, 'WRONG_VERIFICATION_CODE');
      expect((await clerk.get(`/forms/${deliverA.serial}`)).body).toMatchObject({ status: 'issued', wrongCodes: 1, filingLocked: false });
      const kept = await admin.get(`/wrong-verification-codes?serial=${deliverA.serial}`);
      expect(kept.body.items).toEqual([expect.objectContaining({ serial: deliverA.serial, merchantId: a, role: 'clerk' })]);
      const r = await postOnce(clerk, `/forms/${deliverA.serial}/return`, {
        verificationCode: deliverA.verificationCode,
        rating: 'unsatisfied',
        staffId: staffA,
        servicedOn: today,
        comment: PHONE_TEXT,
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        serial: deliverA.serial,
        status: 'filed',
        rating: 'unsatisfied',
        staffId: staffA,
        staffCertified: true,
        servicedOn: today,
        filedAt: expect.any(String),
      });
      const filed = await clerk.get(`/forms/${deliverA.serial}`);
      expect(filed.body.timeline.filter((e: any) => e.type === 'FormFiled')).toHaveLength(1);
      expect(filed.body.comment).toBe(PHONE_TEXT); // the desk reads the customer's comment as written
      expectProblem(await fileForm(deliverA), 409, 'FORM_ALREADY_FILED');
      expectProblem(await fileForm({ ...deliverA, serial: 'FD99999999' }), 404, 'FORM_NOT_FOUND');
      expect((await fileForm(measureB[0])).status).toBe(200);
    });

    it('voidingAForm_recordsItOnce', async () => {
      const form = installA[2];
      await expectUnchanged(
        () => clerk.get(`/forms/${form.serial}`),
        async () => expectInvalid(await clerk.post(`/forms/${form.serial}/void`, { reason: '  ' }), ['reason']),
      );
      const r = await postOnce(clerk, `/forms/${form.serial}/void`, { reason: `顧客取消安裝，${PHONE}` });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ serial: form.serial, status: 'voided' });
      expect((await clerk.get(`/forms/${form.serial}`)).body.timeline.filter((e: any) => e.type === 'FormVoided')).toHaveLength(1);
      expectProblem(await clerk.post(`/forms/${form.serial}/void`, { reason: 'again' }), 409, 'FORM_ALREADY_VOIDED');
      expectProblem(await clerk.post(`/forms/FD99999999/void`, { reason: 'r' }), 404, 'FORM_NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------- callbacks, findings, opinions
  describe('callbacks and findings', () => {
    it('callbacks_listAndShowOne', async () => {
      callbackA = await openCallbackOf(deliverA.serial);
      await openCallbackOf(measureB[0].serial); // B's callback opens too (contract.access.e2e.spec.ts works on it)
      expect(callbackA).toMatchObject({
        id: expect.any(String),
        serial: deliverA.serial,
        merchantId: a,
        reason: 'unsatisfied',
        status: 'open',
        attempts: [],
      });
      const list = await clerk.get(`/callbacks?status=open&merchantId=${a}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: any) => c.id)).toContain(callbackA.id);
      expect((await clerk.get(`/callbacks/${callbackA.id}`)).body).toMatchObject({ id: callbackA.id, serial: deliverA.serial });
      expectProblem(await clerk.get('/callbacks/no-such-callback'), 404, 'CALLBACK_NOT_FOUND');
      expectInvalid(await clerk.get('/callbacks?status=pending'), ['status']);
    });

    it('aCallbackAttempt_isRecordedOnce', async () => {
      await expectUnchanged(
        () => clerk.get(`/callbacks/${callbackA.id}`),
        async () => {
          expectInvalid(await clerk.post(`/callbacks/${callbackA.id}/attempts`, { outcome: 'maybe', note: 'x'.repeat(2001) }), [
            'outcome',
            'note',
          ]);
          expectInvalid(await clerk.post(`/callbacks/${callbackA.id}/attempts`, { outcome: 'rating_disputed' }), ['reportedRating']);
        },
      );
      const r = await postOnce(clerk, `/callbacks/${callbackA.id}/attempts`, { outcome: 'confirmed', note: PHONE_TEXT });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        id: callbackA.id,
        status: 'closed',
        attempts: [{ outcome: 'confirmed', at: expect.any(String), note: PHONE_TEXT }],
      });
      expect((await clerk.get(`/callbacks/${callbackA.id}`)).body.attempts).toHaveLength(1);
      expectProblem(await clerk.post(`/callbacks/${callbackA.id}/attempts`, { outcome: 'confirmed' }), 409, 'CALLBACK_CLOSED');
      expectProblem(await clerk.post('/callbacks/no-such-callback/attempts', { outcome: 'confirmed' }), 404, 'CALLBACK_NOT_FOUND');
    });

    it('aFinding_isRecordedOnce_andOpensAPenaltyCase', async () => {
      const before = (await clerk.get(`/findings?merchantId=${a}`)).body.items.length;
      const r = await postOnce(clerk, '/findings', {
        merchantId: a,
        kind: 'service_without_form',
        servicedOn: today,
        purchaseId: onlyA.purchaseId,
        note: PHONE_TEXT,
      });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String) });
      findingA = r.body.id;
      const list = await clerk.get(`/findings?merchantId=${a}`);
      expect(list.body.items).toHaveLength(before + 1);
      expect(list.body.items[0]).toMatchObject({
        id: findingA,
        merchantId: a,
        kind: 'service_without_form',
        servicedOn: today,
        note: PHONE_TEXT,
      });
      await expectUnchanged(
        () => clerk.get('/findings'),
        async () => {
          expectInvalid(await clerk.post('/findings', { merchantId: '', kind: 'rumour', note: ' ' }), ['merchantId', 'kind', 'note']);
          expectProblem(
            await clerk.post('/findings', { merchantId: 'no-such-merchant', kind: 'service_without_form', note: 'n' }),
            422,
            'UNKNOWN_MERCHANT',
          );
        },
      );
      const fB = await clerk.post('/findings', { merchantId: b, kind: 'service_without_form', note: '巡查發現' });
      caseA = await caseOfFinding(findingA);
      await caseOfFinding(fB.body.id); // B's case opens too (contract.access.e2e.spec.ts works on it)
    });

    it('opinions_registerListAndSummarise', async () => {
      const r = await postOnce(clerk, '/opinions', { channel: 'hotline', category: 'late_delivery', merchantId: a, text: PHONE_TEXT });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String) });
      await clerk.post('/opinions', { channel: 'visit', category: 'staff_attitude', merchantId: b, text: '態度不好' });
      await clerk.post('/opinions', { channel: 'mailbox', category: 'other', text: '停車難' });
      const list = await clerk.get(`/opinions?period=${period}`);
      expect(list.status).toBe(200);
      expect(list.body.items.filter((o: any) => o.id === r.body.id)).toEqual([
        expect.objectContaining({ channel: 'hotline', category: 'late_delivery', merchantId: a, text: PHONE_TEXT }),
      ]);
      const summary = await admin.get(`/opinions/summary?period=${period}`);
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({ period, total: 3 });
      expect(summary.body.byCategory).toEqual(expect.arrayContaining([{ category: 'late_delivery', label: '送貨延誤', count: 1 }]));
      expect(summary.body.byMerchant).toEqual(
        expect.arrayContaining([
          { merchantId: a, count: 1 },
          { merchantId: null, count: 1 },
        ]),
      );
      await expectUnchanged(
        () => clerk.get('/opinions'),
        async () =>
          expectInvalid(await clerk.post('/opinions', { channel: 'pigeon', category: '', text: '' }), ['channel', 'category', 'text']),
      );
      expectInvalid(await clerk.get('/opinions/summary'), ['period']);
      expectInvalid(await clerk.get('/opinions?period=2026-1'), ['period']);
      expectInvalid(await clerk.get('/findings?limit=500'), ['limit']);
    });
  });

  // ---------------------------------------------------------------- scores and penalty cases
  describe('scores and penalty cases', () => {
    it('aMerchantsScorecard_hasTheDocumentedFigures', async () => {
      const r = await clerk.get(`/merchants/${a}/scores?period=${period}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        merchantId: a,
        period,
        formsIssued: expect.any(Number),
        formsDue: expect.any(Number),
        formsFiled: expect.any(Number),
        qualified: expect.any(Number),
        unqualified: expect.any(Number),
        violations: expect.any(Array),
      });
      for (const k of ['score', 'satisfactionRate', 'returnRate']) expect(r.body[k] === null || typeof r.body[k] === 'number').toBe(true);
      const trend = await clerk.get(`/merchants/${a}/scores/trend?to=${period}`);
      expect(trend.body.items).toHaveLength(12);
      const all = await admin.get(`/scores?period=${period}`);
      expect(all.status).toBe(200);
      expect(all.body.items.map((s: any) => s.merchantId)).toEqual(expect.arrayContaining([a, b]));
      expectInvalid(await clerk.get(`/merchants/${a}/scores?period=2026-13`), ['period']);
      expectInvalid(await clerk.get(`/merchants/${a}/scores/trend?to=last-year`), ['to']);
      // scoring learns of merchants by events: one it has not heard of reads as no data, not 404 (docs/scoring.md)
      expect((await clerk.get(`/merchants/no-such-merchant/scores?period=${period}`)).body).toMatchObject({ score: null, formsIssued: 0 });
      expectInvalid(await admin.get('/scores?period=soon'), ['period']);
    });

    it('penaltyCases_listAndShowOneWithEvidence', async () => {
      expect(caseA).toMatchObject({
        id: expect.any(String),
        merchantId: a,
        kind: 'service_without_form',
        period,
        status: 'open',
        appealDeadline: expect.any(String),
      });
      const list = await clerk.get(`/penalty-cases?status=open&merchantId=${a}`);
      expect(list.body.items.map((c: any) => c.id)).toContain(caseA.id);
      const one = await clerk.get(`/penalty-cases/${caseA.id}`);
      expect(one.body).toMatchObject({ id: caseA.id, timeline: [{ type: 'FindingRecorded' }] });
      expectProblem(await clerk.get('/penalty-cases/PC-000000000000'), 404, 'CASE_NOT_FOUND');
      expectInvalid(await clerk.get('/penalty-cases?status=closed'), ['status']);
    });

    it('anAppeal_isRecordedOnce_andOnlyByTheMerchantTheCaseIsAgainst', async () => {
      await expectUnchanged(
        () => clerk.get(`/penalty-cases/${caseA.id}`),
        async () => {
          expectInvalid(await merchantA.post(`/penalty-cases/${caseA.id}/appeal`, { statement: ' ' }), ['statement']);
          expectProblem(await merchantB.post(`/penalty-cases/${caseA.id}/appeal`, { statement: '不是我們' }), 403, 'OTHER_MERCHANT');
        },
      );
      const r = await postOnce(merchantA, `/penalty-cases/${caseA.id}/appeal`, { statement: `顧客 ${PHONE} 說是他自己請人修的` });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ id: caseA.id, appeal: { statement: expect.any(String), submittedAt: expect.any(String) } });
      expectProblem(await merchantA.post(`/penalty-cases/${caseA.id}/appeal`, { statement: 'again' }), 409, 'APPEAL_ALREADY_SUBMITTED');
      expectProblem(await merchantA.post('/penalty-cases/PC-000000000000/appeal', { statement: 's' }), 404, 'CASE_NOT_FOUND');
    });

    it('aDecision_isRecordedOnce_andIsFinal', async () => {
      await expectUnchanged(
        () => clerk.get(`/penalty-cases/${caseA.id}`),
        async () => {
          expectInvalid(await admin.post(`/penalty-cases/${caseA.id}/decision`, { decision: 'maybe', reason: '', fineCents: -1 }), [
            'decision',
            'reason',
            'fineCents',
          ]);
          expectInvalid(await admin.post(`/penalty-cases/${caseA.id}/decision`, { decision: 'dismiss', reason: 'r', fineCents: 100 }), [
            'fineCents',
          ]);
        },
      );
      const r = await postOnce(admin, `/penalty-cases/${caseA.id}/decision`, {
        decision: 'uphold',
        reason: `已向顧客 ${PHONE} 核實`,
        fineCents: 50000,
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        id: caseA.id,
        status: 'decided',
        decision: { decision: 'uphold', reason: expect.any(String), fineCents: 50000 },
      });
      expectProblem(
        await admin.post(`/penalty-cases/${caseA.id}/decision`, { decision: 'dismiss', reason: 'r' }),
        422,
        'CASE_ALREADY_DECIDED',
      );
      expectProblem(
        await admin.post('/penalty-cases/PC-000000000000/decision', { decision: 'dismiss', reason: 'r' }),
        404,
        'CASE_NOT_FOUND',
      );
    });

    it('thePolicy_readsAndChanges', async () => {
      const before = await merchantA.get('/policy');
      expect(before.body).toMatchObject({
        returnDays: 7,
        callbackSampleRate: expect.any(Number),
        appealDays: 7,
        timeZone: 'Asia/Shanghai',
      });
      await expectUnchanged(
        () => clerk.get('/policy'),
        async () =>
          expectInvalid(await admin.put('/policy', { returnDays: -1, callbackSampleRate: 2, appealDays: 'x', timeZone: '+08:00' }), [
            'returnDays',
            'callbackSampleRate',
            'appealDays',
            'timeZone',
          ]),
      );
      const r = await admin.put('/policy', { returnDays: 7, callbackSampleRate: 0.2, appealDays: 10, timeZone: 'Asia/Shanghai' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        version: before.body.version + 1,
        returnDays: 7,
        callbackSampleRate: 0.2,
        appealDays: 10,
        timeZone: 'Asia/Shanghai',
      });
    });

    it('rebuildingTheScores_answersWhatWasReplayed', async () => {
      const r = await postOnce(admin, '/admin/rebuild-scores', {});
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        events: expect.any(Number),
        merchants: expect.any(Number),
        cases: expect.any(Number),
        scores: expect.any(Number),
      });
    });
  });
});
