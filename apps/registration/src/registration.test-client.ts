import { signToken } from '@fd/platform';
import type { bootTestService } from '@fd/platform/testing';

/** For the integration suites: signed tokens for each role and a JSON client for the booted service. */
export const tokens = {
  admin: signToken({ sub: 'admin-1', username: 'admin', role: 'admin' }),
  clerk: signToken({ sub: 'clerk-1', username: 'clerk', role: 'clerk' }),
  merchant: (merchantId: string) => signToken({ sub: `merchant-${merchantId}`, username: `m-${merchantId}`, role: 'merchant', merchantId }),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the suites read whatever JSON the route answers
export interface Answer<T = any> {
  status: number;
  contentType: string;
  body: T;
  raw: Buffer;
}

export function client(svc: Awaited<ReturnType<typeof bootTestService>>) {
  async function call(method: string, path: string, token: string, body?: unknown): Promise<Answer> {
    const r = await fetch(`${svc.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = Buffer.from(await r.arrayBuffer());
    const contentType = r.headers.get('content-type') ?? '';
    return { status: r.status, contentType, raw, body: contentType.includes('json') ? JSON.parse(raw.toString()) : raw.toString() };
  }
  return {
    get: (path: string, token: string) => call('GET', path, token),
    post: (path: string, token: string, body: unknown) => call('POST', path, token, body),
    /** Rows in this service's event store and outbox: what a refused request must leave untouched. */
    async written(): Promise<{ events: number; outbox: number }> {
      const [r] = await svc.runtime.ds.query(
        `SELECT (SELECT count(*)::int FROM "${svc.schema}".events) AS events, (SELECT count(*)::int FROM "${svc.schema}".outbox) AS outbox`,
      );
      return r;
    },
    async registerMerchant(name: string, stall: string, category = 'flooring'): Promise<string> {
      const r = await call('POST', '/api/v1/merchants', tokens.admin, { name, stall, category });
      if (r.status !== 201) throw new Error(`merchant not registered: ${r.status} ${r.raw}`);
      return r.body.id;
    },
  };
}
