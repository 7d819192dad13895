import { createHash, randomUUID } from 'node:crypto';
import { registerPurchases } from './support/contract-records';
import { ContractDesk, expectProblem, openContractDesk } from './support/contract';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * Signed originals through the entry point (docs/api.md, POST /forms/{serial}/originals): the one
 * route whose body is a file, its type judged by content, its size limited, each kept once per
 * Idempotency-Key, and seen by the merchant for its own forms only; printing is in the trail.
 */
describe('signed originals and the form trail through the entry point', () => {
  let desk: ContractDesk;
  let formA: any; // merchant A's
  let purchaseOfA: any; // a purchase of A and B

  const upload = async (serial: string, bytes: Buffer, contentType: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${desk.sys.url}/api/v1/forms/${serial}/originals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${desk.tokens.clerk}`, 'content-type': contentType, ...headers },
      body: bytes,
    });
    const answer = Buffer.from(await r.arrayBuffer());
    return { status: r.status, headers: r.headers, bytes: answer, body: JSON.parse(answer.toString()) };
  };

  beforeAll(async () => {
    desk = await openContractDesk();
    const { shared, installA } = await registerPurchases(desk);
    purchaseOfA = shared; // merchant A's and B's
    formA = installA[0];
  });
  afterAll(async () => desk?.sys.stop());

  it('aPhotoUploadedTwiceWithOneIdempotencyKey_isKeptOnce_andServedBackAsSent', async () => {
    const key = randomUUID();
    const first = await upload(formA.serial, PNG, 'image/png', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      contentType: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    const again = await upload(formA.serial, PNG, 'image/png', { 'idempotency-key': key });
    expect(again.body.originalId).toBe(first.body.originalId);
    expect((await desk.clerk.get(`/forms/${formA.serial}/originals`)).body.items).toHaveLength(1);
    const file = await desk.merchantA.get(`/forms/${formA.serial}/originals/${first.body.originalId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.bytes.equals(PNG)).toBe(true);
    const trail = (await desk.merchantA.get(`/forms/${formA.serial}`)).body.timeline.map((e: any) => e.type);
    expect(trail).toContain('FormOriginalAttached');
  });

  it('aProgramCalledJpeg_isRefused415_aFileOverTheLimit413_andAnotherMerchantGets404', async () => {
    expectProblem(await upload(formA.serial, Buffer.from('MZ\x90\x00 a program'), 'image/jpeg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // over ORIGINAL_MAX_BYTES (5 MB) but within what the entry point reads
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    expectProblem(await upload(formA.serial, big, 'image/png'), 413, 'TOO_LARGE');
    expectProblem(await desk.merchantB.get(`/forms/${formA.serial}/originals`), 404, 'FORM_NOT_FOUND');
    // the JSON routes keep their 100 KB limit
    expectProblem(
      await desk.clerk.post('/opinions', { channel: 'visit', category: 'other', text: 'x'.repeat(120 * 1024) }),
      413,
      'TOO_LARGE',
    );
  });

  it('printingAPurchaseWhole_recordsFormPrintedOnEachOfItsForms_withWhoPrinted', async () => {
    const r = await desk.clerk.get(`/purchases/${purchaseOfA.purchaseId}/print.pdf`);
    expect(r.status).toBe(200);
    expect(purchaseOfA.forms.length).toBeGreaterThan(1);
    for (const f of purchaseOfA.forms) {
      const printed = (await desk.admin.get(`/forms/${f.serial}`)).body.timeline.filter((e: any) => e.type === 'FormPrinted');
      expect(printed.length).toBeGreaterThanOrEqual(1);
      expect(printed[printed.length - 1].actor.role).toBe('clerk');
    }
  });
});
