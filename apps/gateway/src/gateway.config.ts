import type { z } from 'zod';
import { serviceConfig, setting } from '@fd/platform';
import { passwordSchema } from './auth/users';
import { DEFAULT_THROTTLE } from './auth/sign-in-throttle';
import { DEFAULT_LOAD_LIMITS } from './http/load-shedding';
import { DEFAULT_ABANDONED_AFTER_MS } from './proxy/idempotency';
import { DEFAULT_FORMS_WAIT_MS } from './proxy/purchase-composition';
import { DEFAULT_PORTS } from './proxy/routes';

const count = { min: 1, integer: true };

/** One base URL of a service, or several separated by commas (its instances); no trailing slash. */
const serviceUrl = (port: number) =>
  setting
    .list(`http://127.0.0.1:${port}`)
    .transform((urls) => urls.map((u) => u.replace(/\/+$/, '')))
    .refine(
      (urls) => urls.length > 0 && urls.every((u) => /^https?:\/\//.test(u) && URL.canParse(u)),
      'must be http:// addresses, separated by commas',
    );

/** A bootstrap account's password: absent (no account is made), or one the password policy of every account allows. */
const bootstrapPassword = () =>
  setting.optionalText().superRefine((password, ctx) => {
    const checked = password === undefined ? null : passwordSchema.safeParse(password);
    if (checked && !checked.success)
      ctx.addIssue({
        code: 'custom',
        message: `does not meet the password policy: ${checked.error.issues.map((i) => i.message).join('; ')}`,
      });
  });

/**
 * The entry point's configuration: the platform's variables and these (docs/operations.md,
 * "Configuration (environment)"), read once at start.
 */
export const gatewayConfig = serviceConfig({
  /** The first start creates `admin` with it; it must meet the password policy of every account. */
  BOOTSTRAP_ADMIN_PASSWORD: bootstrapPassword(),
  /** The first start creates `group` (the group administration, role group_admin) with it, under the same policy. */
  BOOTSTRAP_GROUP_ADMIN_PASSWORD: bootstrapPassword(),
  REGISTRATION_URL: serviceUrl(DEFAULT_PORTS.registration),
  FORMS_URL: serviceUrl(DEFAULT_PORTS.forms),
  CALLBACKS_URL: serviceUrl(DEFAULT_PORTS.callbacks),
  SCORING_URL: serviceUrl(DEFAULT_PORTS.scoring),
  FORMS_WAIT_MS: setting.number(DEFAULT_FORMS_WAIT_MS, { integer: true }),
  GATEWAY_MAX_REGISTRATIONS: setting.number(DEFAULT_LOAD_LIMITS.inFlight.registrations, count),
  GATEWAY_MAX_WRITES: setting.number(DEFAULT_LOAD_LIMITS.inFlight.writes, count),
  GATEWAY_MAX_READS: setting.number(DEFAULT_LOAD_LIMITS.inFlight.reads, count),
  GATEWAY_MAX_EXPORTS: setting.number(DEFAULT_LOAD_LIMITS.inFlight.exports, count),
  GATEWAY_MAX_SIGN_INS: setting.number(DEFAULT_LOAD_LIMITS.inFlight['sign-ins'], count),
  GATEWAY_QUEUE_MS: setting.number(DEFAULT_LOAD_LIMITS.queueMs, { integer: true }),
  GATEWAY_RETRY_AFTER_S: setting.number(DEFAULT_LOAD_LIMITS.retryAfterS, count),
  SIGN_IN_BURST: setting.number(DEFAULT_THROTTLE.account.burst, count),
  SIGN_IN_LEAK_SECONDS: setting.number(DEFAULT_THROTTLE.account.leakSeconds, { min: 1 }),
  SIGN_IN_ADDRESS_BURST: setting.number(DEFAULT_THROTTLE.address.burst, count),
  SIGN_IN_ADDRESS_LEAK_SECONDS: setting.number(DEFAULT_THROTTLE.address.leakSeconds, { min: 1 }),
  /** Whose X-Forwarded-For to believe (Express's `trust proxy`): a hop count, or addresses and subnets; unset, nobody's. */
  TRUST_PROXY: setting.optionalText().transform((t) => (t === undefined ? undefined : /^\d+$/.test(t.trim()) ? Number(t) : t.trim())),
  IDEMPOTENCY_ABANDONED_AFTER_MS: setting.number(DEFAULT_ABANDONED_AFTER_MS, { min: 1 }),
  /** The built web UI; unset, apps/web/dist beside the compiled gateway (docs/architecture.md, "The compiled runtime"). */
  WEB_DIST: setting.optionalText(),
});
export type GatewayConfig = z.output<typeof gatewayConfig>;
