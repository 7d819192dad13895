import {
  CallbackAttemptRecorded,
  CallbackClosed,
  CallbackOpened,
  Envelope,
  FormFiled,
  FormIssued,
  FormOverdue,
  FormRescheduled,
  FormVoided,
  PayloadOf,
  PenaltyCaseDecided,
  MerchantRegistered,
  PolicyChanged,
  PurchaseRegistered,
  Topics,
} from '@fd/contracts';
import { localDate } from '@fd/kernel';
import { bootTestService, httpClient, probe, publishEvent, testToken, TopicTap } from '@fd/platform/testing';
import { callbacksService } from './callbacks.service-def';
import { samplePoint } from './open-callback/sample-point';

/** A serial outside the default 20% sample, so that only the reason under test can open a task. */
const outsideTheSample = (prefix: string) => {
  for (let i = 1; ; i++) if (samplePoint(`${prefix}-${i}`, process.env.CALLBACK_SAMPLE_KEY!) >= 0.2) return `${prefix}-${i}`;
};

const filed = (serial: string, over: Partial<PayloadOf<typeof FormFiled>> = {}): PayloadOf<typeof FormFiled> => ({
  serial,
  merchantId: 'm-1',
  plannedDate: '2026-10-05',
  rating: 'satisfied',
  staffId: 's-1',
  staffCertified: true,
  servicedOn: '2026-10-05',
  filedAt: new Date().toISOString(),
  late: false,
  ...over,
});

