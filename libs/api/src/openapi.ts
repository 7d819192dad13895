import { z } from 'zod';
import * as a from './answers';
import * as r from './requests';
import { Route, routes } from './routes';

/**
 * The OpenAPI 3.1 document of /api/v1 (served at /api/v1/openapi.json), generated from the zod
 * schemas the services parse with and the shapes they answer (./requests.ts, ./answers.ts), by
 * zod's own JSON Schema output (OpenAPI 3.1 schemas are JSON Schema 2020-12). Requests are
 * described as a client may send them (defaults make a field optional), answers as they come.
 */

/** The schemas the document names in components.schemas, requests and answers apart. */
const named = {
  requests: {
    LoginRequest: r.loginRequest,
    ChangePasswordRequest: r.changePasswordRequest,
    ResetPasswordRequest: r.resetPasswordRequest,
    NewUserRequest: r.newUserRequest,
    MoveTestClockRequest: r.moveTestClockRequest,
    RegisterMerchantRequest: r.registerMerchantRequest,
    RegisterStaffRequest: r.registerStaffRequest,
    RevokeStaffCertificateRequest: r.revokeStaffCertificateRequest,
    PlannedService: r.plannedService,
    RegisterPurchaseRequest: r.registerPurchaseRequest,
    FileFormRequest: r.fileFormRequest,
    VoidFormRequest: r.voidFormRequest,
    RecordCallbackAttemptRequest: r.recordCallbackAttemptRequest,
    RecordFindingRequest: r.recordFindingRequest,
    RegisterOpinionRequest: r.registerOpinionRequest,
    AppealRequest: r.appealRequest,
    DecisionRequest: r.decisionRequest,
    PolicyValues: r.policyValuesSchema,
  },
  answers: {
    Created: a.createdAnswer,
    Login: a.loginAnswer,
    Me: a.meAnswer,
    UserAccount: a.userAccountSchema,
    Changed: a.changedAnswer,
    LocksLifted: a.locksLiftedAnswer,
    AuditPage: a.auditPage,
    Clock: a.clockAnswer,
    Actor: a.actorSchema,
    TimelineEntry: a.timelineEntrySchema,
    Merchant: a.merchantSchema,
    Staff: a.staffSchema,
    Customer: a.customerSchema,
    Item: a.itemSchema,
    CardService: a.cardServiceSchema,
    CardRef: a.cardRefSchema,
    RegisteredForm: a.registeredFormSchema,
    RegisterPurchaseAnswer: a.registerPurchaseAnswer,
    AfterSalesServiceAnswer: a.afterSalesServiceAnswer,
    Form: a.formSchema,
    Purchase: a.purchaseSchema,
    PurchaseWithForms: a.purchaseWithFormsSchema,
    Card: a.cardSchema,
    WrongCode: a.wrongCodeSchema,
    Callback: a.callbackSchema,
    Finding: a.findingSchema,
    Opinion: a.opinionSchema,
    OpinionSummary: a.opinionSummarySchema,
    Violation: a.violationSchema,
    Scorecard: a.scorecardSchema,
    Trend: a.trendSchema,
    Scores: a.scoresSchema,
    Rebuild: a.rebuildAnswer,
    PenaltyCase: a.penaltyCaseSchema,
    Policy: a.policySchema,
    PolicyWhatIf: a.policyWhatIfSchema,
    Problem: a.problemSchema,
    PublicHealth: a.publicHealthSchema,
  },
} satisfies Record<string, Record<string, z.ZodType>>;

type JsonSchema = Record<string, unknown>;
const ref = (id: string) => `#/components/schemas/${id}`;

/** Named schemas point into the components; a safe integer's bounds are no news. */
const tidy = (json: unknown): unknown =>
  JSON.parse(
    JSON.stringify(json)
      .replace(/"#\/\$defs\/(\w+)"/g, (_, id: string) => JSON.stringify(ref(id)))
      .replace(/,?"(maximum|minimum)":-?9007199254740991/g, ''),
  );

/** The named schemas of one direction, each as JSON Schema with references to the others. */
function components(
  schemas: Record<string, z.ZodType>,
  io: 'input' | 'output',
): { ids: Map<z.ZodType, string>; schemas: Record<string, JsonSchema> } {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(schemas)) {
    registry.add(schema, { id });
    ids.set(schema, id);
  }
  const out = tidy(z.toJSONSchema(registry, { io, uri: ref, unrepresentable: 'any' }).schemas) as Record<string, JsonSchema>;
  return { ids, schemas: Object.fromEntries(Object.entries(out).map(([id, { $schema: _, $id: _id, ...s }]) => [id, s])) };
}

