import { DataSource } from 'typeorm';
import { dropSchema, openTestDataSource } from '@fd/platform/testing';
import { Users1764230500000 } from '../migrations/1764230500000-users';
import { IdempotencyKeys } from './idempotency';

describe('Idempotency-Key claims on the real PostgreSQL', () => {
  let ds: DataSource;
  let schema: string;
  let keys: IdempotencyKeys;
  beforeAll(async () => {
    ({ ds, schema } = await openTestDataSource('idem', [Users1764230500000]));
    keys = new IdempotencyKeys(ds, schema);
  });
  afterAll(async () => {
    await ds.destroy();
    await dropSchema(schema);
  });

  it('aRepeatWhileTheFirstIsRunning_is409RequestInProgress', async () => {
    expect(await keys.claim('u:running', 'h')).toEqual({ kind: 'new' });
    await expect(keys.claim('u:running', 'h')).rejects.toMatchObject({ status: 409, code: 'REQUEST_IN_PROGRESS' });
  });

  it('aClaimLeftByAnEntryPointKilledMidRequest_isTakenOverByTheRetry_onceItIsOlderThanAnyRequest', async () => {
    expect(await keys.claim('u:orphan', 'h')).toEqual({ kind: 'new' });
    // the entry point died: nobody completes or releases the claim; two minutes pass
    await ds.query(`UPDATE "${schema}".idempotency_keys SET created_at = now() - interval '2 minutes' WHERE key = 'u:orphan'`);
    expect(await keys.claim('u:orphan', 'h')).toEqual({ kind: 'new' });
    await expect(keys.claim('u:orphan', 'h')).rejects.toMatchObject({ code: 'REQUEST_IN_PROGRESS' }); // the retry holds it now
    await keys.complete('u:orphan', { status: 201, contentType: 'application/json', body: '{}' });
    expect(await keys.claim('u:orphan', 'h')).toMatchObject({ kind: 'replay', answer: { status: 201 } });
  });

  it('workThatIsDone_isAnsweredAsDone_evenWhenItsAnswerCannotBeKept', async () => {
    const t = `"${schema}".idempotency_keys`;
    const answer = await keys.run('u:blip', 'h', async () => {
      // the database blips between the work and keeping its answer
      await ds.query(`ALTER TABLE ${t} RENAME TO idempotency_keys_away`);
      return { status: 200, contentType: 'application/json', body: '{"filed":true}' };
    });
    await ds.query(`ALTER TABLE "${schema}".idempotency_keys_away RENAME TO idempotency_keys`);
    expect(answer).toMatchObject({ status: 200, body: '{"filed":true}' });
  });
});
