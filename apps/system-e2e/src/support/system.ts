import { httpClient, uniqueName } from '@fd/platform/testing';
import { freePort, onDatabaseServer, RunningSystem, ServiceName, startSystem } from '@fd/system';
import { checkedAnswers } from './answers';

export type Api = ReturnType<typeof httpClient>;

const ADMIN_PASSWORD = 'e2e-admin-password';
/** The group administration's bootstrap account `group` (role group_admin). */
export const GROUP_ADMIN_PASSWORD = 'e2e-group-password';

/**
 * The whole system as separate processes, on a database and Kafka topics of its own, with
 * the test clock on: what a user gets from `npm start`, through the public entry point.
 */
export class E2eSystem {
  private constructor(
    readonly system: RunningSystem,
    private readonly database: string,
    readonly admin: Api,
  ) {}

  static async start(opts: { instances?: Partial<Record<ServiceName, number>> } = {}): Promise<E2eSystem> {
    const database = uniqueName('fd_e2e');
    await onDatabaseServer((c) => c.query(`CREATE DATABASE "${database}"`));
    const names = ['gateway', 'registration', 'forms', 'callbacks', 'scoring'] as const;
    const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()])));
    const system = await startSystem({
      databaseUrl: `postgres://postgres@127.0.0.1:5432/${database}`,
      topicPrefix: `${database}.`,
      testClock: true,
      ports,
      instances: opts.instances,
      env: {
        BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
        BOOTSTRAP_GROUP_ADMIN_PASSWORD: GROUP_ADMIN_PASSWORD,
        SWEEP_INTERVAL_MS: '200',
        LOG_LEVEL: 'warn',
        FORMS_WAIT_MS: '10000',
      },
    });
    const anon = checkedAnswers(httpClient(`${system.url}/api/v1`));
    const login = await anon.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    if (login.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(login.body)}`);
    return new E2eSystem(system, database, anon.as(login.body.accessToken));
  }

  get url() {
    return this.system.url;
  }

  /** A client without a token; every answer it gets is checked against the contract's shapes (./answers.ts). */
  anonymous(): Api {
    return checkedAnswers(httpClient(`${this.system.url}/api/v1`));
  }

  /** Creates an account through the API and returns a client signed in as it. */
  async account(role: 'clerk' | 'merchant' | 'admin' | 'manager', merchantId?: string): Promise<Api> {
    const username = uniqueName(role);
    const password = `${username}-password`;
    const made = await this.admin.post('/users', { username, password, role, ...(merchantId ? { merchantId } : {}) });
    if (made.status !== 201) throw new Error(`could not create ${role}: ${JSON.stringify(made.body)}`);
    const login = await this.anonymous().post('/auth/login', { username, password });
    return this.anonymous().as(login.body.accessToken);
  }

  /**
   * What an entry point killed in the middle of requests leaves behind: no stored answers for
   * their Idempotency-Keys (a retry then takes the key over and goes to the service again).
   */
  async forgetStoredAnswers(): Promise<void> {
    await onDatabaseServer((c) => c.query('DELETE FROM gateway.idempotency_keys'), `postgres://postgres@127.0.0.1:5432/${this.database}`);
  }

  /** The roles connected to the system's database, besides the administrator asking. */
  async databaseRoles(): Promise<string[]> {
    const r = await onDatabaseServer(
      (c) =>
        c.query<{ role: string }>(
          `SELECT DISTINCT usename AS role FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY 1`,
        ),
      `postgres://postgres@127.0.0.1:5432/${this.database}`,
    );
    return r.rows.map((x) => x.role);
  }

  async stop(): Promise<void> {
    await this.system.stop();
    await onDatabaseServer((c) => c.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`));
  }
}
