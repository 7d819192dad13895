/** Which service owns which part of /api/v1 (docs/architecture.md). First match wins. */
export type ServiceName = 'registration' | 'forms' | 'callbacks' | 'scoring';

const ROUTES: Array<[RegExp, ServiceName]> = [
  [/^\/api\/v1\/merchants\/[^/]+\/scores(\/|$)/, 'scoring'],
  [/^\/api\/v1\/(scores|penalty-cases|policy|admin\/rebuild-scores)(\/|$)/, 'scoring'],
  [/^\/api\/v1\/(merchants|purchases|cards)(\/|$)/, 'registration'],
  [/^\/api\/v1\/forms(\/|$)/, 'forms'],
  [/^\/api\/v1\/(callbacks|findings|opinions)(\/|$)/, 'callbacks'],
];

export function serviceFor(path: string): ServiceName | null {
  for (const [re, service] of ROUTES) if (re.test(path)) return service;
  return null;
}

export const DEFAULT_PORTS: Record<ServiceName, number> = { registration: 8081, forms: 8082, callbacks: 8083, scoring: 8084 };

export function serviceUrls(): Record<ServiceName, string> {
  const url = (s: ServiceName) => process.env[`${s.toUpperCase()}_URL`] ?? `http://127.0.0.1:${DEFAULT_PORTS[s]}`;
  return { registration: url('registration'), forms: url('forms'), callbacks: url('callbacks'), scoring: url('scoring') };
}
