import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PayloadOf, PolicyChanged } from '@fd/contracts';
import { EventContext } from '../service/event-transport';
import { SERVICE_SCHEMA } from '../service/providers';
import { keepPolicyVersion } from './kept-policy';

/**
 * Keeps the administration's policy (scoring.v1) in the service's `policy_versions`. A service
 * that follows the policy lists this among its module's controllers and `PolicyVersions` among
 * its migrations, and reads the policy with `policyInForce` / `policyInForceAt`.
 */
@Controller()
export class KeepPolicyWhenChanged {
  constructor(@Inject(SERVICE_SCHEMA) private readonly schema: string) {}

  @EventPattern(PolicyChanged.type)
  async onPolicyChanged(@Payload() p: PayloadOf<typeof PolicyChanged>, @Ctx() ctx: EventContext): Promise<void> {
    await keepPolicyVersion(ctx.tx, this.schema, p, ctx.envelope.occurredAt);
  }
}
