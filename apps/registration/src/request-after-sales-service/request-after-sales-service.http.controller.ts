import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { AfterSalesServiceRequested } from '@fd/contracts';
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
import { cardNotFound, formsFor, purchaseDecider } from '@fd/registration-domain';
import { merchantFactsForRegistration } from '../read-models/merchant.read-model';
import { findCard, purchaseStream, savePurchase } from '../read-models/purchase.read-model';
import { requestAfterSalesServiceRequest } from './request-after-sales-service.request';

@Controller('api/v1/cards/:cardNo/services')
export class RequestAfterSalesServiceController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /** The forms service issues this request's forms (one per visit); the gateway composes them into the answer. */
  @Roles('clerk')
  @Post()
  async request(
    @Param('cardNo') cardNo: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @RequestKey() requestKey?: string,
  ): Promise<{ cardNo: string; requestId: string; expectedForms: number }> {
    const service = parseInput(requestAfterSalesServiceRequest, body);
    const requestId = idFor('after-sales request', requestKey);
    const meta = await requestMeta(this.rt, user);
    const schema = this.rt.schema;
    await this.rt.ds.transaction(async (m) => {
      const card = await findCard(m, schema, cardNo);
      if (!card) throw cardNotFound(cardNo);
      const [merchant] = await merchantFactsForRegistration(m, schema, [card.merchantId]);
      const timeZone = (await policyInForce(m, schema)).timeZone;
      return handleCommand(this.rt.store, schema, m, {
        streamId: purchaseStream(card.purchaseId),
        streamType: 'purchase',
        decider: purchaseDecider,
        command: { type: 'RequestAfterSalesService', cardNo, requestId, services: [service], merchant, now: meta.now, timeZone },
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
