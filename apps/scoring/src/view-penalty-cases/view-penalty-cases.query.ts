import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { assertMerchantScope, EventStore, merchantFilter, pageOf, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { notFound } from '@fd/kernel';
import {
  caseDetail,
  caseFor,
  caseView,
  countCases,
  findCase,
  listCases,
  PenaltyCaseDetail,
  PenaltyCaseView,
} from '../penalty-cases/penalty-case.read-model';
import { listPenaltyCasesQuery } from './view-penalty-cases.request';

@Injectable()
export class PenaltyCases {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /**
   * Newest first, or oldest first with `order=oldest` (the review queue); a merchant sees only its
   * own cases. `total` is how many cases the list holds over all its pages.
   */
  async list(
    q: z.infer<typeof listPenaltyCasesQuery>,
    viewer: Principal,
  ): Promise<{ items: PenaltyCaseView[]; nextCursor?: string; total: number }> {
    const filters = { merchantId: merchantFilter(viewer, q.merchantId), status: q.status, kind: q.kind };
    const [rows, total] = await Promise.all([
      listCases(this.ds, this.schema, {
        ...filters,
        order: q.order,
        after: q.cursor && { openedAt: q.cursor.at, caseId: q.cursor.id },
        limit: q.limit + 1,
      }),
      countCases(this.ds, this.schema, filters),
    ]);
    const page = pageOf(
      rows,
      q.limit,
      (c) => ({ at: c.openedAt, id: c.caseId }),
      (c) => caseFor(viewer, caseView(c)),
    );
    return { ...page, total };
  }

  /** One case with its evidence (the form's full timeline) and its audit trail. */
  async one(caseId: string, viewer: Principal): Promise<PenaltyCaseDetail> {
    const found = await findCase(this.ds, this.schema, caseId);
    if (!found) throw notFound('CASE_NOT_FOUND', `There is no penalty case ${caseId}.`);
    assertMerchantScope(viewer, found.merchantId);
    return caseFor(viewer, await caseDetail(this.store, this.ds.manager, found));
  }
}
