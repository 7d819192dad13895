import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  FormCallbackCorrected,
  FormCertificationReassessed,
  FormFiled,
  FormForged,
  FormIssued,
  FormOverdue,
  FormRatingReplaced,
  FormReportedMissing,
  FormRescheduled,
  FormSelfConfirmed,
  FormVerified,
  FormVoided,
} from '@fd/contracts';
import {
  acrossMalls,
  CommandMetadata,
  CONFIG,
  EventStore,
  handleCommand,
  integrationEvent,
  OutboxMessage,
  SERVICE_SCHEMA,
  StoredEvent,
} from '@fd/platform';
import { FormCommand, FormEvent, formDecider, FormIdentity, FormState } from '@fd/forms-domain';
import { verificationCode } from './verification-code';
import { confirmationToken } from '@fd/forms-domain';
import type { FormsConfig } from '../forms.config';

export const formStreamId = (serial: string) => `form-${serial}`;

type KnownForm = Exclude<FormState, { status: 'unissued' }>;

/** A stream that has just taken events holds an issued form. */
function known(s: FormState): KnownForm {
  if (s.status === 'unissued') throw new Error('a form stream with events must hold an issued form');
  return s;
}

/** The integration event that announces a form's domain event on forms.v1; null for an event that stays inside. */
function announce(e: FormEvent, s: KnownForm, meta: CommandMetadata): OutboxMessage | null {
  const ref = { serial: s.form.serial, merchantId: s.form.merchantId, plannedDate: s.form.plannedDate };
  // found by a callback or by the customer's own confirmation
  const by = (d: { callbackId: string } | { selfConfirmedAt: string }) =>
    'callbackId' in d ? { callbackId: d.callbackId } : { selfConfirmedAt: d.selfConfirmedAt };
  switch (e.type) {
    case 'FormIssued': {
      const f = e.data;
      return integrationEvent(
        FormIssued,
        {
          ...ref,
          purchaseId: f.purchaseId,
          cardNo: f.cardNo,
          serviceType: f.serviceType,
          visit: f.visit,
          dueDate: f.dueDate,
          issuedAt: f.issuedAt,
        },
        meta,
      );
    }
    case 'FormFiled': {
      const { rating, staffId, staffCertified, uncertifiedReason, servicedOn, filedAt, late } = e.data;
      return integrationEvent(
        FormFiled,
        { ...ref, rating, staffId, staffCertified, ...(uncertifiedReason ? { uncertifiedReason } : {}), servicedOn, filedAt, late },
        meta,
      );
    }
    case 'FormCertificationReassessed': {
      const { staffId, staffCertified, uncertifiedReason } = e.data;
      return integrationEvent(
        FormCertificationReassessed,
        { ...ref, staffId, staffCertified, ...(uncertifiedReason ? { uncertifiedReason } : {}) },
        meta,
      );
    }
    case 'FilingCodeRejected':
      return null; // the administration's audit of this service; no other service needs it
    case 'FormPrinted':
    case 'FormOriginalAttached':
      return null; // the form's own trail: shown from this service (the originals to the penalty case's page too), needed by no other
    case 'FormVoided':
      return integrationEvent(FormVoided, { ...ref, reason: e.data.reason }, meta);
    case 'FormOverdue':
      return integrationEvent(FormOverdue, { ...ref, dueDate: e.data.dueDate }, meta);
    case 'FormVerified':
      return integrationEvent(FormVerified, { ...ref, ...by(e.data) }, meta);
    case 'FormRatingReplaced':
      return integrationEvent(
        FormRatingReplaced,
        { ...ref, previousRating: e.data.previousRating, rating: e.data.rating, ...by(e.data) },
        meta,
      );
    case 'FormForged':
      return integrationEvent(FormForged, { ...ref, cause: e.data.cause, ...by(e.data) }, meta);
    case 'FormSelfConfirmed': {
      const { rating, comment, at } = e.data;
      return integrationEvent(FormSelfConfirmed, { ...ref, rating, ...(comment ? { comment } : {}), confirmedAt: at }, meta);
    }
    case 'FormReportedMissing':
      return integrationEvent(FormReportedMissing, { ...ref, callbackId: e.data.callbackId }, meta);
    case 'FormCallbackCorrected': {
      const { attempt: _attempt, ...corrected } = e.data;
      return integrationEvent(FormCallbackCorrected, { ...ref, ...corrected }, meta);
    }
    case 'FormRescheduled':
      return integrationEvent(
        FormRescheduled,
        {
          ...ref,
          plannedDate: e.data.plannedDate,
          previousPlannedDate: e.data.previousPlannedDate,
          dueDate: e.data.dueDate,
          callbackId: e.data.callbackId,
        },
        meta,
      );
    default: {
      const unknown: never = e;
      throw new Error(`no integration event for ${JSON.stringify(unknown)}`);
    }
  }
}

