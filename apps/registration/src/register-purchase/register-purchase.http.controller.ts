import { Body, Controller, Inject, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, idFor, parseInput, Principal, RequestKey, requestMeta, Roles } from '@fd/platform';
import { registerPurchaseRequest } from './register-purchase.request';
import { PurchaseRegisteredAnswer, RegisterPurchaseHandler } from './register-purchase.command';

@Controller('api/v1/purchases')
export class RegisterPurchaseController {
  constructor(
    private readonly registerPurchase: RegisterPurchaseHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('clerk', 'admin')
  @Post()
  async register(
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @RequestKey() requestKey?: string,
  ): Promise<PurchaseRegisteredAnswer> {
    const input = parseInput(registerPurchaseRequest, body);
    return this.registerPurchase.handle({ ...input, purchaseId: idFor('purchase', requestKey) }, await requestMeta(this.clock, user));
  }
}
