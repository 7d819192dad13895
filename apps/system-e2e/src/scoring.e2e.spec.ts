import { addDays, localDate } from '@fd/kernel';
import { probe } from '@fd/platform/testing';
import { Api, E2eSystem } from './support/system';

/**
 * The worked examples A-J of docs/rules.md#worked-examples, driven from purchase registration to the score each
 * merchant reads, through the public entry point of the running system. The examples are
 * written for 2026-10; the test clock only moves forward, so they run in the month after
 * the clock's "now" (call it P), with the same days and the same rules.
 */
describe('worked examples A-J, end to end', () => {
  let sys: E2eSystem;
  let clerk: Api;
  let P: string; // the period
  const day = (d: number) => `${P}-${String(d).padStart(2, '0')}`;
  const m: Record<string, { id: string; api: Api; staff: string; forms: any[] }> = {};
  let expiredStaffOfB: string;

  const moveClockTo = (date: string) => sys.admin.post('/_test/clock', { now: `${date}T04:00:00.000Z` }); // noon in Shanghai
  const score = (x: string) => m[x].api.get(`/merchants/${m[x].id}/scores?period=${P}`);
  const file = (x: string, f: any, rating: string, staffId = m[x].staff) =>
    clerk.post(`/forms/${f.serial}/return`, { verificationCode: f.verificationCode, rating, staffId, servicedOn: f.plannedDate });
  const callbackOf = async (serial: string) =>
    (
      await probe(
        () => clerk.get(`/callbacks?serial=${serial}&status=open`),
        (r) => r.body.items?.length === 1,
        { what: `the callback of ${serial}` },
      )
    ).body.items[0];
  const caseOf = async (x: string) =>
    (
      await probe(
        () => sys.admin.get(`/penalty-cases?merchantId=${m[x].id}`),
        (r) => r.body.items?.length >= 1,
        { what: `the penalty case of ${x}` },
      )
    ).body.items[0];

  beforeAll(async () => {
    sys = await E2eSystem.start();
    const now = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    P = addDays(`${now.slice(0, 7)}-28`, 7).slice(0, 7); // the next month
    clerk = await sys.account('clerk');
    expect(
      (await sys.admin.put('/policy', { returnDays: 7, callbackSampleRate: 1, appealDays: 7, timeZone: 'Asia/Shanghai' })).status,
    ).toBe(200);

    // every example is its own merchant, with one certified staff member
    const forms: Record<string, number> = { A: 4, B: 4, C: 3, D: 3, E: 3, F: 2, G: 2, H: 2, I: 0, J: 2 };
    for (const x of Object.keys(forms)) {
      const id = (await sys.admin.post('/merchants', { name: `商戶 ${x}`, stall: `${x}-1`, category: '建材' })).body.id;
      const staff = (
        await clerk.post(`/merchants/${id}/staff`, {
          name: `師傅 ${x}`,
          phone: '13900000000',
          certificateNo: `SG-${x}`,
          certificateValidUntil: addDays(day(1), 700),
        })
      ).body.id;
      m[x] = { id, staff, api: await sys.account('merchant', id), forms: [] };
    }
    expiredStaffOfB = (
      await clerk.post(`/merchants/${m.B.id}/staff`, {
        name: '過期師傅',
        phone: '13900000009',
        certificateNo: 'SG-B2',
        certificateValidUntil: day(2),
      })
    ).body.id;

    for (const [x, n] of Object.entries(forms)) {
      if (n === 0) continue;
      const planned = x === 'J' ? day(25) : day(3); // J's forms are not due by the end of the test
      const r = await clerk.post('/purchases', {
        customer: { name: `顧客 ${x}`, phone: '13812345678', address: '上海市浦東新區世紀大道 100 號' },
        lines: [
          {
            merchantId: m[x].id,
            items: [{ description: '地板', quantity: 1, amountCents: 100000 }],
            services: [{ type: 'install', plannedDate: planned, visits: n }],
          },
        ],
      });
      expect(r.status).toBe(201);
      m[x].forms = r.body.forms.sort((p: any, q: any) => p.visit - q.visit);
    }

    await moveClockTo(day(6));
    const [a1, a2, a3, a4] = m.A.forms;
    for (const [f, rating] of [
      [a1, 'very_satisfied'],
      [a2, 'satisfied'],
      [a3, 'fairly_satisfied'],
      [a4, 'unsatisfied'],
    ])
      expect((await file('A', f, rating)).status).toBe(200);
    for (const f of m.B.forms.slice(0, 3)) await file('B', f, 'satisfied');
    expect((await file('B', m.B.forms[3], 'very_satisfied', expiredStaffOfB)).body.staffCertified).toBe(false); // expired the day before service
    for (const x of ['C', 'D']) for (const f of m[x].forms.slice(0, 2)) await file(x, f, 'very_satisfied'); // the third is never filed
    for (const f of m.E.forms) await file('E', f, 'satisfied');
    for (const f of m.F.forms) await file('F', f, 'very_satisfied');
    for (const f of m.G.forms) await file('G', f, 'satisfied');
    await file('H', m.H.forms[0], 'satisfied');
    expect((await clerk.post(`/forms/${m.H.forms[1].serial}/void`, { reason: '顧客取消安裝' })).status).toBe(200);

    // callbacks (the policy samples every filed form)
    const attempt = async (serial: string, body: object) =>
      expect((await clerk.post(`/callbacks/${(await callbackOf(serial)).id}/attempts`, body)).status).toBe(201);
    await attempt(m.E.forms[0].serial, { outcome: 'signature_denied', note: '顧客說沒簽過' });
    await attempt(m.F.forms[0].serial, { outcome: 'rating_disputed', reportedRating: 'unsatisfied' });
    await attempt(m.G.forms[0].serial, { outcome: 'rating_disputed', reportedRating: 'fairly_satisfied' });
    expect(
      (
        await clerk.post('/findings', {
          merchantId: m.I.id,
          kind: 'service_without_form',
          servicedOn: day(4),
          note: '巡查發現上門維修未開反饋表',
        })
      ).status,
    ).toBe(201);

    await moveClockTo(day(14)); // C's and D's third forms are past their due date (day 10)
    await probe(
      () => clerk.get(`/forms/${m.D.forms[2].serial}`),
      (r) => r.body.status === 'overdue',
      { what: "D's third form overdue" },
    );
    const dCase = await caseOf('D');
    // D lets the case be decided before its appeal window closes (example R8)
    expect((await m.D.api.post(`/penalty-cases/${dCase.id}/waiver`, {})).status).toBe(200);
    expect(
      (await sys.admin.post(`/penalty-cases/${dCase.id}/decision`, { decision: 'dismiss', reason: '顧客外出，表已補交說明' })).status,
    ).toBe(201);
  });
  afterAll(async () => sys?.stop());

  const expected: Array<[string, number | null, number | null, number | null]> = [
    ['A', 75.0, 75.0, 100],
    ['B', 75.0, 75.0, 100],
    ['C', 0, 100.0, 66.7],
    ['D', 100.0, 100.0, 66.7],
    ['E', 0, 100.0, 100],
    ['F', 0, 50.0, 100],
    ['G', 100.0, 100.0, 100],
    ['H', 100.0, 100.0, 100],
    ['I', 0, null, null],
    ['J', null, null, null],
  ];

  it.each(expected)('example %s: score %p, satisfaction %p, return rate %p', async (x, s, sat, ret) => {
    const seen = await probe(
      () => score(x),
      (r) => r.status === 200 && r.body.score === s && r.body.satisfactionRate === sat && r.body.returnRate === ret,
      { what: `example ${x}'s figures`, timeoutMs: 20000 },
    );
    expect(seen.body).toMatchObject({ merchantId: m[x].id, period: P, score: s, satisfactionRate: sat, returnRate: ret });
  });

  it('eachZero_isExplainedByItsViolation', async () => {
    expect((await score('C')).body.violations).toEqual([
      expect.objectContaining({ kind: 'form_not_returned', serial: m.C.forms[2].serial, status: 'open' }),
    ]);
    expect((await score('D')).body.violations).toEqual([expect.objectContaining({ kind: 'form_not_returned', status: 'dismissed' })]);
    expect((await score('E')).body.violations).toEqual([expect.objectContaining({ kind: 'forged', serial: m.E.forms[0].serial })]);
    expect((await score('I')).body.violations).toEqual([expect.objectContaining({ kind: 'service_without_form' })]);
  });

  it('aMerchant_seesOnlyItsOwnScoresAndCases', async () => {
    expect((await m.A.api.get(`/merchants/${m.C.id}/scores?period=${P}`)).status).toBe(403);
    const cCase = await caseOf('C');
    expect((await m.A.api.get(`/penalty-cases/${cCase.id}`)).status).toBe(403);
    const own = await m.C.api.get('/penalty-cases');
    expect(own.body.items.every((c: any) => c.merchantId === m.C.id)).toBe(true);
    expect((await m.A.api.get(`/scores?period=${P}`)).status).toBe(403);
    const all = await sys.admin.get(`/scores?period=${P}`);
    expect(all.body.items.find((r: any) => r.merchantId === m.C.id)).toMatchObject({ score: 0, returnRate: 66.7 });
  });

  it('theMerchantAppealsWithinTheWindow_butNotAfterIt_andAnUpheldForgeryKeepsTheZero', async () => {
    const cCase = await caseOf('C');
    const appeal = await m.C.api.post(`/penalty-cases/${cCase.id}/appeal`, { statement: '師傅已回收，只是交晚了。' });
    expect(appeal.status).toBe(201);
    expect(appeal.body.appeal.statement).toBe('師傅已回收，只是交晚了。');

    const eCase = await caseOf('E');
    await moveClockTo(addDays(eCase.appealDeadline, 1));
    const late = await m.E.api.post(`/penalty-cases/${eCase.id}/appeal`, { statement: '太晚了' });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('APPEAL_WINDOW_CLOSED');

    const upheld = await sys.admin.post(`/penalty-cases/${eCase.id}/decision`, {
      decision: 'uphold',
      reason: '顧客確認未簽名',
      fineCents: 50000,
    });
    expect(upheld.status).toBe(201);
    expect((await sys.admin.post(`/penalty-cases/${eCase.id}/decision`, { decision: 'dismiss', reason: 'again' })).body.code).toBe(
      'CASE_ALREADY_DECIDED',
    );
    const e = await probe(
      () => score('E'),
      (r) => r.body.violations?.[0]?.status === 'upheld',
      { what: "E's violation upheld" },
    );
    expect(e.body.score).toBe(0);
  });
});
