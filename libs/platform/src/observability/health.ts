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

export class HealthChecks {
  private readonly readiness = new Map<string, Check>();
  private readonly liveness = new Map<string, Check>();
  private readonly details = new Map<string, () => unknown>();

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
    this.details.set(name, read);
  }

  async liveReport(): Promise<HealthReport> {
    return run(this.liveness);
  }

  async readyReport(): Promise<HealthReport> {
    return run(this.readiness);
  }

  /** `/health`: ready and live together, with the details. */
  async summary(): Promise<HealthReport & { details?: Record<string, unknown> }> {
    const [live, ready] = await Promise.all([this.liveReport(), this.readyReport()]);
    const up = live.status === 'up' && ready.status === 'up';
    const details = Object.fromEntries([...this.details].map(([k, read]) => [k, read()]));
    return {
      status: up ? 'up' : 'down',
      checks: { ...live.checks, ...ready.checks },
      ...(this.details.size ? { details } : {}),
    };
  }
}

async function run(checks: Map<string, Check>): Promise<HealthReport> {
  const out: Record<string, string> = {};
  await Promise.all(
    [...checks].map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>(
        (r) => (timer = setTimeout(() => r(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS)),
      );
      try {
        const answer = await Promise.race([Promise.resolve().then(check), timeout]);
        out[name] = answer === true ? 'up' : `down: ${answer}`;
      } catch (e) {
        out[name] = `down: ${String(e)}`;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { status: Object.values(out).every((v) => v === 'up') ? 'up' : 'down', checks: out };
}
