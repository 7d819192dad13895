import { randomUUID } from 'node:crypto';
import {
  FormForged,
  FormRatingReplaced,
  FormSelfConfirmed,
  FormVerified,
  PayloadOf,
  PurchaseRegistered,
  StaffRegistered,
  Topics,
} from '@fd/contracts';
import { addDays, localDate } from '@fd/kernel';
import { bootTestService, httpClient, probe, publishEvent, testToken, TopicTap } from '@fd/platform/testing';
import { formsService } from './forms.service-def';

// docs/rules.md, "The customer's own confirmation", examples S1 to S5; dates relative to the real clock
const today = localDate(new Date());
const inDays = (n: number) => addDays(today, n);
const PHONE = '13812345678';

describe("the customer's own confirmation of a form (real PostgreSQL and Kafka)", () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let tap: TopicTap;
  const clerk = testToken({ sub: 'clerk-1', username: 'clerk', role: 'clerk' });
  const api = (token?: string) => httpClient(`${svc.url}/api/v1`, token);
  const sql = (text: string, args: unknown[] = []) => svc.runtime.ds.query(text.replaceAll('$schema', `"${svc.schema}"`), args);
  /** Each test its own client address, so one test's tries never fill another's bucket. */
  const from = () => ({ 'x-fd-client-address': `10.0.0.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 6)}` });

  /** A purchase of one installation, with the customer's phone; answers its form, its link token and its verification code. */
  const oneForm = async (opts: { plannedDate?: string; registeredAt?: string; phone?: string | null; merchantId?: string } = {}) => {
    const purchaseId = `p-${randomUUID()}`;
    const payload: PayloadOf<typeof PurchaseRegistered> = {
      purchaseId,
      registeredAt: opts.registeredAt ?? new Date().toISOString(),
      cards: [
        {
          cardNo: `C-${randomUUID()}`,
          merchantId: opts.merchantId ?? 'm-s',
          services: [{ type: 'install', plannedDate: opts.plannedDate ?? today, visits: 1 }],
        },
      ],
      ...(opts.phone === null ? {} : { customer: { name: '陳大文', phone: opts.phone ?? PHONE, address: '香港道 1 號' } }),
    };
    await publishEvent(svc.runtime.kafka, svc.topicPrefix, PurchaseRegistered, payload);
    const rows = await probe(
      () => sql('SELECT serial, confirm_token FROM $schema.forms WHERE purchase_id = $1', [purchaseId]),
      (r) => r.length === 1,
      { what: `the form of ${purchaseId}`, timeoutMs: 30000 },
    );
    const serial: string = rows[0].serial;
    const form = (await api(clerk).get(`/forms/${serial}`)).body;
    return { serial, token: rows[0].confirm_token as string, code: form.verificationCode as string };
  };
  const lastCode = async (phone = PHONE) => {
    // the test inbox of the SMS adapter without a provider (GET /_test/sms-inbox reads it in test mode)
    const [sent] = await sql('SELECT text FROM $schema.sms_inbox WHERE phone = $1 ORDER BY id DESC LIMIT 1', [phone]);
    return /(\d{6})/.exec(sent.text)![1];
  };
  const confirm = async (token: string, rating: string, headers = from(), comment?: string) => {
    expect((await api().post(`/public/self-confirmations/${token}/code`, { phoneLast4: '5678' }, headers)).status).toBe(200);
    return api().post(
      `/public/self-confirmations/${token}/confirm`,
      { code: await lastCode(), rating, ...(comment ? { comment } : {}) },
      headers,
    );
  };
  const file = (f: { serial: string; code: string }, rating: string, staffId = 's-cert') =>
    api(clerk).post(`/forms/${f.serial}/return`, { verificationCode: f.code, rating, staffId, servicedOn: today });
  const announced = (type: string, serial: string) =>
    tap
      .envelopes(type)
      .filter((e) => (e.payload as { serial: string }).serial === serial)
      .map((e) => e.payload as Record<string, unknown>);

  beforeAll(async () => {
    svc = await bootTestService(formsService);
    tap = await TopicTap.open(svc.runtime.kafka, [`${svc.topicPrefix}${Topics.forms}`]);
    await publishEvent(svc.runtime.kafka, svc.topicPrefix, StaffRegistered, {
      merchantId: 'm-s',
      staffId: 's-cert',
      name: '王師傅',
      certificateNo: 'Q-S1',
      certificateValidUntil: inDays(365),
    });
    await probe(
      () => sql(`SELECT 1 FROM $schema.staff WHERE staff_id = 's-cert'`),
      (r) => r.length === 1,
      { what: 'the staff member known', timeoutMs: 30000 },
    );
  });
  afterAll(async () => {
    await tap?.close();
    await svc?.stop();
  });

  it('thePage_showsTheServiceAndTheMaskedPhone_neverTheCustomer_andNoTokenIsNeeded', async () => {
    const f = await oneForm();
    const r = await api().get(`/public/self-confirmations/${f.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ serial: f.serial, serviceType: 'install', visit: 1, phone: '138****5678', state: 'open' });
    expect(JSON.stringify(r.body)).not.toMatch(/陳大文|香港道|12345678/);
    expect(f.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(f.token).not.toContain(f.serial.slice(2));
    expect((await api().get(`/public/self-confirmations/${f.serial}`)).body.code).toBe('SELF_CONFIRMATION_NOT_FOUND');
    expect((await api().get(`/public/self-confirmations/AAAAAAAAAAAAAAAA`)).status).toBe(404);
  });

  it('exampleS5_aWrongPhoneEnding_isRefusedAndSendsNothing_andTheFormsBucketFillsUp', async () => {
    const f = await oneForm({ phone: '13900009999' });
    const headers = from();
    for (const digits of ['0000', '1111', '2222', '3333', '4444']) {
      const r = await api().post(`/public/self-confirmations/${f.token}/code`, { phoneLast4: digits }, headers);
      expect(r).toMatchObject({ status: 422, body: { code: 'WRONG_PHONE_DIGITS' } });
    }
    expect(await sql('SELECT 1 FROM $schema.sms_inbox WHERE phone = $1', ['13900009999'])).toHaveLength(0);
    // the form's bucket is full: even the right digits, from another address, wait
    const r = await api().post(`/public/self-confirmations/${f.token}/code`, { phoneLast4: '9999' }, from());
    expect(r.status).toBe(429);
    expect(r.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    const bad = await api().post(`/public/self-confirmations/${f.token}/code`, { phoneLast4: '12a4' }, from());
    expect(bad.status).toBe(400);
  });

  it('oneClientAddress_isLimitedAcrossForms', async () => {
    const headers = from();
    const forms = await Promise.all([oneForm(), oneForm(), oneForm(), oneForm(), oneForm()]);
    const answers: number[] = [];
    for (const f of forms)
      for (let i = 0; i < 5; i++)
        answers.push((await api().post(`/public/self-confirmations/${f.token}/code`, { phoneLast4: '0000' }, headers)).status);
    // 20 tries at once from one address; beyond, 429 whatever the form
    expect(answers.filter((s) => s === 422)).toHaveLength(20);
    expect(answers.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });

  it('aWrongOneTimeCode_isRefused_andOnlyTheLastCodeSentWorks', async () => {
    const f = await oneForm();
    const headers = from();
    expect((await api().post(`/public/self-confirmations/${f.token}/code`, { phoneLast4: '5678' }, headers)).body).toMatchObject({
      sentTo: '138****5678',
    });
    const first = await lastCode();
    expect((await api().post(`/public/self-confirmations/${f.token}/code`, { phoneLast4: '5678' }, headers)).status).toBe(200);
    const second = await lastCode();
    if (first !== second) {
      const r = await api().post(`/public/self-confirmations/${f.token}/confirm`, { code: first, rating: 'satisfied' }, headers);
      expect(r).toMatchObject({ status: 422, body: { code: 'WRONG_ONE_TIME_CODE' } });
    }
    const ok = await api().post(`/public/self-confirmations/${f.token}/confirm`, { code: second, rating: 'satisfied' }, headers);
    expect(ok).toMatchObject({ status: 200, body: { state: 'confirmed', rating: 'satisfied' } });
  });

  it('exampleS1_confirmedThenFiledTheSame_isVerified_andAnnounced', async () => {
    const f = await oneForm();
    const r = await confirm(f.token, 'satisfied', from(), '師傅很準時');
    expect(r).toMatchObject({ status: 200, body: { state: 'confirmed', rating: 'satisfied', confirmedAt: expect.any(String) } });
    await tap.waitFor('FormSelfConfirmed', () => announced(FormSelfConfirmed.type, f.serial).length === 1);
    expect(announced(FormSelfConfirmed.type, f.serial)[0]).toMatchObject({ rating: 'satisfied', comment: '師傅很準時' });
    const filed = await file(f, 'satisfied');
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ status: 'filed', verified: true, forged: false });
    expect(filed.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'FormIssued',
      'FormSelfConfirmed',
      'FormFiled',
      'FormVerified',
    ]);
    await tap.waitFor('FormVerified', () => announced(FormVerified.type, f.serial).length === 1);
    expect(announced(FormVerified.type, f.serial)[0]).toMatchObject({ selfConfirmedAt: expect.any(String) });
    expect(announced(FormVerified.type, f.serial)[0].callbackId).toBeUndefined();
  });

  it('exampleS2_customerSaidUnsatisfied_paperSaysVerySatisfied_isReplacedAndForged', async () => {
    const f = await oneForm();
    expect((await confirm(f.token, 'unsatisfied')).status).toBe(200);
    const filed = await file(f, 'very_satisfied');
    expect(filed.body).toMatchObject({ status: 'filed', rating: 'unsatisfied', forged: true });
    await tap.waitFor('FormForged', () => announced(FormForged.type, f.serial).length === 1);
    expect(announced(FormForged.type, f.serial)[0]).toMatchObject({ cause: 'rating_disputed', selfConfirmedAt: expect.any(String) });
    expect(announced(FormRatingReplaced.type, f.serial)[0]).toMatchObject({ previousRating: 'very_satisfied', rating: 'unsatisfied' });
  });

  it('exampleS3_confirmedAfterTheFiling_isComparedThen_andOncePerForm', async () => {
    const f = await oneForm();
    expect((await file(f, 'satisfied')).status).toBe(200);
    const r = await confirm(f.token, 'fairly_satisfied');
    expect(r.status).toBe(200);
    const form = (await api(clerk).get(`/forms/${f.serial}`)).body;
    expect(form).toMatchObject({ rating: 'fairly_satisfied', forged: false });
    const again = await api().post(`/public/self-confirmations/${f.token}/code`, { phoneLast4: '5678' }, from());
    expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_SELF_CONFIRMED' } });
    expect((await api().get(`/public/self-confirmations/${f.token}`)).body).toMatchObject({
      state: 'confirmed',
      rating: 'fairly_satisfied',
    });
  });

  it('aLinkPastItsDays_orOfAVoidedForm_isClosed', async () => {
    // registered 30 days ago for that day: due 23 days ago, closed 9 days ago (SELF_CONFIRMATION_DAYS 14)
    const old = await oneForm({ plannedDate: inDays(-30), registeredAt: new Date(Date.now() - 30 * 86400000).toISOString() });
    expect((await api().get(`/public/self-confirmations/${old.token}`)).body.state).toBe('closed');
    const r = await api().post(`/public/self-confirmations/${old.token}/code`, { phoneLast4: '5678' }, from());
    expect(r).toMatchObject({ status: 422, body: { code: 'SELF_CONFIRMATION_CLOSED' } });
    const voided = await oneForm();
    expect((await api(clerk).post(`/forms/${voided.serial}/void`, { reason: 'cancelled' })).status).toBe(200);
    expect((await api().post(`/public/self-confirmations/${voided.token}/code`, { phoneLast4: '5678' }, from())).body.code).toBe(
      'SELF_CONFIRMATION_CLOSED',
    );
  });

  it('aPurchaseWithoutAPhone_cannotBeSelfConfirmed', async () => {
    const f = await oneForm({ phone: null });
    expect((await api().get(`/public/self-confirmations/${f.token}`)).body).toMatchObject({ state: 'unavailable' });
    expect((await api().post(`/public/self-confirmations/${f.token}/code`, { phoneLast4: '5678' }, from())).body.code).toBe(
      'SELF_CONFIRMATION_UNAVAILABLE',
    );
  });
});
