import { addDays, localDate } from '@fd/kernel';
import { bootTestService } from '@fd/platform/testing';
import { scoringService } from './scoring.service-def';
import { api, deliver, Service, tokens, upstream } from './scoring.test-kit';

/** The administration's review queue: every open case, oldest first, page by page, with how many there are. */
describe('the review queue (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  const admin = () => api(svc, tokens.admin);
  const planned = addDays(localDate(new Date(), 'Asia/Shanghai'), -10);
  /** Opened cases, oldest first: five of m-queue (one then decided) and one of m-else. */
  const opened: string[] = [];
  const ids = (items: Array<{ id: string }>) => items.map((c) => c.id);

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
    const hour = 3600_000;
    for (let i = 0; i < 5; i++) {
      const u = upstream('m-queue', planned);
      await deliver(svc, [u.issued(`Q-${i}`), u.overdue(`Q-${i}`, { now: new Date(Date.now() - (10 - i) * hour) })]);
      const { items } = (await admin().get('/penalty-cases?merchantId=m-queue&limit=1')).body;
      opened.push(items[0].id);
    }
    const other = upstream('m-else', planned);
    await deliver(svc, [other.issued('E-1'), other.overdue('E-1', { now: new Date(Date.now() - 20 * hour) })]);
    await api(svc, tokens.merchant('m-queue')).post(`/penalty-cases/${opened[1]}/waiver`, {}); // so it may be decided at once
    const decided = await admin().post(`/penalty-cases/${opened[1]}/decision`, { decision: 'dismiss', reason: 'the form was found' });
    expect(decided.status).toBe(201);
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('lists the open cases oldest first, page after page to the last, and counts them all', async () => {
    const seen: string[] = [];
    const totals: number[] = [];
    let cursor: string | undefined;
    do {
      const r = await admin().get(`/penalty-cases?status=open&merchantId=m-queue&order=oldest&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...ids(r.body.items));
      totals.push(r.body.total);
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([opened[0], opened[2], opened[3], opened[4]]);
    expect(totals).toEqual([4, 4]); // the total is the whole list's, on every page

    const all = (await admin().get('/penalty-cases?status=open&order=oldest')).body;
    expect(all.total).toBe(5);
    expect(ids(all.items)[0]).not.toBe(opened[0]); // m-else's case waited longest
    expect(ids(all.items).slice(1)).toEqual([opened[0], opened[2], opened[3], opened[4]]);
  });

  it('stays newest first by default, and counts what each filter and scope holds', async () => {
    const newest = (await admin().get('/penalty-cases?merchantId=m-queue')).body;
    expect(ids(newest.items)).toEqual([...opened].reverse());
    expect(newest.total).toBe(5);
    expect((await admin().get('/penalty-cases?status=decided')).body.total).toBe(1);
    const own = (await api(svc, tokens.merchant('m-else')).get('/penalty-cases?order=oldest')).body;
    expect(own.total).toBe(1);
    expect(own.items).toHaveLength(1);
  });

  it('refuses an order it does not know, naming the field', async () => {
    const r = await admin().get('/penalty-cases?order=random');
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'order' })]);
  });
});
