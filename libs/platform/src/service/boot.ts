import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication, MiddlewareConsumer, Module, NestModule, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { MixedList } from 'typeorm';
import type { z } from 'zod';
import { openServiceDataSource } from '../db/data-source';
import { clusterAnswers, createKafka, ensureTopics, kafkaConnection } from '../messaging/kafka';
import { OutboxRelay } from '../messaging/relay';
import { MetricsRegistry } from '../observability/metrics';
import { log } from '../observability/logger';
import { Logger } from 'nestjs-pino';
import { AuthGuard } from '../auth/guard';
import { ProblemFilter } from '../http/problem.filter';
import { ServiceRuntime } from './runtime';
import type { EventStoreOptions } from '../event-store/event-store';
import { ConfigurationError, Environment, loadConfig } from '../config/config';
import { PlatformConfig, platformConfig } from '../config/platform.config';
import { ServiceConfigModule } from '../config/config.module';
import { CorrelationMiddleware, PlatformModule } from './platform.module';
import { KafkaEventTransport } from './event-transport';
import { consumerGroup, serviceTopics } from './topics';

export interface ServiceDefinition {
  name: string;
  schema: string;
  port: number;
  /** The service's Nest module; built with the runtime so its providers can inject it. */
  module: (rt: ServiceRuntime) => Type<unknown> | import('@nestjs/common').DynamicModule;
  migrations?: MixedList<Function>;
  /**
   * The schema of its environment: the platform's variables and its own (`serviceConfig({...})`),
   * read once at start; `platformConfig` when it has none of its own. A variable missing or wrong
   * stops it before it opens anything, with every such variable named.
   */
  config?: z.ZodType<PlatformConfig, Environment>;
  /** Topics whose events the module's @EventPattern handlers react to. */
  consumes?: string[];
  /** How its event store reads its log: e.g. which streams hold contract events (EventStoreOptions). */
  eventStore?: EventStoreOptions;
  /** Express-level setup before the routes (e.g. static files of the web UI). */
  configure?: (app: INestApplication) => void;
  /**
   * Its port faces the public (the entry point): /metrics and the details of /health are answered
   * only on a second, management port: MANAGEMENT_PORT (default the port + 1000) on
   * MANAGEMENT_HOST (default 127.0.0.1), where Prometheus and the operators look.
   */
  publicFacing?: boolean;
  /** False for a service whose tables hold no mall's data of their own (the entry point); see MallTenancy1796800000000. */
  tenancy?: false;
  /** Extra work after start (e.g. a deadline sweeper); returns a stopper. */
  background?: (rt: ServiceRuntime, app: INestApplication) => Promise<() => Promise<void>>;
}

export interface RunningService {
  app: INestApplication;
  runtime: ServiceRuntime;
  url: string;
  /** Where /metrics and the health details are, for a public-facing service. */
  managementUrl?: string;
  stop(): Promise<void>;
}

export interface BootOverrides {
  port?: number;
  schema?: string;
  databaseUrl?: string;
  topicPrefix?: string;
  managementPort?: number;
}

