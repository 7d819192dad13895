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

  it('checksEveryServiceOnItsReadiness_restartsItWhenItExits_andStartsTheGatewayAfterThem', () => {
    for (const app of apps) {
      const svc = compose.services[app];
      expect(svc.restart).toBe('unless-stopped');
      const probe = svc.healthcheck.test.join(' ');
      expect(probe).toContain(`http://127.0.0.1:${svc.environment.PORT}/health/ready`);
      expect(svc.healthcheck.test[0]).toBe('CMD'); // no shell in the way of the exit code
      expect(svc.healthcheck.retries).toBeGreaterThan(0);
    }
    for (const s of apps.filter((a) => a !== 'gateway'))
      expect(compose.services.gateway.depends_on[s]).toEqual({ condition: 'service_healthy' });
    expect(compose.services.gateway.depends_on.postgres).toEqual({ condition: 'service_healthy' });
  });

  it('runsTheSameKafkaLineAsTheLocalBroker', () => {
    const pinned = /<kafka.version>([\d.]+)<\/kafka.version>/.exec(readFileSync(path.join(root, 'tools/kafka/pom.xml'), 'utf8'))?.[1];
    expect(pinned).toBeDefined();
    expect(compose.services.kafka.image).toBe(`apache/kafka:${pinned}`);
    // configured by kafka.sh, as the local broker (auto.create.topics.enable=false among the rest)
    expect(compose.services.kafka.entrypoint.join(' ')).toMatch(/tools\/kafka\/kafka\.sh run --sasl$/);
    expect(compose.services.kafka.volumes).toContain('./tools/kafka:/opt/feedback-desk/tools/kafka:ro');
  });

  it('securesKafka_eachServiceWithAPrincipalOfItsOwn_passwordsFromTheEnvironment_aclsBeforeAnyServiceStarts', () => {
    const kafka = compose.services.kafka;
    expect(kafka.healthcheck.test.join(' ')).toMatch(/kafka\.sh ready --sasl$/);
    expect(kafka.environment.KAFKA_ADMIN_PASSWORD).toMatch(/^\$\{KAFKA_ADMIN_PASSWORD:\?/);
    for (const app of apps) {
      const env = compose.services[app].environment;
      const password = `\${KAFKA_PASSWORD_${app.toUpperCase()}:?set KAFKA_PASSWORD_${app.toUpperCase()}}`;
      expect(env.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
      expect(env.KAFKA_SASL_USERNAME).toBe(app);
      expect(env.KAFKA_SASL_PASSWORD).toBe(password); // no password written here
      expect(kafka.environment[`KAFKA_PASSWORD_${app.toUpperCase()}`]).toBe(password);
      expect(compose.services[app].depends_on['kafka-acls']).toEqual({ condition: 'service_completed_successfully' });
    }
    const acls = compose.services['kafka-acls'];
    expect(acls.command.join(' ')).toBe('node -r @swc-node/register tools/kafka/acls.ts');
    expect(acls.environment).toMatchObject({ KAFKA_SASL_USERNAME: 'admin', KAFKA_SASL_PASSWORD: kafka.environment.KAFKA_ADMIN_PASSWORD });
  });
});

describe('deploy/service.Dockerfile', () => {
  const dockerfile = readFileSync(path.join(root, 'deploy/service.Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];

  it('buildsDistInOneStage_andRunsItInAnotherWithProductionDependenciesOnly', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/RUN node tools\/build\/build\.js/);
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(runtime).toMatch(/COPY --from=build \/app\/apps\/web\/dist \.\/apps\/web\/dist/);
    expect(runtime).not.toMatch(/COPY (libs|apps) /); // no sources in the image
    expect(runtime).toMatch(/CMD .*exec node dist\/apps\/\$\{SERVICE\}\/src\/main\.js/);
    expect(runtime).not.toMatch(/swc-node/);
  });

  it('runsOnTheCurrentNodeLts_pinnedToAnExactVersion_asAnUnprivilegedUser_withALivenessCheck', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)\.\d+\.\d+-/m.exec(dockerfile)?.[1];
    expect(Number(image)).toBeGreaterThanOrEqual(24);
    expect(Number(image) % 2).toBe(0); // an LTS line
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('CMD'));
    expect(runtime).toMatch(/HEALTHCHECK [^\n]*\\\n\s*CMD .*\/health\/live/);
  });

  it('runsEachServiceAsItsOwnDatabaseRole_provisionedBeforeAnyServiceStarts', () => {
    for (const app of apps) {
      const svc = compose.services[app];
      expect(svc.environment.DATABASE_URL).toMatch(new RegExp(`^postgres://fd_${app}:\\$\\{${app.toUpperCase()}_DATABASE_PASSWORD:\\?`));
      expect(svc.depends_on['db-roles']).toEqual({ condition: 'service_completed_successfully' });
    }
    const roles = compose.services['db-roles'];
    expect(roles.command.join(' ')).toContain('/provision/provision-roles.psql');
    expect(roles.volumes).toContain('./deploy/postgres:/provision:ro');
    for (const app of apps) expect(roles.environment[`${app.toUpperCase()}_DATABASE_PASSWORD`]).toMatch(/:\?set /);
    expect(existsSync(path.join(root, 'deploy/postgres/provision-roles.psql'))).toBe(true);
  });
});
