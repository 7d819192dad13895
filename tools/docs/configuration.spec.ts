import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { platformConfig, ServiceDefinition } from '@fd/platform';
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

/** What the operators read: docs/operations.md, "Configuration (environment)". */
function documentedVariables(): string[] {
  const text = fs.readFileSync(path.join(__dirname, '../../docs/operations.md'), 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Configuration (environment)'));
  if (!section) throw new Error('docs/operations.md has no section "Configuration (environment)"');
  const firstCells = section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|')[1]);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]));
}

/** In the table but read by the tools that start and provision the system, not by a service. */
const READ_BY_THE_TOOLS = [
  'REGISTRATION_DATABASE_PASSWORD', // the provisioning of the roles (npm start, startSystem, provision-roles.psql)
  'FORMS_DATABASE_PASSWORD',
  'CALLBACKS_DATABASE_PASSWORD',
  'SCORING_DATABASE_PASSWORD',
  'GATEWAY_DATABASE_PASSWORD',
  'DATABASE_ADMIN_URL', // provision-roles.psql
  'DATABASE_ROLE_PREFIX', // provision-roles.psql
  'INSTANCES', // npm start
];

const SERVICES: ServiceDefinition[] = [gatewayService, registrationService, formsService, callbacksService, scoringService];
/** The variables a service reads: the keys of its configuration's schema (the platform's when it has none of its own). */
const variablesOf = (def: ServiceDefinition) => Object.keys(((def.config ?? platformConfig) as unknown as z.ZodObject).shape);

describe("the services' configuration and docs/operations.md", () => {
  it('everyVariableAServiceReads_isDocumented_andEveryDocumentedOne_isRead', () => {
    const read = new Set(SERVICES.flatMap(variablesOf));
    const documented = documentedVariables();
    expect([...read].filter((v) => !documented.includes(v)).sort()).toEqual([]);
    expect(documented.filter((v) => !read.has(v) && !READ_BY_THE_TOOLS.includes(v)).sort()).toEqual([]);
  });
});
