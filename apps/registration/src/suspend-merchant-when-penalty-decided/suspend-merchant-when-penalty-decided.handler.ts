import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PayloadOf, PenaltyCaseDecided } from '@fd/contracts';
import { EventContext, EventStore, handleCommand, SERVICE_SCHEMA } from '@fd/platform';
import { merchantDecider } from '@fd/registration-domain';
import { merchantStream, saveMerchant } from '../read-models/merchant.read-model';

/**
 * An upheld penalty case may suspend the merchant (docs/rules.md#7-violations-and-penalty-cases): from then on through
 * `suspendedUntil`, no new purchase lines or after-sales requests are registered for it.
 */
@Controller()
export class SuspendMerchantWhenPenaltyDecidedHandler {
  constructor(
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @EventPattern(PenaltyCaseDecided.type)
  async onDecided(@Payload() p: PayloadOf<typeof PenaltyCaseDecided>, @Ctx() ctx: EventContext): Promise<void> {
    if (!p.suspendedUntil) return;
    const meta = ctx.meta();
    await handleCommand(this.store, this.schema, ctx.tx, {
      streamId: merchantStream(p.merchantId),
      streamType: 'merchant',
      decider: merchantDecider,
      command: { type: 'SuspendMerchant', merchantId: p.merchantId, caseId: p.caseId, until: p.suspendedUntil, now: meta.now },
      meta,
      project: (m, _stored, state) => saveMerchant(m, this.schema, state),
    });
  }
}
