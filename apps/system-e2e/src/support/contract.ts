/* eslint-disable @typescript-eslint/no-explicit-any -- the API's JSON answers, read loosely as the contract specs read them */
import { addDays, localDate } from '@fd/kernel';
import { HttpAnswer, probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from './system';

/**
 * What the contract specs (`contract.*.e2e.spec.ts`, the public HTTP contract of docs/api.md)
 * share: the checks every answer must pass, and the desk each spec opens on a system of its own.
 */

export type Role = 'clerk' | 'merchant' | 'admin' | 'manager';

export const PHONE = '13812345678'; // the customer's; merchants must only ever see 138****5678
export const STAFF_PHONE = '13900000001';
export const PHONE_TEXT = `顧客電話 ${PHONE}，晚上再打`;

export const raw = (r: HttpAnswer) => r.bytes.toString();

/** Each error is an RFC 9457 problem document with a SNAKE_CASE code, and never shows our insides. */
export function expectProblem(r: HttpAnswer, status: number, code?: string) {
  expect({ status: r.status, contentType: r.headers.get('content-type'), body: r.body }).toMatchObject({
    status,
    contentType: expect.stringContaining('application/problem+json'),
    body: {
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code: code ?? expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
    },
  });
  expect(raw(r)).not.toMatch(/node_modules|\n\s+at |\.ts:\d+|stack/i);
}

/** A 400 whose `errors` name each bad field. */
export function expectInvalid(r: HttpAnswer, fields: string[]) {
  expectProblem(r, 400, 'VALIDATION_FAILED');
  for (const e of r.body.errors) expect(e).toEqual({ field: expect.any(String), message: expect.any(String) });
  expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
}

/** What a merchant receives never carries a customer's (or a staff member's) whole phone number, nor a verification code. */
function expectNothingHiddenFromMerchants(r: HttpAnswer, what: string) {
  const text = raw(r);
  const leaks = [PHONE, STAFF_PHONE, '138 1234 5678', 'verificationCode'].filter((s) => text.includes(s));
  if (leaks.length) throw new Error(`a merchant was shown ${leaks.join(', ')} by ${what}: ${text.slice(0, 2000)}`);
}

/** A merchant's client: every answer it gets, in every test, is checked for unmasked phones and codes. */
function watched(api: Api): Api {
  const check =
    (method: string, call: (path: string, ...rest: any[]) => Promise<HttpAnswer>) =>
    async (path: string, ...rest: any[]) => {
      const r = await call(path, ...rest);
      expectNothingHiddenFromMerchants(r, `${method} ${path}`);
      return r;
    };
  return { ...api, get: check('GET', api.get), post: check('POST', api.post), put: check('PUT', api.put) };
}

/**
 * Sends a POST with an Idempotency-Key, then the very same request again (the first answer
 * again, marked as replayed), then the same key with another body (409). Returns the first answer.
 */
export async function postOnce(client: Api, path: string, body: object): Promise<HttpAnswer> {
  const key = uniqueName('key');
  const first = await client.post(path, body, { 'idempotency-key': key });
  const again = await client.post(path, body, { 'idempotency-key': key });
  expect({ status: again.status, body: again.body, replayed: again.headers.get('idempotent-replayed') }).toEqual({
    status: first.status,
    body: first.body,
    replayed: 'true',
  });
  const other = await client.post(path, { ...body, otherBody: true }, { 'idempotency-key': key });
  expectProblem(other, 409, 'IDEMPOTENCY_KEY_REUSED');
  return first;
}

/** A refused request leaves what `read` sees as it was. */
export async function expectUnchanged(read: () => Promise<HttpAnswer>, act: () => Promise<void>) {
  const before = await read();
  await act();
  const after = await read();
  expect(after.body).toEqual(before.body);
}

/**
 * The desk every contract spec works at: the whole system (started once per spec file), two
 * merchants (A 好家居地板 and B 明亮燈飾) with a certified staff member each, the desk's clerk,
 * and an account for each merchant (watched: see `watched`), with their tokens.
 */
export interface ContractDesk {
  sys: E2eSystem;
  admin: Api;
  clerk: Api;
  merchantA: Api;
  merchantB: Api;
  /** The general manager (reads what the administration reads; decides escalated corrective actions). */
  manager: Api;
  tokens: Partial<Record<'admin' | 'clerk' | 'merchantA' | 'merchantB' | 'manager', string>>;
  a: string;
  b: string;
  staffA: string;
  staffB: string;
  /** the test clock's day when the desk opened, and its month */
  today: string;
  period: string;
  /** The open penalty case of a finding, once scoring has opened it. */
  caseOfFinding: (findingId: string) => Promise<any>;
  /** The open callback of a form, once callbacks has opened it. */
  openCallbackOf: (serial: string) => Promise<any>;
  /** Files a form as the clerk, rated unsatisfied (which always opens a callback), with its merchant's staff member. */
  fileForm: (f: any, body?: object) => Promise<HttpAnswer>;
}

/** Starts a system and opens the desk on it (the system is stopped again if the desk cannot be opened). */
export async function openContractDesk(): Promise<ContractDesk> {
  const sys = await E2eSystem.start();
  try {
    return await openDesk(sys);
  } catch (e) {
    await sys.stop();
    throw e;
  }
}

async function openDesk(sys: E2eSystem): Promise<ContractDesk> {
  async function signIn(role: Role, merchantId?: string): Promise<{ api: Api; token: string }> {
    const username = uniqueName(role);
    const password = `${username}-password`;
    const made = await sys.admin.post('/users', { username, password, role, ...(merchantId ? { merchantId } : {}) });
    expect(made.status).toBe(201);
    const login = await sys.anonymous().post('/auth/login', { username, password });
    expect(login.status).toBe(200);
    return { api: sys.anonymous().as(login.body.accessToken), token: login.body.accessToken };
  }

  const admin = sys.admin;
  const tokens: ContractDesk['tokens'] = {};
  tokens.admin = (await sys.anonymous().post('/auth/login', { username: 'admin', password: 'e2e-admin-password' })).body.accessToken;
  const today = localDate(new Date((await admin.get('/_test/clock')).body.now));
  const period = today.slice(0, 7);
  const a = (await admin.post('/merchants', { name: '好家居地板', stall: 'A-101', category: '地板' })).body.id;
  const b = (await admin.post('/merchants', { name: '明亮燈飾', stall: 'B-210', category: '燈飾' })).body.id;
  const c = await signIn('clerk');
  const ma = await signIn('merchant', a);
  const mb = await signIn('merchant', b);
  const clerk = c.api;
  tokens.clerk = c.token;
  const merchantA = watched(ma.api);
  tokens.merchantA = ma.token;
  const merchantB = watched(mb.api);
  tokens.merchantB = mb.token;
  const gm = await signIn('manager');
  const manager = gm.api;
  tokens.manager = gm.token;
  const staff = (merchantId: string, phone: string) =>
    clerk.post(`/merchants/${merchantId}/staff`, {
      name: '陳師傅',
      phone,
      certificateNo: uniqueName('SG'),
      certificateValidUntil: addDays(today, 365),
    });
  const staffA = (await staff(a, STAFF_PHONE)).body.id;
  const staffB = (await staff(b, '13900000002')).body.id;

  const caseOfFinding = async (findingId: string) =>
    (
      await probe(
        () => sys.admin.get(`/penalty-cases?status=open`),
        (r) => r.body.items?.some((c: any) => c.findingId === findingId),
        { what: `the penalty case of finding ${findingId}`, timeoutMs: 20000 },
      )
    ).body.items.find((c: any) => c.findingId === findingId);

  const openCallbackOf = async (serial: string) =>
    (
      await probe(
        () => sys.admin.get(`/callbacks?serial=${serial}&status=open`),
        (r) => r.body.items?.length === 1,
        { what: `the callback of ${serial}`, timeoutMs: 20000 },
      )
    ).body.items[0];

  const fileForm = (f: any, body: object = {}) =>
    clerk.post(`/forms/${f.serial}/return`, {
      verificationCode: f.verificationCode,
      rating: 'unsatisfied', // always opens a callback, whatever the sample rate
      staffId: f.merchantId === a ? staffA : staffB,
      servicedOn: f.plannedDate,
      ...body,
    });

  return {
    sys,
    admin,
    clerk,
    merchantA,
    merchantB,
    manager,
    tokens,
    a,
    b,
    staffA,
    staffB,
    today,
    period,
    caseOfFinding,
    openCallbackOf,
    fileForm,
  };
}
