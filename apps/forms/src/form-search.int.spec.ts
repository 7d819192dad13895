import { randomUUID } from 'node:crypto';
import { PurchaseRegistered } from '@fd/contracts';
import { addDays, localDate } from '@fd/kernel';
import { bootTestService, httpClient, probe, publishEvent, testToken } from '@fd/platform/testing';
import { formsService } from './forms.service-def';

type Form = { serial: string; cardNo: string; merchantId: string };

describe('searching and paging the forms (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  const clerk = testToken({ sub: 'clerk-1', username: 'clerk', role: 'clerk' });
  const merchantOf = (merchantId: string) => testToken({ sub: `user-${merchantId}`, username: merchantId, role: 'merchant', merchantId });
  const api = (token = clerk) => httpClient(`${svc.url}/api/v1`, token);
  const list = async (query: string, token = clerk): Promise<{ items: Form[]; nextCursor?: string }> => {
    const r = await api(token).get(`/forms?${query}`);
    if (r.status !== 200) throw new Error(`GET /forms?${query} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const serials = (forms: Form[]) => forms.map((f) => f.serial);
  let purchaseId: string;
  let forms: Form[];
  const floors = `m-floors-${randomUUID().slice(0, 8)}`;
  const doors = `m-doors-${randomUUID().slice(0, 8)}`;
  const cardA = `SC9${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const cardB = `SC8${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

  beforeAll(async () => {
    svc = await bootTestService(formsService);
    const soon = addDays(localDate(new Date()), 3);
    purchaseId = `p-${randomUUID()}`;
    await publishEvent(svc.runtime.kafka, svc.topicPrefix, PurchaseRegistered, {
      purchaseId,
      registeredAt: new Date().toISOString(),
      cards: [
        { cardNo: cardA, merchantId: floors, services: [{ type: 'install', plannedDate: soon, visits: 4 }] },
        { cardNo: cardB, merchantId: doors, services: [{ type: 'measure', plannedDate: soon, visits: 1 }] },
      ],
    });
    forms = (
      await probe(
        () => list(`purchaseId=${purchaseId}&limit=200`),
        (r) => r.items.length >= 5,
        { what: 'the five forms', timeoutMs: 30000 },
      )
    ).items;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('finds forms by the start of a serial or of a card number, in any case', async () => {
    const [first] = forms;
    expect(serials((await list(`q=${first.serial.toLowerCase()}`)).items)).toEqual([first.serial]);
    expect(serials((await list(`q=${first.serial.slice(0, -1)}`)).items)).toContain(first.serial);
    const ofA = forms.filter((f) => f.cardNo === cardA).map((f) => f.serial);
    expect(ofA).toHaveLength(4);
    expect(serials((await list(`q=${cardA}`)).items)).toEqual(ofA);
    expect(serials((await list(`q=${cardA.slice(0, 6).toLowerCase()}`)).items)).toEqual(expect.arrayContaining(ofA));
    expect((await list('q=FD%25')).items).toEqual([]); // a typed % is a letter
    expect((await list('q=nothing-like-it')).items).toEqual([]);
    const refused = await api().get(`/forms?q=${'F'.repeat(101)}`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
  });

  it('a search pages in serial order to its last match', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(`q=${cardA}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...serials(page.items));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(forms.filter((f) => f.cardNo === cardA).map((f) => f.serial));
  });

  it('a merchant finds only its own forms, whatever it types', async () => {
    const doorsForm = forms.find((f) => f.merchantId === doors)!;
    expect(serials((await list(`q=${doorsForm.serial}`, merchantOf(doors))).items)).toEqual([doorsForm.serial]);
    expect((await list(`q=${doorsForm.serial}`, merchantOf(floors))).items).toEqual([]);
    expect((await list(`q=${cardB}`, merchantOf(floors))).items).toEqual([]);
    expect((await list(`q=${cardA}`, merchantOf(floors))).items).toHaveLength(4);
  });
});
