import { Controller, DynamicModule, Get, Global, Header, Inject, Injectable, Module, NestMiddleware, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ServiceRuntime } from './runtime';
import { Public } from '../auth/guard';
import { correlation } from '../observability/logger';
import type { Principal } from '../auth/tokens';
import type { CommandMetadata } from '../event-store/event-store';

export const RUNTIME = Symbol('ServiceRuntime');

@Controller()
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /** Liveness and readiness: the database answers and the Kafka cluster answers. */
  @Public()
  @Get('health')
  async health(@Res() res: Response) {
    const checks: Record<string, string> = {};
    await Promise.all([
      this.rt.ds
        .query('SELECT 1')
        .then(() => (checks.database = 'up'))
        .catch((e) => (checks.database = `down: ${String(e)}`)),
      (async () => {
        const admin = this.rt.kafka.admin();
        try {
          await admin.connect();
          await admin.describeCluster();
          checks.kafka = 'up';
        } catch (e) {
          checks.kafka = `down: ${String(e)}`;
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      })(),
    ]);
    const up = Object.values(checks).every((v) => v === 'up');
    res.status(up ? 200 : 503).json({ service: this.rt.name, status: up ? 'up' : 'down', checks });
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics() {
    return this.rt.metrics.render();
  }
}

/** Takes the caller's X-Correlation-Id (or makes one) and keeps it for the logs and the events of this request. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction) {
    const id = (req.headers['x-correlation-id'] as string) || randomUUID();
    res.setHeader('X-Correlation-Id', id);
    correlation.run({ correlationId: id }, next);
  }
}

@Global()
@Module({})
export class PlatformModule {
  static forRuntime(rt: ServiceRuntime): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [{ provide: RUNTIME, useValue: rt }],
      exports: [RUNTIME],
    };
  }
}

/** Command metadata for a request: the signed-in user, the request's correlation id, and "now" from the one clock. */
export async function requestMeta(rt: ServiceRuntime, p: Principal): Promise<CommandMetadata> {
  return {
    now: await rt.clock.now(),
    actor: { id: p.sub, role: p.role, ...(p.merchantId ? { merchantId: p.merchantId } : {}) },
    correlationId: correlation.getStore()?.correlationId ?? randomUUID(),
    causationId: null,
  };
}
