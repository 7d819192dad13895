import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, idFor, parseInput, Principal, RequestKey, requestMeta, Roles } from '@fd/platform';
import { requestAfterSalesServiceRequest } from './request-after-sales-service.request';
import { AfterSalesServiceRequestedAnswer, RequestAfterSalesServiceHandler } from './request-after-sales-service.command';

@Controller('api/v1/cards/:cardNo/services')
export class RequestAfterSalesServiceController {
  constructor(
    private readonly requestService: RequestAfterSalesServiceHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('clerk', 'admin')
  @Post()
  async request(
    @Param('cardNo') cardNo: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @RequestKey() requestKey?: string,
  ): Promise<AfterSalesServiceRequestedAnswer> {
    const service = parseInput(requestAfterSalesServiceRequest, body);
    return this.requestService.handle(
      { cardNo, requestId: idFor('after-sales request', requestKey), service },
      await requestMeta(this.clock, user),
    );
  }
}