describe('the callbacks service: callback tasks (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let tap: TopicTap;
  const clerk = () => httpClient(`${svc.url}/api/v1`, testToken({ sub: 'c-1', username: 'clerk', role: 'clerk' }));
  const merchant = (merchantId: string) =>
    httpClient(`${svc.url}/api/v1`, testToken({ sub: `u-${merchantId}`, username: merchantId, role: 'merchant', merchantId }));

  const publish = <E extends Parameters<typeof publishEvent>[2]>(contract: E, payload: PayloadOf<E>, opts?: { id?: string }) =>
    publishEvent(svc.runtime.kafka, svc.topicPrefix, contract, payload, opts);
  /** Waits until the service has handled a message (its id is in the inbox): used to order steps, not as an assertion. */
  const handled = (env: Envelope) =>
    probe(
      async () => (await svc.runtime.ds.query(`SELECT 1 FROM "${svc.schema}".inbox WHERE message_id = $1`, [env.id])).length,
      (n) => n === 1,
      { what: `${env.type} ${env.id} to be handled` },
    );
  const callbacksOf = async (serial: string) => (await clerk().get(`/callbacks?serial=${encodeURIComponent(serial)}`)).body.items;
  const theTaskOf = async (serial: string) =>
    (
      await probe(
        () => callbacksOf(serial),
        (items) => items.length > 0,
        { what: `a callback task for ${serial}` },
      )
    )[0];
  const published = (type: string, callbackId: string) =>
    tap.envelopes(type).filter((e) => (e.payload as { callbackId: string }).callbackId === callbackId);

  beforeAll(async () => {
    svc = await bootTestService(callbacksService);
    tap = await TopicTap.open(svc.runtime.kafka, [`${svc.topicPrefix}${Topics.callbacks}`]);
  });
  afterAll(async () => {
    await tap?.close();
    await svc?.stop();
  });

  it('anUnsatisfiedFiling_deliveredTwice_opensOneTask', async () => {
    const serial = outsideTheSample('UNSAT');
    const first = await publish(FormFiled, filed(serial, { rating: 'unsatisfied' }));
    await publish(FormFiled, first.payload as PayloadOf<typeof FormFiled>, { id: first.id }); // the same message again
    const republished = await publish(FormFiled, first.payload as PayloadOf<typeof FormFiled>); // the same filing under a new message id
    await handled(republished);

    const items = await callbacksOf(serial);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      serial,
      merchantId: 'm-1',
      reason: 'unsatisfied',
      status: 'open',
      plannedDate: '2026-10-05',
      attempts: [],
    });
    await tap.waitFor('CallbackOpened', () => published(CallbackOpened.type, items[0].id).length > 0);
    expect(published(CallbackOpened.type, items[0].id).map((e) => e.payload)).toEqual([
      { callbackId: items[0].id, serial, merchantId: 'm-1', reason: 'unsatisfied' },
    ]);
  });

  it('anUnqualifiedFiling_opensATaskWithReasonUnqualified', async () => {
    const serial = outsideTheSample('UNQ');
    await publish(FormFiled, filed(serial, { staffCertified: false, uncertifiedReason: 'certificate_expired' }));
    expect(await theTaskOf(serial)).toMatchObject({ reason: 'unqualified', status: 'open' });
  });

  it('anAttempt_publishesCallbackAttemptRecorded_andClosesTheTask', async () => {
    const serial = outsideTheSample('CONF');
    await publish(FormFiled, filed(serial, { rating: 'unsatisfied' }));
    const task = await theTaskOf(serial);

    const r = await clerk().post(`/callbacks/${task.id}/attempts`, {
      outcome: 'rating_disputed',
      reportedRating: 'fairly_satisfied',
      note: 'the customer is content',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: task.id,
      status: 'closed',
      result: 'rating_disputed',
      attempts: [
        {
          attempt: 1,
          outcome: 'rating_disputed',
          reportedRating: 'fairly_satisfied',
          note: 'the customer is content',
          at: expect.any(String),
        },
      ],
    });

    await tap.waitFor('the attempt and the closing', () => published(CallbackClosed.type, task.id).length > 0);
    expect(published(CallbackAttemptRecorded.type, task.id).map((e) => e.payload)).toEqual([
      {
        callbackId: task.id,
        serial,
        merchantId: 'm-1',
        attempt: 1,
        outcome: 'rating_disputed',
        reportedRating: 'fairly_satisfied',
        note: 'the customer is content',
        at: r.body.attempts[0].at,
      },
    ]);
    expect(published(CallbackClosed.type, task.id).map((e) => e.payload)).toEqual([
      { callbackId: task.id, serial, merchantId: 'm-1', result: 'rating_disputed' },
    ]);
    expect((await clerk().get(`/callbacks?status=open&serial=${serial}`)).body.items).toEqual([]);
    expect((await clerk().get(`/callbacks?status=closed&serial=${serial}`)).body.items).toHaveLength(1);
  });

  it('anAttemptOnAClosedTask_isRefusedWith409', async () => {
    const serial = outsideTheSample('CLOSED');
    await publish(FormFiled, filed(serial, { rating: 'unsatisfied' }));
    const task = await theTaskOf(serial);
    expect((await clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'confirmed' })).status).toBe(201);

    const again = await clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'signature_denied' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CALLBACK_CLOSED' });
    expect((await clerk().get(`/callbacks/${task.id}`)).body).toMatchObject({ result: 'confirmed', attempts: [{ outcome: 'confirmed' }] });
  });

  it('refusedAttempts_nameTheBadField_andChangeNothing', async () => {
    const serial = outsideTheSample('REFUSE');
    await publish(FormFiled, filed(serial, { rating: 'unsatisfied' }));
    const task = await theTaskOf(serial);

    const noRating = await clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'rating_disputed' });
    expect(noRating.status).toBe(400);
    expect(noRating.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'reportedRating' }] });

    const yesterday = localDate(new Date(Date.now() - 86400000));
    const pastDate = await clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'not_performed', newPlannedDate: yesterday });
    expect(pastDate.status).toBe(400);
    expect(pastDate.body.errors).toEqual([{ field: 'newPlannedDate', message: expect.stringContaining('before today') }]);

    const tomorrow = localDate(new Date(Date.now() + 2 * 86400000));
    const filedYetNotPerformed = await clerk().post(`/callbacks/${task.id}/attempts`, {
      outcome: 'not_performed',
      newPlannedDate: tomorrow,
    });
    expect(filedYetNotPerformed.status).toBe(422);
    expect(filedYetNotPerformed.body.code).toBe('FORM_ALREADY_FILED');

    const badOutcome = await clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'maybe' });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.errors[0].field).toBe('outcome');

    expect((await merchant('m-1').post(`/callbacks/${task.id}/attempts`, { outcome: 'confirmed' })).status).toBe(403);
    expect((await clerk().get(`/callbacks/${task.id}`)).body).toMatchObject({ status: 'open', attempts: [] });

    const unknown = await clerk().post('/callbacks/no-such-callback/attempts', { outcome: 'confirmed' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CALLBACK_NOT_FOUND');
  });

  it('notPerformed_withANewPlannedDate_closesTheTask_andTheFormsNewDateShowsOnceRescheduled', async () => {
    const serial = outsideTheSample('MOVE');
    await publish(FormOverdue, { serial, merchantId: 'm-1', plannedDate: '2026-10-05', dueDate: '2026-10-12' });
    const task = await theTaskOf(serial);
    expect(task).toMatchObject({ reason: 'overdue', plannedDate: '2026-10-05', formRating: null });

    const newDate = localDate(new Date(Date.now() + 3 * 86400000));
    const r = await clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'not_performed', newPlannedDate: newDate });
    expect(r.body).toMatchObject({
      status: 'closed',
      result: 'not_performed',
      attempts: [{ outcome: 'not_performed', newPlannedDate: newDate }],
    });

    // the forms service applies the effect and says so on forms.v1
    await publish(FormRescheduled, {
      serial,
      merchantId: 'm-1',
      plannedDate: newDate,
      previousPlannedDate: '2026-10-05',
      dueDate: newDate,
      callbackId: task.id,
    });
    await probe(
      async () => (await clerk().get(`/callbacks/${task.id}`)).body,
      (b) => b.plannedDate === newDate,
      { what: 'the new planned date on the callback' },
    );
  });

  it('theThirdUnreachableAttempt_closesTheTaskAsUnreachable', async () => {
    const serial = outsideTheSample('UNREACH');
    await publish(FormFiled, filed(serial, { staffCertified: false, uncertifiedReason: 'certificate_expired' }));
    const task = await theTaskOf(serial);
    const attempt = () => clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'unreachable' });

    expect((await attempt()).body).toMatchObject({ status: 'open', attempts: [{ outcome: 'unreachable' }] });
    expect((await attempt()).body).toMatchObject({ status: 'open' });
    const third = await attempt();
    expect(third.body).toMatchObject({ status: 'closed', result: 'unreachable' });
    expect(third.body.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3]);
    expect((await attempt()).status).toBe(409);
  });

  it('anOverdueForm_opensOneTask_andALateUnsatisfiedFilingWhileItIsOpenAddsNothing', async () => {
    const serial = outsideTheSample('LATE');
    await publish(FormOverdue, { serial, merchantId: 'm-1', plannedDate: '2026-10-05', dueDate: '2026-10-12' });
    const late = await publish(FormFiled, filed(serial, { rating: 'unsatisfied', late: true }));
    await handled(late);
    const items = await callbacksOf(serial);
    expect(items.map((i: { reason: string }) => i.reason)).toEqual(['overdue']);
    expect(items[0].formRating).toBe('unsatisfied');
  });

  it('anOverdueFormVoidedWhileItsTaskIsOpen_closesTheTaskAsFormVoided', async () => {
    const serial = outsideTheSample('VOID');
    const ref = { serial, merchantId: 'm-1', plannedDate: '2026-10-05' };
    await publish(FormOverdue, { ...ref, dueDate: '2026-10-12' });
    const task = await theTaskOf(serial);
    await publish(FormVoided, { ...ref, reason: 'the customer cancelled the installation' });

    const closed = await probe(
      async () => (await clerk().get(`/callbacks/${task.id}`)).body,
      (b) => b.status === 'closed',
      { what: 'the task to close' },
    );
    expect(closed).toMatchObject({ result: 'form_voided', attempts: [] });
    expect((await clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'confirmed' })).status).toBe(409);
  });

  it('aMerchant_seesOnlyItsOwnCallbacks_and403ForAnothers', async () => {
    const mine = outsideTheSample('MINE');
    const theirs = outsideTheSample('THEIRS');
    await publish(FormFiled, filed(mine, { merchantId: 'm-A', rating: 'unsatisfied' }));
    await publish(FormFiled, filed(theirs, { merchantId: 'm-B', rating: 'unsatisfied' }));
    const myTask = await theTaskOf(mine);
    const theirTask = await theTaskOf(theirs);

    const list = await merchant('m-A').get('/callbacks');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(myTask.id);
    expect(list.body.items.every((i: { merchantId: string }) => i.merchantId === 'm-A')).toBe(true);

    expect((await merchant('m-A').get(`/callbacks/${myTask.id}`)).status).toBe(200);
    const other = await merchant('m-A').get(`/callbacks/${theirTask.id}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('OTHER_MERCHANT');
    expect((await merchant('m-A').get('/callbacks?merchantId=m-B')).status).toBe(403);
    expect((await clerk().get('/callbacks?merchantId=m-B')).body.items.map((i: { id: string }) => i.id)).toContain(theirTask.id);
  });

  it('aMerchant_seesTheCustomersPhoneNumberInANoteMasked', async () => {
    const serial = outsideTheSample('PHONE');
    await publish(FormFiled, filed(serial, { merchantId: 'm-P', rating: 'unsatisfied' }));
    const task = await theTaskOf(serial);
    await clerk().post(`/callbacks/${task.id}/attempts`, { outcome: 'unreachable', note: 'no answer on 13812345678' });

    expect((await clerk().get(`/callbacks/${task.id}`)).body.attempts[0].note).toBe('no answer on 13812345678');
    expect((await merchant('m-P').get(`/callbacks/${task.id}`)).body.attempts[0].note).toBe('no answer on 138****5678');
  });

  it('theList_isPagedWithACursor', async () => {
    const serials = ['PAGE-1', 'PAGE-2', 'PAGE-3'].map(outsideTheSample);
    for (const serial of serials) await publish(FormFiled, filed(serial, { merchantId: 'm-PAGE', rating: 'unsatisfied' }));
    for (const serial of serials) await theTaskOf(serial);

    const first = await clerk().get('/callbacks?merchantId=m-PAGE&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await clerk().get(`/callbacks?merchantId=m-PAGE&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    expect([...first.body.items, ...second.body.items].map((i: { serial: string }) => i.serial).sort()).toEqual([...serials].sort());
  });

  it('aTask_showsWhomToCall_andWhichService_thePhoneWholeToTheClerkAndMaskedToTheMerchant', async () => {
    const serial = outsideTheSample('CUST');
    const issued = (s: string, purchaseId: string): PayloadOf<typeof FormIssued> => ({
      serial: s,
      merchantId: 'm-CUST',
      plannedDate: '2026-10-05',
      purchaseId,
      cardNo: 'SC00000077',
      serviceType: 'install',
      visit: 2,
      dueDate: '2026-10-12',
      issuedAt: new Date().toISOString(),
    });
    await handled(await publish(MerchantRegistered, { merchantId: 'm-CUST', name: '美家地板', stall: 'A-101', category: 'flooring' }));
    // the form may come before its purchase: they travel on different topics
    await handled(await publish(FormIssued, issued(serial, 'P-CUST')));
    await handled(
      await publish(PurchaseRegistered, {
        purchaseId: 'P-CUST',
        registeredAt: new Date().toISOString(),
        cards: [{ cardNo: 'SC00000077', merchantId: 'm-CUST', services: [{ type: 'install', plannedDate: '2026-10-05', visits: 2 }] }],
        customer: { name: '陳小姐', phone: '13812345678', address: '台北路 8 號 3 樓，電話 13912345678' },
      }),
    );
    await publish(FormFiled, filed(serial, { merchantId: 'm-CUST', rating: 'unsatisfied' }));
    const task = await theTaskOf(serial);
    expect(task).toMatchObject({
      merchantName: '美家地板',
      customer: { name: '陳小姐', phone: '13812345678', address: '台北路 8 號 3 樓，電話 13912345678' },
      serviceType: 'install',
      visit: 2,
      plannedDate: '2026-10-05',
      purchaseId: 'P-CUST',
      cardNo: 'SC00000077',
    });
    expect((await merchant('m-CUST').get(`/callbacks/${task.id}`)).body.customer).toEqual({
      name: '陳小姐',
      phone: '138****5678',
      address: '台北路 8 號 3 樓，電話 139****5678',
    });

    // a purchase published before the customer came along: the task stands, its customer unknown
    const old = outsideTheSample('CUST-OLD');
    await handled(await publish(FormIssued, issued(old, 'P-OLD')));
    await handled(
      await publish(PurchaseRegistered, {
        purchaseId: 'P-OLD',
        registeredAt: new Date().toISOString(),
        cards: [{ cardNo: 'SC00000077', merchantId: 'm-CUST', services: [{ type: 'install', plannedDate: '2026-10-05', visits: 2 }] }],
      }),
    );
    await publish(FormFiled, filed(old, { merchantId: 'm-CUST', rating: 'unsatisfied' }));
    const oldTask = await theTaskOf(old);
    expect(oldTask.customer).toBeUndefined();
    expect(oldTask).toMatchObject({ serviceType: 'install', merchantName: '美家地板' });
  });

  it('theList_isFilteredByMerchantAndByReason', async () => {
    const unsatisfied = outsideTheSample('REASON-U');
    const unqualified = outsideTheSample('REASON-Q');
    const elsewhere = outsideTheSample('REASON-X');
    await publish(FormFiled, filed(unsatisfied, { merchantId: 'm-REASON', rating: 'unsatisfied' }));
    await publish(FormFiled, filed(unqualified, { merchantId: 'm-REASON', staffCertified: false, uncertifiedReason: 'staff_unknown' }));
    await publish(FormFiled, filed(elsewhere, { merchantId: 'm-ELSE', rating: 'unsatisfied' }));
    for (const serial of [unsatisfied, unqualified, elsewhere]) await theTaskOf(serial);

    const serials = async (q: string) => (await clerk().get(`/callbacks?${q}`)).body.items.map((i: { serial: string }) => i.serial);
    expect(await serials('merchantId=m-REASON&reason=unqualified')).toEqual([unqualified]);
    expect((await serials('merchantId=m-REASON')).sort()).toEqual([unsatisfied, unqualified].sort());
    expect(await serials('reason=unsatisfied&limit=200')).toEqual(expect.arrayContaining([unsatisfied, elsewhere]));
    expect(await serials('reason=unsatisfied&limit=200')).not.toContain(unqualified);

    const bad = await clerk().get('/callbacks?reason=angry');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'reason' })] });
  });

  it('afterAnUpheldForgery_aSatisfiedFilingOfThatMerchant_getsARecentForgeryTask', async () => {
    const decided = (merchantId: string, decision: 'uphold' | 'dismiss'): PayloadOf<typeof PenaltyCaseDecided> => ({
      caseId: `case-${merchantId}`,
      merchantId,
      kind: 'forged',
      serial: 'EARLIER-FORM',
      decision,
      reason: decision === 'uphold' ? 'the customer never signed' : 'the customer signed after all',
      decidedOn: localDate(new Date()),
      policyVersion: 1,
    });
    await handled(await publish(PenaltyCaseDecided, decided('m-FORGED', 'uphold')));
    await handled(await publish(PenaltyCaseDecided, decided('m-CLEARED', 'dismiss')));

    const suspect = outsideTheSample('FORGED');
    await publish(FormFiled, filed(suspect, { merchantId: 'm-FORGED', rating: 'very_satisfied' }));
    expect(await theTaskOf(suspect)).toMatchObject({ merchantId: 'm-FORGED', reason: 'recent_forgery', status: 'open' });

    const cleared = outsideTheSample('CLEARED');
    await handled(await publish(FormFiled, filed(cleared, { merchantId: 'm-CLEARED', rating: 'very_satisfied' })));
    expect(await callbacksOf(cleared)).toEqual([]);
  });

  // Last: it raises the sample rate for everything after it.
  it('afterThePolicyRaisesTheSampleRateToOne_everyFiledFormIsSampled', async () => {
    const serial = outsideTheSample('RATE');
    await handled(
      await publish(PolicyChanged, { version: 2, returnDays: 7, callbackSampleRate: 1, appealDays: 7, timeZone: 'Asia/Shanghai' }),
    );
    await publish(FormFiled, filed(serial, { filedAt: new Date().toISOString() }));
    expect(await theTaskOf(serial)).toMatchObject({ reason: 'sample' });
  });
});
