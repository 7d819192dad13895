import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { PayloadOf, PurchaseRegistered } from '@fd/contracts';
import { addDays, localDate } from '@fd/kernel';
import { bootTestService, httpClient, probe, publishEvent, testToken } from '@fd/platform/testing';
import { formsService } from './forms.service-def';

type Timeline = Array<{ type: string; actor: { id: string; role: string }; data: Record<string, unknown> }>;

/** A 1×1 PNG, the start of a JPEG and of a PDF, and a Windows program. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0 a photo of a signed form')]);
const PDF = Buffer.from('%PDF-1.4\n% a scanned form\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const LIMIT = 64 * 1024;

describe('signed originals and the form trail (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  const clerk = testToken({ sub: 'clerk-7', username: 'desk7', role: 'clerk' });
  const admin = testToken({ sub: 'admin-1', username: 'admin', role: 'admin' });
  const merchantOf = (merchantId: string) => testToken({ sub: `user-${merchantId}`, username: merchantId, role: 'merchant', merchantId });
  const api = (token = clerk) => httpClient(`${svc.url}/api/v1`, token);
  const upload = async (serial: string, bytes: Buffer, contentType: string, token = clerk) => {
    const r = await fetch(`${svc.url}/api/v1/forms/${serial}/originals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: bytes,
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const timeline = async (serial: string): Promise<Timeline> => (await api().get(`/forms/${serial}`)).body.timeline;

  const oneForm = async (merchantId: string): Promise<{ serial: string }> => {
    const purchaseId = `p-${randomUUID()}`;
    const payload: PayloadOf<typeof PurchaseRegistered> = {
      purchaseId,
      registeredAt: new Date().toISOString(),
      cards: [
        {
          cardNo: `C-${randomUUID()}`,
          merchantId,
          services: [{ type: 'install', plannedDate: addDays(localDate(new Date()), 2), visits: 1 }],
        },
      ],
    };
    await publishEvent(svc.runtime.kafka, svc.topicPrefix, PurchaseRegistered, payload);
    const items = await probe(
      async () => (await api().get(`/forms?purchaseId=${purchaseId}`)).body.items as Array<{ serial: string }>,
      (i) => i.length === 1,
      { what: `the form of ${purchaseId}`, timeoutMs: 30000 },
    );
    return items[0];
  };

  beforeAll(async () => {
    const was = process.env.ORIGINAL_MAX_BYTES;
    process.env.ORIGINAL_MAX_BYTES = String(LIMIT);
    try {
      svc = await bootTestService(formsService);
    } finally {
      if (was === undefined) delete process.env.ORIGINAL_MAX_BYTES;
      else process.env.ORIGINAL_MAX_BYTES = was;
    }
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('aJpegAPngAndAPdf_areKept_eachWithItsSha256_andServedBackWithTheTypeTheirContentShowed', async () => {
    const { serial } = await oneForm('m-o1');
    // the type sent says nothing: the PNG goes as octet-stream, the PDF as image/jpeg
    const sent = [
      [JPEG, 'image/jpeg', 'image/jpeg'],
      [PNG, 'application/octet-stream', 'image/png'],
      [PDF, 'image/jpeg', 'application/pdf'],
    ] as const;
    for (const [bytes, claimed, found] of sent) {
      const r = await upload(serial, bytes, claimed);
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        serial,
        contentType: found,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        attachedBy: 'desk7',
      });
      const file = await api().get(`/forms/${serial}/originals/${String(r.body.originalId)}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(found);
      expect(file.bytes.equals(bytes)).toBe(true);
    }
    const list = await api().get(`/forms/${serial}/originals`);
    expect(list.body.items.map((o: { contentType: string }) => o.contentType)).toEqual(['image/jpeg', 'image/png', 'application/pdf']);
    const attached = (await timeline(serial)).filter((e) => e.type === 'FormOriginalAttached');
    expect(attached).toHaveLength(3);
    expect(attached[0]).toMatchObject({ actor: { id: 'clerk-7', role: 'clerk' }, data: { username: 'desk7', contentType: 'image/jpeg' } });
  });

  it('aProgramRenamedJpg_andAFileOverTheLimit_areRefused_andNothingIsKept', async () => {
    const { serial } = await oneForm('m-o2');
    const exe = await upload(serial, EXE, 'image/jpeg');
    expect(exe.status).toBe(415);
    expect(exe.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const big = await upload(serial, Buffer.concat([PNG, Buffer.alloc(LIMIT)]), 'image/png');
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'TOO_LARGE' });
    expect((await api().get(`/forms/${serial}/originals`)).body.items).toEqual([]);
    expect((await timeline(serial)).map((e) => e.type)).toEqual(['FormIssued']);
    // a merchant may not attach; an unknown form has no originals
    expect((await upload(serial, PNG, 'image/png', merchantOf('m-o2'))).status).toBe(403);
    expect((await upload('F99999999', PNG, 'image/png')).status).toBe(404);
  });

  it('aVoid_keepsTheOriginals_andAVoidedFormMayTakeMore', async () => {
    const { serial } = await oneForm('m-o3');
    expect((await upload(serial, PNG, 'image/png')).status).toBe(201);
    expect((await api().post(`/forms/${serial}/void`, { reason: 'issued in error' })).status).toBe(200);
    expect((await upload(serial, JPEG, 'image/jpeg', admin)).status).toBe(201);
    const items = (await api().get(`/forms/${serial}/originals`)).body.items as Array<{ originalId: string; keepUntil: string }>;
    expect(items).toHaveLength(2);
    expect(items[0].keepUntil > addDays(localDate(new Date()), 365 * 4)).toBe(true);
    expect((await api().get(`/forms/${serial}/originals/${items[0].originalId}`)).bytes.equals(PNG)).toBe(true);
  });

  it('aMerchant_seesItsOwnFormsOriginals_andAnotherMerchantsAreUnknownToIt', async () => {
    const { serial } = await oneForm('m-o4');
    const r = await upload(serial, PNG, 'image/png');
    const own = api(merchantOf('m-o4'));
    expect((await own.get(`/forms/${serial}/originals`)).body.items).toHaveLength(1);
    const file = await own.get(`/forms/${serial}/originals/${String(r.body.originalId)}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    const other = api(merchantOf('m-o5'));
    expect((await other.get(`/forms/${serial}/originals`)).status).toBe(404);
    expect((await other.get(`/forms/${serial}/originals/${String(r.body.originalId)}`)).status).toBe(404);
    expect((await own.get(`/forms/${serial}/originals/${randomUUID()}`)).body).toMatchObject({ code: 'ORIGINAL_NOT_FOUND' });
  });

  it('printingAForm_recordsFormPrintedWithWhoPrintedIt_eachTime', async () => {
    const { serial } = await oneForm('m-o6');
    expect((await api().get(`/forms/${serial}/print.pdf`)).status).toBe(200);
    expect((await api(admin).get(`/forms/${serial}/print.pdf`)).status).toBe(200);
    const printed = (await timeline(serial)).filter((e) => e.type === 'FormPrinted');
    expect(printed.map((e) => [e.actor.id, e.data.username])).toEqual([
      ['clerk-7', 'desk7'],
      ['admin-1', 'admin'],
    ]);
  });
});
