import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// Our machines have no Docker engine, so docker-compose.yml is checked by reading it:
// every service of apps/ runs from the one image, wired to PostgreSQL and Kafka.
const root = path.resolve(__dirname, '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const apps = readdirSync(path.join(root, 'apps')).filter((a) => existsSync(path.join(root, 'apps', a, 'src', 'main.ts')));

describe('docker-compose.yml', () => {
  it('runsEveryServiceOfTheRepository_fromTheServiceImage', () => {
    for (const app of apps) {
      const svc = compose.services[app];
      expect(svc).toBeDefined();
      expect(svc.environment.SERVICE).toBe(app);
      expect(svc.build.dockerfile).toBe('deploy/service.Dockerfile');
      expect(svc.environment.DATABASE_URL).toContain('@postgres:5432/');
      expect(svc.environment.KAFKA_BROKERS).toBe('kafka:9092');
      expect(svc.environment.HOST).toBe('0.0.0.0');
    }
    expect(existsSync(path.join(root, 'deploy/service.Dockerfile'))).toBe(true);
  });

  it('exposesOnlyTheEntryPoint_andPointsItAtEveryService', () => {
    const exposed = Object.entries(compose.services)
      .filter(([, s]: [string, any]) => s.ports)
      .map(([n]) => n);
    expect(exposed).toEqual(['gateway']);
    for (const s of ['registration', 'forms', 'callbacks', 'scoring'])
      expect(compose.services.gateway.environment[`${s.toUpperCase()}_URL`]).toBe(`http://${s}:8080`);
  });

  it('runsTheSameKafkaLineAsTheLocalBroker', () => {
    const pinned = /<kafka.version>([\d.]+)<\/kafka.version>/.exec(readFileSync(path.join(root, 'tools/kafka/pom.xml'), 'utf8'))?.[1];
    expect(pinned).toBeDefined();
    expect(compose.services.kafka.image).toBe(`apache/kafka:${pinned}`);
    expect(compose.services.kafka.environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
  });
});
