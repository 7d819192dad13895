// The operators' command for a service's parked outbox messages (docs/operations.md, "Parked outbox
// messages"): rows the broker refused OUTBOX_MAX_ATTEMPTS times, which the relay no longer tries and
// behind which the later messages of their key wait. Run it as the service, with its DATABASE_URL
// and DB_SCHEMA, once the cause is fixed:
//   node dist/libs/platform/src/messaging/outbox-cli.js parked
//   node dist/libs/platform/src/messaging/outbox-cli.js release <id>... | all
// A released row gets OUTBOX_MAX_ATTEMPTS attempts again; the relays are woken at once.
import { createServiceDataSource } from '../db/data-source';
import { notifyChannel } from '../db/pg-listener';
import { ConfigurationError, loadConfig } from '../config/config';
import { databaseConfig } from '../config/platform.config';

const USAGE = `usage: outbox-cli.js parked
       outbox-cli.js release <id>... | all
(DATABASE_URL and DB_SCHEMA as for the service)
`;

async function main() {
  const [command, ...ids] = process.argv.slice(2);
  let config;
  try {
    config = loadConfig(databaseConfig);
  } catch (e) {
    if (!(e instanceof ConfigurationError)) throw e;
    process.stderr.write(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
  const schema = config.DB_SCHEMA;
  const ok = command === 'parked' ? ids.length === 0 : command === 'release' && ids.length > 0;
  if (!ok || !schema || !ids.every((id) => id === 'all' || /^\d+$/.test(id))) {
    process.stderr.write(schema ? USAGE : `DB_SCHEMA must name the service's schema\n${USAGE}`);
    process.exit(2);
  }
  const ds = createServiceDataSource({ schema, poolSize: 1, url: config.DATABASE_URL });
  await ds.initialize();
  try {
    if (command === 'parked') {
      const rows = await ds.query(
        `SELECT p.id, p.topic, p.key, p.value->>'type' AS type, p.attempts, p.parked_at, p.last_error,
                (SELECT count(*)::int FROM "${schema}".outbox o
                 WHERE o.lane = p.lane AND o.key = p.key AND o.sent_at IS NULL AND o.id > p.id) AS held_back
         FROM "${schema}".outbox p WHERE p.sent_at IS NULL AND p.parked_at IS NOT NULL ORDER BY p.id`,
      );
      for (const r of rows)
        process.stdout.write(
          `${r.id} ${r.topic} key ${r.key} ${r.type}: parked ${new Date(r.parked_at).toISOString()} after ${r.attempts} attempts, ` +
            `${r.held_back} later message(s) of its key waiting; ${r.last_error}\n`,
        );
      process.stdout.write(`${rows.length} parked\n`);
      return;
    }
    const all = ids.includes('all');
    const released: Array<{ id: string; topic: string; key: string }> = await ds.transaction(async (m) => {
      const rows = await m.query(
        `UPDATE "${schema}".outbox SET parked_at = NULL, retry_at = NULL, attempts = 0
         WHERE sent_at IS NULL AND parked_at IS NOT NULL AND ($1 OR id = ANY($2::bigint[]))
         RETURNING id, topic, key`,
        [all, all ? [] : ids],
      );
      await m.query('SELECT pg_notify($1, $2)', [notifyChannel(schema, 'outbox'), '']);
      return rows[0];
    });
    for (const r of released) process.stdout.write(`released ${r.id} ${r.topic} key ${r.key}\n`);
    process.stdout.write(`${released.length} released\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.message ?? e}\n`);
  process.exit(1);
});
