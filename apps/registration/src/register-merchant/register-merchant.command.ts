import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { MerchantRegistered } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, SERVICE_SCHEMA } from '@fd/platform';
import { merchantDecider, merchantNumber } from '@fd/registration-domain';
import { merchantStream, saveMerchant } from '../read-models/merchant.read-model';
import { registerMerchantRequest } from './register-merchant.request';

export type RegisterMerchantInput = z.infer<typeof registerMerchantRequest> & { merchantId: string };

export interface MerchantRegisteredAnswer {
  id: string;
}

@Injectable()
export class RegisterMerchantHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async handle({ merchantId, ...input }: RegisterMerchantInput, meta: CommandMetadata): Promise<MerchantRegisteredAnswer> {
    // the mall's next number, counted on its own row (a retry of the same registration leaves one unused)
    const [{ n }]: Array<{ n: number }> = await this.ds.query(
      `INSERT INTO "${this.schema}".merchant_number_counters AS c (last) VALUES (1)
       ON CONFLICT (mall_id) DO UPDATE SET last = c.last + 1 RETURNING last AS n`,
    );
    const number = merchantNumber(Number(n));
    await handleCommand(this.store, this.schema, this.ds, {
      streamId: merchantStream(merchantId),
      streamType: 'merchant',
      decider: merchantDecider,
      command: { type: 'RegisterMerchant', merchantId, ...input, number, now: meta.now },
      meta,
      publish: (events) =>
        events.flatMap((e) =>
          e.type === 'MerchantRegistered'
            ? [
                integrationEvent(
                  MerchantRegistered,
                  { merchantId, name: e.data.name, stall: e.data.stall, category: e.data.category, number: e.data.number },
                  meta,
                ),
              ]
            : [],
        ),
      project: (m, _stored, state) => saveMerchant(m, this.schema, state),
    });
    return { id: merchantId };
  }
}
