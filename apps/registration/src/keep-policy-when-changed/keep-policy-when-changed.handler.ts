import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PayloadOf, PolicyChanged } from '@fd/contracts';
import { localDate } from '@fd/kernel';
import { EventContext, PoisonMessage, RUNTIME, ServiceRuntime } from '@fd/platform';
import { keepPolicy } from '../read-models/policy.read-model';

/**
 * The administration's policy (scoring.v1) sets the mall's time zone: "today" for a revocation's
 * date and for the last day of a suspension, from the moment it arrives.
 */
@Controller()
export class KeepPolicyWhenChanged {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @EventPattern(PolicyChanged.type)
  async onPolicyChanged(@Payload() p: PayloadOf<typeof PolicyChanged>, @Ctx() ctx: EventContext): Promise<void> {
    // A zone this runtime does not know would fail every later command: refuse it here (dead letters), keep the last good one.
    try {
      localDate(new Date(0), p.timeZone);
    } catch {
      throw new PoisonMessage(`policy ${p.version}: unknown time zone ${JSON.stringify(p.timeZone)}`);
    }
    await keepPolicy(ctx.tx, this.rt.schema, p);
  }
}
