import 'reflect-metadata';
import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { openApiDocument, Role, routes } from '@fd/api';
import { HealthController, rolesLetIn } from '@fd/platform';
// each service's module as it boots (the tools may read any project, as tools/kafka/acls.ts does)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { gatewayService } from '../../apps/gateway/src/gateway.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { registrationService } from '../../apps/registration/src/registration.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { formsService } from '../../apps/forms/src/forms.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { callbacksService } from '../../apps/callbacks/src/callbacks.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { scoringService } from '../../apps/scoring/src/scoring.service-def';

/**
 * The OpenAPI document (generated from libs/api) against the routes the services really
 * expose: the HTTP routes of every controller of each service's Nest module, read from Nest's
 * own metadata, and the entry point's own routes, with the test clock's (TEST_CLOCK=1). Both
 * ways: no route without its description, no description without its route, and the roles
 * each route's guard lets in are those the document names.
 */

const ROLES = 'fd:roles';
const PUBLIC = 'fd:public';
const ALL_ROLES = ['admin', 'clerk', 'manager', 'merchant'];

interface Exposed {
  service: string;
  method: string;
  path: string;
  roles: string[] | 'anyone';
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s))
    .join('/');

function controllersOf(module: Type): Type[] {
  const own: Type[] = Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? [];
  const imports: Type[] = Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) ?? [];
  return [...own, ...imports.filter((m) => typeof m === 'function').flatMap(controllersOf)];
}

function routesOf(service: string, controller: Type): Exposed[] {
  const base: string = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
  const proto = controller.prototype;
  return Object.getOwnPropertyNames(proto).flatMap((name) => {
    const handler = proto[name];
    const method: RequestMethod | undefined = typeof handler === 'function' ? Reflect.getMetadata(METHOD_METADATA, handler) : undefined;
    if (method === undefined || name === 'constructor') return [];
    const own: string | string[] = Reflect.getMetadata(PATH_METADATA, handler) ?? '';
    const isPublic = Reflect.getMetadata(PUBLIC, handler) ?? Reflect.getMetadata(PUBLIC, controller);
    const roles: string[] | undefined = Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, controller);
    const verb = RequestMethod[method].toLowerCase();
    return [own].flat().map((p) => ({
      service,
      method: verb,
      path: join(base, p),
      // as the guard lets them in: the manager reads whatever the administration reads
      roles: isPublic ? ('anyone' as const) : roles ? rolesLetIn(roles as Role[], verb).sort() : ALL_ROLES,
    }));
  });
}

/**
 * The roles a route's description names: "anyone", "any role (…)", or a list such as "clerk, admin";
 * and, as docs/api.md#auth says once for all, the manager on every read the administration may make.
 */
function documentedRoles(roles: string, method: string): string[] | 'anyone' {
  if (roles === 'anyone') return 'anyone';
  if (roles.startsWith('any role')) return ALL_ROLES;
  const named = roles
    .replace(/\s*\([^)]*\)/g, '')
    .split(/,\s*/)
    .map((r) => r.trim()) as Role[];
  return rolesLetIn(named, method).sort();
}

describe('the OpenAPI document against the routes the services expose', () => {
  let exposed: Exposed[];

  beforeAll(() => {
    // each module as it boots in test mode (TEST_CLOCK=1), with the test clock's routes
    const services = {
      gateway: gatewayService,
      registration: registrationService,
      forms: formsService,
      callbacks: callbacksService,
      scoring: scoringService,
    };
    exposed = Object.entries(services).flatMap(([name, def]) =>
      controllersOf(def.module({ config: { TEST_CLOCK: true } } as never) as Type).flatMap((c) => routesOf(name, c)),
    );
    // every service answers its health; the entry point's is the one the public reaches
    exposed.push(...routesOf('gateway', HealthController));
  });

  /** What the public reaches: the API, and the entry point's health; the catch-all proxy and the management port's /metrics are not routes of their own. */
  const publicRoutes = () =>
    exposed.filter(
      (r) => (r.path.startsWith('/api/v1/') && !r.path.includes('*')) || (r.service === 'gateway' && r.path.startsWith('/health')),
    );

  it('describesEveryRouteAServiceExposes_andNoOther', () => {
    const doc = openApiDocument({ testClock: true });
    const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    const served = publicRoutes().map((r) => `${r.method} ${r.path}`);
    expect({ undescribed: served.filter((s) => !described.includes(s)), unserved: described.filter((d) => !served.includes(d)) }).toEqual({
      undescribed: [],
      unserved: [],
    });
    expect(new Set(served).size).toBe(served.length);
  });

  it('namesTheRolesEachRoutesGuardLetsIn', () => {
    for (const route of routes) {
      const path = `/api/v1${route.path}`;
      const served = exposed.filter((r) => r.path === path && r.method === route.method);
      expect({ route: `${route.method} ${path}`, roles: served.map((r) => r.roles) }).toEqual({
        route: `${route.method} ${path}`,
        roles: [documentedRoles(route.roles, route.method)],
      });
    }
  });
});
