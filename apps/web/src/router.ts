/** A tiny hash router: `#/merchants/M1/scorecard?period=2026-10`. Pure: no DOM. */
export interface Location {
  path: string;
  query: Record<string, string>;
}

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const query: Record<string, string> = {};
  for (const pair of queryPart.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=', 2);
    query[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, ' '));
  }
  const path = `/${pathPart.split('/').filter(Boolean).join('/')}`;
  return { path, query };
}

/** Params of a pattern like `/forms/:serial`, or null when the path does not fit it. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

/** The href of a route: href('/forms/:serial', {serial: 'FD1'}, {tab: 'x'}) → "#/forms/FD1?tab=x". */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`)
    .join('&');
  return `#${path}${q ? `?${q}` : ''}`;
}
