import { kafkaSasl } from './kafka';

// The credentials of a service on the secured broker (docs/kafka.md, "Secured mode"); the
// broker's answers to them are proven in tools/kafka/sasl.int.spec.ts.
describe('the Kafka credentials from the environment', () => {
  it('noneSet_connectsWithoutAuthentication_asToTheLocalBroker', () => {
    expect(kafkaSasl({})).toBeUndefined();
  });

  it('allThree_areTheScramCredentials_whateverTheCaseOfTheMechanism', () => {
    expect(kafkaSasl({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'forms', KAFKA_SASL_PASSWORD: 'p4ss' })).toEqual({
      mechanism: 'scram-sha-512',
      username: 'forms',
      password: 'p4ss',
    });
  });

  it('halfOfThem_orAMechanismThatSendsThePassword_stopsTheService', () => {
    expect(() => kafkaSasl({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'forms' })).toThrow(/KAFKA_SASL_PASSWORD/);
    expect(() => kafkaSasl({ KAFKA_SASL_USERNAME: 'forms', KAFKA_SASL_PASSWORD: 'p4ss' })).toThrow(/need KAFKA_SASL_MECHANISM/);
    expect(() => kafkaSasl({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'forms', KAFKA_SASL_PASSWORD: 'p4ss' })).toThrow(
      /must be one of/,
    );
  });
});
