/**
 * What the UI has read from the API, kept by TanStack Query: a GET's answer is cached under the
 * key of its path, shown again at once when its page comes back, and read again whenever it is
 * shown, when the window gets the focus back and when the network returns. A change made here
 * invalidates the paths it changes, so what is on screen is read again at once.
 */
import { QueryClient, QueryKey, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from './client';

/**
 * The cache key of a GET: the segments of its path, then its query string as an object, so that
 * invalidating `/forms` reaches every list of forms and every form (`/forms?status=filed` is
 * `['forms', {status: 'filed'}]`, `/forms/FD00000001` is `['forms', 'FD00000001']`).
 */
export function keyOf(path: string): QueryKey {
  const [pathPart, queryPart = ''] = path.split('?', 2);
  const segments = pathPart
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const params = Object.fromEntries(new URLSearchParams(queryPart));
  return Object.keys(params).length ? [...segments, params] : segments;
}

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // a refusal or a failure is shown at once with its retry button, as it always was
        retry: false,
        // the services are eventually consistent: a page reads its data again each time it is shown
        staleTime: 0,
        // a browser that thinks it is offline still asks, and tells the user the network problem
        networkMode: 'always',
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
      },
      mutations: { networkMode: 'always' },
    },
  });
}

/** Marks what a change has touched as stale: whatever of it is on screen is read again now. */
export function useInvalidate(): (...paths: string[]) => void {
  const client = useQueryClient();
  return useCallback(
    (...paths: string[]) => {
      for (const path of paths) void client.invalidateQueries({ queryKey: keyOf(path) });
    },
    [client],
  );
}

/** Reads a path now, through the cache: whatever shows the same path is brought up to date too. */
export function useRead(): <T>(path: string) => Promise<T> {
  const client = useQueryClient();
  return useCallback(<T>(path: string) => client.fetchQuery({ queryKey: keyOf(path), queryFn: () => api.get<T>(path) }), [client]);
}
