/**
 * Rebuilds the scoring projection from the first event of its log, beside a running service:
 *   node -r @swc-node/register apps/scoring/src/rebuild.ts
 * (DATABASE_URL and DB_SCHEMA as for the service; MALL=<id> for one mall, else every mall, one
 * after the other). Same work as POST /api/v1/admin/rebuild-scores, which rebuilds its caller's mall.
 */
import { acrossMalls, databaseConfig, EventStore, inMall, loadConfig, log, mallIdSchema, openServiceDataSource } from '@fd/platform';
import { rebuildProjection } from './projection/projection.tables';
import { scoringLog } from './projection/write-to-log';
import { scoringMigrations } from './migrations';

async function main(): Promise<void> {
  process.env.SERVICE_NAME ??= 'scoring-rebuild';
  const config = loadConfig(databaseConfig);
  const schema = config.DB_SCHEMA ?? 'scoring';
  const ds = await openServiceDataSource({ schema, migrations: scoringMigrations, poolSize: 2, url: config.DATABASE_URL });
  try {
    const malls: string[] = process.env.MALL
      ? [mallIdSchema.parse(process.env.MALL)]
      : (await acrossMalls(() => ds.query(`SELECT DISTINCT mall_id FROM "${schema}".events ORDER BY 1`))).map(
          (r: { mall_id: string }) => r.mall_id,
        );
    for (const mall of malls) {
      const report = await inMall(mall, () => ds.transaction((m) => rebuildProjection(m, new EventStore(schema, scoringLog), schema)));
      log.info('scores rebuilt', { schema, mall, ...report });
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  log.error('rebuild failed', { error: String(e?.stack ?? e) });
  process.exit(1);
});
