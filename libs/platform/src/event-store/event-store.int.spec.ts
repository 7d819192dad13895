import { DataSource } from 'typeorm';
import { CommandMetadata, EventStore, StreamVersionConflict } from './event-store';
import { dropSchema, openTestDataSource, probe } from '../testing';

const meta = (): CommandMetadata => ({
  now: new Date('2026-10-05T02:00:00Z'),
  actor: { id: 'u1', role: 'clerk' },
  correlationId: 'corr-1',
  causationId: null,
});

describe('EventStore on the real PostgreSQL', () => {
  let ds: DataSource;
  let schema: string;
  let store: EventStore;

  beforeAll(async () => {
    ({ ds, schema } = await openTestDataSource('es'));
    store = new EventStore(schema);
  });
  afterAll(async () => {
    await ds.destroy();
    await dropSchema(schema);
  });

  it('append_thenReadStream_returnsTheEventsInOrderWithTheirMetadata', async () => {
    await ds.transaction((m) =>
      store.append(
        m,
        'form-1',
        'form',
        0,
        [
          { type: 'FormIssued', data: { n: 1 } },
          { type: 'FormFiled', data: { n: 2 } },
        ],
        meta(),
      ),
    );
    await ds.transaction((m) => store.append(m, 'form-1', 'form', 2, [{ type: 'FormVoided', data: { n: 3 } }], meta()));
    const events = await store.readStream(ds.manager, 'form-1');
    expect(events.map((e) => [e.streamPosition, e.type, e.data])).toEqual([
      [1, 'FormIssued', { n: 1 }],
      [2, 'FormFiled', { n: 2 }],
      [3, 'FormVoided', { n: 3 }],
    ]);
    expect(events[0].metadata).toMatchObject({
      correlationId: 'corr-1',
      causationId: null,
      actor: { id: 'u1', role: 'clerk' },
      occurredAt: '2026-10-05T02:00:00.000Z',
    });
    expect(new Set(events.map((e) => e.metadata.eventId)).size).toBe(3);
  });

  it('append_withAStaleExpectedVersion_isRefusedAndWritesNothing', async () => {
    await ds.transaction((m) => store.append(m, 'form-2', 'form', 0, [{ type: 'FormIssued', data: {} }], meta()));
    await expect(
      ds.transaction((m) => store.append(m, 'form-2', 'form', 0, [{ type: 'FormIssued', data: {} }], meta())),
    ).rejects.toBeInstanceOf(StreamVersionConflict);
    await expect(
      ds.transaction((m) => store.append(m, 'form-2', 'form', 5, [{ type: 'FormFiled', data: {} }], meta())),
    ).rejects.toMatchObject({ status: 409, code: 'STALE_VERSION' });
    expect(await store.readStream(ds.manager, 'form-2')).toHaveLength(1);
  });

  it('concurrentAppends_atTheSameVersion_exactlyOneWins', async () => {
    await ds.transaction((m) => store.append(m, 'form-3', 'form', 0, [{ type: 'FormIssued', data: {} }], meta()));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        ds.transaction((m) => store.append(m, 'form-3', 'form', 1, [{ type: 'FormFiled', data: { by: i } }], meta())),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.reason).toBeInstanceOf(StreamVersionConflict);
    expect(await store.readStream(ds.manager, 'form-3')).toHaveLength(2);
  });

  it('readAll_neverSkipsATransactionThatCommitsLate', async () => {
    const from = (await store.readAll(ds.manager, 0, 100000)).at(-1)?.globalPosition ?? 0;
    const slow = ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    // the slow writer takes the lower global position but commits last
    await store.append(slow.manager, 'late-1', 'form', 0, [{ type: 'FormIssued', data: { late: true } }], meta());
    await ds.transaction((m) => store.append(m, 'early-1', 'form', 0, [{ type: 'FormIssued', data: { late: false } }], meta()));

    const whileOpen = await store.readAll(ds.manager, from);
    expect(whileOpen).toEqual([]); // the early one is held back: reading it now would let a reader skip the late one

    await slow.commitTransaction();
    await slow.release();
    // other suites' transactions in flight on the same server may hold the horizon back a moment
    const after = await probe(
      () => store.readAll(ds.manager, from),
      (events) => events.length >= 2,
      { what: 'both events once every older transaction has ended' },
    );
    expect(after.map((e) => e.streamId)).toEqual(['late-1', 'early-1']);
  });

  it('aStoreOfContractEvents_writesTheCurrentVersion_andReadsAnOlderOneAsTheCurrent', async () => {
    const facts = new EventStore(schema, { contractStreams: ['form'] });
    const v1 = {
      serial: 'S-v',
      merchantId: 'm1',
      plannedDate: '2026-10-05',
      rating: 'satisfied',
      staffId: 's1',
      staffCertified: false,
      servicedOn: '2026-10-05',
      filedAt: '2026-10-06T02:00:00.000Z',
      late: false,
    };
    // recorded before FormFiled v2, when the store knew no versions (schema_version 1), and after
    await ds.transaction((m) => store.append(m, 'fact-old', 'form', 0, [{ type: 'FormFiled', data: v1 }], meta()));
    const written = await ds.transaction((m) =>
      facts.append(m, 'fact-new', 'form', 0, [{ type: 'FormFiled', data: { ...v1, uncertifiedReason: 'staff_unknown' } }], meta()),
    );
    expect(written.map((e) => e.schemaVersion)).toEqual([2]);

    const [old] = await facts.readStream(ds.manager, 'fact-old');
    expect(old).toMatchObject({ schemaVersion: 2, data: { ...v1, uncertifiedReason: 'not_recorded' } });
    const [fresh] = await facts.readStream(ds.manager, 'fact-new');
    expect(fresh).toMatchObject({ schemaVersion: 2, data: { uncertifiedReason: 'staff_unknown' } });
    const all = await facts.readAll(ds.manager, 0, 100000, { writersHeld: true });
    expect(all.find((e) => e.streamId === 'fact-old')?.data).toEqual(old.data);
    // a store whose streams hold its own events reads them as they were written
    expect((await store.readStream(ds.manager, 'fact-old'))[0]).toMatchObject({ schemaVersion: 1, data: v1 });
  });
});
