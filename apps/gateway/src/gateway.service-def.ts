import { INestApplication, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, log, SERVICE_SCHEMA, ServiceDefinition, SESSION_CHECK } from '@fd/platform';
import { Users1764230500000 } from './migrations/1764230500000-users';
import { Sessions1796100000000 } from './migrations/1796100000000-sessions';
import { ManagerRole1796600000001 } from './migrations/1796600000001-manager-role';
import { AccountsPerMall1796800000000 } from './migrations/1796800000000-accounts-per-mall';
import { Users } from './auth/users';
import { SignInThrottle, throttleLimits } from './auth/sign-in-throttle';
import { GatewayConfig, gatewayConfig } from './gateway.config';
import { serviceUrls } from './proxy/routes';
import { AuthController } from './auth/auth.http.controller';
import { OpenApiController } from './openapi/openapi.http.controller';
import { TestClockController } from './test-clock/test-clock.http.controller';
import { PublicProxyController } from './proxy/public-proxy.http.controller';
import { ProxyController } from './proxy/proxy.http.controller';
import { Upstreams } from './proxy/upstreams';
import { IdempotencyKeys } from './proxy/idempotency';
import { PurchaseComposition } from './proxy/purchase-composition';
import { PrintAllController } from './proxy/print-all';
import { MonthlyReportController } from './reports/monthly-report.http.controller';
import { serveWebUi } from './web/web-ui';
import { guardRequests } from './http/request-guards';
import { watchUpstreams } from './health/upstream-health';

function gatewayModule(testClock: boolean) {
  @Module({
    // the catch-all proxy comes last, so the gateway's own routes win
    controllers: [
      AuthController,
      OpenApiController,
      ...(testClock ? [TestClockController] : []),
      PrintAllController,
      MonthlyReportController,
      PublicProxyController,
      ProxyController,
    ],
    providers: [
      {
        provide: Users,
        inject: [DataSource, SERVICE_SCHEMA, CONFIG],
        useFactory: (ds: DataSource, schema: string, c: GatewayConfig) =>
          new Users(ds, schema, new SignInThrottle(ds, schema, throttleLimits(c))),
      },
      // the guard takes session tokens here and checks the session on every request (see AuthGuard)
      { provide: SESSION_CHECK, inject: [Users], useFactory: (users: Users) => users.sessions },
      {
        provide: IdempotencyKeys,
        inject: [DataSource, SERVICE_SCHEMA, CONFIG],
        useFactory: (ds: DataSource, schema: string, c: GatewayConfig) => new IdempotencyKeys(ds, schema, c.IDEMPOTENCY_ABANDONED_AFTER_MS),
      },
      { provide: Upstreams, inject: [CONFIG], useFactory: (c: GatewayConfig) => new Upstreams(serviceUrls(c)) },
      {
        provide: PurchaseComposition,
        inject: [Upstreams, CONFIG],
        useFactory: (up: Upstreams, c: GatewayConfig) => new PurchaseComposition(up, c.FORMS_WAIT_MS),
      },
    ],
    exports: [SESSION_CHECK],
  })
  class GatewayModule {}
  return GatewayModule;
}

/**
 * The first start with BOOTSTRAP_ADMIN_PASSWORD creates the user `admin` (docs/api.md, "Auth"), with
 * BOOTSTRAP_GROUP_ADMIN_PASSWORD the group administration's `group`. The
 * password follows the policy of every account: the configuration refuses a weak one, so the entry
 * point does not start (gateway.config.ts).
 */
async function bootstrapAdmin(app: INestApplication) {
  const config = app.get<GatewayConfig>(CONFIG);
  const users = app.get(Users);
  const first = [
    { username: 'admin', password: config.BOOTSTRAP_ADMIN_PASSWORD, role: 'admin' as const },
    { username: 'group', password: config.BOOTSTRAP_GROUP_ADMIN_PASSWORD, role: 'group_admin' as const },
  ];
  for (const { username, password, role } of first) {
    if (!password || (await users.exists(username))) continue;
    await users.create({ username, password, role }, 'bootstrap'); // the default mall's
    log.info('created a bootstrap account', { username, role });
  }
}

export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  schema: 'gateway',
  port: 8080,
  // the one port the public reaches: metrics and health details are on the management port only
  publicFacing: true,
  config: gatewayConfig,
  module: (rt) => gatewayModule(rt.config.TEST_CLOCK),
  migrations: [Users1764230500000, Sessions1796100000000, ManagerRole1796600000001, AccountsPerMall1796800000000],
  // accounts name their mall themselves: signing in finds an account in whichever mall it is
  tenancy: false,
  configure: (app) => {
    guardRequests(app);
    serveWebUi(app);
  },
  background: async (rt, app) => {
    watchUpstreams(rt, app.get(Upstreams).urls);
    await bootstrapAdmin(app);
    // answers kept for Idempotency-Key replays are forgotten after 24 hours, used again or not
    // so are sessions a week past their end and sign-in attempts a day old
    const keys = app.get(IdempotencyKeys);
    const users = app.get(Users);
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
