import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { log, MetricsRegistry, Problem } from '@fd/platform';
import type { GatewayConfig } from '../gateway.config';

/**
 * What a request costs decides how many of its kind may run at once: a registration holds its
 * slot while the forms are issued, a PDF is CPU work in a service, a sign-in is a scrypt hash
 * (32 MB, about 100 ms of a core), a read is a query.
 */
export const ROUTE_CLASSES = ['registrations', 'writes', 'reads', 'exports', 'sign-ins'] as const;
export type RouteClass = (typeof ROUTE_CLASSES)[number];

const REGISTRATION = /^\/api\/v1\/(purchases|cards\/[^/]+\/services)$/;
/** Everything that hashes a password with scrypt: signing in, changing one's own, an administrator's reset. */
const HASHES_A_PASSWORD = /^\/api\/v1\/(auth\/login|auth\/password|users\/[^/]+\/password)$/;

/** The class of a request, or null for what is never shed: health, metrics, the web UI, the API document. */
export function routeClassOf(method: string, path: string): RouteClass | null {
  if (!path.startsWith('/api/v1/') || path === '/api/v1/openapi.json') return null;
  if (method === 'POST' && HASHES_A_PASSWORD.test(path)) return 'sign-ins';
  if (method === 'POST' && REGISTRATION.test(path)) return 'registrations';
  // printouts and CSV exports: few at once, each may hold its slot for a while
  if (path.endsWith('.pdf') || (path.endsWith('.csv') && method === 'GET')) return 'exports';
  if (method === 'GET' || method === 'HEAD') return 'reads';
  return 'writes';
}

export interface LoadLimits {
  /** Requests of a class answered at once; as many again may wait in line for a slot. */
  inFlight: Record<RouteClass, number>;
  /** How long a request waits in line for a slot before it is refused (0: never waits). */
  queueMs: number;
  /** The Retry-After of a refusal, in seconds. */
  retryAfterS: number;
}

/** Defaults for a 2-core machine (docs/operations.md); each overridable by its variable (gateway.config.ts). */
export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  // sign-ins: two scrypt hashes at once hold half of libuv's 4 threads, so a flood of anonymous
  // sign-ins leaves the rest to file reads (the web UI) and other work
  inFlight: { registrations: 16, writes: 32, reads: 64, exports: 4, 'sign-ins': 2 },
  queueMs: 500,
  retryAfterS: 2,
};

/** The limits of the entry point's configuration (GATEWAY_MAX_*, GATEWAY_QUEUE_MS, GATEWAY_RETRY_AFTER_S). */
export function loadLimits(c: Pick<GatewayConfig, GatewayLoadVariable>): LoadLimits {
  return {
    inFlight: {
      registrations: c.GATEWAY_MAX_REGISTRATIONS,
      writes: c.GATEWAY_MAX_WRITES,
      reads: c.GATEWAY_MAX_READS,
      exports: c.GATEWAY_MAX_EXPORTS,
      'sign-ins': c.GATEWAY_MAX_SIGN_INS,
    },
    queueMs: c.GATEWAY_QUEUE_MS,
    retryAfterS: c.GATEWAY_RETRY_AFTER_S,
  };
}
type GatewayLoadVariable =
  `GATEWAY_${'MAX_REGISTRATIONS' | 'MAX_WRITES' | 'MAX_READS' | 'MAX_EXPORTS' | 'MAX_SIGN_INS' | 'QUEUE_MS' | 'RETRY_AFTER_S'}`;

interface Waiter {
  admit(): void;
}

/** The slots of one class and the line of requests waiting for one (first come, first served). */
class Gate {
  inFlight = 0;
  readonly line: Waiter[] = [];
  constructor(readonly limit: number) {}

  tryEnter(): boolean {
    if (this.inFlight >= this.limit) return false;
    this.inFlight++;
    return true;
  }

