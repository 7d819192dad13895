import { bootService, RunningService, ServiceDefinition } from '../service/boot';
import { testDatabaseUrl, uniqueName, dropSchema } from './env';

/**
 * Boots a real service for an integration test: its own schema, its own topic prefix
 * (so it sees only this suite's events), a free port; the real PostgreSQL and Kafka.
 */
export async function bootTestService(
  def: ServiceDefinition,
  topicPrefix = `${uniqueName('t')}.`,
): Promise<RunningService & { topicPrefix: string; schema: string }> {
  const schema = uniqueName(`t_${def.schema}`);
  const svc = await bootService(def, { port: 0, schema, databaseUrl: testDatabaseUrl(), topicPrefix });
  return {
    ...svc,
    topicPrefix,
    schema,
    async stop() {
      await svc.stop();
      await dropSchema(schema);
    },
  };
}
