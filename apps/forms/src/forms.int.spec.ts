import { randomUUID } from 'node:crypto';
import {
  AfterSalesServiceRequested,
  CallbackAttemptRecorded,
  FormCertificationReassessed,
  FormFiled,
  FormIssued,
  FormOverdue,
  PayloadOf,
  PolicyChanged,
  PurchaseRegistered,
  StaffRegistered,
  Topics,
} from '@fd/contracts';
import { addDays, localDate } from '@fd/kernel';
import { bootService, RunningService } from '@fd/platform';
import { bootTestService, httpClient, probe, publishEvent, testDatabaseUrl, testToken, TopicTap } from '@fd/platform/testing';
import { formsService } from './forms.service-def';
import { DeadlineSweeper } from './mark-overdue/deadline-sweeper';

type Form = {
  serial: string;
  merchantId: string;
  cardNo: string;
  serviceType: string;
  visit: number;
  plannedDate: string;
  dueDate: string;
  status: string;
  verificationCode?: string;
  timeline?: Array<{ type: string; at: string; actor: { id: string }; data: Record<string, unknown> }>;
  [k: string]: unknown;
};

// dates relative to the real clock, in the mall's time zone
const today = localDate(new Date());
const inDays = (n: number) => addDays(today, n);

describe('the forms service (real PostgreSQL and Kafka, two instances)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let twin: RunningService;
  let tap: TopicTap;
  const clerk = testToken({ sub: 'clerk-1', username: 'clerk', role: 'clerk' });
  const admin = testToken({ sub: 'admin-1', username: 'admin', role: 'admin' });
  const merchantOf = (merchantId: string) => testToken({ sub: `user-${merchantId}`, username: merchantId, role: 'merchant', merchantId });
  const api = (token = clerk) => httpClient(`${svc.url}/api/v1`, token);
  const publish = <E extends Parameters<typeof publishEvent>[2]>(contract: E, payload: PayloadOf<E>, opts?: { id?: string; now?: Date }) =>
    publishEvent(svc.runtime.kafka, svc.topicPrefix, contract, payload, opts);
  const sql = (text: string, args: unknown[] = []) => svc.runtime.ds.query(text.replaceAll('$schema', `"${svc.schema}"`), args);

  const formsOf = async (purchaseId: string, token = clerk): Promise<Form[]> => {
    const r = await api(token).get(`/forms?purchaseId=${purchaseId}&limit=200`);
    if (r.status !== 200) throw new Error(`GET /forms answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.items;
  };
  const waitForForms = (purchaseId: string, count: number, what = `${count} forms of ${purchaseId}`) =>
    probe(
      () => formsOf(purchaseId),
      (items) => items.length >= count,
      { what, timeoutMs: 30000 },
    );
  const detail = async (serial: string): Promise<Form> => (await api().get(`/forms/${serial}`)).body;
  const types = (f: Form) => f.timeline!.map((e) => e.type);

  /** A purchase with one card per merchant; returns its forms once issued. */
  const registerPurchase = async (cards: PayloadOf<typeof PurchaseRegistered>['cards'], registeredAt = new Date().toISOString()) => {
    const purchaseId = `p-${randomUUID()}`;
    await publish(PurchaseRegistered, { purchaseId, registeredAt, cards });
    const count = cards.reduce((n, c) => n + c.services.reduce((m, s) => m + s.visits, 0), 0);
    return { purchaseId, forms: await waitForForms(purchaseId, count) };
  };
  const oneForm = async (merchantId: string, plannedDate = inDays(2)) => {
    const { forms } = await registerPurchase(
      [{ cardNo: `C-${randomUUID()}`, merchantId, services: [{ type: 'install', plannedDate, visits: 1 }] }],
      // a service in the past was registered on its day (registered later, its deadline would run from then: example R1)
      plannedDate < today ? new Date(`${plannedDate}T04:00:00Z`).toISOString() : undefined,
    );
    return forms[0];
  };
  const registerStaff = async (payload: PayloadOf<typeof StaffRegistered>, registeredAt?: Date) => {
    await publish(StaffRegistered, payload, { now: registeredAt });
    await probe(
      () => sql('SELECT staff_id FROM $schema.staff WHERE staff_id = $1', [payload.staffId]),
      (rows) => rows.length === 1,
      { what: `staff ${payload.staffId} to be known`, timeoutMs: 30000 },
    );
  };
  const fileBody = (f: Form, over: Record<string, unknown> = {}) => ({
    verificationCode: f.verificationCode,
    rating: 'satisfied',
    staffId: 'nobody',
    servicedOn: today,
    ...over,
  });

  beforeAll(async () => {
    svc = await bootTestService(formsService);
    // a second instance on the same schema and topics, as in production: it shares the
    // consumer group and runs its own deadline sweeper; it was deployed where its font is not
    const font = process.env.CJK_FONT;
    process.env.CJK_FONT = '/nonexistent/font.ttf';
    try {
      twin = await bootService(formsService, { port: 0, schema: svc.schema, databaseUrl: testDatabaseUrl(), topicPrefix: svc.topicPrefix });
    } finally {
      if (font === undefined) delete process.env.CJK_FONT;
      else process.env.CJK_FONT = font;
    }
    tap = await TopicTap.open(svc.runtime.kafka, [`${svc.topicPrefix}${Topics.forms}`]);
  });
  afterAll(async () => {
    await tap?.close();
    await twin?.stop();
    await svc?.stop();
  });

  it('aPurchaseOfTwoMerchantsAndThreeServices_getsExactlyThreeForms_evenWhenPublishedTwice', async () => {
    const purchaseId = `p-${randomUUID()}`;
    const purchase: PayloadOf<typeof PurchaseRegistered> = {
      purchaseId,
      registeredAt: new Date().toISOString(),
      cards: [
        {
          cardNo: 'C-A1',
          merchantId: 'm-a',
          services: [
            { type: 'deliver', plannedDate: inDays(1), visits: 1 },
            { type: 'install', plannedDate: inDays(3), visits: 1 },
          ],
        },
        { cardNo: 'C-B1', merchantId: 'm-b', services: [{ type: 'measure', plannedDate: inDays(2), visits: 1 }] },
      ],
    };
    const first = await publish(PurchaseRegistered, purchase);
    await publish(PurchaseRegistered, purchase); // re-published: another message id
    await publish(PurchaseRegistered, purchase, { id: first.id }); // redelivered: the same message id
    // an event of the same purchase behind them on the same partition: once its form exists, the repeats were handled
    await publish(AfterSalesServiceRequested, {
      purchaseId,
      cardNo: 'C-A1',
      merchantId: 'm-a',
      requestId: `r-${randomUUID()}`,
      services: [{ type: 'repair', plannedDate: inDays(5), visits: 1 }],
    });
    const forms = await probe(
      () => formsOf(purchaseId),
      (items) => items.some((f) => f.serviceType === 'repair'),
      { what: 'the after-sales form', timeoutMs: 30000 },
    );

    expect(forms.map((f) => [f.merchantId, f.cardNo, f.serviceType, f.visit, f.plannedDate, f.dueDate, f.status])).toEqual([
      ['m-a', 'C-A1', 'deliver', 1, inDays(1), inDays(8), 'issued'],
      ['m-a', 'C-A1', 'install', 1, inDays(3), inDays(10), 'issued'],
      ['m-b', 'C-B1', 'measure', 1, inDays(2), inDays(9), 'issued'],
      ['m-a', 'C-A1', 'repair', 1, inDays(5), inDays(12), 'issued'],
    ]);
    for (const f of forms) {
      expect(f.serial).toMatch(/^FD\d{8}$/);
      expect(f.verificationCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    }
    expect(new Set(forms.map((f) => f.serial)).size).toBe(4);
    await tap.waitFor('FormIssued for each form', (t) =>
      forms.every((f) => t.envelopes(FormIssued.type).some((e) => (e.payload as { serial: string }).serial === f.serial)),
    );
  });

  it('aReturnedForm_isFiledWithItsRatingAndStaff_andAnnounced', async () => {
    await registerStaff({ merchantId: 'm-a', staffId: 's-cert', name: '王師傅', certificateNo: 'Q-1', certificateValidUntil: inDays(365) });
    const form = await oneForm('m-a', today);
    const r = await api().post(`/forms/${form.serial}/return`, {
      ...fileBody(form, { staffId: 's-cert', rating: 'very_satisfied', comment: '安裝很仔細' }),
      verificationCode: ` ${form.verificationCode!.toLowerCase()} `, // as a clerk might type it
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      serial: form.serial,
      status: 'filed',
      rating: 'very_satisfied',
      staffId: 's-cert',
      staffCertified: true,
      servicedOn: today,
      late: false,
      comment: '安裝很仔細',
      filedAt: expect.any(String),
    });
    expect(r.body.timeline.map((e: { type: string }) => e.type)).toEqual(['FormIssued', 'FormFiled']);
    await tap.waitFor('FormFiled', (t) =>
      t.envelopes(FormFiled.type).some((e) => (e.payload as { serial: string; staffCertified: boolean }).serial === form.serial),
    );
  });

  it('aFormServedByUnregisteredStaff_isFiledUnqualified', async () => {
    const form = await oneForm('m-a', today);
    const r = await api().post(`/forms/${form.serial}/return`, fileBody(form, { staffId: 'nobody' }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'filed', staffCertified: false, uncertifiedReason: 'staff_unknown' });
    // announced as FormFiled v2, which says why (v1 did not)
    const announced = () =>
      tap.seen.map((m) => JSON.parse(m.value ?? 'null')).find((v) => v?.type === FormFiled.type && v.payload.serial === form.serial);
    await tap.waitFor('the filing announced', () => announced() !== undefined);
    expect(announced()).toMatchObject({ version: 2, payload: { staffCertified: false, uncertifiedReason: 'staff_unknown' } });
  });

  it('exampleR4_aStaffMemberRegisteredBeforeTheFilingButHeardOfAfterIt_makesTheFilingQualified_once', async () => {
    const registeredAt = new Date(Date.now() - 60_000); // at the desk a minute ago; the event reaches us after the filing
    const form = await oneForm('m-r4', today);
    const late = await oneForm('m-r4', today);
    const filed = await api().post(`/forms/${form.serial}/return`, fileBody(form, { staffId: 's-r4' }));
    expect(filed.body).toMatchObject({ staffCertified: false, uncertifiedReason: 'staff_unknown' });
    const staff = { merchantId: 'm-r4', staffId: 's-r4', name: '李師傅', certificateNo: 'R4-1', certificateValidUntil: inDays(365) };
    await registerStaff(staff, registeredAt);
    const judged = await probe(
      () => detail(form.serial),
      (f) => f.staffCertified === true,
      { what: 'the filing judged again', timeoutMs: 30000 },
    );
    expect(judged).not.toHaveProperty('uncertifiedReason');
    expect(types(judged)).toEqual(['FormIssued', 'FormFiled', 'FormCertificationReassessed']);
    await tap.waitFor('FormCertificationReassessed', (t) =>
      t.envelopes(FormCertificationReassessed.type).some((e) => (e.payload as { serial: string }).serial === form.serial),
    );
    expect(
      tap.envelopes(FormCertificationReassessed.type).find((e) => (e.payload as { serial: string }).serial === form.serial)?.payload,
    ).toMatchObject({
      serial: form.serial,
      merchantId: 'm-r4',
      staffId: 's-r4',
      staffCertified: true,
    });

    // the same registration again (a redelivery) judges nothing twice
    await registerStaff(staff, registeredAt);
    expect(types(await detail(form.serial))).toEqual(['FormIssued', 'FormFiled', 'FormCertificationReassessed']);

    // a filing made after the registration was known is judged at once; one naming a staff member the desk
    // registered only after it was filed stays unqualified
    const afterwards = await api().post(`/forms/${late.serial}/return`, fileBody(late, { staffId: 's-r4-later' }));
    expect(afterwards.body).toMatchObject({ uncertifiedReason: 'staff_unknown' });
    await registerStaff({ ...staff, staffId: 's-r4-later', certificateNo: 'R4-2' });
    expect(await detail(late.serial)).toMatchObject({ staffCertified: false, uncertifiedReason: 'staff_unknown' });
  });

  it('filingRefusals_comeBackAsProblemDocuments_andChangeNothing', async () => {
    const form = await oneForm('m-a', today);
    const expectProblem = async (r: { status: number; headers: Headers; body: { code: string } }, status: number, code: string) => {
      expect(r.status).toBe(status);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe(code);
    };
    await expectProblem(await api().post('/forms/FD99999999/return', fileBody(form)), 404, 'FORM_NOT_FOUND');
    const future = await api().post(`/forms/${form.serial}/return`, fileBody(form, { servicedOn: inDays(1) }));
    await expectProblem(future, 400, 'VALIDATION_FAILED');
    expect(future.body.errors).toEqual([{ field: 'servicedOn', message: expect.any(String) }]);
    const invalid = await api().post(`/forms/${form.serial}/return`, {
      verificationCode: form.verificationCode,
      rating: 'great',
      servicedOn: '2026-02-30',
    });
    await expectProblem(invalid, 400, 'VALIDATION_FAILED');
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['rating', 'servicedOn', 'staffId']);
    await expectProblem(await api(merchantOf('m-a')).post(`/forms/${form.serial}/return`, fileBody(form)), 403, 'FORBIDDEN');

    const untouched = await api(admin).get(`/forms/${form.serial}`);
    expect(untouched.body).toMatchObject({ status: 'issued', wrongCodes: 0, filingLocked: false });
    expect(types(untouched.body)).toEqual(['FormIssued']);

    expect((await api().post(`/forms/${form.serial}/return`, fileBody(form))).status).toBe(200);
    await expectProblem(
      await api().post(`/forms/${form.serial}/return`, fileBody(form, { rating: 'unsatisfied' })),
      409,
      'FORM_ALREADY_FILED',
    );
    await expectProblem(await api().post(`/forms/${form.serial}/void`, { reason: 'too late' }), 409, 'FORM_ALREADY_FILED');
    const filedOnce = await detail(form.serial);
    expect(filedOnce).toMatchObject({ status: 'filed', rating: 'satisfied' });
    expect(types(filedOnce)).toEqual(['FormIssued', 'FormFiled']);
  });

  it('aVoidedForm_cannotBeFiledNorVoidedAgain', async () => {
    const form = await oneForm('m-b');
    const voided = await api().post(`/forms/${form.serial}/void`, { reason: '顧客取消安裝' });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', voidReason: '顧客取消安裝' });
    expect((await api().post(`/forms/${form.serial}/void`, { reason: 'again' })).body.code).toBe('FORM_ALREADY_VOIDED');
    const filed = await api().post(`/forms/${form.serial}/return`, fileBody(form));
    expect([filed.status, filed.body.code]).toEqual([409, 'FORM_VOIDED']);
    expect((await api().post(`/forms/${form.serial}/void`, { reason: ' ' })).status).toBe(400);
    expect(types(await detail(form.serial))).toEqual(['FormIssued', 'FormVoided']);
  });

  it('fiveWrongCodes_areListedForTheAdministration_andLockTheForm_untilAnAdministratorFilesItWithTheRightCode', async () => {
    const form = await oneForm('m-wrong', today);
    const other = await oneForm('m-wrong', today);
    const desk2 = testToken({ sub: 'clerk-2', username: 'desk2', role: 'clerk' });
    const WRONG = ['22222222', '33333333', '44444444', '55555555', '66666666'].map((c) => (c === form.verificationCode ? '77777777' : c));
    const file = (token: string, verificationCode: string) =>
      api(token).post(`/forms/${form.serial}/return`, fileBody(form, { verificationCode }));
    const listed = async (query = `serial=${form.serial}`) => {
      const r = await api(admin).get(`/wrong-verification-codes?${query}`);
      expect(r.status).toBe(200);
      return r.body as { items: Array<Record<string, unknown>>; nextCursor?: string };
    };

    // five wrong codes: each refused as before, each kept, alternately typed by two clerks
    const refusals = [];
    for (const [i, code] of WRONG.entries()) refusals.push(await file(i % 2 ? desk2 : clerk, code));
    expect(refusals.map((r) => `${r.status} ${r.body.code}`)).toEqual(WRONG.map(() => '422 WRONG_VERIFICATION_CODE'));
    expect(refusals[0].body.detail).toContain('after 4 more wrong codes only an administrator can file this form');
    expect(refusals[4].body.detail).toContain('Only an administrator can file this form now');
    expect((await api(clerk).post(`/forms/${other.serial}/return`, fileBody(other, { verificationCode: WRONG[0] }))).status).toBe(422);
    const rows = (await listed()).items;
    expect(rows.map((r) => [r.serial, r.username, r.role])).toEqual(
      [...WRONG.keys()].reverse().map((i) => [form.serial, i % 2 ? 'desk2' : 'clerk', 'clerk']), // newest first
    );
    expect(rows[0]).toMatchObject({ merchantId: 'm-wrong', formStatus: 'issued', formWrongCodes: 5, filingLocked: true });
    expect((await api().get(`/forms/${form.serial}`)).body).toMatchObject({ status: 'issued', wrongCodes: 5, filingLocked: true });

    // locked: the clerk's right code is refused, and nothing more is recorded
    const locked = await file(clerk, form.verificationCode!);
    expect(locked.status).toBe(423);
    expect(locked.headers.get('content-type')).toContain('application/problem+json');
    expect(locked.body).toMatchObject({ code: 'FILING_LOCKED', detail: expect.stringContaining('an administrator must file it') });
    expect((await listed()).items).toHaveLength(5);

    // only the administration sees the list
    expect((await api(clerk).get('/wrong-verification-codes')).status).toBe(403);
    expect((await api(merchantOf('m-wrong')).get('/wrong-verification-codes')).status).toBe(403);
    // and who typed them: a clerk's timeline leaves them out, the administration's shows them
    expect(types(await detail(form.serial))).toEqual(['FormIssued']);
    expect(types((await api(admin).get(`/forms/${form.serial}`)).body)).toEqual(['FormIssued', ...WRONG.map(() => 'FilingCodeRejected')]);

    // the administrator files it with the right code: on time, as filed by the administrator
    const filed = await file(admin, form.verificationCode!);
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ status: 'filed', late: false, filingLocked: false });
    expect(filed.body.timeline.at(-1)).toMatchObject({ type: 'FormFiled', actor: { id: 'admin-1', role: 'admin' } });

    // a wrong code on a filed form changes nothing
    expect((await file(clerk, WRONG[0])).body.code).toBe('WRONG_VERIFICATION_CODE');
    expect((await listed()).items).toHaveLength(5);
    expect((await listed()).items[0]).toMatchObject({ formStatus: 'filed', filingLocked: false });

    // the whole list pages newest first: the other form's row on top, then these five
    const first = await listed('limit=1');
    expect(first.items.map((r) => r.serial)).toEqual([other.serial]);
    const next = await listed(`limit=5&cursor=${first.nextCursor}`);
    expect(next.items.map((r) => r.serial)).toEqual(WRONG.map(() => form.serial));
    const bad = await api(admin).get('/wrong-verification-codes?cursor=not-a-cursor&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cursor', 'limit']);
  });

  it('wrongCodesSentAtOnceToBothInstances_lockTheFormAtExactlyTheLimit', async () => {
    const form = await oneForm('m-race', today);
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        httpClient(`${i % 2 ? twin.url : svc.url}/api/v1`, clerk).post(
          `/forms/${form.serial}/return`,
          fileBody(form, { verificationCode: form.verificationCode === '22222222' ? '33333333' : '22222222' }),
        ),
      ),
    );
    const answers = attempts.map((r) => `${r.status} ${r.body.code}`).sort();
    expect(answers).toEqual([...Array(5).fill('422 WRONG_VERIFICATION_CODE'), ...Array(5).fill('423 FILING_LOCKED')]);
    expect((await api(admin).get(`/wrong-verification-codes?serial=${form.serial.toLowerCase()}`)).body.items).toHaveLength(5);
    expect((await detail(form.serial)).wrongCodes).toBe(5);
  });

  it('exampleR1_aLateRegistrationsFormsAreDueAfterTheDayOfRegistration_andNotOverdueAtOnce', async () => {
    const { forms } = await registerPurchase([
      { cardNo: `C-${randomUUID()}`, merchantId: 'm-c', services: [{ type: 'install', plannedDate: inDays(-40), visits: 1 }] },
    ]);
    expect(forms[0]).toMatchObject({ plannedDate: inDays(-40), dueDate: inDays(7) });
    await Promise.all([svc.app.get(DeadlineSweeper).sweepOnce(), twin.app.get(DeadlineSweeper).sweepOnce()]);
    expect((await detail(forms[0].serial)).status).toBe('issued');
  });

  it('theSweepers_turnAPastDueFormOverdueExactlyOnce_andALateFilingIsStillRecorded', async () => {
    // registered a month ago, on the day of the service: due a week later, long past
    const { forms } = await registerPurchase(
      [{ cardNo: `C-${randomUUID()}`, merchantId: 'm-c', services: [{ type: 'repair', plannedDate: inDays(-30), visits: 3 }] }],
      new Date(Date.now() - 30 * 86_400_000).toISOString(),
    );
    // both instances sweep in the background; two more sweeps race them
    await Promise.all([svc.app.get(DeadlineSweeper).sweepOnce(), twin.app.get(DeadlineSweeper).sweepOnce()]);
    const overdue = await probe(
      () => Promise.all(forms.map((f) => detail(f.serial))),
      (all) => all.every((f) => f.status === 'overdue'),
      { what: 'the past-due forms to be overdue', timeoutMs: 30000 },
    );
    await Promise.all([svc.app.get(DeadlineSweeper).sweepOnce(), twin.app.get(DeadlineSweeper).sweepOnce()]);
    for (const f of overdue) {
      expect(types(await detail(f.serial))).toEqual(['FormIssued', 'FormOverdue']);
      expect(f.overdueAt).toEqual(expect.any(String));
    }
    const serials = forms.map((f) => f.serial);
    await tap.waitFor('FormOverdue for each past-due form', (t) =>
      serials.every((s) => t.envelopes(FormOverdue.type).some((e) => (e.payload as { serial: string }).serial === s)),
    );
    const announced = await sql(`SELECT key FROM $schema.outbox WHERE value->>'type' = 'FormOverdue' AND key = ANY($1)`, [serials]);
    expect(announced.map((r: { key: string }) => r.key).sort()).toEqual([...serials].sort());

    const late = await api().post(`/forms/${forms[0].serial}/return`, fileBody(forms[0], { servicedOn: inDays(-29) }));
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'filed', late: true });
  });

  it('callbackOutcomes_changeTheForm_eachAttemptOnce', async () => {
    await registerStaff({ merchantId: 'm-d', staffId: 's-d', name: '李師傅', certificateNo: 'Q-2', certificateValidUntil: inDays(365) });
    const disputed = await oneForm('m-d', today);
    await api().post(`/forms/${disputed.serial}/return`, fileBody(disputed, { staffId: 's-d', rating: 'very_satisfied' }));
    const callbackId = `cb-${randomUUID()}`;
    const attempt = (n: number, outcome: PayloadOf<typeof CallbackAttemptRecorded>['outcome'], extra: object = {}) => ({
      callbackId,
      serial: disputed.serial,
      merchantId: 'm-d',
      attempt: n,
      outcome,
      at: new Date().toISOString(),
      ...extra,
    });
    await publish(CallbackAttemptRecorded, attempt(1, 'rating_disputed', { reportedRating: 'unsatisfied' }));
    await publish(CallbackAttemptRecorded, attempt(1, 'rating_disputed', { reportedRating: 'unsatisfied' })); // re-published
    await publish(CallbackAttemptRecorded, attempt(2, 'confirmed')); // behind them on the callback's partition
    const after = await probe(
      () => detail(disputed.serial),
      (f) => types(f).includes('FormVerified'),
      { what: 'the callback attempts to be applied', timeoutMs: 30000 },
    );
    expect(types(after)).toEqual(['FormIssued', 'FormFiled', 'FormRatingReplaced', 'FormForged', 'FormVerified']);
    expect(after).toMatchObject({ status: 'filed', rating: 'unsatisfied', forged: true, verified: true });

    // not_performed on an overdue form: a new planned date and a new deadline, waiting again
    const missed = await oneForm('m-d', inDays(-20));
    await probe(
      async () => (await svc.app.get(DeadlineSweeper).sweepOnce(), detail(missed.serial)), // not waiting for the minute's sweep
      (f) => f.status === 'overdue',
      { what: 'the form to be overdue', timeoutMs: 30000 },
    );
    await publish(CallbackAttemptRecorded, {
      ...attempt(1, 'not_performed', { newPlannedDate: inDays(4) }),
      callbackId: `cb-${randomUUID()}`,
      serial: missed.serial,
    });
    const moved = await probe(
      () => detail(missed.serial),
      (f) => f.status === 'issued',
      { what: 'the form to be rescheduled', timeoutMs: 30000 },
    );
    expect(moved).toMatchObject({ plannedDate: inDays(4), dueDate: inDays(11) });
    expect(types(moved)).toEqual(['FormIssued', 'FormOverdue', 'FormRescheduled']);
  });

  it('aMerchant_seesOnlyItsOwnForms_andNoVerificationCodes', async () => {
    const { purchaseId, forms } = await registerPurchase([
      { cardNo: `C-${randomUUID()}`, merchantId: 'm-own', services: [{ type: 'deliver', plannedDate: inDays(2), visits: 1 }] },
      { cardNo: `C-${randomUUID()}`, merchantId: 'm-other', services: [{ type: 'measure', plannedDate: inDays(2), visits: 1 }] },
    ]);
    const merchant = testToken({ sub: 'u-own', username: 'own', role: 'merchant', merchantId: 'm-own' });
    const own = forms.find((f) => f.merchantId === 'm-own')!;
    const other = forms.find((f) => f.merchantId === 'm-other')!;

    const listed = await formsOf(purchaseId, merchant);
    expect(listed.map((f) => f.serial)).toEqual([own.serial]);
    expect(listed[0]).not.toHaveProperty('verificationCode');
    const mine = await api(merchant).get(`/forms/${own.serial}`);
    expect(mine.status).toBe(200);
    expect(mine.body).not.toHaveProperty('verificationCode');
    expect((await api(merchant).get(`/forms/${other.serial}`)).status).toBe(403);
    expect((await api(merchant).get(`/forms?merchantId=m-other`)).status).toBe(403);
    expect((await api(merchant).get(`/forms/${own.serial}/print.pdf`)).status).toBe(403);
    expect((await api(merchant).post(`/forms/${own.serial}/void`, { reason: 'x' })).status).toBe(403);
  });

  it('theFormList_filtersByMerchantStatusAndPeriod_pageByPage', async () => {
    const merchantId = `m-${randomUUID()}`;
    await registerPurchase([
      { cardNo: `C-${randomUUID()}`, merchantId, services: [{ type: 'install', plannedDate: '2026-10-05', visits: 3 }] },
      { cardNo: `C-${randomUUID()}`, merchantId, services: [{ type: 'measure', plannedDate: '2026-11-02', visits: 1 }] },
    ]);
    const page1 = await api().get(`/forms?merchantId=${merchantId}&period=2026-10&status=issued&limit=2`);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await api().get(`/forms?merchantId=${merchantId}&period=2026-10&status=issued&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body).not.toHaveProperty('nextCursor');
    expect([...page1.body.items, ...page2.body.items].map((f: Form) => f.visit)).toEqual([1, 2, 3]);
    expect((await api().get(`/forms?merchantId=${merchantId}&status=filed`)).body.items).toEqual([]);
    const bad = await api().get('/forms?period=2026-13&status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['period', 'status']);
  });

  it('aListWaitingForForms_answersWhenTheyAreIssued_onEveryInstance_woken_notPolled', async () => {
    const purchaseId = `p-${randomUUID()}`;
    const cardNo = `C-${randomUUID()}`;
    const wait = (url: string, query: string) => {
      const t0 = Date.now();
      return httpClient(`${url}/api/v1`, clerk)
        .get(`/forms?${query}&waitMs=10000`)
        .then((r) => ({ status: r.status, items: r.body.items as Form[], ms: Date.now() - t0 }));
    };
    // both instances wait; only one of them consumes the event
    const waits = [svc.url, twin.url].map((url) => wait(url, `purchaseId=${purchaseId}&waitFor=2`));
    const byCard = wait(twin.url, `cardNo=${cardNo}&waitFor=2`);
    await new Promise((r) => setTimeout(r, 500)); // they are waiting on an empty table
    const t0 = Date.now();
    await publish(PurchaseRegistered, {
      purchaseId,
      registeredAt: new Date().toISOString(),
      cards: [{ cardNo, merchantId: 'm-a', services: [{ type: 'install', plannedDate: inDays(2), visits: 2 }] }],
    });
    for (const r of await Promise.all([...waits, byCard])) {
      expect(r.status).toBe(200);
      expect(r.items.map((f) => [f.cardNo, f.visit])).toEqual([
        [cardNo, 1],
        [cardNo, 2],
      ]);
      expect(r.ms).toBeGreaterThan(400); // it did wait for them
    }
    expect(Date.now() - t0).toBeLessThan(5000); // answered when they came, long before waitMs

    // more than will ever come: the answer comes after waitMs, with what there is
    const short = await httpClient(`${svc.url}/api/v1`, clerk).get(`/forms?purchaseId=${purchaseId}&waitFor=3&waitMs=300`);
    expect(short.body.items).toHaveLength(2);
    const unkeyed = await api().get('/forms?merchantId=m-a&waitFor=1');
    expect(unkeyed.status).toBe(400);
    expect(unkeyed.body.errors).toEqual([expect.objectContaining({ field: 'waitFor' })]);
  });

  it('thePrintedForm_isAChinesePdfWithItsCodes', async () => {
    const form = await oneForm('m-a');
    const r = await api(admin).get(`/forms/${form.serial}/print.pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.bytes.length).toBeGreaterThan(10 * 1024);
    expect(r.bytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/); // the CJK font is embedded
  });

  it('withoutAChineseFont_printingIsRefused_ratherThanPrintingEmptyBoxes', async () => {
    const form = await oneForm('m-a');
    const r = await httpClient(`${twin.url}/api/v1`, clerk).get(`/forms/${form.serial}/print.pdf`); // the instance without its font
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('PDF_FONT_UNAVAILABLE');
    expect(r.body.detail).toContain('/nonexistent/font.ttf');
  });

  // last: it changes the policy for every form issued after it
  it('aPolicyChange_appliesToFormsIssuedFromThenOn', async () => {
    const before = await oneForm('m-e', inDays(1));
    await publish(PolicyChanged, { version: 2, returnDays: 3, callbackSampleRate: 0.2, appealDays: 7, timeZone: 'Asia/Shanghai' });
    await probe(
      () => sql('SELECT return_days FROM $schema.policy_versions ORDER BY version DESC'),
      (rows) => rows[0]?.return_days === 3,
      {
        what: 'the new policy',
        timeoutMs: 30000,
      },
    );
    const after = await oneForm('m-e', inDays(1));
    expect(after.dueDate).toBe(inDays(4));
    expect((await detail(before.serial)).dueDate).toBe(inDays(8));
  });
});
