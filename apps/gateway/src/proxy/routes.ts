import type { GatewayConfig } from '../gateway.config';

/** Which service owns which part of /api/v1 (docs/architecture.md). First match wins. */
export type ServiceName = 'registration' | 'forms' | 'callbacks' | 'scoring';

const ROUTES: Array<[RegExp, ServiceName]> = [
  [/^\/api\/v1\/reports\/monthly\/figures$/, 'scoring'],
  [/^\/api\/v1\/merchants\/[^/]+\/scores(\/|$)/, 'scoring'],
  [/^\/api\/v1\/(scores|penalty-cases|corrective-actions|policy|admin\/rebuild-scores|group)(\/|$)/, 'scoring'],
  [/^\/api\/v1\/(merchants|purchases|cards)(\/|$)/, 'registration'],
  [/^\/api\/v1\/(forms|wrong-verification-codes|public\/self-confirmations|_test\/sms-inbox)(\/|$)/, 'forms'],
  [/^\/api\/v1\/(callbacks|findings|opinions|opinion-categories)(\/|$)/, 'callbacks'],
];

export function serviceFor(path: string): ServiceName | null {
  for (const [re, service] of ROUTES) if (re.test(path)) return service;
  return null;
}

export const DEFAULT_PORTS: Record<ServiceName, number> = { registration: 8081, forms: 8082, callbacks: 8083, scoring: 8084 };

/**
 * Each service's instances: `<SERVICE>_URL` is one base URL, or several separated by commas
 * (several instances of the service, spread over by `Upstreams`).
 */
export function serviceUrls(
  c: Pick<GatewayConfig, 'REGISTRATION_URL' | 'FORMS_URL' | 'CALLBACKS_URL' | 'SCORING_URL'>,
): Record<ServiceName, string[]> {
  return { registration: c.REGISTRATION_URL, forms: c.FORMS_URL, callbacks: c.CALLBACKS_URL, scoring: c.SCORING_URL };
}
