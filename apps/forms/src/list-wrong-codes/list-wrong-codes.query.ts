import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { pageOf, SERVICE_SCHEMA } from '@fd/platform';
import { FormStreams } from '../form/form-streams';
import { listWrongCodesRequest } from './list-wrong-codes.request';

interface WrongCodeRow {
  id: string;
  serial: string;
  merchant_id: string;
  user_id: string;
  username: string;
  role: string;
  at: Date;
  form_status: string;
  wrong_codes: number;
}

/**
 * The administration's list of filings refused for a wrong verification code (who, which
 * form, when), newest first, with where each form stands now: locked forms wait for an
 * administrator to file them.
 */
@Injectable()
export class WrongCodes {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly streams: FormStreams,
  ) {}

  async list(q: z.infer<typeof listWrongCodesRequest>) {
    const args: unknown[] = [];
    const param = (v: unknown) => `$${args.push(v)}`;
    const where: string[] = [];
    if (q.serial) where.push(`w.serial = ${param(q.serial)}`);
    if (q.cursor) where.push(`(w.at, w.id) < (${param(q.cursor.at)}::timestamptz, ${param(q.cursor.id)}::uuid)`);
    const rows: WrongCodeRow[] = await this.ds.query(
      `SELECT w.id, w.serial, w.merchant_id, w.user_id, w.username, w.role, w.at, f.status AS form_status, f.wrong_codes
         FROM "${this.schema}".wrong_verification_codes w JOIN "${this.schema}".forms f ON f.serial = w.serial
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY w.at DESC, w.id DESC LIMIT ${param(q.limit + 1)}`,
      args,
    );
    const waiting = (status: string) => status === 'issued' || status === 'overdue';
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.at, id: r.id }),
      (r) => ({
        id: r.id,
        serial: r.serial,
        merchantId: r.merchant_id,
        userId: r.user_id,
        username: r.username,
        role: r.role,
        at: r.at.toISOString(),
        formStatus: r.form_status,
        formWrongCodes: r.wrong_codes,
        filingLocked: waiting(r.form_status) && r.wrong_codes >= this.streams.maxWrongCodes,
      }),
    );
  }
}
