import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ALL_TOPICS, deadLetterTopic, TopicPublishers } from '@fd/contracts';
import { principalOf, serviceAcls, SERVICES } from './acls';

// What the secured broker lets each service do (the broker's answers: sasl.int.spec.ts).
const apps = readdirSync(path.resolve(__dirname, '../../apps')).filter((a) =>
  existsSync(path.resolve(__dirname, '../../apps', a, 'src/main.ts')),
);
const acls = serviceAcls(SERVICES, 'run_1.');
const writers = (topic: string) =>
  acls
    .filter((a) => a.resource === 'TOPIC' && a.name === `run_1.${topic}` && a.operation === 'WRITE')
    .map((a) => a.principal)
    .sort();

describe('the ACLs of the services', () => {
  it('giveEveryServiceOfTheRepositoryAPrincipal', () => {
    expect(SERVICES.map((s) => s.name).sort()).toEqual([...apps].sort());
  });

  it('letOnlyItsPublisherWriteATopic_andOnlyItsConsumersWriteItsDeadLetters', () => {
    for (const topic of ALL_TOPICS) {
      expect(writers(topic)).toEqual([principalOf(TopicPublishers[topic])]);
      const consumers = SERVICES.filter((s) => s.consumes?.includes(topic)).map((s) => principalOf(s.name));
      expect(writers(deadLetterTopic(topic))).toEqual(consumers.sort());
    }
    // nothing else is written: scoring.v1 by forms, for one
    expect(
      acls
        .filter((a) => a.operation === 'WRITE')
        .every((a) => ALL_TOPICS.some((t) => [t, deadLetterTopic(t)].map((n) => `run_1.${n}`).includes(a.name))),
    ).toBe(true);
  });

  it('letAServiceReadOnlyWhatItConsumes_inItsOwnGroup_underTheRunsPrefix', () => {
    for (const s of SERVICES) {
      const mine = acls.filter((a) => a.principal === principalOf(s.name));
      expect(mine.filter((a) => a.operation === 'READ' && a.resource === 'TOPIC').map((a) => a.name)).toEqual(
        (s.consumes ?? []).map((t) => `run_1.${t}`),
      );
      expect(mine.filter((a) => a.resource === 'GROUP').map((a) => a.name)).toEqual(
        s.consumes?.length ? [`run_1.${s.schema}.consumer`] : [],
      );
    }
  });
});
