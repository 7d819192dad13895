/**
 * The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json. It lists every
 * operation of docs/api.md with the roles that may call it; bodies are described in docs/api.md
 * and validated by the owning service.
 */
type Op = [method: string, path: string, summary: string, roles: string, tag: string, status?: number];

const OPS: Op[] = [
  ['post', '/auth/login', 'Sign in with username and password; returns a bearer token', 'anyone', 'auth', 200],
  ['get', '/auth/me', 'Who the token belongs to', 'any role', 'auth'],
  ['post', '/auth/logout', 'Sign out: the session ends on the server, the token is refused from the next request', 'any role', 'auth', 204],
  ['post', '/auth/password', "Change one's own password (the current one is checked); the other sessions end", 'any role', 'auth', 204],
  ['post', '/users', 'Create an account (clerk, merchant bound to one merchant, admin)', 'admin', 'auth', 201],
  ['get', '/users', 'List accounts (disabled, recent failed sign-ins)', 'admin', 'auth'],
  ['post', '/users/{username}/disable', 'Disable an account: it cannot sign in and its sessions end at once', 'admin', 'auth'],
  ['post', '/users/{username}/enable', 'Enable a disabled account again', 'admin', 'auth'],
  ['post', '/users/{username}/password', 'Set a new password for an account; every session of it ends', 'admin', 'auth', 204],
  ['post', '/users/{username}/unlock', 'Lift the sign-in locks on a username', 'admin', 'auth'],
  ['get', '/audit', 'Who changed which account, session or the test clock, newest first', 'admin', 'auth'],
  ['post', '/merchants', 'Register a merchant {name, stall, category}', 'admin', 'registry', 201],
  ['get', '/merchants', 'List merchants (a merchant sees itself)', 'any role', 'registry'],
  ['get', '/merchants/{merchantId}', 'One merchant', 'any role (own for merchants)', 'registry'],
  ['post', '/merchants/{merchantId}/staff', 'Register service staff with a qualification certificate', 'clerk, admin', 'registry', 201],
  [
    'post',
    '/merchants/{merchantId}/staff/{staffId}/revoke',
    "Revoke a staff member's certificate {reason}",
    'clerk, admin',
    'registry',
    200,
  ],
  ['get', '/merchants/{merchantId}/staff', "A merchant's staff", 'any role (own for merchants)', 'registry'],
  [
    'post',
    '/purchases',
    'Register a purchase: one insurance card per merchant and a feedback form per service visit (201, or 202 with formsPending)',
    'clerk',
    'purchases',
    201,
  ],
  ['get', '/purchases', 'List purchases (a merchant sees its own)', 'any role', 'purchases'],
  ['get', '/purchases/{purchaseId}', 'A purchase with its cards and forms', 'any role (own lines for merchants)', 'purchases'],
  ['get', '/cards/{cardNo}', 'An insurance card', 'any role (own for merchants)', 'purchases'],
  ['get', '/cards/{cardNo}/print.pdf', 'The printable insurance card (PDF)', 'clerk, admin', 'purchases'],
  [
    'post',
    '/cards/{cardNo}/services',
    'Request after-sales service under a card; returns the new forms (201, or 202 with formsPending)',
    'clerk',
    'purchases',
    201,
  ],
  [
    'get',
    '/forms',
    'List forms by merchantId, status, period, purchaseId, cardNo; with waitFor=N (and purchaseId or cardNo) the answer waits up to waitMs (at most 10000) until N forms match',
    'any role (own for merchants)',
    'forms',
  ],
  ['get', '/forms/{serial}', 'A form with its event timeline', 'any role (own for merchants)', 'forms'],
  ['get', '/forms/{serial}/print.pdf', 'The printable feedback form (PDF)', 'clerk, admin', 'forms'],
  [
    'post',
    '/forms/{serial}/return',
    'File a returned form {verificationCode, rating, staffId, servicedOn, comment?}; a wrong code is recorded, and a form locked by wrong codes is refused to clerks (423 FILING_LOCKED)',
    'clerk, admin',
    'forms',
    200,
  ],
  ['post', '/forms/{serial}/void', 'Void a form {reason}', 'clerk', 'forms', 200],
  ['get', '/wrong-verification-codes', 'Filings refused for a wrong verification code (serial, who, when), newest first', 'admin', 'forms'],
  ['get', '/callbacks', 'Callback tasks by status and merchant', 'any role (own for merchants)', 'callbacks'],
  ['get', '/callbacks/{callbackId}', 'One callback task', 'any role (own for merchants)', 'callbacks'],
  ['post', '/callbacks/{callbackId}/attempts', 'Record a callback attempt and its outcome', 'clerk', 'callbacks', 201],
  ['post', '/findings', 'Record a finding: service performed without a form', 'clerk', 'callbacks', 201],
  ['get', '/findings', 'List findings', 'any role (own for merchants)', 'callbacks'],
  ['post', '/opinions', 'Register a customer opinion or complaint', 'clerk', 'opinions', 201],
  ['get', '/opinions', 'Opinions of a period', 'clerk, admin (own for merchants)', 'opinions'],
  ['get', '/opinions/summary', 'Opinions counted by category and merchant', 'clerk, admin', 'opinions'],
  ['get', '/merchants/{merchantId}/scores', "A merchant's evaluation for a period", 'any role (own for merchants)', 'scores'],
  ['get', '/merchants/{merchantId}/scores/trend', "A merchant's last 12 periods", 'any role (own for merchants)', 'scores'],
  ['get', '/scores', "Every merchant's evaluation for a period", 'admin', 'scores'],
  ['post', '/admin/rebuild-scores', 'Rebuild the scoring projection from the first event', 'admin', 'scores', 200],
  ['get', '/penalty-cases', 'Penalty cases by status and merchant', 'any role (own for merchants)', 'penalty cases'],
  ['get', '/penalty-cases/{caseId}', 'A penalty case with its evidence timeline', 'any role (own for merchants)', 'penalty cases'],
  ['post', '/penalty-cases/{caseId}/appeal', 'Appeal within the appeal window {statement}', 'merchant', 'penalty cases', 201],
  ['post', '/penalty-cases/{caseId}/decision', 'Decide: uphold (fine, suspension) or dismiss', 'admin', 'penalty cases', 201],
  ['get', '/policy', 'The policy in force', 'any role', 'policy'],
  ['put', '/policy', 'Change the policy; applies from then on', 'admin', 'policy'],
];

