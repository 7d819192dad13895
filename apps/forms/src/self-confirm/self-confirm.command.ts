import { createHash, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { equalInConstantTime, maskPhone } from '@fd/kernel';
import type { Rating } from '@fd/contracts';
import {
  acrossMalls,
  enterMall,
  Clock,
  CLOCK,
  CommandMetadata,
  CONFIG,
  ConflictProblem,
  NotFoundProblem,
  policyInForce,
  RuleProblem,
  SERVICE_SCHEMA,
} from '@fd/platform';
import { selfConfirmationClosure } from '@fd/forms-domain';
import { SelfConfirmationPage, selfConfirmationCodeSent } from '@fd/api';
import { FormStreams } from '../form/form-streams';
import type { FormsConfig } from '../forms.config';
import { AttemptBuckets } from './attempt-buckets';
import { SMS_SENDER, SmsSender } from './sms-sender';
import { TOKEN_SHAPE } from '@fd/forms-domain';

/** A one-time code works this long, and takes this many wrong tries before it is gone. */
const CODE_MINUTES = 10;
const CODE_TRIES = 5;

const hashOf = (serial: string, code: string) => createHash('sha256').update(`${serial}:${code}`).digest('hex');

interface FormRow {
  serial: string;
  purchase_id: string;
  merchant_id: string;
  service_type: SelfConfirmationPage['serviceType'];
  visit: number;
  planned_date: string;
  due_date: string;
  phone: string | null;
  merchant_name: string | null;
  merchant_number: string | null;
}

function linkNotFound(): never {
  throw new NotFoundProblem(
    'SELF_CONFIRMATION_NOT_FOUND',
    'This link does not lead to any form. Check the link printed under the QR code.',
  );
}

/**
 * The customer's own confirmation of a form, on the public page of its link (docs/rules.md, "The
 * customer's own confirmation"): who they are is proved by the last 4 digits of the purchase's
 * phone and then a one-time code sent to it by SMS; the confirmation itself is the form's
 * decider's (SelfConfirm). Every try is counted per form and per client address first.
 */
@Injectable()
export class SelfConfirmations {
  private readonly daysAfterDue: number;

  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CONFIG) config: FormsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    private readonly streams: FormStreams,
    private readonly buckets: AttemptBuckets,
  ) {
    this.daysAfterDue = config.SELF_CONFIRMATION_DAYS;
  }

  private async find(token: string): Promise<FormRow> {
    if (!TOKEN_SHAPE.test(token)) linkNotFound();
    const s = this.schema;
    // a public link has no caller to name its mall: the form it points at does (tokens are unique everywhere)
    const [own]: Array<{ mall_id: string }> = await acrossMalls(() =>
      this.ds.query(`SELECT mall_id FROM "${s}".forms WHERE confirm_token = $1`, [token]),
    );
    if (!own) linkNotFound();
    enterMall(own.mall_id);
    const rows: FormRow[] = await this.ds.query(
      `SELECT f.serial, f.purchase_id, f.merchant_id, f.service_type, f.visit,
              to_char(f.planned_date, 'YYYY-MM-DD') AS planned_date, to_char(f.due_date, 'YYYY-MM-DD') AS due_date,
              p.phone, m.name AS merchant_name, m.number AS merchant_number
         FROM "${s}".forms f
         LEFT JOIN "${s}".purchase_phones p ON p.purchase_id = f.purchase_id
         LEFT JOIN "${s}".merchants m ON m.merchant_id = f.merchant_id
        WHERE f.confirm_token = $1`,
      [token],
    );
    return rows[0] ?? linkNotFound();
  }

  /** What the page shows: the service and where it stands, nothing of the customer but the masked phone. */
  async page(token: string): Promise<SelfConfirmationPage> {
    const f = await this.find(token);
    const now = await this.clock.now();
    const { timeZone } = await policyInForce(this.ds.manager, this.schema);
    const state = await this.streams.state(this.ds.manager, f.serial);
    const closure = selfConfirmationClosure(state, now, timeZone, this.daysAfterDue);
    const own = state.status !== 'unissued' ? state.selfConfirmation : undefined;
    return {
      serial: f.serial,
      serviceType: f.service_type,
      visit: f.visit,
      plannedDate: f.planned_date,
      dueDate: f.due_date,
      ...(f.merchant_name ? { merchantName: f.merchant_name } : {}),
      ...(f.merchant_number ? { merchantNumber: f.merchant_number } : {}),
      ...(f.phone ? { phone: maskPhone(f.phone) } : {}),
      state: own ? 'confirmed' : closure ? 'closed' : f.phone ? 'open' : 'unavailable',
      ...(own ? { confirmedAt: own.at, rating: own.rating } : {}),
    };
  }

  /** The customer typed the phone's last 4 digits: right, a new one-time code goes to the phone (the one before stops working). */
  async sendCode(token: string, phoneLast4: string, address: string): Promise<z.infer<typeof selfConfirmationCodeSent>> {
    const f = await this.find(token);
    await this.buckets.take(f.serial, address);
    const page = await this.page(token);
    this.assertOpen(page);
    const phone = f.phone!;
    const digits = phone.replace(/\D/g, '');
    if (!equalInConstantTime(digits.slice(-4), phoneLast4))
      throw new RuleProblem(
        'WRONG_PHONE_DIGITS',
        'These are not the last 4 digits of the phone registered with the purchase; no code was sent.',
      );
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = await this.clock.now();
    const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000);
    await this.ds.query(
      `INSERT INTO "${this.schema}".one_time_codes (serial, code_hash, expires_at, tries) VALUES ($1, $2, $3, 0)
       ON CONFLICT (serial) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, tries = 0`,
      [f.serial, hashOf(f.serial, code), expiresAt],
    );
    await this.sms.send(phone, `【客服中心】您的確認碼是 ${code}，${CODE_MINUTES} 分鐘內有效。請勿告訴他人。`);
    return { sentTo: maskPhone(phone), expiresAt: expiresAt.toISOString() };
  }

  /** The customer typed the code and rated the service: the form takes FormSelfConfirmed (and what it means). */
  async confirm(
    token: string,
    input: { code: string; rating: Rating; comment?: string },
    address: string,
    meta: Omit<CommandMetadata, 'now'>,
  ): Promise<SelfConfirmationPage> {
    const f = await this.find(token);
    await this.buckets.take(f.serial, address);
    this.assertOpen(await this.page(token));
    const now = await this.clock.now();
    let confirmed = false;
    await this.ds.transaction(async (m) => {
      const rows: Array<{ code_hash: string; expires_at: Date; tries: number }> = await m.query(
        `SELECT code_hash, expires_at, tries FROM "${this.schema}".one_time_codes WHERE serial = $1 FOR UPDATE`,
        [f.serial],
      );
      const held = rows[0];
      const right = held && held.expires_at.getTime() >= now.getTime() && equalInConstantTime(held.code_hash, hashOf(f.serial, input.code));
      if (!right) {
        if (held)
          await m.query(
            held.tries + 1 >= CODE_TRIES
              ? `DELETE FROM "${this.schema}".one_time_codes WHERE serial = $1`
              : `UPDATE "${this.schema}".one_time_codes SET tries = tries + 1 WHERE serial = $1`,
            [f.serial],
          );
        return;
      }
      await m.query(`DELETE FROM "${this.schema}".one_time_codes WHERE serial = $1`, [f.serial]);
      await this.streams.lock(m, f.serial);
      const { timeZone } = await policyInForce(m, this.schema);
      await this.streams.handle(
        m,
        f.serial,
        { type: 'SelfConfirm', serial: f.serial, ...input, now, timeZone, daysAfterDue: this.daysAfterDue },
        { ...meta, now },
      );
      confirmed = true;
    });
    if (!confirmed)
      throw new RuleProblem(
        'WRONG_ONE_TIME_CODE',
        'This code is wrong or no longer works (a code works for 10 minutes, and only the last one sent). Check the SMS, or ask for a new code.',
      );
    return this.page(token);
  }

  private assertOpen(page: SelfConfirmationPage): void {
    if (page.state === 'confirmed')
      throw new ConflictProblem('ALREADY_SELF_CONFIRMED', 'This form was already confirmed by the customer; a form is confirmed once.');
    if (page.state === 'closed') throw new RuleProblem('SELF_CONFIRMATION_CLOSED', 'This form can no longer be confirmed here.');
    if (page.state === 'unavailable')
      throw new RuleProblem(
        'SELF_CONFIRMATION_UNAVAILABLE',
        'This form cannot be confirmed online: the desk has no phone for it. The desk may call you back instead.',
      );
  }
}
