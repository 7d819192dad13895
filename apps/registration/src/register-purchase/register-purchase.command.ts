import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PurchaseRegistered } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { formsFor, purchaseDecider } from '@fd/registration-domain';
import { merchantFactsForRegistration } from '../read-models/merchant.read-model';
import { allocateCardNumbers, purchaseStream, savePurchase } from '../read-models/purchase.read-model';
import { registerPurchaseRequest } from './register-purchase.request';

export type RegisterPurchaseInput = z.infer<typeof registerPurchaseRequest> & { purchaseId: string };

export interface PurchaseRegisteredAnswer {
  purchaseId: string;
  cards: Array<{ cardNo: string; merchantId: string }>;
  /** How many feedback forms the forms service issues for this purchase (one per visit); it composes them. */
  expectedForms: number;
}

@Injectable()
export class RegisterPurchaseHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async handle({ purchaseId, ...input }: RegisterPurchaseInput, meta: CommandMetadata): Promise<PurchaseRegisteredAnswer> {
    const { schema } = this;
    const { state } = await this.ds.transaction(async (m) => {
      const merchants = await merchantFactsForRegistration(
        m,
        schema,
        input.lines.map((l) => l.merchantId),
      );
      const cardNos = await allocateCardNumbers(m, schema, input.lines.length);
      return handleCommand(this.store, schema, m, {
        streamId: purchaseStream(purchaseId),
        streamType: 'purchase',
        decider: purchaseDecider,
        command: {
          type: 'RegisterPurchase',
          purchaseId,
          customer: input.customer,
          lines: input.lines.map((l, i) => ({ ...l, cardNo: cardNos[i] })),
          merchants,
          now: meta.now,
          timeZone: (await policyInForce(m, schema)).timeZone,
          lateAllowed: meta.actor.role === 'admin',
        },
        meta,
        // The goods stay here; the forms service needs the cards' services, the callback desk whom to call.
        publish: (events) =>
          events.flatMap((e) =>
            e.type === 'PurchaseRegistered'
              ? [
                  integrationEvent(
                    PurchaseRegistered,
                    {
                      purchaseId,
                      registeredAt: e.data.registeredAt,
                      cards: e.data.cards.map((c) => ({
                        cardNo: c.cardNo,
                        merchantId: c.merchantId,
                        services: c.services.map(({ type, plannedDate, visits }) => ({ type, plannedDate, visits })),
                      })),
                      customer: { name: e.data.customer.name, phone: e.data.customer.phone, address: e.data.customer.address },
                    },
                    meta,
                  ),
                ]
              : [],
          ),
        project: (tx, _stored, s) => savePurchase(tx, schema, s),
      });
    });
    if (state.status !== 'registered') throw new Error(`purchase ${purchaseId} not registered after its registration`);
    return {
      purchaseId,
      cards: state.cards.map(({ cardNo, merchantId }) => ({ cardNo, merchantId })),
      expectedForms: formsFor(state.cards.flatMap((c) => c.services)),
    };
  }
}
