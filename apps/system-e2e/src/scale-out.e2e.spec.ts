import { addDays, localDate } from '@fd/kernel';
import { probe } from '@fd/platform/testing';
import { Api, E2eSystem } from './support/system';

/**
 * Two instances each of forms, scoring and callbacks at once (issue "Stay up under load",
 * item 9): the consumer groups share the partitions, the relays do not publish a lane twice,
 * and the deadline sweeper still marks each form overdue once. What the clerk, the merchants
 * and the administration see is the same as with one instance of each.
 */
describe('two instances each of forms, scoring and callbacks', () => {
  let sys: E2eSystem;
  let clerk: Api;
  let planned: string;
  let period: string;
  const merchants: Array<{ id: string; staff: string; issued: any[]; filed: string[] }> = [];

  beforeAll(async () => {
    sys = await E2eSystem.start({ instances: { forms: 2, scoring: 2, callbacks: 2 } });
    const today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    planned = addDays(today, 1);
    period = planned.slice(0, 7);
    clerk = await sys.account('clerk');
    expect(
      (await sys.admin.put('/policy', { returnDays: 7, callbackSampleRate: 0, appealDays: 7, timeZone: 'Asia/Shanghai' })).status,
    ).toBe(200);
    for (const x of ['甲', '乙', '丙']) {
      const id = (await sys.admin.post('/merchants', { name: `商戶${x}`, stall: `S-${x}`, category: '建材' })).body.id;
      const staff = (
        await clerk.post(`/merchants/${id}/staff`, {
          name: `師傅${x}`,
          phone: '13900000000',
          certificateNo: `SC-${x}`,
          certificateValidUntil: addDays(today, 700),
        })
      ).body.id;
      merchants.push({ id, staff, issued: [], filed: [] });
    }
  });
  afterAll(async () => sys?.stop());

  it('everyInstance_isAMemberOfItsConsumerGroup', async () => {
    for (const service of ['forms', 'scoring', 'callbacks'] as const) {
      const urls = sys.system.urls(service);
      expect(urls).toHaveLength(2);
      for (const url of urls) {
        const health = await probe(
          async () => (await fetch(`${url}/health`)).json() as Promise<{ status: string; details: Record<string, { member?: boolean }> }>,
          (h) => h.status === 'up',
          { what: `${url} up` },
        );
        const consumers = Object.entries(health.details).filter(([name]) => name.startsWith('consumer '));
        expect(consumers.length).toBeGreaterThan(0);
        expect(consumers.every(([, c]) => c.member)).toBe(true);
      }
    }
  });

  it('eachPurchaseGetsItsFormsOnce_andEachFilingCountsOnceInTheMerchantsScore', async () => {
    for (let i = 0; i < 18; i++) {
      const m = merchants[i % merchants.length];
      const r = await clerk.post('/purchases', {
        customer: { name: `顧客${i}`, phone: '13812345678', address: '上海市浦東新區世紀大道 100 號' },
        lines: [
          {
            merchantId: m.id,
            items: [{ description: '地板', quantity: 1, amountCents: 100000 }],
            services: [{ type: 'install', plannedDate: planned, visits: 1 + (i % 2) }],
          },
        ],
      });
      expect([201, 202]).toContain(r.status);
      const forms = (
        await probe(
          () => clerk.get(`/purchases/${r.body.purchaseId}`),
          (p) => p.body.formsPending === false,
          { what: `the forms of purchase ${i}` },
        )
      ).body.forms;
      expect(forms).toHaveLength(1 + (i % 2));
      m.issued.push(...forms);
    }
    // a form issued twice (by both instances) would show up here as a second serial
    for (const m of merchants) {
      const listed = await clerk.get(`/forms?merchantId=${m.id}&limit=200`);
      expect(listed.body.items.map((f: any) => f.serial).sort()).toEqual(m.issued.map((f) => f.serial).sort());
    }
    // the service day comes; the staff bring back all but the last form of each merchant
    await sys.admin.post('/_test/clock', { now: `${addDays(planned, 1)}T04:00:00.000Z` });
    for (const m of merchants) {
      for (const f of m.issued.slice(0, -1)) {
        const filed = await clerk.post(`/forms/${f.serial}/return`, {
          verificationCode: f.verificationCode,
          rating: 'satisfied',
          staffId: m.staff,
          servicedOn: planned,
        });
        expect(filed.status).toBe(200);
        m.filed.push(f.serial);
      }
    }
    // both forms instances took a share of the purchases (the group spreads the partitions)
    for (const url of sys.system.urls('forms')) {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/consumer_messages_total\{[^}]*type="PurchaseRegistered"[^}]*\} [1-9]/);
    }
    for (const m of merchants) {
      const seen = await probe(
        () => sys.admin.get(`/merchants/${m.id}/scores?period=${period}`),
        (r) => r.body.formsFiled === m.filed.length,
        { what: `merchant ${m.id}'s filings counted`, timeoutMs: 20000 },
      );
      expect(seen.body).toMatchObject({ formsIssued: m.issued.length, formsFiled: m.filed.length, score: 100 });
    }
  });

  it('theDeadlineSweeperOfTwoInstances_marksEachUnfiledFormOverdueOnce_andEachMerchantHasOneViolation', async () => {
    await sys.admin.post('/_test/clock', { now: `${addDays(planned, 9)}T04:00:00.000Z` });
    for (const m of merchants) {
      const unfiled = m.issued.at(-1);
      await probe(
        () => clerk.get(`/forms/${unfiled.serial}`),
        (r) => r.body.status === 'overdue',
        { what: `${unfiled.serial} overdue` },
      );
      const score = await probe(
        () => sys.admin.get(`/merchants/${m.id}/scores?period=${period}`),
        (r) => r.body.score === 0,
        { what: `merchant ${m.id} zeroed for its missing form`, timeoutMs: 20000 },
      );
      expect(score.body.violations).toEqual([expect.objectContaining({ kind: 'form_not_returned', serial: unfiled.serial })]);
      const timeline = (await clerk.get(`/forms/${unfiled.serial}`)).body.timeline.map((e: any) => e.type);
      expect(timeline.filter((t: string) => t === 'FormOverdue')).toHaveLength(1);
      const cases = await sys.admin.get(`/penalty-cases?merchantId=${m.id}`);
      expect(cases.body.items).toHaveLength(1);
    }
  });

  it('withOneFormsInstanceDown_theDeskStillReadsThroughTheOther_andTheEntryPointStaysReady', async () => {
    await sys.system.kill('forms', 1);
    const m = merchants[0];
    for (let i = 0; i < 4; i++) expect((await clerk.get(`/forms?merchantId=${m.id}`)).status).toBe(200);
    const health = await fetch(`${sys.url}/health/ready`);
    expect(health.status).toBe(200); // a service is ready while any of its instances is
  });
});
