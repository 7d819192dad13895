import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { OpinionRegistered } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { opinionDecider, opinionStreamId } from '@fd/callbacks-domain';
import { periodOf } from '@fd/kernel';
import { assertMerchantKnown } from '../upstream/merchants.table';
import { OpinionCategories } from '../opinion-categories/opinion-categories.query';
import { registerOpinionRequest } from './register-opinion.request';

export type RegisterOpinionInput = z.infer<typeof registerOpinionRequest> & { opinionId: string };

export interface OpinionRegisteredAnswer {
  id: string;
}

/** The customer opinion register (顧客意見登記表). */
@Injectable()
export class RegisterOpinionHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly categories: OpinionCategories,
  ) {}

  async handle({ opinionId, ...input }: RegisterOpinionInput, meta: CommandMetadata): Promise<OpinionRegisteredAnswer> {
    const { ds, schema } = this;
    if (input.merchantId) await assertMerchantKnown(ds.manager, schema, input.merchantId);
    const { timeZone } = await policyInForce(ds.manager, schema);
    await ds.transaction(async (tx) => {
      // in the transaction that registers it, so a category retired meanwhile is never taken
      await this.categories.assertOpen(input.category, tx);
      await handleCommand(this.store, schema, tx, {
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
    });
    return { id: opinionId };
  }
}
