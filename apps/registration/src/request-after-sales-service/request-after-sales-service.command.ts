import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AfterSalesServiceRequested } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { cardNotFound, formsFor, purchaseDecider } from '@fd/registration-domain';
import { findCard, purchaseStream, savePurchase } from '../read-models/purchase.read-model';
import { requestAfterSalesServiceRequest } from './request-after-sales-service.request';

export interface RequestAfterSalesServiceInput {
  cardNo: string;
  requestId: string;
  service: z.infer<typeof requestAfterSalesServiceRequest>;
}

/** The forms service issues this request's forms (one per visit); the gateway composes them into the answer. */
export interface AfterSalesServiceRequestedAnswer {
  cardNo: string;
  requestId: string;
  expectedForms: number;
}

@Injectable()
export class RequestAfterSalesServiceHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async handle(
    { cardNo, requestId, service }: RequestAfterSalesServiceInput,
    meta: CommandMetadata,
  ): Promise<AfterSalesServiceRequestedAnswer> {
    const { schema } = this;
    await this.ds.transaction(async (m) => {
      const card = await findCard(m, schema, cardNo);
      if (!card) throw cardNotFound(cardNo);
      const timeZone = (await policyInForce(m, schema)).timeZone;
      return handleCommand(this.store, schema, m, {
        streamId: purchaseStream(card.purchaseId),
        streamType: 'purchase',
        decider: purchaseDecider,
        command: {
          type: 'RequestAfterSalesService',
          cardNo,
          requestId,
          services: [service],
          now: meta.now,
          timeZone,
          lateAllowed: meta.actor.role === 'admin',
        },
        meta,
        publish: (events) =>
          events.flatMap((e) =>
            e.type === 'AfterSalesServiceRequested'
              ? [
                  integrationEvent(
                    AfterSalesServiceRequested,
                    {
                      purchaseId: e.data.purchaseId,
                      cardNo,
                      merchantId: e.data.merchantId,
                      requestId,
                      services: e.data.services,
                    },
                    meta,
                  ),
                ]
              : [],
          ),
        project: (tx, _stored, s) => savePurchase(tx, schema, s),
      });
    });
    return { cardNo, requestId, expectedForms: formsFor([service]) };
  }
}
