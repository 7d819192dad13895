import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  assertMerchantScope,
  CurrentUser,
  merchantFilter,
  NotFoundProblem,
  parseInput,
  Principal,
  Roles,
  RUNTIME,
  ServiceRuntime,
  pageOf,
} from '@fd/platform';
import {
  caseDetail,
  caseFor,
  caseView,
  findCase,
  listCases,
  PenaltyCaseDetail,
  PenaltyCaseView,
} from '../penalty-cases/penalty-case.read-model';
import { listPenaltyCasesQuery } from './view-penalty-cases.request';

@Controller('api/v1/penalty-cases')
export class ViewPenaltyCasesController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /** Newest first; a merchant sees only its own cases. */
  @Roles('admin', 'clerk', 'merchant')
  @Get()
  async list(@Query() query: unknown, @CurrentUser() user: Principal): Promise<{ items: PenaltyCaseView[]; nextCursor?: string }> {
    const q = parseInput(listPenaltyCasesQuery, query);
    const rows = await listCases(this.rt.ds, this.rt.schema, {
      merchantId: merchantFilter(user, q.merchantId),
      status: q.status,
      after: q.cursor && { openedAt: q.cursor.at, caseId: q.cursor.id },
      limit: q.limit + 1,
    });
    return pageOf(
      rows,
      q.limit,
      (c) => ({ at: c.openedAt, id: c.caseId }),
      (c) => caseFor(user, caseView(c)),
    );
  }

  /** One case with its evidence (the form's full timeline) and its audit trail. */
  @Roles('admin', 'clerk', 'merchant')
  @Get(':caseId')
  async one(@Param('caseId') caseId: string, @CurrentUser() user: Principal): Promise<PenaltyCaseDetail> {
    const found = await findCase(this.rt.ds, this.rt.schema, caseId);
    if (!found) throw new NotFoundProblem('CASE_NOT_FOUND', `There is no penalty case ${caseId}.`);
    assertMerchantScope(user, found.merchantId);
    return caseFor(user, await caseDetail(this.rt.store, this.rt.ds.manager, found));
  }
}
