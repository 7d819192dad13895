import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, configureClient } from './api/client';
import type { Merchant, Role, Session } from './api/types';
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
let whenRefused: () => void = () => undefined;
configureClient({ token: () => current?.accessToken ?? null, unauthorized: () => whenRefused() });

interface SessionContextValue {
  session: Session | null;
  expired: boolean;
  login: (username: string, password: string) => Promise<Session>;
  logout: () => void;
  /** The system's "now": the test clock's when the system runs in test mode, else this computer's. */
  now: () => Date;
  today: () => string;
  thisMonth: () => string;
  timeZone: string;
  /** Re-reads the system's clock (after a page change, say). */
  syncClock: () => void;
  merchants: Merchant[];
  merchantName: (id: string | null | undefined) => string;
  reloadMerchants: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(current);
  const [expired, setExpired] = useState(false);
  const [offsetMs, setOffsetMs] = useState(0);
  const [merchants, setMerchants] = useState<Merchant[]>([]);
  const [timeZone, setTimeZone] = useState(MALL_TIME_ZONE);
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
    whenRefused = () => {
      if (!current) return;
      store(null);
      setExpired(true);
    };
  }, [store]);

  const syncClock = useCallback(() => {
    if (!current || testClock.current === 'off') return;
    api
      .get<{ now: string }>('/_test/clock')
      .then((c) => {
        testClock.current = 'on';
        setOffsetMs(new Date(c.now).getTime() - Date.now());
      })
      .catch((e) => {
        // outside test mode the path does not exist: this computer's clock is the clock
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) testClock.current = 'off';
      });
  }, []);

  const reloadMerchants = useCallback(() => {
    if (!current) return;
    api
      .get<{ items: Merchant[] }>('/merchants')
      .then((r) => setMerchants(r.items))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!session) return;
    syncClock();
    reloadMerchants();
    api
      .get<{ timeZone?: string }>('/policy')
      .then((p) => p.timeZone && setTimeZone(p.timeZone))
      .catch(() => undefined);
  }, [session, syncClock, reloadMerchants]);

  const login = useCallback(
    async (username: string, password: string) => {
      const answer = await api.post<Session & { role: Role }>('/auth/login', { username, password });
      const s: Session = {
        accessToken: answer.accessToken,
        role: answer.role,
        username: answer.username ?? username,
        merchantId: answer.merchantId,
      };
      store(s);
      setExpired(false);
      return s;
    },
    [store],
  );

  const logout = useCallback(() => {
    store(null);
    setMerchants([]);
    setExpired(false);
    testClock.current = 'unknown';
  }, [store]);

  const value = useMemo<SessionContextValue>(() => {
    const now = () => new Date(Date.now() + offsetMs);
    const byId = new Map(merchants.map((m) => [m.id, m]));
    return {
      session,
      expired,
      login,
      logout,
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
      reloadMerchants,
    };
  }, [session, expired, login, logout, offsetMs, timeZone, syncClock, merchants, reloadMerchants]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in session (the pages behind the login page always have one). */
export function useUser(): Session {
  const { session } = useSession();
  if (!session) throw new Error('no session');
  return session;
}
