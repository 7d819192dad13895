import { Controller, Get, Query } from '@nestjs/common';
import { CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { listOpinionsRequest } from './list-opinions.request';
import { Opinions } from './list-opinions.query';

@Controller('api/v1/opinions')
export class ListOpinionsController {
  constructor(private readonly opinions: Opinions) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  list(@Query() query: unknown, @CurrentUser() user: Principal) {
    return this.opinions.list(parseInput(listOpinionsRequest, query), user);
  }
}
