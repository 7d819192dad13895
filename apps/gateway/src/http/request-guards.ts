import type { INestApplication } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import {
  CONFIG,
  FieldError,
  NotFoundProblem,
  Problem,
  RUNTIME,
  ServiceRuntime,
  UNSTORABLE,
  UNSTORABLE_MESSAGE,
  unstorableFields,
  ValidationProblem,
} from '@fd/platform';
import { loadLimits, shedLoad } from './load-shedding';
import type { GatewayConfig } from '../gateway.config';

/** JSON bodies up to this size; the largest the API takes (an opinion of 20,000 characters) fits well. */
export const BODY_LIMIT = '100kb';

/**
 * The one route that takes a file rather than JSON: a scan or photo of a signed form, its raw
 * bytes (the forms service judges the type by content and holds its own, smaller, ORIGINAL_MAX_BYTES).
 */
export const ORIGINAL_UPLOAD = /^\/api\/v1\/forms\/[^/]+\/originals\/?$/;
export const ORIGINAL_BODY_LIMIT = '25mb';

const tooLarge = (limit = BODY_LIMIT) => new Problem(413, 'TOO_LARGE', `The request body is larger than ${limit}.`);
const notJson = (what: string) =>
  new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', `${what} Send the body as JSON (Content-Type: application/json, UTF-8).`);
const malformed = (detail: string) => new Problem(400, 'MALFORMED_REQUEST', detail);

/**
 * A body that is there must be JSON: anything else would be silently ignored and read as
 * "every field missing". An empty body (a browser's POST without one says Content-Length: 0) is none.
 */
function requireJson(req: Request, _res: Response, next: NextFunction) {
  if (isOriginalUpload(req)) return next();
  const empty = req.headers['content-length'] === '0';
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && !empty && req.is(['application/json', 'application/*+json']) === false)
    return next(notJson(`A body of type ${req.headers['content-type'] ?? '(none given)'} cannot be read.`));
  next();
}

const isOriginalUpload = (req: Request) => req.method === 'POST' && ORIGINAL_UPLOAD.test(req.path);

/** Reads an original's upload as raw bytes (whatever its Content-Type), up to ORIGINAL_BODY_LIMIT. */
function readOriginal(): express.RequestHandler {
  const read = express.raw({ type: () => true, limit: ORIGINAL_BODY_LIMIT });
  return (req, res, next) => {
    if (!isOriginalUpload(req)) return next();
    read(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { type?: string; status?: number };
      if (e.type === 'entity.too.large') return next(tooLarge(ORIGINAL_BODY_LIMIT));
      if (e.status && e.status >= 400 && e.status < 500) return next(malformed('The request body could not be read.'));
      next(err);
    });
  };
}

/** Parses JSON as the services do, but answers every failure as a problem (a body too large is 413, not a 500). */
function parseJson(): express.RequestHandler {
  const parse = express.json({ limit: BODY_LIMIT });
  return (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { type?: string; status?: number };
      if (e.type === 'entity.too.large') return next(tooLarge());
      if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported')
        return next(notJson('This charset or encoding is not supported.'));
      if (e.type === 'entity.parse.failed') return next(malformed('The request body is not valid JSON (an object is expected).'));
      if (e.status && e.status >= 400 && e.status < 500) return next(malformed('The request body could not be read.'));
      next(err);
    });
}

/**
 * Refuses, before any routing, what must never reach a service:
 * - dot segments (`..`, `%2e%2e`), which the forwarding would resolve into a path the gateway
 *   never meant (a service's /metrics): 404, as for any other address outside the API;
 * - ids that cannot exist (a NUL character): 404; a broken percent-encoding: 400;
 * - query parameters and body fields a database cannot store: 400 naming each one;
 * - bodies nested too deep to walk safely: 400.
 */
function refuseUnreadable(req: Request, _res: Response, next: NextFunction) {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return next(malformed('The address is not valid (a broken %-encoding).'));
    }
    if (decoded === '.' || decoded === '..' || UNSTORABLE.test(decoded))
      return next(new NotFoundProblem('NOT_FOUND', 'There is nothing at this address.'));
  }
  let errors: FieldError[];
  try {
    errors = [
      ...Object.entries(req.query).flatMap(([k, v]) =>
        UNSTORABLE.test(k) || [v].flat().some((x) => typeof x === 'string' && UNSTORABLE.test(x))
          ? [{ field: k, message: UNSTORABLE_MESSAGE }]
          : [],
      ),
      ...(Buffer.isBuffer(req.body) ? [] : unstorableFields(req.body)),
    ];
  } catch (e) {
    return next(e);
  }
  if (errors.length) return next(new ValidationProblem(errors));
  next();
}

/**
 * The entry point's guards on every request, before the web UI and the routes; first the
 * back-pressure (load-shedding.ts), so that a refusal costs nothing, not even reading the body.
 */
export function guardRequests(app: INestApplication): void {
  const rt = app.get<ServiceRuntime>(RUNTIME);
  const config = app.get<GatewayConfig>(CONFIG);
  // Behind a reverse proxy the client's address is in X-Forwarded-For, and sign-in throttling
  // counts by it: TRUST_PROXY says which proxies to believe (Express's `trust proxy`: a hop count,
  // or addresses and subnets); unset, nobody's X-Forwarded-For is believed.
  if (config.TRUST_PROXY !== undefined) app.getHttpAdapter().getInstance().set('trust proxy', config.TRUST_PROXY);
  app.use(shedLoad(loadLimits(config), rt.metrics), requireJson, readOriginal(), parseJson(), refuseUnreadable);
}
