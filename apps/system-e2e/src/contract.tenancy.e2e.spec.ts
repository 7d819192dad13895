import { routes } from '@fd/api';
import { addDays } from '@fd/kernel';
import { HttpAnswer, probe, uniqueName } from '@fd/platform/testing';
import { ContractDesk, expectProblem, expectUnchanged, openContractDesk, PHONE } from './support/contract';
import { Api, GROUP_ADMIN_PASSWORD } from './support/system';

/**
 * Malls (docs/architecture.md, "Malls") through the public entry point: one running system holds
 * the mall 'main' (the bootstrap admin's desk) and the mall 'east' (an administrator the group
 * administration made, who made east's merchants and accounts). Each mall's accounts see only
 * their own mall's records, in lists, searches, exports and by id; the same key, certificate
 * number or policy in two malls are two separate things; a form missing in east counts in east
 * only; administrators manage their own mall's accounts only.
 */
describe('two malls in one system, through the entry point', () => {
  let desk: ContractDesk;
  let group: Api;
  let eastAdmin: Api;
  let eastAdminName: string;
  let eastClerk: Api;
  let eastMerchant: Api;
  let e1: string; // east's merchants
  let e2: string;
  let eastStaff1: string;
  const EAST_NAMES = ['東區家具城', '東區衛浴'];

  /** What each mall made: its merchants, a purchase with its forms, a callback and a penalty case. */
  interface MallRecords {
    merchants: string[];
    purchase: any;
    forms: any[];
    callback: any;
    caseId: string;
    opinionId: string;
  }
  let main: MallRecords;
  let east: MallRecords;

  const customer = { name: '王小明', phone: PHONE, address: '上海市浦東新區世紀大道 100 号' };

  const login = async (username: string, password: string) => {
    const r = await desk.sys.anonymous().post('/auth/login', { username, password });
    expect(r.status).toBe(200);
    return { api: desk.sys.anonymous().as(r.body.accessToken), answer: r.body };
  };

  /** An account of east, made by east's administrator, signed in. */
  const eastAccount = async (role: 'clerk' | 'merchant', merchantId?: string) => {
    const username = uniqueName(`east-${role}`);
    const password = `${username}-password`;
    const made = await eastAdmin.post('/users', { username, password, role, ...(merchantId ? { merchantId } : {}) });
    expect(made.status).toBe(201);
    const { api, answer } = await login(username, password);
    expect(answer.mallId).toBe('east');
    return api;
  };

  const formsOf = async (clerk: Api, purchaseId: string, n: number) => {
    const r = await clerk.get(`/forms?purchaseId=${purchaseId}&waitFor=${n}`);
    expect(r.body.items).toHaveLength(n);
    return r.body.items;
  };

  /** The callbacks service knows the merchant a moment after it is registered. */
  const knownToCallbacks = (clerk: Api, merchantId: string) =>
    probe(
      () => clerk.post('/findings/preview', { merchantId, kind: 'service_without_form', note: 'x' }),
      (r) => r.status === 200,
      { what: `merchant ${merchantId} known to the callbacks service`, timeoutMs: 30000 },
    );

  const openCallbackOf = async (reader: Api, serial: string) =>
    (
      await probe(
        () => reader.get(`/callbacks?serial=${serial}&status=open`),
        (r) => r.body.items?.length === 1,
        { what: `the callback of ${serial}`, timeoutMs: 30000 },
      )
    ).body.items[0];

  const caseOfFinding = async (reader: Api, findingId: string) =>
    (
      await probe(
        () => reader.get('/penalty-cases?status=open'),
        (r) => r.body.items?.some((c: any) => c.findingId === findingId),
        { what: `the penalty case of finding ${findingId}`, timeoutMs: 30000 },
      )
    ).body.items.find((c: any) => c.findingId === findingId).id;

  /** A purchase for `m1` (a delivery today, filed unsatisfied: a callback) and `m2` (an installation on `installOn`, left unfiled). */
  const mallRecords = async (clerk: Api, admin: Api, [m1, m2]: string[], staff1: string, installOn: string): Promise<MallRecords> => {
    const bought = await clerk.post('/purchases', {
      customer,
      lines: [
        {
          merchantId: m1,
          items: [{ description: '實木地板', quantity: 30, amountCents: 2680000 }],
          services: [{ type: 'deliver', plannedDate: desk.today }],
        },
        {
          merchantId: m2,
          items: [{ description: '吸頂燈', quantity: 2, amountCents: 159800 }],
          services: [{ type: 'install', plannedDate: installOn }],
        },
      ],
    });
    expect(bought.status).toBe(201);
    const forms = await formsOf(clerk, bought.body.purchaseId, 2);
    const deliver = forms.find((f: any) => f.merchantId === m1);
    const filed = await clerk.post(`/forms/${deliver.serial}/return`, {
      verificationCode: deliver.verificationCode,
      rating: 'unsatisfied', // always opens a callback
      staffId: staff1,
      servicedOn: desk.today,
    });
    expect(filed.status).toBe(200);
    const callback = await openCallbackOf(admin, deliver.serial);
    await knownToCallbacks(clerk, m1);
    // the first opinion of the mall: its list of categories starts with the built-in ones
    const opinion = await clerk.post('/opinions', { channel: 'hotline', category: 'late_delivery', merchantId: m1, text: '送貨遲到兩天' });
    expect(opinion.status).toBe(201);
    const finding = await clerk.post('/findings', { merchantId: m1, kind: 'service_without_form', note: '巡查發現' });
    expect(finding.status).toBe(201);
    const caseId = await caseOfFinding(admin, finding.body.id);
    return { merchants: [m1, m2], purchase: bought.body, forms, callback, caseId, opinionId: opinion.body.id };
  };

  beforeAll(async () => {
    desk = await openContractDesk();
    group = (await login('group', GROUP_ADMIN_PASSWORD)).api;
    eastAdminName = uniqueName('east-admin');
    const made = await group.post('/users', {
      username: eastAdminName,
      password: `${eastAdminName}-password`,
      role: 'admin',
      mallId: 'east',
    });
    expect(made.status).toBe(201);
    const signedIn = await login(eastAdminName, `${eastAdminName}-password`);
    expect(signedIn.answer).toMatchObject({ role: 'admin', mallId: 'east' });
    eastAdmin = signedIn.api;
    expect((await eastAdmin.get('/auth/me')).body).toMatchObject({ username: eastAdminName, mallId: 'east' });

    e1 = (await eastAdmin.post('/merchants', { name: EAST_NAMES[0], stall: 'E-101', category: '家具' })).body.id;
    e2 = (await eastAdmin.post('/merchants', { name: EAST_NAMES[1], stall: 'E-102', category: '衛浴' })).body.id;
    eastClerk = await eastAccount('clerk');
    eastMerchant = await eastAccount('merchant', e1);
    const staff = await eastClerk.post(`/merchants/${e1}/staff`, {
      name: '李師傅',
      phone: '13900000009',
      certificateNo: uniqueName('SG'),
      certificateValidUntil: addDays(desk.today, 365),
    });
    expect(staff.status).toBe(201);
    eastStaff1 = staff.body.id;

    // main's installation is planned well ahead (it stays issued when the clock moves); east's is planned today
    main = await mallRecords(desk.clerk, desk.admin, [desk.a, desk.b], desk.staffA, addDays(desk.today, 40));
    east = await mallRecords(eastClerk, eastAdmin, [e1, e2], eastStaff1, desk.today);
  }, 300000);
  afterAll(async () => desk?.sys.stop());

  const ids = (r: HttpAnswer, field = 'id') => (r.body.items ?? r.body).map((x: any) => x[field]);
  const csv = (r: HttpAnswer) => r.bytes.toString('utf8');

  /** What `reader` (of the mall whose records are `own`) gets from every list, search and export: its own mall's rows only. */
  async function expectOnlyItsOwn(reader: Api, own: MallRecords, other: MallRecords, opts: { admin: boolean }) {
    const merchants = await reader.get('/merchants');
    expect(ids(merchants).sort()).toEqual([...own.merchants].sort());

    const purchases = await reader.get('/purchases');
    expect(ids(purchases, 'purchaseId')).toContain(own.purchase.purchaseId);
    expect(ids(purchases, 'purchaseId')).not.toContain(other.purchase.purchaseId);
    // the same customer bought in both malls: a search finds this mall's purchase only
    for (const q of [PHONE, '王小明', other.purchase.cards[0].cardNo]) {
      const found = await reader.get(`/purchases?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect({ q, found: ids(found, 'purchaseId').filter((p: string) => p === other.purchase.purchaseId) }).toEqual({ q, found: [] });
    }
    expect(ids(await reader.get(`/purchases?q=${encodeURIComponent(PHONE)}`), 'purchaseId')).toContain(own.purchase.purchaseId);

    const forms = await reader.get('/forms');
    expect(ids(forms, 'serial')).toEqual(expect.arrayContaining(own.forms.map((f) => f.serial)));
    expect(forms.body.items.every((f: any) => own.merchants.includes(f.merchantId))).toBe(true);
    for (const f of other.forms) expect((await reader.get(`/forms?q=${f.serial}`)).body.items).toEqual([]);
    const byOtherMerchant = await reader.get(`/forms?merchantId=${other.merchants[0]}`);
    if (byOtherMerchant.status === 200) expect(byOtherMerchant.body.items).toEqual([]);
    else expectProblem(byOtherMerchant, 404);

    const callbacks = await reader.get('/callbacks');
    expect(ids(callbacks)).toContain(own.callback.id);
    expect(callbacks.body.items.every((c: any) => own.merchants.includes(c.merchantId))).toBe(true);
    expect((await reader.get(`/callbacks?serial=${other.callback.serial}`)).body.items).toEqual([]);

    const opinions = await reader.get(`/opinions?period=${desk.period}`);
    expect(ids(opinions)).toContain(own.opinionId);
    expect(ids(opinions)).not.toContain(other.opinionId);
    expect(opinions.body.items.every((o: any) => o.merchantId === undefined || own.merchants.includes(o.merchantId))).toBe(true);
    const summary = (await reader.get(`/opinions/summary?period=${desk.period}`)).body;
    expect(summary.total).toBe(opinions.body.items.length);
    expect(summary.byMerchant.every((x: any) => x.merchantId === null || own.merchants.includes(x.merchantId))).toBe(true);

    const cases = await reader.get('/penalty-cases');
    expect(ids(cases)).toContain(own.caseId);
    expect(cases.body.items.every((c: any) => own.merchants.includes(c.merchantId))).toBe(true);

    // by id: the other mall's records are not there
    for (const path of [
      `/purchases/${other.purchase.purchaseId}`,
      `/cards/${other.purchase.cards[0].cardNo}`,
      `/forms/${other.forms[0].serial}`,
      `/merchants/${other.merchants[0]}`,
      `/merchants/${other.merchants[0]}/staff`,
      `/callbacks/${other.callback.id}`,
      `/penalty-cases/${other.caseId}`,
    ]) {
      const r = await reader.get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expectProblem(r, 404);
    }
    // a score card is figured for any merchant id (an unknown one's is empty): of the other mall's merchant, nothing of its month
    const card = await reader.get(`/merchants/${other.merchants[0]}/scores?period=${desk.period}`);
    if (card.status === 200) expect(card.body).toMatchObject({ score: null, formsIssued: 0, formsFiled: 0, violations: [], forms: [] });
    else expectProblem(card, 404);

    const otherNames = other === east ? EAST_NAMES : ['好家居地板', '明亮燈飾'];
    const exports = [
      '/forms/export.csv?lang=en',
      '/penalty-cases/export.csv?lang=en',
      ...(opts.admin ? ['/scores/export.csv?lang=en'] : []),
    ];
    for (const path of exports) {
      const r = await reader.get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
      const leaked = [...other.forms.map((f) => f.serial), ...otherNames].filter((s) => csv(r).includes(s));
      expect({ path, leaked }).toEqual({ path, leaked: [] });
    }
    const ownExport = csv(await reader.get('/forms/export.csv?lang=en'));
    for (const f of own.forms) expect(ownExport).toContain(f.serial);

    if (opts.admin) {
      const scores = await probe(
        () => reader.get(`/scores?period=${desk.period}`),
        (r) => ids(r, 'merchantId').includes(own.merchants[0]),
        { what: 'the mall’s scores', timeoutMs: 30000 },
      );
      expect(scores.body.items.every((s: any) => own.merchants.includes(s.merchantId))).toBe(true);
    }
  }

  it('eachMallsClerk_seesOnlyItsOwnMallsRecords_inListsSearchesExportsAndById', async () => {
    await expectOnlyItsOwn(desk.clerk, main, east, { admin: false });
    await expectOnlyItsOwn(eastClerk, east, main, { admin: false });
  });

  it('eachMallsAdmin_seesOnlyItsOwnMallsRecords_inListsSearchesExportsScoresAndById', async () => {
    await expectOnlyItsOwn(desk.admin, main, east, { admin: true });
    await expectOnlyItsOwn(eastAdmin, east, main, { admin: true });
  });

  it('aMerchantAccount_cannotReadAnotherMallsMerchant', async () => {
    expect(ids(await eastMerchant.get('/merchants'))).toEqual([e1]);
    expect((await eastMerchant.get(`/merchants/${e1}`)).status).toBe(200);
    for (const [reader, path] of [
      [eastMerchant, `/merchants/${desk.a}`],
      [eastMerchant, `/merchants/${desk.a}/scores?period=${desk.period}`],
      [eastMerchant, `/merchants/${desk.a}/staff`],
      [eastMerchant, `/forms/${main.forms[0].serial}`],
      [eastMerchant, `/purchases/${main.purchase.purchaseId}`],
      [desk.merchantA, `/merchants/${e1}`],
      [desk.merchantA, `/merchants/${e1}/scores?period=${desk.period}`],
      [desk.merchantA, `/forms/${east.forms[0].serial}`],
      [desk.merchantA, `/penalty-cases/${east.caseId}`],
    ] as Array<[Api, string]>) {
      const r = await reader.get(path);
      expect({ path, refused: [403, 404].includes(r.status) }).toEqual({ path, refused: true });
      expectProblem(r, r.status);
    }
    expect(ids(await desk.merchantA.get('/penalty-cases')).every((id: string) => id !== east.caseId)).toBe(true);
  });

  it('sameIdempotencyKeyInTwoMalls_makesTwoPurchases', async () => {
    const key = uniqueName('key');
    const body = (merchantId: string) => ({
      customer,
      lines: [{ merchantId, items: [{ description: '踢腳線', quantity: 10, amountCents: 30000 }], services: [] }],
    });
    const inMain = await desk.clerk.post('/purchases', body(desk.a), { 'idempotency-key': key });
    const inEast = await eastClerk.post('/purchases', body(e1), { 'idempotency-key': key });
    expect([inMain.status, inEast.status]).toEqual([201, 201]);
    expect(inEast.headers.get('idempotent-replayed')).toBeNull();
    expect(inEast.body.purchaseId).not.toBe(inMain.body.purchaseId);
    for (const [reader, id, merchantId] of [
      [eastClerk, inEast.body.purchaseId, e1],
      [desk.clerk, inMain.body.purchaseId, desk.a],
    ] as Array<[Api, string, string]>) {
      const r = await reader.get(`/purchases/${id}`);
      expect({ status: r.status, merchantId: r.body.lines?.[0]?.merchantId, body: r.status === 200 ? undefined : r.body }).toEqual({
        status: 200,
        merchantId,
        body: undefined,
      });
    }
    // and each mall's own retry is still its own replay
    const again = await eastClerk.post('/purchases', body(e1), { 'idempotency-key': key });
    expect({ id: again.body.purchaseId, replayed: again.headers.get('idempotent-replayed') }).toEqual({
      id: inEast.body.purchaseId,
      replayed: 'true',
    });
  });

  it('sameCertificateNumber_isRegisteredInBothMalls_butOnlyOnceWithinAMall', async () => {
    const certificateNo = uniqueName('SG').toUpperCase(); // as the registry keeps it
    const staff = (clerk: Api, merchantId: string, number = certificateNo) =>
      clerk.post(`/merchants/${merchantId}/staff`, {
        name: '王師傅',
        phone: '13900000012',
        certificateNo: number,
        certificateValidUntil: addDays(desk.today, 365),
      });
    expect((await staff(desk.clerk, desk.a)).status).toBe(201);
    expect((await staff(eastClerk, e1)).status).toBe(201);
    // example R3, within each mall: the same number (in any spelling) for another merchant is refused
    expectProblem(await staff(desk.clerk, desk.b, certificateNo.toLowerCase()), 409, 'CERTIFICATE_ALREADY_REGISTERED');
    expectProblem(await staff(eastClerk, e2), 409, 'CERTIFICATE_ALREADY_REGISTERED');
    const numbers = async (reader: Api, m: string) =>
      (await reader.get(`/merchants/${m}/staff`)).body.items.map((s: any) => s.certificateNo);
    expect(await numbers(desk.clerk, desk.a)).toContain(certificateNo);
    expect(await numbers(eastClerk, e1)).toContain(certificateNo);
    expect(await numbers(desk.clerk, desk.b)).not.toContain(certificateNo);
  });

  it('anAdministrator_managesOnlyItsOwnMallsAccounts_andTheGroupSeesEveryMalls', async () => {
    const username = uniqueName('east-by-main');
    expectProblem(
      await desk.admin.post('/users', { username, password: `${username}-password`, role: 'clerk', mallId: 'east' }),
      403,
      'OTHER_MALL',
    );
    expectProblem(
      await eastAdmin.post('/users', { username, password: `${username}-password`, role: 'clerk', mallId: 'main' }),
      403,
      'OTHER_MALL',
    );
    expectProblem(await desk.sys.anonymous().post('/auth/login', { username, password: `${username}-password` }), 401);

    const mainUsers = (await desk.admin.get('/users')).body.items;
    const eastUsers = (await eastAdmin.get('/users')).body.items;
    const everyone = (await group.get('/users')).body.items;
    expect(mainUsers.map((u: any) => u.mallId)).toEqual(mainUsers.map(() => 'main'));
    expect(mainUsers.map((u: any) => u.username)).not.toContain(eastAdminName);
    expect(eastUsers.map((u: any) => u.mallId)).toEqual(eastUsers.map(() => 'east'));
    expect(eastUsers.map((u: any) => u.username)).toContain(eastAdminName);
    expect(eastUsers.map((u: any) => u.username)).not.toContain('admin');
    expect(everyone.map((u: any) => u.username)).toEqual(expect.arrayContaining(['admin', 'group', eastAdminName]));
    expect(new Set(everyone.map((u: any) => u.mallId))).toEqual(new Set(['main', 'east']));

    // another mall's account is not there for an administrator
    await expectUnchanged(
      () => group.get('/users'),
      async () => {
        expectProblem(await desk.admin.post(`/users/${eastAdminName}/disable`, {}), 404, 'USER_NOT_FOUND');
        expectProblem(
          await desk.admin.post(`/users/${eastAdminName}/password`, { newPassword: 'another-long-password-1' }),
          404,
          'USER_NOT_FOUND',
        );
        expectProblem(await desk.admin.post(`/users/${eastAdminName}/unlock`, {}), 404, 'USER_NOT_FOUND');
        expectProblem(await eastAdmin.post('/users/admin/disable', {}), 404, 'USER_NOT_FOUND');
      },
    );
    expect((await eastAdmin.get('/auth/me')).status).toBe(200); // still signed in

    // each administrator's audit log holds its own mall's account records
    const created = async (reader: Api) =>
      (await reader.get('/audit?limit=200')).body.items.filter((e: any) => e.type === 'AccountCreated').map((e: any) => e.data.mallId);
    expect(new Set(await created(desk.admin))).toEqual(new Set(['main']));
    expect(new Set(await created(eastAdmin))).toEqual(new Set(['east']));
  });

  it('aFormMissingInEast_zeroesEastsMerchant_andLeavesMainUntouched', async () => {
    const install = east.forms.find((f: any) => f.merchantId === e2);
    const scoreOfE2 = async () => (await eastAdmin.get(`/merchants/${e2}/scores?period=${desk.period}`)).body;
    await probe(scoreOfE2, (s) => s.formsIssued === 1, { what: 'east’s installation known to the scoring', timeoutMs: 60000 });
    const mainState = async () => {
      const cards = await Promise.all(main.merchants.map((m) => desk.admin.get(`/merchants/${m}/scores?period=${desk.period}`)));
      return {
        cards: cards.map((c) => ({ merchantId: c.body.merchantId, score: c.body.score, violations: c.body.violations })),
        cases: ids(await desk.admin.get('/penalty-cases')).sort(),
      };
    };
    const before = await mainState();

    // planned today, due within the return days: 8 days on, it is missing
    expect((await desk.admin.post('/_test/clock', { advanceDays: 8 })).status).toBe(200);
    const card = await probe(scoreOfE2, (s) => s.score === 0, { what: 'east’s merchant zeroed for its missing form', timeoutMs: 60000 });
    expect(card.violations).toEqual([expect.objectContaining({ kind: 'form_not_returned', serial: install.serial })]);
    const cases = await probe(
      () => eastAdmin.get('/penalty-cases?kind=form_not_returned'),
      (r) => r.body.items?.some((c: any) => c.serial === install.serial),
      { what: 'the case of east’s missing form', timeoutMs: 30000 },
    );
    const eastCase = cases.body.items.find((c: any) => c.serial === install.serial);
    expect(eastCase).toMatchObject({ merchantId: e2, period: desk.period, status: 'open' });
    expect((await eastClerk.get(`/forms/${install.serial}`)).body.status).toBe('overdue');

    // main: the same review queue, the same months, and not the east case by any road
    expect(await mainState()).toEqual(before);
    expect((await desk.admin.get('/penalty-cases?kind=form_not_returned')).body.items).toEqual([]);
    expectProblem(await desk.admin.get(`/penalty-cases/${eastCase.id}`), 404);
    expect((await desk.clerk.get(`/forms/${main.forms.find((f: any) => f.merchantId === desk.b).serial}`)).body.status).toBe('issued');
  });

  it('eachMall_hasItsOwnPolicy', async () => {
    const inForce = (await eastAdmin.get('/policy')).body;
    const { version: _v, changedAt: _c, ...values } = inForce;
    const changed = { ...values, returnDays: values.returnDays + 3, timeZone: 'Asia/Tokyo' };
    await expectUnchanged(
      () => desk.clerk.get('/policy'),
      async () => {
        const r = await eastAdmin.put('/policy', changed);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject(changed);
      },
    );
    expect((await eastClerk.get('/policy')).body).toMatchObject({ returnDays: changed.returnDays, timeZone: 'Asia/Tokyo' });
    expect((await desk.admin.get('/policy')).body).toMatchObject({ returnDays: values.returnDays, timeZone: 'Asia/Shanghai' });
  });

  it('eachMall_managesItsOwnOpinionCategories', async () => {
    const codes = async (reader: Api) =>
      Object.fromEntries((await reader.get('/opinion-categories')).body.items.map((c: any) => [c.code, c.status]));
    const added = await eastAdmin.post('/opinion-categories', {
      code: 'east_parking',
      labels: { 'zh-Hant': '停車', 'zh-Hans': '停车', en: 'Parking' },
    });
    expect(added.status).toBe(201);
    expect((await eastAdmin.post('/opinion-categories/late_delivery/retire', {})).status).toBe(200);
    expect(await codes(eastClerk)).toMatchObject({ east_parking: 'active', late_delivery: 'retired' });
    const inMain = await codes(desk.clerk);
    expect(inMain).toMatchObject({ late_delivery: 'active' });
    expect(inMain.east_parking).toBeUndefined();

    const opinion = (category: string) => ({ channel: 'visit', category, text: '停車難' });
    expectProblem(await eastClerk.post('/opinions', opinion('late_delivery')), 422, 'CATEGORY_RETIRED');
    expect((await eastClerk.post('/opinions', opinion('east_parking'))).status).toBe(201);
    expect((await desk.clerk.post('/opinions', opinion('late_delivery'))).status).toBe(201);
    expectProblem(await desk.clerk.post('/opinions', opinion('east_parking')), 422, 'UNKNOWN_CATEGORY');
    // main may add the same code as a category of its own
    expect(
      (await desk.admin.post('/opinion-categories', { code: 'east_parking', labels: { 'zh-Hant': '東', 'zh-Hans': '东', en: 'East' } }))
        .status,
    ).toBe(201);
  });

  const groupTotals = routes.some((r) => r.method === 'get' && r.path === '/group/totals');
  (groupTotals ? it : it.skip)('theGroupTotals_haveARowForEachMall_forTheGroupAdministrationOnly', async () => {
    const r = await group.get(`/group/totals?period=${desk.period}`);
    expect(r.status).toBe(200);
    expect(r.body.malls.map((m: any) => m.mallId).sort()).toEqual(['east', 'main']);
    const row = (mall: string) => r.body.malls.find((m: any) => m.mallId === mall);
    expect(row('east').merchants).toBe(2);
    expect(row('main').merchants).toBe(2);
    expect(row('east').merchantsZeroed).toBeGreaterThanOrEqual(1);
    expectProblem(await desk.admin.get('/group/totals'), 403);
    expectProblem(await eastAdmin.get('/group/totals'), 403);
    expectProblem(await eastClerk.get('/group/totals'), 403);
  });
});
