import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The pinned broker (tools/kafka/pom.xml) must speak every protocol call our kafkajs makes:
// admin, idempotent producer, consumer groups, offsets (see docs/kafka.md).
it('kafkajs_worksAgainstThePinnedBroker', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'compat-check.mjs')], {
    env: { ...process.env, KAFKA_BOOTSTRAP: process.env.KAFKA_BROKERS },
    timeout: 90000,
  });
  expect(stdout).toMatch(/compat-check: \d+ passed, 0 failed/);
  expect(stdout).not.toMatch(/FAIL/);
});
