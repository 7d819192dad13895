import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PayloadOf, PolicyChanged } from '@fd/contracts';
import { EventContext, RUNTIME, ServiceRuntime } from '@fd/platform';

/** Keeps the latest policy; it applies to forms issued from then on (issued forms keep their due dates). */
@Controller()
export class KeepPolicyWhenChanged {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @EventPattern(PolicyChanged.type)
  async onPolicyChanged(@Payload() p: PayloadOf<typeof PolicyChanged>, @Ctx() ctx: EventContext) {
    // an older version arriving late never replaces a newer one
    await ctx.tx.query(
      `INSERT INTO "${this.rt.schema}".policy (version, return_days, time_zone) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, return_days = EXCLUDED.return_days, time_zone = EXCLUDED.time_zone
       WHERE policy.version < EXCLUDED.version`,
      [p.version, p.returnDays, p.timeZone],
    );
  }
}