/** Writes the form's row of the read model from its state, in the transaction of its events. */
async function saveForm(m: EntityManager, schema: string, s: KnownForm, token: string): Promise<void> {
  const f = s.form;
  const filing = s.status === 'filed' ? s.filing : undefined;
  const voiding = s.status === 'voided' ? s.voiding : undefined;
  const row: Record<string, unknown> = {
    serial: f.serial,
    purchase_id: f.purchaseId,
    card_no: f.cardNo,
    merchant_id: f.merchantId,
    service_type: f.serviceType,
    visit: f.visit,
    request_id: f.requestId ?? null,
    planned_date: f.plannedDate,
    due_date: f.dueDate,
    return_days: f.returnDays,
    issued_at: f.issuedAt,
    status: s.status,
    rating: filing?.rating ?? null,
    staff_id: filing?.staffId ?? null,
    staff_certified: filing?.staffCertified ?? null,
    uncertified_reason: filing?.uncertifiedReason ?? null,
    serviced_on: filing?.servicedOn ?? null,
    filed_at: filing?.filedAt ?? null,
    late: filing?.late ?? null,
    comment: filing?.comment ?? null,
    void_reason: voiding?.reason ?? null,
    voided_at: voiding?.voidedAt ?? null,
    overdue_at: s.overdueAt ?? null,
    verified: s.verified,
    forged: s.forged,
    reported_missing: s.reportedMissing,
    wrong_codes: s.wrongCodes,
    confirm_token: token,
    self_confirmed_at: s.selfConfirmation?.at ?? null,
    self_rating: s.selfConfirmation?.rating ?? null,
  };
  const columns = Object.keys(row);
  await m.query(
    `INSERT INTO "${schema}".forms (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (serial) DO UPDATE SET ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
    Object.values(row),
  );
}

/** Keeps each wrong verification code in the administration's list, in the transaction of its event. */
async function saveCodeRejections(m: EntityManager, schema: string, stored: StoredEvent<FormEvent>[], s: KnownForm): Promise<void> {
  for (const e of stored) {
    if (e.type !== 'FilingCodeRejected') continue;
    const r = e.data as Extract<FormEvent, { type: 'FilingCodeRejected' }>['data'];
    await m.query(
      `INSERT INTO "${schema}".wrong_verification_codes (id, serial, merchant_id, user_id, username, role, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.metadata.eventId, s.form.serial, s.form.merchantId, e.metadata.actor.id, r.username, r.role, r.at],
    );
  }
}

/** Runs commands on form streams: decide, append, announce on forms.v1 and update the read model in one transaction. */
@Injectable()
export class FormStreams {
  /** The key of the codes' MACs (FORM_CODE_KEY). */
  private readonly key: string;
  /** How many wrong verification codes lock a form's filing for all but an administrator (FILING_MAX_WRONG_CODES). */
  readonly maxWrongCodes: number;
  readonly decider: ReturnType<typeof formDecider>;

  constructor(
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CONFIG) config: FormsConfig,
  ) {
    this.key = config.FORM_CODE_KEY;
    this.maxWrongCodes = config.FILING_MAX_WRONG_CODES;
    this.decider = formDecider((f) => this.codeOf(f), { maxWrongCodes: this.maxWrongCodes });
  }

  codeOf(form: FormIdentity): string {
    return verificationCode(form, this.key);
  }

  /** The token of the form's self-confirmation link (printed under its QR code). */
  tokenOf(serial: string): string {
    return confirmationToken(serial, this.key);
  }

  /** The form as its events make it now (no lock taken). */
  async state(m: EntityManager, serial: string): Promise<FormState> {
    const past = await this.store.readStream<FormEvent>(m, formStreamId(serial));
    return past.reduce((s, e) => this.decider.evolve(s, { type: e.type, data: e.data } as FormEvent), this.decider.initialState());
  }

  /**
   * Gives every form issued before links existed its token, a batch at a time (at start; the
   * read model's other rows get theirs with their next event).
   */
  async giveTokens(ds: DataSource): Promise<number> {
    return acrossMalls(() => this.giveTokensEverywhere(ds)); // the old forms of whichever mall
  }

  private async giveTokensEverywhere(ds: DataSource): Promise<number> {
    let given = 0;
    for (;;) {
      const rows: Array<{ serial: string }> = await ds.query(
        `SELECT serial FROM "${this.schema}".forms WHERE confirm_token IS NULL ORDER BY serial LIMIT 500`,
      );
      if (!rows.length) return given;
      for (const { serial } of rows)
        await ds.query(`UPDATE "${this.schema}".forms SET confirm_token = $2 WHERE serial = $1`, [serial, this.tokenOf(serial)]);
      given += rows.length;
    }
  }

  handle(tx: DataSource | EntityManager, serial: string, command: FormCommand, meta: CommandMetadata) {
    const { store, schema } = this;
    return handleCommand(store, schema, tx, {
      streamId: formStreamId(serial),
      streamType: 'form',
      decider: this.decider,
      command,
      meta,
      publish: (events, state) => events.flatMap((e) => announce(e, known(state), meta) ?? []),
      project: async (m, stored, state) => {
        await saveForm(m, schema, known(state), this.tokenOf(serial));
        await saveCodeRejections(m, schema, stored, known(state));
      },
    });
  }

  /**
   * Takes the form stream's row lock until the transaction ends, so commands of one form
   * that take it are decided one after the other, each on the events of the one before
   * (two wrong codes at once are counted one after the other, never both under the limit).
   * An unknown serial has no row; its command is refused as unknown anyway.
   */
  async lock(m: EntityManager, serial: string): Promise<void> {
    await m.query(`SELECT 1 FROM "${this.schema}".streams WHERE stream_id = $1 FOR UPDATE`, [formStreamId(serial)]);
  }
}
