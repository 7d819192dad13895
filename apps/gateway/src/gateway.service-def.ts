import { Module } from '@nestjs/common';
import { isTestClockEnabled, log, parseInput, RUNTIME, ServiceDefinition, ServiceRuntime, SESSION_CHECK } from '@fd/platform';
import { Users1764230500000 } from './migrations/1764230500000-users';
import { Sessions1796100000000 } from './migrations/1796100000000-sessions';
import { newUserSchema, Users } from './auth/users';
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
      // the guard takes session tokens here and checks the session on every request (see AuthGuard)
      { provide: SESSION_CHECK, inject: [Users], useFactory: (users: Users) => users.sessions },
      { provide: IdempotencyKeys, inject: [RUNTIME], useFactory: (rt: ServiceRuntime) => new IdempotencyKeys(rt.ds, rt.schema) },
      Upstreams,
      { provide: PurchaseComposition, inject: [Upstreams], useFactory: (up: Upstreams) => new PurchaseComposition(up) },
    ],
    exports: [SESSION_CHECK],
  })
  class GatewayModule {}
  return GatewayModule;
}

/**
 * The first start with BOOTSTRAP_ADMIN_PASSWORD creates the user `admin` (docs/api.md, "Auth"). The
 * password follows the policy of every account: a weak one stops the entry point at start.
 */
async function bootstrapAdmin(rt: ServiceRuntime) {
  const password = process.env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!password) return;
  const users = new Users(rt.ds, rt.schema);
  if (await users.exists('admin')) return;
  let admin;
  try {
    admin = parseInput(newUserSchema, { username: 'admin', password, role: 'admin' });
  } catch (e) {
    const why = (e as { errors?: Array<{ message: string }> }).errors?.map((x) => x.message).join('; ');
    throw new Error(`BOOTSTRAP_ADMIN_PASSWORD does not meet the password policy: ${why ?? String(e)}`);
  }
  await users.create(admin, 'bootstrap');
  log.info('created the bootstrap admin account', { username: 'admin' });
}

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  schema: 'gateway',
  port: 8080,
  // the one port the public reaches: metrics and health details are on the management port only
  publicFacing: true,
  module: () => gatewayModule(),
  migrations: [Users1764230500000, Sessions1796100000000],
  configure: (app) => {
    guardRequests(app);
    serveWebUi(app);
  },
  background: async (rt) => {
    watchUpstreams(rt);
    await bootstrapAdmin(rt);
    // answers kept for Idempotency-Key replays are forgotten after 24 hours, used again or not
    // so are sessions a week past their end and sign-in attempts a day old
    const keys = new IdempotencyKeys(rt.ds, rt.schema);
    const users = new Users(rt.ds, rt.schema);
    const purge = () =>
      Promise.all([keys.purgeExpired(), users.sessions.purge(), users.throttle.purge()]).catch((e) =>
        log.warn('could not purge expired idempotency keys, sessions or sign-in attempts', { error: String(e) }),
      );
    await purge();
    const timer = setInterval(purge, 3_600_000);
    timer.unref();
    return async () => clearInterval(timer);
  },
};
