import { problemSchema, routes } from '@fd/api';
import type { httpClient } from '@fd/platform/testing';

type Api = ReturnType<typeof httpClient>;

/** Each route of the contract as a pattern of its path under /api/v1, with the shape of its answer (libs/api). */
const patterns = routes.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
}));

/**
 * A client whose every answer is checked against the contract's shapes: a successful JSON answer
 * of a route against its answer's schema (strict: a field added, renamed, dropped or of another
 * type fails), any refusal against the problem document. A mismatch fails the test that made the
 * request, naming the route and the fields, so the shapes the OpenAPI document publishes cannot
 * drift from what the system answers.
 */
export function checkedAnswers(api: Api): Api {
  const check =
    (method: 'get' | 'post' | 'put', call: (...args: never[]) => ReturnType<Api['get']>) =>
    async (...args: never[]) => {
      const answer = await call(...args);
      const path = String(args[0]).split('?')[0];
      const type = answer.headers.get('content-type') ?? '';
      if (type.includes('application/problem+json'))
        mustMatch(problemSchema, answer.body, `a problem answering ${method.toUpperCase()} ${path}`);
      else if (answer.status >= 200 && answer.status < 300 && type.includes('application/json')) {
        const known = patterns.find((p) => p.route.method === method && p.pattern.test(path));
        if (known?.route.answer)
          mustMatch(known.route.answer, answer.body, `the answer of ${method.toUpperCase()} /api/v1${known.route.path}`);
      }
      return answer;
    };
  return {
    get: check('get', api.get as never),
    post: check('post', api.post as never),
    put: check('put', api.put as never),
    as: (token?: string) => checkedAnswers(api.as(token)),
  } as Api;
}

function mustMatch(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } },
  body: unknown,
  what: string,
) {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new Error(
      `${what} does not match the contract (libs/api): ${parsed.error!.issues.map((i) => `${i.path.join('.') || '(the body)'}: ${i.message}`).join('; ')}\n${JSON.stringify(body).slice(0, 2000)}`,
    );
}
