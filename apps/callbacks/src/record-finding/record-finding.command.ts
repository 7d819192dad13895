import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { FindingRecorded } from '@fd/contracts';
import { CommandMetadata, EventStore, handleCommand, integrationEvent, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { findingDecider, findingStreamId } from '@fd/callbacks-domain';
import { assertMerchantKnown } from '../upstream/merchants.table';
import { recordFindingRequest } from './record-finding.request';

export type RecordFindingInput = z.infer<typeof recordFindingRequest> & { findingId: string };

export interface FindingRecordedAnswer {
  id: string;
}

/** A service performed with no form at all (docs/rules.md#6-callback): scoring opens the penalty case. */
@Injectable()
export class RecordFindingHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async handle({ findingId, ...input }: RecordFindingInput, meta: CommandMetadata): Promise<FindingRecordedAnswer> {
    const { ds, schema } = this;
    await assertMerchantKnown(ds.manager, schema, input.merchantId);
    const { timeZone } = await policyInForce(ds.manager, schema);
    await handleCommand(this.store, schema, ds, {
      streamId: findingStreamId(findingId),
      streamType: 'finding',
      decider: findingDecider,
      command: { type: 'RecordFinding', findingId, ...input, now: meta.now, timeZone },
      meta,
      publish: (events) =>
        events.map(({ data: { recordedAt: _recordedAt, ...payload } }) => integrationEvent(FindingRecorded, payload, meta)),
      project: async (m, stored) => {
        for (const { data: f } of stored)
          await m.query(
            `INSERT INTO "${schema}".findings (id, merchant_id, kind, serviced_on, purchase_id, note, recorded_on, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [f.findingId, f.merchantId, f.kind, f.servicedOn ?? null, f.purchaseId ?? null, f.note, f.recordedOn, f.recordedAt],
          );
      },
    });
    return { id: findingId };
  }
}
