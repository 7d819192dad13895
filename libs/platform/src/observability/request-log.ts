import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { rootLogger } from './logger';

/** Probes and scrapes come every few seconds from every supervisor and Prometheus: never a request line. */
const PROBES = /^\/(health|metrics)(\/|\?|$)/;

const pathOf = (req: IncomingMessage) => ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0];

/** What a request line says of the answer, with the request's correlation id (our response header). */
const answered = (_req: IncomingMessage, res: ServerResponse, val: Record<string, unknown>) => ({
  ...val,
  correlationId: res.getHeader('x-correlation-id'),
});

/**
 * Nest's logger and pino-http on our root logger (nestjs-pino). One line per answered request
 * (method, path without its query, status, time) at `debug`: under load (the harness sends
 * 40 requests a second) the `info` log stays the service's own story; a failure is logged at
 * `error` by the ProblemFilter all the same. Health probes and scrapes are not logged at all.
 */
export function requestLogModule(): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger: rootLogger,
      customLogLevel: () => 'debug',
      autoLogging: { ignore: (req) => PROBES.test(pathOf(req)) },
      wrapSerializers: false,
      serializers: {
        req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req) }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      customSuccessMessage: () => 'request answered',
      customErrorMessage: () => 'request answered',
      customSuccessObject: answered,
      // a 5xx: its error and stack are in the ProblemFilter's line
      customErrorObject: (req, res, _err, { err: _, ...val }) => answered(req, res, val),
    },
  });
}
