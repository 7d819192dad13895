import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { PenaltyCaseDetail, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { listPenaltyCasesQuery } from './view-penalty-cases.request';
import { PenaltyCases } from './view-penalty-cases.query';

@Controller('api/v1/penalty-cases')
export class ViewPenaltyCasesController {
  constructor(private readonly cases: PenaltyCases) {}

  @Roles('admin', 'clerk', 'merchant')
  @Get()
  list(@Query() query: unknown, @CurrentUser() user: Principal): Promise<{ items: PenaltyCaseView[]; nextCursor?: string }> {
    return this.cases.list(parseInput(listPenaltyCasesQuery, query), user);
  }

  @Roles('admin', 'clerk', 'merchant')
  @Get(':caseId')
  one(@Param('caseId') caseId: string, @CurrentUser() user: Principal): Promise<PenaltyCaseDetail> {
    return this.cases.one(caseId, user);
  }
}
