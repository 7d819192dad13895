import { probe } from '@fd/platform/testing';
import { overlappingRuns, readPdfText } from '@fd/platform/testing';
import { registerPurchases } from './support/contract-records';
import { ContractDesk, expectProblem, openContractDesk, PHONE } from './support/contract';

/**
 * The customer's own confirmation through the public entry point, without a token (docs/api.md,
 * "Self-confirmation"; docs/rules.md, "The customer's own confirmation", examples S1, S2, S5).
 */
describe("the customer's own confirmation through the entry point", () => {
  let desk: ContractDesk;
  let forms: any[]; // merchant A's installations, visits 1 to 3, of one customer (PHONE)

  /** What the customer reads under the QR code of the printed form. */
  const linkOf = async (serial: string): Promise<string> => {
    const pdf = await desk.clerk.get(`/forms/${serial}/print.pdf`);
    expect(pdf.status).toBe(200);
    const text = await readPdfText(pdf.bytes);
    expect(text.pages).toBe(1);
    expect(overlappingRuns(text.runs)).toEqual([]);
    const link = /\/c\/([A-Za-z0-9_-]{16})/.exec(text.all.replace(/\s+/g, ''));
    expect(link).not.toBeNull();
    return link![1];
  };
  const lastCode = async () => {
    const inbox = await desk.admin.get(`/_test/sms-inbox?phone=${PHONE}`);
    expect(inbox.status).toBe(200);
    return /(\d{6})/.exec(inbox.body.items[0].text)![1];
  };
  const confirm = async (token: string, rating: string) => {
    const anyone = desk.sys.anonymous();
    const sent = await anyone
      .post(`/public/self-confirmations/${token}/code`, { phoneLast4: '5678' })
      .catch(() => anyone.post(`/public/self-confirmations/${token}/code`, { phoneLast4: '5678' }));
    expect(sent.status).toBe(200);
    return anyone.post(`/public/self-confirmations/${token}/confirm`, { code: await lastCode(), rating, comment: '師傅準時' });
  };

  beforeAll(async () => {
    desk = await openContractDesk();
    // every filed form would be called back, so a skipped sample shows
    const policy = await fetch(`${desk.sys.url}/api/v1/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${desk.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ returnDays: 7, callbackSampleRate: 1, appealDays: 7, timeZone: 'Asia/Shanghai' }),
    });
    expect(policy.status).toBe(200);
    forms = (await registerPurchases(desk)).installA;
  });
  afterAll(async () => desk?.sys.stop());

  it('exampleS5_thePublicPageNeedsNoToken_showsNothingPersonal_andAWrongPhoneEndingSendsNothing', async () => {
    const token = await linkOf(forms[0].serial);
    expect(token).not.toContain(forms[0].serial);
    const anyone = desk.sys.anonymous();
    // reading the PDF takes long enough for the entry point to close the idle connection: a second try then
    const page = await anyone.get(`/public/self-confirmations/${token}`).catch(() => anyone.get(`/public/self-confirmations/${token}`));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ serial: forms[0].serial, phone: '138****5678', state: 'open', serviceType: 'install' });
    expect(JSON.stringify(page.body)).not.toMatch(/王小明|世紀大道|12345678/);
    expectProblem(await anyone.post(`/public/self-confirmations/${token}/code`, { phoneLast4: '0000' }), 422, 'WRONG_PHONE_DIGITS');
    expectProblem(await anyone.get(`/public/self-confirmations/${forms[0].serial}`), 404, 'SELF_CONFIRMATION_NOT_FOUND');
    // the signed-in routes still need a token
    expect((await anyone.get(`/forms/${forms[0].serial}`)).status).toBe(401);
  });

  it('exampleS2_theCustomerSaysUnsatisfied_thePaperSaysVerySatisfied_theFormIsForged_andTheMonthIs0', async () => {
    const f = forms[0];
    const token = await linkOf(f.serial);
    const confirmed = await confirm(token, 'unsatisfied');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'confirmed', rating: 'unsatisfied' });
    const again = await desk.sys.anonymous().post(`/public/self-confirmations/${token}/code`, { phoneLast4: '5678' });
    expectProblem(again, 409, 'ALREADY_SELF_CONFIRMED');

    const filed = await desk.fileForm(f, { rating: 'very_satisfied' });
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ status: 'filed', rating: 'unsatisfied', forged: true });
    const score = await probe(
      () => desk.merchantA.get(`/merchants/${desk.a}/scores?period=${desk.period}`),
      (r) => r.status === 200 && r.body.score === 0 && r.body.violations.length >= 1,
      { what: "merchant A's month at 0", timeoutMs: 30000 },
    );
    expect(score.body.score).toBe(0);
    // the forged case's evidence shows the customer's own confirmation
    const cases = await probe(
      () => desk.admin.get(`/penalty-cases?merchantId=${desk.a}&kind=forged`),
      (r) => r.status === 200 && r.body.items.some((c: any) => c.serial === f.serial),
      { what: 'the forged case', timeoutMs: 30000 },
    );
    const c = cases.body.items.find((x: any) => x.serial === f.serial);
    const detail = await desk.admin.get(`/penalty-cases/${c.id}`);
    const evidence = JSON.stringify(detail.body);
    expect(evidence).toContain('FormSelfConfirmed');
  });

  it('exampleS1_confirmedAndFiledTheSame_isVerified_andNotSampledForACallback', async () => {
    const [, same, control] = forms;
    expect((await confirm(await linkOf(same.serial), 'satisfied')).status).toBe(200);
    const filed = await desk.fileForm(same, { rating: 'satisfied' });
    expect(filed.body).toMatchObject({ status: 'filed', rating: 'satisfied', verified: true, forged: false });
    // the control, filed after it without the customer's word, is sampled (rate 1)...
    await desk.fileForm(control, { rating: 'satisfied' });
    await desk.openCallbackOf(control.serial);
    // ...and the confirmed one never is
    const calls = await desk.admin.get(`/callbacks?serial=${same.serial}`);
    expect(calls.body.items).toEqual([]);
  });
});
