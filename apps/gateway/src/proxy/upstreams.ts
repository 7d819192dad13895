import { Problem, correlation, REQUEST_KEY_HEADER } from '@fd/platform';
import http from 'node:http';
import type { Response } from 'express';
import { ServiceName } from './routes';

export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** The client's address as the entry point saw it, named to the services on the public routes only (PublicProxyController). */
export const CLIENT_ADDRESS_HEADER = 'x-fd-client-address';
const FORWARDED = ['authorization', 'content-type', 'accept', 'accept-language', REQUEST_KEY_HEADER, CLIENT_ADDRESS_HEADER];

/** Plain HTTP to the services behind the entry point (the gateway is the only caller of this kind). */
export class Upstreams {
  private readonly next: Record<ServiceName, number> = { registration: 0, forms: 0, callbacks: 0, scoring: 0 };

  /** Each service's instances (REGISTRATION_URL, FORMS_URL, … in the configuration). */
  constructor(readonly urls: Record<ServiceName, string[]>) {}

  async call(
    service: ServiceName,
    method: string,
    pathAndQuery: string,
    headers: Record<string, string | string[] | undefined>,
    body?: string | Buffer,
  ): Promise<UpstreamAnswer> {
    const out: Record<string, string> = {};
    for (const h of FORWARDED) if (typeof headers[h] === 'string') out[h] = headers[h] as string;
    const corr = correlation.getStore()?.correlationId;
    if (corr) out['x-correlation-id'] = corr;
    let res: UpstreamAnswer | undefined;
    // Instances in turn; one that refuses the connection never saw the request, so the next may take it.
    const instances = this.urls[service];
    const first = this.next[service]++ % instances.length;
    for (let i = 0; i < instances.length && !res; i++) {
      try {
        res = await send(
          `${instances[(first + i) % instances.length]}${pathAndQuery}`,
          method,
          out,
          body && !['GET', 'HEAD'].includes(method) ? body : undefined,
        );
      } catch (e) {
        if ((e as { code?: string }).code !== 'ECONNREFUSED') break;
      }
    }
    if (!res)
      throw new Problem(
        503,
        'SERVICE_UNAVAILABLE',
        `The ${service} service is not answering right now. Try again in a moment (with the same Idempotency-Key, a retry is safe).`,
      );
    return res;
  }

  /**
   * A GET whose answer is passed on as it arrives (the CSV exports, docs/api.md#csv-exports):
   * status and headers first, then the body piped with back-pressure, never held whole here.
   * The service's problems (4xx, 5xx) come through the same way, in their own shape.
   */
  async stream(
    service: ServiceName,
    pathAndQuery: string,
    headers: Record<string, string | string[] | undefined>,
    to: Response,
    passed: readonly string[],
  ): Promise<void> {
    const out: Record<string, string> = {};
    for (const h of FORWARDED) if (typeof headers[h] === 'string') out[h] = headers[h] as string;
    const corr = correlation.getStore()?.correlationId;
    if (corr) out['x-correlation-id'] = corr;
    const instances = this.urls[service];
    const first = this.next[service]++ % instances.length;
    for (let i = 0; i < instances.length; i++) {
      const res = await openStream(`${instances[(first + i) % instances.length]}${pathAndQuery}`, out).catch((e) => {
        if ((e as { code?: string }).code !== 'ECONNREFUSED') throw e;
        return null;
      });
      if (!res) continue;
      to.status(res.statusCode ?? 502);
      for (const h of passed) {
        const v = res.headers[h];
        if (v !== undefined) to.setHeader(h, v);
      }
      // a service that stops in the middle of a file cuts the client's connection too, so a cut file is never taken for a whole one
      res.on('error', () => to.destroy());
      res.on('aborted', () => to.destroy());
      to.on('close', () => {
        if (!res.complete) res.destroy();
      });
      res.pipe(to);
      await new Promise<void>((resolve) => to.on('close', resolve));
      return;
    }
    throw new Problem(503, 'SERVICE_UNAVAILABLE', `The ${service} service is not answering right now. Try again in a moment.`);
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

/**
 * Keep-alive connections to the services. node:http rather than fetch: the entry point makes
 * one or two upstream calls per request, and fetch (undici with web streams) cost it about
 * twice the CPU per call under load (docs/benchmarks.md). Idle sockets are closed after 4 s,
 * before the services' keep-alive (5 s) would close them under a request.
 */
const agent = new http.Agent({ keepAlive: true, timeout: 4000 });

function openStream(url: string, headers: Record<string, string>): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', agent, headers }, resolve);
    // an export may take long, but never 30 s without a byte
    req.setTimeout(30000, () => req.destroy(Object.assign(new Error('the service sent nothing for 30 s'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

function send(url: string, method: string, headers: Record<string, string>, body?: string | Buffer): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
        });
      },
    );
    req.setTimeout(30000, () => req.destroy(Object.assign(new Error('the service did not answer within 30 s'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}
