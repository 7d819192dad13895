import { openApiDocument } from './openapi';

describe('the OpenAPI document', () => {
  it('listsTheTestClock_onlyInTestMode', () => {
    expect(openApiDocument().paths['/api/v1/_test/clock']).toBeUndefined();
    expect(Object.keys(openApiDocument({ testClock: true }).paths['/api/v1/_test/clock'])).toEqual(['get', 'post']);
  });

  it('listsTheHealthOfTheEntryPoint_withoutAToken', () => {
    expect(openApiDocument().paths['/health']).toMatchObject({ get: { security: [] } });
  });

  it('offersIdempotencyKey_onEveryPostButTheSignIn', () => {
    const posts = Object.entries(openApiDocument({ testClock: true }).paths).filter(
      ([path, ops]) => 'post' in ops && path !== '/api/v1/auth/login',
    );
    for (const [path, ops] of posts)
      expect({ path, header: (ops.post as any).parameters.some((p: any) => p.name === 'Idempotency-Key') }).toEqual({ path, header: true });
  });

  it('saysEveryApiOperationMayBeRefused503WithRetryAfter_whenTheEntryPointIsOverloaded', () => {
    for (const [path, ops] of Object.entries(openApiDocument().paths).filter(([p]) => p.startsWith('/api/v1/')))
      for (const op of Object.values(ops) as any[])
        expect({ path, retryAfter: Boolean(op.responses[503]?.headers?.['Retry-After']) }).toEqual({ path, retryAfter: true });
  });
});
