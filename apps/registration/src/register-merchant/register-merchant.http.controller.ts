import { Body, Controller, Inject, Post } from '@nestjs/common';
import { MerchantRegistered } from '@fd/contracts';
import {
  CurrentUser,
  handleCommand,
  idFor,
  integrationEvent,
  parseInput,
  Principal,
  RequestKey,
  requestMeta,
  Roles,
  RUNTIME,
  ServiceRuntime,
} from '@fd/platform';
import { merchantDecider } from '@fd/registration-domain';
import { merchantStream, saveMerchant } from '../read-models/merchant.read-model';
import { registerMerchantRequest } from './register-merchant.request';

@Controller('api/v1/merchants')
export class RegisterMerchantController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('admin')
  @Post()
  async register(@Body() body: unknown, @CurrentUser() user: Principal, @RequestKey() requestKey?: string): Promise<{ id: string }> {
    const input = parseInput(registerMerchantRequest, body);
    const merchantId = idFor('merchant', requestKey);
    const meta = await requestMeta(this.rt, user);
    await handleCommand(this.rt.store, this.rt.schema, this.rt.ds, {
      streamId: merchantStream(merchantId),
      streamType: 'merchant',
      decider: merchantDecider,
      command: { type: 'RegisterMerchant', merchantId, ...input, now: meta.now },
      meta,
      publish: (events) =>
        events.flatMap((e) =>
          e.type === 'MerchantRegistered'
            ? [
                integrationEvent(
                  MerchantRegistered,
                  { merchantId, name: e.data.name, stall: e.data.stall, category: e.data.category },
                  meta,
                ),
              ]
            : [],
        ),
      project: (m, _stored, state) => saveMerchant(m, this.rt.schema, state),
    });
    return { id: merchantId };
  }
}
