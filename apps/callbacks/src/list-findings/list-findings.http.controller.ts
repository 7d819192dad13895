import { Controller, Get, Query } from '@nestjs/common';
import { CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { listFindingsRequest } from './list-findings.request';
import { Findings } from './list-findings.query';

@Controller('api/v1/findings')
export class ListFindingsController {
  constructor(private readonly findings: Findings) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  list(@Query() query: unknown, @CurrentUser() user: Principal) {
    return this.findings.list(parseInput(listFindingsRequest, query), user);
  }
}
