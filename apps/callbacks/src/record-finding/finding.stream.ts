import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { FindingRecorded, FindingWithdrawn } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, OutboxMessage, SERVICE_SCHEMA, StoredEvent } from '@fd/platform';
import { FindingCommand, findingDecider, FindingEvent, findingStreamId } from '@fd/callbacks-domain';

/** Runs a command on one finding: its events, their integration events (callbacks.v1) and the `findings` read model in one transaction. */
@Injectable()
export class FindingStream {
  constructor(
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  run(dsOrTx: DataSource | EntityManager, findingId: string, command: FindingCommand, meta: CommandMetadata) {
    return handleCommand(this.store, this.schema, dsOrTx, {
      streamId: findingStreamId(findingId),
      streamType: 'finding',
      decider: findingDecider,
      command,
      meta,
      publish: (events) => events.flatMap((e) => toIntegrationEvents(e, meta)),
      project: (m, stored) => project(m, this.schema, stored),
    });
  }
}

function toIntegrationEvents(e: FindingEvent, meta: CommandMetadata): OutboxMessage[] {
  switch (e.type) {
    case 'FindingRecorded': {
      const { recordedAt: _recordedAt, ...payload } = e.data;
      return [integrationEvent(FindingRecorded, payload, meta)];
    }
    case 'FindingWithdrawn': {
      const { withdrawnAt: _withdrawnAt, ...payload } = e.data;
      return [integrationEvent(FindingWithdrawn, payload, meta)];
    }
  }
}

async function project(m: EntityManager, schema: string, stored: StoredEvent<FindingEvent>[]): Promise<void> {
  for (const s of stored) {
    const e = { type: s.type, data: s.data } as FindingEvent;
    switch (e.type) {
      case 'FindingRecorded': {
        const f = e.data;
        await m.query(
          `INSERT INTO "${schema}".findings (id, merchant_id, kind, serviced_on, purchase_id, card_no, serial, note, recorded_on, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            f.findingId,
            f.merchantId,
            f.kind,
            // the day the finding is dated by: the service's, or the sale's for a sale kept from the desk
            f.servicedOn ?? f.purchasedOn ?? null,
            f.purchaseId ?? null,
            f.cardNo ?? null,
            f.serial ?? null,
            f.note,
            f.recordedOn,
            f.recordedAt,
          ],
        );
        break;
      }
      case 'FindingWithdrawn': {
        const { reason, withdrawnOn, withdrawnAt } = e.data;
        await m.query(`UPDATE "${schema}".findings SET withdrawal = $2::jsonb WHERE id = $1`, [
          e.data.findingId,
          JSON.stringify({ reason, withdrawnOn, withdrawnAt }),
        ]);
        break;
      }
    }
  }
}
