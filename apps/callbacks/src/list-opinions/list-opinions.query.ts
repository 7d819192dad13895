import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { merchantFilter, Page, pageOf, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { maskPhoneNumbersInText } from '@fd/kernel';
import { OpinionChannel } from '@fd/callbacks-domain';
import { filters } from '../shared/page';
import { listOpinionsRequest } from './list-opinions.request';

export type ListOpinionsQuery = z.infer<typeof listOpinionsRequest>;

interface OpinionRow {
  id: string;
  channel: OpinionChannel;
  category: string;
  category_text: string | null;
  merchant_id: string | null;
  text: string;
  registered_on: string;
  registered_at: Date;
}

export interface OpinionView {
  id: string;
  channel: OpinionChannel;
  category: string;
  categoryText?: string;
  merchantId?: string;
  text: string;
  registeredOn: string;
  registeredAt: string;
}

/** The register, newest first; a merchant sees only the opinions that name it. */
@Injectable()
export class Opinions {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async list(q: ListOpinionsQuery, viewer: Principal): Promise<Page<OpinionView>> {
    const merchantId = merchantFilter(viewer, q.merchantId);
    const f = filters();
    if (q.period) f.where(`period = ${f.param(q.period)}`);
    if (merchantId) f.where(`merchant_id = ${f.param(merchantId)}`);
    if (q.category) f.where(`category = ${f.param(q.category)}`);
    f.after(q.cursor, 'registered_at', 'id');
    const rows: OpinionRow[] = await this.ds.query(
      `SELECT id, channel, category, category_text, merchant_id, text, registered_on::text AS registered_on, registered_at
         FROM "${this.schema}".opinions ${f.clause()} ORDER BY registered_at DESC, id DESC LIMIT ${f.param(q.limit + 1)}`,
      f.params,
    );
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.registered_at, id: r.id }),
      (r) => ({
        id: r.id,
        channel: r.channel,
        category: r.category,
        ...(r.category_text !== null
          ? { categoryText: viewer.role === 'merchant' ? maskPhoneNumbersInText(r.category_text) : r.category_text }
          : {}),
        ...(r.merchant_id ? { merchantId: r.merchant_id } : {}),
        text: viewer.role === 'merchant' ? maskPhoneNumbersInText(r.text) : r.text,
        registeredOn: r.registered_on,
        registeredAt: r.registered_at.toISOString(),
      }),
    );
  }
}
