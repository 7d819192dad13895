import { Controller, DynamicModule, Get, Global, Header, Inject, Injectable, Module, NestMiddleware, Req, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ServiceRuntime } from './runtime';
import { RUNTIME_PROVIDED, runtimeProviders } from './providers';
import { Public } from '../auth/guard';
import { NotFoundProblem } from '../http/problem';
import { correlation } from '../observability/logger';
import { withMallScope } from '../tenancy/mall';
import { HealthReport, HealthReports } from '../observability/health';
import { TerminusModule } from '@nestjs/terminus';
import { requestLogModule } from '../observability/request-log';
import type { Principal } from '../auth/tokens';
import type { CommandMetadata } from '../event-store/event-store';
import type { Clock } from '../time/clock';

export const RUNTIME = Symbol('ServiceRuntime');

/**
 * `/health/live` (restart me if down), `/health/ready` (send me work only if up) and
 * `/health`, both together with details; 200 when up, 503 when down (docs/operations.md). The
 * checks run through @nestjs/terminus (HealthReports); the answers keep our shape.
 * On a public-facing port (the entry point's) the answers say only up or down and /metrics is
 * not there: both are on the management port (docs/security.md, "The entry point").
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(RUNTIME) private readonly rt: ServiceRuntime,
    private readonly reports: HealthReports,
  ) {}

  @Public()
  @Get('health')
  async health(@Req() req: Request, @Res() res: Response) {
    this.answer(req, res, await this.reports.summary(this.rt.health));
  }

  @Public()
  @Get('health/live')
  async live(@Req() req: Request, @Res() res: Response) {
    this.answer(req, res, await this.reports.live(this.rt.health));
  }

  @Public()
  @Get('health/ready')
  async ready(@Req() req: Request, @Res() res: Response) {
    this.answer(req, res, await this.reports.ready(this.rt.health));
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(@Req() req: Request) {
    if (this.rt.fromThePublic(req.socket.localPort)) throw new NotFoundProblem('NOT_FOUND', 'There is no GET /metrics here.');
    return this.rt.metrics.render();
  }

  private answer(req: Request, res: Response, report: HealthReport) {
    const body = this.rt.fromThePublic(req.socket.localPort) ? { status: report.status } : { service: this.rt.name, ...report };
    res
      .status(report.status === 'up' ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json(body);
  }
}

/** What a caller's correlation id may be: it is written into every log line and event of the request. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Takes the caller's X-Correlation-Id if it is a plain id of at most 64 characters (else makes
 * one) and keeps it for the logs and the events of this request. API answers carry personal
 * data (names, phones, verification codes): no cache keeps them (`Cache-Control: no-store`).
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction) {
    const given = req.headers['x-correlation-id'];
    const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Correlation-Id', id);
    if (req.originalUrl.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    // the request's mall is named by the guard once it knows the caller (enterMall)
    withMallScope(() => correlation.run({ correlationId: id }, next));
  }
}

@Global()
@Module({})
export class PlatformModule {
  static forRuntime(rt: ServiceRuntime): DynamicModule {
    return {
      module: PlatformModule,
      // a failed check is an answer (503), not an error to log on every probe
      imports: [TerminusModule.forRoot({ logger: false }), requestLogModule()],
      controllers: [HealthController],
      providers: [{ provide: RUNTIME, useValue: rt }, ...runtimeProviders(rt), HealthReports],
      exports: [RUNTIME, ...RUNTIME_PROVIDED],
    };
  }
}

/** Command metadata for a request: the signed-in user, the request's correlation id, and "now" from the one clock. */
export async function requestMeta(clock: Clock, p: Principal): Promise<CommandMetadata> {
  return {
    now: await clock.now(),
    actor: { id: p.sub, role: p.role, ...(p.merchantId ? { merchantId: p.merchantId } : {}) },
    correlationId: correlation.getStore()?.correlationId ?? randomUUID(),
    causationId: null,
  };
}