export async function bootService(def: ServiceDefinition, overrides: BootOverrides = {}): Promise<RunningService> {
  const config = loadConfig(def.config ?? platformConfig); // no key or a wrong variable: nothing starts
  process.env.SERVICE_NAME ??= def.name;
  const schema = overrides.schema ?? config.DB_SCHEMA ?? def.schema;
  const prefix = overrides.topicPrefix ?? config.KAFKA_TOPIC_PREFIX;
  const ds = await openServiceDataSource({
    schema,
    migrations: def.migrations,
    url: overrides.databaseUrl ?? config.DATABASE_URL,
    tenancy: def.tenancy,
  });
  const kafka = createKafka(`${def.name}-${process.pid}`, kafkaConnection(config));
  // only its own: on a secured broker its ACLs allow it no other (docs/kafka.md, "Secured mode")
  await ensureTopics(kafka, serviceTopics(def, prefix).all, config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION_FACTOR);
  const metrics = new MetricsRegistry({ processMetrics: true });
  const rt = new ServiceRuntime(def.name, schema, ds, kafka, metrics, config, prefix, def.eventStore);
  const cluster = clusterAnswers(kafka);
  rt.health.ready('database', async () => {
    await ds.query('SELECT 1');
    return true as const;
  });
  rt.health.ready('kafka', cluster.check);

  @Module({
    imports: [ServiceConfigModule.of(config), PlatformModule.forRuntime(rt), def.module(rt)],
    providers: [
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_FILTER, useClass: ProblemFilter },
    ],
  })
  class ServiceRoot implements NestModule {
    configure(consumer: MiddlewareConsumer) {
      consumer.apply(CorrelationMiddleware).forRoutes('*');
    }
  }

  // Nest's own messages wait for our logger (nestjs-pino, set up by PlatformModule)
  const app = await NestFactory.create(ServiceRoot, { bufferLogs: true, bodyParser: true });
  app.useLogger(app.get(Logger));
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  def.configure?.(app);
  if (def.consumes?.length) {
    app.connectMicroservice(
      { strategy: new KafkaEventTransport(rt, consumerGroup(schema, prefix), def.consumes) },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  const relay = new OutboxRelay({
    ds,
    schema,
    kafka,
    metrics,
    topicPrefix: prefix,
    fallbackPollMs: config.OUTBOX_POLL_MS,
    unhealthyAfterMs: config.OUTBOX_UNHEALTHY_AFTER_MS,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
  });
  rt.health.ready('outbox relay', () => {
    const h = relay.health();
    return h.ok || (h.detail ?? 'cannot publish');
  });
  rt.health.detail('outbox', () => relay.details()); // parked messages: visible, but not a reason to stop taking traffic
  let stopBackground: () => Promise<void> = async () => undefined;
  const port = overrides.port ?? config.PORT ?? def.port;
  rt.publicFacing = def.publicFacing ?? false;
  let management: http.Server | null = null;
  try {
    await relay.start();
    if (def.background) stopBackground = await def.background(rt, app);
    await app.listen(port, config.HOST);
    keepConnectionsLonger(app.getHttpServer());
    if (def.publicFacing) {
      management = http.createServer(app.getHttpAdapter().getInstance());
      keepConnectionsLonger(management);
      const wanted = overrides.managementPort ?? config.MANAGEMENT_PORT ?? (port === 0 ? 0 : port + 1000);
      await new Promise<void>((resolve, reject) => management!.once('error', reject).listen(wanted, config.MANAGEMENT_HOST, resolve));
      rt.managementPort = (management.address() as AddressInfo).port;
    }
  } catch (e) {
    // a start that fails half-way leaves nothing running (a test, or a supervisor, starts again)
    management?.close();
    await Promise.allSettled([stopBackground(), relay.stop()]);
    await Promise.allSettled([app.close(), cluster.close()]);
    await ds.destroy().catch(() => undefined);
    throw e;
  }
  const url = await app.getUrl();
  log.info('service started', { service: def.name, url, schema });
  return {
    app,
    runtime: rt,
    url: url.replace('[::1]', '127.0.0.1'),
    ...(rt.managementPort !== null ? { managementUrl: `http://127.0.0.1:${rt.managementPort}` } : {}),
    async stop() {
      if (management) {
        const closed = new Promise((r) => management!.close(r));
        management.closeAllConnections();
        await closed;
      }
      await stopBackground();
      await relay.stop();
      await app.close();
      await cluster.close();
      await ds.destroy();
    },
  };
}

/**
 * Runs the service's pending migrations (its schema, its own and the platform's), as its start
 * would, and opens nothing else: no Kafka, no HTTP. What `MIGRATE_ONLY=1` does, for a migration
 * job that runs before a new version's instances (deploy/k8s, docs/operations.md "Upgrades").
 */
export async function migrateService(def: ServiceDefinition, overrides: Pick<BootOverrides, 'schema' | 'databaseUrl'> = {}): Promise<void> {
  const config = loadConfig(def.config ?? platformConfig);
  const schema = overrides.schema ?? config.DB_SCHEMA ?? def.schema;
  const ds = await openServiceDataSource({
    schema,
    migrations: def.migrations,
    url: overrides.databaseUrl ?? config.DATABASE_URL,
    poolSize: 1,
    tenancy: def.tenancy,
  });
  await ds.destroy();
  log.info('migrations done', { service: def.name, schema });
}

/** The main() of a service process: boot, and close cleanly on SIGTERM/SIGINT; with `MIGRATE_ONLY=1`, migrate and exit. */
/**
 * An idle keep-alive connection stays open 65 s (Node's default is 5 s). A client that reuses a
 * connection the server closes at that moment sees its request fail ("other side closed"), and a
 * POST is not retried: the entry point's proxy, a load balancer or a browser keeping connections
 * for a few seconds then meets the server's close far less often. The headers' timeout must be
 * longer than the keep-alive one.
 */
function keepConnectionsLonger(server: http.Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

export function runService(def: ServiceDefinition): void {
  const migrateOnly = (() => {
    try {
      return loadConfig(def.config ?? platformConfig).MIGRATE_ONLY;
    } catch {
      return false; // bootService names what is wrong
    }
  })();
  if (migrateOnly) {
    migrateService(def).then(
      () => process.exit(0),
      (e) => {
        log.error('migrations failed', { service: def.name, error: e instanceof ConfigurationError ? e.message : String(e?.stack ?? e) });
        process.exit(1);
      },
    );
    return;
  }
  bootService(def)
    .then((svc) => {
      const shutdown = () => {
        log.info('shutting down', { service: def.name });
        svc.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((e) => {
      // a configuration error says all there is to say; its stack would only hide it
      log.error('service failed to start', {
        service: def.name,
        error: e instanceof ConfigurationError ? e.message : String(e?.stack ?? e),
      });
      process.exit(1);
    });
}
