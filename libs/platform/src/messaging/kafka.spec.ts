import { loadConfig } from '../config/config';
import { kafkaConfig } from '../config/platform.config';
import { kafkaConnection } from './kafka';

// The credentials of a service on the secured broker (docs/kafka.md, "Secured mode"); what the
// configuration refuses is in config.spec.ts, the broker's answers in tools/kafka/sasl.int.spec.ts.
describe('the Kafka connection from the configuration', () => {
  it('noCredentials_connectsWithoutAuthentication_asToTheLocalBroker', () => {
    expect(kafkaConnection(loadConfig(kafkaConfig, {}))).toEqual({ brokers: ['127.0.0.1:9092'] });
  });

  it('allThree_areTheScramCredentials_whateverTheCaseOfTheMechanism', () => {
    const env = {
      KAFKA_BROKERS: 'k1:9094,k2:9094',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'forms',
      KAFKA_SASL_PASSWORD: 'p4ss',
    };
    expect(kafkaConnection(loadConfig(kafkaConfig, env))).toEqual({
      brokers: ['k1:9094', 'k2:9094'],
      sasl: { mechanism: 'scram-sha-512', username: 'forms', password: 'p4ss' },
    });
  });
});
