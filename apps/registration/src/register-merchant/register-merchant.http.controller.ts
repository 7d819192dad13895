import { Body, Controller, Inject, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, idFor, parseInput, Principal, RequestKey, requestMeta, Roles } from '@fd/platform';
import { registerMerchantRequest } from './register-merchant.request';
import { MerchantRegisteredAnswer, RegisterMerchantHandler } from './register-merchant.command';

@Controller('api/v1/merchants')
export class RegisterMerchantController {
  constructor(
    private readonly registerMerchant: RegisterMerchantHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('admin')
  @Post()
  async register(
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @RequestKey() requestKey?: string,
  ): Promise<MerchantRegisteredAnswer> {
    const input = parseInput(registerMerchantRequest, body);
    return this.registerMerchant.handle({ ...input, merchantId: idFor('merchant', requestKey) }, await requestMeta(this.clock, user));
  }
}
