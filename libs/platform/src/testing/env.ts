import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MixedList } from 'typeorm';
import { createKafka, ensureTopics } from '../messaging/kafka';
import { openServiceDataSource } from '../db/data-source';

/** Test database: the test run's own (see tools/jest/global-setup.js). */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_desk_test';
}

/** The URL of another database of the test server: a suite's own database, or `postgres` to make and drop one. */
export function testDatabaseUrlOf(database: string): string {
  const u = new URL(testDatabaseUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

/** A name no other suite or rerun uses, for schemas, topics and consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Opens a DataSource on a fresh schema of its own, migrated; drop it with `dropSchema`. */
export async function openTestDataSource(prefix: string, migrations?: MixedList<Function>) {
  const schema = uniqueName(`t_${prefix}`);
  const ds = await openServiceDataSource({ schema, migrations, url: testDatabaseUrl(), poolSize: 5 });
  return { ds, schema };
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new Client({ connectionString: testDatabaseUrl() });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

/** A Kafka client and freshly created topics (with their dead-letter twins) for one suite. */
export async function testKafka(prefix: string, topicNames: string[]) {
  const kafka = createKafka(uniqueName(prefix));
  const topics = Object.fromEntries(topicNames.map((t) => [t, uniqueName(`${prefix}.${t}`)]));
  await ensureTopics(kafka, [...Object.values(topics), ...Object.values(topics).map((t) => `${t}.dlq`)]);
  return { kafka, topics };
}