// made on the first document only: the web UI imports this library for its types and validation
let made: { requests: ReturnType<typeof components>; answers: ReturnType<typeof components> } | undefined;
const namedComponents = () => (made ??= { requests: components(named.requests, 'input'), answers: components(named.answers, 'output') });

/** A schema of a route: a reference when it is named, else inline (with references to the named ones inside). */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { ids } = namedComponents()[io === 'input' ? 'requests' : 'answers'];
  const id = ids.get(schema);
  if (id) return { $ref: ref(id) };
  const registry = z.registry<{ id: string }>();
  for (const [s, name] of ids) registry.add(s, { id: name });
  const { $schema: _, ...inline } = tidy(z.toJSONSchema(schema, { io, unrepresentable: 'any', metadata: registry })) as JsonSchema;
  // zod names the referenced schemas under $defs only to point at the URI; the components hold them
  delete inline.$defs;
  return inline;
}

/** The query's fields as parameters, each with its own schema. */
function queryParameters(query: z.ZodObject) {
  const json = tidy(z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' })) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

const problemContent = { 'application/problem+json': { schema: { $ref: ref('Problem') } } };

function operation(route: Route) {
  const status = route.status ?? 200;
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const parameters = [
    ...pathParameters,
    ...(route.query ? queryParameters(route.query) : []),
    ...(route.method === 'post' && route.path !== '/auth/login'
      ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 } }]
      : []),
  ];
  const files = Object.fromEntries(
    ['image/jpeg', 'image/png', 'application/pdf'].map((t) => [t, { schema: { type: 'string', contentMediaType: t } }]),
  );
  const content = route.pdf
    ? { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } }
    : route.file
      ? files
      : route.csv
        ? { 'text/csv; charset=utf-8': { schema: { type: 'string', contentMediaType: 'text/csv' } } }
        : route.answer
          ? { 'application/json': { schema: schemaOf(route.answer, 'output') } }
          : undefined;
  return {
    summary: route.summary,
    description: `Roles: ${route.roles}.`,
    tags: [route.tag],
    'x-roles': route.roles,
    ...(route.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.upload ? { requestBody: { required: true, content: files } } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } } : {}),
    responses: {
      [status]: { description: status === 204 ? 'Done; no body' : 'OK', ...(content ? { content } : {}) },
      ...(route.alsoStatus
        ? { [route.alsoStatus.status]: { description: route.alsoStatus.description, ...(content ? { content } : {}) } }
        : {}),
      ...(route.neverShed ? {} : { 503: overloaded }),
      default: { description: 'A problem (RFC 9457): 400, 401, 403, 404, 409, 413, 415, 422, 423, 429 or 500', content: problemContent },
    },
  };
}

const overloaded = {
  description:
    'OVERLOADED: too many requests of this kind at once, nothing was done, retry after Retry-After seconds; or SERVICE_UNAVAILABLE: a service behind the entry point does not answer',
  headers: { 'Retry-After': { description: 'seconds to wait before retrying (OVERLOADED)', schema: { type: 'integer' } } },
  content: problemContent,
};

export function openApiDocument({ testClock = false }: { testClock?: boolean } = {}) {
  // outside /api/v1: liveness and readiness of the entry point, for load balancers and probes
  const health = (summary: string) => ({
    get: {
      summary,
      description: 'Roles: anyone (no token).',
      tags: ['operations'],
      'x-roles': 'anyone',
      security: [],
      responses: {
        200: { description: 'Up', content: { 'application/json': { schema: { $ref: ref('PublicHealth') } } } },
        503: { description: 'Down', content: { 'application/json': { schema: { $ref: ref('PublicHealth') } } } },
      },
    },
  });
  const paths: Record<string, Record<string, unknown>> = {
    '/health': health('Liveness and readiness of the entry point together'),
    '/health/live': health('Liveness of the entry point: the process can still work'),
    '/health/ready': health('Readiness of the entry point: its database, Kafka and the services behind it answer'),
  };
  for (const route of routes.filter((x) => testClock || !x.testClock))
    (paths[`/api/v1${route.path}`] ??= {})[route.method] = operation(route);
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
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ...namedComponents().requests.schemas, ...namedComponents().answers.schemas },
    },
    paths,
  };
}
