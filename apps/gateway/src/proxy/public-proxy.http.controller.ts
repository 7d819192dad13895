import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFoundProblem, Public, REQUEST_KEY_HEADER } from '@fd/platform';
import { serviceFor } from './routes';
import { CLIENT_ADDRESS_HEADER, Upstreams } from './upstreams';

const PASSED_HEADERS = ['retry-after', 'cache-control'];

/**
 * The public routes under /api/v1/public (a form's self-confirmation page, docs/api.md#self-confirmation):
 * no token, so none is forwarded; the service is told the client's address (as the entry point
 * sees it, TRUST_PROXY), by which it limits tries.
 */
@Controller('api/v1/public')
export class PublicProxyController {
  constructor(@Inject(Upstreams) private readonly up: Upstreams) {}

  @Public()
  @All('*path')
  async forward(@Req() req: Request, @Res() res: Response) {
    const path = req.path;
    const service = serviceFor(path);
    if (!service) throw new NotFoundProblem('NOT_FOUND', `There is no ${req.method} ${path} in the API.`);
    const headers = { ...req.headers };
    delete headers.authorization;
    delete headers[REQUEST_KEY_HEADER];
    headers[CLIENT_ADDRESS_HEADER] = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const body = req.method === 'POST' ? JSON.stringify(req.body ?? {}) : undefined;
    const a = await this.up.call(service, req.method, req.originalUrl, headers, body);
    for (const h of PASSED_HEADERS) {
      const v = a.headers.get(h);
      if (v) res.setHeader(h, v);
    }
    res
      .status(a.status)
      .type(a.headers.get('content-type') ?? 'application/json')
      .send(a.body);
  }
}