  /** A request is done: its slot goes to the first in line, or is freed. */
  leave(): void {
    const next = this.line.shift();
    if (next) next.admit();
    else this.inFlight--;
  }

  drop(w: Waiter): void {
    const i = this.line.indexOf(w);
    if (i >= 0) this.line.splice(i, 1);
  }
}

const WHAT: Record<RouteClass, string> = {
  registrations: 'registrations',
  writes: 'changes',
  reads: 'requests',
  exports: 'printouts and exports',
  'sign-ins': 'sign-ins',
};

/**
 * Back-pressure at the entry point: at most `inFlight[class]` requests of a class are answered
 * at once; a request beyond that waits in a line as long as the limit, for at most `queueMs`
 * (a burst a little above capacity is smoothed, not refused), and is otherwise refused at once
 * with 503 OVERLOADED and Retry-After, as a problem document. Never a silent stall: a request
 * either has a slot within `queueMs` or is answered. Slots come back when answers end (or the
 * client goes away), so the gateway returns to normal by itself when the burst is over.
 */
export function shedLoad(limits: LoadLimits, metrics: MetricsRegistry): RequestHandler {
  const gates = new Map(ROUTE_CLASSES.map((c) => [c, new Gate(limits.inFlight[c])]));
  const shed = metrics.counter('gateway_shed_total', 'Requests refused with 503 OVERLOADED, by route class', ['class']);
  metrics.gauge('gateway_in_flight', 'Requests being answered, by route class', ['class'], async () =>
    ROUTE_CLASSES.map((c) => [{ class: c }, gates.get(c)!.inFlight]),
  );
  metrics.gauge('gateway_queued', 'Requests waiting for a slot, by route class', ['class'], async () =>
    ROUTE_CLASSES.map((c) => [{ class: c }, gates.get(c)!.line.length]),
  );

  // one log line per class every 10 s while it sheds, not one per refusal
  const lastNoted = new Map<RouteClass, { at: number; count: number }>();
  const noteShedding = (cls: RouteClass) => {
    const n = lastNoted.get(cls) ?? { at: 0, count: 0 };
    n.count++;
    if (Date.now() - n.at >= 10000) {
      log.warn('shedding load: refusing requests with 503', { class: cls, refused: n.count, inFlight: gates.get(cls)!.inFlight });
      n.at = Date.now();
      n.count = 0;
    }
    lastNoted.set(cls, n);
  };

  return (req: Request, res: Response, next: NextFunction) => {
    const cls = routeClassOf(req.method, req.path);
    if (!cls) return next();
    const gate = gates.get(cls)!;

    const admitted = () => {
      res.once('close', () => gate.leave());
      next();
    };
    // answered here, not thrown: the problem filter would log every refusal as a failure
    const refuse = () => {
      shed.inc({ class: cls });
      noteShedding(cls);
      if (res.headersSent || res.destroyed) return;
      const problem = new Problem(
        503,
        'OVERLOADED',
        `Too many ${WHAT[cls]} at once right now; nothing was done. Try again in ${limits.retryAfterS} s` +
          (req.method === 'POST' ? ' (with the same Idempotency-Key, a retry is safe).' : '.'),
      );
      res
        .status(503)
        .set({ 'Retry-After': String(limits.retryAfterS), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
        .type('application/problem+json')
        .send(JSON.stringify(problem.toDocument()));
    };

    if (gate.tryEnter()) return admitted();
    if (limits.queueMs <= 0 || gate.line.length >= gate.limit) return refuse();
    const abandon = () => {
      clearTimeout(timer);
      gate.drop(waiter);
    };
    const waiter: Waiter = {
      admit: () => {
        clearTimeout(timer);
        res.off('close', abandon);
        admitted();
      },
    };
    const timer = setTimeout(() => {
      gate.drop(waiter);
      res.off('close', abandon);
      refuse();
    }, limits.queueMs);
    res.once('close', abandon); // the client gave up while in line
    gate.line.push(waiter);
  };
}
