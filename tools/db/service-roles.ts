// One PostgreSQL role per service (docs/architecture.md, "One database role per service"): the
// provisioning that `startSystem` (so `npm start` and the end-to-end tests) runs with the
// administrator's connection before it starts any service. The work itself is
// deploy/postgres/service-roles.sql, the same file docker-compose.yml runs with psql.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from '@fd/platform';

export const SERVICE_ROLES_SQL = path.resolve(__dirname, '../../deploy/postgres/service-roles.sql');
export const DEFAULT_ROLE_PREFIX = 'fd_';

export interface ServiceRolesOptions {
  /** The services; each gets the role `<prefix><service>`, owner of the schema `<service>`. */
  services: readonly string[];
  /** Default `fd_`. The roles belong to the whole server, so every database on it shares them. */
  rolePrefix?: string;
  /** A role's password, per service; none leaves the role's password as it is (trust authentication needs none). */
  passwords?: Partial<Record<string, string>>;
  /** The shared test clock's table, read by every role and moved by the gateway's. */
  testClock?: boolean;
}

/** The login role of a service. */
export function serviceRole(service: string, prefix = DEFAULT_ROLE_PREFIX): string {
  return `${prefix}${service}`;
}

/** `REGISTRATION_DATABASE_PASSWORD` and so on: each role's password, from the environment. */
export function passwordsFromEnv(services: readonly string[], env: NodeJS.ProcessEnv = process.env): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const s of services) {
    const pw = env[`${s.toUpperCase()}_DATABASE_PASSWORD`];
    if (pw) out[s] = pw;
  }
  return out;
}

/** The administrator's URL with the service's role (and its password, if it has one) in place of the administrator. */
export function serviceDatabaseUrl(adminUrl: string, service: string, o: { rolePrefix?: string; password?: string } = {}): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(serviceRole(service, o.rolePrefix));
  url.password = o.password ? encodeURIComponent(o.password) : '';
  return url.toString();
}

/**
 * Creates the database of `adminUrl` if it is missing (the services' roles may not), then makes
 * each service's role and schema as deploy/postgres/service-roles.sql says. Idempotent, and safe
 * while other runs provision other databases of the same server.
 */
export async function provisionServiceRoles(adminUrl: string, o: ServiceRolesOptions): Promise<void> {
  await ensureDatabase(adminUrl);
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const settings: [string, string][] = [
      ['feedback_desk.services', o.services.join(',')],
      ['feedback_desk.role_prefix', o.rolePrefix ?? DEFAULT_ROLE_PREFIX],
      ['feedback_desk.test_clock', o.testClock ? 'on' : 'off'],
      ...o.services.map((s): [string, string] => [`feedback_desk.password_${s}`, o.passwords?.[s] ?? '']),
    ];
    for (const [name, value] of settings) await c.query('SELECT set_config($1, $2, false)', [name, value]);
    await c.query(readFileSync(SERVICE_ROLES_SQL, 'utf8'));
  } finally {
    await c.end();
  }
}
