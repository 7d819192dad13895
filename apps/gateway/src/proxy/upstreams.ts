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
  private readonly next: Record<ServiceName, number> = { registration: 0, forms: 0, callbacks: 0, scoring: 0 };

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
    let res: Response | undefined;
    // Instances in turn; one that refuses the connection never saw the request, so the next may take it.
    const instances = this.urls[service];
    const first = this.next[service]++ % instances.length;
    for (let i = 0; i < instances.length && !res; i++) {
      try {
        res = await fetch(`${instances[(first + i) % instances.length]}${pathAndQuery}`, {
          method,
          headers: out,
          body: body && !['GET', 'HEAD'].includes(method) ? body : undefined,
          signal: AbortSignal.timeout(30000),
        });
      } catch (e) {
        if (!refused(e)) break;
      }
    }
    if (!res)
      throw new Problem(
        503,
        'SERVICE_UNAVAILABLE',
        `The ${service} service is not answering right now. Try again in a moment (with the same Idempotency-Key, a retry is safe).`,
      );
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

function refused(e: unknown): boolean {
  const code = ((e as { cause?: { code?: string } }).cause ?? {}).code;
  return code === 'ECONNREFUSED';
}
