import { z } from 'zod';
import { ConfigurationError, loadConfig, setting } from './config';
import { platformConfig, serviceConfig } from './platform.config';

const KEY = 'k'.repeat(32);
/** What a service is started with at least: its token secret. */
const started = (env: Record<string, string>) => loadConfig(platformConfig, { JWT_SECRET: KEY, ...env });
const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigurationError) return e.problems;
    throw e;
  }
  throw new Error('the configuration was taken');
};

describe('a number from the environment', () => {
  const schema = z.object({
    N: setting.number(5),
    AT_LEAST_ONE: setting.number(5, { min: 1 }),
    WHOLE: setting.number(5, { integer: true }),
  });

  it('unsetOrEmpty_isTheDefault_andANumberIsTaken', () => {
    expect(loadConfig(schema, {}).N).toBe(5);
    expect(loadConfig(schema, { N: ' ' }).N).toBe(5);
    expect(loadConfig(schema, { N: '250' }).N).toBe(250);
  });

  it('aTypoOrAValueOutOfRange_stopsTheServiceWithTheVariablesName', () => {
    expect(problemsOf(() => loadConfig(schema, { N: '10s' }))).toEqual(['N must be a number of at least 0 (is "10s")']);
    expect(problemsOf(() => loadConfig(schema, { AT_LEAST_ONE: '0' }))).toEqual(['AT_LEAST_ONE must be a number of at least 1 (is "0")']);
    expect(problemsOf(() => loadConfig(schema, { WHOLE: '2.5' }))).toEqual(['WHOLE must be an integer of at least 0 (is "2.5")']);
  });
});

describe('a key from the environment', () => {
  const schema = z.object({ FD_TEST_KEY: setting.secret() });

  it('aMissingKey_stopsTheService_thereIsNoDefault', () => {
    for (const env of [{}, { FD_TEST_KEY: '' }])
      expect(problemsOf(() => loadConfig(schema, env))).toEqual([expect.stringMatching(/^FD_TEST_KEY must be set/)]);
  });

  it('aKeyShorterThan32Bytes_stopsTheService', () => {
    expect(problemsOf(() => loadConfig(schema, { FD_TEST_KEY: 'x'.repeat(31) }))).toEqual([
      expect.stringMatching(/^FD_TEST_KEY is too short/),
    ]);
    expect(loadConfig(schema, { FD_TEST_KEY: 'x'.repeat(32) }).FD_TEST_KEY).toBe('x'.repeat(32));
  });

  it('aValueOncePublishedInTheRepository_isRefused', () => {
    // these three were the development defaults: anyone who read the code could sign an admin token with them
    for (const old of [
      'feedback-desk-development-secret',
      'feedback-desk-development-form-code-key',
      'feedback-desk-development-sample-key',
    ])
      expect(problemsOf(() => loadConfig(schema, { FD_TEST_KEY: old }))).toEqual([
        expect.stringMatching(/^FD_TEST_KEY (is too short|is a value published in the repository)/),
      ]);
    expect(problemsOf(() => loadConfig(schema, { FD_TEST_KEY: 'feedback-desk-development-form-code-key' }))).toEqual([
      expect.stringMatching(/published in the repository/), // long enough, but public
    ]);
  });
});

describe("a service's configuration", () => {
  it('unset_takesTheDefaultsOfDocsOperations', () => {
    expect(started({})).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/feedback_desk',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      HOST: '127.0.0.1',
      TEST_CLOCK: false,
      OUTBOX_MAX_ATTEMPTS: 20,
      KAFKA_SESSION_TIMEOUT_MS: 10000,
      INBOX_RETENTION_DAYS: 14,
      LOG_LEVEL: 'info',
    });
    expect(started({}).PORT).toBeUndefined(); // the service's own port
  });

  it('namesEveryMissingOrWrongVariable_inOneError', () => {
    const formsLike = serviceConfig({
      FORM_CODE_KEY: setting.secret(),
      FILING_MAX_WRONG_CODES: setting.number(5, { min: 1, integer: true }),
    });
    const env = {
      PORT: '80a',
      KAFKA_SASL_USERNAME: 'forms',
      TEST_CLOCK: 'yes',
      FILING_MAX_WRONG_CODES: '0',
      DATABASE_URL: 'localhost:5432',
    };
    const error = (() => {
      try {
        loadConfig(formsLike, env);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.message).toMatch(/^The configuration is not valid; nothing was started:\n {2}- /);
    expect((error as ConfigurationError).problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'DATABASE_URL',
      'FILING_MAX_WRONG_CODES',
      'FORM_CODE_KEY',
      'JWT_SECRET',
      'KAFKA_SASL_MECHANISM',
      'PORT',
      'TEST_CLOCK',
    ]);
  });

  it('theTestClock_isRefusedInProduction_andAllowedOutside', () => {
    expect(problemsOf(() => started({ TEST_CLOCK: '1', NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/^TEST_CLOCK=1 is refused with NODE_ENV=production/),
    ]);
    expect(started({ TEST_CLOCK: '1', NODE_ENV: 'development' }).TEST_CLOCK).toBe(true);
    expect(started({ TEST_CLOCK: '0', NODE_ENV: 'production' }).TEST_CLOCK).toBe(false);
  });

  it('listsAndInstants_areParsed', () => {
    const c = started({ KAFKA_BROKERS: 'a:9092, b:9092,', TEST_CLOCK_START: '2026-10-01T09:00:00+08:00' });
    expect(c.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(c.TEST_CLOCK_START).toEqual(new Date('2026-10-01T01:00:00Z'));
    expect(problemsOf(() => started({ TEST_CLOCK_START: 'last week' }))).toEqual([
      expect.stringMatching(/^TEST_CLOCK_START must be a date/),
    ]);
  });

  describe('the Kafka credentials', () => {
    it('allThree_orNone_whateverTheCaseOfTheMechanism', () => {
      expect(started({}).KAFKA_SASL_MECHANISM).toBeUndefined();
      expect(started({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'forms', KAFKA_SASL_PASSWORD: 'p4ss' })).toMatchObject({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'forms',
        KAFKA_SASL_PASSWORD: 'p4ss',
      });
    });

    it('halfOfThem_orAMechanismThatSendsThePassword_stopsTheService', () => {
      expect(problemsOf(() => started({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'forms' }))).toEqual([
        'KAFKA_SASL_PASSWORD must be set with KAFKA_SASL_MECHANISM',
      ]);
      expect(problemsOf(() => started({ KAFKA_SASL_USERNAME: 'forms', KAFKA_SASL_PASSWORD: 'p4ss' }))).toEqual([
        expect.stringMatching(/^KAFKA_SASL_MECHANISM must be set: .* need KAFKA_SASL_MECHANISM/),
      ]);
      expect(
        problemsOf(() => started({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'forms', KAFKA_SASL_PASSWORD: 'p4ss' })),
      ).toEqual(['KAFKA_SASL_MECHANISM must be one of scram-sha-256, scram-sha-512 (is "plain")']);
    });
  });
});
