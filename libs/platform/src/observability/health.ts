import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/**
 * What a service knows about its own health, in two questions (docs/operations.md, "Health"):
 * - live: is this process still able to do its work at all? A "no" means: restart me.
 * - ready: should traffic and work be sent here right now? A "no" means: wait, or look.
 * Each part of the platform (database, Kafka, consumers, relay, the gateway's upstreams)
 * registers its own checks; a check answers `true` or the reason it is down.
 */
export type CheckAnswer = true | string;
export type Check = () => CheckAnswer | Promise<CheckAnswer>;

export interface HealthReport {
  status: 'up' | 'down';
  checks: Record<string, string>;
}

/** A check that takes longer than this is down: a health answer must never hang. */
const CHECK_TIMEOUT_MS = 3000;

/** The checks the parts of a service register on its runtime, before Nest runs them. */
export class HealthChecks {
  readonly readiness = new Map<string, Check>();
  readonly liveness = new Map<string, Check>();
  private readonly facts = new Map<string, () => unknown>();

  /** A condition for taking traffic and work; while it fails the service is up but not ready. */
  ready(name: string, check: Check): void {
    this.readiness.set(name, check);
  }

  /** A condition for being alive; while it fails a supervisor should restart the process. */
  live(name: string, check: Check): void {
    this.liveness.set(name, check);
  }

  /** Extra facts shown with the summary (e.g. a consumer's lag and restarts); never decides anything. */
  detail(name: string, read: () => unknown): void {
    this.facts.set(name, read);
  }

  /** The facts as they are now; undefined when nothing registered any. */
  details(): Record<string, unknown> | undefined {
    return this.facts.size ? Object.fromEntries([...this.facts].map(([k, read]) => [k, read()])) : undefined;
  }
}

/**
 * Runs the registered checks through @nestjs/terminus: each check is a health indicator of its
 * name (HealthIndicatorService), and HealthCheckService runs them together. Its answer (`ok` or
 * an error with `details` per indicator) is read back into our report, `{status: up|down,
 * checks: {name: "up" | "down: why"}}`, the shape the probes, the supervisor and the load
 * harness read (docs/architecture.md, "Health is two questions").
 */
@Injectable()
export class HealthReports {
  constructor(
    private readonly terminus: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  live(h: HealthChecks): Promise<HealthReport> {
    return this.run(h.liveness);
  }

  ready(h: HealthChecks): Promise<HealthReport> {
    return this.run(h.readiness);
  }

  /** `/health`: ready and live together, with the details. */
  async summary(h: HealthChecks): Promise<HealthReport & { details?: Record<string, unknown> }> {
    const [live, ready] = await Promise.all([this.live(h), this.ready(h)]);
    const details = h.details();
    return {
      status: live.status === 'up' && ready.status === 'up' ? 'up' : 'down',
      checks: { ...live.checks, ...ready.checks },
      ...(details ? { details } : {}),
    };
  }

  private async run(checks: Map<string, Check>): Promise<HealthReport> {
    let result: HealthCheckResult;
    try {
      result = await this.terminus.check(
        [...checks].map(
          ([name, check]) =>
            () =>
              this.indicate(name, check),
        ),
      );
    } catch (e) {
      // terminus answers a failed check with 503 and the whole result
      if (!(e instanceof ServiceUnavailableException)) throw e;
      result = e.getResponse() as HealthCheckResult;
    }
    const checksOut = Object.fromEntries(
      Object.entries(result.details).map(([name, d]) => [name, d.status === 'up' ? 'up' : `down: ${String(d.reason)}`]),
    );
    return { status: result.status === 'ok' ? 'up' : 'down', checks: checksOut };
  }

  /** One check as a terminus indicator: up, or down with its reason (a throw, or no answer in time). */
  private async indicate(name: string, check: Check): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(name);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((r) => (timer = setTimeout(() => r(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS)));
    try {
      const answer = await Promise.race([Promise.resolve().then(check), timeout]);
      return answer === true ? indicator.up() : indicator.down({ reason: answer });
    } catch (e) {
      return indicator.down({ reason: String(e) });
    } finally {
      clearTimeout(timer);
    }
  }
}