/** Mounted only in test mode (TEST_CLOCK=1); elsewhere these paths do not exist, so neither does their description. */
const TEST_CLOCK_OPS: Op[] = [
  ['get', '/_test/clock', 'Test mode only: the current time of every service', 'any role', 'test clock'],
  ['post', '/_test/clock', 'Test mode only: move time forward {advanceDays} or {now}', 'admin', 'test clock', 200],
];

const problem = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', pattern: '^[A-Z0-9_]+$' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

export function openApiDocument({ testClock = false }: { testClock?: boolean } = {}) {
  const paths: Record<string, Record<string, unknown>> = {
    // outside /api/v1: liveness and readiness of the entry point, for load balancers and probes
    '/health': {
      get: {
        summary: 'Liveness and readiness of the entry point (its database and Kafka)',
        description: 'Roles: anyone (no token).',
        tags: ['operations'],
        security: [],
        responses: {
          200: { description: 'Up', content: { 'application/json': { schema: { type: 'object' } } } },
          503: { description: 'Down: a dependency does not answer', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
  };
  for (const [method, path, summary, roles, tag, status = 200] of [...OPS, ...(testClock ? TEST_CLOCK_OPS : [])]) {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    (paths[`/api/v1${path}`] ??= {})[method] = {
      summary,
      description: `Roles: ${roles}.`,
      tags: [tag],
      ...(params.length ? { parameters: params } : {}),
      ...(path === '/auth/login' ? { security: [] } : {}),
      ...(method === 'post'
        ? { parameters: [...params, { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }] }
        : {}),
      ...(['post', 'put'].includes(method)
        ? { requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } } }
        : {}),
      responses: {
        [status]: {
          description: 'OK',
          content: {
            [path.endsWith('.pdf') ? 'application/pdf' : 'application/json']: {
              schema: { type: path.endsWith('.pdf') ? 'string' : 'object' },
            },
          },
        },
        503: {
          description:
            'OVERLOADED: too many requests of this kind at once, nothing was done, retry after Retry-After seconds; or SERVICE_UNAVAILABLE: a service behind the entry point does not answer',
          headers: { 'Retry-After': { description: 'seconds to wait before retrying (OVERLOADED)', schema: { type: 'integer' } } },
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
        default: {
          description: 'A problem (RFC 9457)',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'feedback-desk',
      version: '1.0.0',
      description:
        'The service desk of a building-materials mall: purchases, insurance cards, feedback forms, callbacks, merchant scores and penalty cases.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: { Problem: problem } },
    paths,
  };
}
