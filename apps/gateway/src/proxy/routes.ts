/** Which service owns which part of /api/v1 (docs/architecture.md). First match wins. */
export type ServiceName = 'registration' | 'forms' | 'callbacks' | 'scoring';

const ROUTES: Array<[RegExp, ServiceName]> = [
  [/^\/api\/v1\/merchants\/[^/]+\/scores(\/|$)/, 'scoring'],
  [/^\/api\/v1\/(scores|penalty-cases|policy|admin\/rebuild-scores)(\/|$)/, 'scoring'],
  [/^\/api\/v1\/(merchants|purchases|cards)(\/|$)/, 'registration'],
  [/^\/api\/v1\/(forms|wrong-verification-codes)(\/|$)/, 'forms'],
  [/^\/api\/v1\/(callbacks|findings|opinions)(\/|$)/, 'callbacks'],
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
export function serviceUrls(): Record<ServiceName, string[]> {
  const urls = (s: ServiceName) =>
    (process.env[`${s.toUpperCase()}_URL`] ?? `http://127.0.0.1:${DEFAULT_PORTS[s]}`)
      .split(',')
      .map((u) => u.trim().replace(/\/+$/, ''))
      .filter(Boolean);
  return { registration: urls('registration'), forms: urls('forms'), callbacks: urls('callbacks'), scoring: urls('scoring') };
}
