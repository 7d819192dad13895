import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, configureClient, Problem } from './api/client';
import { keyOf } from './api/queries';
import type { Merchant, Role, Session } from './api/types';
import { DEFAULT_MALL } from '@fd/api';
import { dateIn, MALL_TIME_ZONE, monthOf } from './format';

const STORAGE_KEY = 'fd.session';

function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

// The client reads the token from here on every call, so it is never stale. It is wired
// before the first render: pages start loading in their effects, before the provider's own.
let current: Session | null = loadSession();
let whenRefused: (problem: Problem) => void = () => undefined;
configureClient({ token: () => current?.accessToken ?? null, unauthorized: (problem) => whenRefused(problem) });

/** Why the user is back at the sign-in page: the session was ended on the server, or it ran out. */
export type SessionEnd = 'ended' | 'expired';

// how long a sign-out waits for the server before the session is forgotten here anyway
const SIGN_OUT_WAIT_MS = 5000;

interface SessionContextValue {
  session: Session | null;
  /** Set when a refused token sent the user back to the sign-in page, until they sign in again. */
  endedBecause: SessionEnd | null;
  login: (username: string, password: string) => Promise<Session>;
  /** Ends the session on the server, then here (here even when the server cannot be reached). */
  logout: () => Promise<void>;
  /** The system runs in test mode: its clock can be moved (GET /_test/clock answers). */
  testClock: boolean;
  /** The system's "now": the test clock's when the system runs in test mode, else this computer's. */
  now: () => Date;
  today: () => string;
  thisMonth: () => string;
  timeZone: string;
  /** Re-reads the system's clock (after a page change, say). */
  syncClock: () => void;
  /** The merchants the user may see (the same cached answer as the merchants page's, so a new one shows everywhere). */
  merchants: Merchant[];
  merchantName: (id: string | null | undefined) => string;
}

const NO_MERCHANTS: Merchant[] = [];

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(current);
  const [endedBecause, setEndedBecause] = useState<SessionEnd | null>(null);
  const [clockOn, setClockOn] = useState(false);
  const [offsetMs, setOffsetMs] = useState(0);
  const testClock = useRef<'unknown' | 'on' | 'off'>('unknown');

  const store = useCallback((s: Session | null) => {
    current = s;
    try {
      if (s) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
      else sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // without storage the session lasts until the page is reloaded
    }
    setSession(s);
  }, []);

  useEffect(() => {
    whenRefused = (problem) => {
      if (!current) return;
      store(null);
      // signed out elsewhere, the password changed or the account disabled; anything else has run out
      setEndedBecause(problem.code === 'SESSION_ENDED' ? 'ended' : 'expired');
    };
  }, [store]);

  const syncClock = useCallback(() => {
    if (!current || testClock.current === 'off') return;
    api
      .get<{ now: string }>('/_test/clock')
      .then((c) => {
        testClock.current = 'on';
        setClockOn(true);
        setOffsetMs(new Date(c.now).getTime() - Date.now());
      })
      .catch((e) => {
        // outside test mode the path does not exist: this computer's clock is the clock
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
          testClock.current = 'off';
          setClockOn(false);
        }
      });
  }, []);

  // read with the pages' own keys: a merchant registered or a policy saved is seen here too
  const merchantList = useQuery({
    queryKey: keyOf('/merchants'),
    queryFn: () => api.get<{ items: Merchant[] }>('/merchants'),
    // the group administration reads no mall's merchants
    enabled: session !== null && session.role !== 'group_admin',
  });
  const policy = useQuery({
    queryKey: keyOf('/policy'),
    queryFn: () => api.get<{ timeZone?: string }>('/policy'),
    // a mall's policy; the group administration has none (its pages take the month the server names)
    enabled: session !== null && session.role !== 'group_admin',
  });
  const merchants = (session && merchantList.data?.items) || NO_MERCHANTS;
  const timeZone = (session && policy.data?.timeZone) || MALL_TIME_ZONE;

  const queryClient = useQueryClient();
  useEffect(() => {
    if (session) syncClock();
    // what one user read is never shown to the next one
    else queryClient.clear();
  }, [session, syncClock, queryClient]);

  const login = useCallback(
    async (username: string, password: string) => {
      const answer = await api.post<Session & { role: Role }>('/auth/login', { username, password });
      const s: Session = {
        accessToken: answer.accessToken,
        role: answer.role,
        username: answer.username ?? username,
        merchantId: answer.merchantId,
        mallId: answer.mallId,
      };
      store(s);
      setEndedBecause(null);
      return s;
    },
    [store],
  );

  const logout = useCallback(async () => {
    if (current) {
      // a session the server has already ended, or a server out of reach, does not keep anyone signed in here
      const ended = api.post('/auth/logout', {}).catch(() => undefined);
      await Promise.race([ended, new Promise((resolve) => window.setTimeout(resolve, SIGN_OUT_WAIT_MS))]);
    }
    store(null);
    setEndedBecause(null);
    testClock.current = 'unknown';
    setClockOn(false);
    setOffsetMs(0);
  }, [store]);

  const value = useMemo<SessionContextValue>(() => {
    const now = () => new Date(Date.now() + offsetMs);
    const byId = new Map(merchants.map((m) => [m.id, m]));
    return {
      session,
      endedBecause,
      login,
      logout,
      testClock: clockOn,
      now,
      today: () => dateIn(now(), timeZone),
      thisMonth: () => monthOf(dateIn(now(), timeZone)),
      timeZone,
      syncClock,
      merchants,
      merchantName: (id) => {
        if (!id) return '';
        const m = byId.get(id);
        return m ? `${m.name} · ${m.stall}` : id;
      },
    };
  }, [session, endedBecause, login, logout, clockOn, offsetMs, timeZone, syncClock, merchants]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/**
 * The mall the signed-in user belongs to, as the entry point says (`GET /auth/me`), else as the
 * sign-in said; the default mall for an account from before there were several.
 */
export function useMallOfUser(): string {
  const { session } = useSession();
  const me = useQuery({
    queryKey: keyOf('/auth/me'),
    queryFn: () => api.get<{ mallId?: string }>('/auth/me'),
    enabled: session !== null,
    staleTime: Infinity,
  });
  return (session && (me.data?.mallId ?? session.mallId)) || DEFAULT_MALL;
}

/** The signed-in session (the pages behind the login page always have one). */
export function useUser(): Session {
  const { session } = useSession();
  if (!session) throw new Error('no session');
  return session;
}
