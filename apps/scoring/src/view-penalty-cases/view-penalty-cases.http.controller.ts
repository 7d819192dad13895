import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { exportLanguage, exportPenaltyCasesQuery } from '@fd/api';
import { CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { PenaltyCasesExport } from './export-penalty-cases.query';
import { PenaltyCaseDetail, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { listPenaltyCasesQuery } from './view-penalty-cases.request';
import { PenaltyCases } from './view-penalty-cases.query';

@Controller('api/v1/penalty-cases')
export class ViewPenaltyCasesController {
  constructor(
    private readonly cases: PenaltyCases,
    private readonly exports: PenaltyCasesExport,
  ) {}

  @Roles('admin', 'clerk', 'merchant')
  @Get()
  list(@Query() query: unknown, @CurrentUser() user: Principal): Promise<{ items: PenaltyCaseView[]; nextCursor?: string }> {
    return this.cases.list(parseInput(listPenaltyCasesQuery, query), user);
  }

  /** Every case of the list's filters as CSV, streamed (declared before :caseId, which would take its path). */
  @Roles('admin', 'clerk', 'merchant')
  @Get('export.csv')
  async exportCsv(@Query() query: unknown, @CurrentUser() user: Principal, @Req() req: Request, @Res() res: Response) {
    const q = parseInput(exportPenaltyCasesQuery, query);
    await this.exports.send(q, user, exportLanguage(q.lang, req.headers['accept-language']), res);
  }

  @Roles('admin', 'clerk', 'merchant')
  @Get(':caseId')
  one(@Param('caseId') caseId: string, @CurrentUser() user: Principal): Promise<PenaltyCaseDetail> {
    return this.cases.one(caseId, user);
  }
}
