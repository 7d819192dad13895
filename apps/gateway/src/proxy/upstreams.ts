import { Problem, correlation } from '@fd/platform';
import { ServiceName, serviceUrls } from './routes';

export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

const FORWARDED = ['authorization', 'content-type', 'accept', 'accept-language'];

/** Plain HTTP to the services behind the entry point (the gateway is the only caller of this kind). */
export class Upstreams {
  readonly urls = serviceUrls();

  async call(
    service: ServiceName,
    method: string,
    pathAndQuery: string,
    headers: Record<string, string | string[] | undefined>,
    body?: string,
  ): Promise<UpstreamAnswer> {
    const out: Record<string, string> = {};
    for (const h of FORWARDED) if (typeof headers[h] === 'string') out[h] = headers[h] as string;
    const corr = correlation.getStore()?.correlationId;
    if (corr) out['x-correlation-id'] = corr;
    let res: Response;
    try {
      res = await fetch(`${this.urls[service]}${pathAndQuery}`, {
        method,
        headers: out,
        body: body && !['GET', 'HEAD'].includes(method) ? body : undefined,
        signal: AbortSignal.timeout(30000),
      });
    } catch {
      throw new Problem(
        503,
        'SERVICE_UNAVAILABLE',
        `The ${service} service is not answering right now. Try again in a moment (with the same Idempotency-Key, a retry is safe).`,
      );
    }
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  async json<T>(
    service: ServiceName,
    method: string,
    pathAndQuery: string,
    headers: Record<string, string | string[] | undefined>,
    body?: string,
  ) {
    const a = await this.call(service, method, pathAndQuery, headers, body);
    const parsed = a.body.length ? JSON.parse(a.body.toString()) : null;
    return { status: a.status, headers: a.headers, data: parsed as T };
  }
}
