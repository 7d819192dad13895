import { createHash } from 'node:crypto';
import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser, NotFoundProblem, Principal, REQUEST_KEY_HEADER, requestKeyHeader } from '@fd/platform';
import { serviceFor } from './routes';
import { CLIENT_ADDRESS_HEADER, Upstreams } from './upstreams';
import { idempotencyKeyOf, IdempotencyKeys, StoredAnswer } from './idempotency';
import { PurchaseComposition } from './purchase-composition';

const PURCHASE = /^\/api\/v1\/purchases\/([^/]+)$/;
const AFTER_SALES = /^\/api\/v1\/cards\/([^/]+)\/services$/;
/** The CSV exports, passed on as they arrive rather than held whole (docs/api.md#csv-exports). */
const EXPORT = /\/export\.csv$/;
const PASSED_HEADERS = ['content-type', 'content-disposition', 'retry-after', 'cache-control'];

/**
 * Forwards /api/v1 to the service that owns the path. The token was checked here already
 * (AuthGuard), and is checked again by the service. POSTs honour Idempotency-Key.
 */
@Controller('api/v1')
export class ProxyController {
  constructor(
    @Inject(Upstreams) private readonly up: Upstreams,
    @Inject(IdempotencyKeys) private readonly keys: IdempotencyKeys,
    @Inject(PurchaseComposition) private readonly purchases: PurchaseComposition,
  ) {}

  @All('*path')
  async forward(@Req() req: Request, @Res() res: Response, @CurrentUser() user: Principal) {
    const path = req.path;
    // only the public routes name the client's address, and only as the entry point saw it
    delete req.headers[CLIENT_ADDRESS_HEADER];
    const service = serviceFor(path);
    if (!service) throw new NotFoundProblem('NOT_FOUND', `There is no ${req.method} ${path} in the API.`);
    const query = req.originalUrl.slice(req.path.length);
    if (req.method === 'GET' && EXPORT.test(path)) {
      delete req.headers[REQUEST_KEY_HEADER];
      return this.up.stream(service, path + query, req.headers, res, PASSED_HEADERS);
    }
    const body: string | Buffer | undefined = Buffer.isBuffer(req.body)
      ? req.body // a file (an original's upload), passed on as it came with its Content-Type
      : req.body && Object.keys(req.body).length
        ? JSON.stringify(req.body)
        : req.method === 'POST' || req.method === 'PUT'
          ? '{}'
          : undefined;

    const key = req.method === 'POST' ? idempotencyKeyOf(req, user) : undefined;
    // the service makes its new ids follow from the key, so a repeat is harmless even past this table
    if (key) req.headers[REQUEST_KEY_HEADER] = requestKeyHeader(key);
    else delete req.headers[REQUEST_KEY_HEADER];
    const answer = await this.keys.run(
      key,
      IdempotencyKeys.hash(
        req.method,
        req.originalUrl,
        Buffer.isBuffer(body) ? createHash('sha256').update(body).digest('hex') : (body ?? ''),
      ),
      () => this.dispatch(req, service, path + query, body),
    );
    sendAnswer(res, answer);
  }

  private async dispatch(
    req: Request,
    service: ReturnType<typeof serviceFor> & string,
    pathAndQuery: string,
    body?: string | Buffer,
  ): Promise<StoredAnswer> {
    const headers = req.headers;
    const json = (r: { status: number; data: unknown }): StoredAnswer => ({
      status: r.status,
      contentType: r.status >= 400 ? 'application/problem+json' : 'application/json',
      body: JSON.stringify(r.data),
    });
    if (req.method === 'POST' && req.path === '/api/v1/purchases')
      return json(await this.purchases.register(headers, String(body ?? '{}')));
    const purchase = req.method === 'GET' ? PURCHASE.exec(req.path) : null;
    if (purchase) return json(await this.purchases.purchase(headers, decodeURIComponent(purchase[1])));
    const afterSales = req.method === 'POST' ? AFTER_SALES.exec(req.path) : null;
    if (afterSales) return json(await this.purchases.afterSales(headers, decodeURIComponent(afterSales[1]), String(body ?? '{}')));

    const a = await this.up.call(service, req.method, pathAndQuery, headers, body);
    const extra: Record<string, string> = {};
    for (const h of PASSED_HEADERS) {
      const v = a.headers.get(h);
      if (v && h !== 'content-type') extra[h] = v;
    }
    return {
      status: a.status,
      contentType: a.headers.get('content-type') ?? 'application/octet-stream',
      body: a.body.toString('base64'),
      ...(Object.keys(extra).length ? { headers: extra } : {}),
      encoding: 'base64',
    };
  }
}

/** Writes a (possibly replayed) answer. */
export function sendAnswer(res: Response, a: StoredAnswer & { replayed?: boolean }) {
  if (a.replayed) res.setHeader('Idempotent-Replayed', 'true');
  for (const [h, v] of Object.entries(a.headers ?? {})) res.setHeader(h, v);
  res
    .status(a.status)
    .type(a.contentType)
    .send(a.encoding === 'base64' ? Buffer.from(a.body, 'base64') : a.body);
}
