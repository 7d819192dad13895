import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CallbackAttemptRecorded, CallbackClosed, CallbackOpened, CallbackOutcomeCorrected } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, OutboxMessage, SERVICE_SCHEMA, StoredEvent } from '@fd/platform';
import { FormCallbacksCommand, FormCallbacksEvent, formCallbacksDecider, formCallbacksStreamId } from '@fd/callbacks-domain';

/**
 * Runs a command on the callback tasks of one form: its events, their integration events
 * (callbacks.v1) and the `callbacks` read model commit in one transaction.
 */
@Injectable()
export class FormCallbacksStream {
  constructor(
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  run(dsOrTx: DataSource | EntityManager, serial: string, command: FormCallbacksCommand, meta: CommandMetadata) {
    return handleCommand(this.store, this.schema, dsOrTx, {
      streamId: formCallbacksStreamId(serial),
      streamType: 'form-callbacks',
      decider: formCallbacksDecider,
      command,
      meta,
      publish: (events) => events.flatMap((e) => toIntegrationEvents(e, meta)),
      project: (m, stored) => project(m, this.schema, stored),
    });
  }
}

function toIntegrationEvents(e: FormCallbacksEvent, meta: CommandMetadata): OutboxMessage[] {
  switch (e.type) {
    case 'CallbackOpened': {
      const { callbackId, serial, merchantId, reason } = e.data;
      return [integrationEvent(CallbackOpened, { callbackId, serial, merchantId, reason }, meta)];
    }
    case 'CallbackAttemptRecorded':
      return [integrationEvent(CallbackAttemptRecorded, e.data, meta)];
    case 'CallbackClosed': {
      const { callbackId, serial, merchantId, result } = e.data;
      return [integrationEvent(CallbackClosed, { callbackId, serial, merchantId, result }, meta)];
    }
    case 'CallbackWithdrawn':
      return []; // no callback outcome fits, and a voided form counts nowhere
    case 'CallbackOutcomeCorrected': {
      const { correctedAt: _correctedAt, ...payload } = e.data;
      return [integrationEvent(CallbackOutcomeCorrected, payload, meta)];
    }
  }
}

async function project(m: EntityManager, schema: string, stored: StoredEvent<FormCallbacksEvent>[]): Promise<void> {
  const t = `"${schema}".callbacks`;
  for (const s of stored) {
    const e = { type: s.type, data: s.data } as FormCallbacksEvent;
    switch (e.type) {
      case 'CallbackOpened':
        await m.query(`INSERT INTO ${t} (id, serial, merchant_id, reason, status, opened_at) VALUES ($1, $2, $3, $4, 'open', $5)`, [
          e.data.callbackId,
          e.data.serial,
          e.data.merchantId,
          e.data.reason,
          e.data.openedAt,
        ]);
        break;
      case 'CallbackAttemptRecorded': {
        const { callbackId, serial: _serial, merchantId: _merchantId, ...attempt } = e.data;
        await m.query(`UPDATE ${t} SET attempts = attempts || $2::jsonb WHERE id = $1`, [callbackId, JSON.stringify([attempt])]);
        break;
      }
      case 'CallbackClosed':
        await m.query(`UPDATE ${t} SET status = 'closed', result = $2, closed_at = $3 WHERE id = $1`, [
          e.data.callbackId,
          e.data.result,
          e.data.closedAt,
        ]);
        break;
      case 'CallbackWithdrawn':
        await m.query(`UPDATE ${t} SET status = 'closed', result = 'form_voided', closed_at = $2 WHERE id = $1`, [
          e.data.callbackId,
          e.data.withdrawnAt,
        ]);
        break;
      case 'CallbackOutcomeCorrected': {
        const { reason, correctedOn, correctedAt } = e.data;
        await m.query(`UPDATE ${t} SET correction = $2::jsonb WHERE id = $1`, [
          e.data.callbackId,
          JSON.stringify({ reason, correctedOn, correctedAt }),
        ]);
        break;
      }
    }
  }
}
