// Finds the real PostgreSQL and Kafka for the integration and end-to-end tests:
// addresses from the environment if given, else testcontainers where a Docker engine
// answers, else the local PostgreSQL and the Kafka broker of tools/kafka (our machines).
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');
const { randomBytes } = require('node:crypto');

function dockerAnswers() {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(url) {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}

module.exports = async () => {
  process.env.LOG_LEVEL ??= 'error'; // services under test log only their errors
  // The keys have no default (a service without them does not start): each test run makes its own.
  for (const name of ['JWT_SECRET', 'FORM_CODE_KEY', 'CALLBACK_SAMPLE_KEY']) process.env[name] ??= randomBytes(32).toString('base64url');
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const useDocker = (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS) && !process.env.CI_NO_DOCKER && dockerAnswers();
  globalThis.__containers = [];
  if (!process.env.DATABASE_URL) {
    if (useDocker) {
      const { PostgreSqlContainer } = require('@testcontainers/postgresql');
      const pg = await new PostgreSqlContainer('postgres:15').start();
      globalThis.__containers.push(pg);
      process.env.DATABASE_URL = pg.getConnectionUri();
    } else {
      process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/feedback_desk_test';
    }
  }
  await ensureDatabase(process.env.DATABASE_URL);
  if (!process.env.KAFKA_BROKERS) {
    if (useDocker) {
      const { KafkaContainer } = require('@testcontainers/kafka');
      const kafka = await new KafkaContainer('apache/kafka:4.4.0').withKraft().start();
      globalThis.__containers.push(kafka);
      process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    } else {
      execFileSync('bash', [path.join(__dirname, '../kafka/kafka.sh'), 'start'], { stdio: 'inherit' });
      process.env.KAFKA_BROKERS = execFileSync('bash', [path.join(__dirname, '../kafka/kafka.sh'), 'bootstrap']).toString().trim();
    }
  }
};
