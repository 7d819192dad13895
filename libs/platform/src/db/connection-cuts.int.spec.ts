import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { openServiceDataSource } from './data-source';
import { inMall } from '../tenancy/mall';
import { testDatabaseUrlOf, uniqueName } from '../testing';

/**
 * Every connection of the database cut, again and again, while a service's connections are busy
 * and change mall all the time (the fault drill's "database connections cut", docs/benchmarks.md):
 * the queries caught in a cut fail, the next ones succeed, and the process lives on. A client's
 * 'error' that nobody hears ends a Node process; before every client was heard, this ended it
 * within a few cuts (a client handed out in the same chunk of the socket as its end, or cut while
 * being set to its mall).
 */
describe('a service whose database connections are cut (real PostgreSQL)', () => {
  const database = uniqueName('fd_cuts');
  const url = testDatabaseUrlOf(database);
  const admin = new Client({ connectionString: testDatabaseUrlOf('postgres') });
  let ds: DataSource;

  beforeAll(async () => {
    await admin.connect();
    ds = await openServiceDataSource({ schema: 'cuts', url, poolSize: 8 });
  });
  afterAll(async () => {
    await ds?.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it('thirtyCutsWhileEightWorkersQueryInTwoMalls_failOnlyTheQueriesCaught_andTheServiceAnswersAfter', async () => {
    let running = true;
    let n = 0;
    let ok = 0;
    let failed = 0;
    const workers = Array.from({ length: 8 }, async () => {
      while (running) {
        try {
          await inMall(n++ % 2 ? 'main' : 'east', () => ds.query('SELECT 1'));
          ok++;
        } catch {
          failed++;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    });
    let cut = 0;
    for (let k = 0; k < 30; k++) {
      await new Promise((r) => setTimeout(r, 100));
      const r = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
      cut += r.rowCount ?? 0;
    }
    running = false;
    await Promise.all(workers);
    expect(cut).toBeGreaterThan(30); // the connections were there to be cut, again and again
    expect(failed).toBeGreaterThan(0); // and queries were caught in the cuts
    // the process is alive, and the service answers in both malls
    expect(await inMall('east', () => ds.query(`SELECT current_setting('fd.mall') AS mall`))).toEqual([{ mall: 'east' }]);
    expect(await inMall('main', () => ds.query(`SELECT current_setting('fd.mall') AS mall`))).toEqual([{ mall: 'main' }]);
    expect(ok).toBeGreaterThan(0);
  });
});
