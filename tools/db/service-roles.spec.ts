import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { passwordsFromEnv, serviceDatabaseUrl } from './service-roles';

// The provisioning gives each service the schema named after it; docker-compose.yml runs it
// through deploy/postgres/provision-roles.psql, which names the services itself.
const root = path.resolve(__dirname, '../..');
const apps = readdirSync(path.join(root, 'apps')).filter((a) => existsSync(path.join(root, 'apps', a, 'src', 'main.ts')));

describe('the provisioning of the services roles', () => {
  it('coversEveryServiceOfTheRepository_whoseSchemaIsNamedAfterIt', () => {
    const psql = readFileSync(path.join(root, 'deploy/postgres/provision-roles.psql'), 'utf8');
    const listed = /set_config\('feedback_desk\.services', '([^']+)'/.exec(psql)?.[1].split(',');
    expect([...(listed ?? [])].sort()).toEqual([...apps].sort());
    for (const app of apps) {
      expect(psql).toContain(`\\getenv ${app}_password ${app.toUpperCase()}_DATABASE_PASSWORD`);
      expect(psql).toContain(`set_config('feedback_desk.password_${app}', :'${app}_password', false)`);
      const def = readdirSync(path.join(root, 'apps', app, 'src')).find((f) => f.endsWith('.service-def.ts'));
      const schema = /\bschema: '([^']+)'/.exec(readFileSync(path.join(root, 'apps', app, 'src', def!), 'utf8'))?.[1];
      expect(schema).toBe(app);
    }
  });

  it('givesEachServiceTheAdministratorsAddress_withItsOwnRoleAndPassword', () => {
    const admin = 'postgres://postgres:admin-secret@db.example:5432/feedback_desk?sslmode=require';
    expect(serviceDatabaseUrl(admin, 'forms')).toBe('postgres://fd_forms@db.example:5432/feedback_desk?sslmode=require');
    const url = new URL(serviceDatabaseUrl(admin, 'forms', { password: 'p@ss:w/rd%', rolePrefix: 'staging_' }));
    expect([url.username, decodeURIComponent(url.password)]).toEqual(['staging_forms', 'p@ss:w/rd%']);
    expect(passwordsFromEnv(['forms', 'gateway'], { FORMS_DATABASE_PASSWORD: 'x', GATEWAY_DATABASE_PASSWORD: '' })).toEqual({ forms: 'x' });
  });
});
