import { bootTestService, httpClient, testToken } from '@fd/platform/testing';

/** For the integration suites: a signed token for each role, and helpers on the booted service. */
export const tokens = {
  admin: testToken({ sub: 'admin-1', username: 'admin', role: 'admin' }),
  clerk: testToken({ sub: 'clerk-1', username: 'clerk', role: 'clerk' }),
  merchant: (merchantId: string) => testToken({ sub: `merchant-${merchantId}`, username: `m-${merchantId}`, role: 'merchant', merchantId }),
};

export function client(svc: Awaited<ReturnType<typeof bootTestService>>) {
  const as = (token: string) => httpClient(svc.url, token);
  return {
    as,
    /** Rows in this service's event store and outbox: what a refused request must leave untouched. */
    async written(): Promise<{ events: number; outbox: number }> {
      const [r] = await svc.runtime.ds.query(
        `SELECT (SELECT count(*)::int FROM "${svc.schema}".events) AS events, (SELECT count(*)::int FROM "${svc.schema}".outbox) AS outbox`,
      );
      return r;
    },
    async registerMerchant(name: string, stall: string, category = 'flooring'): Promise<string> {
      const r = await as(tokens.admin).post('/api/v1/merchants', { name, stall, category });
      if (r.status !== 201) throw new Error(`merchant not registered: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.id;
    },
  };
}
