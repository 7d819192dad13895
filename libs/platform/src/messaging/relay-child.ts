// A relay in a process of its own, so a test can SIGKILL it mid-batch (see relay.int.spec.ts).
import { createServiceDataSource } from '../db/data-source';
import { createKafka } from './kafka';
import { OutboxRelay } from './relay';

async function main() {
  const [schema, prefix, url] = process.argv.slice(2);
  const ds = createServiceDataSource({ schema, url });
  await ds.initialize();
  const relay = new OutboxRelay({ ds, schema, kafka: createKafka('relay-child'), topicPrefix: prefix, batchSize: 25 });
  await relay.start();
  process.stdout.write('relay started\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
