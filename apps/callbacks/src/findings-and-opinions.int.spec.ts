import {
  Envelope,
  FindingRecorded,
  FormIssued,
  MerchantRegistered,
  OpinionCategoryAdded,
  OpinionCategoryRetired,
  OpinionRegistered,
  PayloadOf,
  PurchaseRegistered,
  Topics,
} from '@fd/contracts';
import { addDays, localDate, periodOf } from '@fd/kernel';
import { bootTestService, httpClient, probe, publishEvent, testToken, TopicTap } from '@fd/platform/testing';
import { callbacksService } from './callbacks.service-def';
import { OpinionCategories1796400000000 } from './migrations/1796400000000-opinion-categories';

describe('the callbacks service: findings and customer opinions (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let tap: TopicTap;
  const as = (role: 'clerk' | 'admin') => httpClient(`${svc.url}/api/v1`, testToken({ sub: `u-${role}`, username: role, role }));
  const clerk = () => as('clerk');
  const merchant = (merchantId: string) =>
    httpClient(`${svc.url}/api/v1`, testToken({ sub: `u-${merchantId}`, username: merchantId, role: 'merchant', merchantId }));
  const payloadsOf = <E extends { type: string }>(contract: E, key: string, id: string) =>
    tap
      .envelopes(contract.type)
      .filter((e) => (e.payload as Record<string, string>)[key] === id)
      .map((e) => e.payload);
  const handled = (env: Envelope) =>
    probe(
      async () => (await svc.runtime.ds.query(`SELECT 1 FROM "${svc.schema}".inbox WHERE message_id = $1`, [env.id])).length,
      (n) => n === 1,
      { what: `${env.type} ${env.id} to be handled` },
    );

  beforeAll(async () => {
    svc = await bootTestService(callbacksService);
    tap = await TopicTap.open(svc.runtime.kafka, [`${svc.topicPrefix}${Topics.callbacks}`]);
    // the registry says which merchants exist
    for (const merchantId of ['m-1', 'm-2', 'm-3']) {
      const registered: PayloadOf<typeof MerchantRegistered> = {
        merchantId,
        name: `Merchant ${merchantId}`,
        stall: 'A-01',
        category: 'tiles',
      };
      await handled(await publishEvent(svc.runtime.kafka, svc.topicPrefix, MerchantRegistered, registered));
    }
    // what findings may name: purchase p-9 with a card of m-1 and one of m-2, and a form of m-1
    await handled(
      await registerPurchase('p-9', [
        ['SC00000901', 'm-1'],
        ['SC00000902', 'm-2'],
      ]),
    );
    const issued: PayloadOf<typeof FormIssued> = {
      serial: 'FD00000901',
      merchantId: 'm-1',
      plannedDate: '2026-10-05',
      purchaseId: 'p-9',
      cardNo: 'SC00000901',
      serviceType: 'install',
      visit: 1,
      dueDate: '2026-10-12',
      issuedAt: new Date().toISOString(),
    };
    await handled(await publishEvent(svc.runtime.kafka, svc.topicPrefix, FormIssued, issued));
  });
  const registerPurchase = (purchaseId: string, cards: [string, string][]) => {
    const registered: PayloadOf<typeof PurchaseRegistered> = {
      purchaseId,
      registeredAt: new Date().toISOString(),
      cards: cards.map(([cardNo, merchantId]) => ({ cardNo, merchantId, services: [] })),
    };
    return publishEvent(svc.runtime.kafka, svc.topicPrefix, PurchaseRegistered, registered);
  };
  afterAll(async () => {
    await tap?.close();
    await svc?.stop();
  });

  describe('a purchase kept from the desk (docs/rules.md#purchase-kept-from-the-desk-未登記購買)', () => {
    const keptFromDesk = {
      merchantId: 'm-kept',
      kind: 'purchase_not_registered',
      note: 'complaint: KFR-35 air conditioner sold with no card',
    };

    // a merchant of its own, so the other tests' lists of m-1 to m-3 stay as they expect
    beforeAll(async () => {
      const registered: PayloadOf<typeof MerchantRegistered> = {
        merchantId: 'm-kept',
        name: 'Merchant m-kept',
        stall: 'U-01',
        category: 'appliances',
      };
      await handled(await publishEvent(svc.runtime.kafka, svc.topicPrefix, MerchantRegistered, registered));
    });

    it('exampleU1_isRecordedWithTheDayOfTheSale_andPreviewedInItsMonth', async () => {
      const purchasedOn = addDays(localDate(new Date()), -5);
      const preview = await clerk().post('/findings/preview', { ...keptFromDesk, purchasedOn });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        merchantId: 'm-kept',
        merchantName: 'Merchant m-kept',
        violation: { kind: 'purchase_not_registered', period: purchasedOn.slice(0, 7), opensCase: true },
      });
      const r = await clerk().post('/findings', { ...keptFromDesk, purchasedOn });
      expect(r.status).toBe(201);
      await tap.waitFor('FindingRecorded', () => payloadsOf(FindingRecorded, 'findingId', r.body.id).length > 0);
      expect(payloadsOf(FindingRecorded, 'findingId', r.body.id)).toEqual([
        { findingId: r.body.id, ...keptFromDesk, purchasedOn, recordedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      ]);
      const listed = (await merchant('m-kept').get('/findings')).body.items.find((f: { id: string }) => f.id === r.body.id);
      expect(listed).toMatchObject({ kind: 'purchase_not_registered', purchasedOn });
      expect(listed.servicedOn).toBeUndefined();
    });

    it('exampleU2_withoutADay_isPreviewedInTheMonthOfTheFinding', async () => {
      const preview = await clerk().post('/findings/preview', keptFromDesk);
      expect(preview.body.violation).toEqual({
        kind: 'purchase_not_registered',
        period: localDate(new Date()).slice(0, 7),
        opensCase: true,
      });
    });

    it.each([
      ['cardNo', 'SC00000902'],
      ['purchaseId', 'p-9'],
      ['serial', 'FD00000901'],
      ['servicedOn', '2026-10-01'],
    ])('exampleU1_naming_%s_isRefused_andNothingIsWritten', async (field, value) => {
      const before = (await clerk().get('/findings?merchantId=m-kept')).body.items.length;
      for (const path of ['/findings', '/findings/preview']) {
        const r = await clerk().post(path, { ...keptFromDesk, [field]: value });
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field })] });
      }
      expect((await clerk().get('/findings?merchantId=m-kept')).body.items).toHaveLength(before);
    });

    it('aSaleAfterToday_isRefused', async () => {
      const r = await clerk().post('/findings', { ...keptFromDesk, purchasedOn: addDays(localDate(new Date()), 2) });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'purchasedOn' })]);
    });
  });

  describe('findings', () => {
    it('aFinding_publishesFindingRecorded_datedTodayInTheMall', async () => {
      const today = localDate(new Date());
      const r = await clerk().post('/findings', {
        merchantId: 'm-1',
        kind: 'service_without_form',
        servicedOn: today,
        purchaseId: 'p-9',
        cardNo: 'sc00000901',
        serial: ' fd00000901',
        note: 'inspection saw an installation with no form',
      });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String) });

      await tap.waitFor('FindingRecorded', () => payloadsOf(FindingRecorded, 'findingId', r.body.id).length > 0);
      const [recorded] = payloadsOf(FindingRecorded, 'findingId', r.body.id);
      expect(recorded).toEqual({
        findingId: r.body.id,
        merchantId: 'm-1',
        kind: 'service_without_form',
        servicedOn: today,
        purchaseId: 'p-9',
        cardNo: 'SC00000901',
        serial: 'FD00000901',
        note: 'inspection saw an installation with no form',
        recordedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect([today, addDays(today, 1)]).toContain((recorded as { recordedOn: string }).recordedOn); // the request may straddle midnight
    });

    it('findings_areListed_andAMerchantSeesOnlyItsOwn', async () => {
      const mine = (
        await clerk().post('/findings', { merchantId: 'm-2', kind: 'service_without_form', note: 'complaint: delivered without a form' })
      ).body.id;
      const theirs = (
        await clerk().post('/findings', { merchantId: 'm-3', kind: 'service_without_form', note: 'hotline: measured without a form' })
      ).body.id;

      const all = await as('admin').get('/findings');
      expect(all.body.items.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining([mine, theirs]));
      const own = await merchant('m-2').get('/findings');
      expect(own.body.items.map((f: { id: string }) => f.id)).toEqual([mine]);
      expect(own.body.items[0]).toMatchObject({
        merchantId: 'm-2',
        kind: 'service_without_form',
        note: 'complaint: delivered without a form',
      });
      expect(own.body.items[0]).not.toHaveProperty('servicedOn');
      expect((await merchant('m-2').get('/findings?merchantId=m-3')).status).toBe(403);
    });

    it('aFindingWithAServiceDateInTheFuture_isRefused', async () => {
      const tomorrow = addDays(localDate(new Date()), 2);
      const r = await clerk().post('/findings', { merchantId: 'm-1', kind: 'service_without_form', servicedOn: tomorrow, note: 'x' });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'servicedOn' }] });
    });

    it('aFindingAgainstAnUnknownMerchant_isRefused_andRecordsNothing', async () => {
      const r = await clerk().post('/findings', { merchantId: 'm-404', kind: 'service_without_form', note: 'typo in the merchant id' });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('UNKNOWN_MERCHANT');
      expect((await clerk().get('/findings?merchantId=m-404')).body.items).toEqual([]);
    });

    it('aFindingsReferences_mustBeThePurchasesCardsAndFormsOfItsMerchant_elseItIsRefused_andRecordsNothing', async () => {
      const finding = (refs: Record<string, string>) =>
        clerk().post('/findings', { merchantId: 'm-1', kind: 'service_without_form', note: 'references', ...refs });
      const before = (await clerk().get('/findings?merchantId=m-1')).body.items.length;

      const unknown = await finding({ purchaseId: 'abc123' });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: 'UNKNOWN_REFERENCE', detail: expect.stringContaining('abc123') });
      // a card below the highest the service knows was never registered
      expect((await finding({ cardNo: 'SC00000900' })).body.code).toBe('UNKNOWN_REFERENCE');
      const othersCard = await finding({ cardNo: 'SC00000902' });
      expect(othersCard.status).toBe(422);
      expect(othersCard.body.code).toBe('REFERENCE_OTHER_MERCHANT');
      // the card is m-1's, of purchase p-9, but the purchase named is another
      await handled(await registerPurchase('p-10', [['SC00000903', 'm-1']]));
      const disagree = await finding({ purchaseId: 'p-10', cardNo: 'SC00000901' });
      expect(disagree.status).toBe(422);
      expect(disagree.body.code).toBe('REFERENCES_DISAGREE');
      expect((await clerk().get('/findings?merchantId=m-1')).body.items).toHaveLength(before);

      // the same references of m-1 and of one purchase are accepted
      expect((await finding({ purchaseId: 'p-9', cardNo: 'SC00000901', serial: 'FD00000901' })).status).toBe(201);
    });

    it('aCardNumberedAboveAnyTheServiceKnows_isNotKnownYet_andTheSameFindingIsTakenOnceItArrives', async () => {
      const body = { merchantId: 'm-3', kind: 'service_without_form', cardNo: 'SC00000999', note: 'registered a moment ago' };
      const early = await clerk().post('/findings', body);
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ code: 'REFERENCE_NOT_YET_KNOWN', detail: expect.stringContaining('try again') });
      expect((await clerk().get('/findings?merchantId=m-3')).body.items.filter((f: { cardNo?: string }) => f.cardNo)).toEqual([]);

      await handled(await registerPurchase('p-11', [['SC00000999', 'm-3']]));
      const again = await clerk().post('/findings', body);
      expect(again.status).toBe(201);
      const listed = (await clerk().get('/findings?merchantId=m-3')).body.items.find((f: { id: string }) => f.id === again.body.id);
      expect(listed).toMatchObject({ cardNo: 'SC00000999' });
    });

    it('aFindingsPreview_saysTheMerchantAndTheMonthThatBecomes0_refusesWhatRecordingWould_andRecordsNothing', async () => {
      const before = (await clerk().get('/findings?merchantId=m-1')).body.items.length;
      const today = localDate(new Date());
      const dated = await clerk().post('/findings/preview', {
        merchantId: 'm-1',
        kind: 'service_without_form',
        servicedOn: '2026-02-27',
        serial: 'FD00000901',
        note: 'n',
      });
      expect(dated.status).toBe(200);
      expect(dated.body).toEqual({
        merchantId: 'm-1',
        merchantName: 'Merchant m-1',
        violation: { kind: 'service_without_form', period: '2026-02', opensCase: true },
      });
      // no service date: the month of the day it is recorded
      const undated = await clerk().post('/findings/preview', { merchantId: 'm-1', kind: 'service_without_form', note: 'n' });
      expect([periodOf(today), periodOf(addDays(today, 1))]).toContain(undated.body.violation.period);
      const refused = await clerk().post('/findings/preview', {
        merchantId: 'm-1',
        kind: 'service_without_form',
        purchaseId: 'abc123',
        note: 'n',
      });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('UNKNOWN_REFERENCE');
      expect((await merchant('m-1').post('/findings/preview', { merchantId: 'm-1', kind: 'service_without_form', note: 'n' })).status).toBe(
        403,
      );
      expect((await clerk().get('/findings?merchantId=m-1')).body.items).toHaveLength(before);
    });

    it('aFinding_withoutANote_orByAMerchant_isRefused', async () => {
      const blank = await clerk().post('/findings', { merchantId: 'm-1', kind: 'service_without_form', note: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.errors).toEqual([{ field: 'note', message: expect.any(String) }]);
      expect((await merchant('m-1').post('/findings', { merchantId: 'm-1', kind: 'service_without_form', note: 'n' })).status).toBe(403);
    });
  });

  describe('customer opinions', () => {
    const register = (body: Record<string, unknown>) => clerk().post('/opinions', body);
    const labels = (name: string) => ({ 'zh-Hant': `${name}（繁）`, 'zh-Hans': `${name}（简）`, en: `${name} (en)` });

    it('anOpinion_takesACategoryCode_isKeptAsGiven_andPublishesOpinionRegistered', async () => {
      const text = '  顧客來電：安裝師傅遲到兩小時，\n地板有劃痕。 ';
      const r = await register({ channel: 'phone', category: 'installation_quality', merchantId: 'm-1', text });
      expect(r.status).toBe(201);

      await tap.waitFor('OpinionRegistered', () => payloadsOf(OpinionRegistered, 'opinionId', r.body.id).length > 0);
      expect(payloadsOf(OpinionRegistered, 'opinionId', r.body.id)).toEqual([
        {
          opinionId: r.body.id,
          channel: 'phone',
          category: 'installation_quality',
          merchantId: 'm-1',
          text,
          registeredOn: expect.any(String),
        },
      ]);
      const listed = (await clerk().get('/opinions?merchantId=m-1')).body.items.find((o: { id: string }) => o.id === r.body.id);
      expect(listed).toMatchObject({ channel: 'phone', category: 'installation_quality', merchantId: 'm-1', text });
    });

    it('theAdministration_addsAndRetiresCategories_asEvents_andAnOpinionTakesOnlyAnActiveOne', async () => {
      const admin = as('admin');
      const before = (await clerk().get('/opinion-categories')).body.items.map((c: { code: string }) => c.code);
      expect(before).toEqual(expect.arrayContaining(['staff_attitude', 'late_delivery', 'other']));

      const added = await admin.post('/opinion-categories', { code: 'parking', labels: labels('停車') });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ code: 'parking', labels: labels('停車'), status: 'active', builtIn: false });
      await tap.waitFor('OpinionCategoryAdded', () => payloadsOf(OpinionCategoryAdded, 'code', 'parking').length > 0);
      expect(payloadsOf(OpinionCategoryAdded, 'code', 'parking')).toEqual([{ code: 'parking', labels: labels('停車') }]);

      expect((await register({ channel: 'mailbox', category: 'parking', text: '停車難' })).status).toBe(201);
      expect((await admin.post('/opinion-categories', { code: 'parking', labels: labels('x') })).body.code).toBe('CATEGORY_EXISTS');
      const bad = await admin.post('/opinion-categories', { code: 'Parking Lot', labels: { 'zh-Hant': ' ', en: 'x' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['code', 'labels.zh-Hans', 'labels.zh-Hant']);
      expect((await clerk().post('/opinion-categories', { code: 'noise', labels: labels('噪音') })).status).toBe(403);

      const retired = await admin.post('/opinion-categories/parking/retire');
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({ code: 'parking', status: 'retired', retiredAt: expect.any(String) });
      await tap.waitFor('OpinionCategoryRetired', () => payloadsOf(OpinionCategoryRetired, 'code', 'parking').length > 0);
      expect((await admin.post('/opinion-categories/parking/retire')).status).toBe(200); // again: nothing more
      expect(payloadsOf(OpinionCategoryRetired, 'code', 'parking')).toHaveLength(1);
      // a built-in category can be retired too; `other` never, an unknown code is not found
      expect((await admin.post('/opinion-categories/price/retire')).body.status).toBe('retired');
      expect((await admin.post('/opinion-categories/other/retire')).body.code).toBe('CATEGORY_REQUIRED');
      expect((await admin.post('/opinion-categories/nothing_here/retire')).status).toBe(404);

      const onRetired = await register({ channel: 'mailbox', category: 'parking', text: '停車難' });
      expect(onRetired.status).toBe(422);
      expect(onRetired.body).toMatchObject({ code: 'CATEGORY_RETIRED', errors: [{ field: 'category' }] });
      const unknown = await register({ channel: 'mailbox', category: 'parkin', text: '停車難' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('UNKNOWN_CATEGORY');
      // retired, not deleted: listed as such, and the opinions that took it keep it
      const active = (await clerk().get('/opinion-categories?status=active')).body.items.map((c: { code: string }) => c.code);
      expect(active).not.toContain('parking');
      expect(active).not.toContain('price');
      expect((await clerk().get('/opinions?category=parking')).body.items).toHaveLength(1);
    });

    it('theSummary_countsByCategoryCode_withTheLabelInTheLanguageAsked', async () => {
      // fresh categories, so the counts are this test's alone
      for (const code of ['delivery_s', 'attitude_s', 'lights_s'])
        expect((await as('admin').post('/opinion-categories', { code, labels: labels(code) })).status).toBe(201);
      for (const [category, merchantId] of [
        ['delivery_s', 'm-2'],
        ['delivery_s', 'm-2'],
        ['delivery_s', 'm-3'],
        ['attitude_s', 'm-2'],
        ['lights_s', undefined],
      ] as const)
        await register({ channel: 'hotline', category, ...(merchantId ? { merchantId } : {}), text: `about ${category}` });
      const registeredOn = (await clerk().get('/opinions?category=delivery_s')).body.items[0].registeredOn as string;
      const period = periodOf(registeredOn);

      const r = await as('admin').get(`/opinions/summary?period=${period}&lang=en`);
      expect(r.status).toBe(200);
      const pick = <T extends { category?: string }>(rows: T[]) => rows.filter((x) => !x.category || x.category.endsWith('_s'));
      expect(r.body.period).toBe(period);
      expect(r.body.total).toBeGreaterThanOrEqual(5);
      expect(pick(r.body.byCategory)).toEqual([
        { category: 'delivery_s', label: 'delivery_s (en)', count: 3 },
        { category: 'attitude_s', label: 'attitude_s (en)', count: 1 },
        { category: 'lights_s', label: 'lights_s (en)', count: 1 },
      ]);
      expect(pick(r.body.byCategoryAndMerchant)).toEqual([
        { category: 'delivery_s', label: 'delivery_s (en)', merchantId: 'm-2', count: 2 },
        { category: 'attitude_s', label: 'attitude_s (en)', merchantId: 'm-2', count: 1 },
        { category: 'delivery_s', label: 'delivery_s (en)', merchantId: 'm-3', count: 1 },
        { category: 'lights_s', label: 'lights_s (en)', merchantId: null, count: 1 },
      ]);
      const hans = await as('admin').get(`/opinions/summary?period=${period}`, { 'accept-language': 'zh-CN' });
      expect(pick(hans.body.byCategory)[0]).toEqual({ category: 'delivery_s', label: 'delivery_s（简）', count: 3 });
      const hant = await as('admin').get(`/opinions/summary?period=${period}`);
      expect((pick(hant.body.byCategory)[0] as { label?: string }).label).toBe('delivery_s（繁）');
      const byMerchant = Object.fromEntries(
        r.body.byMerchant.map((m: { merchantId: string | null; count: number }) => [m.merchantId, m.count]),
      );
      const all = (await clerk().get(`/opinions?period=${period}&limit=200`)).body.items as Array<{ merchantId?: string }>;
      expect(byMerchant['m-2']).toBe(all.filter((o) => o.merchantId === 'm-2').length);
      expect(byMerchant['null']).toBe(all.filter((o) => !o.merchantId).length);
      expect(r.body.total).toBe(all.length);
      // by channel too (the monthly report's opinions by channel): every one of these came by the hotline
      const byChannel = Object.fromEntries(r.body.byChannel.map((c: { channel: string; count: number }) => [c.channel, c.count]));
      expect(byChannel.hotline).toBe(all.filter((o) => (o as { channel?: string }).channel === 'hotline').length);
      expect(r.body.byChannelAndMerchant.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(all.length);

      const elsewhere = await clerk().get('/opinions/summary?period=2001-01');
      expect(elsewhere.body).toEqual({
        period: '2001-01',
        total: 0,
        byCategory: [],
        byMerchant: [],
        byCategoryAndMerchant: [],
        byChannel: [],
        byChannelAndMerchant: [],
      });
    });

    it('freeTextCategoriesOfBefore_areMappedToCodes_inAnyLanguage_andTheRestToOtherWithTheirTextKept', async () => {
      const ds = svc.runtime.ds;
      const q = ds.createQueryRunner();
      const migration = new OpinionCategories1796400000000();
      try {
        await migration.down(q);
        const legacy = [
          ['old-1', '送貨延誤'],
          ['old-2', '送货延误'],
          ['old-3', ' late delivery '],
          ['old-4', '服務態度'],
          ['old-5', '停車位太少 13912345678'],
        ];
        for (const [id, category] of legacy)
          await q.query(
            `INSERT INTO "${svc.schema}".opinions (id, channel, category, merchant_id, text, registered_on, period, registered_at)
             VALUES ($1, 'visit', $2, 'm-1', 'legacy', '2001-02-03', '2001-02', '2001-02-03T04:05:06Z')`,
            [id, category],
          );
        await migration.up(q);
      } finally {
        await q.release();
      }
      const listed = (await clerk().get('/opinions?period=2001-02')).body.items as Array<{
        id: string;
        category: string;
        categoryText?: string;
      }>;
      const byId = Object.fromEntries(listed.map((o) => [o.id, [o.category, o.categoryText]]));
      expect(byId).toEqual({
        'old-1': ['late_delivery', undefined],
        'old-2': ['late_delivery', undefined],
        'old-3': ['late_delivery', undefined],
        'old-4': ['staff_attitude', undefined],
        'old-5': ['other', '停車位太少 13912345678'],
      });
      // the three spellings of one category count once; a merchant sees the kept text masked
      const summary = (await as('admin').get('/opinions/summary?period=2001-02&lang=en')).body;
      expect(summary.byCategory).toEqual([
        { category: 'late_delivery', label: 'Late delivery', count: 3 },
        { category: 'other', label: 'Other', count: 1 },
        { category: 'staff_attitude', label: 'Staff attitude', count: 1 },
      ]);
      const seen = (await merchant('m-1').get('/opinions?period=2001-02')).body.items.find((o: { id: string }) => o.id === 'old-5');
      expect(seen.categoryText).toBe('停車位太少 139****5678');
    });

    it('aMerchant_seesOnlyTheOpinionsNamingIt_withPhoneNumbersMasked', async () => {
      await register({ channel: 'letter', category: 'after_sales_repair', merchantId: 'm-3', text: '請回電 13912345678' });
      await register({ channel: 'letter', category: 'after_sales_repair', merchantId: 'm-2', text: 'not for m-3' });
      const r = await merchant('m-3').get('/opinions');
      expect(r.status).toBe(200);
      expect(r.body.items.every((o: { merchantId: string }) => o.merchantId === 'm-3')).toBe(true);
      expect(r.body.items.map((o: { text: string }) => o.text)).toContain('請回電 139****5678');
      expect((await merchant('m-3').get('/opinions/summary?period=2026-10')).status).toBe(403);
    });

    it('invalidOpinions_areRefusedWithTheBadFieldsNamed', async () => {
      const r = await register({ channel: 'fax', category: ' ', text: '' });
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'channel', 'text']);
      expect((await register({ channel: 'visit', category: '送貨延誤', text: 't' })).status).toBe(400); // a label is not a code
      expect((await register({ channel: 'visit', category: 'other', merchantId: 'm-404', text: 't' })).body.code).toBe('UNKNOWN_MERCHANT');
      expect((await as('admin').get('/opinions/summary')).status).toBe(400);
      expect((await as('admin').get('/opinions/summary?period=2026-13')).status).toBe(400);
    });
  });
});
