import { Body, Controller, Inject, Post } from '@nestjs/common';
import { PurchaseRegistered } from '@fd/contracts';
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
import { formsFor, purchaseDecider } from '@fd/registration-domain';
import { merchantFactsForRegistration } from '../read-models/merchant.read-model';
import { allocateCardNumbers, purchaseStream, savePurchase } from '../read-models/purchase.read-model';
import { registerPurchaseRequest } from './register-purchase.request';

export interface PurchaseRegisteredAnswer {
  purchaseId: string;
  cards: Array<{ cardNo: string; merchantId: string }>;
  /** How many feedback forms the forms service issues for this purchase (one per visit); it composes them. */
  expectedForms: number;
}

@Controller('api/v1/purchases')
export class RegisterPurchaseController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk')
  @Post()
  async register(
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @RequestKey() requestKey?: string,
  ): Promise<PurchaseRegisteredAnswer> {
    const input = parseInput(registerPurchaseRequest, body);
    const purchaseId = idFor('purchase', requestKey);
    const meta = await requestMeta(this.rt, user);
    const schema = this.rt.schema;
    const { state } = await this.rt.ds.transaction(async (m) => {
      const merchants = await merchantFactsForRegistration(
        m,
        schema,
        input.lines.map((l) => l.merchantId),
      );
      const cardNos = await allocateCardNumbers(m, schema, input.lines.length);
      return handleCommand(this.rt.store, schema, m, {
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
        },
        meta,
        // The customer and the goods stay here; the forms service needs only the cards' services.
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
