import { Client, ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { log } from '../observability/logger';

/**
 * The name of a NOTIFY channel of one schema: `<schema>.<what>`. PostgreSQL refuses a
 * channel longer than 63 bytes in pg_notify (and cuts it in LISTEN), so both sides cut it
 * here the same way; SQL that computes the channel must do `left(schema || '.' || what, 63)`.
 */
export function notifyChannel(schema: string, what: string): string {
  return `${schema}.${what}`.slice(0, 63);
}

/**
 * How to open one more connection to the database of a DataSource, outside its pool. TCP
 * keep-alive probes start after 10 s idle (not the system's 2 hours), so a listening connection
 * that died silently (a network drop, a fail-over) is noticed and opened again.
 */
export function connectionConfigOf(ds: DataSource): ClientConfig {
  const o = ds.options as PostgresConnectionOptions;
  const base: ClientConfig = o.url
    ? { connectionString: o.url }
    : { host: o.host, port: o.port, user: o.username, password: o.password as string | undefined, database: o.database };
  return {
    ...base,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: `${process.env.SERVICE_NAME ?? 'fd'}-listener`,
  };
}

export interface PgListenerOptions {
  /** A label for the logs. */
  name: string;
  config: ClientConfig;
  channels: string[];
  /** A notification on one of the channels (payload as sent). */
  onNotify: (channel: string, payload: string) => void;
  /**
   * The connection is listening again (the first time too): whatever was notified while it
   * was down was lost, so look at the tables once.
   */
  onListening?: () => void;
  /** Longest pause between reconnection attempts. */
  maxBackoffMs?: number;
}

/**
 * One dedicated connection that LISTENs on a few channels for the life of the process, and
 * reconnects with backoff when it is dropped (a restarted server, pg_terminate_backend in a
 * fault drill). A pooled connection cannot do this: LISTEN belongs to the session.
 */
export class PgListener {
  private client: Client | null = null;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private lastError: string | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly opts: PgListenerOptions) {}

  /** True while the connection is up and LISTENing. */
  get listening(): boolean {
    return this.client !== null;
  }

  get error(): string | null {
    return this.lastError;
  }

  /** Connects and LISTENs; if that fails it keeps trying in the background (never throws). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.connecting;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting = this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const c = new Client(this.opts.config);
    let dropped = false;
    const drop = (why: unknown) => {
      if (dropped) return;
      dropped = true;
      if (this.client === c) this.client = null;
      c.removeAllListeners('notification');
      c.end().catch(() => undefined);
      this.retry(why);
    };
    c.on('error', drop); // without a listener an error on an idle client would end the process
    c.on('end', () => drop('the connection ended'));
    c.on('notification', (n) => this.opts.onNotify(n.channel, n.payload ?? ''));
    try {
      await c.connect();
      for (const ch of this.opts.channels) await c.query(`LISTEN ${c.escapeIdentifier(ch)}`);
    } catch (e) {
      drop(e);
      return;
    }
    if (this.stopped || dropped) {
      await c.end().catch(() => undefined);
      return;
    }
    this.client = c;
    if (this.attempt > 0) log.info('listening again', { listener: this.opts.name, afterAttempts: this.attempt });
    this.attempt = 0;
    this.lastError = null;
    this.opts.onListening?.();
  }

  private retry(why: unknown): void {
    if (this.stopped) return;
    this.lastError = String((why as Error)?.message ?? why);
    const backoff = Math.min(100 * 2 ** this.attempt, this.opts.maxBackoffMs ?? 5000);
    this.attempt++;
    log.warn('listen connection lost; reconnecting', { listener: this.opts.name, error: this.lastError, backoffMs: backoff });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) void this.connect();
    }, backoff);
    this.timer.unref();
  }
}
