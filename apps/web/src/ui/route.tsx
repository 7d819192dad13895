import { useCallback } from 'react';
import { Link as RouterLink, LinkProps as RouterLinkProps, useNavigate } from 'react-router';

/**
 * The pages' way to react-router (which keeps the location in the hash: `#/forms?status=filed`): a path and
 * its query as a record, whose empty values are left out.
 */
export type Query = Record<string, string | undefined>;

/** The search part of a URL: searchOf({status: 'filed', period: ''}) → "?status=filed". */
export function searchOf(query: Query = {}): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`)
    .join('&');
  return q ? `?${q}` : '';
}

/** navigate(path, query, replace): goes to a page, replacing the current entry of the history if asked. */
export function useNavigateTo(): (path: string, query?: Query, replace?: boolean) => void {
  const go = useNavigate();
  return useCallback(
    (path: string, query: Query = {}, replace = false) => go({ pathname: path, search: searchOf(query) }, { replace }),
    [go],
  );
}

type LinkProps = Omit<RouterLinkProps, 'to'> & { to: string; query?: Query };

export function Link({ to, query, ...rest }: LinkProps) {
  return <RouterLink to={{ pathname: to, search: searchOf(query) }} {...rest} />;
}
