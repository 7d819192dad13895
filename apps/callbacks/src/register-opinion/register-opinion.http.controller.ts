import { Body, Controller, Inject, Post } from '@nestjs/common';
import { OpinionRegistered } from '@fd/contracts';
import {
  CurrentUser,
  handleCommand,
  idFor,
  integrationEvent,
  parseInput,
  policyInForce,
  Principal,
  RequestKey,
  requestMeta,
  Roles,
  RUNTIME,
  ServiceRuntime,
} from '@fd/platform';
import { opinionDecider, opinionStreamId } from '@fd/callbacks-domain';
import { periodOf } from '@fd/kernel';
import { assertMerchantKnown } from '../upstream/merchants.table';
import { registerOpinionRequest } from './register-opinion.request';

/** The customer opinion register (顧客意見登記表). */
@Controller('api/v1/opinions')
export class RegisterOpinionController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk')
  @Post()
  async register(@Body() body: unknown, @CurrentUser() user: Principal, @RequestKey() requestKey?: string) {
    const input = parseInput(registerOpinionRequest, body);
    const { ds, schema } = this.rt;
    if (input.merchantId) await assertMerchantKnown(ds.manager, schema, input.merchantId);
    const meta = await requestMeta(this.rt, user);
    const { timeZone } = await policyInForce(ds.manager, schema);
    const opinionId = idFor('opinion', requestKey);
    await handleCommand(this.rt.store, schema, ds, {
      streamId: opinionStreamId(opinionId),
      streamType: 'opinion',
      decider: opinionDecider,
      command: { type: 'RegisterOpinion', opinionId, ...input, now: meta.now, timeZone },
      meta,
      publish: (events) =>
        events.map(({ data: { registeredAt: _registeredAt, ...payload } }) => integrationEvent(OpinionRegistered, payload, meta)),
      project: async (m, stored) => {
        for (const { data: o } of stored)
          await m.query(
            `INSERT INTO "${schema}".opinions (id, channel, category, merchant_id, text, registered_on, period, registered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [o.opinionId, o.channel, o.category, o.merchantId ?? null, o.text, o.registeredOn, periodOf(o.registeredOn), o.registeredAt],
          );
      },
    });
    return { id: opinionId };
  }
}
