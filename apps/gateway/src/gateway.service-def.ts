import { Module } from '@nestjs/common';
import { isTestClockEnabled, log, RUNTIME, ServiceDefinition, ServiceRuntime } from '@fd/platform';
import { Users1764230500000 } from './migrations/1764230500000-users';
import { Users } from './auth/users';
import { AuthController } from './auth/auth.http.controller';
import { OpenApiController } from './openapi/openapi.http.controller';
import { TestClockController } from './test-clock/test-clock.http.controller';
import { ProxyController } from './proxy/proxy.http.controller';
import { Upstreams } from './proxy/upstreams';
import { IdempotencyKeys } from './proxy/idempotency';
import { PurchaseComposition } from './proxy/purchase-composition';
import { serveWebUi } from './web/web-ui';
import { guardRequests } from './http/request-guards';
import { watchUpstreams } from './health/upstream-health';

function gatewayModule() {
  @Module({
    // the catch-all proxy comes last, so the gateway's own routes win
    controllers: [AuthController, OpenApiController, ...(isTestClockEnabled() ? [TestClockController] : []), ProxyController],
    providers: [
      { provide: Users, inject: [RUNTIME], useFactory: (rt: ServiceRuntime) => new Users(rt.ds, rt.schema) },
      { provide: IdempotencyKeys, inject: [RUNTIME], useFactory: (rt: ServiceRuntime) => new IdempotencyKeys(rt.ds, rt.schema) },
      Upstreams,
      { provide: PurchaseComposition, inject: [Upstreams], useFactory: (up: Upstreams) => new PurchaseComposition(up) },
    ],
  })
  class GatewayModule {}
  return GatewayModule;
}

/** The first start with BOOTSTRAP_ADMIN_PASSWORD creates the user `admin` (API.md, "Auth"). */
async function bootstrapAdmin(rt: ServiceRuntime) {
  const password = process.env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!password) return;
  const users = new Users(rt.ds, rt.schema);
  if (await users.exists('admin')) return;
  await users.create({ username: 'admin', password, role: 'admin' }, 'bootstrap');
  log.info('created the bootstrap admin account', { username: 'admin' });
}

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  schema: 'gateway',
  port: 8080,
  module: () => gatewayModule(),
  migrations: [Users1764230500000],
  configure: (app) => {
    guardRequests(app);
    serveWebUi(app);
  },
  background: async (rt) => {
    watchUpstreams(rt);
    await bootstrapAdmin(rt);
    // answers kept for Idempotency-Key replays are forgotten after 24 hours, used again or not
    const keys = new IdempotencyKeys(rt.ds, rt.schema);
    const purge = () => keys.purgeExpired().catch((e) => log.warn('could not purge expired idempotency keys', { error: String(e) }));
    await purge();
    const timer = setInterval(purge, 3_600_000);
    timer.unref();
    return async () => clearInterval(timer);
  },
};
