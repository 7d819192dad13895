import { openApiDocument } from '@fd/api';

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
    // the document itself is never refused (docs/api.md, "Requests the entry point refuses")
    for (const [path, ops] of Object.entries(openApiDocument().paths).filter(
      ([p]) => p.startsWith('/api/v1/') && p !== '/api/v1/openapi.json',
    ))
      for (const op of Object.values(ops) as any[])
        expect({ path, retryAfter: Boolean(op.responses[503]?.headers?.['Retry-After']) }).toEqual({ path, retryAfter: true });
  });

  it('describesEveryBodyAndAnswer_fromTheSchemasTheServicesParseWith', () => {
    const doc = openApiDocument({ testClock: true });
    for (const [path, ops] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/')))
      for (const [method, op] of Object.entries(ops) as Array<[string, any]>) {
        const ok = Object.entries(op.responses).find(([status]) => /^2/.test(status))!;
        expect({
          path,
          method,
          body: ['post', 'put'].includes(method)
            ? !!op.requestBody || path.endsWith('/logout') || /\/(disable|enable|unlock|retire|waiver)$|rebuild/.test(path)
            : true,
        }).toEqual({ path, method, body: true });
        expect({ path, method, answer: ok[0] === '204' || !!(ok[1] as any).content }).toEqual({ path, method, answer: true });
      }
    expect(doc.components.schemas.RegisterPurchaseRequest).toMatchObject({ required: ['customer', 'lines'] });
    expect((doc.paths['/api/v1/forms'] as any).get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['merchantId', 'status', 'period', 'purchaseId', 'cardNo', 'cursor', 'limit', 'waitFor', 'waitMs']),
    );
  });

  it('pointsEveryReference_atAComponentItHas', () => {
    const doc = openApiDocument({ testClock: true });
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(50);
    for (const r of new Set(refs))
      expect({ r, known: r.replace('#/components/schemas/', '') in doc.components.schemas }).toEqual({ r, known: true });
  });
});
